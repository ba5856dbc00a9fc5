"""The daily word (issue 21, item 3): what the replacement and the team lead read each morning.

Pure. ``build_daily_word`` takes typed facts of the period (tickets moved, customers told,
tickets that could not be moved, dead letters, the phases, the next contact due), the clock
and the period's time zone, and returns a typed ``DailyWord`` with sections and items, already
in the recipient's language: every text goes through the ``translate`` function given (the
English text is the key, as in the web catalogue, so it works with the dict catalogue now and
with Babel's gettext later). Dates are formatted for the recipient's locale with Babel, in the
period's time zone. ``render_text`` and ``render_html`` give the mail's two parts (HTML
escaped). ``privacy_findings`` runs the whole rendered word through the privacy guard with the
notice policy: a word that speaks of a reason is never sent.

What is "new" is what happened in the last day: ``now - 1 day <= at < now``.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from connector.domain.contact_procedure import ContactDue
from connector.domain.contact_procedure_messages import due_sentence
from connector.domain.messages import N_
from connector.domain.privacy import Finding, Policy, guard
from connector.translations import format_day

Translate = Callable[[str], str]
LANGUAGES = ("en", "nl", "fr", "de")
DAY = dt.timedelta(days=1)
#: A period's own daily-word settings (each None: the helpdesk's default): on or off, the
#: language, the ticket whose internal note carries it instead of e-mail, the local send hour,
#: and whether each recipient (named by ``Recipient``) gets it.
OVERRIDES = ("enabled", "lang", "note_ticket", "hour", "replacement", "team_lead")


class Recipient(enum.StrEnum):
    REPLACEMENT = "replacement"
    TEAM_LEAD = "team_lead"


#: The recipients' values are said in audit reasons (msgids).
RECIPIENT_WORDS = (N_("replacement"), N_("team_lead"))


class PeriodState(enum.StrEnum):
    SCHEDULED = "scheduled"
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True)
class TicketFact:
    """A ticket something happened to, and when (UTC-aware). A dead letter whose ticket is
    not known has an empty ``ticket_id`` and its inbox ``event_id`` (no link then)."""

    ticket_id: str
    at: dt.datetime
    subject: str = ""
    event_id: str = ""


@dataclass(frozen=True)
class Phase:
    number: int  # 1 for the period's first phase
    starts_at: dt.datetime


@dataclass(frozen=True)
class DayFacts:
    """Everything the daily word may tell; the builder picks what each recipient reads."""

    moved: tuple[TicketFact, ...] = ()  # tickets moved to the replacement (audit rows)
    customers_told: tuple[TicketFact, ...] = ()  # notices posted (notices repository)
    not_moved: tuple[TicketFact, ...] = ()  # tickets that could not be moved (outstanding)
    dead_letters: tuple[TicketFact, ...] = ()  # dead-lettered work (outstanding)
    moved_total: int = 0  # tickets moved in the whole period so far
    phases: tuple[Phase, ...] = ()
    next_contact: ContactDue | None = None  # the contact procedure's decision (item 4)


@dataclass(frozen=True)
class PeriodFacts:
    employee_name: str
    replacement_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None  # None: until further notice
    timezone: str
    state: PeriodState


@dataclass(frozen=True)
class Item:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class DailyWord:
    recipient: Recipient
    lang: str
    day: dt.date  # the local day the word is for
    subject: str
    greeting: str
    sections: tuple[Section, ...]
    has_news: bool  # something new since yesterday, or something that needs the reader


def ticket_link(pattern: str | None, ticket_id: str) -> str | None:
    """The ticket's URL from the helpdesk's pattern (``https://x.zendesk.com/agent/tickets/{id}``)."""
    if not pattern:
        return None
    return pattern.replace("{id}", ticket_id)


#: The daily word's line for an open-ended period (no end date yet).
UNTIL_FURTHER_NOTICE = N_(
    "%(replacement)s stands in for %(employee)s from %(start)s until further notice."
)


def _date(value: dt.datetime | dt.date, lang: str, tz: ZoneInfo) -> str:
    """The long date as the page and the exports write it ("20 November 2026", "20. November
    2026"): the same formatter, so one reader never sees two styles of date."""
    day = value.astimezone(tz).date() if isinstance(value, dt.datetime) else value
    return format_day(lang if lang in LANGUAGES else "en", day)


def _recent(facts: Iterable[TicketFact], now: dt.datetime) -> tuple[TicketFact, ...]:
    return tuple(sorted((f for f in facts if now - DAY <= f.at < now), key=lambda f: f.at))


def _ticket_items(
    facts: Sequence[TicketFact], _: Translate, ticket_url: str | None
) -> tuple[Item, ...]:
    items = []
    for fact in facts:
        if not fact.ticket_id:
            items.append(Item(_("Event #%(id)s") % {"id": fact.event_id}))
            continue
        label = _("Ticket #%(id)s") % {"id": fact.ticket_id}
        if fact.subject:
            label = f"{label}: {fact.subject}"
        items.append(Item(label, ticket_link(ticket_url, fact.ticket_id)))
    return tuple(items)


def build_daily_word(
    recipient: Recipient,
    period: PeriodFacts,
    facts: DayFacts,
    *,
    now: dt.datetime,
    lang: str,
    translate: Translate,
    ticket_url: str | None = None,
) -> DailyWord:
    """The word for ``recipient`` on the local day of ``now`` in the period's time zone."""
    _ = translate
    tz = ZoneInfo(period.timezone)
    day = now.astimezone(tz).date()
    today = _date(day, lang, tz)
    sections: list[Section] = []
    if recipient is Recipient.REPLACEMENT:
        moved = _recent(facts.moved, now)
        told = _recent(facts.customers_told, now)
        if moved:
            sections.append(
                Section(
                    _("Tickets you took over since yesterday"), _ticket_items(moved, _, ticket_url)
                )
            )
        if told:
            sections.append(
                Section(_("Customers told since yesterday"), _ticket_items(told, _, ticket_url))
            )
        has_news = bool(moved or told)
        if not has_news:
            sections.append(Section(_("Nothing new since yesterday."), ()))
        greeting = _("Good morning %(name)s,") % {"name": period.replacement_name}
        subject = _("Stand-in: your daily word of %(date)s") % {"date": today}
    else:
        state_text = {
            PeriodState.SCHEDULED: _("The period has not started yet."),
            PeriodState.ACTIVE: _("The period is running."),
            PeriodState.ENDED: _("The period has ended."),
        }[period.state]
        who = {
            "replacement": period.replacement_name,
            "employee": period.employee_name,
            "start": _date(period.starts_at, lang, tz),
        }
        if period.ends_at is None:
            span = _(UNTIL_FURTHER_NOTICE) % who
        else:
            span = _(
                "%(replacement)s stands in for %(employee)s from %(start)s up to and "
                "including %(end)s."
            ) % {**who, "end": _date(period.ends_at - dt.timedelta(microseconds=1), lang, tz)}
        state_items = [
            Item(state_text),
            Item(span),
            Item(_("Tickets moved so far: %(count)s") % {"count": facts.moved_total}),
            Item(
                _("Tickets moved since yesterday: %(count)s")
                % {"count": len(_recent(facts.moved, now))}
            ),
        ]
        sections.append(Section(_("State of the period"), tuple(state_items)))
        if facts.not_moved:
            sections.append(
                Section(
                    _("Tickets that could not be moved"),
                    _ticket_items(facts.not_moved, _, ticket_url),
                )
            )
        if facts.dead_letters:
            sections.append(
                Section(_("Dead letters"), _ticket_items(facts.dead_letters, _, ticket_url))
            )
        upcoming = sorted((p for p in facts.phases if p.starts_at > now), key=lambda p: p.starts_at)
        next_items: list[Item] = []
        if upcoming:
            phase = upcoming[0]
            next_items.append(
                Item(
                    _("Phase %(number)s starts on %(date)s")
                    % {"number": phase.number, "date": _date(phase.starts_at, lang, tz)}
                )
            )
        if next_items:
            sections.append(Section(_("Coming up"), tuple(next_items)))
        contact = (
            due_sentence(facts.next_contact, period.employee_name, lang, _)
            if facts.next_contact is not None
            else None
        )
        if contact:  # due, kindly overdue, or paused at the employee's wish; never an alarm
            sections.append(Section(_("Keeping in touch"), (Item(contact),)))
        has_news = bool(facts.not_moved or facts.dead_letters or _recent(facts.moved, now))
        greeting = _("Good morning,")
        subject = _("Stand-in: the state of %(employee)s's period on %(date)s") % {
            "employee": period.employee_name,
            "date": today,
        }
    return DailyWord(recipient, lang, day, subject, greeting, tuple(sections), has_news)


def render_text(word: DailyWord) -> str:
    lines = [word.greeting, ""]
    for section in word.sections:
        lines.append(section.title)
        for item in section.items:
            lines.append(f"- {item.text}" + (f" <{item.url}>" if item.url else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_html(word: DailyWord) -> str:
    e = html.escape
    parts = [f"<p>{e(word.greeting)}</p>"]
    for section in word.sections:
        parts.append(f"<h3>{e(section.title)}</h3>")
        if section.items:
            parts.append("<ul>")
            for item in section.items:
                text = e(item.text)
                if item.url:
                    text = f'<a href="{e(item.url, quote=True)}">{text}</a>'
                parts.append(f"<li>{text}</li>")
            parts.append("</ul>")
    return "\n".join(parts) + "\n"


def privacy_findings(
    word: DailyWord, *, names: Iterable[str], allowed_dates: Iterable[dt.date] = ()
) -> list[Finding]:
    """What the privacy guard (notice policy: no reason, no hint of one, no medical word)
    refuses in the whole word; empty when it may be sent."""
    text = "\n".join([word.subject, render_text(word)])
    return guard(text, Policy.NOTICE, names=names, allowed_dates=allowed_dates)
