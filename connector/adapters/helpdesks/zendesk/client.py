"""Zendesk Support: event webhooks in, Tickets API out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

from connector.adapters.helpdesks.base import (
    Customer,
    HelpdeskAdapter,
    OutboundNotice,
    TakeCheck,
    VendorResult,
)
from connector.config import HelpdeskConfig
from connector.domain.events import Agent, TicketSnapshot
from connector.domain.messages import Msg
from connector.errors import PermanentVendorError

AGENT_ROLES = frozenset({"agent", "admin"})
BULK_LIMIT = 100  # update_many takes at most 100 ids per call
JOB_DONE = frozenset({"completed", "failed", "killed"})


def _sid(value: Any) -> str | None:
    return None if value is None else str(value)


class ZendeskClient(HelpdeskAdapter):
    """Zendesk's API: tickets, users, reassignment and notices."""

    vendor = "zendesk"
    # The Zendesk Apps framework SDK, which a location's page needs to read the ticket or user.
    app_sdk_url = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"
    # The smallest plan's limit (Team: 200 requests a minute); larger plans set it higher.
    default_rate_limit_per_minute: ClassVar[int] = 200

    @classmethod
    def http_options(cls, config: HelpdeskConfig) -> dict[str, Any]:
        creds = config.credentials
        return {
            "base_url": config.url,
            "auth": (f"{creds['email'].reveal()}/token", creds["api_token"].reveal()),
        }

    # -- API -------------------------------------------------------------------------------
    def find_agent(self, email: str) -> Agent | None:
        resp = self.http.request(
            "GET", "/api/v2/users/search.json", params={"query": f"email:{email}"}
        )
        for user in resp.json().get("users", []):
            if str(user.get("email", "")).lower() == email.lower():
                return Agent(
                    id=str(user["id"]),
                    email=str(user.get("email")),
                    name=str(user.get("name") or email),
                    is_agent=user.get("role") in AGENT_ROLES and not user.get("suspended", False),
                )
        return None

    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        """The ticket, with the users it names side-loaded (``include=users``): the look-up
        of its requester that a notice needs then costs no second call."""
        data = self.http.request(
            "GET", f"/api/v2/tickets/{ticket_id}.json", params={"include": "users"}
        ).json()
        t = data["ticket"]
        requester = _sid(t.get("requester_id"))
        for u in data.get("users") or ():
            # Zendesk calls side-loaded users partial: one without a locale or role is not
            # enough for a notice, and the look-up then asks for the whole user.
            if requester and _sid(u.get("id")) == requester and {"locale", "role"} <= u.keys():
                self.side_loaded.put(_customer(u))
        return _snapshot(t)

    # The search API returns at most 1,000 results per query (later pages answer 422).
    listing_cap: ClassVar[int | None] = 1000
    #: Seconds between polls of an update_many job status; bounded: after the last one the
    #: tickets still unconfirmed are reported failed and the caller re-reads them one by one.
    job_poll_delays: tuple[float, ...] = (1.0, 1.0, 2.0, 2.0, 3.0, 5.0, 5.0, 10.0, 10.0, 20.0)

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        """Unsolved tickets (new, open, pending, on hold) assigned to the agent, all pages.

        ``status<solved`` is Zendesk's search syntax for exactly those four statuses. The
        search index lags a little behind updates, so callers re-check what they act on.
        """
        query = f"type:ticket status<solved assignee:{agent_id}"
        out: list[TicketSnapshot] = []
        data = self.http.request(
            "GET",
            "/api/v2/search.json",
            params={"query": query, "per_page": 100, "sort_by": "created_at", "sort_order": "asc"},
        ).json()
        while True:
            out.extend(
                _snapshot(r) for r in data.get("results", []) if r.get("result_type") == "ticket"
            )
            nxt = data.get("next_page")
            if not nxt or (self.listing_cap and len(out) >= self.listing_cap):
                return out
            data = self.http.request("GET", self._same_host(nxt)).json()

    def _same_host(self, url: str) -> str:
        # next_page is an absolute URL; follow only its path and query on our own base URL,
        # so credentials never go to a host the configuration did not name.
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        """update_many in chunks of 100, each a background job polled to its end (bounded)."""
        failed: dict[str, str] = {}
        calls = 0
        for start in range(0, len(ticket_ids), BULK_LIMIT):
            chunk = [str(t) for t in ticket_ids[start : start + BULK_LIMIT]]
            job = self.http.request(
                "PUT",
                "/api/v2/tickets/update_many.json",
                params={"ids": ",".join(chunk)},
                json={"ticket": {"assignee_id": _int_or_str(agent.id)}},
            ).json()["job_status"]
            calls += 1
            for delay in self.job_poll_delays:
                if job.get("status") in JOB_DONE:
                    break
                self.http.sleep(delay)
                job = self.http.request("GET", f"/api/v2/job_statuses/{job['id']}.json").json()[
                    "job_status"
                ]
                calls += 1
            failed.update(_job_failures(job, chunk))
        moved = len(ticket_ids) - len(failed)
        return VendorResult(
            200, f"{moved} of {len(ticket_ids)} assigned to {agent.id} in {calls} calls", failed
        )

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool:
        """A public comment by the agent at or after ``since`` (newest first, stop when older)."""
        data = self.http.request(
            "GET",
            f"/api/v2/tickets/{ticket_id}/comments.json",
            params={"sort_order": "desc", "per_page": 100},
        ).json()
        while True:
            for c in data.get("comments", []):
                created = dt.datetime.fromisoformat(str(c["created_at"]).replace("Z", "+00:00"))
                if created < since:
                    return False
                if c.get("public") and str(c.get("author_id")) == str(agent_id):
                    return True
            nxt = data.get("next_page")
            if not nxt:
                return False
            data = self.http.request("GET", self._same_host(nxt)).json()

    def get_customer(self, customer_id: str) -> Customer:
        found = self.side_loaded.take(str(customer_id))
        if found is not None:
            return found
        return _customer(
            self.http.request("GET", f"/api/v2/users/{customer_id}.json").json()["user"]
        )

    def get_user(self, user_id: str) -> Agent | None:
        def load() -> Agent | None:
            found = self.http.get_json_or_none(f"/api/v2/users/{user_id}.json")
            if found is None:
                return None
            u = found["user"]
            return Agent(
                id=str(u["id"]),
                email=str(u.get("email") or ""),
                name=str(u.get("name") or ""),
                is_agent=u.get("role") in AGENT_ROLES and not u.get("suspended", False),
            )

        result: Agent | None = self.cache.get(("user", user_id), load)
        return result

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        resp = self.http.request(
            "PUT",
            f"/api/v2/tickets/{ticket_id}.json",
            json={"ticket": {"comment": {"body": text, "public": False}}},
            idempotent=False,
        )
        return VendorResult(resp.status_code, "internal note added")

    def own_actor_ids(self) -> frozenset[str]:
        def load() -> frozenset[str]:
            me = self.http.request("GET", "/api/v2/users/me.json").json()["user"]
            return frozenset({str(me["id"])})

        result: frozenset[str] = self.cache.get("me", load)
        return result

    def group_ids(self, agent_id: str) -> tuple[list[str], str | None]:
        """The agent's groups and default group (cached: memberships change rarely)."""

        def load() -> tuple[list[str], str | None]:
            data = self.http.request(
                "GET", f"/api/v2/users/{agent_id}/group_memberships.json"
            ).json()
            rows = data.get("group_memberships", [])
            ids = [str(m["group_id"]) for m in rows]
            default = next((str(m["group_id"]) for m in rows if m.get("default")), None)
            return ids, default or (ids[0] if ids else None)

        result: tuple[list[str], str | None] = self.cache.get(("groups", agent_id), load)
        return result

    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        body: dict[str, Any] = {"assignee_id": _int_or_str(agent.id)}
        if ticket.group_id:
            # Zendesk rejects (422) an assignee outside the ticket's group: move the ticket to
            # a group the replacement belongs to (their default group) rather than fail.
            groups, default = self.group_ids(agent.id)
            if ticket.group_id not in groups:
                if default is None:
                    raise PermanentVendorError(
                        Msg(
                            "zendesk: replacement %(email)s belongs to no group, so ticket "
                            "%(ticket)s (group %(group)s) cannot be assigned to them",
                            email=agent.email,
                            ticket=ticket.ticket_id,
                            group=ticket.group_id,
                        )
                    )
                body["group_id"] = _int_or_str(default)
        if notice is not None:
            # Zendesk renders html_body for mail and web and derives the plain text from it.
            content = {"html_body": notice.html} if notice.html else {"body": notice.text}
            body["comment"] = {**content, "public": notice.public}
        # With a comment the update is not idempotent: a blind repeat after a lost answer
        # would post the notice twice, so the job re-reads the ticket instead.
        resp = self.http.request(
            "PUT",
            f"/api/v2/tickets/{ticket.ticket_id}.json",
            json={"ticket": body},
            idempotent="comment" not in body,
        )
        moved = "group changed to " + str(body["group_id"]) + "; " if "group_id" in body else ""
        return VendorResult(resp.status_code, f"{moved}assignee set to {agent.id}")

    # -- readiness (issue 15) ---------------------------------------------------------------
    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck:
        """``GET /users/{id}.json`` (role, role_type, suspended) and ``GET /users/{id}/
        group_memberships.json``: Zendesk 422s an assignee outside the ticket's group."""
        u = self.http.request("GET", f"/api/v2/users/{agent.id}.json").json()["user"]
        active = u.get("role") in AGENT_ROLES and not u.get("suspended", False)
        # Light agents (1), chat-only agents (2) and contributors (3) have no Support seat:
        # Zendesk never accepts them as assignees.
        seat = u.get("role_type") not in (1, 2, 3)
        rows = (
            self.http.request("GET", f"/api/v2/users/{agent.id}/group_memberships.json")
            .json()
            .get("group_memberships", [])
        )
        mine = {str(m["group_id"]) for m in rows}
        detail = "" if active else f"role {u.get('role')}, suspended {u.get('suspended', False)}"
        if not seat:
            detail = (detail + "; " if detail else "") + "no Support seat (light agent or similar)"
        missing = tuple(sorted(str(g) for g in groups if str(g) not in mine))
        return TakeCheck(active, missing, seat, detail=detail)


def _customer(u: dict[str, Any]) -> Customer:
    return Customer(
        id=str(u["id"]),
        locale=u.get("locale"),
        is_end_user=u.get("role") == "end-user",
        email=u.get("email") or "",
        name=u.get("name") or "",
    )


def _snapshot(t: dict[str, Any]) -> TicketSnapshot:
    return TicketSnapshot(
        ticket_id=str(t["id"]),
        assignee_id=_sid(t.get("assignee_id")) or "",
        requester_id=_sid(t.get("requester_id")),
        group_id=_sid(t.get("group_id")),
        status=(t.get("status") or "").lower() or None,
        priority=(t.get("priority") or None),
        tags=tuple(t.get("tags") or ()),
        subject=t.get("subject") or "",
        organization_id=_sid(t.get("organization_id")),
    )


def _job_failures(job: dict[str, Any], chunk: list[str]) -> dict[str, str]:
    """Tickets of one update_many job that were not updated, with Zendesk's reason."""
    status = job.get("status")
    if status not in JOB_DONE:
        return dict.fromkeys(chunk, f"job {job.get('id')} still {status} after polling")
    ok: set[str] = set()
    failed: dict[str, str] = {}
    for r in job.get("results") or []:
        tid = str(r.get("id"))
        # A failed entry's shape is undocumented for tickets: success false and/or an error.
        if r.get("success", True) and not r.get("error") and r.get("status") != "Failed":
            ok.add(tid)
        else:
            failed[tid] = str(r.get("details") or r.get("error") or r.get("status") or "failed")
    for tid in chunk:
        if tid not in ok and tid not in failed:
            failed[tid] = f"job {status}: {job.get('message') or 'no result for this ticket'}"
    return failed


def _int_or_str(value: str) -> int | str:
    return int(value) if value.isdigit() else value
