"""Zammad: trigger webhooks in, REST API (``/api/v1``) out. See tests/fixtures/zammad/SOURCES.md."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Collection, Sequence
from typing import Any

from connector.adapters.helpdesks.base import (
    Availability,
    Customer,
    HelpdeskAdapter,
    OutboundNotice,
    TakeCheck,
    VendorResult,
    is_posted_notice,
    parse_vendor_time,
)
from connector.config import HelpdeskConfig
from connector.domain.events import Agent, TicketSnapshot
from connector.domain.messages import Msg
from connector.errors import PermanentVendorError, VendorError

# Zammad's seeded role ids. Role names and permissions are editable, the seeded ids are not.
AGENT_ROLE_ID = 2
CUSTOMER_ROLE_ID = 3
# Seeded article sender ids: Agent 1, Customer 2, System 3.
AGENT_SENDER_ID = 1
# owner_id 1 is the system user "-": Zammad's way of saying "no owner".
UNASSIGNED_OWNER_ID = "1"
# States in which a ticket is still someone's work (Zammad's default state names).
OPEN_STATES = ("new", "open", "pending reminder", "pending close")
#: How far ahead an open-ended period's out-of-office runs (Zammad needs an end date).
OPEN_END_HORIZON = dt.timedelta(days=365)


def _sid(value: Any) -> str | None:
    return None if value is None else str(value)


def _num(value: str) -> int | str:
    return int(value) if value.isdigit() else value


class ZammadClient(HelpdeskAdapter):
    """Zammad's API: tickets, users, reassignment and notices."""

    vendor = "zammad"
    #: Page size for ticket search (Zammad allows up to 200).
    per_page = 100

    @classmethod
    def http_options(cls, config: HelpdeskConfig) -> dict[str, Any]:
        token = config.credentials["api_token"].reveal()
        return {"base_url": config.url, "headers": {"Authorization": f"Token token={token}"}}

    # -- API: people -----------------------------------------------------------------------
    def find_agent(self, email: str) -> Agent | None:
        # `email:` is an Elasticsearch field query; the DB fallback matches loosely, so the
        # exact address is checked here.
        users = self.http.request(
            "GET", "/api/v1/users/search", params={"query": f"email:{email}", "limit": 10}
        ).json()
        for user in users if isinstance(users, list) else []:
            if str(user.get("email") or "").lower() != email.lower():
                continue
            access = user.get("group_ids") or {}
            full = tuple(sorted(str(g) for g, perms in access.items() if "full" in (perms or [])))
            return Agent(
                id=str(user["id"]),
                email=str(user["email"]),
                name=_name(user) or email,
                is_agent=bool(user.get("active")) and AGENT_ROLE_ID in (user.get("role_ids") or []),
                group_ids=full,
            )
        return None

    def get_customer(self, customer_id: str) -> Customer:
        u = self.http.request("GET", f"/api/v1/users/{customer_id}").json()
        roles = u.get("role_ids") or []
        return Customer(
            id=str(u["id"]),
            # Absent when the customer never chose one: the helpdesk's locale applies.
            locale=(u.get("preferences") or {}).get("locale") or None,
            is_end_user=CUSTOMER_ROLE_ID in roles and AGENT_ROLE_ID not in roles,
            email=u.get("email") or "",
            name=_name(u),
        )

    def get_user(self, user_id: str) -> Agent | None:
        """A user by id (``GET /users/{id}``), e.g. who wrote a note; None if unknown. Cached."""

        def load() -> Agent | None:
            u = self.http.get_json_or_none(f"/api/v1/users/{user_id}")
            if u is None:
                return None
            return Agent(
                id=str(u["id"]),
                email=str(u.get("email") or ""),
                name=_name(u),
                is_agent=bool(u.get("active")) and AGENT_ROLE_ID in (u.get("role_ids") or []),
            )

        result: Agent | None = self.cache.get(("user", user_id), load)
        return result

    def own_actor_ids(self) -> frozenset[str]:
        def load() -> frozenset[str]:
            me = self.http.request("GET", "/api/v1/users/me").json()
            return frozenset({str(me["id"])})

        result: frozenset[str] = self.cache.get("me", load)
        return result

    # -- API: tickets ----------------------------------------------------------------------
    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        # expand=true gives state and priority names (as in the webhook) instead of ids.
        t = self.http.request("GET", f"/api/v1/tickets/{ticket_id}", params={"expand": "true"})
        return self._snapshot(t.json(), self._tags(ticket_id))

    def _tags(self, ticket_id: str) -> tuple[str, ...]:
        # Tags are not ticket attributes in Zammad: they have their own endpoint.
        data = self.http.request(
            "GET", "/api/v1/tags", params={"object": "Ticket", "o_id": ticket_id}
        ).json()
        return tuple(str(t) for t in data.get("tags") or ())

    def _snapshot(self, t: dict[str, Any], tags: tuple[str, ...]) -> TicketSnapshot:
        owner = _sid(t.get("owner_id"))
        return TicketSnapshot(
            ticket_id=str(t["id"]),
            assignee_id="" if owner in (None, UNASSIGNED_OWNER_ID) else owner,
            requester_id=_sid(t.get("customer_id")),
            group_id=_sid(t.get("group_id")),
            status=self._mapped("status", t.get("state")),
            priority=self._mapped("priority", t.get("priority")),
            tags=tags,
            subject=t.get("title") or "",
        )

    def _mapped(self, name: str, value: Any) -> str | None:
        if not isinstance(value, str) or not value:
            return None
        table = self.mapping.value_maps.get(name, {})
        return table.get(value, table.get(value.lower(), value.lower()))

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        """Every ticket ``agent_id`` owns in an open or pending state, with its tags.

        The search answers a bare array and no total, so pages are read until one comes back
        short. Uses Zammad's search index (Elasticsearch) query syntax.
        """
        states = " OR ".join(f'"{s}"' if " " in s else s for s in OPEN_STATES)
        query = f"owner_id:{agent_id} AND state.name:({states})"
        out: list[TicketSnapshot] = []
        page = 1
        while True:
            rows = self.http.request(
                "GET",
                "/api/v1/tickets/search",
                params={"query": query, "expand": "true", "page": page, "per_page": self.per_page},
            ).json()
            rows = rows if isinstance(rows, list) else []
            for t in rows:
                out.append(self._snapshot(t, self._tags(str(t["id"]))))
            if len(rows) < self.per_page:
                return out
            page += 1

    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        """Give the ticket to ``agent``, then post the notice: two calls in Zammad.

        The owner is set first, so a customer is never told about a replacement the ticket
        did not reach. The window: if the notice then fails, a retry would find the ticket
        already with the replacement and skip it, losing the notice silently. So that failure
        is raised as permanent, naming what happened, and ends visibly in the audit and the
        dead letters for someone to send the notice by hand. A lost answer to the article
        POST is not repeated blindly: the ticket's articles are read for the notice's marker
        first (``post_notice_once``).
        """
        status = self._set_owner(ticket, agent)
        if notice is None:
            return VendorResult(status, f"owner set to {agent.id}")
        try:
            what = self._post_notice(ticket, notice)
        except VendorError as exc:
            raise PermanentVendorError(
                Msg(
                    "zammad: ticket %(ticket)s was reassigned to %(email)s, but the customer "
                    "notice could not be posted, send it by hand: %(error)s",
                    ticket=ticket.ticket_id,
                    email=agent.email,
                    error=exc.said,
                ),
                status=exc.status,
                body=exc.body,
            ) from exc
        return VendorResult(status, f"owner set to {agent.id}; {what}")

    def _set_owner(self, ticket: TicketSnapshot, agent: Agent) -> int:
        resp = self.http.request(
            "PUT", f"/api/v1/tickets/{ticket.ticket_id}", json={"owner_id": _num(agent.id)}
        )
        # Zammad answers 200 but sets owner 1 (unassigned) when the new owner is inactive,
        # not an agent, or lacks full access to the ticket's group: check what it did.
        got = _sid(resp.json().get("owner_id"))
        if got != agent.id:
            now = (
                Msg("unassigned")
                if got in (None, UNASSIGNED_OWNER_ID)
                else Msg("owned by user %(user)s", user=got)
            )
            raise PermanentVendorError(
                Msg(
                    "zammad: ticket %(ticket)s was not given to %(email)s and is now %(now)s: "
                    "the replacement must be an active agent with full access to the ticket's "
                    "group %(group)s",
                    ticket=ticket.ticket_id,
                    email=agent.email,
                    now=now,
                    group=ticket.group_id,
                ),
                status=resp.status_code,
                body=resp.text,
            )
        return resp.status_code

    def _post_notice(self, ticket: TicketSnapshot, notice: OutboundNotice) -> str:
        """One article carrying the notice and its hidden marker (HTML, so the marker is an
        HTML comment the customer never sees); posted at most once (``post_notice_once``)."""
        email = ""
        if notice.public and ticket.requester_id:
            email = self.get_customer(ticket.requester_id).email
        html_body = (notice.html or html.escape(notice.text).replace("\n", "<br>")) + notice.marker
        article: dict[str, Any] = {
            "ticket_id": _num(ticket.ticket_id),
            "body": html_body,
            "content_type": "text/html",
        }
        if email:
            # Zammad adds the [Ticket#…] hook itself, so the reply stays in the thread.
            article |= {
                "to": email,
                "subject": ticket.subject or notice.subject,
                "type": "email",
                "internal": False,
            }
            what = "notice e-mailed to the customer"
        else:  # no address to mail: tell the replacement in a note instead
            article |= {"subject": None, "type": "note", "internal": True}
            what = "notice as internal note"
        found = self.post_notice_once(
            ticket.ticket_id,
            notice,
            lambda: self.http.request(
                "POST", "/api/v1/ticket_articles", json=article, idempotent=False
            ),
        )
        return what + (" (found on the ticket after a lost answer)" if found else "")

    def notice_present(self, ticket_id: str, notice: OutboundNotice) -> bool:
        """``by_ticket`` answers every article of the ticket at once: look for the marker in
        each article's body, newest first."""
        rows = self.http.request("GET", f"/api/v1/ticket_articles/by_ticket/{ticket_id}").json()
        return any(
            is_posted_notice(notice, str(a.get("body") or ""))
            for a in reversed(rows if isinstance(rows, list) else [])
        )

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        resp = self.http.request(
            "POST",
            "/api/v1/ticket_articles",
            json={
                "ticket_id": _num(ticket_id),
                "subject": None,
                "body": text,
                "content_type": "text/plain",
                "type": "note",
                "internal": True,
            },
        )
        return VendorResult(resp.status_code, "internal note added")

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        """Zammad's REST API has no bulk update: one PUT per ticket, each checked.

        A ticket Zammad refuses (or silently unassigns) does not stop the others; it is
        reported in ``failed`` (status 207) so the caller records exactly what moved.
        Retryable errors propagate (the PUTs are idempotent, so repeating the done ones is
        harmless).
        """
        done: list[str] = []
        failed: dict[str, str] = {}
        for tid in ticket_ids:
            try:
                self._set_owner(TicketSnapshot(ticket_id=tid, assignee_id=None), agent)
            except PermanentVendorError as exc:
                failed[str(tid)] = str(exc)
            else:
                done.append(tid)
        summary = f"{len(done)} of {len(ticket_ids)} tickets given to {agent.id}"
        if failed:
            summary += "; failed: " + "; ".join(f"{t} ({why})" for t, why in failed.items())
        return VendorResult(207 if failed else 200, summary, failed)

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool:
        """A public article (``internal: false``) sent as Agent by ``agent_id`` since ``since``.

        ``by_ticket`` answers every article of the ticket in one array (no pages). Notes the
        agent made public count too: the customer sees them.
        """
        rows = self.http.request(
            "GET", f"/api/v1/ticket_articles/by_ticket/{ticket_id}", params={"expand": "true"}
        ).json()
        for a in rows if isinstance(rows, list) else []:
            if a.get("internal") or str(a.get("created_by_id")) != str(agent_id):
                continue
            sender = a.get("sender") or ("Agent" if a.get("sender_id") == AGENT_SENDER_ID else "")
            if sender != "Agent":
                continue
            when = parse_vendor_time(a.get("created_at"))
            if when is not None and when >= since:
                return True
        return False

    # -- readiness and availability (issue 15) -----------------------------------------------
    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck:
        """``GET /users/{id}``: active, the Agent role, and "full" in ``group_ids`` for each
        group (without it Zammad answers 200 and leaves the ticket with nobody)."""
        u = self.http.get_json_or_none(f"/api/v1/users/{agent.id}")
        if u is None:
            return TakeCheck(False, tuple(sorted(groups)), detail="no such user")
        active = bool(u.get("active")) and AGENT_ROLE_ID in (u.get("role_ids") or [])
        access = u.get("group_ids") or {}
        full = {str(g) for g, perms in access.items() if "full" in (perms or [])}
        missing = tuple(sorted(str(g) for g in groups if str(g) not in full))
        detail = "" if active else "inactive, or without the Agent role"
        return TakeCheck(active, missing, None, detail=detail)

    def open_ticket_groups(self, agent_id: str) -> set[str]:
        """The search rows carry ``group_id``: no per-ticket tag reads for this."""
        states = " OR ".join(f'"{s}"' if " " in s else s for s in OPEN_STATES)
        query = f"owner_id:{agent_id} AND state.name:({states})"
        groups: set[str] = set()
        page = 1
        while True:
            rows = self.http.request(
                "GET",
                "/api/v1/tickets/search",
                params={"query": query, "page": page, "per_page": self.per_page},
            ).json()
            rows = rows if isinstance(rows, list) else []
            groups.update(str(t["group_id"]) for t in rows if t.get("group_id") is not None)
            if len(rows) < self.per_page:
                return groups
            page += 1

    availability = "native"

    def set_availability(self, agent: Agent, availability: Availability) -> VendorResult:
        """``PUT /users/{id}`` with ``out_of_office``, ``out_of_office_start_at``/``_end_at``
        (dates) and ``out_of_office_replacement_id``: Zammad shows the agent as away and
        offers the replacement; cleared with ``out_of_office: false`` at the end."""
        body: dict[str, Any] = {"out_of_office": availability.away}
        if availability.away:
            start, end = availability.starts_at, availability.ends_at
            if end is None and start is not None:
                # Zammad refuses an out-of-office without an end date (OutOfOfficeValidator):
                # an open-ended period's runs a year ahead; the hand-back clears it sooner.
                end = start + OPEN_END_HORIZON
            body["out_of_office_start_at"] = start.date().isoformat() if start else None
            body["out_of_office_end_at"] = end.date().isoformat() if end else None
            rep = availability.replacement
            body["out_of_office_replacement_id"] = _num(rep.id) if rep else None
        else:
            body["out_of_office_replacement_id"] = None
        resp = self.http.request("PUT", f"/api/v1/users/{agent.id}", json=body)
        got = resp.json()
        if bool(got.get("out_of_office")) is not availability.away:
            raise PermanentVendorError(
                Msg(
                    "zammad: user %(user)s out_of_office is %(got)s, not %(want)s",
                    user=agent.id,
                    got=repr(got.get("out_of_office")),
                    want=availability.away,
                ),
                status=resp.status_code,
                body=resp.text,
            )
        return VendorResult(resp.status_code, f"out_of_office set to {availability.away}")


def _name(user: dict[str, Any]) -> str:
    return " ".join(p for p in (user.get("firstname"), user.get("lastname")) if p).strip()
