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

from connector.domain.balancing import BalanceDecision, CapacityDecision, Give
from connector.domain.events import Agent, CanonicalEvent, TicketSnapshot
from connector.domain.messages import Msg
from connector.domain.outcomes import Outcome, Processed, SkipReason
from connector.domain.periods import Period
from connector.domain.rules import (
    CLOSED_STATUSES,
    REROUTING_KINDS,
    Decision,
    needs_ticket,
    period_of,
)


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
    balance: BalanceDecision | None = None  # which of several replacements, and why

    @property
    def moves(self) -> bool:
        return self.move in (Move.REROUTE, Move.ESCALATE)


def needs_fallback(decision: Decision) -> bool:
    """True when the move depends on the helpdesk's fallback agent (resolve it only then)."""
    return decision.reroute and decision.target is None


def choose_move(
    decision: Decision,
    fallback: Agent | None,
    balance: BalanceDecision | None = None,
    capacity: CapacityDecision | None = None,
) -> MoveDecision:
    """Turn the rules' decision into a move, given the fallback agent (``None``: none is
    configured, or it was not needed) and, for a period with several replacements, the
    balancing's choice (:func:`connector.domain.balancing.choose_replacement`). The choice
    replaces the first replacement only when the rules did not follow a chain past it.
    ``capacity``: a phase's capacity rule for a new ticket (:func:`decide_capacity`); within
    the day's capacity the ticket stays with the employee."""
    if not decision.reroute:
        return MoveDecision(Move.SKIP, decision.reason, decision.period, skip=decision.skip)
    if capacity is not None and capacity.give is Give.TO_EMPLOYEE:
        return MoveDecision(Move.SKIP, capacity.reason, decision.period, skip=SkipReason.CAPACITY)
    if decision.target is not None:
        t = decision.target
        period = decision.period
        chosen = balance.target if balance is not None else None
        if chosen is not None and period is not None and t.id == period.replacement_id:
            return MoveDecision(
                Move.REROUTE,
                Msg(
                    "%(reason)s; %(code)s: %(why)s",
                    reason=decision.reason,
                    code=balance.audit_code if balance else "",
                    why=balance.reason if balance else "",
                ),
                period,
                target=Agent(chosen.id, chosen.email, chosen.name),
                balance=balance,
            )
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


# -- the hand-back: the same decide step, the other way ------------------------------------
class HandBack(enum.StrEnum):
    """What the end of a period (or a phase boundary) does with one rerouted ticket."""

    RETURN = "return"  # back to the employee
    KEEP = "keep"  # stays where it is (closed reroute, with why)


@dataclass(frozen=True)
class HandBackDecision:
    """``reason`` is what the closed reroute records for KEEP (``kept: …``) and the audit's
    reason for RETURN (``hand-back (policy)``). ``ask_replies``: RETURN only if the
    replacement has not replied (``untouched_only``): look it up, then :func:`by_replies`.
    ``replies_unknown``: RETURN by the ``rerouted_open`` rule because the vendor cannot tell
    whether the replacement replied."""

    action: HandBack
    reason: str
    ask_replies: bool = False
    replies_unknown: bool = False


def decide_handback(
    ticket: TicketSnapshot, replacement_id: str, keep_tag: str, policy: str
) -> HandBackDecision:
    """Whether a rerouted ticket, as it is now, goes back to the employee by ``policy``."""
    if (ticket.status or "") in CLOSED_STATUSES:
        return HandBackDecision(HandBack.KEEP, Msg("kept: %(status)s", status=ticket.status))
    if ticket.assignee_id != replacement_id:
        return HandBackDecision(HandBack.KEEP, Msg("kept: no longer with the replacement"))
    if keep_tag in ticket.tags:
        return HandBackDecision(
            HandBack.KEEP, Msg("kept: carries the keep-tag %(tag)s", tag=keep_tag)
        )
    reason = Msg("hand-back (%(policy)s)", policy=Msg(policy))
    if policy == "untouched_only":
        return HandBackDecision(HandBack.RETURN, reason, ask_replies=True)
    return HandBackDecision(HandBack.RETURN, reason)


def by_replies(decision: HandBackDecision, replied: bool | None) -> HandBackDecision:
    """The hand-back once the replies were looked up (``None``: the vendor cannot tell)."""
    if not decision.ask_replies:
        return decision
    if replied:
        replied_msg = Msg("kept: the replacement has replied to the customer")
        return HandBackDecision(HandBack.KEEP, replied_msg)
    if replied is None:
        return HandBackDecision(
            HandBack.RETURN,
            Msg("hand-back (rerouted_open: replies unknown)"),
            replies_unknown=True,
        )
    return HandBackDecision(HandBack.RETURN, decision.reason)
