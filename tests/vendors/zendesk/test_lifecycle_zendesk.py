"""The whole period lifecycle against a local server speaking Zendesk's API, counting calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from connector.adapters.lifecycle_store import LifecycleStore
from connector.scheduler import Scheduler
from connector.web import create_app
from connector.wiring import Services
from tests.conftest import make_config
from tests.fake_zendesk import FakeZendesk
from tests.support import FakeClock, build_test_services

ANNA, BOB, CARLA, DORA = 9001, 9002, 9003, 9004
START = dt.datetime(2026, 11, 23, 23, 0, tzinfo=dt.UTC)  # 2026-11-24 00:00 Amsterdam


@pytest.fixture
def zd() -> Iterator[FakeZendesk]:
    fake = FakeZendesk()
    fake.start()
    fake.add_user(ANNA, "Anna de Vries", "anna@example.com")
    fake.add_user(BOB, "Bob Jansen", "bob@example.com")
    fake.add_user(CARLA, "Carla Peeters", "carla@example.com")
    fake.add_user(DORA, "Dora Fallback", "dora@example.com")
    for uid in (7001, 7002, 7003):
        fake.add_user(uid, f"Customer {uid}", f"c{uid}@example.org", "end-user", "nl")
    yield fake
    fake.stop()


@pytest.fixture
def svc(db_url: str, clock: FakeClock, sleeps: Any, zd: FakeZendesk) -> Iterator[Services]:
    config = make_config(
        db_url, url=zd.url, fallback_agent="dora@example.com", rate_limit_per_minute=100_000
    )
    services = build_test_services(config, clock, sleeps)
    yield services
    services.store.engine.dispose()


def new_period(svc: Services, **changes: Any) -> Any:
    data = {
        "helpdesk": "acme",
        "employee": "anna@example.com",
        "replacement": "bob@example.com",
        "starts_at": "2026-11-24",
        "ends_at": "2026-12-31",
    } | changes
    return svc.periods.create(data, "token:lead")


def tick_at(svc: Services, clock: FakeClock, when: dt.datetime) -> list[str]:
    clock.now = when
    return Scheduler(svc, owner="test").tick(when)


def test_the_start_moves_every_open_ticket_in_bulk_and_notifies_each_customer_once(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    for tid in range(1, 151):
        zd.add_ticket(tid, ANNA, requester_id=7001 + tid % 3)
    zd.add_ticket(500, ANNA, status="solved")
    zd.add_ticket(501, CARLA)
    period = new_period(svc)
    assert tick_at(svc, clock, START - dt.timedelta(seconds=1)) == []
    zd.calls.clear()

    (line,) = tick_at(svc, clock, START)

    assert line.startswith(f"period {period.id}: start: ")
    assert zd.owned_by(BOB) == list(range(1, 151))
    assert zd.owned_by(ANNA, unsolved=False) == [500] and zd.owned_by(CARLA) == [501]
    # 2 search pages; 147 tickets in 2 update_many jobs, each polled once; the first ticket
    # of each of the 3 customers moves alone, carrying its notice; 3 customer look-ups; the
    # replacement's groups once (a single update checks them).
    assert zd.count("/api/v2/search.json") == 2
    assert zd.count("/api/v2/tickets/update_many.json") == 2
    assert zd.count("/api/v2/job_statuses/{id}.json") == 2
    assert zd.count("/api/v2/tickets/{id}.json", "PUT") == 3
    assert zd.count("/api/v2/users/{id}.json") == 3
    assert len(zd.calls) == 2 + 2 + 2 + 3 + 3 + 1
    assert sorted(len(zd.comments[t]) for t in (1, 2, 3)) == [1, 1, 1]
    ids = [c.query["ids"][0].split(",") for c in zd.calls if "update_many" in c.route]
    assert [len(i) for i in ids] == [100, 47]
    rows = LifecycleStore(svc.store).reroutes(period.id)
    assert len(rows) == 150 and {r.via for r in rows} == {"start"}
    client = create_app(services=svc, TESTING=True).test_client()
    token = svc.repositories.tokens.create_token("v", "viewer", clock())
    body = client.get(
        f"/api/v1/periods/{period.id}", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert {
        k: body["start_move"][k] for k in ("status", "total", "moved", "failed", "skipped")
    } == {
        "status": "done",
        "total": 150,
        "moved": 150,
        "failed": 0,
        "skipped": 0,
    }
    # Done is done: the next tick before the sweep interval makes no call.
    zd.calls.clear()
    assert tick_at(svc, clock, START + dt.timedelta(minutes=5)) == []
    assert zd.calls == []


def test_a_period_created_with_an_immediate_start_shows_pending_then_done(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    zd.add_ticket(1, ANNA)
    period = new_period(svc, starts_at="2026-11-20", notice={"at_start": False})
    from connector.web.schemas import period_json

    assert svc.scheduler_wake.is_set()
    assert period_json(period, clock())["start_move"]["status"] == "pending"
    tick_at(svc, clock, clock())
    fresh = svc.periods.get(period.id)
    assert period_json(fresh, clock())["start_move"]["moved"] == 1
    assert zd.comments[1] == []  # at_start off: moved silently


def test_tickets_out_of_scope_or_taken_back_in_a_phase_stay_with_the_employee(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    zd.add_ticket(1, ANNA, tags=["vip"])
    zd.add_ticket(2, ANNA, priority="normal")
    zd.add_ticket(3, ANNA, priority="urgent")
    zd.add_ticket(4, ANNA, tags=["keepme", "standin_keep"])
    new_period(
        svc,
        starts_at="2026-11-10",
        scope={"exclude": [{"tags": ["vip"]}]},
        phases=[{"from": "2026-11-20", "scope": {"include": {"priorities": ["high", "urgent"]}}}],
        notice={"at_start": False},
    )
    tick_at(svc, clock, clock())
    assert zd.owned_by(BOB) == [3]
    assert zd.owned_by(ANNA) == [1, 2, 4]
    reasons = {
        a["ticket_id"]: a["reason"]
        for a in svc.repositories.audit.audit_records(None)
        if a["action"] == "skipped"
    }
    assert reasons["1"] == "start: out of the period's scope (excluded: tags vip)"
    assert reasons["2"].startswith("start: taken back by the employee in phase 1")
    assert reasons["4"] == "start: ticket carries the keep-tag 'standin_keep'"


def test_the_sweep_fixes_what_a_lost_webhook_missed_and_costs_one_search_when_nothing_changed(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    new_period(svc, notice={"at_start": False})
    tick_at(svc, clock, START)
    zd.calls.clear()
    assert tick_at(svc, clock, START + dt.timedelta(seconds=899)) == []
    (line,) = tick_at(svc, clock, START + dt.timedelta(seconds=900))
    assert "sweep" in line
    assert [(c.method, c.route) for c in zd.calls] == [("GET", "/api/v2/search.json")]
    zd.add_ticket(77, ANNA)  # assigned while the webhook got lost
    zd.calls.clear()
    tick_at(svc, clock, START + dt.timedelta(seconds=1800))
    assert zd.owned_by(BOB) == [77]
    assert [r.via for r in LifecycleStore(svc.store).reroutes(1)] == ["sweep"]
    assert zd.count("/api/v2/tickets/update_many.json") == 1


def test_two_schedulers_never_run_the_same_period_at_once(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    zd.add_ticket(1, ANNA)
    period = new_period(svc, notice={"at_start": False})
    lstore = LifecycleStore(svc.store)
    assert lstore.claim(period.id, "other-process", START, 900)
    assert tick_at(svc, clock, START) == []
    assert zd.calls == [] or all(c.route != "/api/v2/search.json" for c in zd.calls)
    # The other process crashed: its lease runs out and this one takes over.
    assert tick_at(svc, clock, START + dt.timedelta(seconds=901)) != []
    assert zd.owned_by(BOB) == [1]


def test_a_429_is_waited_out_per_retry_after(
    svc: Services, clock: FakeClock, zd: FakeZendesk, sleeps: Any
) -> None:
    zd.add_ticket(1, ANNA)
    new_period(svc, notice={"at_start": False})
    refused: list[int] = []

    def first_bulk_refused(n: int, route: str) -> float | None:
        if route.endswith("update_many.json") and not refused:
            refused.append(n)
            return 7.0
        return None

    zd.fail_at = first_bulk_refused
    zd.calls.clear()
    tick_at(svc, clock, START)
    assert zd.owned_by(BOB) == [1]
    assert 7.0 in sleeps.calls
    assert [c.status for c in zd.calls if "update_many" in c.route] == [429, 200]


def test_a_long_retry_after_postpones_the_start_and_it_resumes_where_it_was(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    for tid in range(1, 4):
        zd.add_ticket(tid, ANNA)
    period = new_period(svc, notice={"at_start": False})
    zd.fail_at = lambda n, route: 120.0 if route.endswith("update_many.json") else None
    (line,) = tick_at(svc, clock, START)
    assert "postponed" in line
    state = svc.periods.get(period.id).state
    assert state["start_move"]["status"] == "waiting"
    assert state["start_retry_at"] >= START + dt.timedelta(seconds=120)
    assert tick_at(svc, clock, START + dt.timedelta(seconds=60)) == []
    zd.fail_at = None
    tick_at(svc, clock, START + dt.timedelta(seconds=121))
    assert zd.owned_by(BOB) == [1, 2, 3]
    assert svc.periods.get(period.id).state["start_move"]["status"] == "done"


def test_a_ticket_the_bulk_update_refuses_moves_alone_into_the_replacements_group(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    zd.add_ticket(1, ANNA, group_id=360001)
    zd.add_ticket(2, ANNA, group_id=360002)  # Bob is not in this group
    zd.memberships[ANNA] = [360001, 360002]
    new_period(svc, notice={"at_start": False})
    tick_at(svc, clock, START)
    assert zd.owned_by(BOB) == [1, 2]
    assert zd.tickets[2]["group_id"] == 360001
    assert zd.count("/api/v2/tickets/{id}.json", "PUT") == 1


def test_a_replacement_who_is_away_too_passes_tickets_on_and_a_cycle_goes_to_the_fallback(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    zd.add_ticket(1, ANNA)
    new_period(svc, employee="bob@example.com", replacement="carla@example.com")
    new_period(svc, notice={"at_start": False})
    tick_at(svc, clock, START)
    assert zd.owned_by(CARLA) == [1]
    # Carla now away with Anna as her replacement: Anna → Bob → Carla → Anna.
    zd.add_ticket(2, ANNA)
    cycle = svc.periods.create(
        {
            "helpdesk": "acme",
            "employee": "carla@example.com",
            "replacement": "anna@example.com",
            "starts_at": "2026-11-24",
            "ends_at": "2026-11-30",
        },
        "token:lead",
    )
    assert svc.periods.warnings(cycle) != []
    tick_at(svc, clock, START + dt.timedelta(seconds=900))
    # Both Carla's ticket (Carla → Anna → Bob → Carla) and Anna's are caught in the cycle.
    assert zd.owned_by(DORA) == [1, 2]
    escalated = {
        a["ticket_id"]: a
        for a in svc.repositories.audit.audit_records(None)
        if a["action"] == "escalated"
    }
    assert escalated["2"]["reason"] == (
        f"sweep: cycle of replacements: {ANNA} → {BOB} → {CARLA} → {ANNA}; "
        "sent to the fallback agent"
    )


def test_at_the_end_open_rerouted_tickets_go_back_after_a_re_read(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    for tid in (1, 2, 3, 4):
        zd.add_ticket(tid, ANNA)
    period = new_period(svc, notice={"at_start": False}, handback={"notice": True})
    tick_at(svc, clock, START)
    zd.tickets[2]["status"] = "solved"
    zd.tickets[3]["assignee_id"] = CARLA
    zd.add_ticket(9, BOB)  # Bob's own ticket: never ours to give away
    end = period.ends_at
    zd.calls.clear()
    tick_at(svc, clock, end)
    assert zd.owned_by(ANNA) == [1, 4]
    assert zd.owned_by(BOB) == [9] and zd.owned_by(CARLA) == [3]
    assert zd.count("/api/v2/tickets/{id}.json", "GET") == 4  # each re-read
    assert len(zd.comments[1]) == 1 and zd.comments[4] == []  # one hand-back notice per customer
    (kept,) = svc.repositories.notices.sent_notices(period.id)  # the hand-back notice as sent
    assert (kept["ticket_id"], kept["html"]) == ("1", zd.comments[1][0]["body"])
    outcomes = {r.ticket_id: r.outcome for r in LifecycleStore(svc.store).reroutes(period.id)}
    assert outcomes == {
        "1": "returned",
        "2": "kept: solved",
        "3": "kept: no longer with the replacement",
        "4": "returned",
    }
    assert svc.periods.get(period.id).state["handback_result"]["returned"] == 2
    assert tick_at(svc, clock, end + dt.timedelta(hours=1)) == []


def test_untouched_only_keeps_tickets_the_replacement_has_answered(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    zd.add_ticket(1, ANNA)
    zd.add_ticket(2, ANNA)
    period = new_period(svc, notice={"at_start": False}, handback={"policy": "untouched_only"})
    tick_at(svc, clock, START)
    zd.comments[1].append(
        {"id": 1, "author_id": BOB, "public": True, "created_at": "2026-11-25T10:00:00Z"}
    )
    zd.comments[2].append(
        {"id": 2, "author_id": BOB, "public": False, "created_at": "2026-11-25T10:00:00Z"}
    )
    svc.periods.end(period.id, "token:lead")
    tick_at(svc, clock, clock())
    assert zd.owned_by(BOB) == [1] and zd.owned_by(ANNA) == [2]


def test_a_new_replacement_mid_period_gets_the_rerouted_open_tickets(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    zd.add_ticket(1, ANNA)
    zd.add_ticket(2, ANNA)
    period = new_period(svc, notice={"at_start": False})
    tick_at(svc, clock, START)
    zd.tickets[2]["status"] = "solved"
    clock.now = START + dt.timedelta(hours=1)
    svc.periods.update(period.id, {"replacement": "carla@example.com"}, "token:lead")
    tick_at(svc, clock, clock())
    assert zd.owned_by(CARLA) == [1]
    assert zd.tickets[2]["assignee_id"] == BOB
    assert {r.ticket_id: r.to_agent for r in LifecycleStore(svc.store).reroutes(period.id)} == {
        "1": str(CARLA),
        "2": str(BOB),
    }


def test_a_webhook_reroute_is_recorded_for_the_hand_back_and_a_cycle_goes_to_the_fallback(
    svc: Services, clock: FakeClock, zd: FakeZendesk
) -> None:
    from connector.worker import Worker
    from tests.support import fixture_bytes

    zd.add_ticket(123, ANNA, requester_id=7001)
    new_period(svc, starts_at="2026-11-20", notice={"enabled": False})
    new_period(
        svc,
        employee="bob@example.com",
        replacement="anna@example.com",
        starts_at="2026-11-20",
        notice={"enabled": False},
    )
    payload = fixture_bytes("zendesk", "ticket_created.json").decode()
    svc.store.add_events("acme", [("event:1", "zen:event-type:ticket.created", payload)], clock())
    Worker(svc).drain()
    assert zd.owned_by(DORA) == [123]
    (row,) = LifecycleStore(svc.store).reroutes(1)
    assert (row.ticket_id, row.to_agent, row.via) == ("123", str(DORA), "webhook")
    actions = [a["action"] for a in svc.repositories.audit.audit_records(None, ticket_id="123")]
    assert actions == ["rerouted", "escalated"]
