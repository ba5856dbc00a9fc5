"""Workers on PostgreSQL wake on NOTIFY when an event is stored, not at their next poll."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from connector.adapters.models import InboxEvent
from connector.adapters.pg_notify import conninfo, listen, start_listener
from connector.adapters.repositories.periods import PeriodRepository
from connector.adapters.store import Store
from tests.fake_zendesk import REPLACEMENT, FakeZendesk, employee_period, ticket_created
from tests.test_scale_postgresql import fresh_pg  # noqa: F401 - a database of its own

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def listener(fresh_pg: str) -> Iterator[threading.Event]:  # noqa: F811
    wake, stop, ready = threading.Event(), threading.Event(), threading.Event()
    thread = threading.Thread(
        target=listen, args=(fresh_pg, wake, stop), kwargs={"ready": ready}, daemon=True
    )
    thread.start()
    assert ready.wait(30), "the listener did not connect"
    wake.clear()  # it wakes once on connecting; the tests look at what comes after
    yield wake
    stop.set()
    thread.join(10)


def _event(ticket: int) -> tuple[str, str, str]:
    eid = str(uuid.uuid4())
    return (f"event:{eid}", "zen:event-type:ticket.created", ticket_created(ticket, eid).decode())


def test_storing_an_event_wakes_a_listener_of_another_connection(
    fresh_pg: str,  # noqa: F811
    listener: threading.Event,
) -> None:
    store = Store(fresh_pg)  # its own engine: as another process would
    ids, _ = store.add_events("acme", [_event(1)], NOW)
    assert ids
    assert listener.wait(30)
    store.engine.dispose()


def test_a_duplicate_stores_nothing_and_wakes_nobody(
    fresh_pg: str,  # noqa: F811
    listener: threading.Event,
) -> None:
    store = Store(fresh_pg)
    event = _event(2)
    store.add_events("acme", [event], NOW)
    assert listener.wait(30)
    listener.clear()
    assert store.add_events("acme", [event], NOW) == ([], 1)
    assert not listener.wait(1.0)
    store.engine.dispose()


def test_sqlite_has_no_listener_and_relies_on_polling(tmp_path: Path) -> None:
    stop = threading.Event()
    assert start_listener(f"sqlite:///{tmp_path}/x.db", threading.Event(), stop) is None


def test_the_listener_connects_with_libpq_url_and_keeps_the_password_out_of_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = "postgresql+psycopg://standin:s3cret-pw@127.0.0.1:1/standin"
    assert conninfo(url) == "postgresql://standin:s3cret-pw@127.0.0.1:1/standin"
    wake, stop = threading.Event(), threading.Event()
    caplog.set_level(logging.WARNING)
    thread = threading.Thread(
        target=listen, args=(url, wake, stop), kwargs={"retry_seconds": 0.05}, daemon=True
    )
    thread.start()
    for _ in range(200):
        if caplog.records:
            break
        time.sleep(0.05)
    stop.set()
    thread.join(10)
    assert caplog.records, "a refused connection is logged"
    assert all("s3cret-pw" not in r.getMessage() for r in caplog.records)
    assert not wake.is_set()


def test_a_worker_process_polling_every_ten_minutes_takes_a_new_event_on_notify(
    fresh_pg: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    vendor = FakeZendesk.for_load()
    store = Store(fresh_pg)
    PeriodRepository(store).add_period(
        employee_period(NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=3650)),
        NOW,
    )
    config = tmp_path / "standin.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "database_url": fresh_pg,
                "worker": {"poll_interval": 600},
                "scheduler": {"enabled": False},
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": vendor.url,
                        "credentials": {"email": "ops@example.com", "api_token": "t"},
                        "webhook_secrets": ["notify-test-secret"],
                        "locale": "nl",
                        "rate_limit_per_minute": 100_000,
                    }
                },
            }
        )
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = tmp_path / "worker.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "connector", "worker", "--config", str(config)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(600):  # the worker is up and has polled once, finding nothing
            if "worker running" in log.read_text():
                break
            time.sleep(0.1)
        time.sleep(1.0)
        ids, _ = store.add_events("acme", [_event(700_001)], dt.datetime.now(dt.UTC))
        status = ""
        for _ in range(600):  # at most 60 s: far less than the 600 s poll
            with store.session() as s:
                status = s.execute(
                    select(InboxEvent.status).where(InboxEvent.id == ids[0])
                ).scalar_one()
            if status == "done":
                break
            time.sleep(0.1)
        assert status == "done", log.read_text()[-2000:]
        assert vendor.assignee == {"700001": REPLACEMENT["id"]}
    finally:
        proc.terminate()
        proc.wait(20)
        vendor.stop()
        store.engine.dispose()
