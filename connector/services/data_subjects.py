"""An employee's rights: everything Stand-in holds about them, readable; and erasure.

Export: their periods (as the employee, each with its contact procedure), the audit of
those periods, their contact-log entries, the HR deliveries of those entries and who read
them — as JSON and as a PDF. The export is itself a read of the contact log and is
recorded in its access log.
Erasure (when the law requires it): ``erase`` deletes all of it; ``anonymise`` keeps the
periods and their audit as numbers under a pseudonym, without name, address or free text.
The HR system keeps its own copies: it is told nothing here. The audit records that an
erasure happened, by whom and how much — not what or whose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from connector.domain.contact_log import ENUM_LABELS, ReadVia, entry_to_dict
from connector.domain.contact_procedure import procedure_from_dict, procedure_to_dict
from connector.domain.contact_procedure_messages import agreement_summary
from connector.domain.messages import LIST, N_, Msg, joined
from connector.domain.periods import Period
from connector.domain.records import ErasureMode
from connector.errors import NotFound, ValidationFailed
from connector.reports import table_pdf
from connector.services.contact_log import ContactLogService
from connector.services.exports import WORDS, action_label, audit_reason_text
from connector.services.ports import (
    AccessLogRepo,
    AuditRepo,
    ContactProcedureRepo,
    DataSubjectRepo,
    PeriodRepo,
)
from connector.translations import format_moment, format_number, gettext

Clock = Callable[[], dt.datetime]


class DataSubjects:
    def __init__(
        self,
        periods: PeriodRepo,
        audit: AuditRepo,
        data: DataSubjectRepo,
        contact_log: ContactLogService,
        access_log: AccessLogRepo,
        clock: Clock,
        procedures: ContactProcedureRepo | None = None,
    ):
        self.procedures = procedures
        self.periods = periods
        self.audit_log = audit
        self.data = data
        self.contact_log = contact_log
        self.access_log = access_log
        self.clock = clock

    def export(self, helpdesks: Sequence[str] | None, email: str, actor: str) -> dict[str, Any]:
        email = email.strip().lower()
        ids = self.data.period_ids(helpdesks, email)
        replaced = self.data.replaced_periods(helpdesks, email)
        entries = [e for e, _by in self.contact_log.log.entries(helpdesks, email)]
        if not ids and not entries and not replaced:
            raise NotFound(Msg("Stand-in holds nothing about %(email)s", email=email))
        all_periods = self.periods.periods(helpdesks)
        periods = [p for p in all_periods if p.id in set(ids)]
        audit = [
            r
            for pid in ids
            for r in self.audit_log.audit_records(helpdesks, period_id=pid, limit=100_000)
        ]
        # As a replacement (the first or an extra one): the periods' dates and what the
        # balancing gave them, and the audit rows naming them; not the employee's own data.
        audit += [
            r
            for pid, agent_id in replaced.items()
            if pid not in set(ids)
            for r in self.audit_log.audit_records(helpdesks, period_id=pid, limit=100_000)
            if agent_id in (r.get("from_agent"), r.get("to_agent"))
        ]
        as_replacement = [
            _as_replacement(p, replaced[p.id])
            for p in all_periods
            if p.id in replaced and p.id not in set(ids)
        ]
        deliveries = self.contact_log.deliveries([e.id for e in entries], helpdesks)
        reads = self.access_log.reads(helpdesks, email, limit=100_000)
        now = self.clock()
        for helpdesk in sorted({e.helpdesk for e in entries}):
            self.access_log.record(
                now,
                actor,
                ReadVia.EXPORT,
                helpdesk,
                email,
                [e.id for e in entries if e.helpdesk == helpdesk],
            )
        return {
            "employee": email,
            "exported_at": now.isoformat(),
            "exported_by": actor,
            "periods": [
                {
                    "id": p.id,
                    "helpdesk": p.helpdesk,
                    "employee": {"email": p.employee_email, "name": p.employee_name},
                    "replacement": {"email": p.replacement_email, "name": p.replacement_name},
                    "starts_at": p.starts_at.isoformat(),
                    "ends_at": p.ends_at.isoformat() if p.ends_at is not None else None,
                    "ended_early_at": p.ended_early_at.isoformat() if p.ended_early_at else None,
                    "timezone": p.timezone,
                    "scope": p.scope,
                    "phases": p.phases,
                    "created_by": p.created_by,
                    "contact_procedure": self._procedure(p.id),
                }
                for p in periods
            ],
            "periods_as_replacement": as_replacement,
            "audit": audit,
            "contact_log": [_jsonable(entry_to_dict(e)) for e in entries],
            "hr_deliveries": [
                {k: _jsonable(v) for k, v in row.items()}
                for rows in deliveries.values()
                for row in rows
            ],
            "contact_log_reads": [
                {
                    "at": r.at.isoformat(),
                    "by": r.actor,
                    "via": r.via.value,
                    "entries": list(r.entry_ids),
                }
                for r in reads
            ],
        }

    def _procedure(self, period_id: int | None) -> dict[str, Any] | None:
        """The period's contact procedure (issue 21, item 4), as agreed; None without one."""
        if self.procedures is None or period_id is None:
            return None
        procedure = self.procedures.get(period_id)
        return procedure_to_dict(procedure) if procedure else None

    def erase(
        self, helpdesks: Sequence[str] | None, email: str, mode: str, confirm: str, actor: str
    ) -> dict[str, int]:
        email = email.strip().lower()
        errors: dict[str, list[str]] = {}
        if mode not in {m.value for m in ErasureMode}:
            errors["mode"] = [N_("must be erase or anonymise")]
        if confirm.strip().lower() != email:
            errors["confirm"] = [N_("must repeat the employee's e-mail address exactly")]
        if errors:
            raise ValidationFailed(errors)
        ids = self.data.period_ids(helpdesks, email)
        replaced = self.data.replaced_periods(helpdesks, email)
        entries = self.contact_log.log.entries(helpdesks, email)
        if not ids and not entries and not replaced:
            raise NotFound(Msg("Stand-in holds nothing about %(email)s", email=email))
        running = self.data.running([*ids, *replaced])
        if running:
            raise ValidationFailed(
                {
                    "employee": [
                        Msg("period %(id)s still runs: end it before erasing", id=running[0])
                    ]
                }
            )
        counts = self.data.erase(helpdesks, email, ids, ErasureMode(mode), replaced)
        helpdesk = (helpdesks or ["*"])[0] if len(helpdesks or []) == 1 else "*"
        self.audit_log.audit(
            self.clock(),
            helpdesk,
            "data_subject_erased" if mode == "erase" else "data_subject_anonymised",
            actor=actor,
            reason=joined([Msg("%(what)s: %(n)s", what=k, n=v) for k, v in counts.items()], LIST),
        )
        return counts


def _as_replacement(p: Period, agent_id: str) -> dict[str, Any]:
    """A period in which the person replaced someone: whose it is stays out (the employee's
    data), what concerns the replacement is in (dates, what the balancing gave them)."""
    entry = next((r for r in p.replacements if str(r.get("id")) == agent_id), None)
    email, name = (
        (p.replacement_email, p.replacement_name)
        if entry is None
        else (str(entry.get("email") or ""), str(entry.get("name") or ""))
    )
    state = p.state.get("balance") or {}
    return {
        "id": p.id,
        "helpdesk": p.helpdesk,
        "replacement": {"email": email, "name": name, "id": agent_id},
        "first_replacement": entry is None,
        "starts_at": p.starts_at.isoformat(),
        "ends_at": p.ends_at.isoformat() if p.ends_at else None,
        "ended_early_at": p.ended_early_at.isoformat() if p.ended_early_at else None,
        "timezone": p.timezone,
        "balanced_to_them": int((state.get("counts") or {}).get(agent_id, 0)),
        "customers_told_about_them": sum(
            1 for v in (state.get("customers") or {}).values() if v == agent_id
        ),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


#: The export's words (msgids; said in the reader's language from the message catalogues).
PDF_WORDS = {
    "title": N_("Everything Stand-in holds about %(who)s"),
    "footer": N_("Exported %(at)s by %(by)s. Times in each period's time zone."),
    "periods": N_("Periods"),
    "procedures": N_("Contact procedure"),
    "log": N_("Contact log"),
    "deliveries": N_("HR deliveries"),
    "audit": N_("Audit"),
    "reads": N_("Who read the contact log"),
    "period": N_("Period"),
    "helpdesk": N_("Helpdesk"),
    "replacement": N_("Replacement"),
    "starts": N_("Starts"),
    "ends": N_("Ends"),
    "agreed": N_("As agreed"),
    "entry": N_("Entry"),
    "contact": N_("Contact"),
    "purpose": N_("Purpose"),
    "summary": N_("Summary"),
    "target": N_("HR system"),
    "status": N_("Status"),
    "sent": N_("Sent"),
    "when": N_("When"),
    "action": N_("Action"),
    "ticket": N_("Ticket"),
    "reason": N_("Reason"),
    "by": N_("By"),
    "via": N_("How"),
    "entries": N_("Entries"),
    "confidential": N_("CONFIDENTIAL"),
}

#: An HR delivery's state as the reader is told it (the queue's own states are machine words).
DELIVERY_STATES = {
    "pending": N_("waiting to be sent"),
    "processing": N_("waiting to be sent"),
    "sent": N_("delivered"),
    "dead": N_("failed for good"),
}


def export_pdf(data: dict[str, Any], lang: str) -> bytes:
    """The export as a readable, confidential PDF: the same content as the JSON, every word in
    ``lang`` and every moment as a date and time in its period's time zone."""
    w = {key: gettext(lang, msgid) for key, msgid in PDF_WORDS.items()}
    open_end = gettext(lang, str(WORDS["open"]))  # no end yet: until further notice
    own = data["periods"]
    everyone = [*own, *data.get("periods_as_replacement", [])]
    zones = {p["id"]: p.get("timezone") or "UTC" for p in everyone}
    default_zone = zones[max(zones)] if zones else "UTC"

    def moment(value: Any, period_id: Any = None) -> str:
        if not value:
            return ""
        when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        return format_moment(lang, when, zones.get(period_id, default_zone))

    def enum_label(kind: str, value: Any) -> str:
        label = ENUM_LABELS.get(kind, {}).get(str(value or ""))
        return gettext(lang, label) if label else str(value or "").replace("_", " ")

    def reason(record: dict[str, Any]) -> str:
        return audit_reason_text(record, lang, zones.get(record.get("period_id"), default_zone))

    procedures = [
        [
            str(p["id"]),
            agreement_summary(
                procedure_from_dict(p["contact_procedure"]),
                p["employee"]["name"] or p["employee"]["email"],
                lang,
                lambda msgid: gettext(lang, msgid),
            ),
        ]
        for p in own
        if p.get("contact_procedure")
    ]
    sections = [
        (
            w["periods"],
            [w["period"], w["helpdesk"], w["replacement"], w["starts"], w["ends"]],
            [
                [
                    str(p["id"]),
                    p["helpdesk"],
                    p["replacement"]["name"] or p["replacement"]["email"],
                    moment(p["starts_at"], p["id"]),
                    moment(p["ends_at"], p["id"]) if p["ends_at"] else open_end,
                ]
                for p in everyone
            ],
        ),
        (w["procedures"], [w["period"], w["agreed"]], procedures),
        (
            w["log"],
            [w["entry"], w["contact"], w["purpose"], w["summary"]],
            [
                [
                    e["id"][:8],
                    moment(e.get("contact_at"), e.get("period_id")),
                    enum_label("Purpose", e.get("purpose")),
                    e.get("summary", ""),
                ]
                for e in data["contact_log"]
            ],
        ),
        (
            w["deliveries"],
            [w["entry"], w["target"], w["status"], w["sent"]],
            [
                [
                    str(d.get("entry_id", ""))[:8],
                    d.get("target", ""),
                    gettext(lang, DELIVERY_STATES.get(d.get("status", ""), d.get("status", ""))),
                    moment(d.get("sent_at")),
                ]
                for d in data["hr_deliveries"]
            ],
        ),
        (
            w["audit"],
            [w["when"], w["action"], w["ticket"], w["reason"]],
            [
                [
                    moment(r["at"], r.get("period_id")),
                    action_label(r["action"], lang),
                    r.get("ticket_id") or "",
                    reason(r),
                ]
                for r in data["audit"]
            ],
        ),
        (
            w["reads"],
            [w["when"], w["by"], w["via"], w["entries"]],
            [
                [
                    moment(r["at"]),
                    r["by"],
                    gettext(lang, r["via"]),
                    format_number(lang, len(r["entries"])),
                ]
                for r in data["contact_log_reads"]
            ],
        ),
    ]
    return table_pdf(
        w["title"] % {"who": data["employee"]},
        [w["footer"] % {"at": moment(data["exported_at"]), "by": data["exported_by"]}],
        sections,
        confidential=w["confidential"],
    )
