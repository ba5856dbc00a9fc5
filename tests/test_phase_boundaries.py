"""Phases hand work back: at a phase boundary, what the new phase gives back to the employee
returns to them, by the hand-back policy, once, on all five helpdesks, with notices on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.lifecycle_store import LifecycleStore
from connector.domain.periods import Period
from connector.domain.scope import boundary_key, due_boundary, phase_boundaries
from connector.wiring import Services
from tests import test_assignment_refused as on_five
from tests.support import FakeClock
from tests.test_lifecycle_vendors import DESK, START, Desk, new_period, tick_at

desk, svc, actions = on_five.desk, on_five.svc, on_five.actions  # the five fake helpdesks
UTC = dt.UTC
BOUNDARY = dt.datetime(2026, 11, 30, 23, 0, tzinfo=UTC)  # 1 December, Amsterdam


def _period(phases: list[dict[str, Any]]) -> Period:
    return Period(
        1,
        "acme",
        "anna@example.com",
        "9001",
        "Anna",
        "bob@example.com",
        "9002",
        "Bob",
        START,
        dt.datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
        "Europe/Amsterdam",
        phases=phases,
    )


# --- the rule, pure --------------------------------------------------------------------------


def test_boundaries_are_phase_starts_after_the_period_start_and_explicit_phase_ends() -> None:
    p = _period(
        [
            {"from": "2026-11-24", "scope": {}},
            {"from": "2026-12-01", "until": "2026-12-14", "scope": {}},
        ]
    )
    assert phase_boundaries(p) == [BOUNDARY, dt.datetime(2026, 12, 14, 23, 0, tzinfo=UTC)]


def test_only_the_latest_boundary_passed_is_due_until_its_hand_back_is_done() -> None:
    p = _period(
        [
            {"from": "2026-11-24", "scope": {}},
            {"from": "2026-12-01", "scope": {}},
            {"from": "2026-12-08", "scope": {}},
        ]
    )
    assert due_boundary(p, BOUNDARY - dt.timedelta(minutes=1), {}) is None
    assert due_boundary(p, BOUNDARY, {}) == BOUNDARY
    later = dt.datetime(2026, 12, 10, tzinfo=UTC)
    second = dt.datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
    assert due_boundary(p, later, {}) == second  # a missed earlier one is covered by the latest
    running = {boundary_key(second): {"status": "running"}}
    assert due_boundary(p, later, running) == second  # resumed after a crash
    assert due_boundary(p, later, {boundary_key(second): {"status": "done"}}) is None


# --- on every helpdesk -----------------------------------------------------------------------


def _notices(svc: Services, period_id: int, prefix: str) -> list[str]:
    from sqlalchemy import select

    from connector.adapters.models import NoticeRecord

    with svc.store.session() as s:
        rows = s.execute(
            select(NoticeRecord.status).where(
                NoticeRecord.period_id == period_id, NoticeRecord.dedup_key.startswith(prefix)
            )
        )
        return list(rows.scalars())


def _phased(svc: Services, desk: Desk, **changes: Any) -> Any:
    group = svc.helpdesks[DESK].get_ticket("1").group_id
    return new_period(
        svc,
        phases=[
            {"from": "2026-11-24", "scope": {}},
            # From 1 December the employee takes back everything in the tickets' group.
            {"from": "2026-12-01", "scope": {"exclude": [{"groups": [group]}]}},
        ],
        notice={"at_start": True},
        handback={"policy": "rerouted_open", "notice": True},
        **changes,
    )


def test_at_a_phase_boundary_what_the_phase_gives_back_returns_to_the_employee_once(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    for tid in (1, 2, 3):
        desk.add(tid, "anna")
    period = _phased(svc, desk)
    tick_at(svc, clock, START)
    assert desk.owned_by("bob") == [1, 2, 3]
    tick_at(svc, clock, BOUNDARY - dt.timedelta(hours=1))
    assert desk.owned_by("bob") == [1, 2, 3]  # not yet

    tick_at(svc, clock, BOUNDARY)

    assert desk.owned_by("anna") == [1, 2, 3]
    progress = svc.periods.get(period.id).state["phase_moves"][boundary_key(BOUNDARY)]
    assert (progress["status"], progress["returned"], progress["failed"]) == ("done", 3, 0)
    (audit,) = actions(svc, "phase_handed_back")
    assert "3 returned to the employee" in audit["reason"]
    outcomes = {r.ticket_id: r.outcome for r in LifecycleStore(svc.store).reroutes(period.id)}
    assert outcomes == {"1": "returned", "2": "returned", "3": "returned"}
    assert _notices(svc, period.id, "handback:") == ["sent"]  # one customer, told once
    calls = len(desk.fake.calls)
    tick_at(svc, clock, BOUNDARY + dt.timedelta(minutes=5))
    assert desk.owned_by("anna") == [1, 2, 3]
    moves = [c for c in desk.fake.calls[calls:] if c[0] in ("PUT", "PATCH", "POST")]
    assert not [c for c in moves if "search" not in c[1]]  # done once: nothing moved again
    tick_at(svc, clock, svc.periods.get(period.id).ends_at)
    assert svc.periods.get(period.id).state["handback_result"]["returned"] == 0


def test_tickets_the_new_phase_still_reroutes_stay_with_the_replacement(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    for tid in (1, 2):
        desk.add(tid, "anna")
    period = new_period(
        svc,
        phases=[{"from": "2026-11-24", "scope": {}}, {"from": "2026-12-01", "scope": {}}],
    )
    tick_at(svc, clock, START)
    tick_at(svc, clock, BOUNDARY)
    assert desk.owned_by("bob") == [1, 2]
    progress = svc.periods.get(period.id).state["phase_moves"][boundary_key(BOUNDARY)]
    assert (progress["status"], progress["returned"], progress["stay"]) == ("done", 0, 2)


def test_a_boundary_cut_short_by_a_rate_limit_resumes_with_what_is_left_and_moves_none_twice(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    from connector.errors import RetryableVendorError

    for tid in (1, 2, 3):
        desk.add(tid, "anna")
    period = _phased(svc, desk)
    tick_at(svc, clock, START)
    lifecycle = svc.lifecycle
    real = lifecycle._return_bulk
    calls = {"n": 0}

    def rate_limited_once(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RetryableVendorError("429 Too Many Requests", retry_after=60)
        real(*args, **kwargs)

    lifecycle._return_bulk = rate_limited_once  # type: ignore[method-assign]
    tick_at(svc, clock, BOUNDARY)
    progress = svc.periods.get(period.id).state["phase_moves"][boundary_key(BOUNDARY)]
    assert progress["status"] == "running"  # visible, and due again
    assert actions(svc, "phase_postponed")
    tick_at(svc, clock, BOUNDARY + dt.timedelta(minutes=2))
    assert desk.owned_by("anna") == [1, 2, 3]
    progress = svc.periods.get(period.id).state["phase_moves"][boundary_key(BOUNDARY)]
    # The first run returned the ticket that carried the notice; the resumed run the other two.
    assert (progress["status"], progress["returned"]) == ("done", 2)
    assert _notices(svc, period.id, "handback:") == ["sent"]
