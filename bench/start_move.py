"""Benchmark: the start of a period over N open tickets, for each helpdesk, against its local
fake server with the vendor's own limits and 429 bursts.

Runs the real scheduler tick (listing pages, bulk jobs or one call per ticket where the vendor
has no bulk update, job polls, listing caps, the client-side rate limit and 429 handling)
against tests/fake_*.py, and prints per vendor the calls made, the fewest calls that vendor's
API allows for the move (computed from its rules, see ``minimum``), their ratio, and how many
tickets were lost or left behind.

    .venv/bin/python bench/start_move.py [--tickets 2500] [--vendors zendesk,freshdesk,...]
                                         [--time-scale 0.05] [--burst-every 20]

Limits enforced by the fakes (real values; the window is shrunk by the time scale):
Zendesk 700 a minute (Enterprise), ``update_many`` ≤ 100 ids, search pages of 100 capped at
1,000 results; Freshdesk 200 a minute (Growth), ``bulk_update`` ≤ 100 ids, search pages of 30
capped at 10 pages; HubSpot 100 calls per 10 s, ``batch/update`` ≤ 100 inputs, search pages of
200; Zammad and RT: no documented account limit (self-hosted), Zammad has no bulk update, RT
has ``PUT /tickets/bulk``. Every ``--burst-every``-th request is refused with 429
(``Retry-After`` 2 s scaled; HubSpot sends none, so the client backs off on its own).

Time is scaled: with --time-scale 0.05 a vendor "minute" lasts 3 s, Retry-After values and
Zendesk's job-poll delays shrink the same way, and the connector's own rate limit is set to
the vendor's limit in scaled time. Call counts do not depend on the machine's speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from connector.adapters.store import migrate  # noqa: E402
from connector.config import parse_config  # noqa: E402
from connector.mapping import credential_keys  # noqa: E402
from connector.scheduler import Scheduler  # noqa: E402
from connector.wiring import build_services  # noqa: E402
from tests.fake_zendesk import FakeZendesk  # noqa: E402
from tests.test_lifecycle_vendors import (  # noqa: E402
    Desk,
    FreshdeskDesk,
    HubSpotDesk,
    RtDesk,
    ZammadDesk,
)

#: A fixed Fernet key (the bench seals nothing worth keeping; saves writing a key file).
BENCH_DATA_KEY = "YmVuY2gtb25seS1kYXRhLWtleS0zMi1ieXRlcy1vayE="
VENDORS = ("zendesk", "freshdesk", "hubspot", "zammad", "rt")


class ZendeskDesk(Desk):
    """Zendesk in the shape of tests/test_lifecycle_vendors.py's desks."""

    vendor = "zendesk"
    fake: Any
    listing = ("GET", "/api/v2/search.json")

    def __init__(self) -> None:
        super().__init__()
        self.fake = zd = FakeZendesk()
        for n, name in enumerate(("anna", "bob")):
            self.ids[name] = 9001 + n
            zd.add_user(self.ids[name], name.title(), f"{name}@example.com")

    def config(self) -> dict[str, Any]:
        return {
            "vendor": "zendesk",
            "url": self.fake.url,
            "credentials": {"email": "ops@example.com", "api_token": "bench"},
        }

    def add(self, tid: int, who: str, *, solved: bool = False, other_group: bool = False) -> None:
        self.fake.add_ticket(tid, self.ids[who], requester_id=7001)

    def minimum_start_calls(self, n: int) -> int:
        # Search pages of 100, then one update_many of ≤ 100 ids and one poll of its job each.
        return 3 * math.ceil(n / 100)


@dataclass(frozen=True)
class Limit:
    """The vendor's account limit: ``calls`` per ``window`` seconds (real time)."""

    calls: int
    window: float

    def per_minute(self) -> float:
        return self.calls * 60.0 / self.window


#: The account limits the fakes enforce (None: no documented limit for a self-hosted desk).
LIMITS: dict[str, Limit | None] = {
    "zendesk": Limit(700, 60.0),
    "freshdesk": Limit(200, 60.0),
    "hubspot": Limit(100, 10.0),
    "zammad": None,
    "rt": None,
}

DESKS: dict[str, Callable[[], Desk]] = {
    "zendesk": ZendeskDesk,
    "freshdesk": FreshdeskDesk,
    "hubspot": HubSpotDesk,
    "zammad": ZammadDesk,
    "rt": RtDesk,
}


@dataclass
class Result:
    vendor: str
    tickets: int
    calls: int
    refused: int
    minimum: int
    moved: int
    left_behind: int
    lost: int
    state: dict[str, Any]
    wall: float

    @property
    def ratio(self) -> float:
        return self.calls / self.minimum


def limit_fake(
    fake: Any,
    limit: Any,
    time_scale: float,
    burst_every: int = 20,
    burst_retry_after: float = 2.0,
) -> None:
    """The vendor's published limit on its fake server, in scaled time, with a 429 burst every
    ``burst_every`` calls (0: none)."""
    if limit is not None:
        fake.per_minute = limit.calls
        if hasattr(fake, "window_seconds"):
            fake.window_seconds = limit.window * time_scale
        else:  # tests/fake_zendesk.py scales its own minute
            fake.time_scale = time_scale

    def burst(number: int, route: str) -> float | None:
        return burst_retry_after * time_scale if number % burst_every == 0 else None

    fake.fail_at = burst if burst_every else None


def scaled_services(desk: Any, limit: Any, time_scale: float, url: str) -> Any:
    """Stand-in for ``desk`` on the database at ``url``: the connector's own rate limit is the
    vendor's and the adapter's job polling is in scaled time."""
    rate = limit.per_minute() / time_scale if limit else 1_000_000
    config = parse_config(
        {
            "database_url": url,
            "helpdesks": {
                "desk": {
                    **desk.config(),
                    "webhook_secrets": ["whsec_c3RhbmRpbi1ydC10ZXN0LXNlY3JldC0zMmJ5dGVzISE="],
                    "timezone": "Europe/Amsterdam",
                    "rate_limit_per_minute": max(1, min(100_000, int(rate))),
                }
            },
            "data_keys": [BENCH_DATA_KEY],
        },
        credential_keys=credential_keys(),
    )
    svc = build_services(config)
    adapter: Any = svc.helpdesks["desk"]
    if hasattr(adapter, "job_poll_delays"):
        adapter.job_poll_delays = tuple(d * time_scale for d in adapter.job_poll_delays)
    return svc


def run(
    vendor: str,
    tickets: int,
    *,
    db_url: str | None = None,
    time_scale: float = 0.05,
    burst_every: int = 20,
    burst_retry_after: float = 2.0,
) -> Result:
    """One start move of ``tickets`` open tickets on ``vendor``'s fake server."""
    desk = DESKS[vendor]()
    limit = LIMITS[vendor]
    fake: Any = desk.fake  # a FakeVendor, or tests/fake_zendesk.py's own server
    limit_fake(fake, limit, time_scale, burst_every, burst_retry_after)
    fake.start()
    for tid in range(1, tickets + 1):
        desk.add(tid, "anna")
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{tmp}/bench.db"
        if db_url is None:
            migrate(url)
        svc = scaled_services(desk, limit, time_scale, url)
        now = dt.datetime.now(dt.UTC)
        period = svc.periods.create(
            {
                "helpdesk": "desk",
                "employee": "anna@example.com",
                "replacement": "bob@example.com",
                "starts_at": (now - dt.timedelta(minutes=1)).isoformat(),
                "ends_at": (now + dt.timedelta(days=30)).isoformat(),
                # No notices: the minimum is the bulk one (a notice is one call per ticket).
                "notice": {"at_start": False},
            },
            "bench",
        )
        fake.calls.clear()
        started = time.perf_counter()
        Scheduler(svc, owner="bench").tick()
        wall = time.perf_counter() - started
        state = dict(svc.periods.get(period.id or 0).state["start_move"])
        svc.store.engine.dispose()
    fake.stop()
    moved = len(desk.owned_by("bob"))
    left = len(desk.owned_by("anna"))
    return Result(
        vendor=vendor,
        tickets=tickets,
        calls=len(fake.calls),
        refused=sum(1 for c in fake.calls if c.status == 429),
        minimum=desk.minimum_start_calls(tickets),
        moved=moved,
        left_behind=left,
        lost=tickets - moved - left,
        state=state,
        wall=wall,
    )


MINIMUM_RULE = {
    "zendesk": "search pages of 100 + update_many per 100 + one job poll each",
    "freshdesk": "search pages of 30 + bulk_update per 100 + one job poll each",
    "hubspot": "pipelines once + search pages of 200 + batch/update per 100",
    "zammad": "search pages of 100 + tags per ticket + one PUT per ticket (no bulk)",
    "rt": "search pages of 100 + PUT /tickets/bulk per 100",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--tickets", type=int, default=2500)
    ap.add_argument("--vendors", default=",".join(VENDORS))
    ap.add_argument("--time-scale", type=float, default=0.05, help="1.0: real time")
    ap.add_argument("--burst-every", type=int, default=20, help="a 429 every Nth request")
    ap.add_argument("--burst-retry-after", type=float, default=2.0, help="seconds (unscaled)")
    args = ap.parse_args()
    vendors = [v.strip() for v in args.vendors.split(",") if v.strip()]
    print(
        f"Start move over {args.tickets} open tickets per helpdesk; a 429 every "
        f"{args.burst_every}th request (Retry-After {args.burst_retry_after:g} s where the "
        f"vendor sends one). TIME SCALE {args.time_scale:g}."
    )
    print(
        "| helpdesk | vendor limit | calls made (429s) | minimum | ratio | moved | "
        "left behind | lost | wall |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    ok = True
    for vendor in vendors:
        r = run(
            vendor,
            args.tickets,
            time_scale=args.time_scale,
            burst_every=args.burst_every,
            burst_retry_after=args.burst_retry_after,
        )
        limit = LIMITS[vendor]
        shown = f"{limit.calls}/{limit.window:g} s" if limit else "none"
        print(
            f"| {vendor} | {shown} | {r.calls} ({r.refused}) | {r.minimum} "
            f"({MINIMUM_RULE[vendor]}) | {r.ratio:.2f} | {r.moved} | {r.left_behind} | "
            f"{r.lost} | {r.wall:.1f} s |",
            flush=True,
        )
        ok = ok and r.ratio <= 1.1 and r.lost == 0 and r.left_behind == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
