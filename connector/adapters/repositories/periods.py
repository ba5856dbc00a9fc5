"""Periods: added, changed, listed, found active at a moment."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import bindparam, or_, select, update

from connector.adapters.models import PeriodRow
from connector.adapters.repositories import Database
from connector.domain.periods import Period


def period_from_row(row: PeriodRow | Any) -> Period:
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
        replacements=list(row.replacements or []),
        balancing=dict(row.balancing or {}),
        state={
            "balance": dict(row.balance_state or {}),
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


#: The periods of one helpdesk active at some moment between ``start`` and ``end``, built once:
#: the worker reads them for every batch, often of one event. Rows of the table's columns,
#: whose names are the mapped attributes' (``period_from_row`` reads either).
_ACTIVE_DURING = select(PeriodRow.__table__).where(
    PeriodRow.helpdesk == bindparam("helpdesk"),
    PeriodRow.starts_at <= bindparam("end", type_=PeriodRow.starts_at.type),
    or_(  # open-ended
        PeriodRow.ends_at.is_(None),
        PeriodRow.ends_at > bindparam("start", type_=PeriodRow.ends_at.type),
    ),
    or_(
        PeriodRow.ended_early_at.is_(None),
        PeriodRow.ended_early_at > bindparam("start", type_=PeriodRow.ended_early_at.type),
    ),
)


class PeriodRepository:
    def __init__(self, db: Database):
        self.db = db

    def add_period(self, period: Period, now: dt.datetime) -> Period:
        with self.db.session() as s:
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
                replacements=period.replacements,
                balancing=period.balancing,
                created_by=period.created_by,
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
            return period_from_row(row)

    def save_period(self, period: Period, now: dt.datetime) -> Period:
        assert period.id is not None
        with self.db.session() as s:
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
                "replacements",
                "balancing",
            ):
                setattr(row, name, getattr(period, name))
            row.updated_at = now
            return period_from_row(row)

    def set_balance_state(self, period_id: int, state: dict[str, Any]) -> None:
        """The balancing counters (per replacement) and capacity counts (per local day)."""
        with self.db.session() as s:
            s.get_one(PeriodRow, period_id).balance_state = state

    def change_balance_state(
        self, period_id: int, change: Callable[[dict[str, Any]], None]
    ) -> dict[str, Any]:
        """A locked read-modify-write of the balance state, in one short transaction.

        The row is locked *before* it is read, by an UPDATE that touches it: on PostgreSQL
        that takes the row lock (a second worker waits, then reads what the first
        committed); on SQLite it takes the database's write lock as the transaction's first
        statement, so the busy timeout applies and no stale snapshot is read (a read first
        and a write later would fail with SQLITE_BUSY instead of waiting)."""
        with self.db.session() as s:
            s.execute(
                update(PeriodRow)
                .where(PeriodRow.id == period_id)
                .values(balance_state=PeriodRow.balance_state)
                .execution_options(synchronize_session=False)
            )
            raw = s.execute(
                select(PeriodRow.balance_state).where(PeriodRow.id == period_id)
            ).scalar_one()
            state: dict[str, Any] = copy.deepcopy(dict(raw or {}))
            change(state)
            s.execute(
                update(PeriodRow)
                .where(PeriodRow.id == period_id)
                .values(balance_state=state)
                .execution_options(synchronize_session=False)
            )
            return copy.deepcopy(state)

    def get_period(self, period_id: int) -> Period | None:
        with self.db.session() as s:
            row = s.get(PeriodRow, period_id)
            return period_from_row(row) if row else None

    def periods(self, helpdesks: Sequence[str] | None = None) -> list[Period]:
        with self.db.session() as s:
            q = select(PeriodRow).order_by(PeriodRow.starts_at, PeriodRow.id)
            if helpdesks is not None:
                q = q.where(PeriodRow.helpdesk.in_(helpdesks))
            return [period_from_row(r) for r in s.execute(q).scalars()]

    def periods_active_at(self, helpdesk: str, now: dt.datetime) -> list[Period]:
        return self.periods_active_during(helpdesk, now, now)

    def periods_active_during(
        self, helpdesk: str, start: dt.datetime, end: dt.datetime
    ) -> list[Period]:
        with self.db.statement() as conn:  # a plain read: Core rows, no ORM identity map
            params = {"helpdesk": helpdesk, "start": start, "end": end}
            return [period_from_row(r) for r in conn.execute(_ACTIVE_DURING, params)]
