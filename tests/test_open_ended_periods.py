"""Open-ended periods, "until further notice" (issue 21, item 5): a team lead sets a period
with no end date yet, and later gives it one or ends it now. Nothing ends it by itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from connector.domain.daily_word import (
    DayFacts,
    PeriodFacts,
    PeriodState,
    Recipient,
    build_daily_word,
    render_text,
)
from connector.domain.periods import Period, validate_period
from connector.errors import ValidationFailed
from connector.scheduler import END, due_jobs
from connector.translations import translator
from connector.web.openapi import openapi_document
from tests.conftest import NOW
from tests.test_periods_api import VALID, create, fields
from tests.zendesk_api import register_agent_search

UTC = dt.UTC
START = dt.datetime(2026, 11, 19, 23, 0, tzinfo=UTC)  # 2026-11-20 in Amsterdam


def open_period(**changes: Any) -> Period:
    base = Period(
        id=1,
        helpdesk="acme",
        employee_email="anna@example.com",
        employee_id="9001",
        employee_name="Anna de Vries",
        replacement_email="bob@example.com",
        replacement_id="9002",
        replacement_name="Bob Jansen",
        starts_at=START,
        ends_at=None,
        timezone="Europe/Amsterdam",
    )
    return dataclasses.replace(base, **changes)


# -- the rules (pure) -------------------------------------------------------------------------


def test_an_open_period_stays_active_years_after_its_start_and_is_not_due_to_end() -> None:
    period = open_period()
    later = START + dt.timedelta(days=3 * 365)
    assert period.open_ended and period.effective_end is None
    assert period.is_active(later) and period.status(later) == "active"
    period.state = {"start_moved_at": START, "last_swept_at": later}
    assert END not in due_jobs(period, later, sweep_interval=900)


def test_an_open_period_that_a_lead_ended_ends_then_and_is_due_for_the_hand_back() -> None:
    ended_at = START + dt.timedelta(days=40)
    period = open_period(ended_early_at=ended_at)
    assert not period.open_ended and period.effective_end == ended_at
    assert period.status(ended_at) == "ended"
    assert due_jobs(period, ended_at, sweep_interval=900) == [END]


def test_an_open_end_overlaps_every_later_period_of_the_same_employee_but_not_an_earlier_one() -> (
    None
):
    period = open_period(id=None)
    years_later = open_period(
        id=2, starts_at=START + dt.timedelta(days=700), ends_at=START + dt.timedelta(days=710)
    )
    before = open_period(
        id=3, starts_at=START - dt.timedelta(days=30), ends_at=START - dt.timedelta(days=1)
    )
    assert period.overlaps(years_later) and years_later.overlaps(period)
    assert not period.overlaps(before)
    with pytest.raises(ValidationFailed) as refused:
        validate_period(period, [years_later, before])
    (message,) = refused.value.fields["starts_at"]
    assert message.startswith("overlaps period 2 of the same employee")
    validate_period(period, [before])  # an earlier period is no obstacle


def test_the_overlap_message_names_an_open_period_until_further_notice() -> None:
    existing = open_period(id=7)
    with pytest.raises(ValidationFailed) as refused:
        validate_period(
            open_period(id=None, starts_at=START + dt.timedelta(days=3), ends_at=None), [existing]
        )
    assert "until further notice); overlapping" in refused.value.fields["starts_at"][0]


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        (
            "en",
            "Bob Jansen stands in for Anna de Vries from 20 November 2026 until further notice.",
        ),
        ("nl", "vanaf 20 november 2026, tot nader bericht."),
        ("fr", "à partir du 20 novembre 2026, jusqu'à nouvel ordre."),
        ("de", "ab dem 20. November 2026, bis auf Weiteres."),
    ],
)
def test_the_team_leads_daily_word_says_until_further_notice(lang: str, phrase: str) -> None:
    period = PeriodFacts(
        employee_name="Anna de Vries",
        replacement_name="Bob Jansen",
        starts_at=START,
        ends_at=None,
        timezone="Europe/Amsterdam",
        state=PeriodState.ACTIVE,
    )
    word = build_daily_word(
        Recipient.TEAM_LEAD, period, DayFacts(), now=NOW, lang=lang, translate=translator(lang)
    )
    assert phrase in render_text(word)


# -- the API ----------------------------------------------------------------------------------


def audit(client: Any, auth: Any, period_id: int, action: str) -> list[dict[str, Any]]:
    rows = client.get(f"/api/v1/audit?period_id={period_id}", headers=auth()).get_json()["audit"]
    return [r for r in rows if r["action"] == action]


def test_a_period_without_an_end_date_is_created_until_further_notice_and_audited_so(
    client: Any, vendor: Any, auth: Any
) -> None:
    body = create(client, vendor, auth, ends_at=None)
    assert body.status_code == 201, body.get_json()
    p = body.get_json()
    assert (p["ends_at"], p["ends_at_local"], p["open_ended"], p["status"]) == (
        None,
        None,
        True,
        "active",
    )
    (created,) = audit(client, auth, p["id"], "period_created")
    assert created["reason"] == "2026-11-19T23:00:00+00:00 to until further notice"
    assert client.get(f"/api/v1/periods/{p['id']}", headers=auth()).get_json()["open_ended"]


def test_leaving_ends_at_out_is_the_same_as_null(client: Any, vendor: Any, auth: Any) -> None:
    body = {k: v for k, v in VALID.items() if k != "ends_at"}
    for email in (body["employee"], body["replacement"]):
        register_agent_search(vendor, email)
    resp = client.post("/api/v1/periods", json=body, headers=auth())
    assert resp.status_code == 201, resp.get_json()
    assert (resp.get_json()["ends_at"], resp.get_json()["open_ended"]) == (None, True)


def test_a_lead_dates_the_end_of_an_open_period_later_and_the_audit_says_from_what_to_what(
    client: Any, vendor: Any, auth: Any
) -> None:
    p = create(client, vendor, auth, ends_at=None).get_json()
    resp = client.patch(
        f"/api/v1/periods/{p['id']}", json={"ends_at": "2027-01-31"}, headers=auth()
    )
    assert resp.status_code == 200, resp.get_json()
    dated = resp.get_json()
    assert (dated["ends_at_local"], dated["open_ended"]) == ("2027-02-01T00:00:00+01:00", False)
    (changed,) = audit(client, auth, p["id"], "period_changed")
    assert changed["reason"] == (
        "ends_at changed: until further notice → 2027-01-31T23:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("ends_at", "message"),
    [
        ("2026-11-01", "must be after starts_at"),
        ("2026-11-21", "must not be in the past; to end the period now, use end"),
        ("someday", "not an ISO 8601 date or date-time"),
    ],
)
def test_an_end_before_the_start_or_in_the_past_is_422_on_ends_at_and_changes_nothing(
    client: Any, vendor: Any, auth: Any, ends_at: str, message: str
) -> None:
    p = create(client, vendor, auth, ends_at=None).get_json()
    resp = client.patch(f"/api/v1/periods/{p['id']}", json={"ends_at": ends_at}, headers=auth())
    assert any(message in m for m in fields(resp)["ends_at"])
    assert client.get(f"/api/v1/periods/{p['id']}", headers=auth()).get_json()["open_ended"]
    assert audit(client, auth, p["id"], "period_changed") == []


def test_a_dated_period_can_be_made_open_ended_again(client: Any, vendor: Any, auth: Any) -> None:
    p = create(client, vendor, auth).get_json()
    resp = client.patch(f"/api/v1/periods/{p['id']}", json={"ends_at": None}, headers=auth())
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["open_ended"] is True
    (changed,) = audit(client, auth, p["id"], "period_changed")
    assert changed["reason"] == (
        "ends_at changed: 2026-12-31T23:00:00+00:00 → until further notice"
    )


def test_end_now_ends_an_open_period_and_the_audit_says_it_was_until_further_notice(
    client: Any, vendor: Any, auth: Any
) -> None:
    p = create(client, vendor, auth, ends_at=None).get_json()
    resp = client.post(f"/api/v1/periods/{p['id']}/end", headers=auth())
    assert resp.status_code == 200, resp.get_json()
    ended = resp.get_json()
    assert (ended["status"], ended["open_ended"], ended["ended_early_at"]) == (
        "ended",
        False,
        NOW.isoformat(),
    )
    (row,) = audit(client, auth, p["id"], "period_ended")
    assert row["reason"] == "ended now (was until further notice)"


def test_an_open_period_blocks_a_later_one_of_the_same_employee_with_the_same_scope(
    client: Any, vendor: Any, auth: Any
) -> None:
    create(client, vendor, auth, ends_at=None)
    resp = create(client, vendor, auth, starts_at="2028-06-01", ends_at="2028-06-30")
    assert "overlaps period" in fields(resp)["starts_at"][0]


def test_the_openapi_document_says_ends_at_may_be_null_and_left_out() -> None:
    schemas = openapi_document()["components"]["schemas"]
    assert "ends_at" not in schemas["PeriodCreate"]["required"]
    assert schemas["PeriodCreate"]["properties"]["ends_at"]["nullable"] is True
    assert schemas["PeriodPatch"]["properties"]["ends_at"]["nullable"] is True
    assert schemas["PeriodOut"]["properties"]["ends_at"]["nullable"] is True
    assert schemas["PeriodOut"]["properties"]["open_ended"]["type"] == "boolean"


# -- the notice -------------------------------------------------------------------------------

FURTHER_NOTICE = {
    "nl": "tot nader bericht",
    "fr": "jusqu'à nouvel ordre",
    "de": "bis auf Weiteres",
    "en": "until further notice",
}
DATED = {
    "nl": "tot en met 31 januari 2027",
    "fr": "jusqu'au 31 janvier 2027 inclus",
    "de": "bis einschließlich 31. Januar 2027",
    "en": "until 31 January 2027",
}


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_the_notice_of_an_open_period_says_until_further_notice_and_names_the_date_once_dated(
    client: Any, vendor: Any, auth: Any, lang: str
) -> None:
    # Even with "show the end date" on: there is no date to show yet.
    p = create(client, vendor, auth, ends_at=None, notice={"show_end_date": True}).get_json()

    def preview() -> str:
        body = {"period_id": p["id"], "lang": lang, "customer_name": "Daan"}
        resp = client.post("/api/v1/notices/preview", json=body, headers=auth())
        assert resp.status_code == 200, resp.get_json()
        text: str = resp.get_json()["text"]
        return text

    today = preview()
    assert FURTHER_NOTICE[lang] in today and DATED[lang] not in today
    client.patch(f"/api/v1/periods/{p['id']}", json={"ends_at": "2027-01-31"}, headers=auth())
    later = preview()
    assert DATED[lang] in later and FURTHER_NOTICE[lang] not in later


# -- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", "tot nader bericht"),
        ("fr", "jusqu'à nouvel ordre"),
        ("de", "bis auf Weiteres"),
        ("en", "until further notice"),
    ],
)
def test_the_audit_pdf_of_an_open_period_says_until_further_notice(
    client: Any, vendor: Any, auth: Any, lang: str, words: str
) -> None:
    from tests.test_data_protection import _pdf_text

    p = create(client, vendor, auth, ends_at=None).get_json()
    resp = client.get(f"/api/v1/periods/{p['id']}/audit.pdf?lang={lang}", headers=auth())
    assert resp.status_code == 200
    assert words in " ".join(_pdf_text(resp.data).split())


def test_the_employee_export_shows_an_open_period_with_no_end(
    client: Any, vendor: Any, auth: Any
) -> None:
    p = create(client, vendor, auth, ends_at=None).get_json()
    data = client.get("/api/v1/employees/anna@example.com/export", headers=auth("admin"))
    (period,) = [x for x in data.get_json()["periods"] if x["id"] == p["id"]]
    assert period["ends_at"] is None
    pdf = client.get(
        "/api/v1/employees/anna@example.com/export?format=pdf&lang=nl", headers=auth("admin")
    )
    assert pdf.status_code == 200
    from tests.test_data_protection import _pdf_text

    assert "tot nader bericht" in " ".join(_pdf_text(pdf.data).split())


def test_phases_work_in_an_open_period_with_no_end_to_stay_before(
    client: Any, vendor: Any, auth: Any
) -> None:
    phases = [
        {"from": "2026-12-01", "scope": {"include": [{"priorities": ["urgent"]}]}},
        {"from": "2031-06-01", "until": "2031-06-30", "scope": {}},
    ]
    resp = create(client, vendor, auth, ends_at=None, phases=phases)
    assert resp.status_code == 201, resp.get_json()
    assert [ph["from"] for ph in resp.get_json()["phases"]] == ["2026-12-01", "2031-06-01"]
    before = create(client, vendor, auth, ends_at=None, starts_at="2027-01-01", phases=phases)
    assert fields(before)["phases.0.from"] == [
        "must fall inside the period (from its start, before its end)"
    ]
