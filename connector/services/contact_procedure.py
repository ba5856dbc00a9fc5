"""The contact procedure, agreed and kept (issue 21, item 4).

The team lead records how contact with the employee goes in a period; saving it validates
the data (``build_procedure``), runs the privacy guard's HR policy on the two short texts,
stores it (sealed), audits which fields changed (names only, never the texts) and records
the agreement in the contact log as an automatic entry in the helpdesk's language. The next
contact due (``connector.domain.contact_procedure.next_contact_due``) is read from the
procedure and the employee's contact log; this service is also the daily word's
``NextContact`` port.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from connector import translations
from connector.domain.contact_log import Purpose
from connector.domain.contact_procedure import (
    NO_PROCEDURE,
    ContactDue,
    ContactProcedure,
    build_procedure,
    changed_fields,
    guard_procedure,
    next_contact_due,
)
from connector.domain.contact_procedure_messages import agreement_summary
from connector.domain.messages import Msg
from connector.domain.periods import Period
from connector.services.contact_log import ContactLogService
from connector.services.ports import AuditRepo, ContactProcedureRepo, PeriodRepo

Clock = Callable[[], dt.datetime]
AUDIT_ACTION = "contact_procedure_changed"


class ContactProcedureService:
    def __init__(
        self,
        procedures: ContactProcedureRepo,
        periods: PeriodRepo,
        audit: AuditRepo,
        contact_log: ContactLogService,
        clock: Clock,
        locales: Mapping[str, str],
        retention_days: int,
    ):
        self.procedures = procedures
        self.periods = periods
        self.audit = audit
        self.contact_log = contact_log
        self.clock = clock
        self.locales = locales
        self.retention_days = retention_days

    def get(self, period: Period) -> ContactProcedure | None:
        assert period.id is not None
        return self.procedures.get(period.id)

    def due(self, period: Period, now: dt.datetime) -> ContactDue:
        """The next contact due on ``now``'s local day in the period's time zone."""
        procedure = self.get(period)
        if procedure is None:
            return NO_PROCEDURE
        tz = ZoneInfo(period.timezone)
        contacts = [
            e for e, _by in self.contact_log.log.entries([period.helpdesk], period.employee_email)
        ]
        return next_contact_due(procedure, contacts, now.astimezone(tz).date(), tz)

    def next_contact_for(self, period_id: int, now: dt.datetime) -> ContactDue | None:
        """The daily word's ``NextContact`` port: None when no procedure is agreed."""
        period = self.periods.get_period(period_id)
        if period is None:
            return None
        due = self.due(period, now)
        return None if due is NO_PROCEDURE else due

    def save(
        self, period: Period, data: Mapping[str, Any], actor: str, default_by_whom: str
    ) -> ContactProcedure:
        """Agree or change the procedure; ``ValidationFailed`` names each bad field (nothing
        changes then)."""
        assert period.id is not None
        now = self.clock()
        today = now.astimezone(ZoneInfo(period.timezone)).date()
        old = self.get(period)
        procedure = build_procedure(data, today=today, default_by_whom=default_by_whom)
        if old is not None and (old.every, old.unit) == (procedure.every, procedure.unit):
            # The rhythm stays: a changed channel or text does not restart the interval.
            procedure = dataclasses.replace(procedure, agreed_on=old.agreed_on)
        names = (period.employee_name, period.replacement_name, period.helpdesk)
        guard_procedure(procedure, [n for n in names if n])
        changed = changed_fields(old, procedure)
        if not changed:
            return old or procedure
        self.procedures.put(period.id, procedure, actor, now)
        self.audit.audit(
            now,
            period.helpdesk,
            AUDIT_ACTION,
            period_id=period.id,
            actor=actor,
            reason=Msg("fields: %(fields)s", fields=", ".join(changed)),
        )
        lang = self.locales.get(period.helpdesk, "en")
        self.contact_log.record_fact(
            period,
            agreement_summary(
                procedure,
                period.employee_name or period.employee_email,
                lang,
                translations.translator(lang),
            ),
            f"procedure:{period.id}:{now.isoformat()}",
            purpose=Purpose.PRACTICAL_ARRANGEMENT,
        )
        return procedure

    def purge(self, now: dt.datetime, *, dry_run: bool = False) -> int:
        """With the contact log's copies: procedures of periods ended past retention."""
        return self.procedures.purge(now - dt.timedelta(days=self.retention_days), dry_run=dry_run)
