"""The pure lifecycle rules: scope, phases, chains, boundaries (DST, one-day periods), due jobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from connector.domain.events import CanonicalEvent, EventKind
from connector.domain.periods import Period, parse_moment
from connector.domain.rules import decide
from connector.domain.scope import (
    Scope,
    active_phase,
    cycle_warnings,
    follow_chain,
    validate_phases,
    why_out_of_scope,
)
from connector.scheduler import END, REPLACEMENT, START, SWEEP, due_jobs

AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC


def period(
    pid: int = 1,
    employee: str = "9001",
    replacement: str = "9002",
    starts: str = "2027-01-04",
    ends: str = "2027-03-28",
    **changes: Any,
) -> Period:
    p = Period(
        id=pid,
        helpdesk="acme",
        employee_email=f"{employee}@example.com",
        employee_id=employee,
        employee_name=f"Agent {employee}",
        replacement_email=f"{replacement}@example.com",
        replacement_id=replacement,
        replacement_name=f"Agent {replacement}",
        starts_at=parse_moment(starts, AMS, is_end=False),
        ends_at=parse_moment(ends, AMS, is_end=True),
        timezone="Europe/Amsterdam",
    )
    return replace(p, **changes)


def ticket(**fields: Any) -> CanonicalEvent:
    base: dict[str, Any] = {
        "assignee_id": "9001",
        "status": "open",
        "tags": ("billing",),
        "priority": "normal",
        "group_id": "360001",
    }
    return CanonicalEvent(EventKind.OPEN_TICKET, "acme", "123", **(base | fields))


def at(local: str) -> dt.datetime:
    return dt.datetime.fromisoformat(local).replace(tzinfo=AMS).astimezone(UTC)


PHASED = [
    # weeks 5-8: only high/urgent, or complaints and escalations, are still rerouted
    {
        "from": "2027-02-01",
        "scope": {
            "include": [{"priorities": ["high", "urgent"]}, {"tags": ["complaint", "escalated"]}]
        },
    },
    # from week 9: only escalations
    {"from": "2027-03-01", "scope": {"include": {"tags": ["escalated"]}}},
]


# -- scope ---------------------------------------------------------------------------------
def test_an_empty_scope_takes_every_ticket() -> None:
    assert Scope.of({}).why_not(ticket()) is None


def test_an_excluded_tag_keeps_the_ticket_with_the_employee() -> None:
    scope = Scope.of({"exclude": [{"tags": ["vip"]}]})
    assert scope.why_not(ticket(tags=("VIP", "billing"))) == "excluded: tags vip"
    assert scope.why_not(ticket()) is None


def test_include_filters_are_alternatives_and_their_dimensions_must_all_hold() -> None:
    scope = Scope.of({"include": [{"groups": ["360001"], "priorities": ["high"]}]})
    assert scope.why_not(ticket(priority="HIGH")) is None
    assert scope.why_not(ticket(priority="normal")) == (
        "not included: needs groups 360001 and priorities high"
    )
    assert scope.why_not(ticket(priority="high", group_id="360002")) is not None


def test_customers_match_by_email_domain_or_organisation() -> None:
    scope = Scope.of({"include": {"customers": ["daan@example.org", "@acme.example", "777"]}})
    assert scope.needs_requester_email
    assert scope.why_not(ticket(requester_email="Daan@Example.org")) is None
    assert scope.why_not(ticket(requester_email="x@acme.example")) is None
    assert scope.why_not(ticket(organization_id="777")) is None
    assert scope.why_not(ticket(requester_email="eve@other.example")) is not None
    assert not Scope.of({"include": {"customers": ["777"]}}).needs_requester_email


# -- phases --------------------------------------------------------------------------------
def test_the_active_phase_decides_what_is_still_rerouted() -> None:
    p = period(phases=PHASED)
    normal, high, complaint = ticket(), ticket(priority="high"), ticket(tags=("complaint",))
    escalated = ticket(tags=("escalated",))
    week2, week6, week10 = at("2027-01-12T10:00"), at("2027-02-10T10:00"), at("2027-03-10T10:00")
    assert [why_out_of_scope(p, t, week2) is None for t in (normal, high, complaint)] == [True] * 3
    assert [why_out_of_scope(p, t, week6) is None for t in (normal, high, complaint)] == [
        False,
        True,
        True,
    ]
    assert why_out_of_scope(p, normal, week6) == (
        "taken back by the employee in phase 1 (not included: needs priorities high/urgent, "
        "or tags complaint/escalated)"
    )
    assert [why_out_of_scope(p, t, week10) is None for t in (high, complaint, escalated)] == [
        False,
        False,
        True,
    ]


def test_a_phase_starts_at_local_midnight_across_the_dst_change() -> None:
    # Europe/Amsterdam moves to summer time at 02:00 on 2027-03-28: that day starts at +01:00,
    # the next at +02:00.
    p = period(
        ends="2027-04-30",
        phases=[
            {"from": "2027-03-28", "scope": {"include": {"tags": ["a"]}}},
            {"from": "2027-03-29", "scope": {"include": {"tags": ["b"]}}},
        ],
    )
    first, second = (active_phase(p, at(x)) for x in ("2027-03-28T00:00", "2027-03-29T00:00"))
    assert first is not None and first.starts_at == dt.datetime(2027, 3, 27, 23, 0, tzinfo=UTC)
    assert second is not None and second.starts_at == dt.datetime(2027, 3, 28, 22, 0, tzinfo=UTC)
    just_before = dt.datetime(2027, 3, 28, 21, 59, 59, tzinfo=UTC)  # 23:59:59 CEST
    assert active_phase(p, just_before) == first


def test_a_one_day_period_on_the_dst_day_lasts_23_hours() -> None:
    p = period(starts="2027-03-28", ends="2027-03-28")
    assert p.ends_at - p.starts_at == dt.timedelta(hours=23)
    assert p.is_active(dt.datetime(2027, 3, 28, 21, 59, tzinfo=UTC))
    assert not p.is_active(dt.datetime(2027, 3, 28, 22, 0, tzinfo=UTC))
    assert not p.is_active(dt.datetime(2027, 3, 27, 22, 59, tzinfo=UTC))


def test_a_phase_with_an_until_leaves_a_gap_where_the_periods_own_scope_applies() -> None:
    p = period(
        phases=[
            {"from": "2027-02-01", "until": "2027-02-07", "scope": {"include": {"tags": ["x"]}}}
        ]
    )
    assert why_out_of_scope(p, ticket(), at("2027-02-07T12:00")) is not None
    assert why_out_of_scope(p, ticket(), at("2027-02-08T00:00")) is None


def test_phases_outside_the_period_out_of_order_or_overlapping_are_refused() -> None:
    scope: dict[str, Any] = {"include": {"tags": ["x"]}}
    _, errors = validate_phases(
        [
            {"from": "2027-02-01", "until": "2027-02-20", "scope": scope},
            {"from": "2027-02-10", "scope": scope},  # inside phase 1
            {"from": "2027-01-20", "scope": scope},  # before phase 2
            {"from": "2027-01-20", "scope": scope},  # same day as phase 3
            {"from": "2027-05-01", "scope": scope},  # after the period
            {"from": "2027-03-28", "until": "2027-04-03", "scope": scope},
            {"from": "not a date", "scope": scope},
        ],
        period(),
    )
    assert errors == {
        "phases.1.from": ["overlaps phase 1, which lasts until 2027-02-20"],
        "phases.2.from": ["phases must be in order: phase 3 starts before phase 2"],
        "phases.3.from": ["overlaps phase 3: both start on the same day"],
        "phases.4.from": ["must fall inside the period (from its start, before its end)"],
        "phases.5.from": ["phases must be in order: phase 6 starts before phase 5"],
        "phases.5.until": ["must not be after the period's end"],
        "phases.6.from": ["not an ISO 8601 date or date-time: 'not a date'"],
    }


def test_phases_on_the_first_and_last_day_are_inside_the_period() -> None:
    _, errors = validate_phases(
        [{"from": "2027-01-04", "scope": {}}, {"from": "2027-03-28", "scope": {}}], period()
    )
    assert errors == {}


# -- chains --------------------------------------------------------------------------------
NOW = at("2027-01-12T10:00")


def test_a_replacement_who_is_away_passes_the_ticket_on_to_their_replacement() -> None:
    anna_to_bob, bob_to_carla = period(1, "9001", "9002"), period(2, "9002", "9003")
    d = decide(ticket(), [anna_to_bob, bob_to_carla], NOW)
    assert d.reroute and d.target is not None and d.target.id == "9003"
    assert d.path == ("9001", "9002", "9003")
    assert "followed 9001 → 9002 → 9003" in d.reason


def test_a_chain_link_whose_scope_does_not_take_the_ticket_stops_there() -> None:
    bob_only_vip = period(2, "9002", "9003", scope={"include": {"tags": ["vip"]}})
    result = follow_chain(period(1, "9001", "9002"), [bob_only_vip], NOW, ticket())
    assert result.target is not None and result.target.id == "9002"


def test_a_cycle_escalates_and_names_it() -> None:
    periods = [period(1, "9001", "9002"), period(2, "9002", "9003"), period(3, "9003", "9001")]
    d = decide(ticket(), periods, NOW)
    assert d.reroute and d.target is None
    assert d.escalate == "cycle of replacements: 9001 → 9002 → 9003 → 9001"


def test_a_chain_longer_than_the_limit_escalates() -> None:
    periods = [period(i, str(9000 + i), str(9001 + i)) for i in range(1, 8)]
    result = follow_chain(periods[0], periods, NOW, ticket(), max_depth=3)
    assert result.target is None
    assert result.escalate == "chain of replacements longer than 3"
    ok = follow_chain(periods[0], periods, NOW, ticket(), max_depth=10)
    assert ok.target is not None and ok.target.id == "9008"


def test_a_period_that_would_close_a_cycle_gets_a_warning_only_when_they_overlap() -> None:
    bob_to_anna = period(2, "9002", "9001", starts="2027-02-01", ends="2027-02-28")
    overlapping = period(None, "9001", "9002", starts="2027-01-04", ends="2027-02-10")  # type: ignore[arg-type]
    (warning,) = cycle_warnings(overlapping, [bob_to_anna])
    assert "9001@example.com → 9002@example.com → 9001@example.com" in warning
    apart = period(None, "9001", "9002", starts="2027-03-01", ends="2027-03-20")  # type: ignore[arg-type]
    assert cycle_warnings(apart, [bob_to_anna]) == []


# -- what the scheduler runs when -------------------------------------------------------------
def test_due_jobs_follow_the_period_state() -> None:
    p = period()
    start, end = p.starts_at, p.ends_at
    assert due_jobs(p, start - dt.timedelta(seconds=1), 900) == []
    assert due_jobs(p, start, 900) == [START]
    retry = replace(p, state={"start_retry_at": start + dt.timedelta(minutes=5)})
    assert due_jobs(retry, start + dt.timedelta(minutes=1), 900) == []
    moved = replace(p, state={"start_moved_at": start})
    assert due_jobs(moved, start + dt.timedelta(seconds=899), 900) == []
    assert due_jobs(moved, start + dt.timedelta(seconds=900), 900) == [SWEEP]
    changed = replace(p, state={"start_moved_at": start, "replacement_move_due": True})
    assert due_jobs(changed, start + dt.timedelta(seconds=1), 900) == [REPLACEMENT]
    assert due_jobs(moved, end, 900) == [END]
    ended_early = replace(moved, ended_early_at=start + dt.timedelta(days=1))
    assert due_jobs(ended_early, start + dt.timedelta(days=1), 900) == [END]
