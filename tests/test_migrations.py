"""The Alembic migrations create exactly the schema the models describe, on both engines."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from connector.adapters.models import Base
from connector.adapters.store import Store

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines


def test_the_migrated_schema_matches_the_models(db_url: str) -> None:
    store = Store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.engine.dispose()
    assert diff == []
