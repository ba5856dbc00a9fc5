"""POST /webhooks/<helpdesk>: verify, persist, 202. Processing happens in the worker."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from connector.adapters.helpdesks.base import WebhookRequest
from connector.errors import NotFound, PayloadError, SignatureError
from connector.web.context import services

bp = Blueprint("webhooks", __name__)


def _signed_url() -> str:
    """The URL as the vendor called it (HubSpot signs it); behind a proxy, public_url says."""
    public = services().config.public_url
    if not public:
        return request.url
    query = request.query_string.decode()
    return public.rstrip("/") + request.path + (f"?{query}" if query else "")


@bp.post("/webhooks/<helpdesk>")
def receive(helpdesk: str) -> Any:
    svc = services()
    metrics = _metrics()
    if helpdesk not in svc.helpdesks:
        metrics.rejected(helpdesk, "unknown_helpdesk")
        raise NotFound(f"unknown helpdesk {helpdesk!r}")
    req = WebhookRequest(
        method=request.method,
        url=_signed_url,
        headers=_headers(request.environ),
        body=request.get_data(cache=False),
    )
    try:
        result = svc.ingest.accept(helpdesk, req)
    except SignatureError:
        metrics.rejected(helpdesk, "signature")
        raise
    except PayloadError:
        metrics.rejected(helpdesk, "payload")
        raise
    metrics.received(helpdesk, len(result.accepted), result.duplicates, len(result.ignored))
    body = (
        f'{{"accepted": {len(result.accepted)}, "duplicates": {result.duplicates}, '
        f'"ignored": {len(result.ignored)}}}\n'
    )
    return Response(body, 202, mimetype="application/json")


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request headers with lower-cased names, read straight from the WSGI environment
    (werkzeug's header view rebuilds every name in title case first: a few percent of a
    webhook's CPU)."""
    out = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k[:5] == "HTTP_"}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            out[key.replace("_", "-").lower()] = environ[key]
    return out


def _metrics() -> Any:
    from flask import current_app

    return current_app.extensions["standin_metrics"]
