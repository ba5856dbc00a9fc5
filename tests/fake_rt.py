"""A local server speaking the part of Request Tracker 5's REST2 the connector uses.

Shapes follow the captured RT 5.0.3 answers in tests/fixtures/rt/api: ``GET /tickets`` with
TicketSQL, ``fields``, ``per_page`` ≤ 100, ``page`` and a full-URL ``next_page`` (absent on the
last page); ``PUT /tickets/bulk`` answers 200 with ``[id, message…]`` per ticket; ``PUT
/ticket/{id}`` answers 200 with messages whether or not the change worked; users load by
Name; ``/ticket/{id}/history`` lists transactions oldest first with ``total`` null. Agents are
named by their RT user Name (``anna``). RT has no rate limit of its own; a 429 with
``Retry-After`` stands for a proxy in front of it.
"""

from __future__ import annotations

import collections
import json
import re
from typing import Any
from urllib.parse import urlencode

from tests.fake_http import Answer, FakeVendor, first

PREFIX = "/rt/REST/2.0"
CUSTOMER = "customer@example.org"
ACTIVE = ("new", "open", "stalled")


class FakeRt(FakeVendor):
    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.tickets: dict[int, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.history: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
        #: Per ticket, the attachments of its transactions (a message's body is one).
        self.attachments: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
        #: Queue id → Name, as ``/queues/all`` lists them (RT's own "General" is queue 1).
        self.queues: dict[int, str] = {1: "General", 3: "Support"}
        self.add_user("standin", "Stand-in connector", "standin@standin.example")
        self.add_user(CUSTOMER, "Claire Client", CUSTOMER, privileged=0)

    @property
    def rt_url(self) -> str:
        """RT's web root, what the helpdesk configuration names (REST2 lives below it)."""
        return f"{self.url}/rt"

    # -- data ------------------------------------------------------------------------------
    def add_user(self, name: str, real: str, email: str, *, privileged: int = 1) -> None:
        self.users[name] = {
            "id": 28 + 2 * len(self.users),
            "Name": name,
            "RealName": real,
            "EmailAddress": email,
            "Privileged": privileged,
            "Disabled": "0",
            "Lang": "nl",
        }

    def add_ticket(self, tid: int, owner: str | None, **fields: Any) -> dict[str, Any]:
        t = {
            "id": tid,
            "Subject": f"Ticket {tid}",
            "Status": "open",
            "Owner": owner or "Nobody",
            "Queue": "3",
            "Requestor": [CUSTOMER],
            "Priority": "0",
            **fields,
        }
        self.tickets[tid] = t
        self.transaction(tid, "Create", "standin", "2026-11-02T09:00:00Z")
        return t

    def transaction(self, tid: int, kind: str, creator: str, when: str) -> None:
        self.history[tid].append(
            {
                "id": str(49 + sum(len(h) for h in self.history.values())),
                "type": "transaction",
                "Type": kind,
                "Field": "",
                "Creator": {"id": creator, "type": "user", "_url": f"{self.url}{PREFIX}/user/x"},
                "Created": when,
            }
        )

    def owned_by(self, owner: str, *, unsolved: bool = True) -> list[int]:
        return sorted(
            t["id"]
            for t in self.tickets.values()
            if t["Owner"] == owner and (not unsolved or t["Status"] in ACTIVE)
        )

    # -- API -------------------------------------------------------------------------------
    def authorized(self, headers: Any) -> bool:
        return str(headers.get("Authorization", "")).startswith("Basic ")

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        if not path.startswith(PREFIX):
            return 404, {"message": "Not Found"}, {}
        path = path.removeprefix(PREFIX)
        if path == "/tickets" and method == "GET":
            return self._search(query)
        if path == "/queues/all" and method == "GET":
            return self._queues(query)
        if path == "/tickets/bulk" and method == "PUT":
            out: list[list[Any]] = []
            for row in body:
                t = self.tickets.get(int(row["id"]))
                if t is None:
                    out.append([row["id"], "Resource does not exist"])
                else:
                    out.append([row["id"], self._set_owner(t, row["Owner"])])
            return 200, out, {}
        m = re.fullmatch(r"/ticket/(\d+)", path)
        if m:
            t = self.tickets.get(int(m.group(1)))
            if t is None:
                return 404, {"message": "Not Found"}, {}
            if method == "PUT":
                return 200, [self._set_owner(t, body["Owner"])], {}
            return 200, self._ticket_json(t), {}
        m = re.fullmatch(r"/ticket/(\d+)/(correspond|comment)", path)
        if m and method == "POST":
            kind = "Correspond" if m.group(2) == "correspond" else "Comment"
            tid = int(m.group(1))
            if tid not in self.tickets:
                return 404, {"message": "Resource does not exist"}, {}
            if not body.get("ContentType"):
                return 400, {"message": "ContentType is a required field for application/json"}, {}
            self.transaction(tid, kind, "standin", "2026-11-24T00:00:00Z")
            content = str(body.get("Content") or "").encode()
            self.attachments[tid].append(
                {
                    "id": str(900 + sum(len(a) for a in self.attachments.values())),
                    "type": "attachment",
                    "TransactionId": self.history[tid][-1]["id"],
                    "ContentType": body["ContentType"],
                    # A collection's fields=Content reads RT's accessor: the text as stored
                    # (only the single /attachment/{id} resource base64-encodes it).
                    "Content": content.decode(),
                }
            )
            return 201, ["Correspondence added" if kind == "Correspond" else "Comments added"], {}
        m = re.fullmatch(r"/ticket/(\d+)/attachments", path)
        if m and method == "GET":
            return self._attachments(int(m.group(1)), query)
        m = re.fullmatch(r"/ticket/(\d+)/history", path)
        if m:
            return self._history(int(m.group(1)), query)
        if path == "/users":
            wanted = json.loads(first(query, "query", "[]"))
            email = next((w["value"] for w in wanted if w.get("field") == "EmailAddress"), "")
            items = [
                {"id": u["Name"], "Name": u["Name"], "EmailAddress": u["EmailAddress"]}
                for u in self.users.values()
                if u["EmailAddress"].lower() == str(email).lower()
            ]
            return 200, {"count": len(items), "page": 1, "total": len(items), "items": items}, {}
        m = re.fullmatch(r"/user/(.+)", path)
        if m:
            key = m.group(1)
            user = self.users.get(key) or next(
                (u for u in self.users.values() if str(u["id"]) == key), None
            )
            return (200, user, {}) if user else (404, {"message": "Not Found"}, {})
        return 404, {"message": "Not Found"}, {}

    def _set_owner(self, t: dict[str, Any], owner: str) -> str:
        user = self.users.get(owner)
        # RT's rule: the new owner needs the OwnTicket right on the ticket's queue (only
        # privileged users can hold it); ``own_queues`` None grants it everywhere.
        queues = (user or {}).get("own_queues")
        if (
            user is None
            or not user["Privileged"]
            or (queues is not None and t["Queue"] not in queues)
        ):
            return "That user may not own tickets in that queue"
        if t["Owner"] == owner:
            return "That user already owns that ticket"
        old, t["Owner"] = t["Owner"], owner
        self.transaction(t["id"], "Set", "standin", "2026-11-24T00:00:00Z")
        return f"Ticket {t['id']}: Owner changed from {old} to {owner}"

    def _ticket_json(self, t: dict[str, Any]) -> dict[str, Any]:
        base = f"{self.url}{PREFIX}"
        return {
            "id": str(t["id"]),
            "type": "ticket",
            "_url": f"{base}/ticket/{t['id']}",
            "Subject": t["Subject"],
            "Status": t["Status"],
            "Priority": t["Priority"],
            "Owner": {"id": t["Owner"], "type": "user", "_url": f"{base}/user/{t['Owner']}"},
            "Queue": {"id": t["Queue"], "type": "queue", "_url": f"{base}/queue/{t['Queue']}"},
            "Requestor": [
                {"id": r, "type": "user", "_url": f"{base}/user/{r}"} for r in t["Requestor"]
            ],
        }

    def _search(self, query: dict[str, list[str]]) -> Answer:
        sql = first(query, "query")
        per_page = min(100, int(first(query, "per_page", "20")))
        page = int(first(query, "page", "1"))
        m = re.search(r"Owner='([^']*)'", sql)
        statuses = re.findall(r"Status='([^']*)'", sql)
        hits = [
            self.tickets[i]
            for i in sorted(self.tickets)
            if (m is None or self.tickets[i]["Owner"] == m.group(1))
            and (not statuses or self.tickets[i]["Status"] in statuses)
        ]
        chunk = hits[(page - 1) * per_page : page * per_page]
        pages = max(1, -(-len(hits) // per_page))
        out: dict[str, Any] = {
            "count": len(chunk),
            "total": len(hits),
            "page": page,
            "per_page": per_page,
            "pages": pages,
            "items": [self._ticket_json(t) for t in chunk],
        }
        if page < pages:
            params = {k: v[0] for k, v in query.items()} | {"page": str(page + 1)}
            out["next_page"] = f"{self.url}{PREFIX}/tickets?{urlencode(params)}"
        return 200, out, {}

    def _queues(self, query: dict[str, list[str]]) -> Answer:
        """REST2's paged collection of the queues the user can see (``fields=Name`` adds the
        name to each item, which otherwise holds only type, id and _url)."""
        per_page = min(100, int(first(query, "per_page", "20")))
        page = int(first(query, "page", "1"))
        ids = sorted(self.queues)
        chunk = ids[(page - 1) * per_page : page * per_page]
        pages = max(1, -(-len(ids) // per_page))
        fields = [f for f in first(query, "fields").split(",") if f]
        items = []
        for qid in chunk:
            item: dict[str, Any] = {
                "type": "queue",
                "id": str(qid),
                "_url": f"{self.url}{PREFIX}/queue/{qid}",
            }
            if "Name" in fields:
                item["Name"] = self.queues[qid]
            items.append(item)
        out: dict[str, Any] = {
            "count": len(chunk),
            "total": len(ids),
            "page": page,
            "per_page": per_page,
            "pages": pages,
            "items": items,
        }
        if page < pages:
            params = {k: v[0] for k, v in query.items()} | {"page": str(page + 1)}
            out["next_page"] = f"{self.url}{PREFIX}/queues/all?{urlencode(params)}"
        return 200, out, {}

    def _attachments(self, tid: int, query: dict[str, list[str]]) -> Answer:
        """``/ticket/{id}/attachments``: paged like every REST2 collection; ``orderby`` and
        ``order`` sort it; only the ``fields`` asked for come with each item."""
        per_page = min(100, int(first(query, "per_page", "20")))
        page = int(first(query, "page", "1"))
        rows = sorted(self.attachments[tid], key=lambda a: int(a["id"]))
        if first(query, "order", "ASC").upper() == "DESC":
            rows.reverse()
        wanted = [f for f in first(query, "fields").split(",") if f]
        chunk = rows[(page - 1) * per_page : page * per_page]
        items = [
            {"id": a["id"], "type": "attachment", **{f: a[f] for f in wanted if f in a}}
            for a in chunk
        ]
        out: dict[str, Any] = {
            "count": len(items),
            "page": page,
            "per_page": per_page,
            "total": len(rows),
            "items": items,
        }
        if page * per_page < len(rows):
            out["next_page"] = f"{self.url}{PREFIX}/ticket/{tid}/attachments?page={page + 1}"
        return 200, out, {}

    def _history(self, tid: int, query: dict[str, list[str]]) -> Answer:
        per_page = min(100, int(first(query, "per_page", "20")))
        page = int(first(query, "page", "1"))
        rows = self.history[tid][(page - 1) * per_page : page * per_page]
        body = {
            "count": len(rows),
            "page": page,
            "per_page": per_page,
            "pages": None,
            "total": None,
            "items": rows,
        }
        return 200, body, {}
