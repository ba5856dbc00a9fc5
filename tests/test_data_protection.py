"""The employee's rights and the audit as files: export, erasure, audit CSV and PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from connector.adapters.data_subject_store import pseudonym
from connector.adapters.models import AuditRecord, PeriodRow
from connector.services.data_subjects import export_pdf
from connector.web import create_app
from tests.contact_log_support import add_period, entry_data, hr_services
from tests.test_ui import csrf_of, sign_in

SUMMARY = "Kort gesprek over de werkplek; rooster in overleg bijstellen."


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    svc = hr_services(db_url, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def app(services: Any) -> Any:
    return create_app(services=services, TESTING=True)


@pytest.fixture
def period(services: Any) -> Any:
    p = add_period(services)
    services.repositories.audit.audit(
        dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC),
        "acme",
        "rerouted",
        period_id=p.id,
        ticket_id="4711",
        from_agent="9001",
        to_agent="9002",
        reason="ticket of the employee; notice sent",
    )
    services.contact_log.create(entry_data(summary=SUMMARY), "token:lead")
    sent = {  # the notice as sent names the employee when the period's mention allows it
        "lang": "nl",
        "subject": "Uw aanspreekpunt vanaf vandaag: Bob",
        "text": "Anna is tijdelijk niet beschikbaar.",
        "html": "<p>Anna is tijdelijk niet beschikbaar.</p>",
    }
    services.repositories.notices.record_sent(p.id, "4711", "7001", sent, services.clock())
    return p


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _hand_back(services: Any, period_id: int) -> None:
    with services.store.session() as s:
        s.execute(
            update(PeriodRow)
            .where(PeriodRow.id == period_id)
            .values(handed_back_at=services.clock())
        )


# --- the audit as a file --------------------------------------------------------------------


def test_a_periods_audit_downloads_as_csv_in_the_readers_language_and_the_periods_zone(
    client: Any, auth: Any, period: Any
) -> None:
    resp = client.get(f"/api/v1/periods/{period.id}/audit.csv?lang=fr", headers=auth("viewer"))
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="audit-period-{period.id}.csv"' in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Quand", "Action", "Ticket", "De", "À", "Motif", "Par"]
    rerouted = next(r for r in rows if r[2] == "4711")
    assert rerouted[:5] == ["2026-12-01 00:30", "réacheminé", "4711", "9001", "9002"]


def test_a_periods_audit_downloads_as_a_pdf_from_the_page_in_the_pages_language(
    app: Any, tokens: dict[str, str], period: Any
) -> None:
    client = app.test_client()
    sign_in(client, tokens["team_lead"])
    client.get("/ui/lang/nl")
    page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert f"/ui/periods/{period.id}/audit.pdf" in page and "Downloaden als PDF" in page
    resp = client.get(f"/ui/periods/{period.id}/audit.pdf")
    assert resp.headers["Content-Type"] == "application/pdf"
    text = _pdf_text(resp.get_data())
    assert f"Audit van periode {period.id}" in text
    assert "omgeleid" in text and "VERTROUWELIJK" in text
    assert "1 december 2026 00:30" in text  # Babel's Dutch date, in the period's time zone


def test_a_period_of_a_helpdesk_the_token_may_not_see_is_not_found(
    client: Any, auth: Any, services: Any
) -> None:
    other = add_period(services, helpdesk="other")
    resp = client.get(f"/api/v1/periods/{other.id}/audit.csv", headers=auth("acme_lead"))
    assert resp.status_code == 404
    assert client.get(f"/api/v1/periods/{other.id}/audit.xls", headers=auth()).status_code == 404


# --- export ---------------------------------------------------------------------------------


def test_an_admin_exports_everything_held_about_an_employee_and_the_export_is_a_recorded_read(
    client: Any, auth: Any, services: Any, period: Any
) -> None:
    assert (
        client.get("/api/v1/employees/anna@example.com/export", headers=auth()).status_code == 403
    )
    data = client.get("/api/v1/employees/anna@example.com/export", headers=auth("admin")).get_json()
    assert [p["id"] for p in data["periods"]] == [period.id]
    assert [e["summary"] for e in data["contact_log"] if not e.get("automatic")][-1] == SUMMARY
    assert any(r["ticket_id"] == "4711" for r in data["audit"])
    (read,) = services.access_log.reads(None)
    assert (read.via.value, read.actor) == ("export", "token:admin")
    pdf = client.get(
        "/api/v1/employees/anna@example.com/export?format=pdf&lang=de", headers=auth("admin")
    )
    text = _pdf_text(pdf.get_data())
    assert "Alles, was Stand-in" in text and "rooster in overleg" in text
    unknown = client.get("/api/v1/employees/nobody@example.com/export", headers=auth("admin"))
    assert unknown.status_code == 404


def test_the_employees_pdf_speaks_the_readers_language_with_local_times_and_the_procedure(
    services: Any, period: Any
) -> None:
    procedure = {"by_whom": "Chris Example", "every": 2, "unit": "weeks", "channel": "phone"}
    services.contact_procedures.save(period, procedure, "token:lead", "")
    data = services.data_subjects.export(None, "anna@example.com", "token:admin")

    text = " ".join(_pdf_text(export_pdf(data, "de")).split())

    assert "VERTRAULICH" in text and "Alles, was Stand-in über anna@example.com speichert" in text
    for heading in ("Zeiträume", "Kontaktvereinbarung", "Kontaktprotokoll", "Wer das"):
        assert heading in text
    assert "Zeitraum Helpdesk Vertretung Beginn Ende" in text  # column names, not keys
    # 23:00 UTC on 15 November is midnight in Amsterdam, the period's zone: no ISO, no UTC
    assert "16. November 2026 00:00" in text and "2026-11-15T23" not in text
    assert "1. Dezember 2026 00:30" in text  # the audit row, in the period's zone too
    assert "umgeleitet" in text  # the action named, not its code "rerouted"
    assert "alle 2 Wochen" in text  # the procedure as agreed, in German
    assert "well_being" not in text and "return_planning" not in text  # purposes named


# --- erasure --------------------------------------------------------------------------------


def test_erasure_waits_for_the_period_to_end_and_needs_the_address_repeated(
    client: Any, auth: Any, period: Any
) -> None:
    url = "/api/v1/employees/anna@example.com/erase"
    wrong = client.post(
        url, json={"mode": "erase", "confirm": "bob@example.com"}, headers=auth("admin")
    )
    assert wrong.status_code == 422
    assert "confirm" in wrong.get_json()["error"]["fields"]
    running = client.post(
        url, json={"mode": "erase", "confirm": "anna@example.com"}, headers=auth("admin")
    )
    assert running.status_code == 422
    assert "still runs" in running.get_json()["error"]["fields"]["employee"][0]


@pytest.mark.both_engines
def test_erasing_removes_periods_entries_and_audit_and_records_only_that_it_happened(
    client: Any, auth: Any, services: Any, period: Any
) -> None:
    _hand_back(services, period.id)
    resp = client.post(
        "/api/v1/employees/anna@example.com/erase",
        json={"mode": "erase", "confirm": "ANNA@example.com"},
        headers=auth("admin"),
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["erased"]["periods"] == 1
    assert services.repositories.periods.periods(None) == []
    assert services.contact_log.log.entries(None, "anna@example.com") == []
    with services.store.session() as s:
        rows = s.execute(select(AuditRecord)).scalars().all()
    (note,) = rows
    assert note.action == "data_subject_erased" and note.actor == "token:admin"
    assert "anna" not in (note.reason + note.helpdesk).lower()


@pytest.mark.both_engines
def test_anonymising_keeps_the_period_as_numbers_under_a_pseudonym_without_text(
    client: Any, auth: Any, services: Any, period: Any
) -> None:
    _hand_back(services, period.id)
    resp = client.post(
        "/api/v1/employees/anna@example.com/erase",
        json={"mode": "anonymise", "confirm": "anna@example.com"},
        headers=auth("admin"),
    )
    assert resp.status_code == 200
    (kept,) = services.repositories.periods.periods(None)
    assert (kept.employee_email, kept.employee_name) == (pseudonym("anna@example.com"), "")
    with services.store.session() as s:
        rerouted = s.execute(
            select(AuditRecord).where(AuditRecord.ticket_id == "4711")
        ).scalar_one()
    assert (rerouted.reason, rerouted.from_agent) == ("", pseudonym("anna@example.com"))
    assert services.contact_log.log.entries(None, "anna@example.com") == []
    assert services.repositories.notices.sent_notices(kept.id) == []  # it could name her


def test_an_admin_uses_the_data_protection_page_to_see_reads_export_and_anonymise(
    app: Any, tokens: dict[str, str], services: Any, period: Any
) -> None:
    client = app.test_client()
    sign_in(client, tokens["admin"])
    page = client.get("/ui/data-protection?employee=anna@example.com").get_data(as_text=True)
    assert "1 periods" in page or "1 period" in page
    pdf = client.get("/ui/data-protection/export.pdf?employee=anna@example.com")
    assert "rooster in overleg" in _pdf_text(pdf.get_data())
    page = client.get("/ui/data-protection?employee=anna@example.com").get_data(as_text=True)
    assert "export" in page  # the export just made is in the access log
    _hand_back(services, period.id)
    done = client.post(
        "/ui/data-protection/erase",
        data={
            "employee": "anna@example.com",
            "mode": "anonymise",
            "confirm": "anna@example.com",
            "csrf_token": csrf_of(page),
        },
    )
    assert done.status_code == 303
    assert services.contact_log.log.entries(None, "anna@example.com") == []
    lead = app.test_client()
    sign_in(lead, tokens["team_lead"])
    assert lead.get("/ui/data-protection").status_code == 403


# --- a replacement's data (#21: the first replacement and the extra ones) -------------------


@pytest.fixture
def shared(services: Any) -> Any:
    """A period of Anna's shared by Bob (the first replacement) and Carla (an extra one),
    with what the balancing counted and the audit naming each."""
    p = add_period(
        services,
        replacements=[{"id": "9003", "email": "carla@example.com", "name": "Carla Peeters"}],
        balancing={"strategy": "share", "shares": {"9002": 1, "9003": 2}},
    )
    services.repositories.periods.set_balance_state(
        p.id,
        {"counts": {"9002": 1, "9003": 2}, "customers": {"id:7001": "9003", "id:7002": "9002"}},
    )
    for ticket, agent in (("11", "9002"), ("12", "9003")):
        services.repositories.audit.audit(
            dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC),
            "acme",
            "rerouted",
            period_id=p.id,
            ticket_id=ticket,
            from_agent="9001",
            to_agent=agent,
            reason="ticket of the employee; balance.share: fixed share",
        )
    return p


@pytest.mark.parametrize(
    ("email", "agent", "tickets", "first"),
    [("carla@example.com", "9003", "12", False), ("bob@example.com", "9002", "11", True)],
)
def test_an_extra_replacement_is_found_and_exported_like_the_first_replacement(
    client: Any, auth: Any, shared: Any, email: str, agent: str, tickets: str, first: bool
) -> None:
    resp = client.get(f"/api/v1/employees/{email}/export", headers=auth("admin"))
    assert resp.status_code == 200, resp.get_json()
    data = resp.get_json()
    assert data["periods"] == []  # not their own periods
    [p] = data["periods_as_replacement"]
    assert (p["id"], p["replacement"]["email"], p["first_replacement"]) == (
        shared.id,
        email,
        first,
    )
    assert (p["balanced_to_them"], p["customers_told_about_them"]) == (int(agent) - 9001, 1)
    assert "employee" not in p  # the employee's data is not theirs
    assert [r["ticket_id"] for r in data["audit"]] == [tickets]


@pytest.mark.both_engines
@pytest.mark.parametrize("mode", ["erase", "anonymise"])
def test_erasing_an_extra_replacement_puts_a_pseudonym_everywhere_they_were_named(
    client: Any, auth: Any, services: Any, shared: Any, mode: str
) -> None:
    url = "/api/v1/employees/carla@example.com/erase"
    body = {"mode": mode, "confirm": "carla@example.com"}
    running = client.post(url, json=body, headers=auth("admin"))
    assert running.status_code == 422  # the period still routes tickets to her
    _hand_back(services, shared.id)

    resp = client.post(url, json=body, headers=auth("admin"))

    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["erased"]["periods_as_replacement"] == 1
    alias = pseudonym("carla@example.com")
    (kept,) = services.repositories.periods.periods(None)  # Anna's period stays: it is hers
    assert kept.employee_email == "anna@example.com"
    assert kept.replacement_email == "bob@example.com"
    assert kept.replacements == [{"id": alias, "email": alias, "name": ""}]
    assert kept.balancing["shares"] == {"9002": 1, alias: 2}
    assert kept.state["balance"]["counts"] == {"9002": 1, alias: 2}
    assert kept.state["balance"]["customers"] == {"id:7001": alias, "id:7002": "9002"}
    with services.store.session() as s:
        agents = {r.ticket_id: r.to_agent for r in s.execute(select(AuditRecord)).scalars()}
    assert (agents["11"], agents["12"]) == ("9002", alias)
    assert "carla" not in str(kept).lower()
    gone = client.get("/api/v1/employees/carla@example.com/export", headers=auth("admin"))
    assert gone.status_code == 404  # nothing left about her


def test_erasing_the_first_replacement_keeps_the_period_under_a_pseudonym(
    client: Any, auth: Any, services: Any, shared: Any
) -> None:
    _hand_back(services, shared.id)
    resp = client.post(
        "/api/v1/employees/bob@example.com/erase",
        json={"mode": "anonymise", "confirm": "bob@example.com"},
        headers=auth("admin"),
    )
    assert resp.status_code == 200, resp.get_json()
    (kept,) = services.repositories.periods.periods(None)
    alias = pseudonym("bob@example.com")
    assert (kept.replacement_id, kept.replacement_email, kept.replacement_name) == (
        alias,
        alias,
        "",
    )
    assert kept.state["balance"]["counts"] == {alias: 1, "9003": 2}
