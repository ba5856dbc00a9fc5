"""A small base for local fake vendor APIs: a ThreadingHTTPServer on 127.0.0.1:0 that counts
every call per route and can refuse calls with 429 (a rate limit, a burst, or on cue).

Each vendor module (``fake_freshdesk``, ``fake_hubspot``, ``fake_zammad``, ``fake_rt``)
subclasses ``FakeVendor`` with that vendor's routes and payload shapes, in the style of
``tests/fake_zendesk.py``. ``fail_at(n, route)`` returns Retry-After seconds to refuse the
n-th request on cue; ``per_minute`` enforces a limit like the vendor's, per ``window_seconds``
(60 by default; HubSpot counts per 10 s, and benchmarks shrink the window to run fast).
"""

from __future__ import annotations

import collections
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support import serve_in_thread

Answer = tuple[int, Any, dict[str, str]]


@dataclass
class Call:
    method: str
    route: str
    status: int
    query: dict[str, list[str]] = field(default_factory=dict)
    body: Any = None


class FakeVendor:
    #: (pattern, replacement) pairs turning a path into a route name for counting.
    route_names: tuple[tuple[str, str], ...] = ((r"/\d+(?=/|$)", "/{id}"),)

    def __init__(
        self,
        *,
        per_minute: int | None = None,
        fail_at: Callable[[int, str], float | None] | None = None,
        window_seconds: float = 60.0,
    ):
        self.calls: list[Call] = []
        #: ``lose_answer(method, route)`` → "reset" or "502": the call is carried out, then
        #: its answer is lost (the connection is cut, or a gateway answers 502 instead).
        self.lose_answer: Callable[[str, str], str | None] | None = None
        self.per_minute = per_minute
        self.window_seconds = window_seconds
        self.fail_at = fail_at
        self.window: collections.deque[float] = collections.deque()
        self.lock = threading.RLock()
        self.counter = itertools.count(1)
        self.server: ThreadingHTTPServer | None = None

    # -- what a vendor module provides -----------------------------------------------------
    def authorized(self, headers: Any) -> bool:
        return bool(headers.get("Authorization"))

    def unauthorized(self) -> Answer:
        return 401, {"message": "Unauthorized"}, {}

    def too_many(self, wait: float) -> Answer:
        return 429, {"message": "Too many requests"}, {"Retry-After": _seconds(wait)}

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        raise NotImplementedError

    def refuse(self, method: str, url: str, headers: Any, raw: bytes) -> Answer | None:
        """An answer refusing a request the vendor's published rules refuse (None: none).

        Vendors with a published API document check every request against it here.
        """
        return None

    def owned_by(self, agent: Any, *, unsolved: bool = True) -> list[int]:
        """The ids of the tickets ``agent`` owns (only the unsolved ones by default)."""
        raise NotImplementedError

    # -- counting --------------------------------------------------------------------------
    def route_of(self, path: str) -> str:
        for pattern, repl in self.route_names:
            path = re.sub(pattern, repl, path)
        return path

    def count(self, route: str, method: str | None = None) -> int:
        return sum(1 for c in self.calls if c.route == route and method in (None, c.method))

    def ok_calls(self) -> list[Call]:
        return [c for c in self.calls if c.status < 400]

    # -- server ----------------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self, "GET")

            def do_PUT(self) -> None:  # noqa: N802
                fake._handle(self, "PUT")

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self, "POST")

            def do_PATCH(self) -> None:  # noqa: N802
                fake._handle(self, "PATCH")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        serve_in_thread(self.server)
        return self.url

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def _limited(self, number: int, route: str) -> float | None:
        if self.fail_at is not None:
            forced = self.fail_at(number, route)
            if forced is not None:
                return forced
        if self.per_minute:
            now = time.monotonic()
            span = self.window_seconds
            while self.window and self.window[0] <= now - span:
                self.window.popleft()
            if len(self.window) >= self.per_minute:
                return max(0.001, self.window[0] + span - now)
            self.window.append(now)
        return None

    def _handle(self, req: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(req.path)
        query = parse_qs(parts.query)
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        route = self.route_of(parts.path)
        with self.lock:
            number = next(self.counter)
            refused = self.refuse(method, req.path, req.headers, raw)
            if not self.authorized(req.headers):
                status, payload, headers = self.unauthorized()
            elif refused is not None:
                status, payload, headers = refused
            else:
                wait = self._limited(number, route)
                if wait is not None:
                    status, payload, headers = self.too_many(wait)
                else:
                    status, payload, headers = self.route(method, parts.path, query, body)
            lost = self.lose_answer(method, route) if self.lose_answer is not None else None
            if lost == "502":
                status, payload, headers = 502, "Bad Gateway", {}
            self.calls.append(Call(method, route, status, query, body))
        if lost == "reset":
            req.close_connection = True
            req.wfile.flush()
            req.connection.shutdown(socket.SHUT_RDWR)
            return
        data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        req.send_response(status)
        ctype = "text/plain" if isinstance(payload, str) else "application/json"
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            req.send_header(k, v)
        req.end_headers()
        req.wfile.write(data)


def first(query: dict[str, list[str]], name: str, default: str = "") -> str:
    return query.get(name, [default])[0]


def _seconds(wait: float) -> str:
    return str(int(wait + 0.999)) if wait >= 1 else f"{wait:.3f}"
