"""Storage for contact-log entries and the HR outbox (on the shared ``Store``'s engine).

Entries are inserted, never updated; the retention purge is the only delete. An entry and
its outbox rows are written in one transaction, so a crash never loses a delivery.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from connector.adapters.lease_queue import LeaseQueue, QueueTable
from connector.adapters.models import (
    AuditRecord,
    ContactLogEntryRow,
    HrOutboxRow,
    NoticeRecord,
    PeriodRow,
)
from connector.adapters.sealing import Sealer
from connector.adapters.store import Store
from connector.domain.contact_log import ContactEntry, entry_from_dict, entry_to_dict
from connector.domain.records import OutboxItem

OUTBOX_PENDING = "pending"
OUTBOX_PROCESSING = "processing"
OUTBOX_SENT = "sent"
OUTBOX_DEAD = "dead"
# ``sent`` stamps sent_at itself; a dead row keeps no time stamp (as before the queue).
OUTBOX_QUEUE = QueueTable(done=OUTBOX_SENT, finished_at=None)


class ContactLogStore:
    """Entries are sealed (encrypted) in the database; ``sealer`` holds the keys."""

    def __init__(self, store: Store, sealer: Sealer):
        self.store = store
        self.sealer = sealer
        self.queue: LeaseQueue[HrOutboxRow] = LeaseQueue(HrOutboxRow, OUTBOX_QUEUE, store.session)

    def _entry(self, row: ContactLogEntryRow) -> ContactEntry:
        return entry_from_dict(self.sealer.open(row.data))

    # -- entries ---------------------------------------------------------------------------
    def add(self, entry: ContactEntry, targets: Sequence[str], now: dt.datetime) -> bool:
        """Insert the entry and one outbox row per target; False when ``source_ref`` exists."""
        try:
            with self.store.session() as s:
                s.add(
                    ContactLogEntryRow(
                        id=entry.id,
                        helpdesk=entry.helpdesk,
                        employee_email=entry.employee_email,
                        period_id=entry.period_id,
                        supersedes_id=entry.supersedes_id,
                        source=entry.source.value,
                        source_ref=entry.source_ref,
                        contact_at=entry.contact_at,
                        recorded_at=entry.recorded_at,
                        data=self.sealer.seal(entry_to_dict(entry)),
                        created_by=entry.created_by,
                    )
                )
                s.flush()
                for target in targets:
                    s.add(
                        HrOutboxRow(
                            entry_id=entry.id,
                            target=target,
                            status=OUTBOX_PENDING,
                            attempts=0,
                            next_attempt_at=now,
                            created_at=now,
                        )
                    )
        except IntegrityError:
            if entry.source_ref and self.by_source_ref(entry.source_ref) is not None:
                return False
            raise
        return True

    def by_source_ref(self, source_ref: str) -> ContactEntry | None:
        with self.store.session() as s:
            row = s.execute(
                select(ContactLogEntryRow).where(ContactLogEntryRow.source_ref == source_ref)
            ).scalar_one_or_none()
            return self._entry(row) if row else None

    def get(self, entry_id: str) -> ContactEntry | None:
        with self.store.session() as s:
            row = s.get(ContactLogEntryRow, entry_id)
            return self._entry(row) if row else None

    def superseded_by(self, entry_id: str) -> list[str]:
        with self.store.session() as s:
            return list(
                s.execute(
                    select(ContactLogEntryRow.id)
                    .where(ContactLogEntryRow.supersedes_id == entry_id)
                    .order_by(ContactLogEntryRow.recorded_at)
                ).scalars()
            )

    def entries(
        self, helpdesks: Sequence[str] | None, employee_email: str | None = None
    ) -> list[tuple[ContactEntry, list[str]]]:
        """Entries newest contact first, each with the ids of the entries superseding it."""
        with self.store.session() as s:
            q = select(ContactLogEntryRow)
            if helpdesks is not None:
                q = q.where(ContactLogEntryRow.helpdesk.in_(helpdesks))
            if employee_email is not None:
                q = q.where(ContactLogEntryRow.employee_email == employee_email.lower())
            rows = s.execute(
                q.order_by(ContactLogEntryRow.contact_at.desc(), ContactLogEntryRow.id)
            ).scalars()
            entries = [self._entry(r) for r in rows]
        by: dict[str, list[str]] = {}
        for e in sorted(entries, key=lambda e: e.recorded_at):
            if e.supersedes_id:
                by.setdefault(e.supersedes_id, []).append(e.id)
        return [(e, by.get(e.id, [])) for e in entries]

    def counts(self, period_id: int, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """Tickets moved and customer notices sent for a period in [start, end): counts only."""
        with self.store.session() as s:
            moved = s.execute(
                select(func.count(func.distinct(AuditRecord.ticket_id))).where(
                    AuditRecord.period_id == period_id,
                    AuditRecord.action == "rerouted",
                    AuditRecord.at >= start,
                    AuditRecord.at < end,
                )
            ).scalar_one()
            sent = s.execute(
                select(func.count()).where(
                    NoticeRecord.period_id == period_id,
                    NoticeRecord.status == "sent",
                    NoticeRecord.at >= start,
                    NoticeRecord.at < end,
                )
            ).scalar_one()
        return int(moved), int(sent)

    def reseal(self, batch: int = 200) -> int:
        """Seal every entry with the newest key (after a key was added); how many changed."""
        changed = 0
        last = ""
        while True:
            with self.store.session() as s:
                rows = (
                    s.execute(
                        select(ContactLogEntryRow)
                        .where(ContactLogEntryRow.id > last)
                        .order_by(ContactLogEntryRow.id)
                        .limit(batch)
                    )
                    .scalars()
                    .all()
                )
                if not rows:
                    return changed
                for row in rows:
                    fresh = self.sealer.reseal(row.data)
                    if fresh is not None:
                        row.data = fresh
                        changed += 1
                last = rows[-1].id

    def purge(self, cutoff: dt.datetime, *, dry_run: bool = False) -> int:
        """Delete local copies recorded before ``cutoff`` whose period (if any) ended before it
        and whose deliveries are finished. The HR system keeps the record."""
        with self.store.session() as s:
            unfinished = select(HrOutboxRow.entry_id).where(
                HrOutboxRow.status.in_([OUTBOX_PENDING, OUTBOX_PROCESSING])
            )
            # A period's effective end is its early end when it has one, else its end; an
            # open-ended period that no one ended has none yet (it is recent).
            recent_periods = select(PeriodRow.id).where(
                or_(PeriodRow.ends_at.is_(None), PeriodRow.ends_at >= cutoff),
                or_(PeriodRow.ended_early_at.is_(None), PeriodRow.ended_early_at >= cutoff),
            )
            ids = list(
                s.execute(
                    select(ContactLogEntryRow.id).where(
                        ContactLogEntryRow.recorded_at < cutoff,
                        ContactLogEntryRow.id.not_in(unfinished),
                        or_(
                            ContactLogEntryRow.period_id.is_(None),
                            ContactLogEntryRow.period_id.not_in(recent_periods),
                        ),
                    )
                ).scalars()
            )
            if not ids or dry_run:
                return len(ids)
            s.execute(delete(HrOutboxRow).where(HrOutboxRow.entry_id.in_(ids)))
            s.execute(delete(ContactLogEntryRow).where(ContactLogEntryRow.id.in_(ids)))
            return len(ids)

    # -- outbox ----------------------------------------------------------------------------
    def claim(self, now: dt.datetime, lease_seconds: float, owner: str = "hr") -> OutboxItem | None:
        with self.store.session() as s:
            row = self.queue.claim(owner, now, lease_seconds, s)
            if row is None:
                return None
            return OutboxItem(row.id, row.entry_id, row.target, row.attempts)

    # ``owner``: the dispatcher that claimed the row; only it may end its lease (False
    # otherwise). None is the operator's path: it only touches a row nobody holds.
    def sent(
        self, item_id: int, now: dt.datetime, remote_ref: str, owner: str | None = None
    ) -> bool:
        return self.queue.finish(item_id, owner, now, sent_at=now, remote_ref=remote_ref[:255])

    def retry_later(
        self, item_id: int, when: dt.datetime, error: str, owner: str | None = None
    ) -> bool:
        return self.queue.retry_later(item_id, owner, when, error)

    def dead(self, item_id: int, error: str, owner: str | None = None) -> bool:
        return self.queue.dead_letter(item_id, owner, dt.datetime.now(dt.UTC), error)

    def replay(self, item_id: int, now: dt.datetime) -> bool:
        return self.queue.replay(item_id, now, last_error=None)

    def outbox(
        self,
        helpdesks: Sequence[str] | None,
        status: str | None = None,
        limit: int = 200,
        *,
        entry_ids: Sequence[str] | None = None,
        item_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """HR deliveries, newest first, narrowed by helpdesk, status, entries or one item."""
        with self.store.session() as s:
            q = select(HrOutboxRow, ContactLogEntryRow.helpdesk).join(
                ContactLogEntryRow, ContactLogEntryRow.id == HrOutboxRow.entry_id
            )
            if status is not None:
                q = q.where(HrOutboxRow.status == status)
            if entry_ids is not None:
                q = q.where(HrOutboxRow.entry_id.in_(list(entry_ids)))
            if item_id is not None:
                q = q.where(HrOutboxRow.id == item_id)
            if helpdesks is not None:
                q = q.where(ContactLogEntryRow.helpdesk.in_(helpdesks))
            rows = s.execute(q.order_by(HrOutboxRow.id.desc()).limit(limit)).all()
            return [
                {
                    "id": r.id,
                    "entry_id": r.entry_id,
                    "helpdesk": helpdesk,
                    "target": r.target,
                    "status": r.status,
                    "attempts": r.attempts,
                    "next_attempt_at": r.next_attempt_at.isoformat(),
                    "last_error": r.last_error,
                    "remote_ref": r.remote_ref,
                    "sent_at": r.sent_at.isoformat() if r.sent_at else None,
                }
                for r, helpdesk in rows
            ]
