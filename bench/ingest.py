"""Webhook ingest throughput: Stand-in's signed, persisted 202 against a no-op Flask baseline.

    python bench/ingest.py [--db sqlite|postgresql|both] [--seconds 10] [--concurrency 32]

Both servers run under gunicorn (gthread) with the same workers/threads and are driven by the
same threaded load generator (one kept-alive connection per thread, requests signed up front:
the signature timestamp stays valid ±300 s). Loopback only; bounded in time and in count.

Stand-in is measured twice per database: ``web only`` (``standin serve --web-only``, the ingest
tier of a scaled deployment: verify, de-duplicate, commit, 202) — the goal is judged on this
row — and ``web + worker`` (the all-in-one default, where each web process also processes the
events against the local fake Zendesk, on the same two cores as the load generator).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    HELPDESK,
    LoadResult,
    RssSampler,
    closed_loop,
    database,
    signed_headers,
    start_baseline,
    start_standin,
    tempdir,
    write_config,
)
from tests.fake_vendor import FakeZendesk, ticket_created  # noqa: E402

GOAL = 0.6


def build_requests(n: int) -> list[tuple[bytes, dict[str, str]]]:
    out = []
    for i in range(n):
        body = ticket_created(100_000 + i, str(uuid.uuid4()))
        out.append((body, signed_headers(body)))
    return out


def row(name: str, r: LoadResult) -> str:
    errs = ", ".join(f"{k}×{v}" for k, v in sorted(r.errors.items())) or "-"
    return f"{name:<36} {r.rps:>9.0f} {r.pct(50):>9.1f} {r.pct(99):>9.1f} {r.ok:>8} {errs:>10}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2, help="gunicorn processes (both servers)")
    ap.add_argument("--threads", type=int, default=4, help="gunicorn threads (both servers)")
    ap.add_argument("--max-requests", type=int, default=60_000, help="cap per run")
    ap.add_argument(
        "--web-only-only", action="store_true", help="skip the web + worker runs (faster)"
    )
    args = ap.parse_args()
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]

    print(
        f"machine: {os.cpu_count()} CPUs; load: {args.concurrency} connections, "
        f"{args.seconds:.0f} s per run; gunicorn {args.workers} workers × {args.threads} threads"
    )
    vendor = FakeZendesk().start()  # the embedded worker processes what is ingested
    results: dict[str, tuple[LoadResult, LoadResult, int, int]] = {}
    modes = (
        [("web only", True)]
        if args.web_only_only
        else [("web only", True), ("web + worker", False)]
    )
    try:
        with tempdir() as tmp_name:
            tmp = Path(tmp_name)
            base = start_baseline(tmp, args.workers, args.threads)
            try:
                reqs = build_requests(args.max_requests)
                closed_loop(base.port, f"/webhooks/{HELPDESK}", reqs[:500], 8, 2)  # warm-up
                baseline = closed_loop(
                    base.port, f"/webhooks/{HELPDESK}", reqs, args.concurrency, args.seconds
                )
            finally:
                base.stop()
            for kind, (mode, web_only) in ((k, m) for k in dbs for m in modes):
                with database(kind, tmp) as url:
                    cfg = write_config(tmp, url, vendor.url)
                    srv = start_standin(cfg, tmp, args.workers, args.threads, web_only=web_only)
                    try:
                        reqs = build_requests(args.max_requests + 500)  # fresh ids, fresh stamps
                        closed_loop(srv.port, f"/webhooks/{HELPDESK}", reqs[-500:], 8, 2)
                        with RssSampler(srv.proc.pid) as rss:
                            res = closed_loop(
                                srv.port,
                                f"/webhooks/{HELPDESK}",
                                reqs[:-500],
                                args.concurrency,
                                args.seconds,
                            )
                            time.sleep(0.3)
                        results[f"{kind}, {mode}"] = (
                            res,
                            baseline,
                            rss.peak_sum_kb,
                            rss.hwm_sum_kb(),
                        )
                    finally:
                        srv.stop()
    finally:
        vendor.stop()

    print()
    head = f"{'server':<36} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'202s':>8} {'errors':>10}"
    print(head)
    print("-" * len(head))
    print(row("baseline (no-op Flask)", baseline))
    for kind, (res, *_) in results.items():
        print(row(f"standin ({kind})", res))
    print()
    ok = True
    for kind, (res, bl, peak, hwm) in results.items():
        ratio = res.rps / bl.rps if bl.rps else 0.0
        judged = "web only" in kind
        verdict = ("meets" if ratio >= GOAL else "MISSES") if judged else "for information"
        if judged:
            verdict += f" the ≥ {GOAL} goal"
        ok &= ratio >= GOAL or not judged
        print(
            f"{kind:<24} ratio standin/baseline = {ratio:.2f} ({verdict}); "
            f"peak RSS of the server tree: {peak / 1024:.0f} MiB sampled "
            f"(sum of per-process VmHWM {hwm / 1024:.0f} MiB)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
