"""The balancing's inputs and counters for one period: gathered here, decided in
:mod:`connector.domain.balancing`, recorded after the move.

The counters live in the period's ``balance_state`` (``state["balance"]``): ``counts`` (what
the strategy gave each replacement in this period: customers, or tickets without one),
``customers`` (customer key → the replacement the
customer was told about) and ``capacity`` (per local day: new tickets seen, given back, and
for the last days the tickets decided, so that a retried event counts once).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from connector.domain.balancing import (
    BalanceDecision,
    Capacity,
    CapacityDecision,
    Choice,
    Give,
    Strategy,
    candidates_of,
    choose_replacement,
    count_capacity,
    customer_key,
    decide_capacity,
    local_day,
    prune_capacity,
    remembered_capacity,
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
    """One period's balancing: its choice and counters, safe with several workers.

    Each change is a locked read-modify-write of the period's balance state
    (:meth:`PeriodRepo.change_balance_state`): the choice is taken against the state as
    committed at that moment, never against a copy loaded earlier, and no lock is held
    across a helpdesk call (``fewest_open``'s counts are fetched before).

    - :meth:`inputs` claims the customer for the chosen replacement before the move (a
      claim another worker made first wins: the ticket follows it, ``sticky``) and takes
      the capacity rule's decision, counting it at once, remembered per ticket, so that
      two workers never give back more than the day's capacity and a retried event is not
      counted twice;
    - :meth:`record` adds the replacement's count after the move decision.

    ``dry``: nothing is written; the changes go to an in-memory copy of the state (the dry
    run shows the same split the real move would make)."""

    def __init__(self, repo: PeriodRepo | None, period: Period, *, dry: bool = False):
        self.repo = repo
        self.period = period
        self.dry = dry or repo is None or period.id is None
        self.state: dict[str, Any] = copy.deepcopy(dict(period.state.get("balance") or {}))

    def _change(self, change: Callable[[dict[str, Any]], None]) -> None:
        if self.dry:
            change(self.state)
            return
        assert self.repo is not None and self.period.id is not None
        self.state = self.repo.change_balance_state(self.period.id, change)

    def inputs(
        self,
        adapter: OpenTicketCounter | None,
        decision: Decision,
        event: CanonicalEvent,
        now: dt.datetime,
        *,
        new_ticket: bool,
    ) -> tuple[BalanceDecision | None, CapacityDecision | None]:
        """The balancing's choice (None: one replacement, or a chain went past the first)
        and, for a new ticket in a phase with a capacity, the capacity rule's decision.

        ``adapter`` may be ``None`` only where ``fewest_open`` cannot apply (the dry run,
        which counts as round-robin then: it makes no helpdesk call)."""
        period = self.period
        if not decision.reroute or decision.target is None:
            return None, None
        cap = None
        phase = active_phase(period, now)
        if new_ticket and phase is not None:
            cap = Capacity.of(period.phases[phase.index])
        balancing = bool(period.replacements) and decision.target.id == period.replacement_id
        if cap is None and not balancing:
            return None, None
        strategy = strategy_of(period)
        open_counts = None
        if balancing and strategy is Strategy.FEWEST_OPEN:
            if adapter is None:
                strategy = Strategy.ROUND_ROBIN
            else:  # before the lock: never hold it across an HTTP call
                open_counts = {c.id: adapter.open_ticket_count(c.id) for c in candidates_of(period)}
        out: dict[str, Any] = {"balance": None, "capacity": None}

        def change(state: dict[str, Any]) -> None:
            capacity = None
            if cap is not None:
                counts = state.get("capacity") or {}
                day = local_day(now, period.timezone)
                capacity = remembered_capacity(counts, day, event.ticket_id)
                if capacity is None:
                    capacity = decide_capacity(cap, counts, now, period.timezone)
                counts = count_capacity(counts, capacity, event.ticket_id)
                state["capacity"] = prune_capacity(counts, day)
            out["capacity"] = capacity
            if not balancing or (capacity is not None and capacity.give is Give.TO_EMPLOYEE):
                return
            balance = choose_replacement(
                period,
                event,
                state.get("customers") or {},
                state.get("counts") or {},
                open_counts,
                strategy,
            )
            if balance.choice is Choice.NONE_ELIGIBLE:
                return  # the first replacement takes it, as with one replacement
            key = customer_key(event)
            if key is not None and balance.target is not None:
                # The claim, before the move: a concurrent ticket of this customer reads
                # it under the same lock and follows it.
                state.setdefault("customers", {}).setdefault(key, balance.target.id)
            out["balance"] = balance

        self._change(change)
        return out["balance"], out["capacity"]

    def record(
        self, move: MoveDecision, event: CanonicalEvent, capacity: CapacityDecision | None
    ) -> None:
        """Count the move (the replacement's tally; the customer's replacement and the day's
        capacity were claimed by :meth:`inputs`, and are merged again only if missing)."""
        balanced = (
            move.move is Move.REROUTE and move.balance is not None and move.target is not None
        )
        key = customer_key(event)
        if not balanced and capacity is None:
            return

        def change(state: dict[str, Any]) -> None:
            if capacity is not None:
                state["capacity"] = count_capacity(
                    state.get("capacity") or {}, capacity, event.ticket_id
                )
            if balanced:
                assert move.balance is not None and move.target is not None
                if move.balance.choice is not Choice.STICKY:
                    # The strategy shares out customers: a customer's later tickets follow
                    # the replacement they were told about and do not count again.
                    counts = state.setdefault("counts", {})
                    counts[move.target.id] = int(counts.get(move.target.id, 0)) + 1
                if key is not None:
                    state.setdefault("customers", {}).setdefault(key, move.target.id)

        day = (
            (self.state.get("capacity") or {}).get(capacity.day.isoformat()) or {}
            if capacity
            else {}
        )
        counted = capacity is None or event.ticket_id in (day.get("tickets") or {})
        claimed = not balanced or (
            move.balance is not None
            and move.balance.choice is Choice.STICKY
            and key is not None
            and key in (self.state.get("customers") or {})
        )
        if counted and claimed:
            return  # inputs claimed and counted it already: nothing to write
        self._change(change)


def is_new_ticket(event: CanonicalEvent) -> bool:
    return event.kind is EventKind.TICKET_CREATED


def replacement_ids(period: Period) -> frozenset[str]:
    """The first replacement and the extra ones."""
    return frozenset(c.id for c in candidates_of(period))
