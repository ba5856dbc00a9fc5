"""The notifications queue: rows recorded with the audit row that caused them, claimed with a
lease, retried with backoff, ended as ``sent`` or ``failed`` (never deleted silently)."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from connector.adapters.dialects import insert_for
from connector.adapters.models import HrOutboxRow, InboxEvent, NotificationRow, PeriodRow
from connector.adapters.store import Store, period_from_row
from connector.domain.periods import Period
from connector.domain.records import NotificationItem

PENDING, PROCESSING, SENT, FAILED = "pending", "processing", "sent", "failed"
MAX_TICKETS = 20  # ticket ids a message lists; the count says how many there were


class NotificationStore:
    def __init__(self, store: Store):
        self.store = store

    def transaction(self) -> AbstractContextManager[Session]:
        """A session of its own, for an alert raised outside an audit row's transaction."""
        return self.store.session()

    # -- what an alert needs to know, read in the audit row's own transaction ---------------
    @staticmethod
    def event_in(s: Session, event_id: int) -> tuple[str, str] | None:
        """(event type, payload) of an inbox event, or None."""
        row = s.get(InboxEvent, event_id)
        return None if row is None else (row.event_type, row.payload)

    @staticmethod
    def periods_in(s: Session, helpdesk: str) -> list[Period]:
        rows = s.execute(select(PeriodRow).where(PeriodRow.helpdesk == helpdesk)).scalars()
        return [period_from_row(p) for p in rows]

    @staticmethod
    def period_in(s: Session, period_id: int) -> Period | None:
        row = s.get(PeriodRow, period_id)
        return None if row is None else period_from_row(row)

    def record(
        self,
        s: Session,
        *,
        dedup_key: str,
        rows: list[dict[str, Any]],
        now: dt.datetime,
        window: dt.timedelta,
        ticket_id: str | None,
        each_time: list[dict[str, Any]] | None = None,
    ) -> bool:
        """Add ``rows`` (one per channel and recipient) as a new episode of ``dedup_key``, or
        fold this occurrence into the open episode (within ``window`` of its start): counted,
        its ticket listed, nothing new sent. ``each_time`` rows (a note on this occurrence's
        own ticket) are added either way, once per recipient and episode. True when a new
        episode began."""
        latest = s.execute(
            select(NotificationRow.episode, func.min(NotificationRow.created_at))
            .where(NotificationRow.dedup_key == dedup_key)
            .group_by(NotificationRow.episode)
            .order_by(NotificationRow.episode.desc())
            .limit(1)
        ).first()
        if latest is not None and latest[1] > now - window:
            self._fold(s, dedup_key, latest[0], ticket_id)
            self._insert(s, dedup_key, latest[0], each_time or [], now)
            return False
        episode = (latest[0] + 1) if latest is not None else 1
        self._insert(s, dedup_key, episode, [*rows, *(each_time or [])], now)
        return True

    def _insert(
        self,
        s: Session,
        dedup_key: str,
        episode: int,
        rows: list[dict[str, Any]],
        now: dt.datetime,
    ) -> None:
        insert = insert_for(self.store.dialect)
        for row in rows:
            s.execute(
                insert(NotificationRow)
                .values(
                    dedup_key=dedup_key,
                    episode=episode,
                    status=PENDING,
                    attempts=0,
                    occurrences=1,
                    next_attempt_at=now,
                    created_at=now,
                    **row,
                )
                .on_conflict_do_nothing(
                    index_elements=["dedup_key", "episode", "channel", "recipient"]
                )
            )

    def _fold(self, s: Session, dedup_key: str, episode: int, ticket_id: str | None) -> None:
        rows = s.execute(
            select(NotificationRow)
            .where(NotificationRow.dedup_key == dedup_key, NotificationRow.episode == episode)
            .with_for_update()
        ).scalars()
        for row in rows:
            row.occurrences += 1
            tickets = list(row.facts.get("tickets") or [])
            if ticket_id and ticket_id not in tickets and len(tickets) < MAX_TICKETS:
                row.facts = {**row.facts, "tickets": [*tickets, ticket_id]}

    def claim(self, now: dt.datetime, lease_seconds: int) -> NotificationItem | None:
        """Take one due row (compare-and-set: two workers never take the same one, also on
        SQLite where ``FOR UPDATE`` is not available)."""
        due = or_(
            (NotificationRow.status == PENDING) & (NotificationRow.next_attempt_at <= now),
            (NotificationRow.status == PROCESSING) & (NotificationRow.locked_until < now),
        )
        with self.store.session() as s:
            for _ in range(5):
                cand = s.execute(
                    select(NotificationRow.id)
                    .where(due)
                    .order_by(NotificationRow.next_attempt_at, NotificationRow.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                ).first()
                if cand is None:
                    return None
                taken = s.execute(
                    update(NotificationRow)
                    .where(NotificationRow.id == cand.id, due)
                    .values(
                        status=PROCESSING,
                        locked_until=now + dt.timedelta(seconds=lease_seconds),
                        attempts=NotificationRow.attempts + 1,
                    )
                )
                if taken.rowcount == 1:  # type: ignore[attr-defined]
                    row = s.get_one(NotificationRow, cand.id)
                    return NotificationItem(
                        row.id,
                        row.kind,
                        row.channel,
                        row.recipient,
                        row.helpdesk,
                        row.period_id,
                        row.ticket_id,
                        row.locale,
                        dict(row.facts),
                        row.occurrences,
                        row.attempts,
                    )
        return None

    def _set(self, item_id: int, **values: Any) -> None:
        with self.store.session() as s:
            s.execute(update(NotificationRow).where(NotificationRow.id == item_id).values(**values))

    def sent(self, item_id: int, now: dt.datetime) -> None:
        self._set(item_id, status=SENT, sent_at=now, locked_until=None, last_error=None)

    def retry_later(self, item_id: int, when: dt.datetime, error: str) -> None:
        self._set(
            item_id,
            status=PENDING,
            next_attempt_at=when,
            last_error=error[:2000],
            locked_until=None,
        )

    def failed(self, item_id: int, error: str) -> None:
        self._set(item_id, status=FAILED, last_error=error[:2000], locked_until=None)

    def rows(self) -> list[dict[str, Any]]:
        """Every notification, oldest first (for the API, the tests and the metrics)."""
        with self.store.session() as s:
            found = s.execute(select(NotificationRow).order_by(NotificationRow.id)).scalars()
            return [
                {c.name: getattr(r, c.name) for c in NotificationRow.__table__.columns}
                for r in found
            ]

    def stats(self, now: dt.datetime) -> dict[str, Any]:
        with self.store.session() as s:
            counts = dict(
                s.execute(
                    select(NotificationRow.status, func.count()).group_by(NotificationRow.status)
                ).all()
            )
            oldest = s.execute(
                select(func.min(NotificationRow.created_at)).where(
                    NotificationRow.status.in_((PENDING, PROCESSING))
                )
            ).scalar()
        age = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
        return {"counts": counts, "oldest_age_seconds": age}


def hr_outbox_stats(store: Store, now: dt.datetime) -> dict[str, Any]:
    """HR deliveries by status, and the age of the oldest one not yet delivered."""
    with store.session() as s:
        counts = dict(
            s.execute(select(HrOutboxRow.status, func.count()).group_by(HrOutboxRow.status)).all()
        )
        oldest = s.execute(
            select(func.min(HrOutboxRow.created_at)).where(
                HrOutboxRow.status.in_(("pending", "processing"))
            )
        ).scalar()
    age = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
    return {"counts": counts, "oldest_age_seconds": age}
