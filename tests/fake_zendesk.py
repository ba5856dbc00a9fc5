"""A local HTTP server speaking the part of Zendesk's API the connector uses, counting calls.

Search with pagination (100 a page, ``next_page``, the 1,000-result cap), ``update_many`` as a
background job polled at ``/job_statuses``, single ticket show/update, comments, users and
group memberships. It can enforce a rate limit (requests per minute, answered with 429 and
``Retry-After`` like Zendesk) and inject 429 bursts. ``time_scale`` shrinks the minute (0.1: a
6-second "minute"), so benchmarks run fast; Retry-After is scaled the same way (fractional).
Used by the integration tests and ``bench/start_move.py``.

Faults on cue (tests/test_faults.py, tests/test_crashes.py): ``faults(method, route, ticket,
nth)`` returns a ``Fault`` (or None) for the nth call (1-based) of that method on that path.
A fault answers 429/500/502/503, resets the connection, holds past the client's timeout,
sends its body slowly, or sends a body that is not JSON. By default a PUT is applied before
an ambiguous fault (5xx other than 503, reset, timeout, slow or garbage answer), as a real
server that did the work and then lost the answer; 429 and 503 refuse before doing it.
``delay`` slows every answer (a vendor under load). Every applied assignment is recorded per
ticket in ``assignments``; notices are the public comments in ``comments``.

Load mode (``FakeZendesk.for_load()``: the PostgreSQL scale tests and the benchmarks): every
ticket id answers as an open ticket of the employee (``EMPLOYEE``) in group 360001 requested by
``CUSTOMER_ID`` (search finds none of them: Zendesk indexes new tickets minutes later), every
unknown user id as a customer, connections are kept alive, and
``puts`` records the arrival time of each ticket PUT. This is the only fake Zendesk.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import re
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from connector.domain.periods import Period
from tests.support import serve_in_thread, zendesk_ticket_created

BOT = 9000
SEARCH_CAP = 1000
ME_ID = BOT
EMPLOYEE = {"id": 9001, "email": "alice@example.com", "name": "Alice Example"}
REPLACEMENT = {"id": 9002, "email": "bob@example.com", "name": "Bob Example"}
CUSTOMER_ID = 7001
GROUP_ID = 360001


@dataclass
class Call:
    method: str
    route: str
    status: int
    query: dict[str, list[str]] = field(default_factory=dict)
    body: Any = None
    path: str = ""
    fault: str | None = None


FAULT_MODES = ("429", "500", "502", "503", "reset", "timeout", "slow_body", "garbage")


@dataclass(frozen=True)
class Fault:
    """One misbehaviour for one request. ``hold``: seconds a timeout holds the connection,
    or the time a slow body takes to arrive; ``applied``: whether a PUT takes effect first."""

    mode: str
    retry_after: float | None = None
    hold: float = 1.0
    applied: bool | None = None

    def __post_init__(self) -> None:
        assert self.mode in FAULT_MODES, self.mode

    @property
    def applies_change(self) -> bool:
        return self.applied if self.applied is not None else self.mode not in ("429", "503")


FaultCue = Callable[[str, str, int | None, int], Fault | None]


class FakeZendesk:
    def __init__(
        self,
        *,
        per_minute: int | None = None,
        time_scale: float = 1.0,
        burst_every: int = 0,
        burst_retry_after: float = 1.0,
        fail_at: Callable[[int, str], float | None] | None = None,
        job_polls: int = 1,
        faults: FaultCue | None = None,
        delay: float = 0.0,
        any_id: bool = False,
    ):
        self.tickets: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.memberships: dict[int, list[int]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
        self.jobs: dict[str, dict[str, Any]] = {}
        self.calls: list[Call] = []
        self.per_minute = per_minute
        self.time_scale = time_scale
        self.burst_every = burst_every
        self.burst_retry_after = burst_retry_after
        self.fail_at = fail_at  # (request number, route) -> Retry-After seconds, or None
        self.job_polls = job_polls
        self.faults = faults
        self.delay = delay
        self.seen: collections.Counter[tuple[str, str]] = collections.Counter()
        self.assignments: dict[int, list[int | None]] = collections.defaultdict(list)
        self.window: collections.deque[float] = collections.deque()
        self.lock = threading.RLock()
        self.counter = itertools.count(1)
        self.add_user(BOT, "Stand-in", "standin-bot@example.com", "admin")
        self.server: ThreadingHTTPServer | None = None
        #: Load mode: any ticket or user id answers; connections are kept alive.
        self.any_id = any_id
        #: ticket id → arrival times (time.time()) of its PUTs.
        self.puts: dict[str, list[float]] = {}
        if any_id:
            for person in (EMPLOYEE, REPLACEMENT):
                self.add_user(int(person["id"]), str(person["name"]), str(person["email"]))

    @classmethod
    def for_load(cls) -> FakeZendesk:
        """Started, in load mode (see the module's docstring)."""
        fake = cls(any_id=True)
        fake.start()
        return fake

    @property
    def requests(self) -> int:
        return len(self.calls)

    @property
    def assignee(self) -> dict[str, int | None]:
        """ticket id → its assignee now, for the tickets that were PUT."""
        with self.lock:
            return {tid: self.tickets[int(tid)]["assignee_id"] for tid in self.puts}

    def put_counts(self) -> dict[str, int]:
        with self.lock:
            return {k: len(v) for k, v in self.puts.items()}

    # -- data ------------------------------------------------------------------------------
    def add_user(
        self, uid: int, name: str, email: str, role: str = "agent", locale: str = "nl"
    ) -> None:
        self.users[uid] = {
            "id": uid,
            "name": name,
            "email": email,
            "role": role,
            "locale": locale,
            "suspended": False,
        }

    def add_ticket(self, tid: int, assignee: int | None, **fields: Any) -> dict[str, Any]:
        t = {
            "id": tid,
            "assignee_id": assignee,
            "requester_id": 7001,
            "group_id": 360001,
            "status": "open",
            "priority": "normal",
            "tags": [],
            "subject": f"Ticket {tid}",
            "organization_id": None,
            "result_type": "ticket",
            **fields,
        }
        self.tickets[tid] = t
        return t

    def owned_by(self, agent: int, *, unsolved: bool = True) -> list[int]:
        return sorted(
            t["id"]
            for t in self.tickets.values()
            if t["assignee_id"] == agent
            and (not unsolved or t["status"] in ("new", "open", "pending", "hold"))
        )

    def count(self, route: str, method: str | None = None) -> int:
        return sum(1 for c in self.calls if c.route == route and (method in (None, c.method)))

    # -- server ----------------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Load mode keeps connections alive, as Zendesk does (every answer has a length).
            protocol_version = "HTTP/1.1" if fake.any_id else "HTTP/1.0"
            disable_nagle_algorithm = fake.any_id  # headers and body go out as separate writes

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_PUT(self) -> None:
                fake._handle(self, "PUT")

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that gave up (timeouts, resets on cue) are expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        serve_in_thread(self.server)
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def _limited(self, number: int, route: str) -> float | None:
        """Seconds for Retry-After when this request is refused, else None."""
        if self.fail_at is not None:
            forced = self.fail_at(number, route)
            if forced is not None:
                return forced
        if self.burst_every and number % self.burst_every == 0:
            return self.burst_retry_after * self.time_scale
        if self.per_minute:
            now = time.monotonic()
            minute = 60.0 * self.time_scale
            while self.window and self.window[0] <= now - minute:
                self.window.popleft()
            if len(self.window) >= self.per_minute:
                return max(0.001, self.window[0] + minute - now)
            self.window.append(now)
        return None

    def _handle(self, req: BaseHTTPRequestHandler, method: str) -> None:
        arrived = time.time()
        parts = urlsplit(req.path)
        query = parse_qs(parts.query)
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        route = re.sub(r"/job_statuses/[0-9a-f]+", "/job_statuses/{id}", parts.path)
        route = re.sub(r"/\d+(?=[/.])", "/{id}", route)
        ticket = re.match(r"/api/v2/tickets/(\d+)[/.]", parts.path)
        fault: Fault | None = None
        with self.lock:
            number = next(self.counter)
            self.seen[(method, parts.path)] += 1
            if self.faults is not None:
                fault = self.faults(
                    method,
                    route,
                    int(ticket.group(1)) if ticket else None,
                    self.seen[(method, parts.path)],
                )
            if not req.headers.get("Authorization", "").startswith("Basic "):
                status, payload, headers = 401, {"error": "Couldn't authenticate you"}, {}
            elif fault is not None and not fault.applies_change:
                status, payload, headers = 200, {}, {}
            else:
                wait = self._limited(number, route)
                if wait is not None:
                    status, headers = 429, {"Retry-After": _seconds(wait)}
                    payload = "Number of allowed API requests per minute exceeded"
                else:
                    status, payload, headers = self._route(method, parts.path, query, body)
            shown = status if fault is None else _fault_status(fault)
            if method == "PUT" and ticket and status == 200:
                self.puts.setdefault(ticket.group(1), []).append(arrived)
            self.calls.append(
                Call(method, route, shown, query, body, parts.path, fault and fault.mode)
            )
        if self.delay:
            time.sleep(self.delay)
        if fault is not None:
            self._misbehave(req, fault, payload)
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

    def _misbehave(self, req: BaseHTTPRequestHandler, fault: Fault, payload: Any) -> None:
        """Answer (or not) as the fault says, after the request has been handled or not."""
        mode = fault.mode
        if mode == "reset":  # RST instead of an answer
            req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            req.connection.close()
            req.close_connection = True
            return
        if mode == "timeout":  # nothing until the client has given up, then hang up
            time.sleep(fault.hold)
            req.close_connection = True
            return
        headers: dict[str, str] = {}
        if mode in ("slow_body", "garbage"):
            status = 200
            data = json.dumps(payload).encode() if not isinstance(payload, str) else b"{}"
            if mode == "garbage":
                data = b'{"ticket": {"id": 1, "assignee_id": <html>Bad Gateway</html>'
        else:
            status = int(mode)
            data = json.dumps({"error": f"fault {mode}", "description": "on cue"}).encode()
            if fault.retry_after is not None:
                headers["Retry-After"] = _seconds(fault.retry_after)
        req.send_response(status)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            req.send_header(k, v)
        req.end_headers()
        if mode != "slow_body":
            req.wfile.write(data)
            return
        pieces = 10
        step = max(1, len(data) // pieces + 1)
        for i in range(0, len(data), step):
            req.wfile.write(data[i : i + step])
            req.wfile.flush()
            time.sleep(fault.hold / pieces)

    def notices_per_requester(self) -> collections.Counter[int]:
        """Public comments (customer notices) per requester, over all tickets."""
        with self.lock:
            return collections.Counter(
                self.tickets[tid]["requester_id"]
                for tid, rows in self.comments.items()
                for c in rows
                if c.get("public", True)
            )

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        m = re.fullmatch(r"/api/v2/tickets/(\d+)\.json", path)
        if m:
            t = self.tickets.get(int(m.group(1)))
            if t is None and self.any_id:
                t = self.add_ticket(
                    int(m.group(1)), int(EMPLOYEE["id"]), subject=f"Question {m.group(1)}"
                )
            if t is None:
                return 404, {"error": "RecordNotFound", "description": "Not found"}, {}
            if method == "PUT":
                err = self._apply(t, body["ticket"])
                if err:
                    return 422, {"error": "RecordInvalid", "details": {"base": [err]}}, {}
            answer: dict[str, Any] = {"ticket": dict(t)}
            if method == "GET" and "users" in ",".join(query.get("include", [])).split(","):
                # Side-loading: the users the ticket names, beside it (Zendesk's `include`).
                named = (t.get("requester_id"), t.get("submitter_id"), t.get("assignee_id"))
                found = (self._user(uid) for uid in dict.fromkeys(u for u in named if u))
                answer["users"] = [u for u in found if u is not None]
            return 200, answer, {}
        m = re.fullmatch(r"/api/v2/tickets/(\d+)/comments\.json", path)
        if m:
            rows = sorted(self.comments[int(m.group(1))], key=lambda c: c["created_at"])
            if query.get("sort_order") == ["desc"]:
                rows.reverse()
            return 200, {"comments": rows, "next_page": None, "count": len(rows)}, {}
        if path == "/api/v2/search.json":
            if self.any_id:  # load mode: tickets made up on first read are never indexed yet
                return 200, {"results": [], "next_page": None, "count": 0}, {}
            return self._search(query)
        if path == "/api/v2/tickets/update_many.json" and method == "PUT":
            ids = [int(i) for i in query.get("ids", [""])[0].split(",") if i]
            if not ids or len(ids) > 100:
                return 400, {"error": "InvalidEndpoint", "description": "1 to 100 ids"}, {}
            job_id = uuid.uuid4().hex
            self.jobs[job_id] = {
                "ids": ids,
                "changes": body["ticket"],
                "polls": 0,
                "status": "queued",
                "results": None,
            }
            return 200, {"job_status": self._job(job_id)}, {}
        m = re.fullmatch(r"/api/v2/job_statuses/([0-9a-f]+)\.json", path)
        if m:
            job = self.jobs.get(m.group(1))
            if job is None:
                return 404, {"error": "RecordNotFound"}, {}
            job["polls"] += 1
            if job["status"] != "completed" and job["polls"] >= self.job_polls:
                job["results"] = self._run_job(job)
                job["status"] = "completed"
            elif job["status"] == "queued":
                job["status"] = "working"
            return 200, {"job_status": self._job(m.group(1))}, {}
        if path == "/api/v2/users/me.json":
            return 200, {"user": self.users[BOT]}, {}
        if path == "/api/v2/users/search.json":
            email = query.get("query", [""])[0].removeprefix("email:").lower()
            users = [u for u in self.users.values() if u["email"].lower() == email]
            return 200, {"users": users, "next_page": None, "count": len(users)}, {}
        m = re.fullmatch(r"/api/v2/users/(\d+)/group_memberships\.json", path)
        if m:
            uid = int(m.group(1))
            rows = [
                {"user_id": uid, "group_id": g, "default": i == 0}
                for i, g in enumerate(self.memberships.get(uid, [360001]))
            ]
            return 200, {"group_memberships": rows, "next_page": None}, {}
        m = re.fullmatch(r"/api/v2/users/(\d+)\.json", path)
        if m:
            u = self._user(int(m.group(1)))
            if u is None:
                return 404, {"error": "RecordNotFound"}, {}
            return 200, {"user": u}, {}
        return 404, {"error": "InvalidEndpoint"}, {}

    def _user(self, uid: int) -> dict[str, Any] | None:
        """A user by id; in load mode (``any_id``) every unknown id is a Dutch end user."""
        u = self.users.get(int(uid))
        if u is None and self.any_id:
            u = {
                "id": int(uid),
                "name": "Daan de Vries",
                "email": f"customer{uid}@example.org",
                "locale": "nl",
                "role": "end-user",
            }
        return u

    def _apply(self, t: dict[str, Any], changes: dict[str, Any]) -> str | None:
        assignee = changes.get("assignee_id", t["assignee_id"])
        group = changes.get("group_id", t["group_id"])
        in_group = group in self.memberships.get(int(assignee or 0), [360001])
        if assignee is not None and group is not None and not in_group:
            return "Assignee is not a member of the group"
        if "assignee_id" in changes:
            self.assignments[t["id"]].append(assignee)
        t["assignee_id"], t["group_id"] = assignee, group
        comment = changes.get("comment")
        if comment:
            self.comments[t["id"]].append(
                {
                    "id": next(self.counter),
                    "author_id": BOT,
                    "public": comment.get("public", True),
                    "body": comment.get("body") or comment.get("html_body"),
                    "created_at": "2099-01-01T00:00:00Z",
                }
            )
        return None

    def _run_job(self, job: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for tid in job["ids"]:
            t = self.tickets.get(tid)
            err = "TicketNotFound" if t is None else self._apply(t, job["changes"])
            if err:
                out.append({"id": tid, "success": False, "error": err, "status": "Failed"})
            else:
                out.append({"id": tid, "action": "update", "success": True, "status": "Updated"})
        return out

    def _job(self, job_id: str) -> dict[str, Any]:
        job = self.jobs[job_id]
        done = job["status"] == "completed"
        return {
            "id": job_id,
            "url": f"{self.url}/api/v2/job_statuses/{job_id}.json",
            "total": len(job["ids"]),
            "progress": len(job["ids"]) if done else None,
            "status": job["status"],
            "message": "Completed at 2027-01-04 09:00:00 +0000" if done else None,
            "results": job["results"],
        }

    def _search(self, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        q = query.get("query", [""])[0]
        per_page = min(100, int(query.get("per_page", ["100"])[0]))
        page = int(query.get("page", ["1"])[0])
        if (page - 1) * per_page >= SEARCH_CAP:
            return (
                422,
                {
                    "error": "invalid",
                    "description": "Requested response size was greater than Search Response "
                    "Limits",
                },
                {},
            )
        m = re.search(r"assignee:(\d+)", q)
        hits = [
            self.tickets[i]
            for i in (self.owned_by(int(m.group(1))) if m else sorted(self.tickets))
            if "status<solved" not in q
            or self.tickets[i]["status"] in ("new", "open", "pending", "hold")
        ]
        chunk = hits[(page - 1) * per_page : page * per_page]
        more = page * per_page < len(hits)
        nxt = None
        if more:
            params = {k: v[0] for k, v in query.items()} | {"page": str(page + 1)}
            nxt = f"{self.url}/api/v2/search.json?{urlencode(params)}"
        return (
            200,
            {
                "results": [dict(t) for t in chunk],
                "facets": None,
                "next_page": nxt,
                "previous_page": None,
                "count": len(hits),
            },
            {},
        )


def _fault_status(fault: Fault) -> int:
    return int(fault.mode) if fault.mode.isdigit() else 0


def _seconds(wait: float) -> str:
    # Zendesk sends whole seconds; a scaled-down benchmark needs fractions.
    return str(int(wait + 0.999)) if wait >= 1 else f"{wait:.3f}"


def employee_period(starts_at: dt.datetime, ends_at: dt.datetime) -> Period:
    """A period that reroutes the load mode's employee to its replacement."""
    return Period(
        id=None,
        helpdesk="acme",
        employee_email=str(EMPLOYEE["email"]),
        employee_id=str(EMPLOYEE["id"]),
        employee_name=str(EMPLOYEE["name"]),
        replacement_email=str(REPLACEMENT["email"]),
        replacement_id=str(REPLACEMENT["id"]),
        replacement_name=str(REPLACEMENT["name"]),
        starts_at=starts_at,
        ends_at=ends_at,
        timezone="Europe/Amsterdam",
    )


def ticket_created(ticket_id: int, event_id: str) -> bytes:
    """A signed-body-ready Zendesk ``ticket.created`` event for a ticket of the employee."""
    return zendesk_ticket_created(
        ticket_id,
        assignee=int(EMPLOYEE["id"]),
        requester=CUSTOMER_ID,
        group=GROUP_ID,
        event_id=event_id,
        time="2026-11-22T10:00:00Z",
    )
