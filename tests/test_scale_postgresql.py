"""Four ``standin worker`` processes share one PostgreSQL queue of thousands of events.

A correctness test (every event exactly once, the work spread over the processes); the
speed-up per worker count over 10,000 events is measured by ``bench/scale_out.py``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select, text

from connector.adapters.models import InboxEvent
from connector.adapters.repositories.periods import PeriodRepository
from connector.adapters.store import Store
from tests.conftest import own_pg_database
from tests.fake_zendesk import FakeZendesk, employee_period, ticket_created
from tests.support import stop_processes

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent
EVENTS = int(os.environ.get("STANDIN_SCALE_EVENTS", "2500"))  # 10000 for the full size
WORKERS = 4
THREADS = int(os.environ.get("STANDIN_SCALE_THREADS", "1"))  # per worker process
#: A correctness test, not a speed test: it waits as long as the workers make progress and
#: fails only when nothing more is done for STALL seconds (or after TIMEOUT in all), because
#: shared CI machines can be many times slower than a quiet one.
STALL = 180.0
TIMEOUT = 3600.0


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """A database of its own: other tests truncate the shared session database."""
    with own_pg_database("standin_scale") as url:
        yield url


@pytest.fixture
def vendor() -> Iterator[FakeZendesk]:
    server = FakeZendesk.for_load()
    yield server
    server.stop()


def test_four_worker_processes_process_thousands_of_queued_events_exactly_once(
    fresh_pg: str, vendor: FakeZendesk, tmp_path: Any
) -> None:
    store = Store(fresh_pg)
    now = dt.datetime.now(dt.UTC)
    PeriodRepository(store).add_period(
        employee_period(now - dt.timedelta(hours=1), now + dt.timedelta(days=1)),
        now,
    )
    tickets = [str(500_000 + i) for i in range(EVENTS)]
    for start in range(0, EVENTS, 1000):
        batch = [
            (f"event:{eid}", "zen:event-type:ticket.created", ticket_created(int(t), eid).decode())
            for t in tickets[start : start + 1000]
            for eid in [str(uuid.uuid4())]
        ]
        ids, dups = store.add_events("acme", batch, now)
        assert (len(ids), dups) == (len(batch), 0)

    config = tmp_path / "standin.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "database_url": fresh_pg,
                "worker": {"poll_interval": 0.2},
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": vendor.url,
                        "credentials": {"email": "ops@example.com", "api_token": "t"},
                        "webhook_secrets": ["scale-test-secret"],
                        "locale": "nl",
                        # the fake vendor has no rate limit; Zendesk's default (200/min) would
                        # make this a test of the limiter, not of the workers
                        "rate_limit_per_minute": 100_000,
                    }
                },
            }
        )
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "connector", "--log-level", "warning", "worker"]
    cmd += ["--concurrency", str(THREADS)]
    logs = [tmp_path / f"worker{i}.log" for i in range(WORKERS)]
    procs = [
        subprocess.Popen(
            [*cmd, "--config", str(config)],
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        for log in logs
    ]
    count_done = select(text("count(*)")).select_from(InboxEvent).where(InboxEvent.status == "done")
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            with store.engine.connect() as conn:
                done = conn.execute(count_done).scalar_one()
            if done == EVENTS or any(p.poll() is not None for p in procs):
                break
            time.sleep(1.0)
    finally:
        elapsed = time.monotonic() - deadline + TIMEOUT
        stop_processes(*procs)
    print(f"{EVENTS} events, {WORKERS}×{THREADS} workers: {elapsed:.1f} s")

    with store.engine.connect() as conn:
        rows = conn.execute(
            select(InboxEvent.status, InboxEvent.attempts, InboxEvent.locked_by, InboxEvent.outcome)
        ).all()
    store.engine.dispose()
    statuses = Counter(r.status for r in rows)
    assert statuses == {"done": EVENTS}, (
        statuses,
        [log.read_text()[-2000:] for log in logs],
    )
    assert Counter(r.attempts for r in rows) == {1: EVENTS}
    assert all(r.outcome.startswith("rerouted ticket") for r in rows), Counter(
        r.outcome for r in rows
    ).most_common(3)
    puts = vendor.put_counts()
    assert set(puts) == set(tickets)
    assert Counter(puts.values()) == {1: EVENTS}
    per_worker = Counter(r.locked_by for r in rows)
    assert len(per_worker) > 1, per_worker
