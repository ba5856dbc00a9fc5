"""Composing the customer notice for a rerouted ticket (domain.md rule 1: never a reason)."""

from __future__ import annotations

import datetime as dt

from connector.adapters.helpdesks.base import Customer, OutboundNotice
from connector.config import HelpdeskConfig
from connector.domain.periods import Period

_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

_TEXTS = {
    "nl": (
        "Uw contactpersoon",
        "Vanaf {date} is {name} uw contactpersoon voor deze vraag. {name} heeft de volledige "
        "geschiedenis, dus u hoeft niets te herhalen.{contact}",
    ),
    "fr": (
        "Votre interlocuteur",
        "À partir du {date}, {name} est votre interlocuteur pour cette demande. {name} dispose "
        "de tout l'historique : vous n'avez rien à répéter.{contact}",
    ),
    "de": (
        "Ihr Ansprechpartner",
        "Ab dem {date} ist {name} Ihr Ansprechpartner für dieses Anliegen. {name} kennt den "
        "gesamten Verlauf, Sie müssen also nichts wiederholen.{contact}",
    ),
    "en": (
        "Your point of contact",
        "From {date}, {name} is your point of contact for this request. {name} has the full "
        "history, so you need not repeat anything.{contact}",
    ),
}


def choose_language(locale: str | None, default: str) -> str:
    """Best match of a vendor locale (``nl-BE``, ``fr_CA``) to a notice language."""
    if locale:
        base = locale.replace("_", "-").split("-")[0].lower()
        if base in _TEXTS:
            return base
    return default if default in _TEXTS else "en"


def format_date(day: dt.date, lang: str) -> str:
    month = _MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "de" else f"{day.day} {month} {day.year}"


def compose_notice(
    period: Period, customer: Customer | None, helpdesk: HelpdeskConfig, today: dt.date
) -> OutboundNotice:
    """The notice for one rerouted ticket: who helps now and from when, nothing about why."""
    lang = choose_language(customer.locale if customer else None, helpdesk.locale)
    subject, body = _TEXTS[lang]
    contact = f"\n\n{helpdesk.contact_line}" if helpdesk.contact_line else ""
    text = body.format(date=format_date(today, lang), name=period.replacement_name, contact=contact)
    return OutboundNotice(subject=subject, text=text, html="", lang=lang, public=True)
