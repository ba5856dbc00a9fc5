"""POST /webhooks/<helpdesk>: verify, persist, 202. Processing happens in the worker.

This one endpoint is answered by a plain WSGI handler (``WebhookGate``) in front of the Flask
app, not by a Flask view. It is the endpoint under load — every ticket change of every
helpdesk arrives here — and Flask's per-request frame (request context, URL map, hooks,
``Response`` object, ``ensure_sync`` checks) cost more CPU than verifying and storing the
webhook itself: measured in ``bench/ingest.py`` and written down in the README. The gate gives
the same answers the rest of the app gives: the one error shape (``errors.error_body``),
``X-Request-Id`` and ``nosniff`` on every answer, 413 above ``max_body_bytes``, 503 with
``Retry-After`` when the database is down. Everything else goes on to Flask untouched.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from werkzeug.exceptions import ClientDisconnected, HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import get_content_length, get_current_url

from connector import in_flight
from connector.domain.helpdesk import WebhookRequest
from connector.errors import NotFound, PayloadError, SignatureError
from connector.logs import new_request_id, request_id
from connector.web.errors import (
    DATABASE_DOWN,
    DATABASE_DOWN_MESSAGE,
    DB_RETRY_AFTER_SECONDS,
    error_body,
    http_error,
)
from connector.wiring import Services

log = logging.getLogger(__name__)

PREFIX = "/webhooks/"
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Answer = tuple[int, bytes, list[tuple[str, str]]]


class WebhookGate:
    """WSGI middleware: ``/webhooks/<helpdesk>`` here, every other path to ``next_app``."""

    def __init__(self, next_app: WSGIApp, services: Services):
        self.next_app = next_app
        self.services = services
        self.metrics = services.metrics
        self.max_body = services.config.max_body_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        # PEP 3333 hands the path over as latin-1; werkzeug's routing decodes it as UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        helpdesk = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
        if not helpdesk or "/" in helpdesk:
            return self.next_app(environ, start_response)
        rid = new_request_id(environ.get("HTTP_X_REQUEST_ID"))
        token = request_id.set(rid)
        try:
            if environ.get("REQUEST_METHOD") == "POST":
                with in_flight.answering_webhook():
                    status, body, headers = self._receive(helpdesk, environ)
            else:
                status, body, headers = _error(405, "method_not_allowed", "use POST")
                headers.append(("Allow", "POST"))
        finally:
            request_id.reset(token)
        if status == 413:  # the rest of the body is not read: the connection cannot be reused
            headers.append(("Connection", "close"))
        headers += [
            ("Content-Length", str(len(body))),
            ("X-Request-Id", rid),
            ("X-Content-Type-Options", "nosniff"),
        ]
        start_response(_STATUS_LINES[status], headers)
        return [body]

    def _receive(self, helpdesk: str, environ: dict[str, Any]) -> Answer:
        """The webhook's whole life here: every outcome becomes an answer, none escapes."""
        svc, metrics = self.services, self.metrics
        try:
            if helpdesk not in svc.helpdesks:
                metrics.rejected(helpdesk, "unknown_helpdesk")
                return _error(404, "not_found", f"unknown helpdesk {helpdesk!r}")
            body = read_body(environ, self.max_body)
            req = WebhookRequest(
                method="POST",
                url=lambda: self._signed_url(environ),
                headers=headers_of(environ),
                body=body,
            )
            try:
                result = svc.ingest.accept(helpdesk, req)
            except SignatureError as exc:
                metrics.rejected(helpdesk, "signature")
                return _error(401, "bad_signature", str(exc))
            except PayloadError as exc:
                metrics.rejected(helpdesk, "payload")
                return _error(400, "bad_payload", str(exc))
        except NotFound as exc:
            return _error(404, "not_found", str(exc))
        except HTTPException as exc:  # 413, or 400 for a client that hung up mid-body
            return _error(*http_error(exc, self.max_body))
        except DATABASE_DOWN as exc:
            # Nothing was stored: say so and when to come back. Helpdesks retry on 503.
            log.warning("database unavailable: %s", type(exc).__name__)
            status, body, headers = _error(503, "database_unavailable", DATABASE_DOWN_MESSAGE)
            headers.append(("Retry-After", str(DB_RETRY_AFTER_SECONDS)))
            return status, body, headers
        except Exception:
            log.exception("unhandled error")
            return _error(500, "internal_error", "internal error; see the server log")
        not_stored = result.not_stored()
        metrics.received(helpdesk, len(result.accepted), result.duplicates, not_stored)
        # The answer counts every event acknowledged without being stored as "ignored" (ignored
        # and unknown types alike); the metric's result label tells the two apart.
        body = (
            f'{{"accepted": {len(result.accepted)}, "duplicates": {result.duplicates}, '
            f'"ignored": {sum(not_stored.values())}}}\n'
        ).encode()
        return 202, body, [("Content-Type", "application/json")]

    def _signed_url(self, environ: dict[str, Any]) -> str:
        """The URL as the vendor called it (HubSpot signs it); behind a proxy, public_url says."""
        public = self.services.config.public_url
        if not public:
            return get_current_url(environ)
        query = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8", "replace")
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        return public.rstrip("/") + path + (f"?{query}" if query else "")


def read_body(environ: dict[str, Any], limit: int) -> bytes:
    """The request body, or RequestEntityTooLarge (413) when it is longer than ``limit``.

    With a Content-Length, exactly that many bytes (a body cut short is werkzeug's 400). A body
    the server ends itself (chunked) is read to one byte past the limit: werkzeug's
    ``LimitedStream`` would silently cut it at the limit instead, and the cut body then failed
    its signature check (401) rather than being called too large.
    """
    length = get_content_length(environ)
    if length is not None and length > limit:
        raise RequestEntityTooLarge()
    if length is None and not environ.get("wsgi.input_terminated"):
        return b""  # no length and nobody to end the stream: werkzeug's safe fallback
    want = limit + 1 if length is None else length
    stream, parts, size = environ["wsgi.input"], [], 0
    while size < want:
        part = stream.read(want - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > limit:
        raise RequestEntityTooLarge()
    if length is not None and size < length:
        raise ClientDisconnected()
    return b"".join(parts)


def _error(status: int, code: str, message: str) -> Answer:
    body = json.dumps(error_body(status, code, message), separators=(",", ":")) + "\n"
    return status, body.encode(), [("Content-Type", "application/json")]


_STATUS_LINES = {s.value: f"{s.value} {s.phrase}" for s in HTTPStatus}


def headers_of(environ: dict[str, Any]) -> dict[str, str]:
    """The request headers with lower-cased names, read straight from the WSGI environment
    (werkzeug's header view rebuilds every name in title case first: a few percent of a
    webhook's CPU)."""
    out = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k[:5] == "HTTP_"}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            out[key.replace("_", "-").lower()] = environ[key]
    return out
