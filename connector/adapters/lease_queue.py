"""One durable lease queue on a table: the inbox and the HR outbox both use it.

A row is a job with a ``status`` (pending → processing → done or dead), an ``attempts``
count, a ``next_attempt_at`` (backoff, Retry-After) and a lease (``locked_by``,
``locked_until``). The queue is the same on both engines:

- **claim** / **claim_many**: take the oldest due jobs — pending ones whose time has come,
  or ones whose holder's lease ran out (a crashed worker) — in one statement per kind.
  Expired leases are looked for first once per ``EXPIRED_CHECK_SECONDS``, and otherwise only
  when nothing is pending, so that a busy worker pays one index range per claim, not two.
- **release**: claimed jobs a worker did not start go back, their claim not counted.
- **finish / retry_later / dead_letter**: only the lease's owner may end its lease; a worker
  whose lease ran out and was taken over changes nothing (the answer is False). ``owner=None``
  is the operator's path: it only touches a job nobody holds.
- **renew**: the heartbeat extends the leases of jobs its process still works on.
- **replay**: a dead job is queued again with its attempts reset.

Each method accepts an open session (``s``) so that a caller can put, say, the finish of an
event and the audit record of its outcome in one transaction; without one it opens its own.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Connection, Integer, Select, Update, bindparam, select, update
from sqlalchemy.orm import Session

PENDING = "pending"
PROCESSING = "processing"
DEAD = "dead"


class _Due(enum.Enum):
    """The two kinds of due jobs, each claimed by its own index range."""

    PENDING = "pending"  # pending jobs whose time has come
    EXPIRED = "expired"  # leases that ran out (a crashed worker's jobs)


Row = TypeVar("Row")


@dataclass(frozen=True)
class QueueTable:
    """Which statuses and columns a table uses for the queue."""

    done: str  # "done" (inbox) or "sent" (HR outbox)
    finished_at: str | None  # the column stamped when a job is done or dead, if any
    expired_first: bool = True  # one index range per kind, expired leases first


class LeaseQueue(Generic[Row]):
    #: How often a claim looks for expired leases before pending jobs (a crashed worker's
    #: jobs are taken over within this time even while new jobs keep coming).
    EXPIRED_CHECK_SECONDS = 1.0

    def __init__(
        self,
        model: type[Row],
        table: QueueTable,
        session: Callable[[], AbstractContextManager[Session]],
        autocommit: Callable[[], AbstractContextManager[Connection]] | None = None,
    ):
        """``autocommit``: connections on which each statement commits on its own, for the
        claims and endings made in one statement (without one they use a session)."""
        self.model = model
        self.table = table
        self._session = session
        self._autocommit = autocommit
        m: Any = model
        self.c = m  # the mapped columns: id, status, attempts, next_attempt_at, locked_*
        self._expired_check_due = 0.0  # time.monotonic() of the next expired-first claim
        self._end_statements: dict[tuple[str, ...], Update] = {}

    @contextmanager
    def _tx(self, s: Session | None) -> Iterator[Session]:
        if s is not None:
            yield s
        else:
            with self._session() as own:
                yield own

    @contextmanager
    def _one_statement(self, s: Session | None) -> Iterator[Session | Connection]:
        """Where a claim or an ending runs: the caller's session, else an autocommit
        connection. On SQLite a transaction's writer lock is released only by its COMMIT,
        which Python reaches after waiting for the interpreter lock behind the web threads;
        a statement in autocommit releases it inside SQLite, as it ends."""
        if s is not None:
            yield s
        elif self._autocommit is not None:
            with self._autocommit() as conn:
                yield conn
        else:
            with self._session() as own:
                yield own

    # -- conditions ------------------------------------------------------------------------
    def _kind(self, kind: _Due) -> ColumnElement[bool]:
        """Due jobs of one kind, as of the bound parameter ``now``: ``pending`` ones whose time
        has come, or ``expired`` leases."""
        c = self.c
        if kind is _Due.PENDING:
            now = bindparam("now", type_=c.next_attempt_at.type)
            return (c.status == PENDING) & (c.next_attempt_at <= now)
        return (c.status == PROCESSING) & (
            c.locked_until < bindparam("now", type_=c.locked_until.type)
        )

    @functools.cached_property
    def _claim_statements(self) -> dict[_Due, tuple[Select[Any], Update]]:
        """Per kind, the read that tells whether one is due and the claim itself, built once:
        a claim at a trickle of events takes one job, and building the two statements (and
        their cache keys) again cost as much as running them."""
        c = self.c
        table = self.model.__table__  # type: ignore[attr-defined]
        out: dict[_Due, tuple[Select[Any], Update]] = {}
        for kind in _Due:
            due = self._kind(kind)
            cand = (
                select(c.id)
                .where(due)
                .order_by(c.next_attempt_at, c.id)
                .limit(bindparam("want", type_=Integer))
                .with_for_update(skip_locked=True)
                .cte("claim_candidates")
                .prefix_with("MATERIALIZED")
            )
            claim = (
                update(table)
                .where(table.c.id == cand.c.id)  # UPDATE … FROM the candidates, by key
                .values(
                    status=PROCESSING,
                    locked_by=bindparam("owner"),
                    locked_until=bindparam("until", type_=table.c.locked_until.type),
                    attempts=table.c.attempts + 1,
                )
                .returning(*table.c)  # the claimed rows in the same statement
            )
            out[kind] = (select(c.id).where(due).limit(1), claim)
        return out

    def _end_statement(self, columns: tuple[str, ...]) -> Update:
        """The prepared UPDATE that ends a lease and sets ``columns`` (``new_<column>``)."""
        stmt = self._end_statements.get(columns)
        if stmt is None:
            t = self.model.__table__  # type: ignore[attr-defined]
            stmt = self._end_statements[columns] = (
                update(t)
                .where(
                    t.c.id == bindparam("job_id"),
                    t.c.status == PROCESSING,
                    t.c.locked_by == bindparam("owner"),
                )
                .values(locked_until=None, **{k: bindparam(f"new_{k}") for k in columns})
            )
        return stmt

    def _held_by(self, owner: str | None) -> ColumnElement[bool]:
        c = self.c
        if owner is None:
            return c.status != PROCESSING
        return (c.status == PROCESSING) & (c.locked_by == owner)

    # -- the queue -------------------------------------------------------------------------
    def claim(
        self, owner: str, now: dt.datetime, lease_seconds: float, s: Session | None = None
    ) -> Any | None:
        """Take the oldest due job for ``owner``; the row (attempts already counted) or None."""
        taken = self.claim_many(owner, now, lease_seconds, 1, s)
        return taken[0] if taken else None

    def claim_many(
        self,
        owner: str,
        now: dt.datetime,
        lease_seconds: float,
        limit: int,
        s: Session | None = None,
    ) -> list[Any]:
        """Take up to ``limit`` of the oldest due jobs for ``owner`` in one statement per kind
        (attempts already counted), oldest first: rows with the table's columns.

        The candidates are chosen in a materialised CTE and taken by an UPDATE joined to it
        on the primary key; ``RETURNING`` gives the rows. No second "still due?" test in the
        UPDATE: with it, SQLite's planner scanned every due row of the claim index (a
        backlog) instead of looking up the few candidates. None is needed: on PostgreSQL the
        CTE's ``FOR UPDATE SKIP LOCKED`` passes over rows another worker is claiming and
        re-checks its condition on a row changed since the snapshot; SQLite runs the whole
        statement under its single writer lock. MATERIALIZED keeps PostgreSQL from folding
        the CTE into the UPDATE, where the LIMIT and the row locks could apply more than
        once."""
        # One index range (status, next_attempt_at) per kind, not the two OR-ed in one query:
        # PostgreSQL then scanned and sorted the whole table, done rows included, on every
        # claim (7 ms at 10,000 rows; workers then added no speed).
        if time.monotonic() >= self._expired_check_due:
            self._expired_check_due = time.monotonic() + self.EXPIRED_CHECK_SECONDS
            kinds = (_Due.EXPIRED, _Due.PENDING)
        else:
            kinds = (_Due.PENDING, _Due.EXPIRED)
        statements = self._claim_statements
        until = now + dt.timedelta(seconds=lease_seconds)
        taken: list[Any] = []
        with self._one_statement(s) as tx:
            for kind in kinds:
                want = limit - len(taken)
                if want <= 0:
                    break
                probe, claim = statements[kind]
                # A read first: an UPDATE takes SQLite's writer lock even when it changes
                # nothing, and an idle worker's polls would keep taking it from the web.
                if tx.execute(probe, {"now": now}).first() is None:
                    continue
                params = {"now": now, "want": want, "owner": owner, "until": until}
                taken.extend(tx.execute(claim, params).all())
                if taken and kind is _Due.PENDING:
                    break  # expired leases: on the next check, or when nothing is pending
        taken.sort(key=lambda r: (r.next_attempt_at, r.id))
        return taken

    def release(self, job_ids: Sequence[int], owner: str, s: Session | None = None) -> int:
        """Give back claimed jobs that were not started (a batch that ran long): pending
        again, due as they were, and their claim not counted as an attempt."""
        if not job_ids:
            return 0
        c = self.c
        with self._tx(s) as tx:
            res = tx.execute(
                update(self.model)
                .where(c.id.in_(list(job_ids)), self._held_by(owner))
                .values(status=PENDING, locked_by=None, locked_until=None, attempts=c.attempts - 1)
            )
            return int(res.rowcount)  # type: ignore[attr-defined]

    def _end(self, job_id: int, owner: str | None, s: Session | None, **values: Any) -> bool:
        c = self.c
        with self._tx(s) as tx:
            res = tx.execute(
                update(self.model)
                .where(c.id == job_id, self._held_by(owner))
                .values(locked_until=None, **values)
            )
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def finish(
        self,
        job_id: int,
        owner: str | None,
        now: dt.datetime,
        *,
        s: Session | None = None,
        **values: Any,
    ) -> bool:
        """Done (``values``: the outcome, the minimised payload, the remote reference…)."""
        stamp = {self.table.finished_at: now} if self.table.finished_at else {}
        return self._end(
            job_id, owner, s, status=self.table.done, last_error=None, **stamp, **values
        )

    def retry_later(
        self,
        job_id: int,
        owner: str | None,
        when: dt.datetime,
        error: str,
        s: Session | None = None,
    ) -> bool:
        """Back to pending, due at ``when`` (the backoff or the vendor's Retry-After)."""
        return self._end(
            job_id, owner, s, status=PENDING, next_attempt_at=when, last_error=error[:4000]
        )

    def dead_letter(
        self,
        job_id: int,
        owner: str | None,
        now: dt.datetime,
        error: str,
        *,
        s: Session | None = None,
        **values: Any,
    ) -> bool:
        stamp = {self.table.finished_at: now} if self.table.finished_at else {}
        return self._end(job_id, owner, s, status=DEAD, last_error=error[:4000], **stamp, **values)

    def end_many(
        self,
        owner: str,
        endings: Sequence[tuple[int, str, dict[str, Any]]],
        s: Session | None = None,
    ) -> set[int]:
        """End several of ``owner``'s jobs; the ids it ended (a job whose lease was taken
        over is left as the new holder has it).

        ``endings``: ``(job_id, status, values)`` with status pending (``values`` holds its
        ``next_attempt_at`` and ``last_error``), done or dead (``at``: when). One prepared
        UPDATE per kind of ending, sent with all its jobs' values at once (executemany)
        in autocommit: the statement is compiled once, and SQLite's writer lock is taken
        and released inside the driver for each row, never held while Python waits for the
        interpreter lock behind the web threads (a transaction around a dozen UPDATEs held
        it that long, and the web's inserts stalled)."""
        if not endings:
            return set()
        t = self.model.__table__  # type: ignore[attr-defined]
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for job_id, status, values in endings:
            fields: dict[str, Any] = {"status": status, "last_error": None}
            if self.table.finished_at and status != PENDING:
                fields[self.table.finished_at] = values["at"]
            fields.update((k, v) for k, v in values.items() if k != "at")
            params = {
                "job_id": job_id,
                "owner": owner,
                **{f"new_{k}": v for k, v in fields.items()},
            }
            groups.setdefault(tuple(sorted(fields)), []).append(params)
        ended = 0
        with self._one_statement(s) as tx:
            for columns, rows in groups.items():
                stmt = self._end_statement(columns)
                ended += int(tx.execute(stmt, rows).rowcount)  # type: ignore[attr-defined]
            ids = [e[0] for e in endings]
            if ended == len(ids):
                return set(ids)
            # Some were taken over: those now hold another owner's name.
            return set(
                tx.execute(
                    select(t.c.id).where(
                        t.c.id.in_(ids), t.c.locked_by == owner, t.c.status != PROCESSING
                    )
                ).scalars()
            )

    def renew(
        self,
        job_ids: Sequence[int],
        owner_prefix: str,
        until: dt.datetime,
        s: Session | None = None,
    ) -> int:
        """Extend the leases of ``job_ids`` held by owners starting with ``owner_prefix``."""
        if not job_ids:
            return 0
        c = self.c
        like = owner_prefix.replace("%", r"\%").replace("_", r"\_") + "%"
        with self._tx(s) as tx:
            res = tx.execute(
                update(self.model)
                .where(
                    c.id.in_(list(job_ids)),
                    c.status == PROCESSING,
                    c.locked_by.like(like, escape="\\"),
                )
                .values(locked_until=until)
            )
            return int(res.rowcount)  # type: ignore[attr-defined]

    def holders(self, s: Session | None = None) -> set[str]:
        """The owners of the jobs being processed now."""
        c = self.c
        with self._tx(s) as tx:
            found = tx.execute(select(c.locked_by).where(c.status == PROCESSING)).scalars()
            return {h for h in found if h}

    def expire_holder(self, holder: str, gone: dt.datetime, s: Session | None = None) -> int:
        """Let every lease of ``holder`` (a process that is gone) run out at ``gone``."""
        c = self.c
        with self._tx(s) as tx:
            res = tx.execute(
                update(self.model)
                .where(c.status == PROCESSING, c.locked_by == holder)
                .values(locked_until=gone)
            )
            return int(res.rowcount)  # type: ignore[attr-defined]

    def replay(
        self, job_id: int, now: dt.datetime, s: Session | None = None, **values: Any
    ) -> bool:
        """Queue a dead job again, its attempts reset; False when it is not dead."""
        c = self.c
        with self._tx(s) as tx:
            res = tx.execute(
                update(self.model)
                .where(c.id == job_id, c.status == DEAD)
                .values(status=PENDING, next_attempt_at=now, attempts=0, locked_by=None, **values)
            )
            return bool(res.rowcount)  # type: ignore[attr-defined]
