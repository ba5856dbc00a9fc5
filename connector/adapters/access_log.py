"""The contact log's access log: every read of entries by a person (API, page, export)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from connector.adapters.models import ContactLogRead
from connector.adapters.store import Store
from connector.domain.contact_log import Read, ReadVia


class AccessLog:
    def __init__(self, store: Store):
        self.store = store

    def record(
        self,
        at: dt.datetime,
        actor: str,
        via: ReadVia,
        helpdesk: str,
        employee_email: str,
        entry_ids: Sequence[str],
    ) -> None:
        """One read; nothing is recorded when no entry was shown."""
        if not entry_ids:
            return
        with self.store.session() as s:
            s.add(
                ContactLogRead(
                    at=at,
                    actor=actor,
                    via=via.value,
                    helpdesk=helpdesk,
                    employee_email=employee_email.lower(),
                    entry_ids=list(entry_ids),
                )
            )

    def reads(
        self,
        helpdesks: Sequence[str] | None,
        employee_email: str | None = None,
        limit: int = 500,
    ) -> list[Read]:
        """Newest first."""
        with self.store.session() as s:
            q = select(ContactLogRead)
            if helpdesks is not None:
                q = q.where(ContactLogRead.helpdesk.in_(helpdesks))
            if employee_email:
                q = q.where(ContactLogRead.employee_email == employee_email.lower())
            rows = s.execute(
                q.order_by(ContactLogRead.at.desc(), ContactLogRead.id.desc()).limit(limit)
            ).scalars()
            return [
                Read(
                    r.at,
                    r.actor,
                    ReadVia(r.via),
                    r.helpdesk,
                    r.employee_email,
                    tuple(r.entry_ids),
                )
                for r in rows
            ]
