"""What the scheduler keeps in the database: leases on periods, progress, rerouted tickets.

Every job of a period (start move, sweep, hand-back, move to a new replacement) runs under a
lease on the period row, taken with a conditional UPDATE whose row count says whether this
process won it; two processes never work on the same period at once, and a crashed process's
lease simply runs out. What was done is a column (``start_moved_at``, ``last_swept_at``,
``handed_back_at``), so a tick is a function of the database and the clock.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, or_, select, update

from connector.adapters.dialects import insert_for
from connector.adapters.models import PeriodRow, ReroutedTicket
from connector.adapters.repositories import Database
from connector.adapters.repositories.periods import period_from_row
from connector.domain.periods import Period
from connector.domain.records import Reroute


class LifecycleRepository:
    def __init__(self, db: Database):
        self.db = db

    # -- periods and leases ----------------------------------------------------------------
    def unfinished_periods(self, now: dt.datetime) -> list[Period]:
        """Periods that have started and are not yet handed back (the scheduler's worklist)."""
        with self.db.session() as s:
            rows = s.execute(
                select(PeriodRow)
                .where(PeriodRow.starts_at <= now, PeriodRow.handed_back_at.is_(None))
                .order_by(PeriodRow.starts_at, PeriodRow.id)
            ).scalars()
            return [period_from_row(r) for r in rows]

    def claim(self, period_id: int, owner: str, now: dt.datetime, lease_seconds: float) -> bool:
        with self.db.session() as s:
            res = s.execute(
                update(PeriodRow)
                .where(
                    PeriodRow.id == period_id,
                    or_(PeriodRow.lease_until.is_(None), PeriodRow.lease_until < now),
                )
                .values(lease_owner=owner, lease_until=now + dt.timedelta(seconds=lease_seconds))
            )
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def release(self, period_id: int, owner: str) -> None:
        with self.db.session() as s:
            s.execute(
                update(PeriodRow)
                .where(PeriodRow.id == period_id, PeriodRow.lease_owner == owner)
                .values(lease_owner=None, lease_until=None)
            )

    def _set(self, period_id: int, **values: Any) -> None:
        with self.db.session() as s:
            s.execute(update(PeriodRow).where(PeriodRow.id == period_id).values(**values))

    def set_start_move(
        self,
        period_id: int,
        progress: dict[str, Any],
        *,
        done_at: dt.datetime | None = None,
        retry_at: dt.datetime | None = None,
    ) -> None:
        self._set(
            period_id, start_move=dict(progress), start_moved_at=done_at, start_retry_at=retry_at
        )

    def set_swept(self, period_id: int, now: dt.datetime) -> None:
        self._set(period_id, last_swept_at=now)

    def set_handed_back(self, period_id: int, now: dt.datetime, result: dict[str, Any]) -> None:
        self._set(period_id, handed_back_at=now, handback_result=dict(result))

    def set_phase_move(self, period_id: int, key: str, progress: dict[str, Any]) -> None:
        """The progress of the hand-back at one phase boundary (kept beside the others)."""
        with self.db.session() as s:
            row = s.get_one(PeriodRow, period_id)
            moves = dict(row.phase_moves or {})
            moves[key] = dict(progress)
            row.phase_moves = moves

    def set_replacement_move_due(self, period_id: int, due: bool) -> None:
        self._set(period_id, replacement_move_due=due)

    # -- rerouted tickets ------------------------------------------------------------------
    def record_reroute(
        self,
        period_id: int,
        ticket_id: str,
        now: dt.datetime,
        from_agent: str,
        to_agent: str,
        via: str,
    ) -> None:
        """Remember a move (again: the newest target counts, the first ``from`` is kept)."""
        row = {
            "period_id": period_id,
            "ticket_id": ticket_id,
            "moved_at": now,
            "from_agent": from_agent,
            "to_agent": to_agent,
            "via": via,
        }
        with self.db.statement() as c:
            c.execute(_upsert_reroute(self.db.dialect), row)

    def reroutes(self, period_id: int, *, open_only: bool = False) -> list[Reroute]:
        with self.db.session() as s:
            q = select(ReroutedTicket).where(ReroutedTicket.period_id == period_id)
            if open_only:
                q = q.where(ReroutedTicket.handed_back_at.is_(None))
            rows = s.execute(q.order_by(ReroutedTicket.id)).scalars()
            return [_reroute(r) for r in rows]

    def close_reroutes(
        self, period_id: int, outcomes: Sequence[tuple[str, str]], now: dt.datetime
    ) -> None:
        """Mark tickets as dealt with at the end: ``(ticket_id, outcome)`` pairs."""
        with self.db.session() as s:
            for ticket_id, outcome in outcomes:
                s.execute(
                    update(ReroutedTicket)
                    .where(
                        ReroutedTicket.period_id == period_id, ReroutedTicket.ticket_id == ticket_id
                    )
                    .values(handed_back_at=now, outcome=outcome[:255])
                )

    def ticket_reroutes(self, helpdesk: str, ticket_id: str) -> list[tuple[Period, Reroute]]:
        """Every period that moved this ticket, newest move first (the helpdesk app's view)."""
        with self.db.session() as s:
            rows = s.execute(
                select(ReroutedTicket, PeriodRow)
                .join(PeriodRow, PeriodRow.id == ReroutedTicket.period_id)
                .where(PeriodRow.helpdesk == helpdesk, ReroutedTicket.ticket_id == ticket_id)
                .order_by(ReroutedTicket.moved_at.desc(), ReroutedTicket.id.desc())
            ).all()
            return [(period_from_row(p), _reroute(r)) for r, p in rows]


def _reroute(r: ReroutedTicket) -> Reroute:
    return Reroute(
        r.ticket_id, r.moved_at, r.from_agent, r.to_agent, r.via, r.handed_back_at, r.outcome
    )


@functools.cache
def _upsert_reroute(dialect: str) -> Any:
    """The upsert of a rerouted ticket, built once per dialect (it runs for every rerouted
    event; a statement object used again skips SQLAlchemy's building and cache-key work)."""
    stmt = insert_for(dialect)(ReroutedTicket).values(
        {name: bindparam(name) for name in _REROUTE_COLUMNS}
    )
    return stmt.on_conflict_do_update(
        index_elements=["period_id", "ticket_id"],
        set_={
            "to_agent": stmt.excluded.to_agent,
            "moved_at": stmt.excluded.moved_at,
            "handed_back_at": None,
            "outcome": None,
        },
    )


_REROUTE_COLUMNS = ("period_id", "ticket_id", "moved_at", "from_agent", "to_agent", "via")
