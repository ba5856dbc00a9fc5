"""Freshdesk: automation-rule webhooks in (our own template), API v2 out.

One package per vendor: `webhook.py` (verify, parse, split, de-duplicate), `client.py`
(the API: tickets, users, reassignment, notices) and `install.py` (webhook and app install).
The vendor key `freshdesk` also names mappings/freshdesk.yaml, tests/fixtures/freshdesk/ and
its entry
in manifest.yaml.
"""

from __future__ import annotations

from connector.adapters.helpdesks.freshdesk.install import FreshdeskInstall
from connector.adapters.helpdesks.freshdesk.webhook import FreshdeskWebhook


class FreshdeskAdapter(FreshdeskWebhook, FreshdeskInstall):
    """The freshdesk adapter: the inbound webhook, the API client and install, composed."""


__all__ = ["FreshdeskAdapter"]
