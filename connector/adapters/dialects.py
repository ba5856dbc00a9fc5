"""The database dialect's own statements, imported for the engine in use only."""

from __future__ import annotations

import importlib
from typing import Any

#: How long a SQLite connection waits for another's write lock before the write fails.
SQLITE_BUSY_TIMEOUT_SECONDS = 30


def insert_for(dialect: str) -> Any:
    """The dialect's INSERT construct (the one with ON CONFLICT): PostgreSQL's for a
    PostgreSQL engine, SQLite's otherwise. Imported here rather than at module level so that
    a SQLite deployment never loads the PostgreSQL dialect."""
    name = "postgresql" if dialect == "postgresql" else "sqlite"
    return importlib.import_module(f"sqlalchemy.dialects.{name}").insert
