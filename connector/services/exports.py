"""What people take away: a period's audit as CSV or PDF, in the reader's language and the
period's time zone.

Column names and the names of actions are msgids below, said in nl, fr, de or en from the
message catalogues; a reason is said from the msgid and values kept with it
(``audit.reason_msg``), an older one by its English text when that is itself a msgid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from connector.domain.messages import from_record
from connector.domain.periods import Period, zone
from connector.reports import csv_bytes, table_pdf
from connector.translations import C_, N_, format_moment, gettext, pgettext, say

LANGUAGES = ("nl", "fr", "de", "en")

#: The export's words (msgids; said in the reader's language from the message catalogues).
WORDS: dict[str, str | tuple[str, str]] = {
    "title": N_("Audit of period %(id)s"),
    "period": N_("%(employee)s → %(replacement)s, %(start)s – %(end)s (%(tz)s)"),
    "times": N_("Times in %(tz)s. Exported %(now)s."),
    "when": N_("When"),
    "action": N_("Action"),
    "ticket": N_("Ticket"),
    "from": C_("audit column: the agent a ticket came from", "From"),
    "to": C_("audit column: the agent a ticket went to", "To"),
    "reason": N_("Reason"),
    "by": N_("By"),
    "confidential": N_("CONFIDENTIAL"),
    "open": N_("until further notice"),
}

#: How an audit action is named to a person (the export and the period page). Every action the
#: connector records has a name here (tests/test_audit_actions.py finds them in the code).
ACTIONS: dict[str, str] = {
    "rerouted": N_("rerouted"),
    "skipped": N_("left as is"),
    "escalated": N_("to the fallback agent"),
    "reroute_failed": N_("could not reroute"),
    "notice_blocked": N_("notice held back"),
    "dead_lettered": N_("failed for good"),
    "period_created": N_("period set"),
    "period_changed": N_("period changed"),
    "period_ended": N_("period ended"),
    "start_move": N_("open tickets moved"),
    "start_moved": N_("open tickets moved"),
    "swept": N_("missed tickets picked up"),
    "replacement_moved": N_("moved to the new replacement"),
    "replacement_check": N_("replacement checked"),
    "handed_back": N_("handed back"),
    "phase_handed_back": N_("handed back as a phase began"),
    "handback_failed": N_("could not hand back"),
    "handback_fallback": N_("handed to the fallback agent instead"),
    # a ticket the helpdesk refused to move, and what became of it
    "not_assigned_fallback": N_("refused; the fallback agent took it"),
    "not_assigned_kept": N_("refused; it stayed where it was"),
    "not_assigned_unowned": N_("refused; nobody could take it"),
    # the employee's out-of-office in the helpdesk
    "availability_set": N_("out-of-office set"),
    "availability_cleared": N_("out-of-office cleared"),
    "availability_failed": N_("out-of-office could not be set"),
    # a period's jobs that the helpdesk kept from running (retried) or that failed for good
    "start_postponed": N_("start postponed"),
    "start_failed": N_("start failed"),
    "sweep_postponed": N_("check for missed tickets postponed"),
    "sweep_failed": N_("check for missed tickets failed"),
    "end_postponed": N_("end postponed"),
    "end_failed": N_("end failed"),
    "replacement_postponed": N_("change of replacement postponed"),
    "replacement_failed": N_("change of replacement failed"),
    "phase_postponed": N_("phase change postponed"),
    "phase_failed": N_("phase change failed"),
    "template_saved": N_("notice saved"),
    "template_activated": N_("notice version put in use"),
    "contact_procedure_changed": N_("contact procedure changed"),
    "daily_word_sent": N_("daily word sent"),
    "daily_word_blocked": N_("daily word held back"),
    "daily_word_failed": N_("daily word not sent"),
    "daily_word_settings_changed": N_("daily word settings changed"),
    "notification_failed": N_("team lead could not be told"),
    "data_subject_erased": N_("employee's data erased"),
    "data_subject_anonymised": N_("employee's data anonymised"),
}


def pick_language(wanted: str | None, accept: Any = None) -> str:
    """``wanted`` if supported, else the best of the Accept-Language header, else English."""
    if wanted in LANGUAGES:
        return wanted
    if accept is not None:
        best = accept.best_match(LANGUAGES)
        if best:
            return str(best)
    return "en"


def action_label(action: str, lang: str) -> str:
    name = ACTIONS.get(action)
    return gettext(lang, name) if name else action.replace("_", " ")


def audit_export(
    period: Period,
    records: Sequence[Mapping[str, Any]],
    lang: str,
    now: dt.datetime,
    fmt: str,
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of a period's audit, oldest first."""
    w = {
        key: pgettext(lang, *msgid) if isinstance(msgid, tuple) else gettext(lang, msgid)
        for key, msgid in WORDS.items()
    }
    tz = zone(period.timezone)

    def local(moment: dt.datetime) -> str:
        # CSV: sortable "2026-12-01 00:30" for spreadsheets; PDF: as a person reads it (Babel)
        if fmt == "pdf":
            return format_moment(lang, moment, period.timezone)
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    headers = [w[k] for k in ("when", "action", "ticket", "from", "to", "reason", "by")]
    rows = [
        [
            local(dt.datetime.fromisoformat(r["at"])),
            action_label(r["action"], lang),
            r.get("ticket_id") or "",
            r.get("from_agent") or "",
            r.get("to_agent") or "",
            audit_reason_text(r, lang, period.timezone),
            r.get("actor") or "",
        ]
        for r in sorted(records, key=lambda r: (r["at"], r["id"]))
    ]
    name = f"audit-period-{period.id}"
    if fmt == "csv":
        return csv_bytes(headers, rows), "text/csv; charset=utf-8", f"{name}.csv"
    facts = [
        w["period"]
        % dict(
            employee=period.employee_name or period.employee_email,
            replacement=period.replacement_name or period.replacement_email,
            start=local(period.starts_at),
            end=local(period.effective_end) if period.effective_end is not None else w["open"],
            tz=period.timezone,
        ),
        w["times"] % {"tz": period.timezone, "now": local(now)},
    ]
    pdf = table_pdf(
        w["title"] % {"id": period.id},
        facts,
        [(w["action"], headers, rows)],
        confidential=w["confidential"],
    )
    return pdf, "application/pdf", f"{name}.pdf"


#: An ISO moment with its offset inside a recorded reason ("2026-11-15T23:00:00+00:00").
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)")


def audit_reason_text(record: Mapping[str, Any], lang: str, tz: str) -> str:
    """A recorded audit reason as a person reads it: said in ``lang`` when it is a msgid, its
    ISO moments shown as local dates and times in ``tz`` (the record itself stays as is)."""
    kept = record.get("reason_msg")
    text = from_record(kept) if isinstance(kept, Mapping) else record.get("reason") or ""
    if not text:
        return ""
    said = say(lang, text)

    def local(found: re.Match[str]) -> str:
        when = dt.datetime.fromisoformat(found.group().replace("Z", "+00:00"))
        return format_moment(lang, when, tz)

    return ISO_MOMENT.sub(local, said)
