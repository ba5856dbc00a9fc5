"""Claiming the next events reads the first entries of an index range, not the whole backlog:
a claim that read and sorted every pending event made each claim slower as the queue grew,
and more workers no faster (bench/scale_out.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, text

from connector.adapters.models import InboxEvent
from connector.adapters.store import Store, migrate
from tests.conftest import own_pg_database

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def test_a_claim_on_postgresql_with_a_backlog_of_5000_events_reads_one_index_entry() -> None:
    with own_pg_database() as url:
        migrate(url)
        _claim_reads_the_index(Store(url))


def test_a_claim_on_sqlite_with_a_backlog_of_5000_events_searches_the_claim_index(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """SQLite scanned the whole table (done rows too) and sorted it in a temporary B-tree."""
    db = tmp_path / "standin.db"
    shutil.copyfile(sqlite_template, db)
    _claim_reads_the_index(Store(f"sqlite:///{db}"))


def _claim_reads_the_index(store: Store) -> None:
    rows: list[dict[str, Any]] = [
        {
            "helpdesk": "acme",
            "dedup_key": f"due-{i}",
            "event_type": "ticket.created",
            "payload": "{}",
            "status": "pending",
            "received_at": NOW,
            "next_attempt_at": NOW - dt.timedelta(seconds=i),
        }
        for i in range(5000)
    ]
    rows.append({**rows[0], "dedup_key": "taken", "status": "processing", "locked_until": NOW})
    with store.engine.begin() as conn:
        conn.execute(insert(InboxEvent), rows)
        conn.execute(text("ANALYZE inbox_events"))
    selects: list[tuple[str, Any]] = []

    @event.listens_for(store.autocommit, "before_cursor_execute")
    def seen(_conn: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        if "ORDER BY" in statement:
            selects.append((statement, params))

    claimed = store.claim_many("w1", NOW, 60, 16)
    event.remove(store.autocommit, "before_cursor_execute", seen)
    assert len(claimed) == 16 and [e.id for e in claimed] == sorted(e.id for e in claimed)[::-1]
    assert selects
    postgresql = store.engine.dialect.name == "postgresql"
    explain = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
    with store.engine.connect() as conn:
        for statement, params in selects:
            plan = "\n".join(
                str(r[0] if postgresql else r[-1])
                for r in conn.exec_driver_sql(explain + statement, params)
            )
            # the candidates from the claim index; each taken by its primary key (a second
            # range over the claim index would read the whole backlog on every claim)
            if postgresql:
                assert "Index Scan using ix_inbox_claim" in plan, plan
                assert "Index Scan using inbox_events_pkey" in plan, plan
                assert "Seq Scan" not in plan and "Bitmap" not in plan, plan
            else:
                assert "SEARCH inbox_events USING" in plan and "ix_inbox_claim" in plan, plan
                assert "SEARCH inbox_events USING INTEGER PRIMARY KEY" in plan, plan
                assert "SCAN inbox_events" not in plan and "MULTI-INDEX OR" not in plan, plan
    store.engine.dispose()
