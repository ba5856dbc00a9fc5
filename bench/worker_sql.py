"""SQL statements, commits and vendor calls per processed event: what the worker asks of the
database and of the helpdesk.

    python bench/worker_sql.py [--events 100] [--db sqlite|postgresql] [--batch N] [--profile]

Signed Zendesk ``ticket.created`` webhooks are accepted through the ingest service into a fresh
database with one active period, then one ``Worker`` drains them against the local fake
Zendesk; SQLAlchemy's engine events count every statement and every commit the worker makes
(a statement on the autocommit engine is its own commit). Counts do not depend on the
machine's speed or load; the worker thread's CPU per event (``time.thread_time``: the fake
Zendesk's threads are not in it) does. ``--batch 1`` claims one event at a time, as the worker
does when events trickle in (each webhook wakes it); ``--profile`` prints where the drain's
time went (cProfile, the worker thread only).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import pstats
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HELPDESK, database, signed_headers, write_config  # noqa: E402
from tests.fake_zendesk import EMPLOYEE, REPLACEMENT, FakeZendesk, ticket_created  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100)
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--batch", type=int, default=0, help="events per claim (default: config)")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()

    from sqlalchemy import event, func, select

    from connector.adapters.helpdesks.base import WebhookRequest
    from connector.adapters.models import InboxEvent
    from connector.adapters.store import migrate
    from connector.config import load_config
    from connector.mapping import credential_keys
    from connector.wiring import build_services
    from connector.worker import Worker
    from tests.support import store_anna_bob_period

    vendor = FakeZendesk.for_load()
    try:
        with tempfile.TemporaryDirectory() as tmp_name, database(args.db, Path(tmp_name)) as url:
            tmp = Path(tmp_name)
            migrate(url)
            cfg = load_config(write_config(tmp, url, vendor.url), credential_keys=credential_keys())
            services = build_services(cfg)
            now = dt.datetime.now(dt.UTC)
            store_anna_bob_period(
                services.store, now - dt.timedelta(minutes=1), EMPLOYEE["id"], REPLACEMENT["id"]
            )
            for i in range(args.events):
                body = ticket_created(100_000 + i, str(uuid.uuid4()))
                headers = {k.lower(): v for k, v in signed_headers(body).items()}
                services.ingest.accept(
                    HELPDESK,
                    WebhookRequest("POST", f"http://bench/webhooks/{HELPDESK}", headers, body),
                )
            statements: Counter[str] = Counter()
            commits = [0]

            def on_statement(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
                words = sql.split()
                if words[0] == "SELECT":
                    found = re.search(r"\bFROM\s+(\w+)", sql)
                    statements[f"SELECT FROM {found.group(1) if found else '?'}"] += 1
                else:
                    statements[" ".join(words[:3])] += 1

            def on_autocommit(
                _c: Any, _cur: Any, sql: str, params: Any, _ctx: Any, many: bool
            ) -> None:
                on_statement(_c, _cur, sql)
                commits[0] += len(params) if many else 1  # each row its own transaction

            worker = Worker(services)
            if args.batch:
                worker.cfg = dataclasses.replace(worker.cfg, batch=args.batch)
                worker._batch_size = args.batch
            warm = worker.drain(limit=1)  # one batch: the first notice builds the guard
            engine, autocommit = services.store.engine, services.store.autocommit
            event.listen(engine, "before_cursor_execute", on_statement)
            event.listen(autocommit, "before_cursor_execute", on_autocommit)
            event.listen(engine, "commit", lambda _c: commits.__setitem__(0, commits[0] + 1))
            calls_before = len(vendor.calls)
            profile = cProfile.Profile() if args.profile else None
            cpu = time.thread_time()
            if profile is not None:
                profile.enable()
            done = worker.drain()
            cpu = time.thread_time() - cpu
            if profile is not None:
                profile.disable()
                pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
            calls = Counter(f"{c.method} {c.route}" for c in vendor.calls[calls_before:])
            event.remove(engine, "before_cursor_execute", on_statement)
            event.remove(autocommit, "before_cursor_execute", on_autocommit)
            with services.store.session() as s:
                rerouted = s.execute(
                    select(func.count()).where(InboxEvent.outcome.like("rerouted%"))
                ).scalar_one()
            services.store.engine.dispose()
    finally:
        vendor.stop()
    total = sum(statements.values())
    print(
        f"{args.db}: {warm + done} events processed ({warm} to warm up), {rerouted} rerouted, "
        f"{len(vendor.puts)} PUTs"
    )
    print(
        f"per event after the warm-up: {total / done:.2f} SQL statements, "
        f"{commits[0] / done:.2f} commits, {cpu / done * 1000:.2f} ms of the worker thread's CPU"
    )
    print(f"per event: {sum(calls.values()) / done:.2f} Zendesk API calls")
    for call, n in calls.most_common():
        print(f"  {n / done:5.2f}  {call}")
    for sql, n in statements.most_common():
        if n / done >= 0.05:
            print(f"  {n / done:5.2f}  {sql}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
