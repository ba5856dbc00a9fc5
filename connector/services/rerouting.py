"""Processing one accepted event: map, decide, act through the vendor, audit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from connector.domain.events import Agent, CanonicalEvent, TicketSnapshot
from connector.domain.helpdesk import Customer
from connector.domain.messages import Msg
from connector.domain.moves import (
    Move,
    MoveDecision,
    choose_move,
    needs_fallback,
    outcome_of,
    screen_event,
    screen_periods,
)
from connector.domain.outcomes import NoticeOutcome, Outcome, Processed
from connector.domain.periods import Period, active_periods
from connector.domain.plan import plan_moves
from connector.domain.records import ClaimedEvent
from connector.domain.rules import decide, period_of
from connector.domain.scope import DEFAULT_CHAIN_DEPTH, needs_requester_email
from connector.errors import PermanentVendorError, RetryableVendorError
from connector.services.assignment import AssignOutcome
from connector.services.balancing import Balancer, is_new_ticket
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.services.notices import NoticeService
from connector.services.pipeline import (
    WEBHOOK,
    MoveCounts,
    Mover,
    PlannedMove,
    Refusal,
    employee_of,
    fallback_agent,
)
from connector.services.ports import AuditRepo, LifecycleRepo, PeriodRepo

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
STALE_READ_ATTEMPTS = 4  # how often a contradicting fresh read is retried before it is believed


class ActivePeriods:
    """The active periods of each helpdesk for a worker's batch of events, read once per
    helpdesk and ``window``: one query for the batch, not one per event.

    What is read is every period active at some moment of the window; each event then gets
    those active at its own moment, so a period that starts or ends inside the window is
    honoured to the second. A period created, changed or ended early by a team lead while
    the window is open reaches the batch when the window ends (``window`` seconds at most).
    """

    def __init__(self, repo: PeriodRepo, window: float = 1.0):
        self.repo = repo
        self.window = dt.timedelta(seconds=window)
        self._read: dict[str, tuple[dt.datetime, dt.datetime, list[Period]]] = {}

    def at(self, helpdesk: str, now: dt.datetime) -> list[Period]:
        read = self._read.get(helpdesk)
        if read is None or not read[0] <= now <= read[1]:
            read = (now, now + self.window, [])
            read[2].extend(self.repo.periods_active_during(helpdesk, read[0], read[1]))
            self._read[helpdesk] = read
        return active_periods(read[2], now)


class NoteHandler(Protocol):
    def is_contact_note(self, event: CanonicalEvent) -> bool: ...

    def handle_note(
        self, event: CanonicalEvent, adapter: HelpdeskAdapter, event_id: int
    ) -> Processed: ...


@dataclass(frozen=True)
class _Context:
    """What the decision and the vendor call need about one event (the gather step)."""

    ev: ClaimedEvent
    adapter: HelpdeskAdapter
    event: CanonicalEvent  # completed with the ticket as it is now
    ticket: TicketSnapshot
    now: dt.datetime
    customer: Customer | None  # read early when a scope names customers by e-mail


class Rerouter:
    def __init__(
        self,
        periods: PeriodRepo,
        audit: AuditRepo,
        lifecycle: LifecycleRepo,
        helpdesks: Mapping[str, HelpdeskAdapter],
        clock: Clock,
        notices: NoticeService,
        notes: NoteHandler | None = None,
        on_notice: Callable[[str], None] = lambda result: None,
        max_chain: int = DEFAULT_CHAIN_DEPTH,
    ):
        self.periods = periods
        self.audit_log = audit
        self.helpdesks = helpdesks
        self.clock = clock
        self.notices = notices
        self.notes = notes
        self.on_notice = on_notice
        self.max_chain = max_chain
        self.mover = Mover(audit, lifecycle, notices, clock)

    def active_periods(self, window: float = 1.0) -> ActivePeriods:
        """A reader of active periods for a batch of events (see ``ActivePeriods``)."""
        return ActivePeriods(self.periods, window)

    def process(self, ev: ClaimedEvent, reader: ActivePeriods | None = None) -> Processed:
        """Handle one event: gather → decide → plan → act → record. Returns the typed
        outcome with its human reason; vendor errors propagate to the worker. ``reader``:
        the batch's reader of active periods (without one they are read for this event)."""
        adapter = self.helpdesks.get(ev.helpdesk)
        if adapter is None:
            raise PermanentVendorError(
                Msg("helpdesk %(helpdesk)s is no longer configured", helpdesk=repr(ev.helpdesk))
            )
        event = adapter.mapping.to_canonical(ev.helpdesk, ev.event_type, json.loads(ev.payload))
        if event is not None and event.thread_id:
            event = adapter.resolve_event(event)  # a conversation's message → its ticket
        if event is not None and self.notes is not None and self.notes.is_contact_note(event):
            return self.notes.handle_note(event, adapter, ev.id)  # a team lead's contact note
        screened = screen_event(event, ev.event_type)
        if screened is not None or event is None:
            return screened or Processed(Outcome.IGNORED_EVENT, f"ignored: {ev.event_type}")
        now = self.clock()
        periods = (reader or self.active_periods()).at(ev.helpdesk, now)
        screened = screen_periods(event, periods, now)
        if screened is not None:
            return screened
        ctx = self._gather(ev, adapter, event, periods, now)
        decision = decide(
            ctx.event,
            periods,
            now,
            own_actor_ids=adapter.own_actor_ids(),
            keep_tag=adapter.config.keep_tag,
            max_chain=self.max_chain,
        )
        balancer = Balancer(self.periods, decision.period) if decision.period else None
        balance, capacity = (
            balancer.inputs(adapter, decision, ctx.event, now, new_ticket=is_new_ticket(ctx.event))
            if balancer is not None
            else (None, None)
        )
        move = choose_move(
            decision,
            fallback_agent(adapter) if needs_fallback(decision) else None,
            balance,
            capacity,
        )
        if balancer is not None:
            balancer.record(move, ctx.event, capacity)
        return self._act(ctx, move)

    def _gather(
        self,
        ev: ClaimedEvent,
        adapter: HelpdeskAdapter,
        event: CanonicalEvent,
        periods: list[Period],
        now: dt.datetime,
    ) -> _Context:
        """The ticket as it is now and, when a scope names customers by e-mail, the
        requester's address: what the rules need beyond the payload."""
        # Confirm against the ticket as it is now: payloads can be thin or stale (events
        # arrive out of order, and a retry may follow our own successful update).
        ticket = adapter.get_ticket(event.ticket_id)
        said_employees = period_of(event, periods, now) is not None
        event = event.with_ticket(ticket)
        if (
            adapter.posts_before_commit
            and said_employees
            and period_of(event, periods, now) is None
            and ev.attempts < STALE_READ_ATTEMPTS
        ):
            raise RetryableVendorError(
                Msg(
                    "%(vendor)s: ticket %(ticket)s does not show the change yet (the helpdesk "
                    "posts before it commits); looking again shortly",
                    vendor=adapter.vendor,
                    ticket=event.ticket_id,
                ),
                retry_after=adapter.processing_delay_seconds,
            )
        customer = None
        if event.requester_id and needs_requester_email(periods):
            # A scope names customers by e-mail: the rules need the requester's address.
            customer = adapter.get_customer(event.requester_id)
            event = dataclasses.replace(event, requester_email=customer.email or None)
        return _Context(ev, adapter, event, ticket, now, customer)

    def _audit(
        self,
        ctx: _Context,
        period: Period | None,
        action: str,
        at: dt.datetime | None = None,
        **fields: Any,
    ) -> None:
        """An audit record in this event's context (period, event, ticket, from whom)."""
        context: dict[str, Any] = {
            "period_id": period.id if period else None,
            "event_id": ctx.ev.id,
            "ticket_id": ctx.event.ticket_id,
            "from_agent": ctx.event.assignee_id,
        }
        self.audit_log.audit(at or ctx.now, ctx.ev.helpdesk, action, **{**context, **fields})

    def _act(self, ctx: _Context, move: MoveDecision) -> Processed:
        """Plan the vendor call for ``move`` (target, notice), make it, and record it."""
        adapter, event, period = ctx.adapter, ctx.event, move.period
        if period is None:
            return outcome_of(move, event.ticket_id)
        if move.move is Move.SKIP:
            self._audit(ctx, period, "skipped", reason=move.reason)
            return outcome_of(move, event.ticket_id)
        if move.move is Move.NO_FALLBACK:
            self._audit(
                ctx,
                period,
                "reroute_failed",
                reason=Msg(
                    "%(why)s; no fallback_agent configured for %(helpdesk)s",
                    why=move.escalate,
                    helpdesk=ctx.ev.helpdesk,
                ),
            )
            return outcome_of(move, event.ticket_id)
        assert period.id is not None and move.target is not None
        target = move.target
        if move.move is Move.ESCALATE:
            self._audit(
                ctx,
                period,
                "escalated",
                to_agent=target.id,
                reason=Msg(
                    "%(why)s; sent to the fallback agent %(email)s",
                    why=move.escalate,
                    email=target.email,
                ),
            )
        customer = ctx.customer
        if customer is None and event.requester_id:
            customer = adapter.get_customer(event.requester_id)
        # The notice names whoever the ticket actually goes to: a chain's end or the fallback.
        told = self.notices.for_reroute(
            period, adapter.config, customer, event.ticket_id, ctx.now, to=target
        )
        if told.outcome is NoticeOutcome.BLOCKED:
            self.on_notice("blocked")
            self._audit(ctx, period, "notice_blocked", reason=told.reason)
        previous = employee_of(period)
        if event.assignee_id and event.assignee_id != period.employee_id:
            previous = Agent(event.assignee_id, "", event.assignee_id)
        planned = PlannedMove(
            ctx.ticket,
            target,
            f"{move.reason}; {told.reason}",
            notice=told.notice,
            customer=customer,
            previous=previous,
            from_id=event.assignee_id or "",
            event_id=ctx.ev.id,
        )
        # One event's move is one call, with its notice where there is one.
        plan = plan_moves([planned], lambda m: m.target.id, alone=lambda _m: True)
        counts = MoveCounts()
        refusals = self.mover.act(adapter, period, plan, WEBHOOK, counts)
        if counts.notices:
            self.on_notice("sent")
        if refusals:
            return self._refused(refusals[0])
        return outcome_of(move, event.ticket_id)

    @staticmethod
    def _refused(refusal: Refusal) -> Processed:
        """The helpdesk would not give the ticket to its target; the shared act step
        recovered and audited it. Raises (dead letter: a person must look) unless the
        fallback agent took it or someone else owns it now."""
        rec, exc = refusal.recovery, refusal.error
        if rec.outcome is AssignOutcome.ASSIGNED:
            # It reached the new owner; what failed came after it (the notice): as before.
            raise exc
        if rec.outcome is AssignOutcome.CHANGED:
            return Processed(Outcome.SKIPPED, f"skipped: {rec.reason}")
        if rec.outcome is AssignOutcome.FALLBACK:  # handed back at the end like any escalation
            return Processed(
                Outcome.GIVEN_TO_FALLBACK,
                f"not rerouted to {refusal.move.target.id}; "
                f"given to the fallback agent {rec.owner_id}",
            )
        raise PermanentVendorError(rec.reason, status=exc.status, body=exc.body)
