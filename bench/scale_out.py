"""Scale-out: 1 → 2 → 4 `standin worker` processes draining the same queue on PostgreSQL.

    python bench/scale_out.py [--events 10000] [--steps 1,2,4] [--timeout 300]

Per step: a fresh PostgreSQL database, a period (employee → replacement) created in-process,
N `standin worker` processes started and idle, then ``--events`` Zendesk ``ticket.created``
events (distinct tickets owned by the employee) committed to the inbox at once (as the ingest
tier would have stored them). Timed from that commit until the local fake Zendesk has seen a
PUT for every ticket; it also counts tickets moved twice and never. The fake vendor has no
rate limit, so the bound is the CPU: the machine's core count is printed, and a step that
cannot go faster than the cores allow says so. Bounded by ``--timeout`` per step; speed-up
is the ratio of events rerouted per second, so a step cut short by the timeout still counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    HELPDESK,
    database,
    env,
    signed_headers,
    tempdir,
    write_config,
)
from connector.adapters.helpdesks.base import WebhookRequest  # noqa: E402
from connector.adapters.store import migrate  # noqa: E402
from connector.cli import _load  # noqa: E402
from connector.wiring import build_services  # noqa: E402
from tests.fake_zendesk import EMPLOYEE, REPLACEMENT, FakeZendesk, ticket_created  # noqa: E402


def queue(config: Path, tickets: range) -> float:
    """Store one event per ticket in the inbox in a few big commits; returns when done."""
    svc = build_services(_load(str(config)))
    adapter = svc.helpdesks[HELPDESK]
    now = dt.datetime.now(dt.UTC)
    svc.periods.create(
        {
            "helpdesk": HELPDESK,
            "employee": EMPLOYEE["email"],
            "replacement": REPLACEMENT["email"],
            "starts_at": (now - dt.timedelta(minutes=1)).isoformat(),
            "ends_at": (now + dt.timedelta(days=1)).isoformat(),
            "notice": {"at_start": False},
        },
        "bench",
    )
    rows = []
    for tid in tickets:
        body = ticket_created(tid, str(uuid.uuid4()))
        req = WebhookRequest("POST", "http://bench/", signed_headers(body), body)
        for e in adapter.split(req, adapter.parse(req)):
            rows.append((e.dedup_key, e.event_type, e.payload))
    return _commit(svc, rows)


def _commit(svc: object, rows: list[tuple[str, str, str]]) -> float:
    store = svc.store  # type: ignore[attr-defined]
    now = dt.datetime.now(dt.UTC)
    # As deliveries arrive: up to 100 events share a time (a HubSpot batch), then the next.
    for i, start in enumerate(range(0, len(rows), 100)):
        store.add_events(HELPDESK, rows[start : start + 100], now + dt.timedelta(microseconds=i))
    committed = time.monotonic()
    store.engine.dispose()
    return committed


def step(n: int, args: argparse.Namespace, vendor: FakeZendesk, first: int) -> dict[str, float]:
    tickets = range(first, first + args.events)
    with tempdir() as tmp_name, database("postgresql", Path(tmp_name)) as url:
        tmp = Path(tmp_name)
        # The scheduler's sweep would list the employee's tickets too: off, the inbox only.
        cfg = write_config(tmp, url, vendor.url, poll_interval=1.0)
        cfg.write_text(cfg.read_text() + "scheduler:\n  enabled: false\n")
        migrate(url)
        procs = []
        for i in range(n):
            log = (tmp / f"worker-{i}.log").open("wb")
            cmd = [sys.executable, "-m", "connector", "--log-level", "warning", "worker"]
            cmd += ["--config", str(cfg)]
            procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env()))
        try:
            _wait_running(tmp, n, procs)
            started = queue(cfg, tickets)
            deadline = started + args.timeout
            done = 0
            while time.monotonic() < deadline:
                counts = vendor.put_counts()
                done = sum(1 for t in tickets if str(t) in counts)
                if done == len(tickets):
                    break
                time.sleep(0.05)
            took = time.monotonic() - started
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
    counts = vendor.put_counts()
    twice = sum(1 for t in tickets if counts.get(str(t), 0) > 1)
    return {"took": took, "done": done, "twice": twice, "lost": len(tickets) - done}


def _wait_running(tmp: Path, n: int, procs: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"a worker exited with {p.returncode}")
        running = sum(
            1
            for i in range(n)
            if "Stand-in worker running" in (tmp / f"worker-{i}.log").read_text()
        )
        if running == n:
            return
        time.sleep(0.1)
    raise RuntimeError("workers did not start in 120 s")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--steps", default="1,2,4", help="worker processes per step")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per step at most")
    args = ap.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    vendor = FakeZendesk.for_load()
    results = []
    try:
        for i, n in enumerate(steps):
            res = step(n, args, vendor, first=10_000_000 * (i + 1))
            results.append((n, res))
            print(f"  {n} worker(s): {res['took']:.1f} s, {res['done']:.0f} rerouted", flush=True)
    finally:
        vendor.stop()
    print(
        f"Scale-out on PostgreSQL: {args.events} queued ticket.created events, each rerouted "
        f"with one PUT to a local fake Zendesk (no rate limit); {os.cpu_count()} CPUs "
        "shared with the fake vendor, PostgreSQL and this script."
    )
    print(
        "| worker processes | time | events/s | speed-up vs 1 | vs previous step | "
        "rerouted | twice | not yet rerouted |"
    )
    print("|---|---|---|---|---|---|---|---|")

    def rate(r: dict[str, float]) -> float:
        return r["done"] / r["took"] if r["took"] else 0.0

    base = prev = rate(results[0][1])
    ok = True
    for n, r in results:
        now = rate(r)
        timed_out = " (timed out)" if r["lost"] else ""
        print(
            f"| {n} | {r['took']:.1f} s{timed_out} | {now:.0f} | {now / base:.2f} | "
            f"{now / prev:.2f} | {r['done']:.0f} | {r['twice']:.0f} | {r['lost']:.0f} |"
        )
        prev = now
        ok &= r["lost"] == 0 and r["twice"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
