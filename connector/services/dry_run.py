"""The dry run of a period's start: what would move, who would be told (in which language),
what stays and why, and whether the replacement can take the tickets — with NO writes.

Gather with the adapter's read calls only (the open-ticket listing, customers, the fallback
agent, the replacement check), decide with the same domain functions as the start move
(:func:`~connector.domain.rules.decide`, :func:`~connector.domain.moves.choose_move`), and sum
up with :mod:`connector.domain.dry_run`. Neither the vendor nor the database is written: the
notice records are only read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from connector.domain.balancing import candidates_of, customer_key
from connector.domain.dry_run import (
    DryRunSummary,
    NoticeFate,
    TicketPreview,
    notice_fate,
    notice_key,
    summarize,
)
from connector.domain.events import Agent, CanonicalEvent, EventKind
from connector.domain.moves import Move, choose_move, needs_fallback
from connector.domain.periods import NoticeSettings, Period
from connector.domain.rules import ACT_SKIP, decide
from connector.domain.scope import needs_requester_email
from connector.errors import PrivacyViolation
from connector.services.balancing import Balancer
from connector.services.notices import NoticeService
from connector.services.periods import PeriodService
from connector.services.pipeline import fallback_agent
from connector.services.ports import NoticeRepo

#: The helpdesk adapter and its customer (``connector.adapters.helpdesks.base``), typed loosely:
#: services may not gain adapter imports (tests/test_ports.py); the real types come through
#: ``PeriodService.helpdesks``.
HelpdeskAdapter = Any
Customer = Any

#: The id a period that is not saved yet gets inside the dry run (never stored).
UNSAVED = -1


@dataclass(frozen=True)
class DryRunResult:
    summary: DryRunSummary
    refusals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    as_of: dt.datetime | None = None
    #: agent id → how the page and the API name each replacement
    names: Mapping[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        s = self.summary
        return {
            "by_replacement": self._by_replacement(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "counts": {
                "total": s.total,
                "moved": s.moved,
                "escalated": s.escalated,
                "kept": s.kept,
                "unassignable": s.unassignable,
                "already_told": s.already_told,
            },
            "customers_by_language": s.customers_by_lang,
            "tickets": [
                {
                    "ticket_id": t.ticket_id,
                    "move": t.move.value,
                    "reason": t.reason,
                    "to_agent": t.to_agent,
                    "notice": t.notice.value,
                    "language": t.lang,
                }
                for t in s.tickets
            ],
            "tickets_total": s.total,
            "replacement_check": {
                "ok": not self.refusals,
                "refusals": self.refusals,
                "notes": self.notes,
            },
        }

    def _by_replacement(self) -> list[dict[str, Any]]:
        """Every replacement of the period (in its order, none left out) with what it would
        get, then anyone else a ticket would go to (a chain's replacement)."""
        got = {r.agent_id: r for r in self.summary.by_replacement}
        order = list(self.names) + [a for a in got if a not in self.names]
        return [
            {
                "agent_id": a,
                "name": self.names.get(a, a),
                "tickets": got[a].tickets if a in got else 0,
                "customers": got[a].customers if a in got else 0,
            }
            for a in order
        ]


class _OpenCounts:
    """``fewest_open`` in the dry run: each agent's open tickets asked once (a read call),
    plus the tickets this dry run gave them, as the start move would find them."""

    def __init__(self, adapter: HelpdeskAdapter):
        self.adapter = adapter
        self.asked: dict[str, int] = {}
        self.given: dict[str, int] = {}

    def open_ticket_count(self, agent_id: str) -> int:
        if agent_id not in self.asked:
            self.asked[agent_id] = int(self.adapter.open_ticket_count(agent_id))
        return self.asked[agent_id] + self.given.get(agent_id, 0)

    def gave(self, agent_id: str) -> None:
        self.given[agent_id] = self.given.get(agent_id, 0) + 1


class DryRunService:
    def __init__(
        self,
        periods: PeriodService,
        notices: NoticeService,
        notice_records: NoticeRepo,
        helpdesks: Mapping[str, HelpdeskAdapter],
        max_chain: int,
    ):
        self.periods = periods
        self.notices = notices
        self.notice_records = notice_records
        self.helpdesks = helpdesks
        self.max_chain = max_chain

    # -- the period to try ----------------------------------------------------------------
    def proposed(self, data: Mapping[str, Any]) -> Period:
        """The period a create body describes, validated like a create (several replacements,
        balancing and capacity included), not saved."""
        period, _ = self.periods.draft(data, "dry-run", check=False)
        return dataclasses.replace(period, id=UNSAVED)

    def edited(self, period: Period, data: Mapping[str, Any]) -> Period:
        """An existing period with a proposed edit applied, validated as an update is."""
        edited, _, _ = self.periods.edit_draft(period, data, check=False)
        return edited

    # -- the run ----------------------------------------------------------------------------
    def run(self, period: Period, now: dt.datetime) -> DryRunResult:
        """What the start move of ``period`` would do if it ran now (or at its start, when
        that is later). Read calls only."""
        assert period.id is not None
        adapter = self.helpdesks[period.helpdesk]
        cfg = adapter.config
        at = max(now, period.starts_at)
        others = [p for p in self.periods.repo.periods_active_at(period.helpdesk, at)]
        periods = [p for p in others if p.id != period.id] + [period]
        settings = NoticeSettings.of(period)
        notify = settings.enabled and settings.at_start
        want_email = needs_requester_email(periods)
        customers: dict[str, Customer] = {}
        told: set[str] = set()
        previews: list[TicketPreview] = []
        balancer = Balancer(None, period, dry=True)
        open_counts = _OpenCounts(adapter)
        for ticket in adapter.open_tickets(period.employee_id):
            customer = None
            event = CanonicalEvent(EventKind.OPEN_TICKET, period.helpdesk, ticket.ticket_id)
            event = event.with_ticket(ticket)
            if want_email:
                customer = self._customer(adapter, ticket.requester_id, customers)
                event = dataclasses.replace(
                    event, requester_email=customer.email if customer else None
                )
            decision = decide(event, periods, at, keep_tag=cfg.keep_tag, max_chain=self.max_chain)
            if decision.period is None or decision.period.id != period.id:
                decision = dataclasses.replace(decision, action=ACT_SKIP)
            # The same choice among several replacements as the start move, on an in-memory
            # copy of the balance state: the split per replacement, customers kept whole.
            balance, _ = balancer.inputs(open_counts, decision, event, at, new_ticket=False)
            move = choose_move(
                decision, fallback_agent(adapter) if needs_fallback(decision) else None, balance
            )
            balancer.record(move, event, None)
            if move.move is Move.REROUTE and move.target is not None:
                open_counts.gave(move.target.id)
            requester = ticket.requester_id
            if move.moves and notify and not requester:
                requester = adapter.get_ticket(ticket.ticket_id).requester_id
            if move.moves and notify and requester:
                customer = self._customer(adapter, requester, customers)
            key = notice_key(settings.per, customer.id if customer else "", ticket.ticket_id)
            if move.moves and notify and customer is not None and key not in told:
                told |= self._told_before(period, key)
            fate = notice_fate(
                moves=move.moves,
                notify=notify,
                customer_id=customer.id if customer else None,
                is_end_user=bool(customer and customer.is_end_user),
                key=key,
                told=told,
            )
            lang = None
            if fate is NoticeFate.SEND and customer is not None and move.target is not None:
                told.add(key)
                try:
                    lang = self._render_lang(
                        period, adapter, customer, ticket.ticket_id, at, move.target
                    )
                except PrivacyViolation:
                    fate = NoticeFate.BLOCKED
            previews.append(
                TicketPreview(
                    ticket.ticket_id,
                    move.move,
                    move.escalate or move.reason,
                    move.target.id if move.target else None,
                    customer.id if customer else None,
                    fate,
                    lang,
                    customer_key(event),
                )
            )
        employee = Agent(period.employee_id, period.employee_email, period.employee_name)
        refusals: list[str] = []
        notes: list[str] = []
        for c in candidates_of(period):  # every replacement, each named in its refusals
            lines = self.periods.readiness(adapter, employee, Agent(c.id, c.email, c.name))
            refusals += lines[0]
            notes += lines[1]
        names = {c.id: c.name or c.email for c in candidates_of(period)}
        return DryRunResult(summarize(previews), refusals, notes, at, names)

    def _told_before(self, period: Period, key: str) -> set[str]:
        if period.id is None or period.id == UNSAVED:
            return set()
        seen = self.notice_records.notice_record(period.id, key)
        return {key} if seen is not None and seen["status"] != "intended" else set()

    def _render_lang(
        self,
        period: Period,
        adapter: HelpdeskAdapter,
        customer: Customer,
        ticket_id: str,
        at: dt.datetime,
        to: Agent,
    ) -> str:
        day = at.astimezone(ZoneInfo(period.timezone)).date()
        rendered = self.notices.render(
            period, adapter.config, customer, day, ticket_reference=ticket_id, to=to
        )
        return rendered.lang

    @staticmethod
    def _customer(
        adapter: HelpdeskAdapter, requester_id: str | None, cache: dict[str, Customer]
    ) -> Customer | None:
        if not requester_id:
            return None
        if requester_id not in cache:
            cache[requester_id] = adapter.get_customer(requester_id)
        return cache[requester_id]
