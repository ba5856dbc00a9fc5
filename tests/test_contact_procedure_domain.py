"""The contact procedure's rule: when the next contact with the employee is due (issue 21,
item 4). Pure: the day and the time zone are arguments."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from connector.domain.contact_log import Channel, Source, build_entry
from connector.domain.contact_procedure import (
    NO_PROCEDURE,
    ContactDue,
    ContactProcedure,
    DueState,
    Unit,
    build_procedure,
    guard_procedure,
    next_contact_due,
    procedure_from_dict,
    procedure_to_dict,
)
from connector.domain.contact_procedure_messages import agreement_summary, due_sentence
from connector.errors import ValidationFailed
from connector.translations import translator

AMS = ZoneInfo("Europe/Amsterdam")
AGREED = dt.date(2026, 11, 30)  # a Monday

WEEKLY = ContactProcedure(
    by_whom="Sam Peeters", every=1, unit=Unit.WEEKS, channel=Channel.PHONE, agreed_on=AGREED
)


def contact(at: dt.datetime, n: int = 1, **data: Any) -> Any:
    source = data.pop("source", Source.API)
    base = {
        "contact_at": at,
        "author": {"name": "Sam Peeters", "function": "Team lead"},
        "channel": "phone",
        "outcome": "reached",
        "purpose": "well_being_check_in",
        "summary": "Called as agreed.",
    }
    return build_entry(
        base | data,
        entry_id=f"e-{n}",
        helpdesk="acme",
        employee_email="robin@example.com",
        employee_name="Robin Claes",
        period_id=1,
        recorded_at=at + dt.timedelta(hours=1),
        source=source,
    )


def test_without_a_procedure_nothing_is_due() -> None:
    assert next_contact_due(None, [], dt.date(2026, 12, 1), AMS) == NO_PROCEDURE


def test_the_first_contact_is_due_one_interval_after_the_agreement() -> None:
    due = next_contact_due(WEEKLY, [], dt.date(2026, 12, 2), AMS)
    assert due == ContactDue(DueState.DUE, dt.date(2026, 12, 7), "Sam Peeters", Channel.PHONE)


def test_on_the_due_day_itself_it_is_due_not_overdue() -> None:
    assert next_contact_due(WEEKLY, [], dt.date(2026, 12, 7), AMS).state is DueState.DUE


def test_the_day_after_a_missed_contact_it_is_overdue_since_the_planned_day() -> None:
    due = next_contact_due(WEEKLY, [], dt.date(2026, 12, 9), AMS)
    assert (due.state, due.date) == (DueState.OVERDUE, dt.date(2026, 12, 7))


def test_a_contact_log_entry_counts_as_the_contact_made_and_restarts_the_interval() -> None:
    made = contact(dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC))
    due = next_contact_due(WEEKLY, [made], dt.date(2026, 12, 9), AMS)
    assert (due.state, due.date) == (DueState.DUE, dt.date(2026, 12, 15))


def test_an_attempt_without_an_answer_counts_too_no_chasing_the_employee() -> None:
    tried = contact(dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC), outcome="no_answer")
    assert next_contact_due(WEEKLY, [tried], dt.date(2026, 12, 9), AMS).date == dt.date(
        2026, 12, 15
    )


def test_an_automatic_entry_is_not_a_contact() -> None:
    fact = contact(
        dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC),
        source=Source.AUTOMATIC,
        channel=None,
        outcome=None,
    )
    due = next_contact_due(WEEKLY, [fact], dt.date(2026, 12, 9), AMS)
    assert (due.state, due.date) == (DueState.OVERDUE, dt.date(2026, 12, 7))


def test_a_corrected_entry_counts_by_its_correction_only() -> None:
    old = contact(dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC), 1)
    new = contact(dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC), 2, supersedes_id="e-1")
    assert next_contact_due(WEEKLY, [old, new], dt.date(2026, 12, 9), AMS).date == dt.date(
        2026, 12, 11
    )


def test_the_next_contact_the_entry_names_wins_over_the_interval() -> None:
    made = contact(
        dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC),
        next_contact={"date": "2026-12-17", "channel": "video"},
    )
    assert next_contact_due(WEEKLY, [made], dt.date(2026, 12, 9), AMS).date == dt.date(2026, 12, 17)


def test_a_contact_before_the_agreement_does_not_move_the_first_due_day() -> None:
    before = contact(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    assert next_contact_due(WEEKLY, [before], dt.date(2026, 12, 1), AMS).date == dt.date(
        2026, 12, 7
    )


@pytest.mark.parametrize(
    ("at_utc", "counted_day", "due_day"),
    [
        # Sunday 23:30 in Amsterdam is still Sunday there: the week runs from Sunday.
        (
            dt.datetime(2026, 12, 6, 22, 30, tzinfo=dt.UTC),
            dt.date(2026, 12, 6),
            dt.date(2026, 12, 13),
        ),
        # Sunday 23:30 UTC is Monday 00:30 in Amsterdam: the week runs from Monday.
        (
            dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC),
            dt.date(2026, 12, 7),
            dt.date(2026, 12, 14),
        ),
    ],
)
def test_a_contact_at_the_week_boundary_counts_on_its_local_day(
    at_utc: dt.datetime, counted_day: dt.date, due_day: dt.date
) -> None:
    assert at_utc.astimezone(AMS).date() == counted_day
    due = next_contact_due(WEEKLY, [contact(at_utc)], dt.date(2026, 12, 8), AMS)
    assert due.date == due_day


def test_the_same_moment_in_another_zone_falls_in_another_week() -> None:
    late = contact(dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC))
    assert next_contact_due(WEEKLY, [late], dt.date(2026, 12, 8), ZoneInfo("UTC")).date == (
        dt.date(2026, 12, 13)
    )


def test_every_two_weeks_counts_fourteen_local_days_across_the_clock_change() -> None:
    spring = dataclasses.replace(WEEKLY, every=2, agreed_on=dt.date(2026, 3, 23))
    made = contact(dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC))  # Sunday 29th, 01:30 CET
    assert next_contact_due(spring, [made], dt.date(2026, 3, 30), AMS).date == dt.date(2026, 4, 12)


PAUSED = dataclasses.replace(WEEKLY, less_contact=True, check_in_on=dt.date(2026, 12, 21))


def test_while_the_employee_wishes_less_contact_nothing_is_due_until_the_check_in_date() -> None:
    due = next_contact_due(PAUSED, [], dt.date(2026, 12, 14), AMS)
    assert due == ContactDue(DueState.PAUSED, dt.date(2026, 12, 21), "Sam Peeters", Channel.PHONE)


def test_on_the_check_in_date_the_contact_is_due_that_day() -> None:
    due = next_contact_due(PAUSED, [], dt.date(2026, 12, 21), AMS)
    assert (due.state, due.date) == (DueState.DUE, dt.date(2026, 12, 21))


def test_after_the_check_in_date_without_a_contact_it_is_kindly_overdue() -> None:
    due = next_contact_due(PAUSED, [], dt.date(2026, 12, 23), AMS)
    assert (due.state, due.date) == (DueState.OVERDUE, dt.date(2026, 12, 21))


def test_after_the_check_in_a_contact_restarts_the_usual_interval() -> None:
    made = contact(dt.datetime(2026, 12, 22, 9, 0, tzinfo=dt.UTC))
    assert next_contact_due(PAUSED, [made], dt.date(2026, 12, 23), AMS).date == dt.date(
        2026, 12, 29
    )


# --- validation ------------------------------------------------------------------------------

TODAY = dt.date(2026, 12, 4)


def valid(**overrides: Any) -> dict[str, Any]:
    return {"every": 2, "unit": "weeks", "channel": "video"} | overrides


def test_a_valid_procedure_defaults_who_makes_contact_to_the_lead() -> None:
    procedure = build_procedure(valid(), today=TODAY, default_by_whom="Chris Example")
    assert procedure.by_whom == "Chris Example"
    assert procedure.agreed_on == TODAY
    assert procedure_from_dict(procedure_to_dict(procedure)) == procedure


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"channel": "letter"}, "channel"),
        ({"every": 0}, "every"),
        ({"every": "2"}, "every"),
        ({"unit": "months"}, "unit"),
        ({"less_contact": True, "check_in_on": "2026-12-03"}, "check_in_on"),
        ({"less_contact": True}, "check_in_on"),
        ({"discussed": "x" * 301}, "discussed"),
    ],
)
def test_bad_input_is_refused_naming_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        build_procedure(valid(**overrides), today=TODAY, default_by_whom="Chris")
    assert list(exc.value.fields) == [field]


def test_medical_words_in_what_is_discussed_are_refused_with_findings() -> None:
    procedure = build_procedure(
        valid(discussed="Work planning and her burn-out therapy"),
        today=TODAY,
        default_by_whom="Chris",
    )
    with pytest.raises(ValidationFailed) as exc:
        guard_procedure(procedure)
    assert list(exc.value.fields) == ["discussed"]
    assert exc.value.findings["discussed"]


def test_a_name_that_looks_like_a_word_is_not_judged() -> None:
    guard_procedure(
        build_procedure(valid(by_whom="Anna Sickinger"), today=TODAY, default_by_whom="")
    )


# --- the sentences ---------------------------------------------------------------------------


def test_a_missed_contact_is_said_kindly_in_the_leads_language() -> None:
    missed = ContactDue(DueState.OVERDUE, dt.date(2026, 12, 8), "Sam", Channel.PHONE)
    assert due_sentence(missed, "Robin", "en", translator("en")) == (
        "A check-in with Robin was planned for Tuesday 8 December. When it suits, note how it "
        "went in the contact log."
    )
    assert "dinsdag 8 december" in (due_sentence(missed, "Robin", "nl", translator("nl")) or "")


def test_without_a_name_the_team_lead_makes_contact() -> None:
    procedure = build_procedure(valid(), today=TODAY, default_by_whom="")
    assert procedure.by_whom == ""
    assert agreement_summary(procedure, "Robin", "fr", translator("fr")).startswith(
        "Procédure de contact convenue : le chef d'équipe contacte Robin toutes les 2 "
        "semaines, par appel vidéo."
    )


def test_the_agreement_is_summed_up_factually_in_the_helpdesks_language() -> None:
    procedure = dataclasses.replace(
        PAUSED, every=2, discussed="Work planning", not_discussed="Colleagues' questions"
    )
    assert agreement_summary(procedure, "Robin", "en", translator("en")) == (
        "Contact procedure agreed: Sam Peeters contacts Robin every 2 weeks, by phone. "
        "To discuss: Work planning. Not to discuss: Colleagues' questions. At Robin's wish, "
        "less contact for a while; check in again on Monday 21 December."
    )
    assert agreement_summary(procedure, "Robin", "nl", translator("nl")).startswith(
        "Contactprocedure afgesproken: Sam Peeters neemt om de 2 weken contact op met Robin"
    )
