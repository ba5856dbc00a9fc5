"""A small, fast fake Zendesk API on 127.0.0.1 for load tests and benchmarks.

It answers exactly what a reroute needs (users/me, users/search, tickets/<id>, users/<id>,
group_memberships, PUT tickets/<id>) and records the arrival time of each PUT per ticket.
Every ticket is open, in group 360001, requested by customer 7001 and assigned to the
employee (9001) until a PUT moves it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from connector.domain.periods import Period
from tests.support import zendesk_ticket_created

ME_ID = 9000
EMPLOYEE = {"id": 9001, "email": "alice@example.com", "name": "Alice Example"}
REPLACEMENT = {"id": 9002, "email": "bob@example.com", "name": "Bob Example"}
CUSTOMER_ID = 7001
GROUP_ID = 360001

_TICKET = re.compile(r"^/api/v2/tickets/(\d+)\.json$")
_USER = re.compile(r"^/api/v2/users/(\d+)\.json$")
_MEMBERSHIPS = re.compile(r"^/api/v2/users/(\d+)/group_memberships\.json$")


class FakeZendesk:
    """Start with ``start()``; ``url`` is its base URL; ``puts`` maps ticket id → PUT times."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.puts: dict[str, list[float]] = {}
        self.assignee: dict[str, int] = {}
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                owner._count()
                url = urlparse(self.path)
                status, body = owner.get(url.path, parse_qs(url.query))
                self._send(status, body)

            def do_PUT(self) -> None:  # noqa: N802
                arrived = time.time()
                owner._count()
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                status, body = owner.put(urlparse(self.path).path, payload, arrived)
                self._send(status, body)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that hang up (servers stopping) are not our concern

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeZendesk:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _count(self) -> None:
        with self.lock:
            self.requests += 1

    def put_counts(self) -> dict[str, int]:
        with self.lock:
            return {k: len(v) for k, v in self.puts.items()}

    # -- routes ------------------------------------------------------------------------------
    def get(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if path == "/api/v2/users/me.json":
            return 200, {"user": {"id": ME_ID, "name": "Stand-in", "role": "admin"}}
        if path == "/api/v2/users/search.json":
            wanted = query.get("query", [""])[0].removeprefix("email:").lower()
            users = [
                {**u, "role": "agent", "suspended": False}
                for u in (EMPLOYEE, REPLACEMENT)
                if u["email"] == wanted
            ]
            return 200, {"users": users, "count": len(users)}
        if m := _TICKET.match(path):
            tid = m.group(1)
            with self.lock:
                assignee = self.assignee.get(tid, EMPLOYEE["id"])
            return 200, {
                "ticket": {
                    "id": int(tid),
                    "assignee_id": assignee,
                    "requester_id": CUSTOMER_ID,
                    "group_id": GROUP_ID,
                    "status": "open",
                    "priority": "normal",
                    "tags": [],
                    "subject": f"Question {tid}",
                }
            }
        if m := _MEMBERSHIPS.match(path):
            rows = [{"user_id": int(m.group(1)), "group_id": GROUP_ID, "default": True}]
            return 200, {"group_memberships": rows, "count": 1}
        if m := _USER.match(path):
            uid = int(m.group(1))
            return 200, {
                "user": {
                    "id": uid,
                    "name": "Daan de Vries",
                    "email": f"customer{uid}@example.org",
                    "locale": "nl",
                    "role": "end-user",
                }
            }
        return 404, {"error": "RecordNotFound"}

    def put(self, path: str, payload: Any, arrived: float) -> tuple[int, Any]:
        m = _TICKET.match(path)
        if not m:
            return 404, {"error": "RecordNotFound"}
        tid = m.group(1)
        assignee = int(payload["ticket"]["assignee_id"])
        with self.lock:
            self.puts.setdefault(tid, []).append(arrived)
            self.assignee[tid] = assignee
        return 200, {"ticket": {"id": int(tid), "assignee_id": assignee, "group_id": GROUP_ID}}


def employee_period(starts_at: dt.datetime, ends_at: dt.datetime) -> Period:
    """A period that reroutes this fake's employee to its replacement (both agents it knows)."""
    return Period(
        id=None,
        helpdesk="acme",
        employee_email=EMPLOYEE["email"],
        employee_id=str(EMPLOYEE["id"]),
        employee_name=EMPLOYEE["name"],
        replacement_email=REPLACEMENT["email"],
        replacement_id=str(REPLACEMENT["id"]),
        replacement_name=REPLACEMENT["name"],
        starts_at=starts_at,
        ends_at=ends_at,
        timezone="Europe/Amsterdam",
    )


def ticket_created(ticket_id: int, event_id: str) -> bytes:
    """A signed-body-ready Zendesk ``ticket.created`` event for a ticket owned by the employee."""
    return zendesk_ticket_created(
        ticket_id,
        assignee=int(EMPLOYEE["id"]),
        requester=CUSTOMER_ID,
        group=GROUP_ID,
        event_id=event_id,
        time="2026-11-22T10:00:00Z",
    )
