"""What the database holds about one employee, and erasing or anonymising it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import delete, select, update

from connector.adapters.models import (
    AuditRecord,
    ContactLogEntryRow,
    ContactLogRead,
    ContactProcedureRow,
    HrOutboxRow,
    NoticeRecord,
    NoticeSentRow,
    PeriodRow,
    ReroutedTicket,
)
from connector.adapters.store import Store
from connector.domain.records import ErasureMode


def pseudonym(email: str) -> str:
    """A stable stand-in for an erased person, the same for every row of theirs."""
    return "erased-" + hashlib.sha256(email.lower().encode()).hexdigest()[:10]


class DataSubjectStore:
    def __init__(self, store: Store):
        self.store = store

    def period_ids(self, helpdesks: Sequence[str] | None, email: str) -> list[int]:
        with self.store.session() as s:
            q = select(PeriodRow.id).where(PeriodRow.employee_email == email.lower())
            if helpdesks is not None:
                q = q.where(PeriodRow.helpdesk.in_(helpdesks))
            return list(s.execute(q.order_by(PeriodRow.starts_at)).scalars())

    def running(self, period_ids: Sequence[int]) -> list[int]:
        """Periods not yet handed back (they still route tickets: end them first)."""
        with self.store.session() as s:
            return list(
                s.execute(
                    select(PeriodRow.id).where(
                        PeriodRow.id.in_(period_ids), PeriodRow.handed_back_at.is_(None)
                    )
                ).scalars()
            )

    def erase(
        self,
        helpdesks: Sequence[str] | None,
        email: str,
        period_ids: Sequence[int],
        mode: ErasureMode,
    ) -> dict[str, int]:
        """In one transaction; returns counts per kind (never what was erased)."""
        email = email.lower()
        with self.store.session() as s:
            q = select(ContactLogEntryRow.id).where(ContactLogEntryRow.employee_email == email)
            if helpdesks is not None:
                q = q.where(ContactLogEntryRow.helpdesk.in_(helpdesks))
            entry_ids = list(s.execute(q).scalars())
            s.execute(delete(HrOutboxRow).where(HrOutboxRow.entry_id.in_(entry_ids)))
            s.execute(delete(ContactLogEntryRow).where(ContactLogEntryRow.id.in_(entry_ids)))
            reads = s.execute(
                delete(ContactLogRead).where(ContactLogRead.employee_email == email)
            ).rowcount  # type: ignore[attr-defined]
            ids = list(period_ids)
            # The contact procedure holds HR-file texts about the employee: gone in both modes.
            s.execute(delete(ContactProcedureRow).where(ContactProcedureRow.period_id.in_(ids)))
            # The notices as sent may name the employee (the period's mention): gone either way.
            s.execute(delete(NoticeSentRow).where(NoticeSentRow.period_id.in_(ids)))
            if mode is ErasureMode.ERASE:
                s.execute(delete(ReroutedTicket).where(ReroutedTicket.period_id.in_(ids)))
                s.execute(delete(NoticeRecord).where(NoticeRecord.period_id.in_(ids)))
                audit = s.execute(
                    delete(AuditRecord).where(AuditRecord.period_id.in_(ids))
                ).rowcount  # type: ignore[attr-defined]
                s.execute(delete(PeriodRow).where(PeriodRow.id.in_(ids)))
            else:
                alias = pseudonym(email)
                agent_ids = [
                    a
                    for a in s.execute(
                        select(PeriodRow.employee_id).where(PeriodRow.id.in_(ids))
                    ).scalars()
                    if a
                ]
                for column in (AuditRecord.from_agent, AuditRecord.to_agent):
                    s.execute(
                        update(AuditRecord)
                        .where(AuditRecord.period_id.in_(ids), column.in_(agent_ids))
                        .values({column.key: alias[:64]})
                    )
                s.execute(
                    update(PeriodRow)
                    .where(PeriodRow.id.in_(ids))
                    .values(employee_email=alias, employee_name="", employee_id=alias)
                )
                audit = s.execute(
                    update(AuditRecord)
                    .where(AuditRecord.period_id.in_(ids))
                    .values(reason="", vendor_response=None)
                ).rowcount  # type: ignore[attr-defined]
            return {
                "periods": len(ids),
                "contact_log_entries": len(entry_ids),
                "audit_records": int(audit or 0),
                "access_log_rows": int(reads or 0),
            }
