"""A local server speaking the part of HubSpot's CRM and Conversations APIs the connector uses.

Shapes follow tests/fixtures/hubspot/api: ticket search (``POST …/tickets/search``, filters
``EQ``/``NOT_IN``, ``limit`` ≤ 200, cursor ``paging.next.after``), ``batch/update`` (≤ 100
inputs; 207 with ``errors[].context.ids`` for unknown tickets), tickets read with their contact
association, owners, contacts, the ticket pipelines, conversation threads (listed by contact,
``threadAssociations.associatedTicketId``) and their messages, notes. A 429 carries HubSpot's
body and ``X-HubSpot-RateLimit-*`` headers and, as at HubSpot, no ``Retry-After``.
"""

from __future__ import annotations

import collections
import json
import re
from typing import Any

from tests import hubspot_openapi
from tests.fake_http import Answer, FakeVendor, first
from tests.support import fixture_json

CONTACT = 751
CLOSED_STAGE = "4"
BATCH = 100


class FakeHubSpot(FakeVendor):
    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.tickets: dict[int, dict[str, Any]] = {}
        self.contact_of: dict[int, int] = {}
        self.owners: dict[int, dict[str, Any]] = {}
        self.crm_users: dict[int, dict[str, Any]] = {}
        self.contacts: dict[int, dict[str, Any]] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
        self.notes: list[dict[str, Any]] = []
        #: Every finding of the OpenAPI check, for tests to show (each was answered 400).
        self.refused: list[str] = []
        #: Paths that fail on cue: path → the answer HubSpot gives (an outage, a refusal).
        self.failing: dict[str, Answer] = {}
        #: The account's teams, as ``/settings/v3/users/teams`` answers them (all at once).
        self.teams: list[dict[str, Any]] = [
            {"id": "41001", "name": "Service", "userIds": [], "secondaryUserIds": []}
        ]
        self.add_contact(CONTACT, "Noor", "Jansen", "customer@example.org")

    # -- data ------------------------------------------------------------------------------
    def add_owner(self, oid: int, first_name: str, email: str, user_id: int) -> None:
        self.owners[oid] = {
            "id": str(oid),
            "email": email,
            "type": "PERSON",
            "firstName": first_name,
            "lastName": "",
            "userId": user_id,
            "userIdIncludingInactive": user_id,
            "archived": False,
            "teams": [{"id": "41001", "name": "Service", "primary": True}],
        }
        crm_id = 70000 + len(self.crm_users) + 1
        self.crm_users[crm_id] = {
            "id": str(crm_id),
            "properties": {
                "hs_internal_user_id": str(user_id),
                "hs_availability_status": "available",
                "hs_object_id": str(crm_id),
            },
        }

    def add_contact(self, cid: int, first_name: str, last: str, email: str) -> None:
        self.contacts[cid] = {
            "id": str(cid),
            "properties": {
                "email": email,
                "firstname": first_name,
                "lastname": last,
                "hs_language": "nl",
                "hs_object_id": str(cid),
            },
            "archived": False,
        }

    def add_ticket(
        self,
        tid: int,
        owner: int | None,
        *,
        stage: str = "1",
        priority: str = "MEDIUM",
        team: str = "41001",
    ) -> dict[str, Any]:
        t = {
            "id": str(tid),
            "properties": {
                "subject": f"Ticket {tid}",
                "hubspot_owner_id": str(owner) if owner else None,
                "hs_pipeline": "0",
                "hs_pipeline_stage": stage,
                "hs_ticket_priority": priority,
                "hubspot_team_id": team,
                "hs_object_id": str(tid),
                "hs_lastmodifieddate": "2026-11-02T09:00:00.000Z",
            },
            "createdAt": "2026-11-02T09:00:00.000Z",
            "updatedAt": "2026-11-02T09:00:00.000Z",
            "archived": False,
        }
        self.tickets[tid] = t
        self.contact_of[tid] = CONTACT
        return t

    def add_thread(self, tid: int) -> int:
        """A help-desk conversation thread for the ticket (email channel)."""
        thread_id = 8123400000 + tid
        self.threads[thread_id] = {
            "id": str(thread_id),
            "status": "OPEN",
            "associatedContactId": str(self.contact_of[tid]),
            "originalChannelId": "1002",
            "originalChannelAccountId": "42423411",
            "threadAssociations": {"associatedTicketId": str(tid)},
            "archived": False,
        }
        return thread_id

    def message(
        self,
        thread_id: int,
        actor: str,
        when: str,
        *,
        outgoing: bool = True,
        text: str = "…",
        rich_text: str = "",
    ) -> None:
        self.messages[thread_id].append(
            {
                "id": f"m{len(self.messages[thread_id])}",
                "type": "MESSAGE",
                "conversationsThreadId": str(thread_id),
                "createdAt": when,
                "createdBy": actor,
                "senders": [{"actorId": actor}],
                "direction": "OUTGOING" if outgoing else "INCOMING",
                "text": text,
                "richText": rich_text or f"<div>{text}</div>",
            }
        )

    def owned_by(self, owner: int, *, unsolved: bool = True) -> list[int]:
        return sorted(
            tid
            for tid, t in self.tickets.items()
            if t["properties"]["hubspot_owner_id"] == str(owner)
            and (not unsolved or t["properties"]["hs_pipeline_stage"] != CLOSED_STAGE)
        )

    # -- API -------------------------------------------------------------------------------
    def authorized(self, headers: Any) -> bool:
        return str(headers.get("Authorization", "")).startswith("Bearer ")

    def unauthorized(self) -> Answer:
        return 401, {"status": "error", "message": "Authentication credentials not found."}, {}

    def too_many(self, wait: float) -> Answer:
        headers = fixture_json("hubspot", "api/error_429_rate_limit.headers.json")
        headers = {k: v for k, v in headers.items() if not k.startswith("_")}
        headers.pop("Content-Type", None)
        return 429, fixture_json("hubspot", "api/error_429_rate_limit.json"), headers

    def refuse(self, method: str, url: str, headers: Any, raw: bytes) -> Answer | None:
        """HubSpot refuses with 400 what its published OpenAPI documents do not allow."""
        found = hubspot_openapi.problems(method, url, dict(headers.items()), raw)
        if not found:
            return None
        self.refused.extend(found)
        return (
            400,
            {
                "status": "error",
                "message": "; ".join(found),
                "correlationId": "00000000-0000-4000-8000-000000000400",
                "category": "VALIDATION_ERROR",
            },
            {},
        )

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        if path in self.failing:
            return self.failing[path]
        if path == "/crm/v3/objects/tickets/search" and method == "POST":
            return self._search(body)
        if path == "/crm/v3/objects/tickets/batch/update" and method == "POST":
            return self._batch(body)
        m = re.fullmatch(r"/crm/v3/objects/tickets/(\d+)", path)
        if m:
            tid = int(m.group(1))
            t = self.tickets.get(tid)
            if t is None:
                return 404, {"status": "error", "category": "OBJECT_NOT_FOUND"}, {}
            if method == "PATCH":
                refused = self._invalid_owner(body["properties"])
                if refused:
                    return 400, refused, {}
                t["properties"].update(body["properties"])
            out = json.loads(json.dumps(t))
            if "contacts" in first(query, "associations"):
                out["associations"] = {
                    "contacts": {
                        "results": [{"id": str(self.contact_of[tid]), "type": "ticket_to_contact"}]
                    }
                }
            return 200, out, {}
        if path == "/crm/v3/objects/users" and method == "GET":
            return self._crm_users(query)
        m = re.fullmatch(r"/crm/v3/objects/users/(\d+)", path)
        if m and method == "PATCH":
            user = self.crm_users.get(int(m.group(1)))
            if user is None:
                return 404, {"status": "error", "category": "OBJECT_NOT_FOUND"}, {}
            user["properties"].update(body["properties"])
            return 200, json.loads(json.dumps(user)), {}
        if path == "/settings/v3/users/teams" and method == "GET":
            return 200, {"results": json.loads(json.dumps(self.teams))}, {}
        if path == "/crm/v3/pipelines/tickets":
            return 200, fixture_json("hubspot", "api/pipelines_tickets.json"), {}
        if path == "/crm/v3/owners":
            email = first(query, "email").lower()
            archived = first(query, "archived") == "true"
            rows = [
                o for o in self.owners.values() if o["email"] == email and o["archived"] == archived
            ]
            return 200, {"results": rows}, {}
        m = re.fullmatch(r"/crm/v3/owners/(\d+)", path)
        if m and int(m.group(1)) in self.owners:
            owner = self.owners[int(m.group(1))]
            if owner["archived"] != (first(query, "archived") == "true"):
                return 404, {"status": "error", "category": "OBJECT_NOT_FOUND"}, {}
            return 200, owner, {}
        m = re.fullmatch(r"/crm/v3/objects/contacts/(\d+)", path)
        if m and int(m.group(1)) in self.contacts:
            return 200, self.contacts[int(m.group(1))], {}
        if path == "/crm/v3/objects/contacts/search":
            return 200, {"total": 0, "results": []}, {}
        if path == "/conversations/v3/conversations/threads":
            contact = first(query, "associatedContactId")
            status = first(query, "threadStatus")
            rows = [
                t
                for t in self.threads.values()
                if t["associatedContactId"] == contact and status in ("", t["status"])
            ]
            return 200, {"results": rows}, {}
        m = re.fullmatch(r"/conversations/v3/conversations/threads/(\d+)", path)
        if m and int(m.group(1)) in self.threads:
            return 200, self.threads[int(m.group(1))], {}
        m = re.fullmatch(r"/conversations/v3/conversations/threads/(\d+)/messages/(\w+)", path)
        if m:
            rows = self.messages[int(m.group(1))]
            found = next((r for r in rows if r.get("id") == m.group(2)), None)
            if found is None:
                return 404, {"status": "error", "category": "OBJECT_NOT_FOUND"}, {}
            return 200, found, {}
        m = re.fullmatch(r"/conversations/v3/conversations/threads/(\d+)/messages", path)
        if m:
            thread_id = int(m.group(1))
            if method == "POST":
                if thread_id not in self.threads:
                    return 404, {"status": "error", "message": "thread not found"}, {}
                self.message(
                    thread_id,
                    body.get("senderActorId", "A-0"),
                    "2026-11-24T00:00:00Z",
                    text=str(body.get("text") or ""),
                    rich_text=str(body.get("richText") or ""),
                )
                return 201, self.messages[thread_id][-1], {}
            return self._messages(thread_id, query)
        if path == "/crm/v3/objects/notes" and method == "POST":
            self.notes.append(body)
            return 201, {"id": str(900 + len(self.notes)), "properties": body["properties"]}, {}
        return 404, {"status": "error", "message": "not found"}, {}

    def _search(self, body: dict[str, Any]) -> Answer:
        filters = body["filterGroups"][0]["filters"]
        limit = int(body.get("limit", 10))
        if limit > 200:
            return 400, {"status": "error", "category": "VALIDATION_ERROR"}, {}
        hits = []
        for tid in sorted(self.tickets):
            props = self.tickets[tid]["properties"]
            ok = True
            for f in filters:
                value = props.get(f["propertyName"])
                if f["operator"] == "EQ":
                    ok = ok and value == f["value"]
                elif f["operator"] == "NOT_IN":
                    ok = ok and value not in f["values"]
            if ok:
                hits.append(self.tickets[tid])
        start = int(body.get("after") or 0)
        chunk = hits[start : start + limit]
        out: dict[str, Any] = {
            "total": len(hits),
            "results": [json.loads(json.dumps(t)) for t in chunk],
        }
        if start + limit < len(hits):
            nxt = str(start + limit)
            out["paging"] = {"next": {"after": nxt, "link": f"?after={nxt}"}}
        return 200, out, {}

    def _batch(self, body: dict[str, Any]) -> Answer:
        inputs = body["inputs"]
        if len(inputs) > BATCH:
            return 400, {"status": "error", "category": "VALIDATION_ERROR"}, {}
        for row in inputs:  # one invalid value fails the whole batch, as HubSpot validates first
            refused = self._invalid_owner(row["properties"])
            if refused:
                return 400, refused, {}
        results, missing = [], []
        for row in inputs:
            t = self.tickets.get(int(row["id"]))
            if t is None:
                missing.append(str(row["id"]))
                continue
            t["properties"].update(row["properties"])
            results.append(json.loads(json.dumps(t)))
        out: dict[str, Any] = {"status": "COMPLETE", "results": results}
        if not missing:
            return 200, out, {}
        out["numErrors"] = 1
        out["errors"] = [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": "Could not get some TICKET objects, they may be deleted or not exist.",
                "context": {"ids": missing},
            }
        ]
        return 207, out, {}

    def _crm_users(self, query: dict[str, list[str]]) -> Answer:
        """``GET /crm/v3/objects/users``: the CRM user records (ids of their own), paged."""
        limit = int(first(query, "limit", "10"))
        start = int(first(query, "after", "0"))
        rows = [self.crm_users[k] for k in sorted(self.crm_users)]
        out: dict[str, Any] = {"results": rows[start : start + limit]}
        if start + limit < len(rows):
            out["paging"] = {"next": {"after": str(start + limit)}}
        return 200, json.loads(json.dumps(out)), {}

    def _invalid_owner(self, props: dict[str, Any]) -> dict[str, Any] | None:
        """HubSpot's rule for ``hubspot_owner_id``: one of the portal's active owners."""
        if "hubspot_owner_id" not in props or not props["hubspot_owner_id"]:
            return None
        owner = self.owners.get(int(props["hubspot_owner_id"]))
        if owner is not None and not owner["archived"]:
            return None
        body = fixture_json("hubspot", "api/error_400_validation.json")
        body["message"] = body["message"].replace("5730999", str(props["hubspot_owner_id"]))
        return dict(body)

    def _messages(self, thread_id: int, query: dict[str, list[str]]) -> Answer:
        limit = int(first(query, "limit", "20"))
        start = int(first(query, "after", "0"))
        rows = self.messages[thread_id]
        out: dict[str, Any] = {"results": rows[start : start + limit]}
        if start + limit < len(rows):
            out["paging"] = {"next": {"after": str(start + limit)}}
        return 200, out, {}
