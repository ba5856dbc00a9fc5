"""The OpenAPI document is exact: what it permits the server takes, what it refuses the server
refuses. One test per class of mismatch the schemathesis run with all checks found (issue 19,
item 8); the run itself is in tests/test_schemathesis.py."""

from __future__ import annotations

from typing import Any

import pytest

from connector.web.openapi import openapi_document
from tests.contact_log_support import add_period, api_entry

DOC = openapi_document()
SCHEMAS = DOC["components"]["schemas"]
LARGEST_ID = 2**31 - 1


def served_document(client: Any) -> dict[str, Any]:
    doc: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    return doc


def refused_fields(resp: Any) -> dict[str, Any]:
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert error["code"] == "validation_failed"
    fields: dict[str, Any] = error["fields"]
    return fields


def parameters(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, parameter) for every parameter of every operation."""
    return [
        (method, path, param)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        for param in op.get("parameters", [])
    ]


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/periods", {"GET", "POST"}),
        ("/api/v1/periods/1", {"GET", "PATCH"}),
        ("/api/v1/contact-log", {"GET", "POST"}),
        ("/api/v1/employees/anna@example.com/erase", {"POST"}),
        ("/api/v1/periods/1/audit.csv", {"GET"}),
        ("/api/v1/periods/1/contact-procedure", {"GET", "PUT"}),
    ],
)
def test_a_method_the_route_does_not_answer_is_405_with_allow_naming_the_ones_it_does(
    client: Any, auth: Any, path: str, allowed: set[str]
) -> None:
    for method in ("TRACE", "PUT", "DELETE"):
        if method in allowed:
            continue
        resp = client.open(path, method=method, headers=auth("admin"))
        assert resp.status_code == 405
        assert resp.get_json()["error"]["code"] == "method_not_allowed"
        named = {m.strip() for m in resp.headers["Allow"].split(",")}
        assert allowed <= named
        assert method not in named


def test_a_scope_filter_is_one_filter_or_a_list_of_them_never_null(client: Any, auth: Any) -> None:
    one = {"$ref": "#/components/schemas/ScopeFilter"}
    for key in ("include", "exclude"):
        prop = SCHEMAS["Scope"]["properties"][key]
        assert prop["oneOf"] == [one, {"type": "array", "maxItems": 50, "items": one}]
        assert "nullable" not in prop
    body = {
        "helpdesk": "acme",
        "employee": "anna@example.com",
        "replacement": "bob@example.com",
        "starts_at": "2026-12-01",
        "ends_at": "2026-12-31",
        "scope": {"include": None, "exclude": None},
    }
    scope = refused_fields(client.post("/api/v1/periods", json=body, headers=auth()))["scope"]
    assert set(scope) == {"include", "exclude"}


def test_every_helpdesk_a_request_names_is_one_of_the_configured_keys(
    client: Any, auth: Any
) -> None:
    doc = served_document(client)
    named = [p for _m, _p, p in parameters(doc) if p["name"] == "helpdesk"]
    assert len(named) >= 4  # the period list, the contact log and its access log, webhooks
    assert all(p["schema"]["enum"] == ["acme", "other"] for p in named)
    schemas = doc["components"]["schemas"]
    for name in ("PeriodCreate", "TemplateCreate", "ContactEntryCreate"):
        assert schemas[name]["properties"]["helpdesk"]["enum"] == ["acme", "other"]
    assert schemas["ContactEntrySupersede"]["properties"]["helpdesk"]["enum"] == [
        "acme",
        "other",
        None,
    ]
    for query in ("helpdesk=", "helpdesk=nope"):
        for path in ("/api/v1/periods", "/api/v1/contact-log/access"):
            resp = client.get(f"{path}?{query}", headers=auth("admin"))
            assert "helpdesk" in refused_fields(resp)
    assert client.get("/api/v1/periods?helpdesk=acme", headers=auth()).status_code == 200


def test_a_blank_employee_in_the_contact_log_query_is_documented_as_missing(
    client: Any, auth: Any
) -> None:
    [param] = [
        p
        for m, path, p in parameters(DOC)
        if (m, path, p["name"]) == ("get", "/api/v1/contact-log", "employee")
    ]
    assert param["required"] is True
    assert param["schema"] == {"type": "string", "minLength": 1, "pattern": r"\S"}
    resp = client.get("/api/v1/contact-log?helpdesk=acme&employee=%20%20", headers=auth())
    assert refused_fields(resp) == {"employee": ["required: the employee's e-mail"]}


def test_every_id_the_document_names_has_the_range_the_server_takes(client: Any, auth: Any) -> None:
    ids = [
        p["schema"]
        for _m, _path, p in parameters(DOC)
        if p["name"].endswith("_id") and p["schema"].get("type") == "integer"
    ]
    assert len(ids) >= 8
    assert all(s["minimum"] == 1 and s["maximum"] == LARGEST_ID for s in ids)
    for name in ("Preview", "ContactEntryCreate"):
        period_id = SCHEMAS[name]["properties"]["period_id"]
        assert (period_id["minimum"], period_id["maximum"]) == (1, LARGEST_ID)
    h = auth("viewer")
    assert client.get(f"/api/v1/audit?period_id={LARGEST_ID}", headers=h).status_code == 200
    resp = client.get(f"/api/v1/audit?before_id={LARGEST_ID + 1}", headers=h)
    assert "before_id" in refused_fields(resp)
    assert client.get(f"/api/v1/periods/{LARGEST_ID + 1}", headers=h).status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/employees/anna@example.com/export", "/api/v1/periods/1/audit.csv"]
)
def test_a_language_other_than_the_four_documented_is_422(
    client: Any, auth: Any, path: str
) -> None:
    resp = client.get(f"{path}?lang=xx", headers=auth("admin"))
    assert refused_fields(resp) == {"lang": ["must be one of nl, fr, de, en"]}


@pytest.mark.parametrize("value", [0, 1, "yes", "true", "on"])
def test_a_boolean_is_json_true_or_false_only(client: Any, auth: Any, value: Any) -> None:
    assert SCHEMAS["TemplateCreate"]["properties"]["activate"]["type"] == "boolean"
    body = {"helpdesk": "acme", "lang": "en", "subject": "Hello", "text": "Hi", "activate": value}
    resp = client.post("/api/v1/templates", json=body, headers=auth())
    assert refused_fields(resp) == {"activate": ["Not a valid boolean."]}


def test_the_contact_procedure_takes_what_its_schema_documents_and_nothing_else(
    client: Any, auth: Any, services: Any
) -> None:
    schema = SCHEMAS["ContactProcedure"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"every", "unit", "channel"}
    assert schema["properties"]["every"] == {"type": "integer", "minimum": 1, "maximum": 52}
    assert schema["properties"]["check_in_on"]["nullable"] is True
    assert schema["properties"]["less_contact"]["type"] == "boolean"
    url = f"/api/v1/periods/{add_period(services).id}/contact-procedure"
    body = {"every": 53, "unit": "weeks", "channel": "phone"}
    assert set(refused_fields(client.put(url, json=body, headers=auth()))) == {"every"}


def test_an_optional_nested_object_is_null_or_a_whole_object(client: Any, auth: Any) -> None:
    for name in ("ContactEntryCreate", "ContactEntrySupersede"):
        choices = SCHEMAS[name]["properties"]["next_contact"]["anyOf"]
        assert choices == [
            {"$ref": "#/components/schemas/NextContact"},
            {"type": "object", "nullable": True, "enum": [None]},
        ]
    resp = client.post("/api/v1/contact-log", json=api_entry(next_contact={}), headers=auth())
    assert set(refused_fields(resp)["next_contact"]) == {"date", "channel"}


def test_every_api_operation_documents_the_503_with_retry_after_a_database_outage_gives() -> None:
    for path, item in DOC["paths"].items():
        for method, op in item.items():
            answer = op["responses"]["503"]
            assert answer["headers"]["Retry-After"]["required"] is True, (method, path)
            assert answer["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }


def test_the_webhook_answers_are_documented_with_their_bodies_and_allow(client: Any) -> None:
    answers = DOC["paths"]["/webhooks/{helpdesk}"]["post"]["responses"]
    accepted = answers["202"]["content"]["application/json"]["schema"]
    assert accepted["required"] == ["accepted", "duplicates", "ignored"]
    resp = client.get("/webhooks/acme")
    assert resp.status_code == 405 and resp.headers["Allow"] == "POST"
    assert answers["405"]["headers"]["Allow"]["schema"]["enum"] == ["POST"]
    assert resp.get_json()["error"]["code"] == "method_not_allowed"
    unsigned = client.post("/webhooks/acme", data=b"{}")
    assert unsigned.status_code == 401 and "401" in answers
    assert unsigned.get_json()["error"]["code"] == "bad_signature"
