"""The balancing's inputs and counters for one period: gathered here, decided in
:mod:`connector.domain.balancing`, recorded after the move.

The counters live in the period's ``balance_state`` (``state["balance"]``): ``counts`` (what
the strategy gave each replacement in this period: customers, or tickets without one),
``customers`` (customer key → the replacement the
customer was told about) and ``capacity`` (per local day: new tickets seen, given back).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Protocol

from connector.domain.balancing import (
    BalanceDecision,
    Capacity,
    CapacityDecision,
    Choice,
    Strategy,
    candidates_of,
    choose_replacement,
    count_capacity,
    customer_key,
    decide_capacity,
    strategy_of,
)
from connector.domain.events import CanonicalEvent, EventKind
from connector.domain.moves import Move, MoveDecision
from connector.domain.periods import Period
from connector.domain.rules import Decision
from connector.domain.scope import active_phase
from connector.services.ports import PeriodRepo


class OpenTicketCounter(Protocol):
    """The part of the helpdesk adapter the ``fewest_open`` strategy reads."""

    def open_ticket_count(self, agent_id: str) -> int: ...


class Balancer:
    """One period's balancing state, kept in memory across a start move's tickets and
    written back after each move."""

    def __init__(self, repo: PeriodRepo, period: Period):
        self.repo = repo
        self.period = period
        self.state: dict[str, Any] = copy.deepcopy(dict(period.state.get("balance") or {}))

    def inputs(
        self,
        adapter: OpenTicketCounter,
        decision: Decision,
        event: CanonicalEvent,
        now: dt.datetime,
        *,
        new_ticket: bool,
    ) -> tuple[BalanceDecision | None, CapacityDecision | None]:
        """The balancing's choice (None: one replacement, or a chain went past the first)
        and, for a new ticket in a phase with a capacity, the capacity rule's decision."""
        period = self.period
        if not decision.reroute or decision.target is None:
            return None, None
        capacity = None
        phase = active_phase(period, now)
        if new_ticket and phase is not None:
            cap = Capacity.of(period.phases[phase.index])
            if cap is not None:
                capacity = decide_capacity(
                    cap, self.state.get("capacity") or {}, now, period.timezone
                )
        if not period.replacements or decision.target.id != period.replacement_id:
            return None, capacity
        open_counts = None
        if strategy_of(period) is Strategy.FEWEST_OPEN:
            open_counts = {c.id: adapter.open_ticket_count(c.id) for c in candidates_of(period)}
        balance = choose_replacement(
            period,
            event,
            self.state.get("customers") or {},
            self.state.get("counts") or {},
            open_counts,
        )
        if balance.choice is Choice.NONE_ELIGIBLE:
            return None, capacity  # the first replacement takes it, as with one replacement
        return balance, capacity

    def record(
        self, move: MoveDecision, event: CanonicalEvent, capacity: CapacityDecision | None
    ) -> None:
        """Count the move (the replacement's tally, the customer's replacement, the day's
        capacity) and write the state back."""
        changed = False
        if capacity is not None:
            self.state["capacity"] = count_capacity(self.state.get("capacity") or {}, capacity)
            changed = True
        if move.move is Move.REROUTE and move.balance is not None and move.target is not None:
            if move.balance.choice is not Choice.STICKY:
                # The strategy shares out customers: a customer's later tickets follow the
                # replacement they were told about and do not count again.
                counts = self.state.setdefault("counts", {})
                counts[move.target.id] = int(counts.get(move.target.id, 0)) + 1
            key = customer_key(event)
            if key is not None:
                self.state.setdefault("customers", {}).setdefault(key, move.target.id)
            changed = True
        if changed and self.period.id is not None:
            self.repo.set_balance_state(self.period.id, copy.deepcopy(self.state))


def is_new_ticket(event: CanonicalEvent) -> bool:
    return event.kind is EventKind.TICKET_CREATED


def replacement_ids(period: Period) -> frozenset[str]:
    """The first replacement and the extra ones."""
    return frozenset(c.id for c in candidates_of(period))
