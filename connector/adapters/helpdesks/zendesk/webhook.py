"""Zendesk: the inbound webhook (verify, parse, split, de-duplicate)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.helpdesks.base import HelpdeskAdapter, WebhookRequest
from connector.adapters.signatures import verify_zendesk


class ZendeskWebhook(HelpdeskAdapter):
    """Zendesk: the inbound webhook (verify, parse, split, de-duplicate)."""

    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None:
        verify_zendesk(
            req.headers, req.body, [s.reveal() for s in self.config.webhook_secrets], now, tolerance
        )

    def dedup_key(self, req: WebhookRequest, payload: Any) -> str:
        # Event webhooks carry a UUID per event; trigger payloads have none, but the invocation
        # id header stays the same across Zendesk's retries of one invocation.
        if isinstance(payload, dict) and payload.get("id") and payload.get("type"):
            return f"event:{payload['id']}"
        inv = req.headers.get("x-zendesk-webhook-invocation-id")
        if inv:
            return f"invocation:{inv}"
        return super().dedup_key(req, payload)
