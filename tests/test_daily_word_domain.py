"""The daily word's content (issue 21, item 3): pure, the clock and the time zone are arguments."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from connector.domain.contact_log import Channel
from connector.domain.contact_procedure import ContactDue, DueState
from connector.domain.daily_word import (
    DayFacts,
    PeriodFacts,
    PeriodState,
    Phase,
    Recipient,
    TicketFact,
    build_daily_word,
    privacy_findings,
    render_html,
    render_text,
)
from connector.translations import translator

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam
URL = "https://acme.zendesk.com/agent/tickets/{id}"
PERIOD = PeriodFacts(
    employee_name="Eva de Vries",
    replacement_name="Rob Jansen",
    starts_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
    ends_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=UTC),
    timezone="Europe/Amsterdam",
    state=PeriodState.ACTIVE,
)
FACTS = DayFacts(
    moved=(
        TicketFact("41", NOW - dt.timedelta(days=2), "Old move"),
        TicketFact("42", NOW - dt.timedelta(hours=5), "Invoice question"),
    ),
    customers_told=(TicketFact("42", NOW - dt.timedelta(hours=4)),),
    not_moved=(TicketFact("77", NOW - dt.timedelta(days=3)),),
    dead_letters=(TicketFact("88", NOW - dt.timedelta(hours=1)),),
    moved_total=12,
    phases=(
        Phase(1, PERIOD.starts_at),
        Phase(2, dt.datetime(2026, 3, 30, 22, 30, tzinfo=UTC)),
    ),
    next_contact=ContactDue(DueState.DUE, dt.date(2026, 3, 12), "Chris", Channel.PHONE),
)


def word(recipient: Recipient, lang: str = "en", facts: DayFacts = FACTS):  # type: ignore[no-untyped-def]
    return build_daily_word(
        recipient, PERIOD, facts, now=NOW, lang=lang, translate=translator(lang), ticket_url=URL
    )


def test_the_replacement_reads_only_the_tickets_taken_over_since_yesterday_with_links() -> None:
    text = render_text(word(Recipient.REPLACEMENT))
    assert "Ticket #42: Invoice question <https://acme.zendesk.com/agent/tickets/42>" in text
    assert "#41" not in text
    assert "Customers told since yesterday" in text


def test_the_replacement_is_told_when_nothing_is_new() -> None:
    quiet = word(Recipient.REPLACEMENT, facts=DayFacts(moved=FACTS.moved[:1]))
    assert not quiet.has_news
    assert "Nothing new since yesterday." in render_text(quiet)


def test_the_team_lead_reads_the_state_what_needs_them_and_what_comes_next() -> None:
    text = render_text(word(Recipient.TEAM_LEAD))
    assert "Tickets moved so far: 12" in text
    assert "Tickets moved since yesterday: 1" in text
    assert "Ticket #77 <https://acme.zendesk.com/agent/tickets/77>" in text
    assert "Ticket #88" in text
    # 22:30 UTC is the next day in Amsterdam: the date is in the period's time zone.
    assert "Phase 2 starts on 31 March 2026" in text
    assert "Next contact with Eva de Vries: Thursday 12 March, by phone (Chris)." in text


def test_a_missed_check_in_is_a_kind_note_in_the_leads_language_never_an_alarm() -> None:
    missed = dataclasses.replace(
        FACTS, next_contact=ContactDue(DueState.OVERDUE, dt.date(2026, 3, 8), "Chris")
    )
    text = render_text(word(Recipient.TEAM_LEAD, "nl", missed))
    assert "Contact houden" in text
    assert (
        "Er stond een contactmoment met Eva de Vries gepland op zondag 8 maart. Noteer in het "
        "contactlogboek hoe het ging, wanneer het u uitkomt." in text
    )
    assert not privacy_findings(word(Recipient.TEAM_LEAD, "nl", missed), names=["Eva de Vries"])


def test_while_the_employee_wishes_less_contact_the_lead_reads_the_check_in_date() -> None:
    paused = dataclasses.replace(
        FACTS, next_contact=ContactDue(DueState.PAUSED, dt.date(2026, 3, 20), "Chris")
    )
    text = render_text(word(Recipient.TEAM_LEAD, "de", paused))
    assert "wieder Kontakt aufnehmen am Freitag, 20. März" in text


def test_a_quiet_day_still_gives_the_team_lead_the_state() -> None:
    quiet = word(Recipient.TEAM_LEAD, facts=DayFacts(moved_total=3))
    assert not quiet.has_news
    assert "The period is running." in render_text(quiet)


@pytest.mark.parametrize(
    ("lang", "greeting", "date", "state"),
    [
        ("en", "Good morning Rob Jansen,", "10 March 2026", "State of the period"),
        ("nl", "Goedemorgen Rob Jansen,", "10 maart 2026", "Stand van de periode"),
        ("fr", "Bonjour Rob Jansen,", "10 mars 2026", "État de la période"),
        ("de", "Guten Morgen Rob Jansen,", "10. März 2026", "Stand des Zeitraums"),
    ],
)
def test_the_word_is_in_the_recipients_language_with_local_dates(
    lang: str, greeting: str, date: str, state: str
) -> None:
    replacement = word(Recipient.REPLACEMENT, lang)
    assert replacement.greeting == greeting
    assert date in replacement.subject
    assert word(Recipient.TEAM_LEAD, lang).sections[0].title == state


def test_the_html_part_escapes_what_came_from_the_helpdesk() -> None:
    facts = DayFacts(moved=(TicketFact("9", NOW - dt.timedelta(hours=1), "<script>x</script>"),))
    page = render_html(word(Recipient.REPLACEMENT, facts=facts))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert '<a href="https://acme.zendesk.com/agent/tickets/9">' in page


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
@pytest.mark.parametrize("recipient", list(Recipient))
def test_the_word_itself_never_speaks_of_a_reason(recipient: Recipient, lang: str) -> None:
    names = (PERIOD.employee_name, PERIOD.replacement_name)
    assert privacy_findings(word(recipient, lang), names=names) == []


def test_a_ticket_subject_that_speaks_of_illness_is_refused_by_the_guard() -> None:
    facts = DayFacts(moved=(TicketFact("5", NOW - dt.timedelta(hours=1), "Eva is sick at home"),))
    names = (PERIOD.employee_name, PERIOD.replacement_name)
    assert privacy_findings(word(Recipient.REPLACEMENT, facts=facts), names=names) != []


def test_a_dead_letter_without_a_ticket_is_named_by_its_event_without_a_link() -> None:
    facts = DayFacts(dead_letters=(TicketFact("", NOW - dt.timedelta(hours=2), event_id="17"),))
    [section] = [
        s
        for s in word(Recipient.TEAM_LEAD, "de", facts).sections
        if s.items and s.items[0].text.startswith("Ereignis")
    ]
    assert section.items[0].text == "Ereignis Nr. 17"
    assert section.items[0].url is None


def test_the_team_lead_reads_the_period_s_last_day_not_the_day_after_it() -> None:
    # a period through 3 January ends (exclusively) at midnight starting 4 January, Amsterdam
    ends = dt.datetime(2027, 1, 3, 23, 0, tzinfo=UTC)
    period = dataclasses.replace(PERIOD, ends_at=ends)
    text = render_text(
        build_daily_word(
            Recipient.TEAM_LEAD, period, FACTS, now=NOW, lang="nl", translate=translator("nl")
        )
    )
    assert "tot en met 3 januari 2027" in text and "4 januari" not in text


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
@pytest.mark.parametrize("state", [DueState.DUE, DueState.OVERDUE, DueState.PAUSED])
def test_every_contact_sentence_passes_the_privacy_guard_in_every_language(
    lang: str, state: DueState
) -> None:
    facts = dataclasses.replace(
        FACTS, next_contact=ContactDue(state, dt.date(2026, 3, 12), "Chris", Channel.VIDEO)
    )
    lead = word(Recipient.TEAM_LEAD, lang, facts)
    assert len(lead.sections[-1].items) == 1
    assert privacy_findings(lead, names=["Eva de Vries", "Rob Jansen", "Chris"]) == []
