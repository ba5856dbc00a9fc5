"""SQLite: the webhook's insert waits for the single writer's lock in short steps of its own,
not in SQLite's busy handler's growing sleeps, and only for as long as the engines would."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time

import pytest
from sqlalchemy.exc import OperationalError

from connector.adapters import inbox_writer
from connector.adapters.store import Store

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def hold_the_write_lock(path: str, seconds: float) -> tuple[threading.Thread, threading.Event]:
    """Another connection (as another process's worker would) holds SQLite's write lock."""
    taken = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait(5)
    return thread, taken


def test_a_webhook_written_while_another_connection_writes_is_stored_once_the_lock_is_free(
    db_url: str,
) -> None:
    store = Store(db_url)
    thread, _ = hold_the_write_lock(db_url.removeprefix("sqlite:///"), 0.15)
    started = time.monotonic()
    ids, duplicates = store.add_events("acme", [("evt-1", "ticket.created", "{}")], NOW)
    waited = time.monotonic() - started
    thread.join()
    assert len(ids) == 1 and duplicates == 0
    assert waited >= 0.1  # it did wait for the lock, and then wrote
    store.engine.dispose()


def test_the_writers_own_connection_answers_busy_at_once_and_the_pools_wait_as_before(
    db_url: str,
) -> None:
    store = Store(db_url)
    store.add_events("acme", [("evt-1", "ticket.created", "{}")], NOW)
    writer = store._inbox_writer
    kept = writer._connection().dbapi_connection
    assert kept is not None
    assert kept.execute("PRAGMA busy_timeout").fetchone() == (0,)
    with store.autocommit.connect() as conn:  # the worker's claims and outcomes
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    store.engine.dispose()


def test_a_lock_held_past_the_timeout_fails_the_write_as_an_outage(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The webhook then answers 503 and the vendor sends it again, as for any database error."""
    monkeypatch.setattr(inbox_writer, "BUSY_TIMEOUT", 0.05)
    store = Store(db_url)
    thread, _ = hold_the_write_lock(db_url.removeprefix("sqlite:///"), 0.5)
    with pytest.raises(OperationalError, match="locked"):
        store.add_events("acme", [("evt-1", "ticket.created", "{}")], NOW)
    thread.join()
    ids, _ = store.add_events("acme", [("evt-1", "ticket.created", "{}")], NOW)
    assert len(ids) == 1  # nothing was half-written: the retry stores it
    store.engine.dispose()
