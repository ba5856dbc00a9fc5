"""Typed outcomes: what happened to an event, and why a rule skipped a ticket.

Code branches on these enums, never on the wording of a reason; the worker's metric label is
the enum's value. The human reason travels beside the enum (``Processed.reason``) and is what
the inbox stores and the operator reads.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.StrEnum):
    """How the worker finished one event (the ``standin_jobs`` metric label is the value)."""

    #: The ticket went to the replacement (the end of a chain of replacements).
    REROUTED = "rerouted"
    #: No replacement could take it (cycle, too-long chain): it went to the fallback agent.
    ESCALATED = "escalated"
    #: No replacement could take it and no fallback agent is configured: not moved.
    NOT_REROUTED = "not_rerouted"
    #: The helpdesk refused the replacement; the fallback agent took the ticket.
    GIVEN_TO_FALLBACK = "given_to_fallback"
    #: A period applies but a rule keeps the ticket where it is (audited as ``skipped``).
    SKIPPED = "skipped"
    #: No period is active in this helpdesk now.
    NO_ACTIVE_PERIOD = "no_active_period"
    #: The ticket is not owned by an employee with an active period.
    NOT_OWNED = "not_owned"
    #: The event kind cannot bring a ticket to an employee (e.g. an internal note).
    DOES_NOT_REROUTE = "does_not_reroute"
    #: The vendor mapping lists the event type as deliberately ignored (or maps it to nothing).
    IGNORED_EVENT = "ignored_event"
    #: The vendor mapping does not know the event type at all.
    UNKNOWN_EVENT = "unknown_event"
    #: A team lead's contact note became a contact-log entry.
    CONTACT_NOTE_RECORDED = "contact_note_recorded"
    #: A contact note was refused; its author was told why in the ticket.
    CONTACT_NOTE_REFUSED = "contact_note_refused"
    #: An internal note that is not (or may not be) a contact note: nothing recorded.
    CONTACT_NOTE_IGNORED = "contact_note_ignored"


class SkipReason(enum.StrEnum):
    """Why the rerouting rules leave a ticket where it is."""

    NOT_OWNED = "not_owned"  # not owned by an employee with an active period
    KIND_DOES_NOT_REROUTE = "kind_does_not_reroute"
    OWN_CHANGE = "own_change"  # the connector made the change itself (no loops)
    KEEP_TAG = "keep_tag"  # a deliberate manual assignment
    CLOSED = "closed"  # solved, closed, merged …
    OUT_OF_SCOPE = "out_of_scope"  # outside the period's or the active phase's scope
    CAPACITY = "capacity"  # a phase's capacity gives this new ticket back to the employee


class NoticeOutcome(enum.StrEnum):
    """Whether a move carries a customer notice, and why not (branch on this, not wording)."""

    SEND = "send"
    OFF = "off"  # notices are off for the period
    NOT_A_CUSTOMER = "not_a_customer"  # the requester is an agent
    NO_REQUESTER = "no_requester"
    ALREADY_SENT = "already_sent"  # once per customer (or ticket) per period
    BLOCKED = "blocked"  # the rendered notice failed the privacy lint: not sent


@dataclass(frozen=True)
class Processed:
    """The result of processing one event: the enum to branch and count on, and the human
    reason stored with the event. ``str()`` gives the reason."""

    outcome: Outcome
    reason: str

    def __str__(self) -> str:
        return self.reason
