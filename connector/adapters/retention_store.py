"""Retention: each kind of record deleted when its policy says, in bounded batches.

``run(now, dry_run=True)`` counts what would go without deleting (``standin retention
--dry-run``); otherwise each kind deletes at most ``batch`` rows per run, so the hourly run
never holds the database long and a backlog drains over a few runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from connector.adapters.models import (
    AuditRecord,
    ContactLogEntryRow,
    ContactLogRead,
    InboxEvent,
    NoticeRecord,
    NoticeSentRow,
    NotificationRow,
    PeriodRow,
    ReroutedTicket,
    SignInFailure,
)
from connector.adapters.store import STATUS_DEAD, STATUS_DONE, Store
from connector.config import RetentionConfig

Deleter = Callable[[Session, list[Any]], None]


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _ended_before(cutoff: dt.datetime) -> Any:
    """Periods whose effective end (an early end, else the planned one) is before cutoff; an
    open-ended period counts from the moment a lead ended it (while open, both are NULL)."""
    return select(PeriodRow.id).where(
        func.coalesce(PeriodRow.ended_early_at, PeriodRow.ends_at) < cutoff,
        PeriodRow.handed_back_at.is_not(None),
    )


def _drop_events(s: Session, ids: list[Any]) -> None:
    s.execute(update(AuditRecord).where(AuditRecord.event_id.in_(ids)).values(event_id=None))
    s.execute(delete(InboxEvent).where(InboxEvent.id.in_(ids)))


def _drop_periods(s: Session, ids: list[Any]) -> None:
    s.execute(delete(ReroutedTicket).where(ReroutedTicket.period_id.in_(ids)))
    s.execute(delete(NoticeRecord).where(NoticeRecord.period_id.in_(ids)))
    s.execute(delete(NoticeSentRow).where(NoticeSentRow.period_id.in_(ids)))
    s.execute(delete(AuditRecord).where(AuditRecord.period_id.in_(ids)))
    # Contact-log copies follow their own policy (hr.retention_days); they lose the link.
    s.execute(
        update(ContactLogEntryRow)
        .where(ContactLogEntryRow.period_id.in_(ids))
        .values(period_id=None)
    )
    s.execute(delete(PeriodRow).where(PeriodRow.id.in_(ids)))


def _simple(model: Any) -> Deleter:
    def drop(s: Session, ids: list[Any]) -> None:
        s.execute(delete(model).where(model.id.in_(ids)))

    return drop


def kinds(now: dt.datetime, p: RetentionConfig) -> dict[str, tuple[Select[Any], Deleter]]:
    """Each kind: the ids due now, and how to delete them."""
    return {
        "inbox_done": (
            select(InboxEvent.id).where(
                InboxEvent.status == STATUS_DONE,
                InboxEvent.finished_at < now - _days(p.inbox_done_days),
            ),
            _drop_events,
        ),
        "inbox_dead": (
            select(InboxEvent.id).where(
                InboxEvent.status == STATUS_DEAD,
                InboxEvent.finished_at < now - _days(p.inbox_dead_days),
            ),
            _drop_events,
        ),
        "notices": (
            select(NoticeRecord.id).where(
                NoticeRecord.period_id.in_(_ended_before(now - _days(p.notices_days_after_period)))
            ),
            _simple(NoticeRecord),
        ),
        "notices_sent": (  # the text as sent names the customer: the same period as notices
            select(NoticeSentRow.id).where(
                NoticeSentRow.period_id.in_(_ended_before(now - _days(p.notices_days_after_period)))
            ),
            _simple(NoticeSentRow),
        ),
        "audit": (
            select(AuditRecord.id).where(
                or_(
                    AuditRecord.period_id.in_(
                        _ended_before(now - _days(p.audit_days_after_period))
                    ),
                    AuditRecord.period_id.is_(None)
                    & (AuditRecord.at < now - _days(p.audit_days_after_period)),
                )
            ),
            _simple(AuditRecord),
        ),
        "periods": (
            _ended_before(now - _days(p.periods_days_after_end)),
            _drop_periods,
        ),
        "access_log": (
            select(ContactLogRead.id).where(ContactLogRead.at < now - _days(p.access_log_days)),
            _simple(ContactLogRead),
        ),
        "sign_in_failures": (
            select(SignInFailure.id).where(SignInFailure.at < now - _days(p.sign_in_failures_days)),
            _simple(SignInFailure),
        ),
        "notifications": (  # ended ones only: a pending message is never dropped
            select(NotificationRow.id).where(
                NotificationRow.status.in_(("sent", "failed")),
                NotificationRow.created_at < now - _days(p.notifications_days),
            ),
            _simple(NotificationRow),
        ),
    }


class RetentionStore:
    def __init__(self, store: Store, policy: RetentionConfig):
        self.store = store
        self.policy = policy

    def run(self, now: dt.datetime, *, dry_run: bool = False) -> dict[str, int]:
        """Rows deleted per kind (or, with ``dry_run``, how many are due)."""
        out: dict[str, int] = {}
        for name, (due, drop) in kinds(now, self.policy).items():
            with self.store.session() as s:
                if dry_run:
                    out[name] = int(
                        s.execute(select(func.count()).select_from(due.subquery())).scalar_one()
                    )
                    continue
                ids = list(s.execute(due.limit(self.policy.batch)).scalars())
                if ids:
                    drop(s, ids)
                out[name] = len(ids)
        return out
