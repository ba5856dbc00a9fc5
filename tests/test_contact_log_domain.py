"""Contact-log entries: validation, the HR privacy lint and redaction in four languages, notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connector.domain.contact_log import (
    REDACTED,
    Channel,
    Purpose,
    Source,
    Stance,
    build_entry,
    check_entry,
    entry_from_dict,
    entry_to_dict,
    lint_entry,
    redact,
)
from connector.domain.contact_note import parse_note, starts_with_marker
from connector.errors import ValidationFailed

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def data(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "contact_at": NOW - dt.timedelta(hours=1),
        "author": {"name": "Chris Example", "function": "Team lead"},
        "channel": "phone",
        "outcome": "reached",
        "purpose": "well_being_check_in",
        "summary": "Called Anna as planned; she keeps routine tickets for now.",
    }
    return base | overrides


def build(**overrides: Any) -> Any:
    return build_entry(
        data(**overrides),
        entry_id="e-1",
        helpdesk="acme",
        employee_email="Anna@Example.com",
        employee_name="Anna de Vries",
        period_id=1,
        recorded_at=NOW,
    )


def test_a_complete_entry_keeps_every_field_and_survives_a_round_trip() -> None:
    entry = build(
        topics=["return_planning", "practical_arrangement"],
        participants=[{"role": "employee"}, {"role": "hr", "name": "Mila Jansen"}],
        agreements=[{"what": "Routine tickets first", "who": "Anna", "by_when": "2026-12-01"}],
        employee_view={"stance": "agrees", "own_words": "Fine for me."},
        next_contact={"date": "2026-12-07", "channel": "video", "by_whom": "Chris"},
        may_tell={"colleagues": "Bob helps Anna's customers for now.", "customers": ""},
    )
    assert entry.employee_email == "anna@example.com"
    assert entry.channel is Channel.PHONE and entry.purpose is Purpose.WELL_BEING_CHECK_IN
    assert entry.topics == (Purpose.RETURN_PLANNING, Purpose.PRACTICAL_ARRANGEMENT)
    assert entry.agreements[0].by_when == dt.date(2026, 12, 1)
    assert entry.employee_view.stance is Stance.AGREES
    assert entry.initiative is not None and entry.initiative.value == "employer"  # the default
    assert entry_from_dict(entry_to_dict(entry)) == entry


def test_every_problem_is_reported_by_its_field() -> None:
    with pytest.raises(ValidationFailed) as exc:
        build(
            channel="pigeon",
            outcome=None,
            purpose="gossip",
            summary="x" * 1001,
            author={"name": "", "function": ""},
            agreements=[{"what": "", "who": "Anna", "by_when": "soon"}],
            next_contact={"date": "2026-11-01", "channel": "video"},
            contact_at=NOW + dt.timedelta(days=1),
        )
    fields = exc.value.fields
    assert set(fields) == {
        "channel",
        "outcome",
        "purpose",
        "summary",
        "author.name",
        "author.function",
        "agreements.0.what",
        "agreements.0.by_when",
        "next_contact.date",
        "contact_at",
    }
    assert "at most 1000 characters" in fields["summary"][0]
    assert "'pigeon' is not one of: phone, video" in fields["channel"][0]


def test_automatic_entries_need_no_channel_or_outcome() -> None:
    entry = build_entry(
        {
            "author": {"name": "Stand-in (automatic)", "function": "connector"},
            "purpose": "reassignment_information",
            "summary": "Reassignment period set up.",
        },
        entry_id="a-1",
        helpdesk="acme",
        employee_email="anna@example.com",
        employee_name="Anna",
        period_id=1,
        recorded_at=NOW,
        source=Source.AUTOMATIC,
    )
    assert entry.channel is None and entry.contact_at == NOW


@pytest.mark.parametrize(
    ("lang", "summary", "words"),
    [
        ("nl", "Anna vertelde dat ze nog naar de huisarts gaat en depressief is.", ["huisarts"]),
        ("en", "Anna said the doctor changed her medication.", ["doctor", "medication"]),
        ("fr", "Anna a un rendez-vous chez le médecin, elle est malade.", ["medecin", "malade"]),
        ("de", "Anna hat einen Arzttermin beim Hausarzt.", ["arzttermin", "hausarzt"]),
    ],
)
def test_medical_words_in_the_summary_are_refused_naming_the_field_and_words(
    lang: str, summary: str, words: list[str]
) -> None:
    entry = build(summary=summary)
    found = lint_entry(entry)
    assert list(found) == ["summary"], lang
    for word in words:
        assert any(word in message for message in found["summary"]), (lang, found)
    with pytest.raises(ValidationFailed):
        check_entry(entry)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("agreements.0.what", {"agreements": [{"what": "Back to the GP first", "who": "Anna"}]}),
        (
            "employee_view.own_words",
            {"employee_view": {"stance": "agrees", "own_words": "Ik ben ziek"}},
        ),
        ("may_tell.colleagues", {"may_tell": {"colleagues": "She is on sick leave"}}),
        ("may_tell.customers", {"may_tell": {"customers": "Anna est en congé maladie"}}),
    ],
)
def test_every_free_text_field_is_linted(field: str, overrides: dict[str, Any]) -> None:
    assert list(lint_entry(build(**overrides))) == [field]


def test_a_factual_entry_passes_the_lint() -> None:
    assert lint_entry(build(agreements=[{"what": "Routine tickets first", "who": "Anna"}])) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # e-mail addresses
        (
            "Mail daan@example.org of d.de.vries+x@sub.example.co.uk",
            f"Mail {REDACTED} of {REDACTED}",
        ),
        # international forms
        ("Bel +31 6 1234 5678.", f"Bel {REDACTED}."),
        ("Appeler le +32 470 12 34 56", f"Appeler le {REDACTED}"),
        ("Anrufen: +49 (0)30 1234567", f"Anrufen: {REDACTED}"),
        ("Call 0033 6 12 34 56 78 today", f"Call {REDACTED} today"),
        # national forms: nl, be, de, fr
        ("Telefoon 06-12345678 of 020 123 4567", f"Telefoon {REDACTED} of {REDACTED}"),
        ("Tél. 0470/12.34.56", f"Tél. {REDACTED}"),
        ("Tel. 030 1234567", f"Tel. {REDACTED}"),
        ("Tél 01 23 45 67 89", f"Tél {REDACTED}"),
        # what must stay: dates, times, ticket numbers, counts
        ("Op 01-12-2026 om 10:30, ticket 123456, 3 tickets", None),
        ("Am 2026-12-01 und am 07.12.2026", None),
    ],
)
def test_customer_contact_data_is_redacted_in_every_format(text: str, expected: str | None) -> None:
    assert redact(text) == (expected if expected is not None else text)


@pytest.mark.parametrize(
    "text",
    [
        "Klant Daan de Vries belde; daan wil Bob spreken.",  # nl
        "Customer DAAN DE VRIES called; Daan asked for Bob.",  # en
        "Le client Daan  de Vries a appelé.",  # fr
        "Der Kunde Daan de Vries rief an.",  # de
    ],
)
def test_known_customer_names_are_redacted_whole_and_by_first_name(text: str) -> None:
    out = redact(text, ["Daan de Vries"])
    assert "daan" not in out.lower() and "vries" not in out.lower()
    assert REDACTED in out


NOTE = """#contactlog
employee: Anna@example.com
channel: phone
outcome: reached
purpose: well_being_check_in
topics: return_planning, practical_arrangement
participants: employee, hr (Mila Jansen)
view: agrees
own words: Fine for me.
agreement: Routine tickets first | Anna | 2026-12-01
agreement: Phone-free mornings | Chris
next: 2026-12-07 video Chris Example
tell colleagues: Bob helps Anna's customers for now.
function: Team lead support

Called Anna as planned.
She keeps routine tickets."""


def test_a_contact_note_is_parsed_into_entry_data() -> None:
    parsed = parse_note(NOTE)
    assert parsed.problems == {}
    assert parsed.employee == "anna@example.com"
    d = parsed.data
    assert d["summary"] == "Called Anna as planned.\nShe keeps routine tickets."
    assert d["topics"] == ["return_planning", "practical_arrangement"]
    assert d["participants"] == [
        {"role": "employee", "name": ""},
        {"role": "hr", "name": "Mila Jansen"},
    ]
    assert d["agreements"] == [
        {"what": "Routine tickets first", "who": "Anna", "by_when": "2026-12-01"},
        {"what": "Phone-free mornings", "who": "Chris", "by_when": None},
    ]
    assert d["next_contact"] == {
        "date": "2026-12-07",
        "channel": "video",
        "by_whom": "Chris Example",
    }
    assert d["employee_view"] == {"stance": "agrees", "own_words": "Fine for me."}
    assert d["author_function"] == "Team lead support"
    entry = build(**{k: v for k, v in d.items() if k != "author_function"})
    assert entry.next_contact is not None and entry.next_contact.channel is Channel.VIDEO


def test_a_note_with_unknown_lines_and_no_employee_lists_each_problem() -> None:
    parsed = parse_note("#contactlog\nchanel: phone\nagreement: only one part\n\nText")
    assert set(parsed.problems) == {"syntax", "employee", "agreements.0"}
    assert "unknown line 'chanel: phone'" in parsed.problems["syntax"][0]


def test_only_a_note_whose_first_line_is_the_marker_counts() -> None:
    assert starts_with_marker("  #ContactLog\nemployee: x")
    assert starts_with_marker("#hrnote\n", "#hrnote")
    assert not starts_with_marker("Note: #contactlog later")
    assert not starts_with_marker(None)
