"""Freshdesk: the inbound webhook (verify, parse, split, de-duplicate)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from connector.adapters.helpdesks.base import HelpdeskAdapter, IncomingEvent, WebhookRequest
from connector.adapters.helpdesks.freshdesk.client import install_spec
from connector.adapters.signatures import verify_shared_secret
from connector.errors import PayloadError

_TOKEN = re.compile(r"[{}:,]|[^{}:,]+")


def parse_triggered_event(text: Any) -> dict[str, Any]:
    """``{responder_id:{from:1,to:2}}`` → ``{"responder_id": {"from": "1", "to": "2"}}``.

    Freshdesk renders ``{{triggered_event}}`` as a Ruby-ish hash with unquoted keys and values
    (not JSON). Anything that does not parse gives ``{}``: the ticket is read from the API.
    """
    if not isinstance(text, str) or not text.strip().startswith("{"):
        return {}
    tokens = [t.strip() for t in _TOKEN.findall(text) if t.strip()]
    pos = 0

    def value() -> Any:
        nonlocal pos
        if pos < len(tokens) and tokens[pos] == "{":
            return obj()
        if pos < len(tokens) and tokens[pos] not in "{}:,":
            pos += 1
            return tokens[pos - 1]
        return ""  # an empty value, e.g. {from:,to:5}

    def obj() -> dict[str, Any]:
        nonlocal pos
        out: dict[str, Any] = {}
        pos += 1  # "{"
        while pos < len(tokens) and tokens[pos] != "}":
            key = tokens[pos]
            if pos + 1 >= len(tokens) or tokens[pos + 1] != ":":
                raise ValueError(key)
            pos += 2
            out[key] = value()
            if pos < len(tokens) and tokens[pos] == ",":
                pos += 1
        if pos >= len(tokens):
            raise ValueError("unclosed")
        pos += 1  # "}"
        return out

    try:
        return obj()
    except (ValueError, IndexError):
        return {}


_SALVAGE = {
    "rule": re.compile(r'"rule"\s*:\s*"([A-Za-z0-9_-]+)"'),
    "id": re.compile(r'"id"\s*:\s*"?(\d+)"?'),
    "triggered_event": re.compile(r'"triggered_event"\s*:\s*"(\{[^"\n]*\})"'),
}


class FreshdeskWebhook(HelpdeskAdapter):
    """Freshdesk: the inbound webhook (verify, parse, split, de-duplicate)."""

    # -- inbound ---------------------------------------------------------------------------
    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None:
        """Constant-time compare against every configured secret (several during rotation)."""
        header = str(install_spec(self.mapping).get("secret_header", "X-Standin-Secret")).lower()
        verify_shared_secret(
            req.headers, [s.reveal() for s in self.config.webhook_secrets], header=header
        )

    def parse(self, req: WebhookRequest) -> Any:
        """JSON, or — when a placeholder broke it — the fields that identify the event.

        ``strict=False`` admits raw newlines inside strings (comments are inserted as text).
        An unescaped double quote cannot be repaired; the salvaged payload carries rule, ticket
        id and ``triggered_event`` (which precede the comments in our template) and is marked
        ``salvaged`` so nobody mistakes its missing comment for an empty one.
        """
        try:
            return json.loads(req.body, strict=False)
        except RecursionError:
            raise PayloadError("body is not valid JSON: nested too deeply") from None
        except (ValueError, UnicodeDecodeError) as exc:
            error = exc
        text = req.body.decode("utf-8", errors="replace")
        found = {k: rx.search(text) for k, rx in _SALVAGE.items()}
        if not found["rule"] or not found["id"]:
            raise PayloadError(f"body is not valid JSON: {error}")
        return {
            "standin": {"rule": found["rule"].group(1)},
            "ticket": {"id": found["id"].group(1)},
            "triggered_event": found["triggered_event"].group(1)
            if found["triggered_event"]
            else "",
            "salvaged": True,
        }

    def split(self, req: WebhookRequest, payload: Any) -> list[IncomingEvent]:
        if not isinstance(payload, dict):
            raise PayloadError("body must be a JSON object")
        payload = dict(payload)
        payload["parsed_event"] = parse_triggered_event(payload.get("triggered_event"))
        etype = self.mapping.event_type(payload, req.headers)
        return [IncomingEvent(self.dedup_key(req, payload), etype, json.dumps(payload))]

    def dedup_key(self, req: WebhookRequest, payload: Any) -> str:
        """Freshdesk sends no delivery id, so the key is a hash of what identifies the event.

        Retries (after 5, 30 and 60 minutes; deferred ones up to 24 h later) resend the same
        rendered text. Of that text, these parts name the event and stay the same across
        retries: the rule (``standin.rule``), the ticket id, ``triggered_event`` (for an
        assignment it holds both agent ids) and the latest public and private comment (they
        tell two replies, or two notes, apart). Labels such as status or agent name are left
        out: they describe the ticket, not the event. No timestamp is used because the template
        has none: no ``updated_at``-style placeholder is attested in Freshdesk's own list
        (``{{ticket.modified_on}}`` appears only in third-party scripts — add it to the
        template and to this key once verified on a real account).

        Consequence: two genuinely identical events (same rule, ticket, change and comments —
        e.g. the same agent assigned the same ticket twice with nothing said in between) are
        merged. That is safe for rerouting — each event is checked against the ticket as it is
        now, and the reconciliation sweep finds what a merged event missed — and a duplicate
        that slips through is harmless for the same reason (the notice is exactly-once).
        A salvaged (invalid JSON) body is keyed on its raw bytes, which retries repeat.
        """
        if not isinstance(payload, dict) or payload.get("salvaged"):
            return "sha256:" + hashlib.sha256(req.body).hexdigest()
        ticket = payload.get("ticket")
        ticket = ticket if isinstance(ticket, dict) else {}
        standin = payload.get("standin")
        standin = standin if isinstance(standin, dict) else {}
        parts = [
            str(standin.get("rule", "")),
            str(ticket.get("id", "")),
            str(payload.get("triggered_event", "")),
            str(payload.get("latest_public_comment", "")),
            str(payload.get("latest_private_comment", "")),
        ]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        return f"fd:{parts[1]}:{digest}"
