"""Several replacements per period and a gradual return by capacity: the pure rules (#21)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from connector.domain.balancing import (
    Capacity,
    CapacityKind,
    Choice,
    Give,
    Strategy,
    capacity_report,
    choose_replacement,
    count_capacity,
    customer_key,
    decide_capacity,
    scopes_disjoint,
    validate_balancing,
    validate_capacity,
)
from connector.domain.events import CanonicalEvent, EventKind
from connector.domain.moves import Move, choose_move
from connector.domain.outcomes import SkipReason
from connector.domain.periods import Period, parse_moment, validate_period
from connector.domain.rules import decide
from connector.errors import ValidationFailed

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC)


def period(**changes: Any) -> Period:
    p = Period(
        id=1,
        helpdesk="acme",
        employee_email="9001@example.com",
        employee_id="9001",
        employee_name="Agent 9001",
        replacement_email="a@example.com",
        replacement_id="A",
        replacement_name="Ann",
        starts_at=parse_moment("2027-01-04", AMS, is_end=False),
        ends_at=parse_moment("2027-03-28", AMS, is_end=True),
        timezone="Europe/Amsterdam",
        replacements=[
            {"id": "B", "email": "b@example.com", "name": "Bob"},
            {"id": "C", "email": "c@example.com", "name": "Cas"},
        ],
    )
    return replace(p, **changes)


def ticket(n: int = 1, customer: str | None = None, **fields: Any) -> CanonicalEvent:
    base: dict[str, Any] = {
        "assignee_id": "9001",
        "status": "open",
        "tags": ("billing",),
        "priority": "normal",
        "group_id": "g1",
        "requester_id": customer if customer is not None else f"cust{n}",
    }
    return CanonicalEvent(EventKind.OPEN_TICKET, "acme", str(n), **(base | fields))


def run(p: Period, tickets: list[CanonicalEvent], **kw: Any) -> dict[str, str]:
    """Feed tickets one by one, keeping the counters and the customers told, as the
    services do; return ticket id → replacement id."""
    counters: Counter[str] = Counter()
    told: dict[str, str] = {}
    out: dict[str, str] = {}
    for t in tickets:
        d = choose_replacement(p, t, told, counters, **kw)
        assert d.target is not None
        counters[d.target.id] += 1
        key = customer_key(t)
        if key is not None:
            told.setdefault(key, d.target.id)
        out[t.ticket_id] = d.target.id
    return out


def test_round_robin_splits_1000_tickets_within_one_of_equal_thirds() -> None:
    got = Counter(run(period(), [ticket(n) for n in range(1000)]).values())
    assert set(got) == {"A", "B", "C"}
    assert max(got.values()) - min(got.values()) <= 1


def test_a_fixed_share_keeps_each_replacement_within_one_ticket_of_its_share() -> None:
    p = period(balancing={"strategy": "share", "shares": {"A": 1, "B": 2, "C": 3}})
    assignments = run(p, [ticket(n) for n in range(1000)])
    seen: Counter[str] = Counter()
    for i, agent in enumerate(assignments.values(), start=1):
        seen[agent] += 1
        for agent_id, share in (("A", 1), ("B", 2), ("C", 3)):
            assert abs(seen[agent_id] - share * i / 6) <= 1, (i, dict(seen))


def test_fewest_open_goes_to_whoever_has_the_fewest_open_tickets() -> None:
    p = period(balancing={"strategy": "fewest_open"})
    d = choose_replacement(p, ticket(), {}, {}, open_counts={"A": 7, "B": 2, "C": 5})
    assert (d.choice, d.target and d.target.id) == (Choice.FEWEST_OPEN, "B")


def test_fewest_open_without_counts_is_a_programming_error_not_a_guess() -> None:
    with pytest.raises(ValueError):
        choose_replacement(period(balancing={"strategy": "fewest_open"}), ticket(), {}, {})


def test_a_customer_told_about_a_replacement_stays_with_that_replacement() -> None:
    tickets = [ticket(n, customer=f"cust{n % 37}") for n in range(1000)]
    assignments = run(period(), tickets)
    per_customer: dict[str | None, set[str]] = {}
    for t in tickets:
        per_customer.setdefault(t.requester_id, set()).add(assignments[t.ticket_id])
    assert all(len(agents) == 1 for agents in per_customer.values())


def test_stickiness_wins_over_the_strategy() -> None:
    d = choose_replacement(period(), ticket(customer="x"), {"id:x": "C"}, {"A": 0, "C": 50})
    assert (d.choice, d.target and d.target.id, d.audit_code) == (
        Choice.STICKY,
        "C",
        "balance.sticky",
    )


def test_a_replacement_with_a_scope_takes_only_the_tickets_in_it() -> None:
    p = period(
        balancing={"primary_scope": {"exclude": [{"groups": ["vip"]}]}},
        replacements=[{"id": "V", "name": "Vera", "scope": {"include": [{"groups": ["vip"]}]}}],
    )
    vip = choose_replacement(p, ticket(1, group_id="vip"), {}, {})
    rest = choose_replacement(p, ticket(2, group_id="g1"), {}, {})
    assert (vip.choice, vip.target and vip.target.id) == (Choice.ONLY, "V")
    assert (rest.choice, rest.target and rest.target.id) == (Choice.ONLY, "A")


def test_no_replacement_in_scope_is_said_so() -> None:
    p = period(
        balancing={"primary_scope": {"include": [{"groups": ["x"]}]}},
        replacements=[{"id": "V", "scope": {"include": [{"groups": ["vip"]}]}}],
    )
    assert choose_replacement(p, ticket(), {}, {}).choice is Choice.NONE_ELIGIBLE


def test_the_move_names_the_chosen_replacement_not_the_first() -> None:
    p = period()
    decision = decide(ticket(), [p], NOW)
    balance = choose_replacement(p, ticket(), {}, {"A": 3, "B": 3, "C": 2})
    move = choose_move(decision, None, balance)
    assert (move.move, move.target and move.target.id, move.target and move.target.name) == (
        Move.REROUTE,
        "C",
        "Cas",
    )
    assert move.balance is balance


def test_without_a_balance_choice_the_move_is_unchanged() -> None:
    move = choose_move(decide(ticket(), [period()], NOW), None)
    assert move.target is not None and move.target.id == "A"


# -- capacity -------------------------------------------------------------------------------
def test_per_day_capacity_gives_back_n_new_tickets_then_the_rest_to_replacements() -> None:
    cap = Capacity(CapacityKind.PER_DAY, 2)
    counts: dict[str, dict[str, int]] = {}
    gives = []
    for _ in range(5):
        d = decide_capacity(cap, counts, NOW, "Europe/Amsterdam")
        counts = count_capacity(counts, d)
        gives.append(d.give)
    assert gives == [Give.TO_EMPLOYEE] * 2 + [Give.TO_REPLACEMENT] * 3
    assert counts == {"2027-01-10": {"returned": 2, "seen": 5}}


def test_capacity_is_counted_per_local_day_across_the_utc_boundary() -> None:
    cap = Capacity(CapacityKind.PER_DAY, 1)
    late = dt.datetime(2027, 1, 10, 22, 30, tzinfo=dt.UTC)  # 23:30 in Amsterdam, the 10th
    later = dt.datetime(2027, 1, 10, 23, 30, tzinfo=dt.UTC)  # 00:30 in Amsterdam, the 11th
    first = decide_capacity(cap, {}, late, "Europe/Amsterdam")
    counts = count_capacity({}, first)
    second = decide_capacity(cap, counts, later, "Europe/Amsterdam")
    assert (first.give, first.day) == (Give.TO_EMPLOYEE, dt.date(2027, 1, 10))
    assert (second.give, second.day) == (Give.TO_EMPLOYEE, dt.date(2027, 1, 11))
    same_day_in_utc = decide_capacity(cap, counts, late, "Europe/Amsterdam")
    assert same_day_in_utc.give is Give.TO_REPLACEMENT


def test_percent_capacity_returns_that_share_of_the_days_new_tickets() -> None:
    cap = Capacity(CapacityKind.PERCENT, 25)
    counts: dict[str, dict[str, int]] = {}
    for _ in range(100):
        counts = count_capacity(counts, decide_capacity(cap, counts, NOW, "Europe/Amsterdam"))
    assert counts["2027-01-10"] == {"returned": 25, "seen": 100}
    [report] = capacity_report(cap, counts)
    assert (report.day, report.returned, report.plan) == ("2027-01-10", 25, 25)


def test_within_capacity_the_ticket_stays_with_the_employee() -> None:
    cap = decide_capacity(Capacity(CapacityKind.PER_DAY, 1), {}, NOW, "Europe/Amsterdam")
    move = choose_move(decide(ticket(), [period()], NOW), None, capacity=cap)
    assert (move.move, move.skip) == (Move.SKIP, SkipReason.CAPACITY)


def test_capacity_is_read_from_the_phase() -> None:
    assert Capacity.of({"from": "2027-02-01", "capacity": {"percent": 40}}) == Capacity(
        CapacityKind.PERCENT, 40
    )
    assert Capacity.of({"from": "2027-02-01"}) is None


# -- validation -----------------------------------------------------------------------------
def test_fewest_open_is_refused_for_a_helpdesk_that_cannot_count_open_tickets() -> None:
    errors = validate_balancing(
        [], {"strategy": "fewest_open"}, "9001", "A", open_counts_supported=False
    )
    assert "cannot count open tickets" in errors["balancing.strategy"][0]


def test_bad_replacements_and_shares_are_named_per_field() -> None:
    errors = validate_balancing(
        [{"id": "9001"}, {"id": "A"}, {}],
        {"strategy": "share", "shares": {"A": 0, "Z": 1}},
        "9001",
        "A",
        open_counts_supported=True,
    )
    assert set(errors) == {
        "replacements.0.id",
        "replacements.1.id",
        "replacements.2.id",
        "balancing.shares",
    }
    assert (
        validate_balancing(
            [{"id": "B"}], {"strategy": "round_robin"}, "9001", "A", open_counts_supported=False
        )
        == {}
    )
    assert set(
        validate_balancing([], {"strategy": "lottery"}, "9001", "A", open_counts_supported=True)
    ) == {"balancing.strategy"}


def test_capacity_must_be_per_day_or_percent_up_to_100() -> None:
    errors = validate_capacity(
        [{"capacity": {"percent": 120}}, {"capacity": {"weekly": 3}}, {"capacity": {"per_day": 4}}]
    )
    assert set(errors) == {"phases.0.capacity.percent", "phases.1.capacity"}


# -- overlapping periods of the same employee -----------------------------------------------
def test_overlapping_periods_are_allowed_only_with_disjoint_scopes() -> None:
    vip = period(id=1, scope={"include": [{"groups": ["vip"]}]})
    rest = period(id=2, scope={"exclude": [{"groups": ["vip"]}]})
    validate_period(rest, [vip])  # no ticket can be in both
    overlapping = period(id=3, scope={"include": [{"tags": ["billing"]}]})
    with pytest.raises(ValidationFailed) as refused:
        validate_period(overlapping, [vip])
    assert "disjoint scopes" in refused.value.fields["starts_at"][0]
    with pytest.raises(ValidationFailed):
        validate_period(period(id=4), [period(id=5)])


def test_scopes_are_disjoint_only_when_provably_so() -> None:
    assert scopes_disjoint({"include": [{"groups": ["a"]}]}, {"include": [{"groups": ["b"]}]})
    assert scopes_disjoint(
        {"include": [{"priorities": ["high"]}]}, {"exclude": [{"priorities": ["high", "urgent"]}]}
    )
    assert not scopes_disjoint({"include": [{"tags": ["a"]}]}, {"include": [{"tags": ["b"]}]})
    assert not scopes_disjoint({}, {"include": [{"groups": ["a"]}]})
    assert not scopes_disjoint({}, {})


def test_the_strategy_defaults_to_round_robin() -> None:
    d = choose_replacement(period(), ticket(), {}, {"A": 1}, strategy=None)
    assert d.choice is Choice.ROUND_ROBIN and Strategy.ROUND_ROBIN.value == "round_robin"


def test_of_two_overlapping_periods_the_one_whose_scope_takes_the_ticket_reroutes_it() -> None:
    vip = period(id=1, scope={"include": [{"groups": ["vip"]}]}, replacements=[])
    rest = period(
        id=2,
        scope={"exclude": [{"groups": ["vip"]}]},
        replacement_id="R",
        replacement_name="Rik",
        replacements=[],
    )
    to_vip = decide(ticket(1, group_id="vip"), [vip, rest], NOW)
    to_rest = decide(ticket(2, group_id="g1"), [vip, rest], NOW)
    assert (to_vip.period, to_vip.target and to_vip.target.id) == (vip, "A")
    assert (to_rest.period, to_rest.target and to_rest.target.id) == (rest, "R")


def test_the_move_reason_carries_the_balance_audit_code() -> None:
    p = period()
    balance = choose_replacement(p, ticket(), {}, {})
    move = choose_move(decide(ticket(), [p], NOW), None, balance)
    assert "balance.round_robin" in move.reason
