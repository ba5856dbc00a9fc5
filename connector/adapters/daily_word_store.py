"""The daily word's facts (audit rows, notices) and its sent-markers (``daily_words``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from connector.adapters.models import (
    AuditRecord,
    DailyWordSentRow,
    DailyWordSettingRow,
    NoticeRecord,
)
from connector.adapters.store import Store
from connector.domain.daily_word import OVERRIDES, DayFacts, Phase, TicketFact
from connector.domain.periods import Period
from connector.domain.scope import phases_of

MOVED = ("rerouted",)
NOT_MOVED = ("not_assigned_kept", "not_assigned_unowned", "not_rerouted")
DEAD = ("dead_lettered",)
PENDING, SENT, BLOCKED, FAILED, SKIPPED = "pending", "sent", "blocked", "failed", "skipped"
OUTSTANDING = dt.timedelta(days=7)  # how far back "could not be moved" and dead letters reach


class DailyWordStore:
    def __init__(self, store: Store):
        self.store = store

    # -- facts ---------------------------------------------------------------------------
    def facts(self, period: Period, now: dt.datetime) -> DayFacts:
        assert period.id is not None
        since = now - OUTSTANDING
        with self.store.session() as s:
            audit = (
                s.execute(
                    select(AuditRecord)
                    .where(
                        or_(
                            AuditRecord.period_id == period.id,
                            (AuditRecord.period_id.is_(None))
                            & (AuditRecord.helpdesk == period.helpdesk)
                            & AuditRecord.action.in_(DEAD),
                        ),
                        AuditRecord.action.in_(MOVED + NOT_MOVED + DEAD),
                        AuditRecord.at < now,
                    )
                    .order_by(AuditRecord.at)
                )
                .scalars()
                .all()
            )
            notices = (
                s.execute(
                    select(NoticeRecord).where(
                        NoticeRecord.period_id == period.id,
                        NoticeRecord.status == SENT,
                        NoticeRecord.at >= now - dt.timedelta(days=1),
                    )
                )
                .scalars()
                .all()
            )
        moved = [r for r in audit if r.action in MOVED]
        moved_later = {r.ticket_id: r.at for r in moved}

        def fact(r: Any) -> TicketFact:
            return TicketFact(r.ticket_id or "", r.at, event_id=str(r.event_id or ""))

        not_moved = {
            r.ticket_id: fact(r)
            for r in audit
            if r.action in NOT_MOVED
            and r.at >= since
            and r.ticket_id
            and moved_later.get(r.ticket_id, r.at) <= r.at
        }
        return DayFacts(
            moved=tuple(fact(r) for r in moved if r.at >= now - dt.timedelta(days=1)),
            customers_told=tuple(TicketFact(n.ticket_id, n.at) for n in notices),
            not_moved=tuple(not_moved.values()),
            dead_letters=tuple(fact(r) for r in audit if r.action in DEAD and r.at >= since),
            moved_total=len({r.ticket_id for r in moved}),
            phases=tuple(Phase(p.index + 1, p.starts_at) for p in phases_of(period)),
        )

    # -- sent-markers --------------------------------------------------------------------
    def mark(
        self, period_id: int, recipient: str, day: dt.date, channel: str, now: dt.datetime
    ) -> dict[str, Any] | None:
        """The marker of this word, created pending if new; None when it needs nothing now
        (sent, blocked, given up, or waiting for its next attempt)."""
        key = (
            DailyWordSentRow.period_id == period_id,
            DailyWordSentRow.recipient == recipient,
            DailyWordSentRow.day == day.isoformat(),
        )
        with self.store.session() as s:
            row = s.execute(select(DailyWordSentRow).where(*key)).scalar_one_or_none()
            if row is not None:
                due = row.status == PENDING and row.next_attempt_at <= now
                return {"id": row.id, "attempts": row.attempts} if due else None
        try:
            with self.store.session() as s:
                row = DailyWordSentRow(
                    period_id=period_id,
                    recipient=recipient,
                    day=day.isoformat(),
                    channel=channel,
                    status=PENDING,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
                s.add(row)
                s.flush()
                return {"id": row.id, "attempts": 0}
        except IntegrityError:  # another scheduler run made it first: that run sends it
            return None

    def _set(self, marker_id: int, **values: Any) -> None:
        with self.store.session() as s:
            s.execute(
                update(DailyWordSentRow).where(DailyWordSentRow.id == marker_id).values(**values)
            )

    def sent(self, marker_id: int, now: dt.datetime) -> None:
        self._set(marker_id, status=SENT, sent_at=now, attempts=DailyWordSentRow.attempts + 1)

    def skipped(self, marker_id: int) -> None:
        """Nothing to say today (the replacement's word on a day without news)."""
        self._set(marker_id, status=SKIPPED)

    def blocked(self, marker_id: int, error: str) -> None:
        self._set(marker_id, status=BLOCKED, last_error=error)

    def retry_later(self, marker_id: int, when: dt.datetime, error: str) -> None:
        self._set(
            marker_id,
            next_attempt_at=when,
            last_error=error,
            attempts=DailyWordSentRow.attempts + 1,
        )

    def failed(self, marker_id: int, error: str) -> None:
        self._set(
            marker_id, status=FAILED, last_error=error, attempts=DailyWordSentRow.attempts + 1
        )

    def rows(self, period_id: int | None = None) -> list[dict[str, Any]]:
        with self.store.session() as s:
            q = select(DailyWordSentRow).order_by(DailyWordSentRow.id)
            if period_id is not None:
                q = q.where(DailyWordSentRow.period_id == period_id)
            return [
                {
                    "period_id": r.period_id,
                    "recipient": r.recipient,
                    "day": r.day,
                    "channel": r.channel,
                    "status": r.status,
                    "attempts": r.attempts,
                    "last_error": r.last_error,
                }
                for r in s.execute(q).scalars()
            ]

    # -- per-period settings (null: the default) ------------------------------------------
    def overrides(self, period_id: int) -> dict[str, Any]:
        with self.store.session() as s:
            row = s.get(DailyWordSettingRow, period_id)
            if row is None:
                return dict.fromkeys(OVERRIDES)
            return {key: getattr(row, key) for key in OVERRIDES}

    def set_overrides(self, period_id: int, values: dict[str, Any]) -> None:
        with self.store.session() as s:
            row = s.get(DailyWordSettingRow, period_id)
            if row is None:
                row = DailyWordSettingRow(period_id=period_id)
                s.add(row)
            for key in OVERRIDES:
                setattr(row, key, values.get(key))
