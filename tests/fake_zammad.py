"""A local server speaking the part of Zammad's REST API (``/api/v1``) the connector uses.

Shapes follow tests/fixtures/zammad/api: ticket search answers a bare array (``expand=true``:
``state``/``priority`` names), ``page``/``per_page`` and no total; tags live at ``/tags``; a
``PUT /tickets/{id}`` answers the ticket, with ``owner_id`` 1 (unassigned) when the new owner
lacks full access to the ticket's group, as Zammad does silently; articles by ticket come in
one array. There is no bulk endpoint. A 429 carries ``Retry-After`` (a proxy's, or Zammad's
own request throttling).
"""

from __future__ import annotations

import collections
import re
from typing import Any

from tests.fake_http import Answer, FakeVendor, first

BOT = 7
CUSTOMER = 9
GROUP = 3
OPEN_STATES = ("new", "open", "pending reminder", "pending close")
UNASSIGNED = 1
OUT_OF_OFFICE = (
    "out_of_office",
    "out_of_office_start_at",
    "out_of_office_end_at",
    "out_of_office_replacement_id",
)


class FakeZammad(FakeVendor):
    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.tickets: dict[int, dict[str, Any]] = {}
        self.tags: dict[int, list[str]] = collections.defaultdict(list)
        self.users: dict[int, dict[str, Any]] = {}
        self.articles: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
        #: Group id → name; an inactive group is listed too (``active: false``), as Zammad does.
        self.groups: dict[int, dict[str, Any]] = {
            GROUP: {"id": GROUP, "name": "Users", "active": True}
        }
        #: Tags of the whole system beyond those on tickets (``/tag_list`` counts both).
        self.known_tags: list[str] = []
        #: Whether the connector's token has ``admin.tag`` (``/tag_list`` answers 403 without).
        self.tag_admin = True
        self.add_user(BOT, "Stand-in", "standin@example.com")
        self.add_user(CUSTOMER, "Noor", "customer@example.org", role=3)

    # -- data ------------------------------------------------------------------------------
    def add_user(
        self, uid: int, name: str, email: str, *, role: int = 2, groups: tuple[int, ...] = (GROUP,)
    ) -> None:
        self.users[uid] = {
            "id": uid,
            "firstname": name,
            "lastname": "",
            "email": email,
            "login": email,
            "active": True,
            "role_ids": [role],
            "group_ids": {str(g): ["full"] for g in groups} if role == 2 else {},
            "preferences": {"locale": "nl-nl"},
            "out_of_office": False,
            "out_of_office_start_at": None,
            "out_of_office_end_at": None,
            "out_of_office_replacement_id": None,
        }

    def add_ticket(self, tid: int, owner: int | None, **fields: Any) -> dict[str, Any]:
        t = {
            "id": tid,
            "number": str(31000 + tid),
            "title": f"Ticket {tid}",
            "group_id": GROUP,
            "owner_id": owner or UNASSIGNED,
            "customer_id": CUSTOMER,
            "state": "open",
            "priority": "2 normal",
            "created_at": "2026-11-02T09:00:00.000Z",
            "updated_at": "2026-11-02T09:00:00.000Z",
            **fields,
        }
        self.tickets[tid] = t
        return t

    def article(
        self, tid: int, by: int, when: str, *, internal: bool = False, body: str = "…"
    ) -> None:
        agent = 2 in self.users[by]["role_ids"]
        self.articles[tid].append(
            {
                "id": 1200 + len(self.articles[tid]),
                "ticket_id": tid,
                "type": "email" if not internal else "note",
                "sender": "Agent" if agent else "Customer",
                "sender_id": 1 if agent else 2,
                "internal": internal,
                "created_by_id": by,
                "created_at": when,
                "body": body,
            }
        )

    def owned_by(self, owner: int, *, unsolved: bool = True) -> list[int]:
        return sorted(
            t["id"]
            for t in self.tickets.values()
            if t["owner_id"] == owner and (not unsolved or t["state"] in OPEN_STATES)
        )

    # -- API -------------------------------------------------------------------------------
    def authorized(self, headers: Any) -> bool:
        return str(headers.get("Authorization", "")).startswith("Token token=")

    def unauthorized(self) -> Answer:
        return 401, {"error": "authentication failed"}, {}

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        if path == "/api/v1/tickets/search":
            return self._search(query)
        m = re.fullmatch(r"/api/v1/tickets/(\d+)", path)
        if m:
            t = self.tickets.get(int(m.group(1)))
            if t is None:
                return 404, {"error": "Couldn't find Ticket"}, {}
            if method == "PUT":
                self._update(t, body)
            return 200, dict(t), {}
        if path == "/api/v1/groups" and method == "GET":
            per_page = int(first(query, "per_page", "100"))
            page = int(first(query, "page", "1"))
            rows = [self.groups[g] for g in sorted(self.groups)]
            return 200, rows[(page - 1) * per_page : page * per_page], {}
        if path == "/api/v1/tag_list" and method == "GET":
            if not self.tag_admin:
                return 403, {"error": "Not authorized (user)!"}, {}
            counts = collections.Counter(self.known_tags)
            for tags in self.tags.values():
                counts.update(tags)
            names = enumerate(sorted(counts), start=1)
            rows = [{"id": i, "name": n, "count": counts[n]} for i, n in names]
            return 200, rows, {}
        if path == "/api/v1/tags":
            return 200, {"tags": list(self.tags[int(first(query, "o_id", "0"))])}, {}
        m = re.fullmatch(r"/api/v1/ticket_articles/by_ticket/(\d+)", path)
        if m:
            return 200, list(self.articles[int(m.group(1))]), {}
        if path == "/api/v1/ticket_articles" and method == "POST":
            tid = int(body["ticket_id"])
            if tid not in self.tickets:
                return 404, {"error": "Not authorized"}, {}
            self.article(
                tid,
                BOT,
                "2026-11-24T00:00:00.000Z",
                internal=bool(body.get("internal")),
                body=str(body.get("body") or ""),
            )
            return 201, self.articles[tid][-1], {}
        if path == "/api/v1/users/me":
            return 200, self.users[BOT], {}
        if path == "/api/v1/users/search":
            email = first(query, "query").removeprefix("email:").lower()
            return 200, [u for u in self.users.values() if u["email"] == email], {}
        m = re.fullmatch(r"/api/v1/users/(\d+)", path)
        if m and int(m.group(1)) in self.users:
            user = self.users[int(m.group(1))]
            if method == "PUT":  # the out-of-office attributes the connector sets
                # Zammad's OutOfOfficeValidator: an out-of-office needs both dates.
                if body.get("out_of_office") and not (
                    body.get("out_of_office_start_at") and body.get("out_of_office_end_at")
                ):
                    return 422, {"error": "Out of office end at can't be blank"}, {}
                for key in OUT_OF_OFFICE:
                    if key in body:
                        user[key] = body[key]
            return 200, user, {}
        return 404, {"error": "No route matches"}, {}

    def _update(self, t: dict[str, Any], changes: dict[str, Any]) -> None:
        if "owner_id" in changes:
            user = self.users.get(int(changes["owner_id"]))
            access = (user or {}).get("group_ids", {}).get(str(t["group_id"]), [])
            ok = user is not None and user["active"] and "full" in access
            t["owner_id"] = int(changes["owner_id"]) if ok else UNASSIGNED

    def _search(self, query: dict[str, list[str]]) -> Answer:
        q = first(query, "query")
        per_page = min(200, int(first(query, "per_page", "50")))
        page = int(first(query, "page", "1"))
        m = re.search(r"owner_id:(\d+)", q)
        wanted = OPEN_STATES if "state.name" in q else None
        hits = [
            self.tickets[i]
            for i in sorted(self.tickets)
            if (m is None or self.tickets[i]["owner_id"] == int(m.group(1)))
            and (wanted is None or self.tickets[i]["state"] in wanted)
        ]
        return 200, [dict(t) for t in hits[(page - 1) * per_page : page * per_page]], {}
