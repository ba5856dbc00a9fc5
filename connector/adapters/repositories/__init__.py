"""One repository per aggregate, each over the shared SQLAlchemy engine.

The services see them only through the Protocols in ``connector.services.ports``; they are
built in ``connector.wiring`` (``build_repositories``) and nowhere else.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import Connection
from sqlalchemy.orm import Session


class Database(Protocol):
    """What a repository needs from the store: short transactions and the engine's name."""

    @property
    def dialect(self) -> str: ...

    def session(self) -> AbstractContextManager[Session]: ...

    def statement(self) -> AbstractContextManager[Connection]:
        """A connection on which each statement commits on its own: for a write that is one
        statement (on SQLite the writer lock is then released inside the driver, never held
        while Python waits for the interpreter lock), and for a plain read."""
        ...
