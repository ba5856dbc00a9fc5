"""Freshdesk: automation-rule webhooks in (our own template), API v2 out.

What makes Freshdesk different (tests/fixtures/freshdesk/SOURCES.md):

* The webhook body is the template the connector installs (``install.template`` in
  ``mappings/freshdesk.yaml``); each rule writes its own key into ``standin.rule``.
* No signature: the rule sends a shared secret in ``X-Standin-Secret`` (or Basic auth). There is
  no timestamp either, so a captured request could be replayed; de-duplication and the
  ticket-is-read-fresh rule make a replay harmless.
* No delivery id and no actor; see ``dedup_key`` and ``own_actor_ids``.
* Placeholders are inserted as text, so a comment with a double quote can make the body invalid
  JSON. ``parse`` then salvages rule, ticket id and event (the ticket is read from the API
  anyway) rather than reject a delivery Freshdesk would retry for hours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import logging
import re
from collections.abc import Collection, Sequence
from typing import Any, ClassVar

from connector.adapters.helpdesks.base import (
    Availability,
    Customer,
    HelpdeskAdapter,
    OutboundNotice,
    TakeCheck,
    VendorResult,
    is_posted_notice,
    parse_vendor_time,
    same_host_path,
)
from connector.config import HelpdeskConfig
from connector.domain.events import Agent, CanonicalEvent, TicketSnapshot
from connector.domain.messages import N_, Msg
from connector.errors import PermanentVendorError, RetryableVendorError, VendorError
from connector.html_text import html_to_text, same_text
from connector.mapping import VendorMapping
from connector.translations import gettext

log = logging.getLogger(__name__)

#: Conversation ``source`` of a note (0 is a reply); constants from Freshdesk's API docs.
NOTE_SOURCE = 2
CONVERSATIONS_PAGE_SIZE = 100  # the most Freshdesk gives per page
SEARCH_PAGE_SIZE = 30  # fixed by Freshdesk
SEARCH_MAX_PAGES = 10  # Freshdesk refuses page 11: at most 300 results per query
JOB_POLLS = 30
CONVERSATIONS_PAGE_SIZE = 100  # Freshdesk's maximum per_page
CONVERSATIONS_MAX_PAGES = 100
JOB_POLL_SECONDS = 2.0
#: Statuses asked for by ``open_tickets``: 2 Open, 3 Pending.
OPEN_STATUS_QUERY = "(status:2 OR status:3)"


def _sid(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _num(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _when(value: Any) -> dt.datetime | None:
    """An API timestamp (``2025-03-04T08:30:00Z``) as an aware datetime, or None."""
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def text_to_html(text: str) -> str:
    """Plain notice text as Freshdesk reply HTML: one ``<p>`` per paragraph, escaped."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + html.escape(p.strip(), quote=False).replace("\n", "<br>") + "</p>" for p in paras
    )


#: Pages of the updated-tickets list read to check a bulk job without per-ticket results.
REREAD_PAGES = 10


def install_spec(mapping: VendorMapping) -> dict[str, Any]:
    """The mapping's ``install:`` section: the webhook template and the secret header."""
    spec: dict[str, Any] = mapping.raw.get("install") or {}
    return spec


class FreshdeskClient(HelpdeskAdapter):
    """Freshdesk's API: tickets, users, reassignment and notices."""

    vendor = "freshdesk"

    @classmethod
    def http_options(cls, config: HelpdeskConfig) -> dict[str, Any]:
        # Basic auth with the API key as user name and any password ("X" by convention).
        return {"base_url": config.url, "auth": (config.credentials["api_key"].reveal(), "X")}

    # -- API -------------------------------------------------------------------------------
    def find_agent(self, email: str) -> Agent | None:
        rows = self.http.request("GET", "/api/v2/agents", params={"email": email}).json()
        for row in rows or []:
            contact = row.get("contact") or {}
            if str(contact.get("email", "")).lower() == email.lower():
                return Agent(
                    id=str(row["id"]),
                    email=str(contact.get("email")),
                    name=str(contact.get("name") or email),
                    is_agent=True,
                    group_ids=tuple(str(g) for g in row.get("group_ids") or ()),
                )
        # Not an agent: say so (a contact) rather than "no such user".
        contacts = self.http.request("GET", "/api/v2/contacts", params={"email": email}).json()
        for c in contacts or []:
            if str(c.get("email", "")).lower() == email.lower():
                return Agent(
                    id=str(c["id"]),
                    email=str(c.get("email")),
                    name=str(c.get("name") or email),
                    is_agent=False,
                )
        return None

    def _map(self, name: str, value: Any) -> str | None:
        if value in (None, ""):
            return None
        text = str(value)
        table = self.mapping.value_maps.get(name, {})
        return table.get(text, table.get(text.lower(), text.lower()))

    def _snapshot(self, t: dict[str, Any]) -> TicketSnapshot:
        return TicketSnapshot(
            ticket_id=str(t["id"]),
            assignee_id=_sid(t.get("responder_id")) or "",
            requester_id=_sid(t.get("requester_id")),
            group_id=_sid(t.get("group_id")),
            status=self._map("status", t.get("status")),
            priority=self._map("priority", t.get("priority")),
            tags=tuple(str(x) for x in t.get("tags") or ()),
            subject=t.get("subject") or "",
        )

    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        return self._snapshot(self.http.request("GET", f"/api/v2/tickets/{ticket_id}").json())

    def get_customer(self, customer_id: str) -> Customer:
        c = self.http.get_json_or_none(f"/api/v2/contacts/{customer_id}")
        if c is None:
            # Agents are not contacts (and deleted contacts are gone): no customer notice.
            return Customer(id=customer_id, locale=None, is_end_user=False)
        return Customer(
            id=str(c["id"]),
            locale=c.get("language"),
            is_end_user=not c.get("deleted", False),
            email=c.get("email") or "",
            name=c.get("name") or "",
        )

    def own_actor_ids(self) -> frozenset[str]:
        """The API key's agent id (cached).

        Payloads carry no actor, so events never have ``actor_id`` and this set cannot match
        one. Own changes are recognised by the assignee check instead: after our reassignment
        the ticket belongs to the replacement, so the echo (the ``agent-updated`` rule fires
        for API updates too) says ``responder_id`` to = replacement and is skipped without an
        API call. The id is still useful to tell our own notes and replies apart in
        conversations.
        """

        def load() -> frozenset[str]:
            me = self.http.request("GET", "/api/v2/agents/me").json()
            return frozenset({str(me["id"])})

        result: frozenset[str] = self.cache.get("me", load)
        return result

    def agent_group_ids(self, agent_id: str) -> list[str]:
        """The agent's groups (cached: memberships change rarely)."""

        def load() -> list[str]:
            row = self.http.request("GET", f"/api/v2/agents/{agent_id}").json()
            return [str(g) for g in row.get("group_ids") or ()]

        result: list[str] = self.cache.get(("groups", agent_id), load)
        return result

    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        """Set the responder, then post the notice: two calls, in that order.

        Reassigning first means a customer is never told about a replacement who does not own
        the ticket, and a failed reassignment (retried by the job) never sends a notice twice.
        The window: the reply fails after the reassignment succeeded. A job retry cannot
        repair that (the fresh ticket is the replacement's, so it is skipped), so the failure
        is raised as permanent — audited as ``reroute_failed`` and dead-lettered, visible —
        after a best-effort private note asking the replacement to send the notice themselves.
        """
        body: dict[str, Any] = {"responder_id": _num(agent.id)}
        if ticket.group_id:
            groups = self.agent_group_ids(agent.id)
            # An agent outside the ticket's group may be refused: move the ticket to a group
            # the replacement is in (agents without any group are left to Freshdesk to judge).
            if groups and ticket.group_id not in groups:
                body["group_id"] = _num(groups[0])
        resp = self.http.request("PUT", f"/api/v2/tickets/{ticket.ticket_id}", json=body)
        moved = f"group changed to {body['group_id']}; " if "group_id" in body else ""
        summary = f"{moved}responder set to {agent.id}"
        if notice is None:
            return VendorResult(resp.status_code, summary)
        path = f"/api/v2/tickets/{ticket.ticket_id}/" + ("reply" if notice.public else "notes")
        body_html = notice.html or text_to_html(notice.text)
        payload: dict[str, Any] = {"body": body_html + notice.marker}
        if not notice.public:
            payload["private"] = True
        try:
            found = self.post_notice_once(
                ticket.ticket_id,
                notice,
                lambda: self.http.request("POST", path, json=payload, idempotent=False),
            )
        except VendorError as exc:
            fallback = self._notice_fallback(ticket.ticket_id, agent, notice)
            raise PermanentVendorError(
                Msg(
                    "freshdesk: ticket %(ticket)s was reassigned to %(agent)s, but the customer "
                    "notice failed (%(error)s); a retry cannot send it because the ticket is no "
                    "longer the employee's. %(fallback)s",
                    ticket=ticket.ticket_id,
                    agent=agent.id,
                    error=exc.said,
                    fallback=fallback,
                ),
                status=exc.status,
                body=exc.body,
            ) from exc
        kind = "reply" if notice.public else "private note"
        seen = " (found on the ticket after a lost answer)" if found else ""
        return VendorResult(resp.status_code, f"{summary}; notice sent as {kind}{seen}")

    def notice_present(self, ticket_id: str, notice: OutboundNotice) -> bool:
        """Freshdesk lists conversations oldest first with no date filter: read them all and
        look for the marker in each reply's or note's HTML ``body``."""
        return any(
            is_posted_notice(notice, str(c.get("body") or ""))
            for c in self._conversations(ticket_id)
        )

    def _notice_fallback(self, ticket_id: str, agent: Agent, notice: OutboundNotice) -> Msg:
        # For the replacement, in the helpdesk's language (the notice itself is the customer's).
        ask = gettext(
            self.config.locale,
            N_(
                "Stand-in could not send this message to the customer. %(agent)s, please send it "
                "yourself:"
            ),
            agent=agent.name or agent.email,
        )
        text = f"{ask}\n\n{notice.text}"
        try:
            self.add_internal_note(ticket_id, text)
        except VendorError as exc:
            return Msg(
                "The fallback note for the replacement failed too: %(error)s", error=exc.said
            )
        return Msg("A private note asks the replacement to send it.")

    def get_user(self, user_id: str) -> Agent | None:
        """An agent by id (``GET /agents/{id}``), else a contact; None when neither exists.

        Cached: a note's author is looked up for every contact note they write.
        """

        def load() -> Agent | None:
            try:
                row = self.http.request("GET", f"/api/v2/agents/{user_id}").json()
            except PermanentVendorError as exc:
                if exc.status != 404:
                    raise
            else:
                contact = row.get("contact") or {}
                return Agent(
                    id=str(row["id"]),
                    email=str(contact.get("email") or ""),
                    name=str(contact.get("name") or ""),
                    is_agent=True,
                    group_ids=tuple(str(g) for g in row.get("group_ids") or ()),
                )
            c = self.http.get_json_or_none(f"/api/v2/contacts/{user_id}")
            if c is None:
                return None
            return Agent(
                id=str(c["id"]),
                email=str(c.get("email") or ""),
                name=str(c.get("name") or ""),
                is_agent=False,
            )

        result: Agent | None = self.cache.get(("user", user_id), load)
        return result

    def complete_note(self, event: CanonicalEvent) -> CanonicalEvent:
        """The note's author, from the ticket's conversations: no placeholder names it.

        The author is the writer (``user_id``) of the newest private note whose text is the
        note the rule sent (``latest_private_comment``). No such note, no author: the contact
        note is then not recorded rather than credited to a guessed person.
        """
        if event.actor_id or not event.ticket_id:
            return event
        for conv in reversed(self._conversations(event.ticket_id)):
            if not conv.get("private") or conv.get("source") != NOTE_SOURCE:
                continue
            text = conv.get("body_text")
            if text is None:
                text = html_to_text(str(conv.get("body") or ""))
            if same_text(text, event.note_body) and conv.get("user_id") is not None:
                when = _when(conv.get("created_at"))
                return dataclasses.replace(
                    event,
                    actor_id=str(conv["user_id"]),
                    occurred_at=event.occurred_at or when,
                )
        log.warning(
            "freshdesk: the note's author was not found in the ticket's conversations",
            extra={"ticket_id": event.ticket_id},
        )
        return event

    def _conversations(self, ticket_id: str) -> list[dict[str, Any]]:
        """Every reply and note of the ticket, oldest first (Freshdesk pages with Link)."""
        path: str | None = f"/api/v2/tickets/{ticket_id}/conversations"
        params: dict[str, Any] | None = {"per_page": CONVERSATIONS_PAGE_SIZE}
        rows: list[dict[str, Any]] = []
        pages = 0
        while path and pages < 50:
            resp = self.http.request("GET", path, params=params)
            rows.extend(resp.json() or [])
            path = resp.links.get("next", {}).get("url")  # carries per_page and page itself
            params = None
            pages += 1
        return rows

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        resp = self.http.request(
            "POST",
            f"/api/v2/tickets/{ticket_id}/notes",
            json={"body": html.escape(text, quote=False).replace("\n", "<br>"), "private": True},
        )
        return VendorResult(resp.status_code, "private note added")

    #: One search query sees at most 300 tickets: a start move that got that many lists
    #: again after moving them (the moved ones no longer match), until nothing new moves.
    listing_cap: ClassVar[int | None] = SEARCH_PAGE_SIZE * SEARCH_MAX_PAGES

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        """Open and pending tickets of ``agent_id`` through the search API.

        Freshdesk's search returns 30 per page and refuses pages beyond 10, so one query sees
        at most 300 tickets. Beyond that this returns the first 300 and logs a warning with
        the total: once those are reassigned they no longer match, so listing again picks up
        the next 300 (``listing_cap``: the start move and the sweep do that themselves).
        """
        query = f'"agent_id:{agent_id} AND {OPEN_STATUS_QUERY}"'
        out: list[TicketSnapshot] = []
        total = 0
        for page in range(1, SEARCH_MAX_PAGES + 1):
            data = self.http.request(
                "GET", "/api/v2/search/tickets", params={"query": query, "page": page}
            ).json()
            rows = data.get("results") or []
            total = int(data.get("total") or 0)
            out.extend(self._snapshot(r) for r in rows)
            if len(rows) < SEARCH_PAGE_SIZE or len(out) >= total:
                return out
        if total > len(out):
            log.warning(
                "freshdesk search is capped at 300 results; run the sweep again for the rest",
                extra={"agent_id": agent_id, "total": total, "returned": len(out)},
            )
        return out

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool:
        """A reply the agent sent (``private: false``, ``incoming: false``, their ``user_id``)
        at or after ``since``, from the ticket's conversations.

        Conversations come oldest first, up to 100 a page, the next page in the ``Link``
        header; there is no filter by date, so every page is read.
        """
        path: str | None = f"/api/v2/tickets/{ticket_id}/conversations"
        params: dict[str, Any] | None = {"per_page": CONVERSATIONS_PAGE_SIZE}
        pages = 0
        while path and pages < CONVERSATIONS_MAX_PAGES:
            resp = self.http.request("GET", path, params=params)
            pages += 1
            for c in resp.json() or []:
                if c.get("private") or c.get("incoming"):
                    continue
                if str(c.get("user_id")) != str(agent_id):
                    continue
                when = parse_vendor_time(c.get("created_at"))
                if when is not None and when >= since:
                    return True
            nxt = resp.links.get("next", {}).get("url")
            path, params = (same_host_path(nxt), None) if nxt else (None, None)
        return False

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        """One ``bulk_update`` job, polled until done. No notices: those are per ticket."""
        if not ticket_ids:
            return VendorResult(200, "nothing to reassign")
        # Minutes of slack for the two clocks: the re-read below lists what changed since.
        since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
        resp = self.http.request(
            "POST",
            "/api/v2/tickets/bulk_update",
            json={
                "bulk_action": {
                    "ids": [_num(t) for t in ticket_ids],
                    "properties": {"responder_id": _num(agent.id)},
                }
            },
        )
        job_id = resp.json()["job_id"]
        for attempt in range(JOB_POLLS):
            job = self.http.request("GET", f"/api/v2/jobs/{job_id}").json()
            status = str(job.get("status", "")).lower().replace(" ", "_")
            if status not in ("in_progress", "queued", "pending"):
                result = self._job_result(job_id, status, job)
                if job.get("data"):
                    return result
                return self._reread(job_id, ticket_ids, agent, since)
            if attempt + 1 < JOB_POLLS:
                self.http.sleep(JOB_POLL_SECONDS)
        raise RetryableVendorError(
            Msg(
                "freshdesk: bulk update job %(job)s still in progress after %(polls)s polls",
                job=job_id,
                polls=JOB_POLLS,
            )
        )

    def _reread(
        self, job_id: str, ticket_ids: Sequence[str], agent: Agent, since: dt.datetime
    ) -> VendorResult:
        """A job that reports no per-ticket results is checked against the tickets as they
        are now: the list of tickets updated since just before the job (100 a page, a few
        calls, not one per ticket); a ticket not with ``agent`` afterwards was not moved."""
        wanted = {str(t) for t in ticket_ids}
        found: dict[str, str] = {}
        stamp = since.strftime("%Y-%m-%dT%H:%M:%SZ")
        for page in range(1, REREAD_PAGES + 1):
            rows = self.http.request(
                "GET",
                "/api/v2/tickets",
                params={"updated_since": stamp, "per_page": 100, "page": page},
            ).json()
            for t in rows:
                if str(t.get("id")) in wanted:
                    found[str(t["id"])] = str(t.get("responder_id") or "")
            if len(rows) < 100 or wanted <= set(found):
                break
        moved = {tid for tid, who in found.items() if who == str(agent.id)}
        reasons = {
            tid: "not with the replacement after the bulk job (re-read; Freshdesk reported no "
            "per-ticket results)"
            for tid in sorted(wanted - moved)
        }
        summary = f"job {job_id} completed: {len(moved)} reassigned (re-read)"
        if reasons:
            summary += f"; not moved: {', '.join(reasons)}"
        return VendorResult(200, summary, reasons)

    @staticmethod
    def _job_result(job_id: str, status: str, job: dict[str, Any]) -> VendorResult:
        if status != "completed":
            raise PermanentVendorError(
                Msg(
                    "freshdesk: bulk update job %(job)s ended %(status)s",
                    job=job_id,
                    status=repr(status),
                ),
                body=json.dumps(job),
            )
        rows = job.get("data")
        if not rows:
            # Per-ticket results are not documented: the caller re-reads the tickets.
            return VendorResult(200, f"job {job_id} completed; per-ticket results not reported")
        failed = [r for r in rows if not r.get("success")]
        summary = f"job {job_id} completed: {len(rows) - len(failed)} reassigned"
        reasons = {str(r.get("id")): json.dumps(r.get("errors"), sort_keys=True) for r in failed}
        if failed:
            summary += "; failed: " + ", ".join(f"{tid} ({why})" for tid, why in reasons.items())
        return VendorResult(200, summary, reasons)

    # -- readiness and availability (issue 15) -----------------------------------------------
    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck:
        """``GET /agents/{id}``: an agent (404: none any more) in each group of the tickets;
        Freshdesk refuses a responder outside the ticket's group. Occasional agents need a
        day pass, which the API does not show."""
        row = self.http.get_json_or_none(f"/api/v2/agents/{agent.id}")
        if row is None:
            return TakeCheck(False, tuple(sorted(groups)), detail="no longer an agent")
        mine = {str(g) for g in row.get("group_ids") or ()}
        missing = tuple(sorted(str(g) for g in groups if str(g) not in mine))
        unverified = ("a day pass (occasional agent)",) if row.get("occasional") else ()
        return TakeCheck(True, missing, None, unverified)

    availability = "native"

    def set_availability(self, agent: Agent, availability: Availability) -> VendorResult:
        """``PUT /agents/{id}`` ``{"available": false|true}``: the agent's availability for
        automatic ticket assignment (round-robin, load balancing). ``available`` is documented
        as an agent attribute but not among the documented update fields, so the answer is
        checked: an account that ignores it fails visibly, it is never assumed."""
        want = not availability.away
        resp = self.http.request("PUT", f"/api/v2/agents/{agent.id}", json={"available": want})
        got = resp.json().get("available")
        if got is not want:
            raise PermanentVendorError(
                Msg(
                    "freshdesk: agent %(agent)s still has available=%(got)s after asking for "
                    "%(want)s: this account does not let the API change it",
                    agent=agent.id,
                    got=repr(got),
                    want=want,
                ),
                status=resp.status_code,
                body=resp.text,
            )
        return VendorResult(resp.status_code, f"available set to {want}")
