"""Benchmark: the start of a period over N open tickets against a rate-limited fake Zendesk.

Runs the real scheduler tick (search pages, update_many jobs, job-status polls, the 1,000
result search cap, the client-side rate limit and 429 + Retry-After handling) against
tests/fake_zendesk.py, and prints vendor calls made versus the minimum possible.

    .venv/bin/python bench/start_move.py [--tickets 2500] [--per-minute 700] [--time-scale 0.05]

Time is scaled: with --time-scale 0.05 a vendor "minute" lasts 3 s, so the 700-a-minute limit
is 700 calls per 3 s, Retry-After values are scaled the same way, and so are the adapter's
job-status poll delays. Wall time at real speed is wall time / time scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from connector.adapters.store import migrate  # noqa: E402
from connector.config import parse_config  # noqa: E402
from connector.mapping import credential_keys  # noqa: E402
from connector.scheduler import Scheduler  # noqa: E402
from connector.wiring import build_services  # noqa: E402
from tests.fake_zendesk import FakeZendesk  # noqa: E402

ANNA, BOB = 9001, 9002


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tickets", type=int, default=2500)
    ap.add_argument("--per-minute", type=int, default=700, help="the vendor's rate limit")
    ap.add_argument("--time-scale", type=float, default=0.05, help="1.0: real time")
    ap.add_argument("--burst-every", type=int, default=20, help="a 429 every Nth request")
    ap.add_argument("--burst-retry-after", type=float, default=2.0, help="seconds (unscaled)")
    args = ap.parse_args()
    scale = args.time_scale

    fake = FakeZendesk(
        per_minute=args.per_minute,
        time_scale=scale,
        burst_every=args.burst_every,
        burst_retry_after=args.burst_retry_after,
    )
    url = fake.start()
    fake.add_user(ANNA, "Anna de Vries", "anna@example.com")
    fake.add_user(BOB, "Bob Jansen", "bob@example.com")
    for tid in range(1, args.tickets + 1):
        fake.add_ticket(tid, ANNA, requester_id=7001)

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        migrate(db)
        config = parse_config(
            {
                "database_url": db,
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": url,
                        "credentials": {"email": "ops@example.com", "api_token": "bench"},
                        "webhook_secrets": ["bench"],
                        "timezone": "Europe/Amsterdam",
                        # the same limit, in real minutes
                        "rate_limit_per_minute": max(1, int(args.per_minute / scale)),
                    }
                },
            },
            credential_keys=credential_keys(),
        )
        svc = build_services(config)
        adapter = svc.helpdesks["acme"]
        adapter.job_poll_delays = tuple(d * scale for d in adapter.job_poll_delays)  # type: ignore[attr-defined]
        now = dt.datetime.now(dt.UTC)
        period = svc.periods.create(
            {
                "helpdesk": "acme",
                "employee": "anna@example.com",
                "replacement": "bob@example.com",
                "starts_at": (now - dt.timedelta(minutes=1)).isoformat(),
                "ends_at": (now + dt.timedelta(days=30)).isoformat(),
                # The one customer is notified once: set off here so the minimum is the bulk one.
                "notice": {"at_start": False},
            },
            "bench",
        )
        fake.calls.clear()
        started = time.perf_counter()
        Scheduler(svc, owner="bench").tick()
        wall = time.perf_counter() - started
        state = svc.periods.get(period.id or 0).state["start_move"]
        svc.store.engine.dispose()
    fake.stop()

    n = args.tickets
    pages = math.ceil(n / 100)
    bulk = math.ceil(n / 100)
    minimum = bulk + pages + bulk
    made = len(fake.calls)
    refused = sum(1 for c in fake.calls if c.status == 429)
    moved = len(fake.owned_by(BOB))
    lost = n - moved - len(fake.owned_by(ANNA))
    rows = [
        ("tickets (open, owned by the employee)", f"{n}"),
        (
            "vendor calls made",
            f"{made} (search {fake.count('/api/v2/search.json')}, update_many "
            f"{fake.count('/api/v2/tickets/update_many.json')}, job polls "
            f"{fake.count('/api/v2/job_statuses/{id}.json')}; {refused} of them answered 429)",
        ),
        (
            "minimum possible",
            f"{minimum} ({pages} search pages + {bulk} update_many + {bulk} job polls)",
        ),
        ("ratio calls / minimum", f"{made / minimum:.2f}"),
        ("tickets moved", f"{moved} (start_move: {state})"),
        ("tickets left with the employee", f"{len(fake.owned_by(ANNA))}"),
        ("tickets lost", f"{lost}"),
        ("wall time", f"{wall:.1f} s (≈ {wall / scale:.0f} s at real speed)"),
    ]
    print(
        f"Start move over {n} tickets, fake Zendesk limited to {args.per_minute} req/min, "
        f"a 429 burst (Retry-After {args.burst_retry_after:g} s) every {args.burst_every}th "
        f"request.\nTIME SCALE {scale:g}: one vendor minute lasts {60 * scale:g} s of wall time."
    )
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    return 0 if lost == 0 and moved == n else 1


if __name__ == "__main__":
    sys.exit(main())
