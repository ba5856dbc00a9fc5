"""Zammad: trigger webhooks in, REST API (``/api/v1``) out. See tests/fixtures/zammad/SOURCES.md.

One package per vendor: `webhook.py` (verify, parse, split, de-duplicate), `client.py`
(the API: tickets, users, reassignment, notices) and `install.py` (webhook and app install).
The vendor key `zammad` also names mappings/zammad.yaml, tests/fixtures/zammad/ and its entry
in manifest.yaml.
"""

from __future__ import annotations

from connector.adapters.helpdesks.zammad.install import ZammadInstall
from connector.adapters.helpdesks.zammad.webhook import ZammadWebhook


class ZammadAdapter(ZammadWebhook, ZammadInstall):
    """The zammad adapter: the inbound webhook, the API client and install, composed."""


__all__ = ["ZammadAdapter"]
