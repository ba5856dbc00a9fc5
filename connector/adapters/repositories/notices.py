"""Notice records: each customer notice intended (or blocked) once per period and key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, func, select, update

from connector.adapters.dialects import insert_for
from connector.adapters.models import NoticeRecord, NoticeSentRow
from connector.adapters.repositories import Database

#: Read for every rerouted event, so built once: SQLAlchemy skips building the statement, its
#: cache key and the adaptation of the cached result columns when the very object comes back.
_NOTICE_RECORD = select(NoticeRecord.ticket_id, NoticeRecord.status, NoticeRecord.lang).where(
    NoticeRecord.period_id == bindparam("period_id"),
    NoticeRecord.dedup_key == bindparam("dedup_key"),
)


class NoticeRepository:
    def __init__(self, db: Database):
        self.db = db

    def notice_record(self, period_id: int, dedup_key: str) -> dict[str, Any] | None:
        with self.db.statement() as c:
            row = c.execute(
                _NOTICE_RECORD, {"period_id": period_id, "dedup_key": dedup_key}
            ).first()
            if row is None:
                return None
            return {"ticket_id": row.ticket_id, "status": row.status, "lang": row.lang}

    def notices(self, period_id: int, limit: int = 200) -> list[dict[str, Any]]:
        """The period's notice records, oldest first: the customer key (``customer:<id>`` or
        ``ticket:<id>``), the ticket it went with, its language and status."""
        with self.db.session() as s:
            rows = s.execute(
                select(NoticeRecord)
                .where(NoticeRecord.period_id == period_id)
                .order_by(NoticeRecord.id)
                .limit(limit)
            ).scalars()
            return [
                {
                    "key": r.dedup_key,
                    "ticket_id": r.ticket_id,
                    "lang": r.lang,
                    "status": r.status,
                    "at": r.at,
                }
                for r in rows
            ]

    def record_notice(
        self,
        period_id: int,
        dedup_key: str,
        ticket_id: str,
        lang: str,
        status: str,
        now: dt.datetime,
    ) -> bool:
        """Record a notice intent (or a block) once; False when one was already recorded."""
        insert = insert_for(self.db.dialect)
        with self.db.session() as s:
            res = s.execute(
                insert(NoticeRecord)
                .values(
                    period_id=period_id,
                    dedup_key=dedup_key,
                    ticket_id=ticket_id,
                    lang=lang,
                    status=status,
                    at=now,
                )
                .on_conflict_do_nothing(index_elements=["period_id", "dedup_key"])
                .returning(NoticeRecord.id)
            ).scalar_one_or_none()
            return res is not None

    def set_notice_status(self, period_id: int, dedup_key: str, status: str) -> None:
        with self.db.session() as s:
            s.execute(
                update(NoticeRecord)
                .where(NoticeRecord.period_id == period_id, NoticeRecord.dedup_key == dedup_key)
                .values(status=status)
            )

    def notice_counts(self, period_id: int) -> dict[str, int]:
        with self.db.session() as s:
            rows = s.execute(
                select(NoticeRecord.status, func.count())
                .where(NoticeRecord.period_id == period_id)
                .group_by(NoticeRecord.status)
            ).all()
            return {str(k): int(v) for k, v in rows}

    def record_sent(
        self,
        period_id: int,
        ticket_id: str,
        customer_id: str,
        sent: dict[str, str],
        now: dt.datetime,
    ) -> None:
        """Keep the notice as it was posted: ``sent`` holds its lang, subject, text and html."""
        with self.db.session() as s:
            s.add(
                NoticeSentRow(
                    period_id=period_id,
                    ticket_id=ticket_id,
                    customer_id=customer_id,
                    lang=sent["lang"],
                    subject=sent["subject"],
                    text=sent["text"],
                    html=sent["html"],
                    sent_at=now,
                )
            )

    def sent_notices(self, period_id: int, limit: int = 200) -> list[dict[str, Any]]:
        """The notices as posted in this period, oldest first."""
        with self.db.session() as s:
            rows = s.execute(
                select(NoticeSentRow)
                .where(NoticeSentRow.period_id == period_id)
                .order_by(NoticeSentRow.id)
                .limit(limit)
            ).scalars()
            return [
                {
                    "ticket_id": r.ticket_id,
                    "customer_id": r.customer_id,
                    "lang": r.lang,
                    "subject": r.subject,
                    "text": r.text,
                    "html": r.html,
                    "sent_at": r.sent_at,
                }
                for r in rows
            ]
