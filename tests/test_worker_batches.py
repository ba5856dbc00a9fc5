"""The worker takes events in batches: one claim and one commit of outcomes per batch, the
active periods read once per batch, and a batch that runs long gives back what it did not
start."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import event

from connector import in_flight
from connector.domain.records import EventEnd, EventEnding
from connector.services.rerouting import ActivePeriods
from connector.worker import Worker
from tests.fakes.repositories import CountingPeriods, FakePeriods
from tests.support import anna_bob_period, fixture_bytes

BODY = fixture_bytes("zendesk", "ticket_created.json").decode()
NOW = dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC)


def queue_events(services: Any, n: int) -> list[int]:
    """``n`` ticket events with no period active: each ends quickly as "no active period"."""
    ids, _ = services.store.add_events(
        "acme",
        [(f"e:{uuid.uuid4()}", "zen:event-type:ticket.created", BODY) for _ in range(n)],
        services.clock(),
    )
    return ids


def worker_with(services: Any, **cfg: Any) -> Worker:
    """A worker with ``cfg`` set. Batches are not cut by wall time unless a test asks
    (``batch_seconds``): under a full CI run eight events once took over the default second,
    and the batches a test counted came out twice as many."""
    cfg.setdefault("batch_seconds", 60.0)
    worker = Worker(services, "w1")
    worker.cfg = dataclasses.replace(worker.cfg, **cfg)
    worker._batch_size = worker.cfg.batch
    return worker


def statuses(services: Any, ids: list[int]) -> list[tuple[str, int]]:
    found = [services.store.event_status(i) for i in ids]
    return [(s["status"], s["attempts"]) for s in found]


@pytest.mark.both_engines  # the claim statement and the lease checks differ per engine
def test_a_backlog_is_claimed_in_batches_and_each_batch_is_recorded_in_one_statement(
    services: Any,
) -> None:
    ids = queue_events(services, 20)
    statements: list[str] = []

    def seen(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        if sql.startswith("WITH claim_candidates"):
            statements.append("claim")
        elif sql.startswith("UPDATE inbox_events SET") and "outcome" in sql:
            statements.append("outcomes")

    engine = services.store.autocommit  # claims and outcomes: one statement each, committed
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert worker_with(services, batch=8).drain() == 20
    finally:
        event.remove(engine, "before_cursor_execute", seen)

    assert statements == ["claim", "outcomes"] * 3  # 8, 8, 4; then none due: no write
    assert {s["outcome"] for s in map(services.store.event_status, ids)} == {"no active period"}


@pytest.mark.both_engines
def test_an_idle_workers_poll_of_the_inbox_only_reads(services: Any) -> None:
    """An UPDATE takes SQLite's writer lock even when it changes nothing; polls that wrote
    would keep taking it from the web threads' inserts."""
    written: list[str] = []

    def seen(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        if "inbox_events" in sql and not sql.startswith("SELECT"):
            written.append(sql)

    for engine in (services.store.engine, services.store.autocommit):
        event.listen(engine, "before_cursor_execute", seen)
    try:
        assert Worker(services, "w1").run_once() is False
    finally:
        for engine in (services.store.engine, services.store.autocommit):
            event.remove(engine, "before_cursor_execute", seen)

    assert written == []


def test_while_a_batch_is_worked_the_heartbeat_renews_every_event_in_it(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = queue_events(services, 3)
    renewed: list[list[int]] = []
    process = services.rerouter.process

    def watching(ev: Any, reader: Any) -> Any:
        renewed.append(sorted(in_flight.events()))
        return process(ev, reader)

    monkeypatch.setattr(services.rerouter, "process", watching)
    Worker(services, "w1").run_once()

    assert renewed == [ids, ids, ids]
    assert in_flight.events() == []


def test_a_batch_that_runs_long_gives_back_the_events_it_did_not_start_and_asks_for_fewer(
    services: Any,
) -> None:
    ids = queue_events(services, 5)
    worker = worker_with(services, batch=4, batch_seconds=1e-9)  # every event "runs long"

    assert worker.run_once() is True

    # the first was worked and recorded; the three claimed with it went back unstarted,
    # due as before and their claim not counted; the fifth was never claimed
    assert statuses(services, ids) == [("done", 1)] + [("pending", 0)] * 4
    assert worker._batch_size == 1
    worker.run_once()
    assert statuses(services, ids)[:2] == [("done", 1), ("done", 1)]


def test_a_batch_that_finishes_in_time_lets_the_next_claim_ask_for_more_again(
    services: Any,
) -> None:
    queue_events(services, 3)
    worker = worker_with(services, batch=8)
    worker._batch_size = 2

    worker.run_once()

    assert worker._batch_size == 4


@pytest.mark.both_engines  # the claim statement and the lease checks differ per engine
def test_an_outcome_is_not_recorded_over_a_worker_that_took_the_event_over(
    services: Any,
) -> None:
    (event_id,) = queue_events(services, 1)
    store, now = services.store, services.clock()
    assert [e.id for e in store.claim_many("slow", now, 10, 4)] == [event_id]
    assert [e.id for e in store.claim_many("other", now + dt.timedelta(seconds=11), 10, 4)] == [
        event_id
    ]

    lost = store.end_many(
        "slow", [EventEnding(event_id, EventEnd.DONE, now, "rerouted to 9002", "{}")]
    )

    assert lost == [event_id]
    assert store.event_status(event_id)["status"] == "processing"
    assert (
        store.end_many(
            "other", [EventEnding(event_id, EventEnd.RETRY, now, "429 Too Many Requests")]
        )
        == []
    )
    assert statuses(services, [event_id]) == [("pending", 2)]


def at(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def test_the_active_periods_are_read_once_per_helpdesk_and_window() -> None:
    repo = CountingPeriods()
    repo.add_period(anna_bob_period(at(-3600), None, helpdesk="acme"), NOW)
    repo.add_period(anna_bob_period(at(-3600), None, helpdesk="globex"), NOW)
    reader = ActivePeriods(repo, window=1.0)

    for moment in (0.0, 0.3, 0.9):
        assert [p.helpdesk for p in reader.at("acme", at(moment))] == ["acme"]
    assert [p.helpdesk for p in reader.at("globex", at(0.5))] == ["globex"]
    assert [helpdesk for helpdesk, _ in repo.reads] == ["acme", "globex"]
    reader.at("acme", at(1.5))  # a new window: read again
    assert [helpdesk for helpdesk, _ in repo.reads] == ["acme", "globex", "acme"]


def test_a_period_that_starts_or_ends_inside_the_window_is_honoured_to_the_second() -> None:
    repo = FakePeriods()
    ending = repo.add_period(anna_bob_period(at(-3600), at(0.5), helpdesk="acme"), NOW)
    starting = repo.add_period(anna_bob_period(at(0.5), None, helpdesk="acme"), NOW)
    reader = ActivePeriods(repo, window=1.0)

    assert [p.id for p in reader.at("acme", at(0.0))] == [ending.id]
    assert [p.id for p in reader.at("acme", at(0.5))] == [starting.id]
    assert [p.id for p in reader.at("acme", at(0.9))] == [starting.id]


def test_a_period_ended_early_is_seen_by_the_batch_from_the_next_window() -> None:
    repo = FakePeriods()
    p = repo.add_period(anna_bob_period(at(-3600), None, helpdesk="acme"), NOW)
    reader = ActivePeriods(repo, window=1.0)
    assert [x.id for x in reader.at("acme", at(0))] == [p.id]

    repo.save_period(dataclasses.replace(p, ended_early_at=at(0.2)), at(0.2))

    assert [x.id for x in reader.at("acme", at(0.4))] == [p.id]  # the window read before
    assert reader.at("acme", at(1.1)) == []


def test_while_its_process_answers_webhooks_the_worker_waits_a_little_before_each_event(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The webhooks' answers go first; each event waits at most MAKE_WAY_SECONDS for them."""
    from connector import worker as worker_module

    queue_events(services, 2)
    sleeps: list[float] = []
    monkeypatch.setattr(worker_module.time, "sleep", sleeps.append)
    with in_flight.answering_webhook():  # a web thread answering a webhook the whole time
        assert Worker(services, "w1").run_once() is True
    steps = round(worker_module.MAKE_WAY_SECONDS / worker_module.MAKE_WAY_STEP)
    assert sleeps == [worker_module.MAKE_WAY_STEP] * steps * 2  # bounded, per event

    sleeps.clear()
    queue_events(services, 2)
    assert Worker(services, "w2").run_once() is True  # no webhook being answered: no wait
    assert sleeps == []
