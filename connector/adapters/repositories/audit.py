"""The audit trail: one row per thing the connector did or refused to do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from connector.adapters.models import AuditRecord
from connector.adapters.repositories import Database
from connector.domain.messages import to_record

#: Built once: SQLAlchemy keeps a statement object's cache key, so the INSERT that follows
#: every rerouted event is not keyed again each time.
_INSERT_AUDIT = insert(AuditRecord)

#: Asked about each audit row with (now, helpdesk, action, fields): what must follow from it
#: (a team-lead notification), as a step to run in the row's own transaction — recorded with
#: the row or not at all — or None when nothing follows.
AuditHook = Callable[[dt.datetime, str, str, dict[str, Any]], Callable[[Session], None] | None]


class AuditRepository:
    def __init__(self, db: Database):
        self.db = db

    @property
    def hooks(self) -> Sequence[AuditHook]:
        """The store's audit hooks (set in wiring.py), shared by every repository over it."""
        return getattr(self.db, "audit_hooks", ())

    def audit(self, now: dt.datetime, helpdesk: str, action: str, **fields: Any) -> None:
        self.audit_many(now, [{"helpdesk": helpdesk, "action": action, **fields}])

    def audit_many(self, now: dt.datetime, rows: Sequence[dict[str, Any]]) -> None:
        """Several audit rows in one transaction (``helpdesk``, ``action`` and the fields).

        Rows that no hook follows up (most: a reroute, a skip) are one INSERT in autocommit;
        on SQLite an ORM transaction held the writer lock until its COMMIT, reached after
        Python waited for the interpreter lock behind the web threads."""
        if not rows:
            return
        steps = [
            step
            for row in rows
            for hook in self.hooks
            if (
                step := hook(
                    now,
                    row["helpdesk"],
                    row["action"],
                    {k: v for k, v in row.items() if k not in ("helpdesk", "action")},
                )
            )
            is not None
        ]
        if not steps:
            by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
            for row in rows:  # one statement is sent with rows of the same columns
                kept = {"at": now, **_kept(row)}
                by_columns.setdefault(frozenset(kept), []).append(kept)
            with self.db.statement() as c:
                for same in by_columns.values():
                    c.execute(_INSERT_AUDIT, same)
            return
        with self.db.session() as s:
            s.add_all(AuditRecord(at=now, **_kept(row)) for row in rows)
            for step in steps:
                step(s)

    def latest_audit(self, period_id: int, action: str) -> dict[str, Any] | None:
        """The newest audit row of a period with this action, or None."""
        return self.latest_audit_of(period_id, (action,))

    def latest_audit_of(self, period_id: int, actions: Sequence[str]) -> dict[str, Any] | None:
        """The newest audit row of a period with one of these actions, or None."""
        with self.db.session() as s:
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
                "reason_msg": row.reason_msg,
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
        with self.db.session() as s:
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
                    "reason_msg": r.reason_msg,
                    "vendor_status": r.vendor_status,
                    "vendor_response": r.vendor_response,
                    "actor": r.actor,
                }
                for r in rows
            ]


def _kept(fields: dict[str, Any]) -> dict[str, Any]:
    """An audit row's columns: the reason as English text and, when it is a message, as its
    msgid and values too (said in the reader's language where it is shown)."""
    reason = fields.get("reason")
    if reason is None:
        return fields
    return {**fields, "reason": str(reason), "reason_msg": to_record(reason)}
