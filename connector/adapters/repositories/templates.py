"""Notice templates: versions per helpdesk, kind, variant and language; one active."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update

from connector.adapters.models import NoticeTemplateRow
from connector.adapters.repositories import Database


class TemplateRepository:
    def __init__(self, db: Database):
        self.db = db

    def add_template(self, fields: dict[str, Any], actor: str, now: dt.datetime) -> dict[str, Any]:
        key = {k: fields[k] for k in ("helpdesk", "kind", "variant", "lang")}
        with self.db.session() as s:
            latest = s.execute(
                select(func.max(NoticeTemplateRow.version)).filter_by(**key)
            ).scalar_one_or_none()
            row = NoticeTemplateRow(
                **key,
                version=(latest or 0) + 1,
                subject=fields["subject"],
                text=fields["text"],
                html=fields.get("html") or "",
                fields=dict(fields["fields"]) if fields.get("fields") else None,
                active=False,
                created_by=actor,
                created_at=now,
            )
            s.add(row)
            s.flush()
            return _template_dict(row)

    def templates(self, helpdesks: Sequence[str] | None) -> list[dict[str, Any]]:
        with self.db.session() as s:
            q = select(NoticeTemplateRow).order_by(NoticeTemplateRow.id)
            if helpdesks is not None:
                q = q.where(NoticeTemplateRow.helpdesk.in_(helpdesks))
            return [_template_dict(r) for r in s.execute(q).scalars()]

    def template(self, template_id: int) -> dict[str, Any] | None:
        with self.db.session() as s:
            row = s.get(NoticeTemplateRow, template_id)
            return _template_dict(row) if row else None

    def activate_template(self, template_id: int) -> dict[str, Any]:
        """Make one version active; the others of its helpdesk, kind, variant and language not."""
        with self.db.session() as s:
            row = s.get_one(NoticeTemplateRow, template_id)
            s.execute(
                update(NoticeTemplateRow)
                .where(
                    NoticeTemplateRow.helpdesk == row.helpdesk,
                    NoticeTemplateRow.kind == row.kind,
                    NoticeTemplateRow.variant == row.variant,
                    NoticeTemplateRow.lang == row.lang,
                )
                .values(active=False)
            )
            row.active = True
            s.flush()
            return _template_dict(row)

    def active_template(
        self, helpdesk: str, kind: str, variant: str, lang: str
    ) -> dict[str, Any] | None:
        with self.db.session() as s:
            row = s.execute(
                select(NoticeTemplateRow).filter_by(
                    helpdesk=helpdesk, kind=kind, variant=variant, lang=lang, active=True
                )
            ).scalar_one_or_none()
            return _template_dict(row) if row else None


def _template_dict(row: NoticeTemplateRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "helpdesk": row.helpdesk,
        "kind": row.kind,
        "variant": row.variant,
        "lang": row.lang,
        "version": row.version,
        "subject": row.subject,
        "text": row.text,
        "html": row.html,
        "fields": dict(row.fields) if row.fields else None,
        "mode": "plain" if row.fields else "advanced",
        "active": row.active,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
    }
