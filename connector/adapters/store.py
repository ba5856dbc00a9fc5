"""The store: one SQLAlchemy engine, short transactions, the inbox as a job queue.

The inbox is a ``LeaseQueue`` (connector/adapters/lease_queue.py), the same durable lease
queue as the HR outbox: claim, lease owner checked on every finish, renew, backoff, dead-letter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from connector.adapters.group_commit import GroupCommit
from connector.adapters.inbox_writer import InboxWriter
from connector.adapters.lease_queue import LeaseQueue, QueueTable
from connector.adapters.models import (
    ApiToken,
    AuditRecord,
    InboxEvent,
    NoticeRecord,
    NoticeTemplateRow,
    PeriodRow,
    SignInFailure,
)
from connector.domain.periods import Period

STATUS_PENDING = "pending"
STATUS_PROCESSING = "processing"
STATUS_DONE = "done"
STATUS_DEAD = "dead"

INBOX_QUEUE = QueueTable(done=STATUS_DONE, finished_at="finished_at")

ROLES = ("admin", "team_lead", "viewer")


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
            url, connect_args={"timeout": 30, "check_same_thread": False}, **extra
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
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


@dataclass(frozen=True)
class ClaimedEvent:
    id: int
    helpdesk: str
    event_type: str
    payload: str
    attempts: int
    received_at: dt.datetime


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    role: str
    helpdesks: tuple[str, ...] | None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def period_from_row(row: PeriodRow) -> Period:
    return Period(
        id=row.id,
        helpdesk=row.helpdesk,
        employee_email=row.employee_email,
        employee_id=row.employee_id,
        employee_name=row.employee_name,
        replacement_email=row.replacement_email,
        replacement_id=row.replacement_id,
        replacement_name=row.replacement_name,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        ended_early_at=row.ended_early_at,
        created_by=row.created_by,
        scope=dict(row.scope or {}),
        notice=dict(row.notice or {}),
        phases=list(row.phases or []),
        handback=dict(row.handback or {}),
        move_on_replacement_change=bool(
            True if row.move_on_replacement_change is None else row.move_on_replacement_change
        ),
        state={
            "start_move": dict(row.start_move or {}),
            "start_moved_at": row.start_moved_at,
            "start_retry_at": row.start_retry_at,
            "handed_back_at": row.handed_back_at,
            "handback_result": dict(row.handback_result or {}),
            "last_swept_at": row.last_swept_at,
            "replacement_move_due": bool(row.replacement_move_due),
            "phase_moves": dict(row.phase_moves or {}),
        },
    )


class Store:
    def __init__(self, url: str, engine: Engine | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._inbox_writer = InboxWriter(self.engine, make_engine(url, autocommit=True))
        self._ingest: GroupCommit[list[dict[str, Any]], list[int | None]] = GroupCommit(
            self._insert_event_rows, isolate=lambda exc: not isinstance(exc, OperationalError)
        )
        self.inbox: LeaseQueue[InboxEvent] = LeaseQueue(InboxEvent, INBOX_QUEUE, self.session)
        self._deferred = threading.local()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as s, s.begin():
            yield s

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
        with self.session() as s:
            ev = self.inbox.claim(worker_id, now, lease_seconds, s)
            if ev is None:
                return None
            return ClaimedEvent(
                ev.id, ev.helpdesk, ev.event_type, ev.payload, ev.attempts, ev.received_at
            )

    def finish(
        self,
        event_id: int,
        worker_id: str,
        now: dt.datetime,
        outcome: str,
        payload: str | None = None,
        audits: Sequence[AuditRecord] | None = None,
    ) -> bool:
        """Done; ``payload`` (the minimised one) replaces what the helpdesk sent; ``audits``
        are written in the same transaction. False when ``worker_id`` no longer holds the
        event's lease (the event is not changed; the audit records are still written)."""
        extra: dict[str, Any] = {"payload": payload} if payload is not None else {}
        with self.session() as s:
            self._write_audits(s, audits)
            return self.inbox.finish(event_id, worker_id, now, s=s, outcome=outcome[:255], **extra)

    def retry_later(
        self,
        event_id: int,
        worker_id: str,
        when: dt.datetime,
        error: str,
        audits: Sequence[AuditRecord] | None = None,
    ) -> bool:
        with self.session() as s:
            self._write_audits(s, audits)
            return self.inbox.retry_later(event_id, worker_id, when, error, s)

    def dead_letter(
        self,
        event_id: int,
        worker_id: str,
        now: dt.datetime,
        error: str,
        payload: str | None = None,
        audits: Sequence[AuditRecord] | None = None,
    ) -> bool:
        extra: dict[str, Any] = {"payload": payload} if payload is not None else {}
        with self.session() as s:
            self._write_audits(s, audits)
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

    def add_period(self, period: Period, now: dt.datetime) -> Period:
        with self.session() as s:
            row = PeriodRow(
                helpdesk=period.helpdesk,
                employee_email=period.employee_email,
                employee_id=period.employee_id,
                employee_name=period.employee_name,
                replacement_email=period.replacement_email,
                replacement_id=period.replacement_id,
                replacement_name=period.replacement_name,
                starts_at=period.starts_at,
                ends_at=period.ends_at,
                timezone=period.timezone,
                ended_early_at=period.ended_early_at,
                scope=period.scope,
                notice=period.notice,
                phases=period.phases,
                handback=period.handback,
                move_on_replacement_change=period.move_on_replacement_change,
                created_by=period.created_by,
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
            return period_from_row(row)

    def save_period(self, period: Period, now: dt.datetime) -> Period:
        assert period.id is not None
        with self.session() as s:
            row = s.get_one(PeriodRow, period.id)
            for name in (
                "employee_email",
                "employee_id",
                "employee_name",
                "replacement_email",
                "replacement_id",
                "replacement_name",
                "starts_at",
                "ends_at",
                "timezone",
                "ended_early_at",
                "scope",
                "notice",
                "phases",
                "handback",
                "move_on_replacement_change",
            ):
                setattr(row, name, getattr(period, name))
            row.updated_at = now
            return period_from_row(row)

    def get_period(self, period_id: int) -> Period | None:
        with self.session() as s:
            row = s.get(PeriodRow, period_id)
            return period_from_row(row) if row else None

    def periods(self, helpdesks: Sequence[str] | None = None) -> list[Period]:
        with self.session() as s:
            q = select(PeriodRow).order_by(PeriodRow.starts_at, PeriodRow.id)
            if helpdesks is not None:
                q = q.where(PeriodRow.helpdesk.in_(helpdesks))
            return [period_from_row(r) for r in s.execute(q).scalars()]

    def periods_active_at(self, helpdesk: str, now: dt.datetime) -> list[Period]:
        with self.session() as s:
            rows = s.execute(
                select(PeriodRow).where(
                    PeriodRow.helpdesk == helpdesk,
                    PeriodRow.starts_at <= now,
                    PeriodRow.ends_at > now,
                    or_(PeriodRow.ended_early_at.is_(None), PeriodRow.ended_early_at > now),
                )
            ).scalars()
            return [period_from_row(r) for r in rows]

    # -- audit ---------------------------------------------------------------------------
    def audit(self, now: dt.datetime, helpdesk: str, action: str, **fields: Any) -> None:
        """Write an audit record; inside ``audits_with_outcome`` (this thread only) it is kept
        and written in the same transaction as the event's outcome."""
        record = AuditRecord(at=now, helpdesk=helpdesk, action=action, **fields)
        kept: list[AuditRecord] | None = getattr(self._deferred, "audits", None)
        if kept is not None:
            kept.append(record)
            return
        with self.session() as s:
            s.add(record)

    @contextmanager
    def audits_with_outcome(self) -> Iterator[list[AuditRecord]]:
        """Keep this thread's audit records until the event's outcome is written: the worker
        writes them with its finish, retry or dead-letter, in one transaction (on SQLite each
        transaction takes the single writer lock the web threads' inserts wait behind). They
        record what happened, never an intent (those are written before the vendor call)."""
        kept: list[AuditRecord] = []
        self._deferred.audits = kept
        try:
            yield kept
        finally:
            self._deferred.audits = None

    def _write_audits(self, s: Session, records: Sequence[AuditRecord] | None) -> None:
        if records:
            s.add_all(records)

    def latest_audit(self, period_id: int, action: str) -> dict[str, Any] | None:
        """The newest audit row of a period with this action, or None."""
        return self.latest_audit_of(period_id, (action,))

    def latest_audit_of(self, period_id: int, actions: Sequence[str]) -> dict[str, Any] | None:
        """The newest audit row of a period with one of these actions, or None."""
        with self.session() as s:
            row = s.execute(
                select(AuditRecord)
                .where(AuditRecord.period_id == period_id, AuditRecord.action.in_(actions))
                .order_by(AuditRecord.id.desc())
                .limit(1)
            ).scalar_one_or_none()
            if row is None:
                return None
            return {
                "action": row.action,
                "reason": row.reason,
                "to_agent": row.to_agent,
                "at": row.at,
                "vendor_status": row.vendor_status,
            }

    def audit_records(
        self,
        helpdesks: Sequence[str] | None,
        *,
        period_id: int | None = None,
        ticket_id: str | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[dict[str, Any]]:
        with self.session() as s:
            q = select(AuditRecord)
            if helpdesks is not None:
                q = q.where(AuditRecord.helpdesk.in_(helpdesks))
            if period_id is not None:
                q = q.where(AuditRecord.period_id == period_id)
            if ticket_id is not None:
                q = q.where(AuditRecord.ticket_id == ticket_id)
            if before_id is not None:
                q = q.where(AuditRecord.id < before_id)
            rows = s.execute(q.order_by(AuditRecord.id.desc()).limit(limit)).scalars().all()
            return [
                {
                    "id": r.id,
                    "at": r.at.isoformat(),
                    "helpdesk": r.helpdesk,
                    "action": r.action,
                    "period_id": r.period_id,
                    "event_id": r.event_id,
                    "ticket_id": r.ticket_id,
                    "from_agent": r.from_agent,
                    "to_agent": r.to_agent,
                    "reason": r.reason,
                    "vendor_status": r.vendor_status,
                    "vendor_response": r.vendor_response,
                    "actor": r.actor,
                }
                for r in rows
            ]

    # -- notices -------------------------------------------------------------------------
    def notice_record(self, period_id: int, dedup_key: str) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.execute(
                select(NoticeRecord).where(
                    NoticeRecord.period_id == period_id, NoticeRecord.dedup_key == dedup_key
                )
            ).scalar_one_or_none()
            if row is None:
                return None
            return {"ticket_id": row.ticket_id, "status": row.status, "lang": row.lang}

    def record_notice(
        self,
        period_id: int,
        dedup_key: str,
        ticket_id: str,
        lang: str,
        status: str,
        now: dt.datetime,
    ) -> bool:
        """Record a notice intent (or a block) once; False when one was already recorded."""
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        with self.session() as s:
            res = s.execute(
                insert(NoticeRecord)
                .values(
                    period_id=period_id,
                    dedup_key=dedup_key,
                    ticket_id=ticket_id,
                    lang=lang,
                    status=status,
                    at=now,
                )
                .on_conflict_do_nothing(index_elements=["period_id", "dedup_key"])
                .returning(NoticeRecord.id)
            ).scalar_one_or_none()
            return res is not None

    def set_notice_status(self, period_id: int, dedup_key: str, status: str) -> None:
        with self.session() as s:
            s.execute(
                update(NoticeRecord)
                .where(NoticeRecord.period_id == period_id, NoticeRecord.dedup_key == dedup_key)
                .values(status=status)
            )

    def notice_counts(self, period_id: int) -> dict[str, int]:
        with self.session() as s:
            rows = s.execute(
                select(NoticeRecord.status, func.count())
                .where(NoticeRecord.period_id == period_id)
                .group_by(NoticeRecord.status)
            ).all()
            return {str(k): int(v) for k, v in rows}

    # -- notice templates ----------------------------------------------------------------
    def add_template(self, fields: dict[str, Any], actor: str, now: dt.datetime) -> dict[str, Any]:
        key = {k: fields[k] for k in ("helpdesk", "kind", "variant", "lang")}
        with self.session() as s:
            latest = s.execute(
                select(func.max(NoticeTemplateRow.version)).filter_by(**key)
            ).scalar_one_or_none()
            row = NoticeTemplateRow(
                **key,
                version=(latest or 0) + 1,
                subject=fields["subject"],
                text=fields["text"],
                html=fields.get("html") or "",
                active=False,
                created_by=actor,
                created_at=now,
            )
            s.add(row)
            s.flush()
            return _template_dict(row)

    def templates(self, helpdesks: Sequence[str] | None) -> list[dict[str, Any]]:
        with self.session() as s:
            q = select(NoticeTemplateRow).order_by(NoticeTemplateRow.id)
            if helpdesks is not None:
                q = q.where(NoticeTemplateRow.helpdesk.in_(helpdesks))
            return [_template_dict(r) for r in s.execute(q).scalars()]

    def template(self, template_id: int) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.get(NoticeTemplateRow, template_id)
            return _template_dict(row) if row else None

    def activate_template(self, template_id: int) -> dict[str, Any]:
        """Make one version active; the others of its helpdesk, kind, variant and language not."""
        with self.session() as s:
            row = s.get_one(NoticeTemplateRow, template_id)
            s.execute(
                update(NoticeTemplateRow)
                .where(
                    NoticeTemplateRow.helpdesk == row.helpdesk,
                    NoticeTemplateRow.kind == row.kind,
                    NoticeTemplateRow.variant == row.variant,
                    NoticeTemplateRow.lang == row.lang,
                )
                .values(active=False)
            )
            row.active = True
            s.flush()
            return _template_dict(row)

    def active_template(
        self, helpdesk: str, kind: str, variant: str, lang: str
    ) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.execute(
                select(NoticeTemplateRow).filter_by(
                    helpdesk=helpdesk, kind=kind, variant=variant, lang=lang, active=True
                )
            ).scalar_one_or_none()
            return _template_dict(row) if row else None

    # -- tokens --------------------------------------------------------------------------
    def create_token(
        self, name: str, role: str, now: dt.datetime, helpdesks: Sequence[str] | None = None
    ) -> str:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        token = "sti_" + secrets.token_urlsafe(32)
        with self.session() as s:
            s.add(
                ApiToken(
                    name=name,
                    role=role,
                    token_hash=hash_token(token),
                    prefix=token[:8],
                    helpdesks=list(helpdesks) if helpdesks is not None else None,
                    created_at=now,
                )
            )
        return token

    def check_token(self, token: str, now: dt.datetime) -> TokenInfo | None:
        with self.session() as s:
            row = s.execute(
                select(ApiToken).where(ApiToken.token_hash == hash_token(token))
            ).scalar_one_or_none()
            if row is None or row.revoked_at is not None:
                return None
            if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
                row.last_used_at = now
            return TokenInfo(
                row.id,
                row.name,
                row.role,
                tuple(row.helpdesks) if row.helpdesks is not None else None,
            )

    def list_tokens(self) -> list[dict[str, Any]]:
        """Every token's public facts (never the token: only its hash is stored)."""
        with self.session() as s:
            rows = s.execute(select(ApiToken).order_by(ApiToken.id)).scalars().all()
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "role": r.role,
                    "prefix": r.prefix,
                    "helpdesks": list(r.helpdesks) if r.helpdesks is not None else None,
                    "created_at": r.created_at,
                    "last_used_at": r.last_used_at,
                    "revoked_at": r.revoked_at,
                }
                for r in rows
            ]

    def revoke_tokens(self, which: str, now: dt.datetime) -> list[int]:
        """Revoke the live tokens whose id, prefix or name is ``which``; their ids."""
        match = [ApiToken.prefix == which, ApiToken.name == which]
        if which.isdigit():
            match.append(ApiToken.id == int(which))
        with self.session() as s:
            rows = (
                s.execute(select(ApiToken).where(or_(*match), ApiToken.revoked_at.is_(None)))
                .scalars()
                .all()
            )
            for row in rows:
                row.revoked_at = now
            return [r.id for r in rows]

    def token_by_id(self, token_id: int) -> TokenInfo | None:
        """The token behind a web session, unless it has been revoked since sign-in."""
        with self.session() as s:
            row = s.get(ApiToken, token_id)
            if row is None or row.revoked_at is not None:
                return None
            return TokenInfo(
                row.id,
                row.name,
                row.role,
                tuple(row.helpdesks) if row.helpdesks is not None else None,
            )

    # -- sign-in throttle ------------------------------------------------------------------
    def sign_in_failures(
        self, keys: Sequence[str], since: dt.datetime
    ) -> dict[str, list[dt.datetime]]:
        """Failure times after ``since`` for each key (shared by every web process)."""
        out: dict[str, list[dt.datetime]] = {k: [] for k in keys}
        with self.session() as s:
            rows = s.execute(
                select(SignInFailure.key, SignInFailure.at).where(
                    SignInFailure.key.in_(list(keys)), SignInFailure.at > since
                )
            ).all()
        for key, at in rows:
            out[key].append(at)
        return out

    def reserve_sign_in_attempt(
        self,
        keys: Sequence[str],
        now: dt.datetime,
        since: dt.datetime,
        allow: Callable[[dict[str, list[dt.datetime]]], bool],
    ) -> list[int] | None:
        """Count this attempt as a failure in advance, atomically with the check.

        ``allow`` sees the other failures after ``since`` per key; when it refuses, nothing is
        recorded and None comes back. Otherwise the attempt's rows (one per key) are committed
        and their ids returned: ``forget_sign_in_attempt`` takes them back after a successful
        sign-in. Check and count are one step, so parallel guesses cannot all pass the check
        before any is counted: PostgreSQL serialises them on a transaction advisory lock per
        key, SQLite on its single writer (the insert comes first and holds it to the commit).
        """
        with self.session() as s:
            if self.dialect == "postgresql":
                for key in sorted(keys):
                    lock_id = int.from_bytes(bytes.fromhex(key[:16]), "big", signed=True)
                    s.execute(select(func.pg_advisory_xact_lock(lock_id)))
            mine = [SignInFailure(key=k, at=now) for k in keys]
            s.add_all(mine)
            s.flush()
            ids = [row.id for row in mine]
            rows = s.execute(
                select(SignInFailure.key, SignInFailure.at).where(
                    SignInFailure.key.in_(list(keys)),
                    SignInFailure.at > since,
                    SignInFailure.id.not_in(ids),
                )
            ).all()
            failures: dict[str, list[dt.datetime]] = {k: [] for k in keys}
            for key, at in rows:
                failures[key].append(at)
            if not allow(failures):
                for row in mine:
                    s.delete(row)
                return None
            s.execute(delete(SignInFailure).where(SignInFailure.at < since))
        return ids

    def forget_sign_in_attempt(self, ids: Sequence[int]) -> None:
        """Take back an attempt reserved by ``reserve_sign_in_attempt`` (it succeeded)."""
        with self.session() as s:
            s.execute(delete(SignInFailure).where(SignInFailure.id.in_(list(ids))))


def _template_dict(row: NoticeTemplateRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "helpdesk": row.helpdesk,
        "kind": row.kind,
        "variant": row.variant,
        "lang": row.lang,
        "version": row.version,
        "subject": row.subject,
        "text": row.text,
        "html": row.html,
        "active": row.active,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), sort_keys=True, default=str)
