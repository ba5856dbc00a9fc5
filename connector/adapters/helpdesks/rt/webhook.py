"""Request Tracker: the inbound webhook (verify, parse, split, de-duplicate)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.helpdesks.base import HelpdeskAdapter, WebhookRequest
from connector.adapters.signatures import standard_key, verify_standard
from connector.config import HelpdeskConfig
from connector.errors import SignatureError


class RtWebhook(HelpdeskAdapter):
    """Request Tracker: the inbound webhook (verify, parse, split, de-duplicate)."""

    # -- inbound ---------------------------------------------------------------------------
    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None:
        verify_standard(
            req.headers, req.body, [s.reveal() for s in self.config.webhook_secrets], now, tolerance
        )

    def dedup_key(self, req: WebhookRequest, payload: Any) -> str:
        # webhook-id is "rt-<transaction id>": one per RT transaction (the scrip never retries).
        msg_id = req.headers.get("webhook-id")
        return f"webhook-id:{msg_id}" if msg_id else super().dedup_key(req, payload)

    @classmethod
    def secret_problems(cls, config: HelpdeskConfig) -> list[str]:
        """Stand-in's RT scrip signs with Standard Webhooks: each secret must be ``whsec_``
        and base64 (padding may be left out)."""
        out = []
        for i, secret in enumerate(config.webhook_secrets):
            where = f"helpdesks.{config.key}.webhook_secrets[{i}]"
            if not secret.reveal().startswith("whsec_"):
                out.append(f"{where}: not a Standard Webhooks secret (whsec_ followed by base64)")
                continue
            try:
                standard_key(secret.reveal())
            except SignatureError:
                out.append(f"{where}: the part after whsec_ is not base64")
        return out
