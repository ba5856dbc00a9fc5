"""Delivery to the HR file: each target's exact calls, retries, dead letters, replay, the PDF."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from responses import matchers

from connector.adapters.hr.config import parse_hr_config
from connector.adapters.hr.document import build_document
from connector.adapters.signatures import verify_standard
from connector.cli import main
from connector.errors import ConfigError
from tests.contact_log_support import add_period, entry_data, hr_services

BAMBOO = "https://api.bamboohr.com/api/gateway.php/acme"
BAMBOO_HR = {
    "system": "bamboohr",
    "url": BAMBOO,
    "credentials": {"api_key": "bamboo-key"},
    "category": "112",
}
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"a-webhook-secret-of-32-bytes!!!!").decode()


@pytest.fixture
def hr(request: pytest.FixtureRequest) -> dict[str, Any]:
    return getattr(request, "param", BAMBOO_HR)


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any, hr: dict[str, Any]) -> Iterator[Any]:
    svc = hr_services(db_url, clock, sleeps, hr)
    svc.hr.housekeeping = None  # weekly summaries are tested elsewhere
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def entry(services: Any) -> Any:
    add_period(services)
    return services.contact_log.create(entry_data(), "token:lead")


def document(entry: Any, template: str = "contact-log-{date}-{entry_id}.pdf") -> Any:
    return build_document(entry, "Europe/Amsterdam", template)


def outbox(services: Any) -> list[dict[str, Any]]:
    return services.contact_log.log.outbox(None)


def expect_bamboo_lookup(vendor: Any) -> Any:
    return vendor.post(
        f"{BAMBOO}/v1/reports/custom",
        match=[
            matchers.query_param_matcher({"format": "JSON", "onlyCurrent": "false"}),
            matchers.json_params_matcher(
                {"title": "Stand-in employee lookup", "fields": ["id", "workEmail"]}
            ),
            matchers.header_matcher(
                {"Authorization": "Basic " + base64.b64encode(b"bamboo-key:x").decode()},
                strict_match=False,
            ),
        ],
        json={
            "title": "Stand-in employee lookup",
            "fields": [{"id": "id"}, {"id": "workEmail"}],
            "employees": [
                {"id": "41", "workEmail": "Anna@Example.com"},
                {"id": "42", "workEmail": "bob@example.com"},
            ],
        },
    )


def bamboo_upload_match(entry: Any) -> list[Any]:
    doc = document(entry)
    return [
        matchers.multipart_matcher(
            {"file": (doc.file_name, doc.pdf, "application/pdf")},
            data={"category": "112", "fileName": doc.file_name, "share": "no"},
        )
    ]


# -- BambooHR ------------------------------------------------------------------------------


def test_bamboohr_gets_the_pdf_in_the_hr_category_not_shared_with_the_employee(
    services: Any, vendor: Any, entry: Any
) -> None:
    lookup = expect_bamboo_lookup(vendor)
    upload = vendor.post(
        f"{BAMBOO}/v1/employees/41/files/",
        match=bamboo_upload_match(entry),
        status=201,
        headers={"Location": f"{BAMBOO}/v1/employees/41/files/9876"},
    )
    assert services.hr.drain() == 1
    assert (lookup.call_count, upload.call_count) == (1, 1)
    [row] = outbox(services)
    assert (row["status"], row["attempts"], row["target"]) == ("sent", 1, "bamboohr")
    assert row["remote_ref"] == f"{BAMBOO}/v1/employees/41/files/9876"
    assert row["entry_id"] == entry.id  # one row per entry and target: the idempotency key


def test_bamboohr_503_is_retried_inside_the_attempt_with_backoff(
    services: Any, vendor: Any, entry: Any, sleeps: Any
) -> None:
    expect_bamboo_lookup(vendor)
    url = f"{BAMBOO}/v1/employees/41/files/"
    vendor.post(url, status=503, body="Service Unavailable")
    vendor.post(url, status=503, body="Service Unavailable")
    ok = vendor.post(url, match=bamboo_upload_match(entry), status=201)
    services.hr.drain()
    assert ok.call_count == 1 and len(sleeps.calls) == 2
    assert outbox(services)[0]["status"] == "sent"


@pytest.mark.both_engines
def test_bamboohr_429_with_retry_after_reschedules_the_delivery_for_that_long(
    services: Any, vendor: Any, entry: Any, clock: Any, sleeps: Any
) -> None:
    expect_bamboo_lookup(vendor)
    url = f"{BAMBOO}/v1/employees/41/files/"
    vendor.post(url, status=429, headers={"Retry-After": "120"}, body="Too Many Requests")
    assert services.hr.drain() == 1
    [row] = outbox(services)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert "429" in row["last_error"] and sleeps.calls == []  # not slept: rescheduled
    assert row["next_attempt_at"] == (clock() + dt.timedelta(seconds=120)).isoformat()
    clock.advance(seconds=119)
    assert services.hr.drain() == 0
    clock.advance(seconds=1)
    ok = vendor.post(url, match=bamboo_upload_match(entry), status=201)
    assert services.hr.drain() == 1  # the employee id comes from the cache
    assert ok.call_count == 1 and outbox(services)[0]["status"] == "sent"


@pytest.mark.both_engines
def test_after_max_attempts_a_delivery_is_dead_lettered_and_a_team_lead_replays_it(
    services: Any, vendor: Any, entry: Any, clock: Any, client: Any, auth: Any
) -> None:
    services.hr.hr = parse_hr_config({**BAMBOO_HR, "max_attempts": 2})
    expect_bamboo_lookup(vendor)
    url = f"{BAMBOO}/v1/employees/41/files/"
    for _ in range(6):  # two attempts of three tries each
        vendor.post(url, status=503, body="Service Unavailable")
    services.hr.drain()
    clock.advance(hours=1)
    services.hr.drain()
    [row] = outbox(services)
    assert row["status"] == "dead" and row["attempts"] == 2
    assert row["last_error"].startswith("gave up after 2 attempts: bamboohr: POST ")
    dead = client.get("/api/v1/hr/dead", headers=auth("team_lead")).get_json()["deliveries"]
    assert [(d["id"], d["entry_id"], d["helpdesk"]) for d in dead] == [
        (row["id"], entry.id, "acme")
    ]
    path = f"/api/v1/hr/outbox/{row['id']}/replay"
    assert client.post(path, headers=auth("viewer")).status_code == 403
    assert client.post(path, headers=auth("team_lead")).status_code == 202
    assert client.post(path, headers=auth("team_lead")).status_code == 404  # no longer dead
    ok = vendor.post(url, match=bamboo_upload_match(entry), status=201)
    assert services.hr.drain() == 1
    assert ok.call_count == 1 and outbox(services)[0]["status"] == "sent"


@pytest.mark.both_engines
def test_an_unknown_employee_is_dead_lettered_at_once_with_a_clear_reason(
    services: Any, vendor: Any, clock: Any
) -> None:
    add_period(services, employee_email="zoe@example.com", employee_name="Zoe")
    services.contact_log.create(entry_data(employee="zoe@example.com"), "token:lead")
    expect_bamboo_lookup(vendor)
    expect_bamboo_lookup(vendor)  # the cached report is refreshed once before giving up
    services.hr.drain()
    [row] = outbox(services)
    assert row["status"] == "dead" and row["attempts"] == 1
    assert "no employee with work e-mail zoe@example.com" in row["last_error"]


def test_an_entry_is_relinted_before_it_is_sent(services: Any, vendor: Any, entry: Any) -> None:
    from sqlalchemy import update

    from connector.adapters.models import ContactLogEntryRow

    # The stored entry as if written before the word list learned "therapist".
    with services.store.session() as s:
        row = s.get_one(ContactLogEntryRow, entry.id)
        sealer = services.contact_log.log.sealer  # entries are sealed at rest
        changed = sealer.seal({**sealer.open(row.data), "summary": "Anna mentioned her therapist."})
        s.execute(
            update(ContactLogEntryRow).where(ContactLogEntryRow.id == entry.id).values(data=changed)
        )
    services.hr.drain()
    [row] = outbox(services)
    assert row["status"] == "dead" and "privacy lint" in row["last_error"]
    assert len(vendor.calls) == 0


# -- Personio, HiBob, AFAS, webhook ---------------------------------------------------------


@pytest.mark.parametrize(
    "hr",
    [
        {
            "system": "personio",
            "credentials": {"client_id": "pid", "client_secret": "psecret"},
            "category": "55",
        }
    ],
    indirect=True,
)
def test_personio_gets_a_token_finds_the_employee_and_uploads_into_the_category(
    services: Any, vendor: Any, entry: Any
) -> None:
    api = "https://api.personio.de"
    bearer = matchers.header_matcher({"Authorization": "Bearer tok-1"}, strict_match=False)
    vendor.post(
        f"{api}/v1/auth",
        match=[matchers.json_params_matcher({"client_id": "pid", "client_secret": "psecret"})],
        json={"success": True, "data": {"token": "tok-1"}},
    )
    vendor.get(
        f"{api}/v1/company/employees",
        match=[matchers.query_param_matcher({"email": "anna@example.com"}), bearer],
        json={
            "success": True,
            "data": [
                {
                    "type": "Employee",
                    "attributes": {
                        "id": {"label": "ID", "value": 77},
                        "email": {"label": "Email", "value": "anna@example.com"},
                    },
                }
            ],
        },
    )
    doc = document(entry)
    upload = vendor.post(
        f"{api}/v1/company/documents",
        match=[
            bearer,
            matchers.multipart_matcher(
                {"file": (doc.file_name, doc.pdf, "application/pdf")},
                data={
                    "title": "Contact log 2026-11-23 - Anna de Vries",
                    "comment": f"Stand-in contact log entry {entry.id}",
                    "employee_id": "77",
                    "category_id": "55",
                    "date": "2026-11-23",
                },
            ),
        ],
        json={"success": True, "data": {"id": 991}},
    )
    services.hr.drain()
    assert upload.call_count == 1
    assert outbox(services)[0]["remote_ref"] == "document 991"


@pytest.mark.parametrize(
    "hr",
    [{"system": "hibob", "credentials": {"service_user_id": "SERVICE-1", "token": "bob-token"}}],
    indirect=True,
)
def test_hibob_gets_the_pdf_in_the_confidential_folder(
    services: Any, vendor: Any, entry: Any
) -> None:
    api = "https://api.hibob.com"
    basic = matchers.header_matcher(
        {"Authorization": "Basic " + base64.b64encode(b"SERVICE-1:bob-token").decode()},
        strict_match=False,
    )
    vendor.post(
        f"{api}/v1/people/search",
        match=[
            basic,
            matchers.json_params_matcher(
                {
                    "fields": ["root.id", "root.email"],
                    "filters": [
                        {
                            "fieldPath": "root.email",
                            "operator": "equals",
                            "values": ["anna@example.com"],
                        }
                    ],
                    "showInactive": True,
                }
            ),
        ],
        json={"employees": [{"id": "3332883884017713238", "email": "anna@example.com"}]},
    )
    doc = document(entry)
    upload = vendor.post(
        f"{api}/v1/docs/people/3332883884017713238/confidential/upload",
        match=[
            basic,
            matchers.multipart_matcher({"file": (doc.file_name, doc.pdf, "application/pdf")}),
        ],
        json={"id": 123},
    )
    services.hr.drain()
    assert upload.call_count == 1
    assert outbox(services)[0]["remote_ref"] == "document 123"


AFAS = "https://12345.rest.afas.online/ProfitRestServices"
AFAS_TOKEN = "<token><version>1</version><data>ABC123</data></token>"


@pytest.mark.parametrize(
    "hr",
    [{"system": "afas", "url": AFAS, "credentials": {"token": AFAS_TOKEN}, "category": "21"}],
    indirect=True,
)
def test_afas_gets_a_dossier_item_linked_to_the_employee_with_the_pdf(
    services: Any, vendor: Any, entry: Any
) -> None:
    token = matchers.header_matcher(
        {"Authorization": "AfasToken " + base64.b64encode(AFAS_TOKEN.encode()).decode()},
        strict_match=False,
    )
    vendor.get(
        f"{AFAS}/connectors/Standin_Employees",
        match=[
            token,
            matchers.query_param_matcher(
                {
                    "filterfieldids": "Email",
                    "filtervalues": "anna@example.com",
                    "operatortypes": "1",
                    "skip": "0",
                    "take": "2",
                }
            ),
        ],
        json={"skip": 0, "take": 2, "rows": [{"EmployeeId": "1001", "Email": "anna@example.com"}]},
    )
    doc = document(entry)
    subject = {
        "KnSubject": {
            "Element": {
                "Fields": {
                    "StId": 21,
                    "Ds": "Contact log 2026-11-23 - Anna de Vries",
                    "SbTx": doc.text,
                    "Da": "2026-11-23T08:30:00",
                },
                "Objects": [
                    {
                        "KnSubjectLink": {
                            "Element": [{"Fields": {"DoCRM": True, "SfTp": 2, "SfId": "1001"}}]
                        }
                    },
                    {
                        "KnSubjectAttachment": {
                            "Element": [
                                {
                                    "Fields": {
                                        "FileName": doc.file_name,
                                        "FileStream": base64.b64encode(doc.pdf).decode(),
                                    }
                                }
                            ]
                        }
                    },
                ],
            }
        }
    }
    post = vendor.post(
        f"{AFAS}/connectors/KnSubject",
        match=[token, matchers.json_params_matcher(subject)],
        json={"results": {"KnSubject": {"SbId": 5678}}},
    )
    services.hr.drain()
    assert post.call_count == 1
    assert outbox(services)[0]["remote_ref"] == "dossier item 5678"


@pytest.mark.parametrize(
    "hr",
    [
        {
            "system": "webhook",
            "url": "https://hr.example.com/standin",
            "credentials": {"secret": WEBHOOK_SECRET},
        }
    ],
    indirect=True,
)
def test_the_webhook_target_gets_signed_json_with_the_entry_id_as_message_id(
    services: Any, vendor: Any, entry: Any, clock: Any
) -> None:
    hook = vendor.post(
        "https://hr.example.com/standin",
        match=[matchers.header_matcher({"webhook-id": entry.id}, strict_match=False)],
        status=204,
    )
    services.hr.drain()
    request = hook.calls[0].request
    headers = {k.lower(): v for k, v in request.headers.items()}
    verify_standard(headers, request.body, [WEBHOOK_SECRET], clock())
    body = json.loads(request.body)
    assert body["type"] == "contact_log.entry"
    assert body["data"]["entry"]["id"] == entry.id and "source_ref" not in body["data"]["entry"]
    assert base64.b64decode(body["data"]["pdf_base64"]).startswith(b"%PDF")
    assert body["data"]["text"] == document(entry).text
    assert outbox(services)[0]["status"] == "sent"


# -- the document ------------------------------------------------------------------------------


def test_the_pdf_is_one_confidential_dated_page_naming_author_and_function(
    services: Any, entry: Any
) -> None:
    doc = document(entry)
    reader = PdfReader(io.BytesIO(doc.pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "CONFIDENTIAL",
        "Contact log 2026-11-23 - Anna de Vries",
        "Contact: 2026-11-23 09:30 (Europe/Amsterdam)",
        "Recorded: 2026-11-23 10:00 (Europe/Amsterdam)",
        "Author: Chris Example, Team lead",
        "Channel: phone; initiative: employer; outcome: reached",
        "Purpose: well-being check-in",
        "Called Anna as planned; she keeps routine tickets for now.",
        "- Routine tickets first (who: Anna)",
        "Stance: not discussed",
        f"Entry {entry.id}",
    ):
        assert expected in text, expected
    assert doc.text.startswith("CONFIDENTIAL - HR file\nContact log 2026-11-23 - Anna de Vries\n")
    assert "Author: Chris Example, Team lead" in doc.text
    assert doc.file_name == f"contact-log-2026-11-23-{entry.id}.pdf"


def test_a_correction_says_which_entry_it_replaces(services: Any, entry: Any) -> None:
    fix = services.contact_log.supersede(entry.id, entry_data(outcome="rescheduled"), "t")
    assert f"Corrects and replaces entry: {entry.id}" in document(fix).text


# -- retention ------------------------------------------------------------------------------


@pytest.mark.both_engines
def test_the_purge_removes_delivered_local_copies_after_the_retention_period_only(
    services: Any, vendor: Any, entry: Any, clock: Any
) -> None:
    expect_bamboo_lookup(vendor)
    vendor.post(f"{BAMBOO}/v1/employees/41/files/", status=201)
    services.hr.drain()
    pending = services.contact_log.create(entry_data(summary="Second call."), "token:lead")
    clock.advance(days=700)
    assert services.contact_log.purge(clock()) == 0  # the period ended less than 730 days ago
    clock.advance(days=100)
    assert services.contact_log.purge(clock()) == 1
    assert services.contact_log.log.get(entry.id) is None
    assert services.contact_log.log.get(pending.id) is not None  # not delivered yet: kept


# -- configuration ---------------------------------------------------------------------------


def test_the_hr_section_is_validated_with_reasons_per_key() -> None:
    with pytest.raises(ConfigError) as exc:
        parse_hr_config(
            {"system": "bamboohr", "url": "http://hr.example.com", "retention_days": 5, "foo": 1}
        )
    assert exc.value.reasons == [
        "hr.foo: unknown setting",
        "hr.credentials.api_key: required for bamboohr",
        "hr.url: must use https:// (http:// is allowed only for loopback)",
        "hr.category: required for bamboohr: the id of a file category only HR can see "
        "(Settings → Employee files)",
        "hr.retention_days: must be a whole number from 30 to 7300",
    ]
    with pytest.raises(ConfigError, match="hr.system: 'sap' is not one of afas, bamboohr"):
        parse_hr_config({"system": "sap"})
    assert parse_hr_config({}).system is None
    assert parse_hr_config({"retention_days": 365}).retention_days == 365


def test_standin_check_fails_clearly_on_a_bad_hr_section(tmp_path: Any) -> None:
    path = tmp_path / "standin.yaml"
    path.write_text("hr:\n  system: personio\n  category: '5'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config", str(path)])
    assert result.exit_code == 2
    assert "hr.credentials.client_id: required for personio" in result.output
