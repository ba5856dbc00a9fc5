"""Failures that need a person, and what the team lead is told about them (pure, no I/O).

A failure is known from what was recorded about it (an audit action, or an HR delivery that
failed), never from the wording of an error. ``alert_for_audit`` turns an audit row into an
``Alert`` — a kind (enum), the key that de-duplicates it (one per dead letter, one per
refusal episode of a period) and plain facts (ids, names of agents, counts). ``render`` writes
the message in the lead's language (nl, fr, de, en) from fixed sentences: it never holds a
reason for the absence, a vendor's error text or a credential, and it passes the customer
notice guard (no reason, no hint, no medical word) before anything is sent.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from connector.errors import PrivacyViolation

LANGUAGES = ("nl", "fr", "de", "en")


class AlertKind(enum.StrEnum):
    DEAD_LETTER = "dead_letter"  # an inbox event given up: a person must look or replay it
    ESCALATED = "escalated"  # tickets went to the fallback agent (chain too long or a cycle)
    REFUSED = "refused"  # the helpdesk would not give tickets to the replacement
    HR_FAILING = "hr_failing"  # an HR delivery keeps failing (still retried)
    HR_DEAD_LETTER = "hr_dead_letter"  # an HR delivery given up


class Channel(enum.StrEnum):
    EMAIL = "email"
    NOTE = "note"  # an internal note on the affected ticket, in the helpdesk


#: Audit actions that need a person, and the kind of alert each raises.
AUDIT_ALERTS: dict[str, AlertKind] = {
    "dead_lettered": AlertKind.DEAD_LETTER,
    "escalated": AlertKind.ESCALATED,
    "not_assigned_fallback": AlertKind.REFUSED,
    "not_assigned_kept": AlertKind.REFUSED,
    "not_assigned_unowned": AlertKind.REFUSED,
}

#: Outcomes after which the ticket itself needs someone: it gets an internal note too.
NOTE_OUTCOMES = frozenset({"not_assigned_unowned"})


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    helpdesk: str
    dedup_key: str
    period_id: int | None = None
    ticket_id: str | None = None
    facts: dict[str, str] = field(default_factory=dict)
    note_on_ticket: bool = False


def alert_for_audit(helpdesk: str, action: str, fields: Mapping[str, Any]) -> Alert | None:
    """The alert an audit row raises, or None when it needs nobody."""
    kind = AUDIT_ALERTS.get(action)
    if kind is None:
        return None
    period_id = fields.get("period_id")
    ticket = fields.get("ticket_id")
    ticket_id = str(ticket) if ticket not in (None, "") else None
    facts = {"outcome": action}
    if fields.get("to_agent"):
        facts["owner"] = str(fields["to_agent"])
    if kind is AlertKind.DEAD_LETTER:
        event_id = fields.get("event_id")
        facts["event"] = str(event_id)
        return Alert(
            kind,
            helpdesk,
            f"dead:{helpdesk}:{event_id}",
            period_id,
            ticket_id,
            facts,
            note_on_ticket=ticket_id is not None,
        )
    # One per period and kind while the episode lasts (a start move that meets a replacement
    # without access to 500 tickets is one message, with a count, not 500).
    return Alert(
        kind,
        helpdesk,
        f"{kind.value}:{helpdesk}:{period_id}",
        period_id,
        ticket_id,
        facts,
        note_on_ticket=action in NOTE_OUTCOMES and ticket_id is not None,
    )


def hr_alert(
    kind: AlertKind, helpdesk: str, item_id: int, attempts: int, period_id: int | None = None
) -> Alert:
    """An HR delivery that keeps failing (``HR_FAILING``) or was given up (``HR_DEAD_LETTER``);
    ``period_id``: the period the entry belongs to (its team lead is told too)."""
    return Alert(
        kind,
        helpdesk,
        f"{kind.value}:{item_id}",
        period_id,
        facts={"item": str(item_id), "attempts": str(attempts)},
    )


_SUBJECTS: dict[AlertKind, dict[str, str]] = {
    AlertKind.DEAD_LETTER: {
        "en": "Stand-in ({helpdesk}): a helpdesk event could not be processed",
        "nl": "Stand-in ({helpdesk}): een gebeurtenis uit de helpdesk kon niet worden verwerkt",
        "fr": "Stand-in ({helpdesk}) : un événement du helpdesk n'a pas pu être traité",
        "de": "Stand-in ({helpdesk}): ein Ereignis aus dem Helpdesk konnte nicht verarbeitet "
        "werden",
    },
    AlertKind.ESCALATED: {
        "en": "Stand-in ({helpdesk}): tickets went to the fallback agent",
        "nl": "Stand-in ({helpdesk}): tickets gingen naar de vervanger van dienst",
        "fr": "Stand-in ({helpdesk}) : des tickets ont été confiés à l'agent de secours",
        "de": "Stand-in ({helpdesk}): Tickets gingen an die Ausweich-Person",
    },
    AlertKind.REFUSED: {
        "en": "Stand-in ({helpdesk}): the replacement cannot take tickets",
        "nl": "Stand-in ({helpdesk}): de vervanger kan geen tickets krijgen",
        "fr": "Stand-in ({helpdesk}) : le remplaçant ne peut pas recevoir de tickets",
        "de": "Stand-in ({helpdesk}): die Vertretung kann keine Tickets übernehmen",
    },
    AlertKind.HR_FAILING: {
        "en": "Stand-in: delivery to the HR system keeps failing",
        "nl": "Stand-in: levering aan het HR-systeem mislukt steeds",
        "fr": "Stand-in : l'envoi vers le système RH échoue à chaque essai",
        "de": "Stand-in: die Übermittlung an das HR-System schlägt wiederholt fehl",
    },
    AlertKind.HR_DEAD_LETTER: {
        "en": "Stand-in: an entry could not be delivered to the HR system",
        "nl": "Stand-in: een verslag kon niet aan het HR-systeem worden geleverd",
        "fr": "Stand-in : une entrée n'a pas pu être transmise au système RH",
        "de": "Stand-in: ein Eintrag konnte nicht an das HR-System übermittelt werden",
    },
}

_BODIES: dict[AlertKind, dict[str, str]] = {
    AlertKind.DEAD_LETTER: {
        "en": "Event {event} from helpdesk {helpdesk}{on_ticket} was given up after retries. "
        "Please check the ticket by hand; the event can be replayed from the list of "
        "failed events.",
        "nl": "Gebeurtenis {event} uit helpdesk {helpdesk}{on_ticket} is na herhaalde "
        "pogingen opgegeven. Controleer het ticket met de hand; de gebeurtenis kan opnieuw "
        "worden verwerkt vanuit de lijst met mislukte gebeurtenissen.",
        "fr": "L'événement {event} du helpdesk {helpdesk}{on_ticket} a été abandonné après "
        "plusieurs essais. Vérifiez le ticket à la main ; l'événement peut être relancé depuis "
        "la liste des événements en échec.",
        "de": "Ereignis {event} aus Helpdesk {helpdesk}{on_ticket} wurde nach mehreren "
        "Versuchen aufgegeben. Bitte prüfen Sie das Ticket von Hand; das Ereignis kann aus der "
        "Liste der fehlgeschlagenen Ereignisse erneut verarbeitet werden.",
    },
    AlertKind.ESCALATED: {
        "en": "In period {period} (tickets of {employee}), {count} ticket(s) could not follow "
        "the chain of replacements and went to the fallback agent {owner}. Please check who "
        "should take them.",
        "nl": "In periode {period} (tickets van {employee}) konden {count} ticket(s) de keten "
        "van vervangers niet volgen en gingen naar de vervanger van dienst {owner}. Kijk wie "
        "ze moet krijgen.",
        "fr": "Dans la période {period} (tickets de {employee}), {count} ticket(s) n'ont pas "
        "pu suivre la chaîne de remplaçants et ont été confiés à l'agent de secours {owner}. "
        "Vérifiez qui doit les prendre.",
        "de": "Im Zeitraum {period} (Tickets von {employee}) konnten {count} Ticket(s) der "
        "Kette der Vertretungen nicht folgen und gingen an die Ausweich-Person {owner}. Bitte "
        "prüfen Sie, wer sie übernehmen soll.",
    },
    AlertKind.REFUSED: {
        "en": "In period {period} (tickets of {employee}), the helpdesk would not give "
        "{count} ticket(s) to {replacement}. {outcome_line} Please check the replacement's "
        "access (groups, queues) in the helpdesk.",
        "nl": "In periode {period} (tickets van {employee}) wilde de helpdesk {count} "
        "ticket(s) niet aan {replacement} geven. {outcome_line} Controleer de toegang van de "
        "vervanger (groepen, wachtrijen) in de helpdesk.",
        "fr": "Dans la période {period} (tickets de {employee}), le helpdesk a refusé de "
        "confier {count} ticket(s) à {replacement}. {outcome_line} Vérifiez les accès du "
        "remplaçant (groupes, files) dans le helpdesk.",
        "de": "Im Zeitraum {period} (Tickets von {employee}) wollte der Helpdesk {count} "
        "Ticket(s) nicht an {replacement} geben. {outcome_line} Bitte prüfen Sie die "
        "Zugriffsrechte der Vertretung (Gruppen, Queues) im Helpdesk.",
    },
    AlertKind.HR_FAILING: {
        "en": "Delivery {item} of a contact-log entry to the HR system has failed "
        "{attempts} times. It is still being retried; please check the HR connection.",
        "nl": "Levering {item} van een contactverslag aan het HR-systeem is {attempts} keer "
        "mislukt. Er wordt opnieuw geprobeerd; controleer de koppeling met het HR-systeem.",
        "fr": "L'envoi {item} d'une entrée du journal de contacts vers le système RH a "
        "échoué {attempts} fois. De nouveaux essais suivent ; vérifiez la connexion RH.",
        "de": "Die Übermittlung {item} eines Kontaktprotokoll-Eintrags an das HR-System ist "
        "{attempts}-mal fehlgeschlagen. Sie wird weiter versucht; bitte prüfen Sie die "
        "HR-Verbindung.",
    },
    AlertKind.HR_DEAD_LETTER: {
        "en": "Delivery {item} of a contact-log entry to the HR system was given up. "
        "It can be replayed from the list of failed HR deliveries once the cause is fixed.",
        "nl": "Levering {item} van een contactverslag aan het HR-systeem is opgegeven. "
        "Ze kan opnieuw worden verstuurd vanuit de lijst met mislukte HR-leveringen zodra de "
        "oorzaak is verholpen.",
        "fr": "L'envoi {item} d'une entrée du journal de contacts vers le système RH a été "
        "abandonné. Il peut être relancé depuis la liste des envois RH en échec une fois la "
        "cause corrigée.",
        "de": "Die Übermittlung {item} eines Kontaktprotokoll-Eintrags an das HR-System wurde "
        "aufgegeben. Sie kann aus der Liste der fehlgeschlagenen HR-Übermittlungen erneut "
        "gesendet werden, sobald die Ursache behoben ist.",
    },
}

_OUTCOME_LINES: dict[str, dict[str, str]] = {
    "not_assigned_fallback": {
        "en": "They went to the fallback agent {owner}.",
        "nl": "Ze gingen naar de vervanger van dienst {owner}.",
        "fr": "Ils ont été confiés à l'agent de secours {owner}.",
        "de": "Sie gingen an die Ausweich-Person {owner}.",
    },
    "not_assigned_kept": {
        "en": "They stay with their previous owner.",
        "nl": "Ze blijven bij hun vorige eigenaar.",
        "fr": "Ils restent chez leur responsable précédent.",
        "de": "Sie bleiben bei der bisherigen Person.",
    },
    "not_assigned_unowned": {
        "en": "Nobody could be given them: they have no owner now. Please assign them by hand.",
        "nl": "Niemand kon ze krijgen: ze hebben nu geen eigenaar. Wijs ze met de hand toe.",
        "fr": "Personne n'a pu les recevoir : ils n'ont plus de responsable. Attribuez-les à "
        "la main.",
        "de": "Niemand konnte sie bekommen: sie haben jetzt keinen Besitzer. Bitte von Hand "
        "zuweisen.",
    },
}

_ON_TICKET = {
    "en": " (ticket {ticket})",
    "nl": " (ticket {ticket})",
    "fr": " (ticket {ticket})",
    "de": " (Ticket {ticket})",
}

_TICKETS_LINE = {
    "en": "Tickets: {tickets}",
    "nl": "Tickets: {tickets}",
    "fr": "Tickets : {tickets}",
    "de": "Tickets: {tickets}",
}

_FOOTER = {
    "en": "This message was sent by Stand-in. Details are in the audit.",
    "nl": "Dit bericht is verstuurd door Stand-in. De details staan in de audit.",
    "fr": "Ce message a été envoyé par Stand-in. Les détails figurent dans l'audit.",
    "de": "Diese Nachricht wurde von Stand-in gesendet. Details stehen im Audit.",
}


@dataclass(frozen=True)
class RenderedAlert:
    subject: str
    text: str
    html: str
    lang: str


def _lang(lang: str) -> str:
    base = (lang or "en").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def render(
    kind: AlertKind,
    lang: str,
    facts: Mapping[str, str],
    *,
    occurrences: int = 1,
    tickets: Iterable[str] = (),
    names: Iterable[str] = (),
) -> RenderedAlert:
    """The message in ``lang`` (English when unknown), in plain text and HTML.

    Raises ``PrivacyViolation`` when the guard for customer notices finds anything in it
    (``names`` — the people and the helpdesk named in ``facts`` — are never judged)."""
    from connector.domain.lint import find_reason_terms

    lang = _lang(lang)
    values = {k: str(v) for k, v in facts.items()}
    values.setdefault("count", str(occurrences))
    for needed in ("helpdesk", "event", "period", "employee", "replacement", "owner", "item"):
        values.setdefault(needed, "?")
    values.setdefault("attempts", "?")
    ticket = values.get("ticket")
    values["on_ticket"] = _ON_TICKET[lang].format(ticket=ticket) if ticket else ""
    outcome = _OUTCOME_LINES.get(values.get("outcome", ""), {})
    values["outcome_line"] = outcome.get(lang, "").format(**values)
    subject = _SUBJECTS[kind][lang].format(**values)
    paragraphs = [_BODIES[kind][lang].format(**values)]
    shown = list(dict.fromkeys(tickets))
    if shown:
        paragraphs.append(_TICKETS_LINE[lang].format(tickets=", ".join(shown)))
    paragraphs.append(_FOOTER[lang])
    text = "\n\n".join(paragraphs)
    found = find_reason_terms(f"{subject}\n{text}", names=names)
    if found:
        raise PrivacyViolation(found)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f'<!DOCTYPE html><html lang="{lang}"><body>{body}</body></html>'
    return RenderedAlert(subject, text, page, lang)
