"""Request Tracker 5: our own signed webhook scrip in, REST2 out.

RT has no webhooks in core. The "Stand-in webhook" scrip (``connector/data/rt/
standin-webhook-scrip.pl``) POSTs one Standard Webhooks-signed JSON event per RT transaction
(create, owner change, correspondence, comment). Facts this adapter is built on were measured
against a real RT 5.0.3 (``tests/fixtures/rt/api/NOTES.md``):

- The scrip POSTs from *inside* RT's open database transaction: a read-back before RT commits
  sees the old ticket (or a 404 for a new one). So events wait ``processing_delay_seconds``
  before processing, and a 404 on ``GET /ticket/{id}`` is retryable.
- The canonical agent id is the RT user **Name** (``anna``): REST2 shows ``Owner.id`` as the
  Name, the webhook's ``ticket.owner`` too. (The webhook's old/new values are numeric ids and
  are not used.) ``Nobody`` means unowned.
- ``PUT /ticket/{id}`` answers 200 with a list of messages even when the change failed.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import html
import json
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from connector.adapters.helpdesks.base import (
    Customer,
    HelpdeskAdapter,
    OutboundNotice,
    TakeCheck,
    VendorResult,
    is_posted_notice,
    parse_vendor_time,
)
from connector.config import HelpdeskConfig
from connector.domain.events import Agent, CanonicalEvent, TicketSnapshot
from connector.domain.messages import N_, Msg
from connector.errors import PermanentVendorError, RetryableVendorError, VendorError
from connector.html_text import html_to_text

if TYPE_CHECKING:
    import requests

NOBODY = "Nobody"
# RT's default lifecycle: the statuses in which a ticket still needs work.
ACTIVE_STATUSES = ("new", "open", "stalled")
TICKET_FIELDS = "Subject,Status,Owner,Queue,Requestor,Priority,LastUpdated"
_OWNER_CHANGED = re.compile(r"^(?:Ticket \d+: )?Owner changed from (.*) to (.*)$")
_ALREADY_OWNS = "That user already owns that ticket"


def _attachment_texts(content: Any) -> list[str]:
    """An attachment's content as a collection lists it (``fields=Content``: RT reads the
    accessor, so the text itself), plus its base64 decoding, which the single-attachment
    resource (``/attachment/{id}``) uses: a marker is found in either form."""
    text = str(content or "")
    try:
        decoded = base64.b64decode(text, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return [text]
    return [text, decoded]


def _sql_quote(value: str) -> str:
    """A TicketSQL single-quoted value (backslash escapes)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _strip_ticket_prefix(message: str) -> str:
    return re.sub(r"^Ticket \d+: ", "", str(message)).strip()


class RtClient(HelpdeskAdapter):
    """Rt's API: tickets, users, reassignment and notices."""

    vendor = "rt"
    # The scrip posts before RT commits: give RT time to commit before reading the ticket back.
    processing_delay_seconds = 2.0
    posts_before_commit = True
    #: REST2 caps per_page at 100.
    page_size = 100

    @classmethod
    def http_options(cls, config: HelpdeskConfig) -> dict[str, Any]:
        creds = config.credentials
        return {
            # `url` is RT's web root (e.g. https://rt.example/rt); REST2 lives below it.
            "base_url": f"{config.url.rstrip('/')}/REST/2.0",
            "auth": (creds["user"].reveal(), creds["password"].reveal()),
            "headers": {"Accept": "application/json"},
        }

    # -- users -----------------------------------------------------------------------------
    def _user(self, name_or_id: str) -> dict[str, Any]:
        """``GET /user/{x}`` loads by Name or numeric id (never by e-mail)."""
        data: dict[str, Any] = self.http.request(
            "GET", f"/user/{quote(name_or_id, safe='@')}"
        ).json()
        return data

    def _name_by_email(self, email: str) -> str | None:
        """The Name of the one user with this e-mail address, or None.

        ``/users`` takes a JSON query; an unknown field is silently dropped (all users come
        back), so the address of every item is checked, not just the count.
        """
        query = json.dumps([{"field": "EmailAddress", "value": email}])
        data = self.http.request(
            "GET", "/users", params={"query": query, "fields": "Name,EmailAddress"}
        ).json()
        items = [
            item
            for item in data.get("items") or []
            if str(item.get("EmailAddress") or "").lower() == email.lower()
        ]
        if len(items) > 1:
            raise PermanentVendorError(
                Msg(
                    "rt: %(count)s users have the e-mail address %(email)s",
                    count=len(items),
                    email=email,
                )
            )
        if not items:
            return None
        return str(items[0].get("Name") or items[0]["id"])

    def find_agent(self, email: str) -> Agent | None:
        name = self._name_by_email(email)
        if name is None:
            return None
        user = self._user(name)
        # Privileged is 1/0 on /user/{x} (but "" through /users?fields=: not trusted there).
        privileged = str(user.get("Privileged", "0")) == "1"
        enabled = str(user.get("Disabled", "0")) in ("0", "")
        return Agent(
            id=str(user.get("Name") or name),
            email=str(user.get("EmailAddress") or email),
            name=str(user.get("RealName") or user.get("Name") or email),
            is_agent=privileged and enabled,
        )

    def get_user(self, user_id: str) -> Agent | None:
        """A user by Name (``transaction.creator``) or numeric id; None if RT has none. Cached."""

        def load() -> Agent | None:
            try:
                user = self._user(user_id)
            except PermanentVendorError as exc:
                if exc.status == 404:
                    return None
                raise
            return Agent(
                id=str(user.get("Name") or user_id),
                email=str(user.get("EmailAddress") or ""),
                name=str(user.get("RealName") or user.get("Name") or ""),
                is_agent=str(user.get("Privileged", "0")) == "1"
                and str(user.get("Disabled", "0")) in ("0", ""),
            )

        result: Agent | None = self.cache.get(("user", user_id), load)
        return result

    def complete_note(self, event: CanonicalEvent) -> CanonicalEvent:
        """The comment's text, which the scrip does not send, from its transaction.

        ``GET /transaction/{id}/attachments`` with ``fields`` gives each MIME part's decoded
        ``Content`` (the single-attachment endpoint gives base64). The message is the first
        text part that is not an attached file; plain text wins over HTML (RT's web editor
        writes text/html). Measured on RT 5.0.3: tests/fixtures/rt/api/NOTES.md.
        """
        if event.note_body is not None or not event.note_id:
            return event
        data = self.http.request(
            "GET",
            f"/transaction/{quote(event.note_id)}/attachments",
            params={"fields": "Content,ContentType,Filename", "per_page": self.page_size},
        ).json()
        parts = [
            p
            for p in data.get("items") or []
            if not p.get("Filename") and str(p.get("Content") or "").strip()
        ]
        for wanted in ("text/plain", "text/html"):
            for part in parts:
                if str(part.get("ContentType") or "").lower() == wanted:
                    text = str(part["Content"])
                    body = html_to_text(text) if wanted == "text/html" else text
                    return dataclasses.replace(event, note_body=body)
        return dataclasses.replace(event, note_body="")

    def get_customer(self, customer_id: str) -> Customer:
        """A requestor by e-mail (webhook) or by user Name (REST2 ``Requestor[].id``).

        Mail-gateway requestors are named after their address, so an address is looked up
        by e-mail first and used as a Name only when no user has that address.
        """
        name = (self._name_by_email(customer_id) if "@" in customer_id else None) or customer_id
        user = self._user(name)
        return Customer(
            id=str(user.get("Name") or name),
            # REST2 leaves an empty Lang out; it shows Lang at all only to AdminUsers.
            locale=user.get("Lang") or None,
            is_end_user=str(user.get("Privileged", "0")) != "1",
            email=str(user.get("EmailAddress") or ""),
            name=str(user.get("RealName") or ""),
        )

    def own_actor_ids(self) -> frozenset[str]:
        """The connector's RT user: its Name (``transaction.creator``) and numeric id."""

        def load() -> frozenset[str]:
            me = self._user(self.config.credentials["user"].reveal())
            return frozenset({str(me["Name"]), str(me["id"])})

        result: frozenset[str] = self.cache.get("me", load)
        return result

    # -- tickets ---------------------------------------------------------------------------
    def _status(self, value: Any) -> str | None:
        text = str(value or "").lower()
        return self.mapping.value_maps.get("status", {}).get(text, text) or None

    def _snapshot(self, t: dict[str, Any]) -> TicketSnapshot:
        owner = str((t.get("Owner") or {}).get("id") or "")
        # Requestors can include groups; the customer is the first user.
        requestors = [r for r in t.get("Requestor") or [] if r.get("type", "user") == "user"]
        return TicketSnapshot(
            ticket_id=str(t["id"]),
            assignee_id="" if owner in ("", NOBODY) else owner,
            requester_id=str(requestors[0]["id"]) if requestors else None,
            group_id=str((t.get("Queue") or {}).get("id") or "") or None,
            status=self._status(t.get("Status")),
            priority=str(t["Priority"]) if t.get("Priority") is not None else None,
            tags=(),  # RT tickets have no tags
            subject=str(t.get("Subject") or ""),
        )

    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        try:
            t = self.http.request("GET", f"/ticket/{quote(ticket_id)}").json()
        except PermanentVendorError as exc:
            if exc.status == 404:
                # The webhook for a new ticket arrives before RT commits it: try again later.
                raise RetryableVendorError(
                    Msg(
                        "rt: ticket %(ticket)s not found (yet): %(error)s",
                        ticket=ticket_id,
                        error=exc.said,
                    ),
                    status=404,
                    body=exc.body,
                    retry_after=self.processing_delay_seconds,
                ) from exc
            raise
        return self._snapshot(t)

    @staticmethod
    def _messages(resp: requests.Response) -> list[str]:
        try:
            body = resp.json()
        except ValueError:
            body = resp.text
        if isinstance(body, list):
            return [str(m) for m in body]
        return [str(body)]

    @staticmethod
    def _owner_set(messages: Sequence[str], owner: str) -> bool:
        """True when RT's messages say ``owner`` owns the ticket now."""
        for message in messages:
            text = _strip_ticket_prefix(message)
            m = _OWNER_CHANGED.match(text)
            if (m and m.group(2) == owner) or text == _ALREADY_OWNS:
                return True
        return False

    def set_owner(self, ticket_id: str, owner: str) -> VendorResult:
        resp = self.http.request("PUT", f"/ticket/{quote(ticket_id)}", json={"Owner": owner})
        messages = self._messages(resp)
        # RT answers 200 even when the owner did not change; the messages say what happened.
        if not self._owner_set(messages, owner):
            raise PermanentVendorError(
                Msg(
                    "rt: ticket %(ticket)s was not given to %(owner)s: %(answer)s",
                    ticket=ticket_id,
                    owner=owner,
                    answer="; ".join(messages),
                ),
                status=resp.status_code,
                body=resp.text,
            )
        return VendorResult(resp.status_code, "; ".join(messages))

    def _post_message(self, ticket_id: str, kind: str, text: str) -> requests.Response:
        # ContentType is required in JSON bodies (400 otherwise).
        return self.http.request(
            "POST",
            f"/ticket/{quote(ticket_id)}/{kind}",
            json={"Content": text, "ContentType": "text/plain"},
        )

    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        """Owner first, then the notice (correspondence, mailed by RT to the requestors).

        Two calls, so there is a window: if the notice fails after the owner changed, a retry
        would find the ticket no longer the employee's and skip it, and the notice would be
        lost silently. Instead, once VendorHttp's own retries are spent, the failure is raised
        as permanent with a message saying the ticket *was* reassigned: the job ends visibly
        (dead letter + audit) and nobody gets two notices. The reverse order was rejected: a
        failed owner change after a sent notice would be retried and mail the customer twice.
        """
        result = self.set_owner(ticket.ticket_id, agent.id)
        if notice is None:
            return result
        kind = "correspond" if notice.public else "comment"
        body = {
            # HTML, so the notice can carry its hidden marker (an HTML comment).
            "Content": (notice.html or html.escape(notice.text).replace("\n", "<br>"))
            + notice.marker,
            "ContentType": "text/html",
        }
        answers: list[requests.Response] = []
        try:
            found = self.post_notice_once(
                ticket.ticket_id,
                notice,
                lambda: answers.append(
                    self.http.request(
                        "POST",
                        f"/ticket/{quote(ticket.ticket_id)}/{kind}",
                        json=body,
                        idempotent=False,
                    )
                ),
            )
        except VendorError as exc:
            raise PermanentVendorError(
                Msg(
                    "rt: ticket %(ticket)s was reassigned to %(agent)s, but the %(what)s could "
                    "not be posted (send it by hand): %(error)s",
                    ticket=ticket.ticket_id,
                    agent=agent.id,
                    what=Msg("customer notice") if notice.public else Msg("note"),
                    error=exc.said,
                ),
                status=exc.status,
                body=exc.body,
            ) from exc
        if found:
            return VendorResult(
                result.status, f"{result.summary}; {kind} found after a lost answer"
            )
        resp = answers[-1]
        return VendorResult(
            resp.status_code,
            f"{result.summary}; {kind}: {'; '.join(self._messages(resp))}",
        )

    def notice_present(self, ticket_id: str, notice: OutboundNotice) -> bool:
        """The marker in one of the ticket's attachments (REST2 ``GET /ticket/{id}/attachments``
        with ``fields=Content``, newest first by ``orderby=id&order=DESC``)."""
        params: dict[str, Any] = {
            "fields": "Content,ContentType",
            "orderby": "id",
            "order": "DESC",
            "per_page": self.page_size,
            "page": 1,
        }
        for _ in range(100):
            data = self.http.request(
                "GET", f"/ticket/{quote(ticket_id)}/attachments", params=params
            ).json()
            items = data.get("items") or []
            texts = (t for a in items for t in _attachment_texts(a.get("Content")))
            if any(is_posted_notice(notice, t) for t in texts):
                return True
            if not (data.get("next_page") or len(items) >= self.page_size):
                return False
            params["page"] += 1
        return False

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        resp = self._post_message(ticket_id, "comment", text)
        return VendorResult(resp.status_code, "; ".join(self._messages(resp)))

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        statuses = " OR ".join(f"Status={_sql_quote(s)}" for s in ACTIVE_STATUSES)
        params: dict[str, Any] = {
            "query": f"Owner={_sql_quote(agent_id)} AND ({statuses})",
            "fields": TICKET_FIELDS,
            "per_page": self.page_size,
            "page": 1,
        }
        out: list[TicketSnapshot] = []
        for _ in range(10_000):
            data = self.http.request("GET", "/tickets", params=params).json()
            items = data.get("items") or []
            out.extend(self._snapshot(item) for item in items)
            # next_page is absent on the last page, and also whenever RT cannot count what the
            # user sees (total null): then keep going until a page comes back short.
            more = bool(data.get("next_page")) or (
                data.get("total") is None and len(items) >= self.page_size
            )
            if not more:
                return out
            params["page"] += 1
        raise PermanentVendorError(
            Msg("rt: more than 10000 pages of tickets for %(agent)s", agent=agent_id)
        )

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        """``PUT /tickets/bulk``: one call per 100 tickets; 200 with per-ticket messages.

        Status 200 when every ticket moved, 207 when some did not (the summary names them).
        """
        moved: list[str] = []
        failed: dict[str, str] = {}
        ids = list(ticket_ids)
        for start in range(0, len(ids), 100):
            chunk = ids[start : start + 100]
            body = [{"id": int(t), "Owner": agent.id} for t in chunk]
            resp = self.http.request("PUT", "/tickets/bulk", json=body)
            answer = resp.json()
            results = answer if isinstance(answer, list) else []
            seen: set[str] = set()
            for row in results:
                if not isinstance(row, list) or not row:
                    continue
                tid, messages = str(row[0]), [str(m) for m in row[1:]]
                seen.add(tid)
                if self._owner_set(messages, agent.id):
                    moved.append(tid)
                else:
                    failed[tid] = "; ".join(messages) or "no answer"
            failed.update((t, "no answer") for t in chunk if t not in seen)
        summary = f"{len(moved)} of {len(ids)} tickets given to {agent.id}"
        if failed:
            summary += "; not moved: " + ", ".join(f"{t} ({why})" for t, why in failed.items())
        return VendorResult(207 if failed else 200, summary, failed)

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool:
        """A ``Correspond`` transaction (mailed to the requestors) created by ``agent_id``
        (the user Name, as REST2 shows ``Creator.id``) at or after ``since``.

        ``/ticket/{id}/history`` lists transactions oldest first; RT does not count them
        (``total`` null), so pages are read until one comes back short.
        """
        params: dict[str, Any] = {
            "fields": "Type,Creator,Created",
            "per_page": self.page_size,
            "page": 1,
        }
        for _ in range(1_000):
            data = self.http.request(
                "GET", f"/ticket/{quote(ticket_id)}/history", params=params
            ).json()
            items = data.get("items") or []
            for t in items:
                if t.get("Type") != "Correspond":
                    continue
                if str((t.get("Creator") or {}).get("id") or "") != agent_id:
                    continue
                when = parse_vendor_time(t.get("Created"))
                if when is not None and when >= since:
                    return True
            more = bool(data.get("next_page")) or (
                data.get("total") is None and len(items) >= self.page_size
            )
            if not more:
                return False
            params["page"] += 1
        return False

    group_noun = N_("queues")

    # -- readiness (issue 15) ----------------------------------------------------------------
    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck:
        """``GET /user/{name}``: privileged and not disabled. REST2 has no rights query, so
        OwnTicket on each queue is reported as unverified, never assumed (RT answers 200
        "That user may not own tickets in that queue" at the move, and that is handled)."""
        try:
            user = self._user(agent.id)
        except PermanentVendorError as exc:
            if exc.status != 404:
                raise
            return TakeCheck(False, tuple(sorted(groups)), detail="no such user")
        privileged = str(user.get("Privileged", "0")) == "1"
        enabled = str(user.get("Disabled", "0")) in ("0", "")
        detail = "" if privileged and enabled else "not privileged, or disabled"
        unverified = tuple(f"OwnTicket on queue {q}" for q in sorted(str(g) for g in groups))
        return TakeCheck(privileged and enabled, (), None, unverified, detail)
