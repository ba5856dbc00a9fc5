"""HubSpot: the inbound webhook (verify, parse, split, de-duplicate)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from connector.adapters.helpdesks.base import HelpdeskAdapter, IncomingEvent, WebhookRequest
from connector.adapters.signatures import verify_hubspot_v3
from connector.errors import PayloadError


def _occurred_ms(event: dict[str, Any]) -> float:
    value = event.get("occurredAt")
    return float(value) if isinstance(value, int | float) else 0.0


class HubSpotWebhook(HelpdeskAdapter):
    """HubSpot: the inbound webhook (verify, parse, split, de-duplicate)."""

    # -- inbound ---------------------------------------------------------------------------
    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None:
        # req.url is the URL as HubSpot called it (config public_url behind a proxy).
        verify_hubspot_v3(
            req.headers,
            req.method,
            req.url,
            req.body,
            [s.reveal() for s in self.config.webhook_secrets],
            now,
            tolerance,
        )

    def split(self, req: WebhookRequest, payload: Any) -> list[IncomingEvent]:
        """One inbox row per event of the batch (HubSpot sends up to 100 per request)."""
        if not isinstance(payload, list) or not all(isinstance(e, dict) for e in payload):
            raise PayloadError("body must be a JSON array of HubSpot events")
        # Batches arrive out of order; process in the order things happened.
        ordered = sorted(payload, key=_occurred_ms)
        return [
            IncomingEvent(
                self.dedup_key(req, event),
                self.mapping.event_type(event, req.headers),
                json.dumps(event, sort_keys=True),
            )
            for event in ordered
        ]

    def dedup_key(self, req: WebhookRequest, payload: Any) -> str:
        """eventId alone is not unique; attemptNumber changes on retries and is left out."""
        parts = [
            str(payload.get(k, ""))
            for k in ("portalId", "subscriptionId", "objectId", "eventId", "occurredAt")
        ]
        if payload.get("propertyName") is not None:
            value = json.dumps(payload.get("propertyValue"))
            parts += [str(payload["propertyName"]), hashlib.sha256(value.encode()).hexdigest()[:16]]
        if payload.get("messageId") is not None:
            parts.append(str(payload["messageId"]))
        return "hubspot:" + ":".join(parts)
