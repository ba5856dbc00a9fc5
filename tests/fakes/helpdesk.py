"""In-memory outside systems: a helpdesk behind ``services.helpdesk_port.HelpdeskAdapter`` and
an HR system behind ``services.ports.HrTarget``, so the services that act on them can be tested
without HTTP or a database. Every write is kept in ``calls``, in order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from connector.config import HelpdeskConfig
from connector.domain.contact_log import ContactEntry, HrDocument
from connector.domain.events import Agent, TicketSnapshot
from connector.domain.helpdesk import Customer, OutboundNotice, VendorResult
from connector.domain.rules import CLOSED_STATUSES
from connector.errors import PermanentVendorError, RetryableVendorError


class FakeCache:
    def __init__(self) -> None:
        self.data: dict[Any, Any] = {}

    def get(self, key: Any, load: Callable[[], Any]) -> Any:
        if key not in self.data:
            self.data[key] = load()
        return self.data[key]


class FakeHelpdesk:
    """Tickets, agents and customers in dicts. ``refuse``: agent ids the helpdesk will not
    give a ticket to (a 422, like an agent outside the ticket's group); ``bulk_skips``: ticket
    ids a bulk call reports as not updated although it answered 200."""

    vendor = "fake"
    processing_delay_seconds = 0.0
    posts_before_commit = False
    app_sdk_url: str | None = None
    listing_cap: int | None = None
    group_noun = "groups"
    availability = "none"

    def __init__(
        self,
        config: HelpdeskConfig,
        agents: Iterable[Agent] = (),
        tickets: Iterable[TicketSnapshot] = (),
        customers: Iterable[Customer] = (),
    ) -> None:
        self.config = config
        self.mapping: Any = None  # no webhooks: the services that map payloads are not faked
        self.cache = FakeCache()
        self.agents = {a.email: a for a in agents}
        self.tickets = {t.ticket_id: t for t in tickets}
        self.customers = {c.id: c for c in customers}
        self.refuse: set[str] = set()
        self.bulk_skips: set[str] = set()
        self.calls: list[tuple[Any, ...]] = []

    # reading
    def ticket_link(self, ticket_id: str) -> str | None:
        return None

    def find_agent(self, email: str) -> Agent | None:
        return self.agents.get(email)

    def get_user(self, user_id: str) -> Agent | None:
        return next((a for a in self.agents.values() if a.id == user_id), None)

    def get_ticket(self, ticket_id: str) -> TicketSnapshot:
        return self.tickets[ticket_id]

    def get_customer(self, customer_id: str) -> Customer:
        return self.customers.get(customer_id) or Customer(customer_id, None, True)

    def own_actor_ids(self) -> frozenset[str]:
        return frozenset({"standin"})

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        return [
            t
            for t in self.tickets.values()
            if t.assignee_id == agent_id and (t.status or "") not in CLOSED_STATUSES
        ]

    def open_ticket_count(self, agent_id: str) -> int:
        return len(self.open_tickets(agent_id))

    def open_ticket_groups(self, agent_id: str) -> set[str]:
        return {t.group_id for t in self.open_tickets(agent_id) if t.group_id}

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool | None:
        return False

    # writing
    def _give(self, ticket_id: str, agent: Agent) -> None:
        self.tickets[ticket_id] = dataclasses.replace(self.tickets[ticket_id], assignee_id=agent.id)

    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        self.calls.append(("reassign", ticket.ticket_id, agent.id, notice is not None))
        if agent.id in self.refuse:
            raise PermanentVendorError(
                f"{agent.id} may not own ticket {ticket.ticket_id}", status=422
            )
        self._give(ticket.ticket_id, agent)
        return VendorResult(200, "updated")

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        self.calls.append(("bulk_reassign", tuple(ticket_ids), agent.id))
        failed = {
            t: "not updated" for t in ticket_ids if agent.id in self.refuse or t in self.bulk_skips
        }
        for t in ticket_ids:
            if t not in failed:
                self._give(t, agent)
        return VendorResult(200, f"{len(ticket_ids) - len(failed)} updated", failed)

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        self.calls.append(("note", ticket_id, text))
        return VendorResult(201, "note added")

    def can_take(self, agent: Agent, groups: Collection[str]) -> Any:
        raise NotImplementedError


class FakeHrTarget:
    """An HR system that files documents in ``filed``; ``outage`` answers 503 while set."""

    system = "webhook"

    def __init__(self) -> None:
        self.filed: list[HrDocument] = []
        self.outage = False

    def document(self, entry: ContactEntry, timezone: str) -> HrDocument:
        return HrDocument(entry, entry.contact_at.date().isoformat(), "Contact", "c.pdf", "", b"")

    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        if self.outage:
            raise RetryableVendorError("HR system: 503 Service Unavailable", retry_after=None)
        self.filed.append(doc)
        return f"hr-{len(self.filed)}"
