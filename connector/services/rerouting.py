"""Processing one accepted event: map, decide, act through the vendor, audit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from connector.adapters.helpdesks.base import HelpdeskAdapter
from connector.adapters.store import ClaimedEvent
from connector.domain.events import Agent, CanonicalEvent
from connector.domain.periods import Period
from connector.domain.rules import REROUTING_KINDS, decide, needs_ticket, period_of
from connector.domain.scope import DEFAULT_CHAIN_DEPTH, needs_requester_email
from connector.errors import PermanentVendorError, RetryableVendorError, VendorError
from connector.services.assignment import AssignOutcome, recover, unknown
from connector.services.lifecycle import fallback_agent
from connector.services.notices import NoticeOutcome, NoticeService
from connector.services.ports import AuditRepo, LifecycleRepo, PeriodRepo

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
STALE_READ_ATTEMPTS = 4  # how often a contradicting fresh read is retried before it is believed


class NoteHandler(Protocol):
    def is_contact_note(self, event: CanonicalEvent) -> bool: ...

    def handle_note(
        self, event: CanonicalEvent, adapter: HelpdeskAdapter, event_id: int
    ) -> str: ...


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
        self.reroutes = lifecycle

    def process(self, ev: ClaimedEvent) -> str:
        """Handle one event; returns a short outcome. Vendor errors propagate to the worker."""
        adapter = self.helpdesks.get(ev.helpdesk)
        if adapter is None:
            raise PermanentVendorError(f"helpdesk {ev.helpdesk!r} is no longer configured")
        event = adapter.mapping.to_canonical(ev.helpdesk, ev.event_type, json.loads(ev.payload))
        if event is not None and event.thread_id:
            event = adapter.resolve_event(event)  # a conversation's message → its ticket
        if event is None:
            return f"ignored: {ev.event_type}"
        if self.notes is not None and self.notes.is_contact_note(event):
            return self.notes.handle_note(event, adapter, ev.id)  # a team lead's contact note
        if event.kind not in REROUTING_KINDS:
            return f"{event.kind.value}: does not reroute"
        now = self.clock()
        periods = self.periods.periods_active_at(ev.helpdesk, now)
        if not periods:
            return "no active period"
        if not needs_ticket(event) and period_of(event, periods, now) is None:
            return "ticket not owned by an employee with an active period"
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
                f"{adapter.vendor}: ticket {event.ticket_id} does not show the change yet "
                "(the helpdesk posts before it commits); looking again shortly",
                retry_after=adapter.processing_delay_seconds,
            )
        cfg = adapter.config
        customer = None
        if event.requester_id and needs_requester_email(periods):
            # A scope names customers by e-mail: the rules need the requester's address.
            customer = adapter.get_customer(event.requester_id)
            event = dataclasses.replace(event, requester_email=customer.email or None)
        decision = decide(
            event,
            periods,
            now,
            own_actor_ids=adapter.own_actor_ids(),
            keep_tag=cfg.keep_tag,
            max_chain=self.max_chain,
        )
        period = decision.period
        if period is None:
            return decision.reason

        def audit(action: str, at: dt.datetime | None = None, **fields: Any) -> None:
            """An audit record in this event's context (period, event, ticket, from whom)."""
            context: dict[str, Any] = {
                "period_id": period.id if period else None,
                "event_id": ev.id,
                "ticket_id": event.ticket_id,
                "from_agent": event.assignee_id,
            }
            self.audit_log.audit(at or now, ev.helpdesk, action, **{**context, **fields})

        if not decision.reroute:
            audit(
                "skipped",
                reason=decision.reason,
            )
            return f"skipped: {decision.reason}"
        assert period.id is not None
        if decision.target is not None:
            t = decision.target
            target = Agent(t.id, t.email, t.name)
        else:
            fb = fallback_agent(adapter)
            if fb is None:
                audit(
                    "reroute_failed",
                    reason=f"{decision.escalate}; no fallback_agent configured for {ev.helpdesk}",
                )
                return f"not rerouted: {decision.escalate}"
            target = fb
            audit(
                "escalated",
                to_agent=fb.id,
                reason=f"{decision.escalate}; sent to the fallback agent {fb.email}",
            )
        if customer is None and event.requester_id:
            customer = adapter.get_customer(event.requester_id)
        # The notice names whoever the ticket actually goes to: a chain's end or the fallback.
        plan = self.notices.for_reroute(
            period, adapter.config, customer, event.ticket_id, now, to=target
        )
        notice, why = plan.notice, plan.reason
        if plan.outcome is NoticeOutcome.BLOCKED:
            self.on_notice("blocked")
            audit(
                "notice_blocked",
                reason=why,
            )
        # Recorded before the call: if this process dies after the vendor acted, the ticket is
        # still handed back at the end (the hand-back re-reads it; a move that did not happen
        # is kept as it is).
        self.reroutes.record_reroute(
            period.id, event.ticket_id, self.clock(), event.assignee_id or "", target.id, "webhook"
        )
        try:
            result = adapter.reassign(ticket, target, notice)
        except PermanentVendorError as exc:
            return self._refused(adapter, event, target, period, exc, audit)
        if notice is not None and customer is not None:
            self.notices.mark_sent(period, customer.id, event.ticket_id)
            self.on_notice("sent")
        audit(
            "rerouted",
            at=self.clock(),
            to_agent=target.id,
            reason=f"{decision.reason}; {why}",
            vendor_status=result.status,
            vendor_response=result.summary,
        )
        return f"rerouted ticket {event.ticket_id} to {target.id}"

    def _refused(
        self,
        adapter: HelpdeskAdapter,
        event: CanonicalEvent,
        target: Agent,
        period: Period,
        exc: PermanentVendorError,
        audit: Callable[..., None],
    ) -> str:
        """The helpdesk would not give the ticket to ``target`` (or left it with nobody):
        re-read it, give it to the fallback agent or back to the employee, and audit the
        outcome. Raises (dead letter: a person must look) unless the fallback agent took it
        or someone else owns it now."""
        previous = Agent(period.employee_id, period.employee_email, period.employee_name)
        if event.assignee_id and event.assignee_id != period.employee_id:
            previous = Agent(event.assignee_id, "", event.assignee_id)
        vendor = {"vendor_status": exc.status, "vendor_response": exc.body or None}
        try:
            rec = recover(
                adapter, event.ticket_id, target, previous, fallback_agent(adapter), str(exc)
            )
        except VendorError as read_exc:
            # A retry would find the ticket no longer the employee's and skip it: a person
            # must look now (dead letter), it may have no owner.
            rec = unknown(target, str(exc), read_exc)
        if rec.outcome is AssignOutcome.ASSIGNED:
            # It reached the new owner; what failed came after it (the notice): as before.
            audit("reroute_failed", to_agent=target.id, reason=str(exc), **vendor)
            raise exc
        if rec.outcome is AssignOutcome.CHANGED:
            audit("skipped", to_agent=rec.owner_id or None, reason=rec.reason, **vendor)
            return f"skipped: {rec.reason}"
        assert period.id is not None
        if rec.outcome is AssignOutcome.FALLBACK:  # handed back at the end like any escalation
            self.reroutes.record_reroute(
                period.id, event.ticket_id, self.clock(), previous.id, rec.owner_id, "webhook"
            )
        else:
            self.reroutes.close_reroutes(
                period.id, [(event.ticket_id, rec.outcome.value)], self.clock()
            )
        audit(
            rec.outcome.value,
            at=self.clock(),
            to_agent=rec.owner_id or None,
            reason=rec.reason,
            **vendor,
        )
        if rec.outcome is AssignOutcome.FALLBACK:
            return f"not rerouted to {target.id}; given to the fallback agent {rec.owner_id}"
        raise PermanentVendorError(rec.reason, status=exc.status, body=exc.body)
