"""The leases of one table per kind of job, by holder: the ``LeaseHolders`` port.

Inbox events and HR deliveries are ``LeaseQueue`` rows (``locked_by``, ``locked_until``);
periods hold their lease in ``lease_owner`` and ``lease_until``. The heartbeat of each
process (``connector.leases``) renews the leases its process works on and frees those of
processes that are gone, through this class only; it is built in ``connector.wiring``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from connector.adapters.lease_queue import LeaseQueue
from connector.adapters.models import PeriodRow
from connector.adapters.repositories import Database


class ProcessLeases:
    """Implements ``connector.services.ports.LeaseHolders`` over the inbox queue, the HR
    outbox queue and the period rows, all on ``db``'s engine."""

    def __init__(self, db: Database, inbox: LeaseQueue[Any], hr_outbox: LeaseQueue[Any]):
        self.db = db
        self.queues = (inbox, hr_outbox)

    def renew(
        self,
        prefix: str,
        now: dt.datetime,
        *,
        events: Sequence[int],
        event_until: dt.datetime,
        deliveries: Sequence[int],
        delivery_until: dt.datetime,
        periods: Sequence[int],
        period_until: dt.datetime,
    ) -> int:
        inbox, hr_outbox = self.queues
        with self.db.session() as s:
            renewed = inbox.renew(events, prefix, event_until, s)
            renewed += hr_outbox.renew(deliveries, prefix, delivery_until, s)
            renewed += self._renew_periods(s, periods, prefix, now, period_until)
        return renewed

    @staticmethod
    def _renew_periods(
        s: Session, ids: Sequence[int], prefix: str, now: dt.datetime, until: dt.datetime
    ) -> int:
        if not ids:
            return 0
        like = prefix.replace("%", r"\%").replace("_", r"\_") + "%"
        res = s.execute(
            update(PeriodRow)
            .where(
                PeriodRow.id.in_(list(ids)),
                PeriodRow.lease_owner.like(like, escape="\\"),
                PeriodRow.lease_until >= now,
            )
            .values(lease_until=until)
        )
        return int(res.rowcount)  # type: ignore[attr-defined]

    def holders(self, now: dt.datetime) -> set[str]:
        with self.db.session() as s:
            found: set[str] = set()
            for q in self.queues:
                found |= q.holders(s)
            periods = s.execute(select(PeriodRow.lease_owner).where(PeriodRow.lease_until >= now))
            found |= {h for h in periods.scalars() if h}
        return found

    def expire_holder(self, holder: str, gone: dt.datetime) -> int:
        with self.db.session() as s:
            freed = sum(q.expire_holder(holder, gone, s) for q in self.queues)
            res = s.execute(
                update(PeriodRow).where(PeriodRow.lease_owner == holder).values(lease_until=gone)
            )
            freed += int(res.rowcount)  # type: ignore[attr-defined]
        return freed
