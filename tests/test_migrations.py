"""The Alembic migrations create exactly the schema the models describe, on both engines."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from connector.adapters.models import Base
from connector.adapters.repositories.periods import PeriodRepository
from connector.adapters.store import Store

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines


def test_the_migrated_schema_matches_the_models(db_url: str) -> None:
    store = Store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.engine.dispose()
    assert diff == []


def test_going_back_before_0011_gives_an_open_period_an_end_and_up_again_keeps_it_readable(
    db_url: str,
) -> None:
    import datetime as dt
    from pathlib import Path

    from alembic import command
    from alembic.config import Config as AlembicConfig
    from sqlalchemy import select

    from connector.adapters.models import PeriodRow
    from connector.domain.periods import Period

    store = Store(db_url)
    periods = PeriodRepository(store)
    start = dt.datetime(2026, 11, 23, 23, tzinfo=dt.UTC)
    common = ("acme", "anna@example.com", "9001", "Anna", "bob@example.com", "9002", "Bob")
    still_open = periods.add_period(Period(None, *common, start, None, "Europe/Amsterdam"), start)
    ended = periods.add_period(
        Period(None, *common, start, None, "Europe/Amsterdam", ended_early_at=start), start
    )
    store.engine.dispose()
    cfg = AlembicConfig()
    cfg.set_main_option(
        "script_location", str(Path(__file__).resolve().parent.parent / "connector/migrations")
    )
    cfg.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    command.downgrade(cfg, "0010_share_several_replacements")
    command.upgrade(cfg, "head")
    store = Store(db_url)
    with store.session() as s:
        ends = {pid: end for pid, end in s.execute(select(PeriodRow.id, PeriodRow.ends_at))}
    store.engine.dispose()
    assert ends[ended.id] == start  # the moment a lead ended it
    assert ends[still_open.id] == dt.datetime(9999, 1, 1, tzinfo=dt.UTC)  # the older schema's
