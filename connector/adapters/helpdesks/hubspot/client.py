"""HubSpot tickets: webhooks v3 (batched, signed) in, CRM and Conversations APIs out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import logging
from collections.abc import Callable, Collection, Iterator, Sequence
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
from connector.adapters.http import VendorHttp
from connector.config import HelpdeskConfig
from connector.domain.events import Agent, CanonicalEvent, EventKind, TicketSnapshot
from connector.domain.messages import N_, Msg
from connector.errors import PermanentVendorError, VendorError
from connector.html_text import html_to_text
from connector.mapping import VendorMapping

log = logging.getLogger(__name__)

TICKET_PROPERTIES = (
    "subject",
    "hubspot_owner_id",
    "hs_pipeline",
    "hs_pipeline_stage",
    "hs_ticket_priority",
    "hubspot_team_id",
)
SEARCH_PROPERTIES = (
    "subject",
    "hubspot_owner_id",
    "hs_pipeline",
    "hs_pipeline_stage",
    "hs_ticket_priority",
    "hs_lastmodifieddate",
)
NOTE_TO_TICKET = 228  # HubSpot-defined association type id: note → ticket
#: What a note is read with: its text, who created it (a *user* id: the documented
#: ``hs_created_by_user_id``, and ``hs_created_by`` seen on notes) and its tickets.
NOTE_PROPERTIES = "hs_note_body,hs_created_by_user_id,hs_created_by"
EMAIL_CHANNEL = "1002"
BATCH_LIMIT = 100
MESSAGES_PAGE_SIZE = 100


def _sid(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _html(text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join(
        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs or [text]
    )


class HubSpotClient(HelpdeskAdapter):
    """HubSpot's API: tickets, users, reassignment and notices."""

    vendor = "hubspot"
    #: Search page size (HubSpot allows up to 200).
    search_page_size = 200

    def __init__(self, config: HelpdeskConfig, mapping: VendorMapping, http: VendorHttp):
        super().__init__(config, mapping, http)
        # Notes need a timestamp; tests replace the clock.
        self.clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    @classmethod
    def http_options(cls, config: HelpdeskConfig) -> dict[str, Any]:
        token = config.credentials["access_token"].reveal()
        return {"base_url": config.url, "headers": {"Authorization": f"Bearer {token}"}}

    @property
    def app_id(self) -> str | None:
        app = self.config.credentials.get("app_id")
        return app.reveal() if app else None

    # -- lookups ---------------------------------------------------------------------------
    def _owners(self, email: str, archived: bool = False) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"email": email}
        if archived:
            params["archived"] = "true"
        rows = self.http.request("GET", "/crm/v3/owners", params=params).json().get("results")
        return [o for o in rows or [] if str(o.get("email", "")).lower() == email.lower()]

    def find_agent(self, email: str) -> Agent | None:
        for owner in self._owners(email):
            teams = owner.get("teams") or []
            return Agent(
                id=str(owner["id"]),
                email=str(owner.get("email")),
                name=" ".join(
                    p for p in (owner.get("firstName"), owner.get("lastName")) if p
                ).strip()
                or email,
                is_agent=owner.get("userId") is not None,
                group_ids=tuple(str(t["id"]) for t in teams),
                default_group_id=next((str(t["id"]) for t in teams if t.get("primary")), None),
            )
        # A deactivated user remains an archived owner: known, but not an agent any more.
        for owner in self._owners(email, archived=True):
            return Agent(str(owner["id"]), str(owner.get("email")), email, is_agent=False)
        found = self.http.request(
            "POST",
            "/crm/v3/objects/contacts/search",
            json={
                "filterGroups": [
                    {"filters": [{"propertyName": "email", "operator": "EQ", "value": email}]}
                ],
                "properties": ["email", "firstname", "lastname", "hs_language"],
                "sorts": [],
                "limit": 1,
                "after": "0",
            },
        ).json()
        for contact in found.get("results") or []:
            return Agent(str(contact["id"]), email, email, is_agent=False)
        return None

    def get_user(self, user_id: str) -> Agent | None:
        """The owner behind a HubSpot *user* id (``userId:123`` as in webhooks, or ``123``).

        Webhooks and notes name people by user id, not owner id; ``idProperty=userId`` looks
        the owner up by it. An app (``app:…``) is nobody. Cached.
        """
        uid = user_id.removeprefix("userId:")
        if not uid.isdigit():
            return None

        def load() -> Agent | None:
            owner = self.http.get_json_or_none(
                f"/crm/v3/owners/{uid}", params={"idProperty": "userId"}
            )
            if owner is None:
                return None
            return Agent(
                id=str(owner["id"]),
                email=str(owner.get("email") or ""),
                name=" ".join(
                    p for p in (owner.get("firstName"), owner.get("lastName")) if p
                ).strip(),
                is_agent=owner.get("userId") is not None and not owner.get("archived", False),
            )

        result: Agent | None = self.cache.get(("user-by-user-id", uid), load)
        return result

    def complete_note(self, event: CanonicalEvent) -> CanonicalEvent:
        """Read the note the creation event names: its text (HTML → text), author, ticket.

        A note on no ticket (a contact's or deal's note) keeps no text, so it is not taken
        for a contact note. The requester is not known yet: the service reads the ticket
        only for a team lead's contact note (to redact the customer's name).
        """
        if not event.note_id:
            return event
        note = self.http.request(
            "GET",
            f"/crm/v3/objects/notes/{event.note_id}",
            params={"properties": NOTE_PROPERTIES, "associations": "tickets"},
        ).json()
        tickets = ((note.get("associations") or {}).get("tickets") or {}).get("results") or []
        if not tickets:
            return dataclasses.replace(event, note_body=None)
        props = note.get("properties") or {}
        creator = props.get("hs_created_by_user_id") or props.get("hs_created_by")
        return dataclasses.replace(
            event,
            ticket_id=str(tickets[0]["id"]),
            note_body=html_to_text(str(props.get("hs_note_body") or "")),
            actor_id=f"userId:{creator}" if creator else event.actor_id,
        )

    def resolve_event(self, event: CanonicalEvent) -> CanonicalEvent | None:
        """A new message in a Conversations thread, made about the thread's ticket.

        The webhook names the thread and the message only. The message says who wrote it:
        an incoming message from a visitor or contact is the customer's reply; anything else
        (an agent's outgoing message) is a public comment that reroutes nothing. The thread
        names its ticket (``association=TICKET``); a thread without one concerns no ticket.
        """
        if not event.thread_id:
            return event
        base = f"/conversations/v3/conversations/threads/{event.thread_id}"
        msg = self.http.request("GET", f"{base}/messages/{event.message_id}").json()
        thread = self.http.request("GET", base, params={"association": "TICKET"}).json()
        ticket = (thread.get("threadAssociations") or {}).get("associatedTicketId")
        if not ticket:
            return None
        incoming = msg.get("type") == "MESSAGE" and msg.get("direction") == "INCOMING"
        senders = [str(s.get("actorId")) for s in msg.get("senders") or [] if s.get("actorId")]
        return dataclasses.replace(
            event,
            kind=event.kind if incoming else EventKind.PUBLIC_COMMENT,
            ticket_id=str(ticket),
            actor_id=senders[0] if senders else _sid(msg.get("createdBy")),
        )

    def _user_id(self, owner_id: str) -> str:
        """The user behind an owner (Conversations names senders by user, ``A-<userId>``)."""

        def load() -> str:
            owner = self.http.request("GET", f"/crm/v3/owners/{owner_id}").json()
            if owner.get("userId") is None:
                raise PermanentVendorError(
                    Msg("hubspot: owner %(owner)s is not an active user", owner=owner_id)
                )
            return str(owner["userId"])

        result: str = self.cache.get(("user", owner_id), load)
        return result

    def _stage_states(self) -> dict[tuple[str, str], str]:
        """(pipeline, stage) → OPEN or CLOSED, from the ticket pipelines (cached)."""

        def load() -> dict[tuple[str, str], str]:
            data = self.http.request("GET", "/crm/v3/pipelines/tickets").json()
            return {
                (str(p["id"]), str(s["id"])): str((s.get("metadata") or {}).get("ticketState"))
                for p in data.get("results") or []
                for s in p.get("stages") or []
            }

        result: dict[tuple[str, str], str] = self.cache.get("pipelines", load)
        return result

    def _status(self, props: dict[str, Any]) -> str | None:
        key = (str(props.get("hs_pipeline")), str(props.get("hs_pipeline_stage")))
        if key not in self._stage_states():
            self.cache.clear()  # a pipeline or stage added since we cached them: look again
        state = self._stage_states().get(key)
        return {"OPEN": "open", "CLOSED": "closed"}.get(state or "")

    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        t = self.http.request(
            "GET",
            f"/crm/v3/objects/tickets/{ticket_id}",
            params={
                "properties": ",".join(self._properties(TICKET_PROPERTIES)),
                "associations": "contacts",
            },
        ).json()
        contacts = ((t.get("associations") or {}).get("contacts") or {}).get("results") or []
        return self._snapshot(t, requester=_sid(contacts[0]["id"]) if contacts else None)

    def _properties(self, names: Sequence[str]) -> list[str]:
        """Ticket properties to read: ``names`` and the keep-marker property of the mapping."""
        marker = self.mapping.keep_marker
        return [*names, marker.field] if marker and marker.field not in names else list(names)

    def _snapshot(self, t: dict[str, Any], requester: str | None = None) -> TicketSnapshot:
        props = t.get("properties") or {}
        priority = props.get("hs_ticket_priority")
        pmap = self.mapping.value_maps.get("priority", {})
        return TicketSnapshot(
            ticket_id=str(t["id"]),
            assignee_id=_sid(props.get("hubspot_owner_id")) or "",
            requester_id=requester,
            group_id=_sid(props.get("hubspot_team_id")),
            status=self._status(props),
            priority=pmap.get(str(priority).lower(), str(priority).lower()) if priority else None,
            tags=self.keep_marker_tags(props),  # no tags: the mapping's keep-marker property
            subject=props.get("subject") or "",
        )

    def _contact(self, contact_id: str) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            return dict(
                self.http.request(
                    "GET",
                    f"/crm/v3/objects/contacts/{contact_id}",
                    params={"properties": "email,firstname,lastname,hs_language"},
                ).json()
            )

        result: dict[str, Any] = self.cache.get(("contact", contact_id), load)
        return result

    def get_customer(self, customer_id: str) -> Customer:
        """The ticket's contact; a contact who is also an owner is a colleague, not a customer."""
        c = self._contact(customer_id)
        props = c.get("properties") or {}
        email = str(props.get("email") or "")
        colleague = bool(email) and bool(self._owners(email))
        return Customer(
            id=str(c["id"]),
            locale=props.get("hs_language") or None,
            is_end_user=not colleague,
            email=email,
            name=" ".join(p for p in (props.get("firstname"), props.get("lastname")) if p),
        )

    def own_actor_ids(self) -> frozenset[str]:
        # Without app_id our own changes cannot be told apart; they still never loop, because
        # a ticket we reassign leaves the employee.
        return frozenset({f"app:{self.app_id}"}) if self.app_id else frozenset()

    # -- writes ----------------------------------------------------------------------------
    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        """Set the owner, then post the notice (HubSpot cannot do both in one call).

        The owner is set first so that a customer is never told about a colleague who then
        does not get the ticket. A lost answer to the message POST is settled by looking for
        the notice's marker in the thread (``post_notice_once``). A notice that still fails
        is raised as permanent (a job retry would find the ticket moved and skip it): visible
        in the audit and the dead letters; the notices table keeps the intent without "sent".
        """
        resp = self.http.request(
            "PATCH",
            f"/crm/v3/objects/tickets/{ticket.ticket_id}",
            json={"properties": {"hubspot_owner_id": agent.id}},
        )
        done = f"owner set to {agent.id}"
        if notice is None:
            return VendorResult(resp.status_code, f"{done}; no notice")
        try:
            how = self._deliver(ticket, agent, notice)
        except VendorError as exc:
            # Also after lost answers the marker check could not settle: a job retry would
            # find the ticket already moved and skip it, losing the notice silently.
            raise PermanentVendorError(
                Msg(
                    "owner set to %(owner)s, but the notice failed: %(error)s",
                    owner=agent.id,
                    error=exc.said,
                ),
                status=exc.status,
                body=exc.body,
            ) from exc
        return VendorResult(resp.status_code, f"{done}; {how}")

    def _deliver(self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice) -> str:
        thread = self._thread_of(ticket) if notice.public else None
        recipients = self._recipients(ticket, thread) if thread is not None else []
        if thread is not None and recipients:
            # HubSpot's Conversations spec requires type, text, senderActorId, channelId,
            # channelAccountId, recipients and attachments (empty: none) on every channel.
            body: dict[str, Any] = {
                "type": "MESSAGE",
                "text": notice.text,
                # The hidden marker: lets a retry after a lost answer find this message.
                "richText": (notice.html or _html(notice.text)) + notice.marker,
                "senderActorId": f"A-{self._user_id(agent.id)}",
                "channelId": str(thread.get("originalChannelId")),
                "channelAccountId": str(thread.get("originalChannelAccountId")),
                "subject": f"Re: {ticket.subject}" if ticket.subject else notice.subject,
                "recipients": recipients,
                "attachments": [],
            }
            path = f"/conversations/v3/conversations/threads/{thread['id']}/messages"
            sent: list[dict[str, Any]] = []
            found = self.post_notice_once(
                ticket.ticket_id,
                notice,
                lambda: sent.append(
                    self.http.request("POST", path, json=body, idempotent=False).json()
                ),
            )
            if found:
                return (
                    f"notice found in conversation thread {thread['id']} after a lost answer "
                    "(not posted again)"
                )
            return (
                f"notice sent to the customer in conversation thread {thread['id']} "
                f"(message {sent[-1].get('id')})"
            )
        if not notice.public:
            why = "the notice is internal"
        elif thread is None:
            why = "no open conversation thread, so the customer was NOT notified"
        else:
            why = (
                f"conversation thread {thread['id']} names no address of the customer to "
                "reply to, so the customer was NOT notified"
            )
        text = (
            f"Stand-in: this ticket is now with {agent.name}. There is no conversation thread "
            f"to reply in, so the customer has not been told yet. Please send them this "
            f"message ({notice.lang}):\n\n{notice.text}"
            if notice.public
            else notice.text
        )
        note = self.add_internal_note(ticket.ticket_id, text)
        return f"{why}; internal note for {agent.name} instead ({note.summary})"

    def _recipients(self, ticket: TicketSnapshot, thread: dict[str, Any]) -> list[dict[str, Any]]:
        """Whom a reply in ``thread`` goes to, in the form the message POST requires.

        On e-mail, the ticket's contact by address. Elsewhere (chat, WhatsApp, Messenger, …)
        HubSpot addresses the customer by the channel's own identifier, which only the
        customer's messages carry: the senders of the latest incoming message. Empty when
        neither is known (the caller then leaves a note for the replacement instead).
        """
        if str(thread.get("originalChannelId")) == EMAIL_CHANNEL and ticket.requester_id:
            email = str(
                (self._contact(ticket.requester_id).get("properties") or {}).get("email") or ""
            )
            if email:
                return [
                    {
                        "recipientField": "TO",
                        "deliveryIdentifiers": [{"type": "HS_EMAIL_ADDRESS", "value": email}],
                    }
                ]
        path = f"/conversations/v3/conversations/threads/{thread['id']}/messages"
        latest: dict[str, Any] | None = None
        for msg in self._pages("GET", path, {"limit": MESSAGES_PAGE_SIZE}):
            if msg.get("type") == "MESSAGE" and msg.get("direction") == "INCOMING":
                when = parse_vendor_time(msg.get("createdAt"))
                then = parse_vendor_time((latest or {}).get("createdAt"))
                if latest is None or (when and then and when >= then):
                    latest = msg
        out: list[dict[str, Any]] = []
        for sender in (latest or {}).get("senders") or []:
            ident = sender.get("deliveryIdentifier")
            if isinstance(ident, dict) and ident.get("type") and ident.get("value"):
                row: dict[str, Any] = {
                    "recipientField": "TO",
                    "deliveryIdentifiers": [{"type": ident["type"], "value": ident["value"]}],
                }
                if sender.get("actorId"):
                    row["actorId"] = str(sender["actorId"])
                out.append(row)
        return out

    def notice_present(self, ticket_id: str, notice: OutboundNotice) -> bool:
        """The marker in a message of the ticket's Conversations thread (its ``richText``)."""
        thread = self._thread_of(self.get_ticket(ticket_id), open_only=False)
        if thread is None:
            return False
        path = f"/conversations/v3/conversations/threads/{thread['id']}/messages"
        return any(
            is_posted_notice(notice, str(msg.get("richText") or msg.get("text") or ""))
            for msg in self._pages("GET", path, {"limit": MESSAGES_PAGE_SIZE})
        )

    def _thread_of(
        self, ticket: TicketSnapshot, *, open_only: bool = True
    ) -> dict[str, Any] | None:
        """The (open) Conversations thread of the ticket, found through the ticket's contact.

        The threads API cannot filter by ticket; it lists a contact's threads, and with
        ``association=TICKET`` each names its ticket. With ``associatedContactId`` HubSpot
        requires ``threadStatus`` (it refuses the listing without it), so "any thread" is
        the open ones, then the closed ones.
        """
        if not ticket.requester_id:
            return None
        for status in ("OPEN",) if open_only else ("OPEN", "CLOSED"):
            params: dict[str, Any] = {
                "associatedContactId": ticket.requester_id,
                "threadStatus": status,
                "association": "TICKET",
            }
            for thread in self._pages("GET", "/conversations/v3/conversations/threads", params):
                assoc = thread.get("threadAssociations") or {}
                if str(assoc.get("associatedTicketId")) == ticket.ticket_id:
                    return thread
        return None

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool | None:
        """An outgoing message (``type MESSAGE``, ``direction OUTGOING``) sent by the owner's
        user (``A-<userId>``) at or after ``since`` in the ticket's Conversations thread.

        HubSpot tickets keep no reply history of their own: replies live in the help-desk
        conversation thread linked to the ticket (found through its contact). A ticket
        without such a thread (created by hand, replied to from the CRM record) has no
        reliable per-agent record, so this answers None ("cannot tell") rather than guess;
        the hand-back then treats it as ``rerouted_open`` and audits that. So does an owner
        who is no longer an active user (their messages cannot be matched), and so does a
        look-up of the thread or its messages that HubSpot refuses or fails: one ticket's
        failed look-up must not stop a hand-back of many.
        """
        try:
            thread = self._thread_of(self.get_ticket(ticket_id), open_only=False)
            if thread is None:
                return None
            sender = f"A-{self._user_id(agent_id)}"
            path = f"/conversations/v3/conversations/threads/{thread['id']}/messages"
            for msg in self._pages("GET", path, {"limit": MESSAGES_PAGE_SIZE}):
                if msg.get("type") != "MESSAGE" or msg.get("direction") != "OUTGOING":
                    continue
                if sender not in {str(s.get("actorId")) for s in msg.get("senders") or []}:
                    continue
                when = parse_vendor_time(msg.get("createdAt"))
                if when is not None and when >= since:
                    return True
        except VendorError as exc:
            log.warning(
                "hubspot: replies on ticket %s cannot be read (%s); treated as unknown",
                ticket_id,
                exc.status or type(exc).__name__,
            )
            return None
        return False

    def _pages(self, method: str, path: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        after: str | None = None
        while True:
            page_params = {**params, **({"after": after} if after else {})}
            data = self.http.request(method, path, params=page_params).json()
            yield from data.get("results") or []
            after = ((data.get("paging") or {}).get("next") or {}).get("after")
            if not after:
                return

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        resp = self.http.request(
            "POST",
            "/crm/v3/objects/notes",
            json={
                "properties": {
                    "hs_timestamp": self.clock()
                    .astimezone(dt.UTC)
                    .isoformat(timespec="milliseconds")
                    .replace("+00:00", "Z"),
                    "hs_note_body": _html(text),
                },
                "associations": [
                    {
                        "to": {"id": ticket_id},
                        "types": [
                            {
                                "associationCategory": "HUBSPOT_DEFINED",
                                "associationTypeId": NOTE_TO_TICKET,
                            }
                        ],
                    }
                ],
            },
        )
        return VendorResult(resp.status_code, f"note {resp.json().get('id')}")

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        """Every ticket the owner has in a stage that is not closed, all pages.

        HubSpot search returns at most 10 000 results per query and indexes changes with a
        short delay (the sweep runs again later).
        """
        closed = sorted({s for (_, s), state in self._stage_states().items() if state == "CLOSED"})
        filters: list[dict[str, Any]] = [
            {"propertyName": "hubspot_owner_id", "operator": "EQ", "value": agent_id}
        ]
        if closed:
            filters.append(
                {"propertyName": "hs_pipeline_stage", "operator": "NOT_IN", "values": closed}
            )
        # HubSpot's published search request requires after, sorts, properties, limit and
        # filterGroups; its sorts are strings there and objects in its guides, so none is
        # sent (an empty list satisfies both), and the first page starts "after" 0.
        query: dict[str, Any] = {
            "filterGroups": [{"filters": filters}],
            "properties": self._properties(SEARCH_PROPERTIES),
            "sorts": [],
            "limit": self.search_page_size,
            "after": "0",
        }
        out: list[TicketSnapshot] = []
        while True:
            data = self.http.request("POST", "/crm/v3/objects/tickets/search", json=query).json()
            out += [self._snapshot(t) for t in data.get("results") or []]
            after = ((data.get("paging") or {}).get("next") or {}).get("after")
            if not after:
                return out
            query = {**query, "after": after}

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        """Set the owner of many tickets, 100 per call; a 207 lists the tickets that failed."""
        done = 0
        failures: list[str] = []
        failed: dict[str, str] = {}
        status = 200
        for start in range(0, len(ticket_ids), BATCH_LIMIT):
            chunk = ticket_ids[start : start + BATCH_LIMIT]
            resp = self.http.request(
                "POST",
                "/crm/v3/objects/tickets/batch/update",
                json={
                    "inputs": [
                        {"id": tid, "properties": {"hubspot_owner_id": agent.id}} for tid in chunk
                    ]
                },
            )
            data = resp.json()
            done += len(data.get("results") or [])
            if resp.status_code == 207 or data.get("numErrors"):
                status = 207
                for err in data.get("errors") or []:
                    err_ids = [str(i) for i in (err.get("context") or {}).get("ids") or []]
                    why = f"{err.get('category')}: {err.get('message')}"
                    failures.append(f"{','.join(err_ids) or '?'} ({why})")
                    failed.update(dict.fromkeys(err_ids, why))
                # A ticket neither in the results nor named by an error did not move either.
                ok = {str(r.get("id")) for r in data.get("results") or []}
                for tid in chunk:
                    if str(tid) not in ok and str(tid) not in failed:
                        failed[str(tid)] = Msg("not in HubSpot's batch answer")
        summary = f"owner set to {agent.id} on {done} of {len(ticket_ids)} tickets"
        if failures:
            summary += "; failed: " + "; ".join(failures)
        return VendorResult(status, summary, failed)

    group_noun = N_("teams")

    # -- readiness and availability (issue 15) -----------------------------------------------
    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck:
        """``GET /crm/v3/owners/{id}``: an active owner (archived owners 404; HubSpot 400s any
        other ``hubspot_owner_id``) with a user, in the teams of the tickets. The owners API
        shows no seats, so a Service Hub seat is reported as unverified."""
        owner = self.http.get_json_or_none(f"/crm/v3/owners/{agent.id}")
        if owner is None or owner.get("archived"):
            return TakeCheck(False, tuple(sorted(groups)), detail="not an active owner")
        active = owner.get("userId") is not None
        teams = {str(t.get("id")) for t in owner.get("teams") or []}
        missing = tuple(sorted(str(g) for g in groups if str(g) not in teams))
        detail = "" if active else "an owner without a HubSpot user"
        return TakeCheck(active, missing, None, ("a Service Hub seat",), detail)

    availability = "native"

    def _crm_user_id(self, agent: Agent) -> str:
        """The CRM user record of an owner: ``hs_internal_user_id`` is the owner's ``userId``
        (three id spaces: owner, user, CRM user). Listed, 100 a page, and cached."""

        def load() -> str:
            user_id = self._user_id(agent.id)
            params: dict[str, Any] = {"properties": "hs_internal_user_id", "limit": 100}
            for row in self._pages("GET", "/crm/v3/objects/users", params):
                props = row.get("properties") or {}
                if str(props.get("hs_internal_user_id")) == str(user_id):
                    return str(row["id"])
            raise PermanentVendorError(
                Msg("hubspot: no CRM user record for owner %(owner)s", owner=agent.id)
            )

        result: str = self.cache.get(("crm_user", agent.id), load)
        return result

    def set_availability(self, agent: Agent, availability: Availability) -> VendorResult:
        """``PATCH /crm/v3/objects/users/{id}`` ``hs_availability_status`` ``away`` /
        ``available``: HubSpot's routing (round robin, inbox and help desk assignment) skips an
        agent who is away. Needs the ``crm.objects.users.write`` scope."""
        status = "away" if availability.away else "available"
        crm_id = self._crm_user_id(agent)
        resp = self.http.request(
            "PATCH",
            f"/crm/v3/objects/users/{crm_id}",
            json={"properties": {"hs_availability_status": status}},
        )
        got = (resp.json().get("properties") or {}).get("hs_availability_status")
        if got != status:
            raise PermanentVendorError(
                Msg(
                    "hubspot: user %(user)s is %(got)s, not %(want)s",
                    user=crm_id,
                    got=repr(got),
                    want=repr(status),
                ),
                status=resp.status_code,
                body=resp.text,
            )
        return VendorResult(resp.status_code, f"hs_availability_status set to {status}")
