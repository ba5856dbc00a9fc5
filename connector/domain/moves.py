"""The pure steps of the rerouting pipeline: screen → decide → choose the move → outcome.

Every path that moves a ticket because of a period (webhook reroute, start move, sweep) goes
gather context → **decide** (here and in :mod:`connector.domain.rules`; no I/O, the clock is an
argument) → plan the vendor calls → act → record. The services gather and act; this module says
what should happen, as enums with a human reason beside them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from connector.domain.events import Agent, CanonicalEvent
from connector.domain.outcomes import Outcome, Processed, SkipReason
from connector.domain.periods import Period
from connector.domain.rules import REROUTING_KINDS, Decision, needs_ticket, period_of


class Move(enum.StrEnum):
    """What to do with one ticket the rules looked at."""

    REROUTE = "reroute"  # to the replacement (the end of the chain)
    ESCALATE = "escalate"  # no replacement can take it: to the fallback agent
    NO_FALLBACK = "no_fallback"  # no replacement can take it and there is no fallback agent
    SKIP = "skip"  # stays where it is


@dataclass(frozen=True)
class MoveDecision:
    """Where one ticket goes and why: ``target`` is set for REROUTE and ESCALATE."""

    move: Move
    reason: str  # the rules' reason (why it moves, or why it stays)
    period: Period | None = None
    target: Agent | None = None
    skip: SkipReason | None = None
    escalate: str = ""  # why no replacement can take it (ESCALATE, NO_FALLBACK)

    @property
    def moves(self) -> bool:
        return self.move in (Move.REROUTE, Move.ESCALATE)


def needs_fallback(decision: Decision) -> bool:
    """True when the move depends on the helpdesk's fallback agent (resolve it only then)."""
    return decision.reroute and decision.target is None


def choose_move(decision: Decision, fallback: Agent | None) -> MoveDecision:
    """Turn the rules' decision into a move, given the fallback agent (``None``: none is
    configured, or it was not needed)."""
    if not decision.reroute:
        return MoveDecision(Move.SKIP, decision.reason, decision.period, skip=decision.skip)
    if decision.target is not None:
        t = decision.target
        return MoveDecision(
            Move.REROUTE, decision.reason, decision.period, target=Agent(t.id, t.email, t.name)
        )
    if fallback is None:
        return MoveDecision(
            Move.NO_FALLBACK, decision.reason, decision.period, escalate=decision.escalate
        )
    return MoveDecision(
        Move.ESCALATE, decision.reason, decision.period, target=fallback, escalate=decision.escalate
    )


def screen_event(event: CanonicalEvent | None, event_type: str) -> Processed | None:
    """Before any period is read: an event its mapping ignores, or one whose kind cannot
    bring a ticket to an employee, ends here (``None``: go on)."""
    if event is None:
        return Processed(Outcome.IGNORED_EVENT, f"ignored: {event_type}")
    if event.kind not in REROUTING_KINDS:
        return Processed(Outcome.DOES_NOT_REROUTE, f"{event.kind.value}: does not reroute")
    return None


def screen_periods(
    event: CanonicalEvent, periods: list[Period], now: dt.datetime
) -> Processed | None:
    """Before the ticket is read: no active period, or a payload complete enough to show the
    ticket is no employee's on leave, ends here (``None``: read the ticket and decide)."""
    if not periods:
        return Processed(Outcome.NO_ACTIVE_PERIOD, "no active period")
    if not needs_ticket(event) and period_of(event, periods, now) is None:
        return Processed(Outcome.NOT_OWNED, "ticket not owned by an employee with an active period")
    return None


def outcome_of(move: MoveDecision, ticket_id: str) -> Processed:
    """The event's outcome once the move was made (or not made) as decided."""
    if move.move is Move.SKIP:
        if move.period is None:
            return Processed(Outcome.NOT_OWNED, move.reason)
        return Processed(Outcome.SKIPPED, f"skipped: {move.reason}")
    if move.move is Move.NO_FALLBACK:
        return Processed(Outcome.NOT_REROUTED, f"not rerouted: {move.escalate}")
    assert move.target is not None
    kind = Outcome.REROUTED if move.move is Move.REROUTE else Outcome.ESCALATED
    return Processed(kind, f"rerouted ticket {ticket_id} to {move.target.id}")
