"""GET/PUT /api/v1/periods/{id}/contact-procedure (issue 21, item 4): team leads agree it, a
viewer reads its schedule, bad input is 422 naming the field, every change is audited and
recorded in the contact log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from connector.web.openapi import openapi_document
from tests.contact_log_support import add_period, api_entry, hr_services

# the procedure's row, its retention and its erasure: both engines
pytestmark = pytest.mark.both_engines

URL = "/api/v1/periods/{}/contact-procedure"
BODY = {
    "by_whom": "Chris Example",
    "every": 1,
    "unit": "weeks",
    "channel": "phone",
    "discussed": "Werkplanning en de terugkeer naar routinetickets",
    "not_discussed": "Vragen van collega's",
}


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    svc = hr_services(db_url, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def period(services: Any) -> Any:
    return add_period(services)


def automatic(services: Any) -> list[Any]:
    return [e for e, _ in services.contact_log.log.entries(None) if e.is_automatic]


def test_a_period_without_a_procedure_has_no_next_contact(
    client: Any, auth: Any, period: Any
) -> None:
    resp = client.get(URL.format(period.id), headers=auth("viewer"))
    assert resp.status_code == 200
    assert resp.get_json() == {
        "procedure": None,
        "next_contact": {"state": "none", "date": None, "by_whom": None, "channel": None},
    }


def test_a_team_lead_agrees_the_procedure_and_the_first_contact_is_due_a_week_later(
    client: Any, auth: Any, period: Any, services: Any
) -> None:
    resp = client.put(URL.format(period.id), json=BODY, headers=auth("team_lead"))
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["procedure"] == {
        **BODY,
        "agreed_on": "2026-11-23",
        "less_contact": False,
        "check_in_on": None,
    }
    assert body["next_contact"] == {
        "state": "due",
        "date": "2026-11-30",
        "by_whom": "Chris Example",
        "channel": "phone",
    }
    again = client.get(URL.format(period.id), headers=auth("team_lead")).get_json()
    assert again == body


def test_a_viewer_reads_the_schedule_but_not_what_is_discussed_and_may_not_change_it(
    client: Any, auth: Any, period: Any
) -> None:
    client.put(URL.format(period.id), json=BODY, headers=auth("team_lead"))
    seen = client.get(URL.format(period.id), headers=auth("viewer")).get_json()
    assert "discussed" not in seen["procedure"] and "not_discussed" not in seen["procedure"]
    assert seen["procedure"]["every"] == 1
    assert client.put(URL.format(period.id), json=BODY, headers=auth("viewer")).status_code == 403


def test_saving_is_audited_by_field_name_without_the_free_text(
    client: Any, auth: Any, period: Any, services: Any
) -> None:
    client.put(URL.format(period.id), json=BODY, headers=auth("team_lead"))
    client.put(
        URL.format(period.id),
        json={**BODY, "every": 2, "discussed": "Hours"},
        headers=auth("admin"),
    )
    rows = [
        r
        for r in services.repositories.audit.audit_records(None, period_id=period.id)
        if r["action"] == "contact_procedure_changed"
    ]
    assert [(r["actor"], r["reason"]) for r in rows] == [
        ("token:admin", "fields: every, discussed"),
        ("token:team_lead", "fields: created"),
    ]
    assert not any("Hours" in (r["reason"] or "") or "Werkplanning" in r["reason"] for r in rows)


def test_saving_records_the_agreement_in_the_contact_log_in_the_helpdesks_language(
    client: Any, auth: Any, period: Any, services: Any
) -> None:
    client.put(URL.format(period.id), json=BODY, headers=auth("team_lead"))
    (entry,) = automatic(services)
    assert entry.period_id == period.id
    assert entry.purpose.value == "practical_arrangement"
    assert entry.summary == (  # the helpdesk "acme" speaks Dutch
        "Contactprocedure afgesproken: Chris Example neemt elke week contact op met Anna de "
        "Vries, telefonisch. Te bespreken: Werkplanning en de terugkeer naar routinetickets. "
        "Niet te bespreken: Vragen van collega's."
    )


def test_saving_the_same_procedure_again_changes_nothing(
    client: Any, auth: Any, period: Any, services: Any
) -> None:
    client.put(URL.format(period.id), json=BODY, headers=auth("team_lead"))
    client.put(URL.format(period.id), json=BODY, headers=auth("team_lead"))
    assert len(automatic(services)) == 1


def test_a_contact_logged_after_the_agreement_moves_the_next_contact(
    client: Any, auth: Any, period: Any, clock: Any
) -> None:
    client.put(URL.format(period.id), json=BODY, headers=auth("team_lead"))
    clock.advance(days=9)  # Wednesday 2 December: the 30th was missed
    late = client.get(URL.format(period.id), headers=auth()).get_json()["next_contact"]
    assert (late["state"], late["date"]) == ("overdue", "2026-11-30")
    entry = api_entry(contact_at=dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC))
    assert client.post("/api/v1/contact-log", json=entry, headers=auth()).status_code == 201
    now = client.get(URL.format(period.id), headers=auth()).get_json()["next_contact"]
    assert (now["state"], now["date"]) == ("due", "2026-12-09")


def test_changing_the_channel_keeps_the_rhythm_changing_the_interval_restarts_it(
    client: Any, auth: Any, period: Any, clock: Any
) -> None:
    client.put(URL.format(period.id), json=BODY, headers=auth())
    clock.advance(days=3)  # Thursday 26 November
    same = client.put(URL.format(period.id), json={**BODY, "channel": "video"}, headers=auth())
    assert same.get_json()["next_contact"]["date"] == "2026-11-30"
    assert same.get_json()["procedure"]["agreed_on"] == "2026-11-23"
    other = client.put(URL.format(period.id), json={**BODY, "every": 2}, headers=auth())
    assert other.get_json()["next_contact"]["date"] == "2026-12-10"


def test_the_employees_wish_for_less_contact_pauses_until_the_check_in_date(
    client: Any, auth: Any, period: Any
) -> None:
    body = {**BODY, "less_contact": True, "check_in_on": "2026-12-14"}
    answer = client.put(URL.format(period.id), json=body, headers=auth("team_lead")).get_json()
    assert answer["next_contact"]["state"] == "paused"
    assert answer["next_contact"]["date"] == "2026-12-14"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"channel": "letter"}, "channel"),
        ({"every": 0}, "every"),
        ({"every": "1"}, "every"),
        ({"unit": "months"}, "unit"),
        ({"less_contact": True, "check_in_on": "2026-11-22"}, "check_in_on"),
        ({"less_contact": True}, "check_in_on"),
        ({"less_contact": "yes"}, "less_contact"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_changes_nothing(
    client: Any, auth: Any, period: Any, services: Any, change: dict[str, Any], field: str
) -> None:
    resp = client.put(URL.format(period.id), json={**BODY, **change}, headers=auth("team_lead"))
    assert resp.status_code == 422, resp.get_json()
    assert list(resp.get_json()["error"]["fields"]) == [field]
    assert client.get(URL.format(period.id), headers=auth()).get_json()["procedure"] is None
    assert automatic(services) == []


def test_medical_words_are_refused_with_the_privacy_guards_findings(
    client: Any, auth: Any, period: Any, services: Any
) -> None:
    body = {**BODY, "not_discussed": "Haar burn-out en de therapie"}
    resp = client.put(URL.format(period.id), json=body, headers=auth("team_lead"))
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert list(error["fields"]) == ["not_discussed"]
    assert error["findings"]["not_discussed"]
    assert client.get(URL.format(period.id), headers=auth()).get_json()["procedure"] is None
    rows = services.repositories.audit.audit_records(None, period_id=period.id)
    assert not [r for r in rows if r["action"] == "contact_procedure_changed"]


def test_an_unknown_period_is_404(client: Any, auth: Any, period: Any) -> None:
    assert client.get(URL.format(period.id + 1), headers=auth()).status_code == 404
    assert client.put(URL.format(period.id + 1), json=BODY, headers=auth()).status_code == 404


def test_the_openapi_document_describes_both_operations_and_the_body() -> None:
    doc = openapi_document()
    item = doc["paths"]["/api/v1/periods/{period_id}/contact-procedure"]
    assert set(item) == {"get", "put"}
    assert item["put"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ContactProcedure"
    }
    props = doc["components"]["schemas"]["ContactProcedure"]["properties"]
    assert props["channel"]["enum"] == ["phone", "video", "email", "in_person"]
    assert props["every"]["minimum"] == 1
    assert "422" in item["put"]["responses"] and "404" in item["get"]["responses"]


def test_retention_drops_the_procedure_with_the_contact_logs_copies_when_the_period_is_old(
    services: Any, period: Any
) -> None:
    old = add_period(
        services,
        employee_email="carla@example.com",
        starts_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
    )
    for p in (period, old):
        services.contact_procedures.save(p, {**BODY, "discussed": ""}, "token:lead", "")
    now = services.clock()
    # hr.retention_days (730): the old period ended more than two years ago, the other runs.
    assert services.retention.run(now, dry_run=True)["contact_log_copies"] >= 1
    services.retention.run(now)
    assert services.contact_procedures.get(old) is None
    assert services.contact_procedures.get(period) is not None


def test_the_employees_export_holds_the_procedure_as_agreed(services: Any, period: Any) -> None:
    services.contact_procedures.save(period, BODY, "token:lead", "")
    data = services.data_subjects.export(None, period.employee_email, "token:admin")
    (shown,) = data["periods"]
    assert shown["contact_procedure"]["not_discussed"] == BODY["not_discussed"]
    assert shown["contact_procedure"]["every"] == 1


def test_erasing_the_employees_data_erases_the_procedure_too(services: Any) -> None:
    ended = add_period(
        services,
        employee_email="carla@example.com",
        starts_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
    )
    services.repositories.lifecycle.set_handed_back(ended.id, services.clock(), {})
    services.contact_procedures.save(ended, BODY, "token:lead", "")
    assert services.contact_procedures.get(ended) is not None
    email = "carla@example.com"
    services.data_subjects.erase(None, email, "anonymise", email, "token:admin")
    assert services.contact_procedures.procedures.get(ended.id) is None
