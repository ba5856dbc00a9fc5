"""Zendesk Support: event webhooks in, Tickets API out.

One package per vendor: `webhook.py` (verify, parse, split, de-duplicate), `client.py`
(the API: tickets, users, reassignment, notices) and `install.py` (webhook and app install).
The vendor key `zendesk` also names mappings/zendesk.yaml, tests/fixtures/zendesk/ and its entry
in manifest.yaml.
"""

from __future__ import annotations

from connector.adapters.helpdesks.zendesk.install import ZendeskInstall
from connector.adapters.helpdesks.zendesk.webhook import ZendeskWebhook


class ZendeskAdapter(ZendeskWebhook, ZendeskInstall):
    """The zendesk adapter: the inbound webhook, the API client and install, composed."""


__all__ = ["ZendeskAdapter"]
