"""A local server speaking the part of Freshdesk's API v2 the connector uses, counting calls.

Shapes follow tests/fixtures/freshdesk/api: the search answers ``{"results", "total"}``, 30 a
page, pages 1–10 only (page 11 is a 400); ``bulk_update`` answers 202 with a ``job_id`` whose
``/jobs/{id}`` is ``in_progress`` until polled ``job_polls`` times, then ``completed`` with
per-ticket ``data``; conversations come oldest first with the next page in ``Link``; a 429
carries ``Retry-After`` (Freshdesk's limit is per account per minute). An update naming a
responder outside the ticket's group (after any group change in the same body) is a 400, as
Freshdesk refuses an agent it does not list for that group; ``PUT /agents/{id}`` changes an
agent's ``available`` (automatic assignment).
"""

from __future__ import annotations

import collections
import datetime as dt
import re
import uuid
from typing import Any

from tests.fake_http import Answer, FakeVendor, first

OPEN, PENDING, RESOLVED, CLOSED = 2, 3, 4, 5
PAGE = 30
MAX_PAGE = 10
BULK = 100  # ids per bulk_update
BOT = 43000012300
CUSTOMER = 43000098765
GROUP = 43000005678


class FakeFreshdesk(FakeVendor):
    route_names = ((r"/jobs/[0-9a-f]+", "/jobs/{id}"), (r"/\d+(?=/|$)", "/{id}"))

    def __init__(self, *, job_polls: int = 1, job_results: bool = True, **kwargs: Any):
        super().__init__(**kwargs)
        self.tickets: dict[int, dict[str, Any]] = {}
        self.agents: dict[int, dict[str, Any]] = {}
        self.contacts: dict[int, dict[str, Any]] = {}
        self.conversations: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
        self.jobs: dict[str, dict[str, Any]] = {}
        self.job_polls = job_polls
        self.job_results = job_results  # False: a finished job reports no per-ticket ``data``
        self.job_skips: set[int] = set()  # tickets a job silently leaves as they are
        #: Group id → name, as ``/groups`` lists them (30 a page by default, at most 100).
        self.groups: dict[int, str] = {GROUP: "Support"}
        self.add_agent(BOT, "Stand-in connector", "stand-in@example.com")
        self.add_contact(CUSTOMER, "Noor Jansen", "customer@example.org")

    # -- data ------------------------------------------------------------------------------
    def add_agent(
        self, aid: int, name: str, email: str, groups: tuple[int, ...] = (GROUP,)
    ) -> None:
        self.agents[aid] = {
            "id": aid,
            "available": True,
            "occasional": False,
            "group_ids": list(groups),
            "contact": {"name": name, "email": email, "language": "nl", "active": True},
        }

    def add_contact(self, cid: int, name: str, email: str, language: str = "nl") -> None:
        self.contacts[cid] = {
            "id": cid,
            "name": name,
            "email": email,
            "language": language,
            "deleted": False,
        }

    def add_ticket(self, tid: int, agent: int | None, **fields: Any) -> dict[str, Any]:
        t = {
            "id": tid,
            "subject": f"Ticket {tid}",
            "responder_id": agent,
            "requester_id": CUSTOMER,
            "group_id": GROUP,
            "status": OPEN,
            "priority": 2,
            "tags": [],
            "type": None,
            "source": 1,
            "created_at": "2026-11-02T09:00:00Z",
            "updated_at": "2026-11-02T09:00:00Z",
            **fields,
        }
        self.tickets[tid] = t
        return t

    def reply(
        self, tid: int, user: int, when: str, *, private: bool = False, body: str = "<p>…</p>"
    ) -> None:
        self.conversations[tid].append(
            {
                "id": 43000500000 + len(self.conversations[tid]),
                "ticket_id": tid,
                "user_id": user,
                "private": private,
                "incoming": False,
                "source": 2 if private else 0,
                "body": body,
                "body_text": re.sub(r"<[^>]*>", "", body).strip(),
                "created_at": when,
                "updated_at": when,
            }
        )

    def owned_by(self, agent: int, *, unsolved: bool = True) -> list[int]:
        return sorted(
            t["id"]
            for t in self.tickets.values()
            if t["responder_id"] == agent and (not unsolved or t["status"] in (OPEN, PENDING))
        )

    # -- API -------------------------------------------------------------------------------
    def authorized(self, headers: Any) -> bool:
        return str(headers.get("Authorization", "")).startswith("Basic ")

    def unauthorized(self) -> Answer:
        return 401, {"code": "invalid_credentials", "message": "You have to be logged in"}, {}

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        if path == "/api/v2/search/tickets":
            return self._search(query)
        if path == "/api/v2/tickets/bulk_update" and method == "POST":
            job_id = uuid.uuid4().hex
            action = body["bulk_action"]
            if not action["ids"] or len(action["ids"]) > BULK:
                return (
                    400,
                    {
                        "description": "Validation failed",
                        "errors": [
                            {"field": "ids", "message": "1 to 100 ids", "code": "invalid_value"}
                        ],
                    },
                    {},
                )
            self.jobs[job_id] = {"ids": action["ids"], "props": action["properties"], "polls": 0}
            return 202, {"job_id": job_id, "href": f"{self.url}/api/v2/jobs/{job_id}"}, {}
        m = re.fullmatch(r"/api/v2/jobs/([0-9a-f]+)", path)
        if m:
            return self._job(m.group(1))
        if path == "/api/v2/tickets" and method == "GET":
            return self._list(query)
        m = re.fullmatch(r"/api/v2/tickets/(\d+)", path)
        if m:
            t = self.tickets.get(int(m.group(1)))
            if t is None:
                return 404, {"code": "access_denied"}, {}
            if method == "PUT":
                err = self._update(t, body)
                if err:
                    return 400, err, {}
            return 200, dict(t), {}
        m = re.fullmatch(r"/api/v2/tickets/(\d+)/(reply|notes)", path)
        if m and method == "POST":
            tid = int(m.group(1))
            private = m.group(2) == "notes" and body.get("private", True)
            if tid not in self.tickets:
                return 404, {"code": "access_denied"}, {}
            self.reply(tid, BOT, "2026-11-24T00:00:00Z", private=private, body=body["body"])
            return 201, self.conversations[tid][-1], {}
        m = re.fullmatch(r"/api/v2/tickets/(\d+)/conversations", path)
        if m:
            return self._conversations(int(m.group(1)), query)
        if path == "/api/v2/groups" and method == "GET":
            return self._groups(query)
        if path == "/api/v2/agents/me":
            return 200, self.agents[BOT], {}
        if path == "/api/v2/agents":
            email = first(query, "email").lower()
            return 200, [a for a in self.agents.values() if a["contact"]["email"] == email], {}
        m = re.fullmatch(r"/api/v2/agents/(\d+)", path)
        if m and int(m.group(1)) in self.agents:
            agent = self.agents[int(m.group(1))]
            if method == "PUT" and "available" in body:
                agent["available"] = bool(body["available"])
                agent["available_since"] = "2026-11-24T00:00:00Z"
            return 200, agent, {}
        if path == "/api/v2/contacts":
            email = first(query, "email").lower()
            return 200, [c for c in self.contacts.values() if c["email"] == email], {}
        m = re.fullmatch(r"/api/v2/contacts/(\d+)", path)
        if m and int(m.group(1)) in self.contacts:
            return 200, self.contacts[int(m.group(1))], {}
        return 404, {"code": "access_denied", "message": "not found"}, {}

    def _groups(self, query: dict[str, list[str]]) -> Answer:
        """Groups oldest first; a next page is announced in ``Link`` (rel="next")."""
        per_page = min(100, int(first(query, "per_page", str(PAGE))))
        page = int(first(query, "page", "1"))
        ids = sorted(self.groups)
        rows = [
            {
                "id": gid,
                "name": self.groups[gid],
                "description": None,
                "escalate_to": None,
                "unassigned_for": None,
                "agent_ids": [a for a, row in self.agents.items() if gid in row["group_ids"]],
                "created_at": "2026-01-05T09:00:00Z",
                "updated_at": "2026-01-05T09:00:00Z",
            }
            for gid in ids[(page - 1) * per_page : page * per_page]
        ]
        headers = {}
        if page * per_page < len(ids):
            nxt = f"{self.url}/api/v2/groups?per_page={per_page}&page={page + 1}"
            headers["Link"] = f'<{nxt}>; rel="next"'
        return 200, rows, headers

    def _update(self, t: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any] | None:
        agent = changes.get("responder_id", t["responder_id"])
        if agent is not None and agent not in self.agents:
            return {
                "description": "Validation failed",
                "errors": [
                    {
                        "field": "responder_id",
                        "message": "There is no agent with the given responder_id",
                        "code": "invalid_value",
                    }
                ],
            }
        group = changes.get("group_id", t.get("group_id"))
        if agent is not None and group is not None and group not in self.agents[agent]["group_ids"]:
            # The agent must belong to the ticket's group (Freshdesk lists only the group's
            # agents for a grouped ticket; the wording of this error is not captured).
            return {
                "description": "Validation failed",
                "errors": [
                    {
                        "field": "responder_id",
                        "message": "The agent is not a member of the ticket's group",
                        "code": "invalid_value",
                    }
                ],
            }
        t.update({k: v for k, v in changes.items() if k in ("responder_id", "group_id")})
        t["updated_at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return None

    def _list(self, query: dict[str, list[str]]) -> Answer:
        """``GET /tickets``: with ``updated_since``, the tickets updated since then (newest
        first, ``per_page`` up to 100)."""
        since = first(query, "updated_since", "")
        per_page = min(100, int(first(query, "per_page", "30")))
        page = int(first(query, "page", "1"))
        hits = sorted(
            (t for t in self.tickets.values() if not since or t["updated_at"] >= since),
            key=lambda t: (t["updated_at"], t["id"]),
            reverse=True,
        )
        return 200, [dict(t) for t in hits[(page - 1) * per_page : page * per_page]], {}

    def _search(self, query: dict[str, list[str]]) -> Answer:
        q = first(query, "query").strip('"')
        page = int(first(query, "page", "1"))
        if page > MAX_PAGE:
            return (
                400,
                {
                    "description": "Validation failed",
                    "errors": [
                        {
                            "field": "page",
                            "message": "Has to be less than or equal to 10",
                            "code": "invalid_value",
                        }
                    ],
                },
                {},
            )
        m = re.search(r"agent_id:(\d+)", q)
        statuses = {int(s) for s in re.findall(r"status:(\d+)", q)}
        hits = [
            self.tickets[i]
            for i in sorted(self.tickets)
            if (m is None or self.tickets[i]["responder_id"] == int(m.group(1)))
            and (not statuses or self.tickets[i]["status"] in statuses)
        ]
        rows = [dict(t) for t in hits[(page - 1) * PAGE : page * PAGE]]
        return 200, {"results": rows, "total": len(hits)}, {}

    def _job(self, job_id: str) -> Answer:
        job = self.jobs.get(job_id)
        if job is None:
            return 404, {"code": "access_denied"}, {}
        job["polls"] += 1
        if job["polls"] < self.job_polls:
            return 200, {"id": job_id, "status": "in_progress", "progress": 0}, {}
        if "data" not in job:
            data = []
            for tid in job["ids"]:
                t = self.tickets.get(int(tid))
                if int(tid) in self.job_skips:
                    data.append({"id": tid, "success": True})  # what it says is not so
                    continue
                err = {"id": ["Ticket not found"]} if t is None else self._update(t, job["props"])
                if err:
                    errors = err.get("errors", err)
                    data.append({"id": tid, "success": False, "errors": errors})
                else:
                    data.append({"id": tid, "success": True})
            job["data"] = data
        done: dict[str, Any] = {"id": job_id, "status": "completed", "progress": 100}
        if self.job_results:
            done["data"] = job["data"]
        return 200, done, {}

    def _conversations(self, tid: int, query: dict[str, list[str]]) -> Answer:
        per_page = min(100, int(first(query, "per_page", "30")))
        page = int(first(query, "page", "1"))
        rows = self.conversations[tid]
        chunk = rows[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(rows):
            nxt = (
                f"{self.url}/api/v2/tickets/{tid}/conversations?per_page={per_page}&page={page + 1}"
            )
            headers["Link"] = f'<{nxt}>; rel="next"'
        return 200, chunk, headers
