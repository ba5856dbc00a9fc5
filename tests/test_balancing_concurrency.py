"""Several replacements under concurrency (#21): workers racing on one period's balance
state lose no count, never split a customer, never give back more than the day's capacity,
and a retried event counts once. On SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import Counter, defaultdict
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from connector.adapters.repositories.periods import PeriodRepository
from connector.adapters.store import Store
from connector.domain.events import CanonicalEvent, EventKind
from connector.domain.moves import Move, choose_move
from connector.domain.periods import Period, parse_moment
from connector.domain.rules import decide
from connector.services.balancing import Balancer

pytestmark = pytest.mark.both_engines

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC)
WORKERS = 4


def add_period(store: Store, **changes: Any) -> Period:
    fields: dict[str, Any] = {
        "id": None,
        "helpdesk": "acme",
        "employee_email": "9001@example.com",
        "employee_id": "9001",
        "employee_name": "Agent 9001",
        "replacement_email": "a@example.com",
        "replacement_id": "A",
        "replacement_name": "Ann",
        "starts_at": parse_moment("2027-01-04", AMS, is_end=False),
        "ends_at": parse_moment("2027-03-28", AMS, is_end=True),
        "timezone": "Europe/Amsterdam",
        "replacements": [
            {"id": "B", "email": "b@example.com", "name": "Bob"},
            {"id": "C", "email": "c@example.com", "name": "Cas"},
        ],
    }
    return PeriodRepository(store).add_period(Period(**(fields | changes)), NOW)


def ticket(ticket_id: str, customer: str | None) -> CanonicalEvent:
    return CanonicalEvent(
        EventKind.TICKET_CREATED,
        "acme",
        ticket_id,
        assignee_id="9001",
        status="open",
        requester_id=customer,
    )


def race(store: Store, period: Period, work: list[list[CanonicalEvent]]) -> dict[str, set[str]]:
    """Each worker handles its tickets with its own Balancer, all built from the same
    period as read before the race (as workers that loaded it at the same moment), started
    together; returns ticket id → where it went, each time it was handled ("employee" when
    given back)."""
    out: dict[str, set[str]] = defaultdict(set)
    errors: list[BaseException] = []
    start = threading.Barrier(len(work))

    def worker(tickets: list[CanonicalEvent]) -> None:
        try:
            balancer = Balancer(PeriodRepository(store), period)
            start.wait()
            for t in tickets:
                decision = decide(t, [period], NOW)
                balance, capacity = balancer.inputs(None, decision, t, NOW, new_ticket=True)
                move = choose_move(decision, None, balance, capacity)
                balancer.record(move, t, capacity)
                assert move.move in (Move.REROUTE, Move.SKIP)
                out[t.ticket_id].add(move.target.id if move.target else "employee")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in work]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    return dict(out)


def once(went: dict[str, set[str]]) -> dict[str, str]:
    """Ticket id → where it went, each ticket having gone one way only."""
    assert all(len(where) == 1 for where in went.values()), went
    return {tid: next(iter(where)) for tid, where in went.items()}


def balance_state(store: Store, period: Period) -> dict[str, Any]:
    assert period.id is not None
    found = PeriodRepository(store).get_period(period.id)
    assert found is not None
    return dict(found.state["balance"])


def shuffled(items: list[CanonicalEvent], seed: int) -> list[CanonicalEvent]:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def test_racing_workers_lose_no_count_and_never_split_a_customer(db_url: str) -> None:
    store = Store(db_url)
    period = add_period(store)
    # Ten customers with three tickets each, and forty tickets without a requester (each
    # of those counts on its own), dealt out to four workers in different orders.
    with_customer = [ticket(f"c{c}-{n}", f"cust{c}") for c in range(10) for n in range(3)]
    alone = [ticket(f"n{n}", None) for n in range(40)]
    tickets = with_customer + alone
    work: list[list[CanonicalEvent]] = [[] for _ in range(WORKERS)]
    for i, t in enumerate(shuffled(tickets, 7)):
        work[i % WORKERS].append(t)
    work = [shuffled(w, seed) for seed, w in enumerate(work)]

    went = once(race(store, period, work))

    assert len(went) == len(tickets)
    per_customer: dict[str, set[str]] = defaultdict(set)
    for t in with_customer:
        per_customer[str(t.requester_id)].add(went[t.ticket_id])
    assert {c: len(who) for c, who in per_customer.items()} == {f"cust{c}": 1 for c in range(10)}
    state = balance_state(store, period)
    assert state["customers"] == {f"id:{c}": next(iter(w)) for c, w in per_customer.items()}
    # Every customer counted once, every ticket without one counted once: nothing lost.
    assert sum(state["counts"].values()) == 10 + 40
    assert Counter(went[t.ticket_id] for t in alone) + Counter(
        next(iter(w)) for w in per_customer.values()
    ) == Counter(state["counts"])
    store.engine.dispose()


def test_racing_workers_never_give_back_more_than_the_days_capacity(db_url: str) -> None:
    store = Store(db_url)
    period = add_period(
        store, phases=[{"from": "2027-01-04", "scope": {}, "capacity": {"per_day": 5}}]
    )
    tickets = [ticket(f"t{n}", None) for n in range(60)]
    work = [tickets[i::WORKERS] for i in range(WORKERS)]

    went = once(race(store, period, work))

    assert Counter(went.values())["employee"] == 5
    day = balance_state(store, period)["capacity"]["2027-01-10"]
    assert (day["returned"], day["seen"]) == (5, 60)
    store.engine.dispose()


def test_a_retried_event_is_decided_and_counted_once(db_url: str) -> None:
    store = Store(db_url)
    period = add_period(
        store, phases=[{"from": "2027-01-04", "scope": {}, "capacity": {"per_day": 1}}]
    )
    first, second = ticket("t1", "cust1"), ticket("t2", "cust2")
    # Both events are delivered twice (a retry after a failed move), by racing workers.
    went = once(race(store, period, [[first, second], [first, second], [second, first]]))

    assert sorted(went.values())[-1] == "employee"  # the day's one, to the employee
    assert sorted(went.values())[0] in {"A", "B", "C"}  # the other, to a replacement
    state = balance_state(store, period)
    day = state["capacity"]["2027-01-10"]
    assert (day["returned"], day["seen"]) == (1, 2)
    assert sum(state["counts"].values()) == 1  # the one not given back, counted once
    store.engine.dispose()


def test_the_capacity_decided_for_old_days_is_forgotten_but_the_counts_stay(
    db_url: str,
) -> None:
    store = Store(db_url)
    period = add_period(
        store, phases=[{"from": "2027-01-04", "scope": {}, "capacity": {"per_day": 1}}]
    )
    balancer = Balancer(PeriodRepository(store), period)
    for days in (0, 1, 2):
        now = NOW + dt.timedelta(days=days)
        t = ticket(f"t{days}", None)
        balancer.inputs(None, decide(t, [period], now), t, now, new_ticket=True)

    capacity = balance_state(store, period)["capacity"]
    assert {d: ("tickets" in v, v["returned"]) for d, v in capacity.items()} == {
        "2027-01-10": (False, 1),
        "2027-01-11": (True, 1),
        "2027-01-12": (True, 1),
    }
    store.engine.dispose()
