"""The contact procedure's sentences (issue 21, item 4) in en, nl, fr and de; English is the key.

Pure. ``due_sentence`` is the next contact due as the period page and the team lead's daily
word say it: kindly, never as pressure (no alarm, no count of misses). ``agreement_summary``
is the factual text of the automatic contact-log entry that records the agreement. Both are
merged into the web catalogue (``connector/web/i18n.py``) and the daily word's translator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel.dates import format_date

from connector.domain.contact_log import Channel
from connector.domain.contact_procedure import ContactDue, ContactProcedure, DueState, Unit

Translate = Callable[[str], str]

DUE = "Next contact with %(employee)s: %(date)s, %(channel)s (%(who)s)."
OVERDUE = (
    "A check-in with %(employee)s was planned for %(date)s. When it suits, note how it went in "
    "the contact log."
)
PAUSED = "%(employee)s asked for less contact for a while; check in again on %(date)s."
AGREED = "Contact procedure agreed: %(who)s contacts %(employee)s %(every)s, %(channel)s."
TO_DISCUSS = "To discuss: %(text)s."
NOT_TO_DISCUSS = "Not to discuss: %(text)s."
TEAM_LEAD = "the team lead"
LESS_CONTACT = "At %(employee)s's wish, less contact for a while; check in again on %(date)s."

CHANNEL_PHRASES = {
    Channel.PHONE: "by phone",
    Channel.VIDEO: "by video call",
    Channel.EMAIL: "by e-mail",
    Channel.IN_PERSON: "in person",
}
EVERY = {
    (Unit.DAYS, True): "every day",
    (Unit.WEEKS, True): "every week",
    (Unit.DAYS, False): "every %(n)s days",
    (Unit.WEEKS, False): "every %(n)s weeks",
}

# A day as people say it: "Tuesday 8 December".
DAY_PATTERNS = {
    "en": "EEEE d MMMM",
    "nl": "EEEE d MMMM",
    "fr": "EEEE d MMMM",
    "de": "EEEE, d. MMMM",
}

MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        TEAM_LEAD: "de teamleider",
        "Keeping in touch": "Contact houden",
        DUE: "Volgende contact met %(employee)s: %(date)s, %(channel)s (%(who)s).",
        OVERDUE: (
            "Er stond een contactmoment met %(employee)s gepland op %(date)s. Noteer in het "
            "contactlogboek hoe het ging, wanneer het u uitkomt."
        ),
        PAUSED: (
            "%(employee)s vroeg om een tijd minder contact; neem opnieuw contact op %(date)s."
        ),
        AGREED: (
            "Contactprocedure afgesproken: %(who)s neemt %(every)s contact op met "
            "%(employee)s, %(channel)s."
        ),
        TO_DISCUSS: "Te bespreken: %(text)s.",
        NOT_TO_DISCUSS: "Niet te bespreken: %(text)s.",
        LESS_CONTACT: (
            "Op verzoek van %(employee)s een tijd minder contact; opnieuw contact op %(date)s."
        ),
        "by phone": "telefonisch",
        "by video call": "via videogesprek",
        "by e-mail": "per e-mail",
        "in person": "persoonlijk",
        "every day": "elke dag",
        "every week": "elke week",
        "every %(n)s days": "om de %(n)s dagen",
        "every %(n)s weeks": "om de %(n)s weken",
    },
    "fr": {
        TEAM_LEAD: "le responsable d'équipe",
        "Keeping in touch": "Garder le contact",
        DUE: "Prochain contact avec %(employee)s : %(date)s, %(channel)s (%(who)s).",
        OVERDUE: (
            "Un contact avec %(employee)s était prévu le %(date)s. Quand cela vous convient, "
            "notez comment il s'est passé dans le journal des contacts."
        ),
        PAUSED: (
            "%(employee)s a demandé moins de contact pour un temps ; reprendre contact le %(date)s."
        ),
        AGREED: (
            "Procédure de contact convenue : %(who)s contacte %(employee)s %(every)s, %(channel)s."
        ),
        TO_DISCUSS: "À aborder : %(text)s.",
        NOT_TO_DISCUSS: "À ne pas aborder : %(text)s.",
        LESS_CONTACT: (
            "À la demande de %(employee)s, moins de contact pour un temps ; reprendre contact "
            "le %(date)s."
        ),
        "by phone": "par téléphone",
        "by video call": "par appel vidéo",
        "by e-mail": "par e-mail",
        "in person": "en personne",
        "every day": "chaque jour",
        "every week": "chaque semaine",
        "every %(n)s days": "tous les %(n)s jours",
        "every %(n)s weeks": "toutes les %(n)s semaines",
    },
    "de": {
        TEAM_LEAD: "die Teamleitung",
        "Keeping in touch": "In Kontakt bleiben",
        DUE: "Nächster Kontakt mit %(employee)s: %(date)s, %(channel)s (%(who)s).",
        OVERDUE: (
            "Ein Gespräch mit %(employee)s war für %(date)s geplant. Wenn es passt, notieren "
            "Sie im Kontaktprotokoll, wie es war."
        ),
        PAUSED: (
            "%(employee)s hat sich für eine Weile weniger Kontakt gewünscht; wieder Kontakt "
            "aufnehmen am %(date)s."
        ),
        AGREED: (
            "Kontaktverfahren vereinbart: %(who)s kontaktiert %(employee)s %(every)s, %(channel)s."
        ),
        TO_DISCUSS: "Zu besprechen: %(text)s.",
        NOT_TO_DISCUSS: "Nicht zu besprechen: %(text)s.",
        LESS_CONTACT: (
            "Auf Wunsch von %(employee)s für eine Weile weniger Kontakt; wieder Kontakt "
            "aufnehmen am %(date)s."
        ),
        "by phone": "telefonisch",
        "by video call": "per Videoanruf",
        "by e-mail": "per E-Mail",
        "in person": "persönlich",
        "every day": "jeden Tag",
        "every week": "jede Woche",
        "every %(n)s days": "alle %(n)s Tage",
        "every %(n)s weeks": "alle %(n)s Wochen",
    },
}


def translator(lang: str) -> Translate:
    catalogue = MESSAGES.get(lang, {})
    return lambda message: catalogue.get(message, message)


def spoken_day(day: dt.date, lang: str) -> str:
    """ "Tuesday 8 December" in ``lang`` (English when the language is not one of the four)."""
    lang = lang if lang in DAY_PATTERNS else "en"
    return str(format_date(day, DAY_PATTERNS[lang], locale=lang))


def channel_phrase(channel: Channel, _: Translate) -> str:
    return _(CHANNEL_PHRASES.get(channel, channel.value.replace("_", " ")))


def due_sentence(due: ContactDue, employee: str, lang: str, _: Translate) -> str | None:
    """The next contact due as one kind sentence; None when no procedure is agreed."""
    if due.state is DueState.NONE or due.date is None:
        return None
    day = spoken_day(due.date, lang)
    if due.state is DueState.OVERDUE:
        return _(OVERDUE) % {"employee": employee, "date": day}
    if due.state is DueState.PAUSED:
        return _(PAUSED) % {"employee": employee, "date": day}
    channel = channel_phrase(due.channel, _) if due.channel else ""
    who = due.by_whom or _(TEAM_LEAD)
    return _(DUE) % {"employee": employee, "date": day, "channel": channel, "who": who}


def agreement_summary(procedure: ContactProcedure, employee: str, lang: str) -> str:
    """The factual text of the contact-log entry that records the agreement, in ``lang``."""
    _ = translator(lang)
    every = _(EVERY[(procedure.unit, procedure.every == 1)]) % {"n": procedure.every}
    parts = [
        _(AGREED)
        % {
            "who": procedure.by_whom or _(TEAM_LEAD),
            "employee": employee,
            "every": every,
            "channel": channel_phrase(procedure.channel, _),
        }
    ]
    if procedure.discussed:
        parts.append(_(TO_DISCUSS) % {"text": procedure.discussed.rstrip(".")})
    if procedure.not_discussed:
        parts.append(_(NOT_TO_DISCUSS) % {"text": procedure.not_discussed.rstrip(".")})
    if procedure.less_contact and procedure.check_in_on is not None:
        day = spoken_day(procedure.check_in_on, lang)
        parts.append(_(LESS_CONTACT) % {"employee": employee, "date": day})
    return " ".join(parts)
