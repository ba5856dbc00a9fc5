"""Webhook → vendor latency: signed ticket.created events at a steady rate, timed to the PUT.

    python bench/end_to_end.py [--db sqlite|postgresql|both] [--rate 50] [--seconds 10]

A fake Zendesk API on 127.0.0.1 records when each ticket's PUT arrives; ``standin serve`` is
pointed at it; a period is created through the API with a token from ``standin token create``;
then, ``--settle`` seconds later, one event per ticket (distinct ids, assigned to the
employee) is sent at ``--rate``/s.
Printed: the time from each webhook to its ticket's PUT (p50, p99, max), how long each
webhook's 202 took (p50, p99), and the CPU that Stand-in's process tree and this script (the
fake Zendesk and the senders, on the same cores) used until the last PUT.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    HELPDESK,
    cpu_seconds,
    create_period,
    database,
    run_cli,
    signed_headers,
    start_standin,
    tempdir,
    write_config,
)
from tests.fake_zendesk import FakeZendesk, ticket_created  # noqa: E402


def send_paced(
    port: int, tickets: list[int], rate: float, senders: int = 8
) -> tuple[dict[int, float], list[float]]:
    """Send ticket i at t0 + i/rate (open loop); return ticket → send time for each 202, and
    how long each 202 took to come back (the webhook's answer)."""
    sent: dict[int, float] = {}
    answered: list[float] = []
    lock = threading.Lock()
    nxt = iter(range(len(tickets)))
    t0 = time.time() + 0.2

    def sender() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = next(nxt, None)
            if i is None:
                break
            tid = tickets[i]
            body = ticket_created(tid, str(uuid.uuid4()))
            headers = signed_headers(body)
            delay = t0 + i / rate - time.time()
            if delay > 0:
                time.sleep(delay)
            at = time.time()
            conn.request("POST", f"/webhooks/{HELPDESK}", body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status == 202:
                took = time.time() - at
                with lock:
                    sent[tid] = at
                    answered.append(took)

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sent, answered


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000


def run(kind: str, args: argparse.Namespace, vendor: FakeZendesk, first: int) -> str:
    n = int(args.rate * args.seconds)
    tickets = list(range(first, first + n))
    with tempdir() as tmp_name, database(kind, Path(tmp_name)) as url:
        tmp = Path(tmp_name)
        cfg = write_config(
            tmp,
            url,
            vendor.url,
            poll_interval=args.poll_interval,
            worker_threads=args.worker_threads,
        )
        token = run_cli(cfg, "token", "create", "bench", "--role", "admin").strip().splitlines()[-1]
        srv = start_standin(cfg, tmp, args.workers, args.threads)
        try:
            create_period(srv.port, token)
            time.sleep(args.settle)  # a period is set before its events come (see --settle)
            cpu_std, cpu_own, wall = (
                cpu_seconds(srv.proc.pid),
                time.process_time(),
                time.time(),
            )
            sent, answered = send_paced(srv.port, tickets, args.rate)
            deadline = time.time() + args.drain_timeout
            while time.time() < deadline:
                counts = vendor.put_counts()
                if all(str(t) in counts for t in sent):
                    break
                time.sleep(0.1)
            cpu_std = cpu_seconds(srv.proc.pid) - cpu_std
            cpu_own, wall = time.process_time() - cpu_own, time.time() - wall
        finally:
            srv.stop()
    with vendor.lock:
        puts = {t: list(vendor.puts.get(str(t), [])) for t in tickets}
    lat = [puts[t][0] - sent[t] for t in sent if puts[t]]
    rerouted = sum(1 for t in sent if puts[t])
    twice = sum(1 for t in sent if len(puts[t]) > 1)
    lost = len(sent) - rerouted
    return (
        f"{kind:<11} {len(sent):>5} {rerouted:>9} {lost:>5} {twice:>6} "
        f"{pct(lat, 50):>9.1f} {pct(lat, 99):>9.1f} {max(lat, default=0) * 1000:>9.1f} "
        f"{pct(answered, 50):>9.1f} {pct(answered, 99):>9.1f}"
        f"\n{'':<11} CPU over the {wall:.1f} s to the last PUT: Stand-in {cpu_std:.1f} s, "
        f"this script (the fake Zendesk and the senders) {cpu_own:.1f} s; "
        f"{os.cpu_count()} CPUs = {wall * (os.cpu_count() or 1):.1f} s"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--rate", type=float, default=50.0, help="events per second")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument(
        "--workers",
        type=int,
        default=1,
        help="gunicorn web processes, each with its worker (1: `standin serve`'s default)",
    )
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--poll-interval", type=float, default=1.0)
    ap.add_argument("--worker-threads", type=int, default=1, help="worker.threads per process")
    ap.add_argument("--drain-timeout", type=float, default=60.0)
    ap.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds between creating the period and the first event (idle workers build "
        "the privacy guard then, as they do after a team lead sets a period; 0: events at once)",
    )
    args = ap.parse_args()
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    vendor = FakeZendesk.for_load()
    rows = []
    try:
        for i, kind in enumerate(dbs):
            rows.append(run(kind, args, vendor, first=1_000_000 * (i + 1)))
    finally:
        vendor.stop()
    print(
        f"{args.rate:.0f} events/s for {args.seconds:.0f} s; gunicorn {args.workers} workers × "
        f"{args.threads} threads, {args.worker_threads} embedded event worker(s) per process, "
        f"poll_interval {args.poll_interval} s"
    )
    head = (
        f"{'db':<11} {'sent':>5} {'rerouted':>9} {'lost':>5} {'twice':>6} "
        f"{'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'202 p50':>9} {'202 p99':>9}"
    )
    print("p50/p99/max: from the webhook to the PUT at the vendor; 202: the webhook's answer")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
