"""The store: one SQLAlchemy engine, short transactions, the inbox as a job queue.

The inbox is a ``LeaseQueue`` (connector/adapters/lease_queue.py), the same durable lease
queue as the HR outbox: claim, lease owner checked on every finish, renew, backoff, dead-letter.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from connector.adapters.dialects import SQLITE_BUSY_TIMEOUT_SECONDS
from connector.adapters.group_commit import GroupCommit
from connector.adapters.inbox_writer import InboxWriter
from connector.adapters.lease_queue import LeaseQueue, QueueTable
from connector.adapters.models import (
    InboxEvent,
)
from connector.adapters.repositories.audit import AuditHook
from connector.adapters.repositories.periods import period_from_row
from connector.adapters.repositories.tokens import ROLES, hash_token
from connector.domain.records import ClaimedEvent, EventEnd, EventEnding, TokenInfo

# Re-exported for the callers that still import them from here.
__all__ = [
    "ROLES",
    "ClaimedEvent",
    "EventEnd",
    "EventEnding",
    "Store",
    "TokenInfo",
    "hash_token",
    "period_from_row",
]

STATUS_PENDING = "pending"
STATUS_PROCESSING = "processing"
STATUS_DONE = "done"
STATUS_DEAD = "dead"

INBOX_QUEUE = QueueTable(done=STATUS_DONE, finished_at="finished_at")


def make_engine(url: str, *, single_connection: bool = False, autocommit: bool = False) -> Engine:
    """An engine with the right settings per backend (SQLite: WAL, busy timeout, foreign keys).

    ``autocommit``: the ingest engine (see ``InboxWriter``). Each webhook batch is one INSERT
    statement, atomic on its own, so its connection stays in autocommit: no BEGIN/COMMIT round
    trips, no isolation-level switching, no reset. It has no pre-ping either (one more round
    trip per request); a connection found dead is replaced and the write tried once more.
    """
    extra: dict[str, Any] = {"poolclass": NullPool} if single_connection else {}
    if autocommit:
        extra |= {"isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None}
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            **extra,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if single_connection or autocommit:
        return create_engine(url, **extra)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def migrate(url: str) -> None:
    """Bring the schema to the newest Alembic revision (the same migrations on both engines)."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    here = Path(__file__).resolve().parent.parent / "migrations"
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(here))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


class Store:
    def __init__(self, url: str, engine: Engine | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        # Called inside the transaction that writes an audit row (session, at, helpdesk,
        # action, fields): what must follow from it (a team-lead notification) is recorded
        # with it or not at all. Set in wiring.py.
        self.audit_hooks: list[AuditHook] = []
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Where each statement commits on its own: ingest, and the worker's claims and
        # endings (one statement each). Disposed with ``engine``.
        self.autocommit = autocommit = make_engine(url, autocommit=True)
        self._inbox_writer = InboxWriter(self.engine, autocommit)
        self._ingest: GroupCommit[list[dict[str, Any]], list[int | None]] = GroupCommit(
            self._insert_event_rows, isolate=lambda exc: not isinstance(exc, OperationalError)
        )
        self.inbox: LeaseQueue[InboxEvent] = LeaseQueue(
            InboxEvent, INBOX_QUEUE, self.session, autocommit.connect
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as s, s.begin():
            yield s

    def statement(self) -> AbstractContextManager[Connection]:
        """A connection on which each statement commits on its own (see ``Database``)."""
        return self.autocommit.connect()

    def ping(self) -> bool:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True

    # -- inbox ---------------------------------------------------------------------------
    def add_events(
        self,
        helpdesk: str,
        events: Sequence[tuple[str, str, str]],
        now: dt.datetime,
        delay_seconds: float = 0.0,
    ) -> tuple[list[int], int]:
        """Insert ``(dedup_key, event_type, payload)`` rows; return new ids and duplicate count.

        Committed before this returns, so the caller may answer 202.
        """
        rows = [
            {
                "helpdesk": helpdesk,
                "dedup_key": key[:255],
                "event_type": etype[:128],
                "payload": payload,
                "received_at": now,
                "status": STATUS_PENDING,
                "attempts": 0,
                "next_attempt_at": now + dt.timedelta(seconds=delay_seconds),
            }
            for key, etype, payload in events
        ]
        if not rows:
            return [], 0
        ids = [i for i in self._ingest.submit(rows) if i is not None]
        return ids, len(rows) - len(ids)

    def _insert_event_rows(
        self, webhooks: Sequence[list[dict[str, Any]]]
    ) -> list[list[int | None]]:
        """Write the rows of several webhooks at once; per webhook, each row's new id or None.

        A key twice in the batch (a vendor retrying while the first delivery is in flight) is
        stored once: the first occurrence gets the id, the second counts as a duplicate.
        """
        unique: dict[tuple[str, str], dict[str, Any]] = {}
        for rows in webhooks:
            for row in rows:
                unique.setdefault((row["helpdesk"], row["dedup_key"]), row)
        returned = self._inbox_writer.write(list(unique.values()))
        new_ids = {(r.helpdesk, r.dedup_key): r.id for r in returned}
        return [
            [new_ids.pop((r["helpdesk"], r["dedup_key"]), None) for r in rows] for rows in webhooks
        ]

    def claim(self, worker_id: str, now: dt.datetime, lease_seconds: float) -> ClaimedEvent | None:
        """Take the oldest due event, or one whose worker's lease ran out (a crashed worker)."""
        taken = self.claim_many(worker_id, now, lease_seconds, 1)
        return taken[0] if taken else None

    def claim_many(
        self, worker_id: str, now: dt.datetime, lease_seconds: float, limit: int
    ) -> list[ClaimedEvent]:
        """Take up to ``limit`` due events, oldest first, in one transaction."""
        return [
            ClaimedEvent(ev.id, ev.helpdesk, ev.event_type, ev.payload, ev.attempts, ev.received_at)
            for ev in self.inbox.claim_many(worker_id, now, lease_seconds, limit)
        ]

    def release(self, event_ids: Sequence[int], worker_id: str) -> int:
        """Give back claimed events the worker did not start (see ``LeaseQueue.release``)."""
        return self.inbox.release(event_ids, worker_id)

    def end_many(self, worker_id: str, endings: Sequence[EventEnding]) -> list[int]:
        """Record several events' endings in one statement; the ids whose lease
        ``worker_id`` no longer held (those events are not changed: another worker has
        taken them over)."""
        rows: list[tuple[int, str, dict[str, Any]]] = []
        for e in endings:
            kept: dict[str, Any] = {"payload": e.payload} if e.payload is not None else {}
            if e.end is EventEnd.DONE:
                rows.append(
                    (e.event_id, STATUS_DONE, {"at": e.at, "outcome": e.text[:255], **kept})
                )
            elif e.end is EventEnd.RETRY:
                rows.append(
                    (
                        e.event_id,
                        STATUS_PENDING,
                        {"next_attempt_at": e.at, "last_error": e.text[:4000]},
                    )
                )
            else:
                rows.append(
                    (e.event_id, STATUS_DEAD, {"at": e.at, "last_error": e.text[:4000], **kept})
                )
        ended = self.inbox.end_many(worker_id, rows)
        return [e.event_id for e in endings if e.event_id not in ended]

    def finish(
        self,
        event_id: int,
        worker_id: str,
        now: dt.datetime,
        outcome: str,
        payload: str | None = None,
    ) -> bool:
        """Done; ``payload`` (the minimised one) replaces what the helpdesk sent. False when
        ``worker_id`` no longer holds the event's lease (the event is not changed)."""
        extra: dict[str, Any] = {"payload": payload} if payload is not None else {}
        with self.session() as s:
            return self.inbox.finish(event_id, worker_id, now, s=s, outcome=outcome[:255], **extra)

    def retry_later(
        self,
        event_id: int,
        worker_id: str,
        when: dt.datetime,
        error: str,
    ) -> bool:
        with self.session() as s:
            return self.inbox.retry_later(event_id, worker_id, when, error, s)

    def dead_letter(
        self,
        event_id: int,
        worker_id: str,
        now: dt.datetime,
        error: str,
        payload: str | None = None,
    ) -> bool:
        extra: dict[str, Any] = {"payload": payload} if payload is not None else {}
        with self.session() as s:
            return self.inbox.dead_letter(event_id, worker_id, now, error, s=s, **extra)

    def event_status(self, event_id: int) -> dict[str, Any]:
        with self.session() as s:
            ev = s.get_one(InboxEvent, event_id)
            return {
                "id": ev.id,
                "status": ev.status,
                "attempts": ev.attempts,
                "last_error": ev.last_error,
                "outcome": ev.outcome,
            }

    def queue_stats(self, now: dt.datetime) -> dict[str, Any]:
        with self.session() as s:
            counts = dict(
                s.execute(select(InboxEvent.status, func.count()).group_by(InboxEvent.status)).all()
            )
            oldest = s.execute(
                select(func.min(InboxEvent.received_at)).where(
                    InboxEvent.status.in_([STATUS_PENDING, STATUS_PROCESSING])
                )
            ).scalar_one_or_none()
        age = (now - oldest).total_seconds() if oldest else 0.0
        return {"counts": {k: int(v) for k, v in counts.items()}, "oldest_age_seconds": age}

    def dead_events(
        self, helpdesks: Sequence[str] | None, limit: int = 100
    ) -> list[dict[str, Any]]:
        with self.session() as s:
            q = select(InboxEvent).where(InboxEvent.status == STATUS_DEAD)
            if helpdesks is not None:
                q = q.where(InboxEvent.helpdesk.in_(helpdesks))
            rows = s.execute(q.order_by(InboxEvent.id.desc()).limit(limit)).scalars().all()
            return [
                {
                    "id": r.id,
                    "helpdesk": r.helpdesk,
                    "event_type": r.event_type,
                    "attempts": r.attempts,
                    "last_error": r.last_error,
                    "received_at": r.received_at.isoformat(),
                }
                for r in rows
            ]

    def replay(self, event_id: int, now: dt.datetime) -> bool:
        return self.inbox.replay(event_id, now)


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), sort_keys=True, default=str)
