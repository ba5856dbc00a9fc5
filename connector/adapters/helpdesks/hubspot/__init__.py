"""HubSpot tickets: webhooks v3 (batched, signed) in, CRM and Conversations APIs out.

One package per vendor: `webhook.py` (verify, parse, split, de-duplicate), `client.py`
(the API: tickets, users, reassignment, notices) and `install.py` (webhook and app install).
The vendor key `hubspot` also names mappings/hubspot.yaml, tests/fixtures/hubspot/ and its entry
in manifest.yaml.
"""

from __future__ import annotations

from connector.adapters.helpdesks.hubspot.install import HubSpotInstall
from connector.adapters.helpdesks.hubspot.webhook import HubSpotWebhook


class HubSpotAdapter(HubSpotWebhook, HubSpotInstall):
    """The hubspot adapter: the inbound webhook, the API client and install, composed."""


__all__ = ["HubSpotAdapter"]
