"""The period lifecycle: moving the open tickets at the start, the reconciliation sweep,
moving to a new replacement, and handing tickets back at the end.

Notices at the start: Zendesk's ``update_many`` (and every vendor's bulk endpoint) sets the
same fields on many tickets and cannot carry a per-customer comment. So the tickets whose
customer is owed a notice (once per customer per period, the notice policy) move one by one,
each with its notice in the same call as the assignment, exactly as a webhook reroute does;
all the others move in bulk. That costs one extra call per notified customer, not per ticket,
and a customer never gets a notice for a move that failed. ``notice.at_start: false`` moves
everything silently in bulk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from connector.config import SchedulerConfig
from connector.domain.events import Agent, CanonicalEvent, EventKind, TicketSnapshot
from connector.domain.helpdesk import (
    Availability,
    Customer,
    OutboundNotice,
    notice_key,
)
from connector.domain.messages import Msg
from connector.domain.moves import (
    HandBack,
    Move,
    by_replies,
    choose_move,
    decide_handback,
    needs_fallback,
)
from connector.domain.periods import HandbackSettings, NoticeSettings, Period
from connector.domain.plan import DEFAULT_BATCH_SIZE, plan_moves
from connector.domain.rules import ACT_REROUTE, ACT_SKIP, CLOSED_STATUSES, Decision, decide
from connector.domain.scope import (
    boundary_key,
    follow_chain,
    needs_requester_email,
    why_out_of_scope,
)
from connector.errors import PermanentVendorError, PrivacyViolation, VendorError
from connector.services.balancing import Balancer, replacement_ids
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.services.notices import NoticeOutcome, NoticeService
from connector.services.pipeline import (
    MoveCounts,
    Mover,
    PlannedMove,
    employee_of,
    fallback_agent,
    said_via,
)
from connector.services.ports import (
    AuditRepo,
    LifecycleRepo,
    NoticeRepo,
    PeriodRepo,
)

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
CHUNK = DEFAULT_BATCH_SIZE


AVAILABILITY_SET = "availability_set"
AVAILABILITY_CLEARED = "availability_cleared"
AVAILABILITY_FAILED = "availability_failed"


def _may_recover(status: int | None) -> bool:
    """A failure worth another try later: no answer, a rate limit or a server error."""
    return status is None or status == 429 or status >= 500


class Lifecycle:
    def __init__(
        self,
        periods: PeriodRepo,
        audit: AuditRepo,
        notice_records: NoticeRepo,
        lifecycle: LifecycleRepo,
        helpdesks: Mapping[str, HelpdeskAdapter],
        clock: Clock,
        notices: NoticeService,
        config: SchedulerConfig,
    ):
        self.periods = periods
        self.audit_log = audit
        self.notice_records = notice_records
        self.lstore = lifecycle
        self.helpdesks = helpdesks
        self.clock = clock
        self.notices = notices
        self.config = config
        self.mover = Mover(audit, lifecycle, notices, clock)

    # -- moving the employee's open tickets (start move and sweep) ---------------------------
    def move_open_tickets(
        self,
        period: Period,
        now: dt.datetime,
        *,
        via: str,
        progress: Callable[[MoveCounts], None] | None = None,
        moved_before: Collection[str] = (),
    ) -> MoveCounts:
        """List the employee's unsolved tickets and move those the rules reroute.

        Idempotent: what moved is no longer the employee's and does not come back in the
        listing. ``moved_before``: tickets an earlier, interrupted run recorded as moved;
        those that are no longer listed count as moved (whether or not that run lived to
        report them), those still listed are simply counted again. When a listing hits the
        vendor's cap (Zendesk search: 1,000 results), it is listed again after moving, until
        a round moves nothing new.
        """
        assert period.id is not None
        adapter = self.helpdesks[period.helpdesk]
        counts = MoveCounts()
        periods = self.periods.periods_active_at(period.helpdesk, now)
        current = next((p for p in periods if p.id == period.id), None)
        if current is None:
            return counts
        seen: set[str] = set()
        customers: dict[str, Customer] = {}
        want_email = needs_requester_email(periods)
        balancer = Balancer(self.periods, current)
        while True:
            listing = adapter.open_tickets(period.employee_id)
            if not seen and moved_before:
                gone = set(moved_before) - {t.ticket_id for t in listing}
                counts.moved = counts.total = len(gone)
            fresh = [t for t in listing if t.ticket_id not in seen]
            seen.update(t.ticket_id for t in fresh)
            counts.total += len(fresh)
            moved_now = self._move(
                adapter,
                current,
                periods,
                fresh,
                now,
                via,
                counts,
                customers,
                want_email,
                progress,
                balancer,
            )
            cap = adapter.listing_cap
            if not (cap and len(listing) >= cap and moved_now):
                return counts

    def _customer(
        self, adapter: HelpdeskAdapter, requester_id: str | None, cache: dict[str, Customer]
    ) -> Customer | None:
        if not requester_id:
            return None
        if requester_id not in cache:
            cache[requester_id] = adapter.get_customer(requester_id)
        return cache[requester_id]

    def _move(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        periods: list[Period],
        tickets: list[TicketSnapshot],
        now: dt.datetime,
        via: str,
        counts: MoveCounts,
        customers: dict[str, Customer],
        want_email: bool,
        progress: Callable[[MoveCounts], None] | None,
        balancer: Balancer | None = None,
    ) -> int:
        assert period.id is not None
        cfg = adapter.config
        balancer = balancer or Balancer(self.periods, period)
        settings = NoticeSettings.of(period)
        notify = settings.enabled and settings.at_start
        planned: list[PlannedMove] = []
        audits: list[dict[str, Any]] = []
        for ticket in tickets:
            event = CanonicalEvent(EventKind.OPEN_TICKET, period.helpdesk, ticket.ticket_id)
            event = event.with_ticket(ticket)
            if want_email:
                customer = self._customer(adapter, ticket.requester_id, customers)
                event = dataclasses.replace(
                    event, requester_email=customer.email if customer else None
                )
            decision = decide(
                event, periods, now, keep_tag=cfg.keep_tag, max_chain=self.config.max_chain
            )
            if decision.period is None or decision.period.id != period.id:
                decision = dataclasses.replace(decision, action=ACT_SKIP)  # another period's
            # Which of several replacements (open tickets: no capacity, that is for new ones).
            balance, _ = balancer.inputs(adapter, decision, event, now, new_ticket=False)
            move = choose_move(
                decision, fallback_agent(adapter) if needs_fallback(decision) else None, balance
            )
            balancer.record(move, event, None)
            if move.move is Move.SKIP:
                counts.skipped += 1
                if via == "start":  # the sweep sees the same skips every run: no audit noise
                    audits.append(
                        self.mover.audit_row(
                            "skipped", period, ticket, reason=said_via(via, move.reason)
                        )
                    )
                continue
            if move.move is Move.NO_FALLBACK:
                counts.failed += 1
                audits.append(
                    self.mover.audit_row(
                        "reroute_failed",
                        period,
                        ticket,
                        reason=said_via(
                            via, Msg("%(why)s; no fallback_agent configured", why=move.escalate)
                        ),
                    )
                )
                continue
            assert move.target is not None
            target = move.target
            if move.move is Move.ESCALATE:
                audits.append(
                    self.mover.audit_row(
                        "escalated",
                        period,
                        ticket,
                        to_agent=target.id,
                        reason=said_via(
                            via, Msg("%(why)s; sent to the fallback agent", why=move.escalate)
                        ),
                    )
                )
            plan = PlannedMove(ticket, target, move.reason, previous=employee_of(period))
            if notify and not ticket.requester_id:
                # A listing without the requester (HubSpot's search has no contact
                # association): read the ticket, or that customer is never told.
                ticket = plan.ticket = adapter.get_ticket(ticket.ticket_id)
            if notify and ticket.requester_id:
                plan.customer = self._customer(adapter, ticket.requester_id, customers)
                if plan.customer is not None:
                    # Named and signed by whoever the ticket goes to (chain end, fallback).
                    told = self.notices.for_reroute(
                        period, cfg, plan.customer, ticket.ticket_id, now, to=target
                    )
                    plan.notice = told.notice
                    if told.outcome is NoticeOutcome.BLOCKED:
                        audits.append(
                            self.mover.audit_row(
                                "notice_blocked", period, ticket, reason=told.reason
                            )
                        )
            plan.reason = said_via(
                via,
                Msg("%(reason)s; with notice", reason=move.reason) if plan.notice else move.reason,
            )
            planned.append(plan)
        calls = plan_moves(
            planned, lambda p: p.target.id, alone=lambda p: p.notice is not None, batch_size=CHUNK
        )
        self.mover.store_audits(audits)
        moved_before = counts.moved
        self.mover.act(adapter, period, calls, via, counts, progress)
        return counts.moved - moved_before

    # -- the helpdesk's own availability (issue 15, item 12) --------------------------------
    def tell_helpdesk(self, period: Period, *, away: bool) -> None:
        """Set (start) or clear (end) the employee's availability in the helpdesk itself, where
        the vendor has one (``adapter.availability``): the helpdesk then stops assigning them
        new work, and Stand-in's rerouting is the safety net. Audited; a failure is visible
        but never blocks moving or handing back tickets (the sweep tries a failed set again
        when the failure may pass: no answer, a rate limit or a server error)."""
        adapter = self.helpdesks[period.helpdesk]
        if adapter.availability == "none":
            return
        tz = ZoneInfo(period.timezone)
        # An open-ended period has no last day: the helpdesk's away has no end either.
        last_day = (
            (period.ends_at - dt.timedelta(seconds=1)).astimezone(tz)
            if period.ends_at is not None
            else None
        )
        wanted = Availability(
            away=away,
            starts_at=period.starts_at.astimezone(tz),
            ends_at=last_day,
            replacement=Agent(
                period.replacement_id, period.replacement_email, period.replacement_name
            ),
        )
        employee = employee_of(period)
        what = Msg("away") if away else Msg("available again")
        try:
            result = adapter.set_availability(employee, wanted)
        except VendorError as exc:
            self.audit_log.audit(
                self.clock(),
                period.helpdesk,
                AVAILABILITY_FAILED,
                period_id=period.id,
                to_agent=employee.id,
                reason=Msg(
                    "could not mark %(email)s %(what)s in %(vendor)s: %(error)s",
                    email=employee.email,
                    what=what,
                    vendor=adapter.vendor,
                    error=exc.said,
                ),
                vendor_status=exc.status,
                vendor_response=exc.body or None,
            )
            return
        self.audit_log.audit(
            self.clock(),
            period.helpdesk,
            AVAILABILITY_SET if away else AVAILABILITY_CLEARED,
            period_id=period.id,
            to_agent=employee.id,
            reason=Msg(
                "%(email)s marked %(what)s in %(vendor)s (replacement %(replacement)s)",
                email=employee.email,
                what=what,
                vendor=adapter.vendor,
                replacement=period.replacement_email,
            )
            if away
            else Msg(
                "%(email)s marked %(what)s in %(vendor)s",
                email=employee.email,
                what=what,
                vendor=adapter.vendor,
            ),
            vendor_status=result.status,
            vendor_response=result.summary,
        )

    def _retry_availability(self, period: Period) -> None:
        """Set the availability again after a failure that may have passed."""
        assert period.id is not None
        adapter = self.helpdesks[period.helpdesk]
        if adapter.availability == "none":
            return
        last = self.audit_log.latest_audit_of(
            period.id, (AVAILABILITY_SET, AVAILABILITY_FAILED, AVAILABILITY_CLEARED)
        )
        failed = last is not None and last["action"] == AVAILABILITY_FAILED
        if failed and last is not None and _may_recover(last["vendor_status"]):
            self.tell_helpdesk(period, away=True)

    # -- jobs ------------------------------------------------------------------------------
    def lstore_progress(self, period_id: int) -> dict[str, Any]:
        period = self.periods.get_period(period_id)
        return dict(period.state.get("start_move") or {}) if period else {}

    def start_move(self, period: Period, now: dt.datetime) -> dict[str, Any]:
        assert period.id is not None
        pid = period.id
        before = dict(period.state.get("start_move") or {})
        # After a crash the progress row may lag behind what was moved: count from the
        # moves recorded (before each vendor call) instead.
        moved_before = [r.ticket_id for r in self.lstore.reroutes(pid) if r.via == "start"]
        self.lstore.set_start_move(pid, {**before, "status": "running"})
        if not before:  # once per period, not again when a postponed move resumes
            self.tell_helpdesk(period, away=True)

        def report(counts: MoveCounts) -> None:
            self.lstore.set_start_move(pid, counts.as_progress("running"))

        counts = self.move_open_tickets(
            period, now, via="start", progress=report, moved_before=moved_before
        )
        result = counts.as_progress("done")
        self.lstore.set_start_move(pid, result, done_at=self.clock())
        self.audit_log.audit(
            self.clock(),
            period.helpdesk,
            "start_moved",
            period_id=pid,
            from_agent=period.employee_id,
            to_agent=period.replacement_id,
            reason=Msg(
                "%(moved)s of %(total)s open tickets moved, %(skipped)s stay with the employee, "
                "%(failed)s failed, %(notices)s notices sent",
                moved=counts.moved,
                total=counts.total,
                skipped=counts.skipped,
                failed=counts.failed,
                notices=counts.notices,
            ),
        )
        return result

    def sweep(self, period: Period, now: dt.datetime) -> dict[str, Any]:
        assert period.id is not None
        self._retry_availability(period)
        counts = self.move_open_tickets(period, now, via="sweep")
        self.lstore.set_swept(period.id, now)
        if counts.moved or counts.failed:
            self.audit_log.audit(
                self.clock(),
                period.helpdesk,
                "swept",
                period_id=period.id,
                reason=Msg(
                    "reconciliation moved %(moved)s, %(failed)s failed",
                    moved=counts.moved,
                    failed=counts.failed,
                ),
            )
        return counts.as_progress("done")

    def move_to_new_replacement(self, period: Period, now: dt.datetime) -> dict[str, int]:
        """After a PATCH changed the replacement: move the rerouted tickets still open and
        still with an earlier replacement (each re-read first) to the current one."""
        assert period.id is not None
        adapter = self.helpdesks[period.helpdesk]
        periods = self.periods.periods_active_at(period.helpdesk, now)
        out = {"moved": 0, "kept": 0, "failed": 0}
        plans: list[PlannedMove] = []
        for row in self.lstore.reroutes(period.id, open_only=True):
            if row.to_agent in replacement_ids(period):
                continue  # with one of the period's replacements (the balancing put it there)
            try:
                ticket = adapter.get_ticket(row.ticket_id)
            except PermanentVendorError:
                out["kept"] += 1
                continue
            if ticket.assignee_id != row.to_agent or (ticket.status or "") in CLOSED_STATUSES:
                out["kept"] += 1
                continue
            event = CanonicalEvent(EventKind.OPEN_TICKET, period.helpdesk, ticket.ticket_id)
            chain = follow_chain(
                period, periods, now, event.with_ticket(ticket), self.config.max_chain
            )
            decision = Decision(
                ACT_REROUTE,
                "the period's replacement changed",
                period,
                target=chain.target,
                escalate=chain.escalate,
                path=chain.path,
            )
            move = choose_move(
                decision, fallback_agent(adapter) if needs_fallback(decision) else None
            )
            if move.target is None:  # Move.NO_FALLBACK: nobody to give it to
                out["failed"] += 1
                continue
            target = move.target
            before = Agent(row.to_agent, "", row.to_agent)
            plans.append(
                PlannedMove(
                    ticket,
                    target,
                    "replacement_change: the period's replacement changed",
                    previous=before,
                )
            )
        counts = MoveCounts()
        calls = plan_moves(plans, lambda p: p.target.id, batch_size=CHUNK)
        self.mover.act(adapter, period, calls, "replacement_change", counts)
        out["moved"] = counts.moved
        out["failed"] += counts.failed
        self.lstore.set_replacement_move_due(period.id, False)
        self.audit_log.audit(
            self.clock(),
            period.helpdesk,
            "replacement_moved",
            period_id=period.id,
            to_agent=period.replacement_id,
            reason=Msg(
                "moved %(moved)s rerouted open tickets to the new replacement; %(kept)s stay "
                "(solved or taken by someone), %(failed)s failed",
                moved=out["moved"],
                kept=out["kept"],
                failed=out["failed"],
            ),
        )
        return out

    def hand_back(self, period: Period, now: dt.datetime) -> dict[str, Any]:
        """At the end: give the rerouted tickets back to the employee, per the policy."""
        assert period.id is not None
        pid = period.id
        adapter = self.helpdesks[period.helpdesk]
        settings = HandbackSettings.of(period)
        rows = self.lstore.reroutes(pid, open_only=True)
        result: dict[str, Any] = {"policy": settings.policy, "returned": 0, "kept": 0, "failed": 0}
        if period.state.get("start_moved_at") is None and period.state.get("start_move"):
            self.lstore.set_start_move(
                pid, {**dict(period.state["start_move"]), "status": "cancelled"}
            )
        if settings.policy == "none":
            self.lstore.close_reroutes(pid, [(r.ticket_id, "kept: policy none") for r in rows], now)
            result["kept"] = len(rows)
        else:
            employee = Agent(period.employee_id, period.employee_email, period.employee_name)
            bulk: list[PlannedMove] = []
            for row in rows:
                try:
                    outcome, plan = self._handback_plan(
                        adapter, period, settings, row, employee, now
                    )
                except VendorError as exc:  # one ticket's failed look-up; the others go on
                    result["failed"] += 1
                    self.lstore.close_reroutes(pid, [(row.ticket_id, f"failed: {exc}")], now)
                    self.audit_log.audit(
                        self.clock(),
                        period.helpdesk,
                        "handback_failed",
                        period_id=pid,
                        ticket_id=row.ticket_id,
                        from_agent=row.to_agent,
                        to_agent=period.employee_id,
                        reason=Msg(
                            "hand-back: a look-up for this ticket failed (%(error)s); it stays "
                            "with the replacement",
                            error=str(exc),
                        ),
                        vendor_status=exc.status,
                    )
                    continue
                self._give_back(adapter, period, row.ticket_id, outcome, plan, result, bulk, now)
            self._return_all(adapter, period, bulk, result)
        result["status"] = "done"
        self.tell_helpdesk(period, away=False)
        self.lstore.set_handed_back(pid, self.clock(), result)
        self.audit_log.audit(
            self.clock(),
            period.helpdesk,
            "handed_back",
            period_id=pid,
            to_agent=period.employee_id,
            reason=Msg(
                "policy %(policy)s: %(returned)s returned to the employee, %(kept)s stay, "
                "%(failed)s failed",
                policy=Msg(settings.policy),
                returned=result["returned"],
                kept=result["kept"],
                failed=result["failed"],
            ),
        )
        return result

    def phase_boundary(
        self, period: Period, now: dt.datetime, moment: dt.datetime
    ) -> dict[str, Any]:
        """At a phase boundary: hand back to the employee the tickets rerouted earlier that the
        phase in force now gives back to them, by the period's hand-back policy (the same
        re-read, replies check, notices, bulk calls and refusal handling as at the end).
        Each handled ticket's reroute is closed as it goes, so a run cut short by a crash or a
        rate limit resumes with the rest; the boundary is done once, recorded by its moment."""
        assert period.id is not None
        pid = period.id
        key = boundary_key(moment)
        adapter = self.helpdesks[period.helpdesk]
        settings = HandbackSettings.of(period)
        result: dict[str, Any] = {
            "status": "running",
            "policy": settings.policy,
            "returned": 0,
            "kept": 0,
            "failed": 0,
            "stay": 0,
        }
        self.lstore.set_phase_move(pid, key, result)
        employee = Agent(period.employee_id, period.employee_email, period.employee_name)
        want_email = needs_requester_email([period])
        bulk: list[PlannedMove] = []
        for row in self.lstore.reroutes(pid, open_only=True):
            try:
                ticket = adapter.get_ticket(row.ticket_id)
            except PermanentVendorError:
                result["stay"] += 1  # cannot be read now: the end of the period tries again
                continue
            event = CanonicalEvent(EventKind.OPEN_TICKET, period.helpdesk, ticket.ticket_id)
            event = event.with_ticket(ticket)
            if want_email and ticket.requester_id:
                customer = adapter.get_customer(ticket.requester_id)
                event = dataclasses.replace(event, requester_email=customer.email or None)
            if why_out_of_scope(period, event, now) is None or settings.policy == "none":
                result["stay"] += 1  # still the replacement's work (or never handed back)
                continue
            outcome, plan = self._handback_plan(
                adapter, period, settings, row, employee, now, ticket=ticket
            )
            self._give_back(adapter, period, row.ticket_id, outcome, plan, result, bulk, now)
        self._return_all(adapter, period, bulk, result)
        result["status"] = "done"
        self.lstore.set_phase_move(pid, key, result)
        self.audit_log.audit(
            self.clock(),
            period.helpdesk,
            "phase_handed_back",
            period_id=pid,
            to_agent=period.employee_id,
            reason=Msg(
                "phase boundary %(key)s, policy %(policy)s: %(returned)s returned to the "
                "employee, %(kept)s kept, %(stay)s stay with the replacement, %(failed)s failed",
                key=key,
                policy=Msg(settings.policy),
                returned=result["returned"],
                kept=result["kept"],
                stay=result["stay"],
                failed=result["failed"],
            ),
        )
        return result

    def _give_back(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        ticket_id: str,
        outcome: str,
        plan: PlannedMove | None,
        result: dict[str, Any],
        bulk: list[PlannedMove],
        now: dt.datetime,
    ) -> None:
        """One planned return, its way: kept (closed with why), with a notice (alone, now),
        or into ``bulk`` for ``_return_all``."""
        assert period.id is not None
        if plan is None:
            result["kept"] += 1
            self.lstore.close_reroutes(period.id, [(ticket_id, outcome)], now)
        elif plan.notice is not None:
            self.mover.give_back(adapter, period, plan, result, self._handback_notice_sent)
        else:
            bulk.append(plan)

    def _return_all(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        bulk: list[PlannedMove],
        result: dict[str, Any],
    ) -> None:
        for batch in plan_moves(bulk, lambda p: p.target.id, batch_size=CHUNK).batches:
            self._return_bulk(adapter, period, list(batch), result)

    def _return_bulk(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        plans: list[PlannedMove],
        result: dict[str, Any],
    ) -> None:
        """One bulk call of the hand-back (the seam a test cuts with a rate limit)."""
        self.mover.give_back_bulk(adapter, period, plans, result)

    def _handback_notice_sent(self, period: Period, move: PlannedMove) -> None:
        assert period.id is not None and move.customer is not None
        self.notice_records.set_notice_status(
            period.id, f"handback:customer:{move.customer.id}", "sent"
        )
        if move.notice is not None:  # kept as posted, like the notice at the start
            sent = {k: getattr(move.notice, k) for k in ("lang", "subject", "text", "html")}
            self.notice_records.record_sent(
                period.id, move.ticket.ticket_id, move.customer.id, sent, self.clock()
            )

    def _handback_plan(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        settings: HandbackSettings,
        row: Any,
        employee: Agent,
        now: dt.datetime,
        *,
        ticket: TicketSnapshot | None = None,
    ) -> tuple[str, PlannedMove | None]:
        if ticket is None:
            try:
                ticket = adapter.get_ticket(row.ticket_id)
            except PermanentVendorError as exc:
                return f"kept: cannot read the ticket ({exc.status})", None
        decision = decide_handback(ticket, row.to_agent, adapter.config.keep_tag, settings.policy)
        if decision.ask_replies:
            replied = self._replied(adapter, ticket.ticket_id, row.to_agent, row.moved_at)
            decision = by_replies(decision, replied)
        if decision.action is HandBack.KEEP:
            return decision.reason, None
        if decision.replies_unknown:
            self.mover.store_audits(
                [
                    self.mover.audit_row(
                        "handback_fallback",
                        period,
                        ticket,
                        to_agent=employee.id,
                        reason=Msg(
                            "untouched_only: %(vendor)s cannot tell whether the replacement "
                            "replied on this ticket, so it is handed back by the rerouted_open "
                            "rule",
                            vendor=adapter.vendor,
                        ),
                    )
                ]
            )
        replacement = Agent(row.to_agent, "", row.to_agent)
        plan = PlannedMove(ticket, employee, decision.reason, previous=replacement)
        if settings.notice and ticket.requester_id:
            plan.customer = adapter.get_customer(ticket.requester_id)
            plan.notice = self._handback_notice(adapter, period, plan.customer, ticket, now)
        return "returned", plan

    @staticmethod
    def _replied(
        adapter: HelpdeskAdapter, ticket_id: str, agent_id: str, since: dt.datetime
    ) -> bool | None:
        """The adapter's answer, or None (cannot tell) for a vendor that cannot read replies
        or a look-up that failed: one ticket's failed look-up never stops a hand-back."""
        try:
            return adapter.replied_since(ticket_id, agent_id, since)
        except (NotImplementedError, VendorError):
            return None

    def _handback_notice(
        self,
        adapter: HelpdeskAdapter,
        period: Period,
        customer: Customer,
        ticket: TicketSnapshot,
        now: dt.datetime,
    ) -> OutboundNotice | None:
        """Once per customer per period, like the first notice; None when not owed."""
        assert period.id is not None
        if not customer.is_end_user:
            return None
        key = f"handback:customer:{customer.id}"
        seen = self.notice_records.notice_record(period.id, key)
        if seen is not None and (
            seen["status"] != "intended" or seen["ticket_id"] != ticket.ticket_id
        ):
            return None
        day = now.astimezone(ZoneInfo(period.timezone)).date()
        try:
            rendered = self.notices.render(
                period,
                adapter.config,
                customer,
                day,
                ticket.ticket_id,
                kind="handback",
                to=Agent(period.employee_id, period.employee_email, period.employee_name),
            )
        except PrivacyViolation:
            self.notice_records.record_notice(period.id, key, ticket.ticket_id, "", "blocked", now)
            return None
        self.notice_records.record_notice(
            period.id, key, ticket.ticket_id, rendered.lang, "intended", now
        )
        return OutboundNotice(
            rendered.subject,
            rendered.text,
            rendered.html,
            rendered.lang,
            key=notice_key(period.id, ticket.ticket_id, "handback"),
        )
