"""Group commit: webhooks that arrive together share one write; each is answered after it."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from connector.adapters.group_commit import GroupCommit
from connector.adapters.models import InboxEvent
from connector.adapters.store import Store
from tests.conftest import own_pg_database

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


class GatedWriter:
    """A write that records its batches; the first one waits at a gate until the test opens it."""

    def __init__(self, fail_on: Callable[[str], bool] = lambda _i: False):
        self.batches: list[list[str]] = []
        self.gate = threading.Event()
        self.inside = threading.Event()
        self.fail_on = fail_on

    def __call__(self, items: Sequence[str]) -> list[str]:
        self.batches.append(list(items))
        if len(self.batches) == 1:
            self.inside.set()
            assert self.gate.wait(10)
        bad = [i for i in items if self.fail_on(i)]
        if bad:
            raise ValueError(f"cannot store {bad}")
        return [f"stored {i}" for i in items]


def wait_until(cond: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not cond():
        assert time.monotonic() < deadline, "condition not reached within 10 s"
        time.sleep(0.001)


def submit_while_first_write_is_in_flight(
    group: GroupCommit[str, str], writer: GatedWriter, later: list[str]
) -> tuple[dict[str, Any], list[threading.Thread]]:
    """Start 'first' (it blocks inside the write), queue ``later`` behind it, then open the gate."""
    outcome: dict[str, Any] = {}

    def call(item: str) -> None:
        try:
            outcome[item] = group.submit(item)
        except Exception as exc:  # noqa: BLE001 - recorded for the assertions
            outcome[item] = exc

    threads = [threading.Thread(target=call, args=("first",))]
    threads[0].start()
    assert writer.inside.wait(10)
    for item in later:
        t = threading.Thread(target=call, args=(item,))
        t.start()
        threads.append(t)
    wait_until(lambda: group.waiting == len(later))
    writer.gate.set()
    for t in threads:
        t.join(10)
    return outcome, threads


def test_a_lone_request_is_written_at_once_and_alone() -> None:
    writer = GatedWriter()
    writer.gate.set()
    group: GroupCommit[str, str] = GroupCommit(writer)
    assert group.submit("a") == "stored a"
    assert writer.batches == [["a"]]
    assert group.waiting == 0


def test_requests_arriving_during_a_write_share_the_next_one_and_each_gets_its_own_result() -> None:
    writer = GatedWriter()
    group: GroupCommit[str, str] = GroupCommit(writer)
    outcome, _ = submit_while_first_write_is_in_flight(group, writer, ["b", "c", "d"])
    assert writer.batches == [["first"], ["b", "c", "d"]]
    assert outcome == {
        "first": "stored first",
        "b": "stored b",
        "c": "stored c",
        "d": "stored d",
    }


def test_a_batch_never_exceeds_the_maximum_and_the_rest_follows_in_order() -> None:
    writer = GatedWriter()
    group: GroupCommit[str, str] = GroupCommit(writer, max_batch=2)
    outcome, _ = submit_while_first_write_is_in_flight(group, writer, ["b", "c", "d", "e", "f"])
    assert [len(b) for b in writer.batches] == [1, 2, 2, 1]
    assert sorted(sum(writer.batches, [])) == ["b", "c", "d", "e", "f", "first"]
    assert all(outcome[i] == f"stored {i}" for i in outcome)


def test_one_bad_item_fails_only_its_own_request_when_the_error_is_about_the_data() -> None:
    writer = GatedWriter(fail_on=lambda i: i == "poison")
    group: GroupCommit[str, str] = GroupCommit(writer)
    outcome, _ = submit_while_first_write_is_in_flight(group, writer, ["b", "poison", "c"])
    assert isinstance(outcome["poison"], ValueError)
    assert outcome["b"] == "stored b" and outcome["c"] == "stored c"
    assert writer.batches[1:] == [["b", "poison", "c"], ["b"], ["poison"], ["c"]]


def test_when_the_database_is_down_every_request_in_the_batch_gets_the_error() -> None:
    writer = GatedWriter(fail_on=lambda i: i != "first")
    group: GroupCommit[str, str] = GroupCommit(writer, isolate=lambda exc: False)
    outcome, _ = submit_while_first_write_is_in_flight(group, writer, ["b", "c"])
    assert isinstance(outcome["b"], ValueError) and isinstance(outcome["c"], ValueError)
    assert outcome["b"] is outcome["c"]  # one write, one error, no retry per item
    assert len(writer.batches) == 2
    writer.fail_on = lambda i: False
    assert group.submit("after") == "stored after"  # the failure did not wedge the queue


def test_many_threads_all_get_answers_and_every_item_is_written_exactly_once() -> None:
    written: list[int] = []
    lock = threading.Lock()

    def write(items: Sequence[int]) -> list[int]:
        time.sleep(0.0005)  # a commit
        with lock:
            written.extend(items)
        return [i * 2 for i in items]

    group: GroupCommit[int, int] = GroupCommit(write)
    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(group.submit, range(2000)))
    assert answers == [i * 2 for i in range(2000)]
    assert sorted(written) == list(range(2000))
    assert group.waiting == 0


# -- the store's ingest write, on both databases --------------------------------------------
def event_rows(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(InboxEvent.helpdesk, InboxEvent.dedup_key).order_by(InboxEvent.id)
            )
        ]


def test_webhooks_written_together_are_each_stored_once_with_duplicates_counted(
    db_url: str,
) -> None:
    store = Store(db_url)
    keys = [f"evt-{i % 150}" for i in range(600)]  # each key sent four times, concurrently

    def send(key: str) -> tuple[list[int], int]:
        return store.add_events("acme", [(key, "ticket.created", "{}")], NOW)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, keys))
    assert sum(len(ids) for ids, _ in answers) == 150
    assert sum(dups for _, dups in answers) == 450
    assert sorted(event_rows(store)) == sorted({("acme", k) for k in keys})
    ids = [i for got, _ in answers for i in got]
    assert len(set(ids)) == 150
    store.engine.dispose()


def test_a_key_twice_in_one_webhook_is_stored_once(db_url: str) -> None:
    store = Store(db_url)
    ids, dups = store.add_events(
        "acme", [("k1", "t", "{}"), ("k2", "t", "{}"), ("k1", "t", "{}")], NOW
    )
    assert (len(ids), dups) == (2, 1)
    assert event_rows(store) == [("acme", "k1"), ("acme", "k2")]
    store.engine.dispose()


def test_a_webhook_too_large_for_one_statement_is_stored_whole_in_one_transaction(
    db_url: str,
) -> None:
    store = Store(db_url)
    rows = [(f"k{i}", "t", "{}") for i in range(250)]
    ids, dups = store.add_events("acme", rows, NOW)
    assert (len(ids), dups) == (250, 0)
    again, dups = store.add_events("acme", rows[:120] + [("k-new", "t", "{}")], NOW)
    assert (len(again), dups) == (1, 120)
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(InboxEvent)) == 251
    store.engine.dispose()


def test_a_webhook_of_many_events_in_one_statement_is_stored_exactly_as_given(
    db_url: str,
) -> None:
    """80 rows of 8 values: past psycopg's placeholder cache (50), so on PostgreSQL this runs
    the $1 … $640 statement on the raw cursor; every value must land in its own column."""
    store = Store(db_url)
    rows = [(f"k{i}", f"type-{i}", json.dumps({"n": i, "text": "é ✓"})) for i in range(80)]
    ids, dups = store.add_events("acme", rows, NOW, delay_seconds=30)
    assert (len(ids), dups) == (80, 0)
    with store.engine.connect() as conn:
        got = conn.execute(
            select(
                InboxEvent.id,
                InboxEvent.dedup_key,
                InboxEvent.event_type,
                InboxEvent.payload,
                InboxEvent.received_at,
                InboxEvent.next_attempt_at,
            ).order_by(InboxEvent.id)
        ).all()
    assert [r.id for r in got] == ids
    assert [(r.dedup_key, r.event_type, r.payload) for r in got] == rows
    assert {(r.received_at, r.next_attempt_at) for r in got} == {
        (NOW, NOW + dt.timedelta(seconds=30))
    }
    store.engine.dispose()


def test_disposing_the_store_closes_the_ingest_connections_too() -> None:
    with own_pg_database("standin_dispose") as url:
        store = Store(url)
        store.add_events("acme", [("k1", "t", "{}")], NOW)
        probe = Store(url)

        def others() -> int:
            with probe.engine.connect() as conn:
                sql = (
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                return int(conn.scalar(text(sql)) or 0)

        assert others() >= 1  # the ingest connection, kept in its pool
        store.engine.dispose()
        wait_until(lambda: others() == 0)
        probe.engine.dispose()


def test_a_pooled_connection_killed_by_the_database_is_replaced_without_failing_the_webhook() -> (
    None
):
    with own_pg_database("standin_reconnect") as url:
        store = Store(url)
        store.add_events("acme", [("before", "t", "{}")], NOW)  # the ingest pool holds it now
        admin = Store(url)
        with admin.engine.begin() as conn:
            killed = conn.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        assert killed == 1
        ids, dups = store.add_events("acme", [("after", "t", "{}")], NOW)
        assert (len(ids), dups) == (1, 0)
        assert event_rows(store) == [("acme", "before"), ("acme", "after")]
        store.engine.dispose()
        admin.engine.dispose()


def test_with_the_database_unreachable_the_write_fails_as_sqlalchemy_operational_error() -> None:
    store = Store("postgresql+psycopg://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    with pytest.raises(OperationalError):  # what the web layer answers with 503
        store.add_events("acme", [("k", "t", "{}")], NOW)
    store.engine.dispose()
