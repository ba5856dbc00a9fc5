"""A generic target: the entry as signed JSON (Standard Webhooks) to the customer's endpoint."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from connector.adapters.hr.base import HrTarget
from connector.adapters.hr.config import HrConfig
from connector.adapters.hr.document import HrDocument
from connector.adapters.signatures import sign_standard, standard_key
from connector.domain.contact_log import entry_to_dict
from connector.errors import SignatureError


class WebhookTarget(HrTarget):
    system = "webhook"

    @classmethod
    def http_options(cls, config: HrConfig) -> dict[str, Any]:
        return {"base_url": config.url}

    @classmethod
    def secret_problems(cls, config: HrConfig) -> list[str]:
        secret = config.credentials.get("secret")
        if secret is None:
            return []
        try:
            standard_key(secret.reveal())
        except SignatureError:
            return ["hr.credentials.secret: not a Standard Webhooks secret (whsec_ and base64)"]
        return []

    def payload(self, doc: HrDocument, now: dt.datetime) -> bytes:
        entry = entry_to_dict(doc.entry)
        entry.pop("source_ref", None)  # names a helpdesk event; nothing the HR file needs
        body = {
            "type": self.mapping.get("event_type", "contact_log.entry"),
            "timestamp": now.isoformat(),
            "data": {
                "entry": entry,
                "title": doc.title,
                "text": doc.text,
                "file_name": doc.file_name,
                "pdf_base64": base64.b64encode(doc.pdf).decode(),
            },
        }
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()

    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        body = self.payload(doc, now)
        ts = int(now.timestamp())
        # The entry id is the message id: receivers de-duplicate retries on webhook-id.
        headers = {
            "Content-Type": "application/json",
            "webhook-id": doc.entry.id,
            "webhook-timestamp": str(ts),
            "webhook-signature": sign_standard(self.secret("secret"), doc.entry.id, ts, body),
        }
        resp = self.http.request("POST", "", data=body, headers=headers)
        return f"webhook {resp.status_code}"
