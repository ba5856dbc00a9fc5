"""What the database holds about one employee, and erasing or anonymising it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

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
from connector.domain.balancing import forget_replacement, replacement_agent_id
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

    def replaced_periods(self, helpdesks: Sequence[str] | None, email: str) -> dict[int, str]:
        """The periods in which the person with ``email`` is a replacement (the first one or
        an extra one): period id → their agent id there."""
        with self.store.session() as s:
            q = select(
                PeriodRow.id,
                PeriodRow.replacement_id,
                PeriodRow.replacement_email,
                PeriodRow.replacements,
            )
            if helpdesks is not None:
                q = q.where(PeriodRow.helpdesk.in_(helpdesks))
            out: dict[int, str] = {}
            for pid, rid, remail, extras in s.execute(q.order_by(PeriodRow.starts_at)):
                agent_id = replacement_agent_id(rid, remail, list(extras or []), email)
                if agent_id is not None:
                    out[pid] = agent_id
            return out

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
        replaced: Mapping[int, str] | None = None,
    ) -> dict[str, int]:
        """In one transaction; returns counts per kind (never what was erased).

        ``replaced``: the periods in which the person was a replacement (period id → agent
        id, :meth:`replaced_periods`). Those periods are the employee's and stay; in both
        modes the person's id, address and name in them (first replacement, extra
        replacements, shares, balance counters, the audit's agents) become the pseudonym."""
        email = email.lower()
        with self.store.session() as s:
            as_replacement = self._forget_replacement(
                s, email, {k: v for k, v in (replaced or {}).items() if k not in period_ids}
            )
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
                "periods_as_replacement": as_replacement,
                "contact_log_entries": len(entry_ids),
                "audit_records": int(audit or 0),
                "access_log_rows": int(reads or 0),
            }

    @staticmethod
    def _forget_replacement(s: Session, email: str, replaced: Mapping[int, str]) -> int:
        alias = pseudonym(email)
        for pid, agent_id in replaced.items():
            row = s.get_one(PeriodRow, pid)
            if row.replacement_id == agent_id:
                row.replacement_id, row.replacement_email, row.replacement_name = alias, alias, ""
            reps, balancing, state = forget_replacement(
                list(row.replacements or []),
                dict(row.balancing or {}),
                dict(row.balance_state or {}),
                agent_id,
                alias,
            )
            row.replacements, row.balancing, row.balance_state = reps, balancing, state
            for column in (AuditRecord.from_agent, AuditRecord.to_agent):
                s.execute(
                    update(AuditRecord)
                    .where(AuditRecord.period_id == pid, column == agent_id)
                    .values({column.key: alias[:64]})
                )
        return len(replaced)
