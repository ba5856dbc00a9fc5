"""The contact procedure's sentences (issue 21, item 4) in en, nl, fr and de; English is the key.

Pure. ``due_sentence`` is the next contact due as the period page and the team lead's daily
word say it: kindly, never as pressure (no alarm, no count of misses). ``agreement_summary``
is the factual text of the automatic contact-log entry that records the agreement. Their msgids
are in the message catalogues (``connector/translations``); the caller passes the translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel.dates import format_date

from connector.domain.contact_log import Channel
from connector.domain.contact_procedure import ContactDue, ContactProcedure, DueState, Unit
from connector.domain.messages import N_

Translate = Callable[[str], str]

DUE = N_("Next contact with %(employee)s: %(date)s, %(channel)s (%(who)s).")
OVERDUE = N_(
    "A check-in with %(employee)s was planned for %(date)s. When it suits, note how it went in "
    "the contact log."
)
PAUSED = N_("%(employee)s asked for less contact for a while; check in again on %(date)s.")
AGREED = N_("Contact procedure agreed: %(who)s contacts %(employee)s %(every)s, %(channel)s.")
TO_DISCUSS = N_("To discuss: %(text)s.")
NOT_TO_DISCUSS = N_("Not to discuss: %(text)s.")
TEAM_LEAD = N_("the team lead")
LESS_CONTACT = N_("At %(employee)s's wish, less contact for a while; check in again on %(date)s.")

CHANNEL_PHRASES = {
    Channel.PHONE: N_("by phone"),
    Channel.VIDEO: N_("by video call"),
    Channel.EMAIL: N_("by e-mail"),
    Channel.IN_PERSON: N_("in person"),
}
EVERY = {
    (Unit.DAYS, True): N_("every day"),
    (Unit.WEEKS, True): N_("every week"),
    (Unit.DAYS, False): N_("every %(n)s days"),
    (Unit.WEEKS, False): N_("every %(n)s weeks"),
}

# A day as people say it: "Tuesday 8 December".
DAY_PATTERNS = {
    "en": "EEEE d MMMM",
    "nl": "EEEE d MMMM",
    "fr": "EEEE d MMMM",
    "de": "EEEE, d. MMMM",
}


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


def agreement_summary(procedure: ContactProcedure, employee: str, lang: str, _: Translate) -> str:
    """The factual text of the contact-log entry that records the agreement, in ``lang`` (``_``:
    its translation from the message catalogues)."""
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
