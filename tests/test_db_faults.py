"""PostgreSQL goes away under a stream of webhooks: 503 instead of lost events; the worker
reconnects and finishes.

The test runs its own throw-away PostgreSQL cluster (initdb on a free port, trust auth) and
stops and starts that one, so PostgreSQL tests running in parallel on the shared server are
not disturbed. It needs the PostgreSQL server binaries (Debian: postgresql-15) and, when run
as root, the ``postgres`` user; otherwise it skips (fails with CI=true).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from sqlalchemy import select

from connector.adapters.models import InboxEvent
from connector.adapters.store import Store, migrate
from tests.conftest import ZENDESK_SECRET
from tests.fake_zendesk import FakeZendesk
from tests.support import (
    skip_or_fail,
    stop_processes,
    store_anna_bob_period,
    zendesk_headers,
    zendesk_ticket_created,
)

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent
ANNA, BOB = 9001, 9002
WAIT = 120.0  # generous: CI machines are shared and noisy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateCluster:
    """A PostgreSQL cluster of this test's own, in a temporary directory."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            skip_or_fail("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/pg_ctl)")
        self.bin = bins[-1].parent
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # postgres refuses to run as root
            if shutil.which("runuser") is None:
                skip_or_fail("running as root without runuser to start PostgreSQL as postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.top = Path(tempfile.mkdtemp(prefix="standin-pg-"))
        self.top.chmod(0o755)
        self.data = self.top / "data"
        self.log = self.top / "postgres.log"
        self.port = _free_port()
        if self.as_user:
            shutil.chown(self.top, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(self.bin / tool), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            skip_or_fail(f"{tool} failed: {done.stderr.strip()[-300:]}")

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.top} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate"]
            + ["stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(self.top, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    pg = PrivateCluster()
    try:
        pg.start()
        yield pg
    finally:
        pg.remove()


@pytest.fixture
def zd() -> Iterator[FakeZendesk]:
    fake = FakeZendesk()
    fake.start()
    fake.add_user(ANNA, "Anna de Vries", "anna@example.com")
    fake.add_user(BOB, "Bob Jansen", "bob@example.com")
    fake.add_user(7001, "Daan de Vries", "daan@example.org", "end-user")
    for tid in range(1, 201):
        fake.add_ticket(tid, ANNA, requester_id=7001)
    yield fake
    fake.stop()


def event(tid: int) -> tuple[str, bytes]:
    eid = str(uuid.uuid4())
    return eid, zendesk_ticket_created(tid, assignee=ANNA, requester=7001, event_id=eid)


class Poster:
    """Posts signed webhooks one after another, recording every answer."""

    def __init__(self, url: str):
        self.url = url
        self.answers: list[tuple[str, bytes, int, dict[str, str], dict[str, Any]]] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def post(self, eid: str, body: bytes) -> int:
        headers = zendesk_headers(body, ZENDESK_SECRET, dt.datetime.now(dt.UTC))
        resp = requests.post(self.url, data=body, headers=headers, timeout=30)
        with self.lock:
            self.answers.append((eid, body, resp.status_code, dict(resp.headers), resp.json()))
        return resp.status_code

    def _run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            self.post(*event(1 + n % 200))
            time.sleep(0.01)

    def count(self, status: int) -> int:
        with self.lock:
            return sum(1 for a in self.answers if a[2] == status)


def wait_until(check: Any, what: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        assert proc.poll() is None, "standin serve stopped"
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_database_restart_under_load_answers_503_and_loses_no_accepted_event(
    cluster: PrivateCluster, zd: FakeZendesk, tmp_path: Path
) -> None:
    migrate(cluster.url)
    store = Store(cluster.url)
    now = dt.datetime.now(dt.UTC)
    store_anna_bob_period(store, now, ANNA, BOB)
    store.engine.dispose()
    port = _free_port()
    config = tmp_path / "standin.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "database_url": cluster.url,
                "worker": {"poll_interval": 0.2, "lease_seconds": 5},
                "scheduler": {"enabled": False},
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": zd.url,
                        "credentials": {"email": "ops@example.com", "api_token": "t"},
                        "webhook_secrets": [ZENDESK_SECRET],
                        "rate_limit_per_minute": 100_000,
                    }
                },
            }
        )
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    log = tmp_path / "serve.log"
    serve = subprocess.Popen(
        [sys.executable, "-m", "connector", "--log-level", "warning", "serve"]
        + ["--config", str(config), "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    poster = Poster(f"{base}/webhooks/acme")
    try:

        def up() -> bool:
            try:
                return requests.get(f"{base}/healthz", timeout=2).status_code == 200
            except (requests.ConnectionError, requests.Timeout):  # still starting, or slow
                return False

        wait_until(up, "standin serve to listen", serve)
        poster.thread.start()
        wait_until(lambda: poster.count(202) >= 20, "20 accepted webhooks", serve)

        cluster.stop()  # the database goes away under load ...
        wait_until(lambda: poster.count(503) >= 5, "503 answers while it is down", serve)
        accepted_before = poster.count(202)
        cluster.start()  # ... and comes back
        wait_until(
            lambda: poster.count(202) >= accepted_before + 20, "202 again after the restart", serve
        )
        poster.stop.set()
        poster.thread.join(timeout=30)

        answers = list(poster.answers)
        # Only 202 (stored) or 503 (not stored: retry), never a 500 or a dropped connection.
        assert Counter(a[2] for a in answers).keys() == {202, 503}, Counter(a[2] for a in answers)
        for _, _, status, headers, body in answers:
            if status == 503:
                assert headers.get("Retry-After") == "5"
                assert body["error"]["code"] == "database_unavailable"
                assert "nothing was stored" in body["error"]["message"]
        # The helpdesk retries what got 503: accepted now (or a duplicate, if the commit
        # went through just before the connection dropped — stored once either way).
        refused = [(eid, body) for eid, body, status, _, _ in answers if status == 503]
        for eid, body in refused:
            assert poster.post(eid, body) == 202

        store = Store(cluster.url)
        with store.session() as s:
            stored = Counter(s.execute(select(InboxEvent.dedup_key)).scalars())
        every = {eid for eid, *_ in answers}
        # Every event that got a 202 is in the database, exactly once; nothing else is.
        assert set(stored) == {f"event:{eid}" for eid in every}
        assert set(stored.values()) == {1}

        # The embedded worker reconnected and finished everything.
        def all_done() -> bool:
            with store.session() as s:
                return set(s.execute(select(InboxEvent.status)).scalars()) == {"done"}

        wait_until(all_done, "the worker to finish every stored event", serve)
        touched = {int(json.loads(b)["detail"]["id"]) for _, b, *_ in answers}
        assert all(zd.tickets[t]["assignee_id"] == BOB for t in touched)
        for t in touched:
            assert set(zd.assignments[t]) == {BOB}
        store.engine.dispose()
    finally:
        poster.stop.set()
        stop_processes(serve)
