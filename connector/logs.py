"""Structured JSON logs with a request id (or event id) on every line.

Secrets never reach a log line: configuration objects hide them in their repr, the HTTP
client's errors carry only method and path, and customer message bodies are not logged.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
import re
from typing import Any

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message"}


def new_request_id(given: str | None = None) -> str:
    """Use the caller's X-Request-Id when it is short and plain; otherwise make one."""
    if given and len(given) <= 64 and all(c.isalnum() or c in "-_." for c in given):
        return given
    return os.urandom(16).hex()  # as random as uuid4().hex, at a fraction of its cost


# Query parameters whose values are kept in logs: the connector's own harmless filters. Every
# other value is blanked whatever its name (token, api_key, access_token, sig, code, ...).
SAFE_QUERY_PARAMETERS = frozenset(
    {"helpdesk", "lang", "status", "page", "per_page", "limit", "offset", "kind", "variant", "week"}
)
REDACTED = "***"
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^\s/?#@\"'<>]+@")
_QUERY = re.compile(r"(?<=[^\s?])\?(?P<query>[^\s#\"'<>\\]+)")


def _redact_query(match: re.Match[str]) -> str:
    parts = []
    for item in re.split(r"([&;])", match["query"]):
        if item in ("&", ";", ""):
            parts.append(item)
            continue
        name, eq, _value = item.partition("=")
        safe = eq and name.lower() in SAFE_QUERY_PARAMETERS
        parts.append(item if safe else f"{name}={REDACTED}" if eq else REDACTED)
    return "?" + "".join(parts)


def redact_urls(text: str) -> str:
    """``text`` with every URL's credentials blanked: userinfo (``user:pass@``) and every
    query value except the connector's own harmless filters, whatever the parameter's name."""
    if "?" not in text and "@" not in text:
        return text
    return _QUERY.sub(_redact_query, _USERINFO.sub(rf"\g<scheme>{REDACTED}@", text))


class RedactingFormatter(logging.Formatter):
    """The plain-text format, with credentials blanked from every URL in the line."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_urls(super().format(record))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact_urls(self._format(record))

    def _format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool) else str(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup(level: str = "info", *, json_lines: bool = True) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter()
        if json_lines
        else RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.INFO))


def gunicorn_logger_class() -> type:
    """Gunicorn's logger with credentials blanked from the access log's request line, query
    string and referer (gunicorn logs ``GET /ui?token=... HTTP/1.1`` as sent)."""
    from gunicorn.glogging import Logger

    class RedactingGunicornLogger(Logger):
        def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> Any:
            atoms = super().atoms(resp, req, environ, request_time)
            for key in ("r", "q", "f", "U"):
                value = atoms.get(key)
                if isinstance(value, str) and value not in ("", "-"):
                    atoms[key] = redact_urls(value if key != "q" else f"/?{value}")
                    if key == "q":
                        atoms[key] = atoms[key][2:]
            return atoms

    return RedactingGunicornLogger


def honour_connection_close() -> None:
    """Make gunicorn honour an application's ``Connection: close`` (it drops hop-by-hop
    headers and said ``keep-alive`` on a 413 whose unread body it then closed on): the
    answer says ``close`` and the connection is closed after it."""
    from gunicorn.http import wsgi

    original = wsgi.Response.process_headers
    if getattr(original, "_standin", False):
        return

    def process_headers(self: Any, headers: Any) -> None:
        original(self, headers)
        if any(n.lower() == "connection" and v.strip().lower() == "close" for n, v in headers):
            self.force_close()

    process_headers._standin = True  # type: ignore[attr-defined]
    wsgi.Response.process_headers = process_headers
