"""The *act* and *record* steps of the pipeline, shared by every path that moves tickets.

A webhook reroute (:class:`connector.services.rerouting.Rerouter`), the start move, the sweep,
the move to a new replacement, the phase boundaries and the hand-back
(:class:`connector.services.lifecycle.Lifecycle`) all go
gather → decide (:mod:`connector.domain.moves`) → plan (:func:`connector.domain.plan.plan_moves`)
→ **act** → **record**, and the last two live here, once: each move is remembered before the
vendor call (so a crash still hands it back at the end), made alone (with its notice) or in
bulk, a ticket a bulk call did not move is re-read and tried alone, a refusal is recovered
(fallback agent, else back to who had it) and every outcome is audited. Giving tickets back
to the employee acts the same way, without a fallback, closing each reroute as it goes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from connector.domain.events import Agent, TicketSnapshot
from connector.domain.helpdesk import Customer, OutboundNotice, VendorResult
from connector.domain.messages import N_, Msg
from connector.domain.periods import Period
from connector.domain.plan import MovePlan
from connector.domain.rules import CLOSED_STATUSES
from connector.errors import PermanentVendorError, VendorError
from connector.services.assignment import AssignOutcome, Recovery, recover, unknown
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.services.notices import NoticeService
from connector.services.ports import AuditRepo, LifecycleRepo

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]

#: ``via`` of a move made for one webhook event (its audit reasons carry no ``via:`` prefix).
WEBHOOK = "webhook"
#: Where a move that did not come from a webhook came from, as said before its reason (msgids).
VIAS = (N_("start"), N_("sweep"))


def fallback_agent(adapter: HelpdeskAdapter) -> Agent | None:
    """The helpdesk's configured fallback agent, resolved lazily and cached."""
    email = adapter.config.fallback_agent
    if not email:
        return None
    agent = adapter.cache.get(("fallback", email), lambda: adapter.find_agent(email))
    return agent if isinstance(agent, Agent) and agent.is_agent else None


def employee_of(period: Period) -> Agent:
    return Agent(period.employee_id, period.employee_email, period.employee_name)


@dataclass
class MoveCounts:
    total: int = 0
    moved: int = 0
    failed: int = 0
    skipped: int = 0
    notices: int = 0
    calls_note: list[str] = field(default_factory=list)

    def as_progress(self, status: str) -> dict[str, Any]:
        return {
            "status": status,
            "total": self.total,
            "moved": self.moved,
            "failed": self.failed,
            "skipped": self.skipped,
        }


@dataclass
class PlannedMove:
    """One decided move, ready for the vendor call. ``reason``: the ``rerouted`` audit
    row's reason."""

    ticket: TicketSnapshot
    target: Agent
    reason: str
    notice: OutboundNotice | None = None
    customer: Customer | None = None
    #: Who had the ticket before: where it stays (or goes back to) when ``target`` is refused
    #: and no fallback agent takes it.
    previous: Agent | None = None
    #: Who the recorded reroute says it came from (None: the period's employee).
    from_id: str | None = None
    #: The inbox event that caused the move (a webhook), for the audit rows.
    event_id: int | None = None


@dataclass(frozen=True)
class Refusal:
    """A move the helpdesk refused, and what recovering from it found."""

    move: PlannedMove
    error: PermanentVendorError
    recovery: Recovery


def said_via(via: str, text: str) -> str:
    """``text`` with where the move came from before it ("start: …"), but for a webhook."""
    return text if via == WEBHOOK else Msg("%(via)s: %(text)s", via=Msg(via), text=text)


def _recover(
    adapter: HelpdeskAdapter,
    move: PlannedMove,
    previous: Agent,
    fallback: Agent | None,
    exc: PermanentVendorError,
) -> Recovery:
    """Re-read a ticket the helpdesk refused to ``move.target`` and make sure someone owns
    it (:func:`connector.services.assignment.recover`); a failing re-read is said, never
    assumed fine."""
    try:
        return recover(adapter, move.ticket.ticket_id, move.target, previous, fallback, exc.said)
    except VendorError as read_exc:
        return unknown(move.target, exc.said, read_exc)


class Mover:
    """Acts on a :class:`MovePlan` of :class:`PlannedMove` and records what happened."""

    def __init__(
        self,
        audit: AuditRepo,
        lifecycle: LifecycleRepo,
        notices: NoticeService,
        clock: Clock,
    ):
        self.audit_log = audit
        self.lstore = lifecycle
        self.notices = notices
        self.clock = clock

    def act(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        plan: MovePlan[PlannedMove],
        via: str,
        counts: MoveCounts,
        progress: Callable[[MoveCounts], None] | None = None,
    ) -> list[Refusal]:
        """Make the plan's calls: the single moves first, then the bulk batches (``progress``
        after each). Returns the refusals of single moves (their recovery is done and
        audited; the caller decides what a refusal means for it)."""
        refusals = [r for m in plan.single if (r := self.move_one(adapter, period, m, via, counts))]
        for batch in plan.batches:
            self.move_bulk(adapter, period, list(batch), via, counts)
            if progress is not None:
                progress(counts)
        return refusals

    def move_one(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        move: PlannedMove,
        via: str,
        counts: MoveCounts,
    ) -> Refusal | None:
        self.remember(period, [move], via)
        try:
            result = adapter.reassign(move.ticket, move.target, move.notice)
        except PermanentVendorError as exc:
            return self.refused(adapter, period, move, via, counts, exc)
        if move.notice is not None and move.customer is not None:
            self.notices.mark_sent(period, move.customer.id, move.ticket.ticket_id, move.notice)
            counts.notices += 1
        counts.moved += 1
        self.record(period, [move], result)
        return None

    def move_bulk(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        moves: list[PlannedMove],
        via: str,
        counts: MoveCounts,
    ) -> None:
        target = moves[0].target
        self.remember(period, moves, via)
        ids = [m.ticket.ticket_id for m in moves]
        try:
            result = adapter.bulk_reassign(ids, target)
        except PermanentVendorError as exc:
            # The whole call was refused (e.g. HubSpot 400s a batch naming an owner it does not
            # accept): no ticket moved; each is re-read and tried alone below.
            result = VendorResult(exc.status or 400, str(exc), dict.fromkeys(ids, exc.said))
        done = [m for m in moves if m.ticket.ticket_id not in result.failed]
        counts.moved += len(done)
        self.record(period, done, result)
        for move in moves:
            if move.ticket.ticket_id in result.failed:
                self.retry_single(adapter, period, move, via, counts, result.failed)

    def retry_single(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        move: PlannedMove,
        via: str,
        counts: MoveCounts,
        failures: dict[str, str],
    ) -> None:
        """A ticket the bulk call did not move: re-read it, then move it alone (a single
        update also fixes what a bulk one cannot, e.g. Zendesk's group of the assignee)."""
        tid = move.ticket.ticket_id
        why = failures[tid]
        ticket = adapter.get_ticket(tid)
        if ticket.assignee_id == move.target.id:
            counts.moved += 1  # the job did it after all (polling gave up too early)
            self.record(period, [move], VendorResult(200, Msg("confirmed by re-reading")))
            return
        previous = move.previous or employee_of(period)
        if not ticket.assignee_id and (ticket.status or "") not in CLOSED_STATUSES:
            # Left with nobody by the bulk call (Zammad unassigns an owner it does not
            # accept, and says 200): not "changed meanwhile" — this is ours to put right.
            self.refused(
                adapter, period, move, via, counts, PermanentVendorError(why), ticket=ticket
            )
            return
        if ticket.assignee_id != previous.id or (ticket.status or "") in CLOSED_STATUSES:
            counts.skipped += 1
            self.store_audits(
                [
                    self.audit_row(
                        "skipped", period, ticket, reason=said_via(via, Msg("changed meanwhile"))
                    )
                ]
            )
            return
        log.info("ticket %s not moved in bulk (%s); moving it alone", tid, why)
        self.move_one(adapter, period, dataclasses.replace(move, ticket=ticket), via, counts)

    def refused(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        move: PlannedMove,
        via: str,
        counts: MoveCounts,
        exc: PermanentVendorError,
        *,
        ticket: TicketSnapshot | None = None,
    ) -> Refusal:
        """The vendor would not give ``move.ticket`` to ``move.target``: re-read it and make
        sure someone owns it (fallback agent, else back to the previous owner), counted as
        failed and audited with the outcome — never left silently with nobody."""
        assert period.id is not None
        previous = move.previous or employee_of(period)
        rec = _recover(adapter, move, previous, fallback_agent(adapter), exc)
        snapshot = ticket or move.ticket
        if rec.outcome is AssignOutcome.ASSIGNED:
            # The ticket did reach its new owner; what failed came after (a notice).
            counts.failed += 1
            action, to_agent, text = "reroute_failed", move.target.id, exc.said
        elif rec.outcome is AssignOutcome.CHANGED:
            counts.skipped += 1
            action, to_agent, text = "skipped", rec.owner_id, rec.reason
        else:
            counts.failed += 1
            action, to_agent, text = rec.outcome.value, rec.owner_id, rec.reason
            now = self.clock()
            if rec.outcome is AssignOutcome.FALLBACK:
                # Handed back at the end like any escalated ticket.
                self.lstore.record_reroute(
                    period.id, move.ticket.ticket_id, now, previous.id, rec.owner_id, via
                )
            else:
                self.lstore.close_reroutes(
                    period.id, [(move.ticket.ticket_id, rec.outcome.value)], now
                )
        self.store_audits(
            [
                self.audit_row(
                    action,
                    period,
                    snapshot,
                    event_id=move.event_id,
                    to_agent=to_agent or None,
                    reason=said_via(via, text),
                    vendor_status=exc.status,
                    vendor_response=exc.body or None,
                )
            ]
        )
        return Refusal(move, exc, rec)

    # -- the hand-back: the same act step, back to the employee ----------------------------
    def give_back(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        move: PlannedMove,
        result: dict[str, Any],
        notice_sent: Callable[[Period, PlannedMove], None],
    ) -> None:
        """One ticket back to the employee alone, with its hand-back notice; its reroute is
        closed as ``returned`` (``notice_sent``: record the notice as sent)."""
        assert period.id is not None
        try:
            adapter.reassign(move.ticket, move.target, move.notice)
        except PermanentVendorError as exc:
            self.give_back_refused(adapter, period, move, result, exc)
            return
        if move.customer is not None:
            notice_sent(period, move)
        result["returned"] += 1
        self.lstore.close_reroutes(period.id, [(move.ticket.ticket_id, "returned")], self.clock())

    def give_back_bulk(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        moves: list[PlannedMove],
        result: dict[str, Any],
    ) -> None:
        """One bulk call back to the employee; a ticket it did not move is tried alone."""
        assert period.id is not None
        ids = [m.ticket.ticket_id for m in moves]
        try:
            res = adapter.bulk_reassign(ids, moves[0].target)
        except PermanentVendorError as exc:  # the whole call refused: each is tried alone
            res = VendorResult(exc.status or 400, str(exc), dict.fromkeys(ids, exc.said))
        outcomes: list[tuple[str, str]] = []
        for move in moves:
            tid = move.ticket.ticket_id
            if tid in res.failed:
                try:
                    adapter.reassign(adapter.get_ticket(tid), move.target, None)
                except PermanentVendorError as exc:
                    self.give_back_refused(adapter, period, move, result, exc)
                    continue
                except VendorError as exc:
                    result["failed"] += 1
                    outcomes.append((tid, f"failed: {exc}"))
                    continue
            result["returned"] += 1
            outcomes.append((tid, "returned"))
        self.lstore.close_reroutes(period.id, outcomes, self.clock())

    def give_back_refused(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        move: PlannedMove,
        result: dict[str, Any],
        exc: PermanentVendorError,
    ) -> None:
        """The employee could not be given the ticket back: it stays with (or goes back to)
        the replacement — no fallback at the end of a period — audited, counted failed."""
        assert period.id is not None
        previous = move.previous or Agent(period.replacement_id, period.replacement_email, "")
        rec = _recover(adapter, move, previous, None, exc)
        if rec.outcome is AssignOutcome.ASSIGNED:
            result["returned"] += 1  # back with the employee; what failed came after (a notice)
            outcome, action, text = "returned", "reroute_failed", exc.said
        else:
            result["failed"] += 1
            outcome, action, text = f"failed: {rec.outcome.value}", rec.outcome.value, rec.reason
        self.lstore.close_reroutes(period.id, [(move.ticket.ticket_id, outcome)], self.clock())
        self.store_audits(
            [
                self.audit_row(
                    action,
                    period,
                    move.ticket,
                    to_agent=rec.owner_id or None,
                    reason=Msg("hand-back: %(text)s", text=text),
                    vendor_status=exc.status,
                    vendor_response=exc.body or None,
                )
            ]
        )

    # -- record ------------------------------------------------------------------------------
    def remember(self, period: Period, moves: list[PlannedMove], via: str) -> None:
        """Record the moves before the vendor call: a process that dies after the vendor
        acted but before it heard back still leaves the tickets on the hand-back list (the
        hand-back re-reads each ticket, so a move that never happened is simply kept)."""
        assert period.id is not None
        now = self.clock()
        for move in moves:
            self.lstore.record_reroute(
                period.id,
                move.ticket.ticket_id,
                now,
                period.employee_id if move.from_id is None else move.from_id,
                move.target.id,
                via,
            )

    def record(self, period: Period, moves: list[PlannedMove], result: VendorResult) -> None:
        self.store_audits(
            [
                self.audit_row(
                    "rerouted",
                    period,
                    move.ticket,
                    event_id=move.event_id,
                    to_agent=move.target.id,
                    reason=move.reason,
                    vendor_status=result.status,
                    vendor_response=result.summary,
                )
                for move in moves
            ]
        )

    @staticmethod
    def audit_row(
        action: str,
        period: Period,
        ticket: TicketSnapshot,
        *,
        event_id: int | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """An audit row about one ticket of ``period`` (``from_agent``: who has it now)."""
        context = {} if event_id is None else {"event_id": event_id}
        return {
            "action": action,
            "helpdesk": period.helpdesk,
            "period_id": period.id,
            "ticket_id": ticket.ticket_id,
            "from_agent": ticket.assignee_id,
            **context,
            **fields,
        }

    def store_audits(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        self.audit_log.audit_many(self.clock(), rows)
