"""Request Tracker 5: our own signed webhook scrip in, REST2 out.

One package per vendor: `webhook.py` (verify, parse, split, de-duplicate), `client.py`
(the API: tickets, users, reassignment, notices) and `install.py` (webhook and app install).
The vendor key `rt` also names mappings/rt.yaml, tests/fixtures/rt/ and its entry
in manifest.yaml.
"""

from __future__ import annotations

from connector.adapters.helpdesks.rt.install import RtInstall
from connector.adapters.helpdesks.rt.webhook import RtWebhook


class RtAdapter(RtWebhook, RtInstall):
    """The Request Tracker adapter: the inbound webhook, the API client and install, composed."""


__all__ = ["RtAdapter"]
