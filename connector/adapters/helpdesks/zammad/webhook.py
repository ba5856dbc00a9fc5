"""Zammad: the inbound webhook (verify, parse, split, de-duplicate)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.helpdesks.base import HelpdeskAdapter, WebhookRequest
from connector.adapters.signatures import verify_zammad


class ZammadWebhook(HelpdeskAdapter):
    """Zammad: the inbound webhook (verify, parse, split, de-duplicate)."""

    # -- inbound ---------------------------------------------------------------------------
    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None:
        # No timestamp in Zammad's scheme: replays are caught by the X-Zammad-Delivery dedup.
        verify_zammad(req.headers, req.body, [s.reveal() for s in self.config.webhook_secrets])

    def dedup_key(self, req: WebhookRequest, payload: Any) -> str:
        # The ActiveJob id: the same for every retry of one trigger execution.
        delivery = req.headers.get("x-zammad-delivery")
        if delivery:
            return f"delivery:{delivery}"
        return super().dedup_key(req, payload)
