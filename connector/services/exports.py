"""What people take away: a period's audit as CSV or PDF, in the reader's language and the
period's time zone.

Column names and the names of actions come from the table below in nl, fr, de and en;
reasons are the connector's own wording and stay as recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from connector.domain.periods import Period, zone
from connector.reports import csv_bytes, table_pdf

LANGUAGES = ("nl", "fr", "de", "en")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Audit of period {id}",
        "period": "{employee} → {replacement}, {start} – {end} ({tz})",
        "times": "Times in {tz}. Exported {now}.",
        "when": "When",
        "action": "Action",
        "ticket": "Ticket",
        "from": "From",
        "to": "To",
        "reason": "Reason",
        "by": "By",
        "confidential": "CONFIDENTIAL",
        "open": "until further notice",
    },
    "nl": {
        "title": "Audit van periode {id}",
        "period": "{employee} → {replacement}, {start} – {end} ({tz})",
        "times": "Tijden in {tz}. Geëxporteerd {now}.",
        "when": "Wanneer",
        "action": "Actie",
        "ticket": "Ticket",
        "from": "Van",
        "to": "Naar",
        "reason": "Reden",
        "by": "Door",
        "confidential": "VERTROUWELIJK",
        "open": "tot nader bericht",
    },
    "fr": {
        "title": "Audit de la période {id}",
        "period": "{employee} → {replacement}, {start} – {end} ({tz})",
        "times": "Heures en {tz}. Exporté le {now}.",
        "when": "Quand",
        "action": "Action",
        "ticket": "Ticket",
        "from": "De",
        "to": "À",
        "reason": "Motif",
        "by": "Par",
        "confidential": "CONFIDENTIEL",
        "open": "jusqu'à nouvel ordre",
    },
    "de": {
        "title": "Audit des Zeitraums {id}",
        "period": "{employee} → {replacement}, {start} – {end} ({tz})",
        "times": "Zeiten in {tz}. Exportiert {now}.",
        "when": "Wann",
        "action": "Aktion",
        "ticket": "Ticket",
        "from": "Von",
        "to": "An",
        "reason": "Grund",
        "by": "Durch",
        "confidential": "VERTRAULICH",
        "open": "bis auf Weiteres",
    },
}

ACTIONS: dict[str, dict[str, str]] = {
    "rerouted": {"en": "rerouted", "nl": "omgeleid", "fr": "réacheminé", "de": "umgeleitet"},
    "skipped": {"en": "left as is", "nl": "ongemoeid", "fr": "laissé tel quel", "de": "belassen"},
    "escalated": {
        "en": "to the fallback agent",
        "nl": "naar de achtervang",
        "fr": "vers l'agent de repli",
        "de": "an die Vertretung in Reserve",
    },
    "reroute_failed": {
        "en": "could not reroute",
        "nl": "omleiden mislukt",
        "fr": "réacheminement impossible",
        "de": "Umleitung fehlgeschlagen",
    },
    "notice_blocked": {
        "en": "notice held back",
        "nl": "bericht tegengehouden",
        "fr": "message retenu",
        "de": "Nachricht zurückgehalten",
    },
    "dead_lettered": {
        "en": "failed for good",
        "nl": "definitief mislukt",
        "fr": "échec définitif",
        "de": "endgültig fehlgeschlagen",
    },
    "period_created": {
        "en": "period set",
        "nl": "periode ingesteld",
        "fr": "période définie",
        "de": "Zeitraum festgelegt",
    },
    "period_changed": {
        "en": "period changed",
        "nl": "periode gewijzigd",
        "fr": "période modifiée",
        "de": "Zeitraum geändert",
    },
    "period_ended": {
        "en": "period ended",
        "nl": "periode beëindigd",
        "fr": "période terminée",
        "de": "Zeitraum beendet",
    },
    "start_move": {
        "en": "open tickets moved",
        "nl": "open tickets verplaatst",
        "fr": "tickets ouverts déplacés",
        "de": "offene Tickets verschoben",
    },
    "handed_back": {
        "en": "handed back",
        "nl": "teruggegeven",
        "fr": "rendu",
        "de": "zurückgegeben",
    },
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
    names = ACTIONS.get(action)
    return names[lang] if names else action.replace("_", " ")


def audit_export(
    period: Period,
    records: Sequence[Mapping[str, Any]],
    lang: str,
    now: dt.datetime,
    fmt: str,
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of a period's audit, oldest first."""
    w = WORDS[lang]
    tz = zone(period.timezone)

    def local(moment: dt.datetime) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    headers = [w[k] for k in ("when", "action", "ticket", "from", "to", "reason", "by")]
    rows = [
        [
            local(dt.datetime.fromisoformat(r["at"])),
            action_label(r["action"], lang),
            r.get("ticket_id") or "",
            r.get("from_agent") or "",
            r.get("to_agent") or "",
            r.get("reason") or "",
            r.get("actor") or "",
        ]
        for r in sorted(records, key=lambda r: (r["at"], r["id"]))
    ]
    name = f"audit-period-{period.id}"
    if fmt == "csv":
        return csv_bytes(headers, rows), "text/csv; charset=utf-8", f"{name}.csv"
    facts = [
        w["period"].format(
            employee=period.employee_name or period.employee_email,
            replacement=period.replacement_name or period.replacement_email,
            start=local(period.starts_at),
            end=local(period.effective_end) if period.effective_end is not None else w["open"],
            tz=period.timezone,
        ),
        w["times"].format(tz=period.timezone, now=local(now)),
    ]
    pdf = table_pdf(
        w["title"].format(id=period.id),
        facts,
        [(w["action"], headers, rows)],
        confidential=w["confidential"],
    )
    return pdf, "application/pdf", f"{name}.pdf"
