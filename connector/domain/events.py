"""Canonical events: what a vendor payload means, independent of the vendor."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime


class EventKind(enum.StrEnum):
    TICKET_CREATED = "ticket_created"
    ASSIGNEE_CHANGED = "assignee_changed"
    CUSTOMER_REPLIED = "customer_replied"
    INTERNAL_NOTE = "internal_note"
    PUBLIC_COMMENT = "public_comment"
    STATUS_CHANGED = "status_changed"
    # Not a webhook: an unsolved ticket found by listing (the start move and the sweep).
    OPEN_TICKET = "open_ticket"


@dataclass(frozen=True)
class CanonicalEvent:
    """One helpdesk event in the connector's own terms.

    Fields the payload did not carry are ``None`` (not guessed): the service fetches the
    ticket when a rule needs one of them.
    """

    kind: EventKind
    helpdesk: str
    ticket_id: str
    assignee_id: str | None = None
    previous_assignee_id: str | None = None
    requester_id: str | None = None
    group_id: str | None = None
    status: str | None = None
    priority: str | None = None
    tags: tuple[str, ...] | None = None
    organization_id: str | None = None
    requester_email: str | None = None  # filled in only when a scope names customers
    actor_id: str | None = None
    note_body: str | None = None
    note_public: bool | None = None
    #: The vendor's id of the note (an RT transaction, a HubSpot note object) where the
    #: payload lacks its text or ticket: the adapter fetches them (``complete_note``).
    note_id: str | None = None
    #: Where the payload names a conversation and a message instead of the ticket (HubSpot's
    #: conversation events): the adapter reads them to find the ticket (``resolve_event``).
    thread_id: str | None = None
    message_id: str | None = None
    occurred_at: datetime | None = None
    raw_type: str = ""
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def with_ticket(self, ticket: TicketSnapshot) -> CanonicalEvent:
        """The event seen against the ticket's current state, fetched from the vendor.

        The fetched state wins: payloads can be thin, and events arrive out of order, so a
        ticket is only ever rerouted on what it is now, not on what an old event said.
        """
        return replace(
            self,
            assignee_id=ticket.assignee_id,
            requester_id=ticket.requester_id or self.requester_id,
            group_id=ticket.group_id,
            status=ticket.status or self.status,
            priority=ticket.priority or self.priority,
            tags=ticket.tags,
            organization_id=ticket.organization_id or self.organization_id,
        )


@dataclass(frozen=True)
class TicketSnapshot:
    """A ticket as fetched from the vendor API."""

    ticket_id: str
    assignee_id: str | None
    requester_id: str | None = None
    group_id: str | None = None
    status: str | None = None
    priority: str | None = None
    tags: tuple[str, ...] = ()
    subject: str = ""
    organization_id: str | None = None


@dataclass(frozen=True)
class Agent:
    """A helpdesk agent as resolved through the vendor API."""

    id: str
    email: str
    name: str
    is_agent: bool = True
    group_ids: tuple[str, ...] = ()
    default_group_id: str | None = None
