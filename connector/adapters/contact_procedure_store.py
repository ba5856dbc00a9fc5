"""Storage for contact procedures (issue 21, item 4): one sealed row per period.

Retention follows the contact log (``hr.retention_days``): a procedure goes when its period
ended before the cutoff, or when its period is gone (the period retention dropped it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from connector.adapters.models import ContactProcedureRow, PeriodRow
from connector.adapters.sealing import Sealer
from connector.adapters.store import Store
from connector.domain.contact_procedure import (
    ContactProcedure,
    procedure_from_dict,
    procedure_to_dict,
)


class ContactProcedureStore:
    def __init__(self, store: Store, sealer: Sealer):
        self.store = store
        self.sealer = sealer

    def get(self, period_id: int) -> ContactProcedure | None:
        with self.store.session() as s:
            row = s.get(ContactProcedureRow, period_id)
            return procedure_from_dict(self.sealer.open(row.data)) if row else None

    def put(
        self, period_id: int, procedure: ContactProcedure, actor: str, now: dt.datetime
    ) -> None:
        data = self.sealer.seal(procedure_to_dict(procedure))
        with self.store.session() as s:
            row = s.get(ContactProcedureRow, period_id)
            if row is None:
                s.add(
                    ContactProcedureRow(
                        period_id=period_id, data=data, updated_at=now, updated_by=actor
                    )
                )
            else:
                row.data, row.updated_at, row.updated_by = data, now, actor

    def purge(self, cutoff: dt.datetime, *, dry_run: bool = False) -> int:
        """Drop procedures of periods that ended before ``cutoff`` or no longer exist."""
        with self.store.session() as s:
            kept = select(PeriodRow.id).where(
                func.coalesce(PeriodRow.ended_early_at, PeriodRow.ends_at) >= cutoff
            )
            ids = list(
                s.execute(
                    select(ContactProcedureRow.period_id).where(
                        ContactProcedureRow.period_id.not_in(kept)
                    )
                ).scalars()
            )
            if ids and not dry_run:
                s.execute(delete(ContactProcedureRow).where(ContactProcedureRow.period_id.in_(ids)))
            return len(ids)
