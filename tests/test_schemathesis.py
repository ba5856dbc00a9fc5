"""Schemathesis against the served OpenAPI document.

First, the whole run as a user would start it: ``schemathesis run`` with ALL its checks
against the app served over loopback by werkzeug, every phase (examples, coverage, fuzzing,
stateful), derandomized and bounded (see ``test_schemathesis_with_all_checks_...``).

Then, in-process (WSGI), as a scoped team lead:

Every documented operation gets generated valid and invalid requests, those with a period id
also aimed at two seeded periods: one of the token's helpdesk, one of another. For each
request: no 5xx, the status code and the JSON body are the ones the document promises, a
refused request (4xx) leaves the database exactly as it was, and the other helpdesk's period
is never reached. The helpdesk behind the API is a fake at the vendor HTTP boundary that
knows every agent (so valid periods really get created and changed) and no ticket.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import func, select

from connector.adapters import models
from connector.web.openapi import openapi_document
from connector.worker import Worker
from tests.conftest import NOW, ZENDESK_SECRET
from tests.contact_log_support import entry_data
from tests.support import served as serving
from tests.support import zendesk_headers

SCHEMA = schemathesis.openapi.from_dict(openapi_document())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES_PER_MODE = 40  # x2 modes x 19 operations: about 1,500 requests in all
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
COUNTED = [
    models.PeriodRow,
    models.AuditRecord,
    models.NoticeTemplateRow,
    models.ContactLogEntryRow,
    models.HrOutboxRow,
    models.InboxEvent,
    models.ReroutedTicket,
    models.ApiToken,
]


def _any_agent(request: Any) -> tuple[int, dict[str, str], str]:
    """Zendesk's user search, answered for every e-mail: an active agent with a stable id."""
    query = parse_qs(urlsplit(request.url).query).get("query", [""])[0]
    email = query.removeprefix("email:")
    user = {"id": zlib.crc32(email.encode()), "email": email, "name": "An Agent", "role": "agent"}
    return 200, {"Content-Type": "application/json"}, json.dumps({"users": [user]})


@pytest.fixture
def helpdesk() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(
            responses.GET,
            re.compile(r"https://(acme|other)\.zendesk\.com/api/v2/users/search\.json.*"),
            callback=_any_agent,
        )
        # It has no tickets: an empty search (the dry run's listing), and an unknown ticket
        # id is 404 RecordNotFound.
        rsps.add(
            responses.GET,
            re.compile(r"https://(acme|other)\.zendesk\.com/api/v2/search\.json.*"),
            json={"results": [], "count": 0, "next_page": None},
        )
        rsps.add(
            responses.GET,
            re.compile(r"https://(acme|other)\.zendesk\.com/api/v2/tickets/[^/]+\.json"),
            status=404,
            json={"error": "RecordNotFound", "description": "Not found"},
        )
        yield rsps


def row_counts(services: Any) -> tuple[int, ...]:
    """Rows in every table a request could write to, in one query."""
    counts = [select(func.count()).select_from(m).scalar_subquery() for m in COUNTED]
    with services.store.session() as s:
        return tuple(s.execute(select(*counts)).one())


def snapshot(services: Any) -> tuple[Any, ...]:
    """What a refused request must leave as it was: row counts, the periods, the templates."""
    return (
        row_counts(services),
        services.repositories.periods.periods(),
        services.repositories.templates.templates(None),
    )


def seeded_periods(services: Any) -> tuple[int, int]:
    """One period the token's helpdesk owns, one it must never see or change."""
    mine, theirs = (
        services.periods.create(
            {
                "helpdesk": helpdesk,
                "employee": f"anna@{helpdesk}.example",
                "replacement": f"bob@{helpdesk}.example",
                "starts_at": "2026-12-01",
                "ends_at": "2026-12-31",
            },
            "seed",
        ).id
        for helpdesk in ("acme", "other")
    )
    return mine, theirs


# Writes whose 422s come from rules the document states in words but JSON Schema cannot:
# the positive_data_acceptance check takes a 422 from these (and only these) as a refusal.
RULES_BEYOND_JSON_SCHEMA = {
    "POST /api/v1/periods": "dates that parse and end after they start; employee ≠ replacement; "
    "extra replacements are agents, distinct, not the employee; shares name replacements; "
    "fewest_open only where the helpdesk counts open tickets; a capacity is one of per_day or "
    "percent; overlapping periods of one employee need disjoint scopes",
    "PATCH /api/v1/periods/{period_id}": "the same rules on the changed period",
    "POST /api/v1/periods/dry-run": "the rules of a create, on the period tried",
    "POST /api/v1/periods/{period_id}/dry-run": "the rules of a change, on the edit tried",
    "POST /api/v1/templates": "the template sandbox check and the privacy guard",
    "POST /api/v1/notices/preview": "the ticket must exist in the period's helpdesk",
    "POST /api/v1/contact-log": "the period must cover contact_at; the privacy guard",
    "POST /api/v1/contact-log/{entry_id}/supersede": "the same rules as a new entry",
    "POST /api/v1/employees/{email}/erase": "confirm repeats the e-mail; periods have ended",
    "PUT /api/v1/periods/{period_id}/contact-procedure": "check_in_on not before today in the "
    "period's zone and required with less_contact; the privacy guard",
}
FULL_RUN_EXAMPLES = 10  # per operation and phase: about 1,000 requests, some 20 s


def schemathesis_config(path: Any, pinned: dict[str, dict[str, Any]]) -> Any:
    """A schemathesis.toml: the rule-bound 422s above, and ids of seeded items to aim at."""
    lines = []
    for label in RULES_BEYOND_JSON_SCHEMA:
        method, route = label.split(" ")
        lines += [
            "[[operations]]",
            f'include-path = "{route}"',
            f'include-method = "{method}"',
            "checks.positive_data_acceptance.expected-statuses = "
            '["2xx", "401", "403", "404", "409", "422"]',
            "",
        ]
    for route, params in pinned.items():
        lines += ["[[operations]]", f'include-path = "{route}"', "[operations.parameters]"]
        lines += [f"{name} = {json.dumps(value)}" for name, value in params.items()]
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def seeded_dead_event(app: Any, services: Any) -> int:
    """A signed webhook without a ticket id: the worker dead-letters it at once."""
    body = b'{"type": "zen:event-type:ticket.created", "id": "x1", "detail": {}}'
    headers = zendesk_headers(body, ZENDESK_SECRET, services.clock())
    assert app.test_client().post("/webhooks/acme", data=body, headers=headers).status_code == 202
    Worker(services, "seed").drain()
    [dead] = services.store.dead_events(None)
    return int(dead["id"])


@pytest.fixture
def served(app: Any) -> Iterator[str]:
    """The app behind a real HTTP server on loopback, in a thread of this process."""
    with serving(app) as base:
        yield base


#: The coverage phase (about 8,000 deterministic boundary cases, 95 % of the full run) in parts
#: by path, the operations with a period body (the heaviest) apart.
COVERAGE_SLICES = {
    "coverage-periods": r"^/api/v1/periods(/\{period_id\})?$",
    "coverage-dry-runs": r"/dry-run$",
}
OTHERS = "|".join(f"(?:{regex})" for regex in COVERAGE_SLICES.values())
#: The full run in parts that xdist runs side by side: the coverage slices, the rest of the
#: coverage phase, and the other phases over every operation (stateful links need them all).
#: Together: every phase on every operation.
FULL_RUN_PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    **{part: ("coverage", ("--include-path-regex", rx)) for part, rx in COVERAGE_SLICES.items()},
    "coverage-others": ("coverage", ("--exclude-path-regex", OTHERS)),
    "examples-fuzzing-stateful": ("examples,fuzzing,stateful", ()),
}


def operations_in(part: str) -> int:
    """How many documented operations a part of the full run selects."""
    _phases, selection = FULL_RUN_PARTS[part]
    if not selection:
        return len(OPERATIONS)
    option, regex = selection
    matching = sum(bool(re.search(regex, op.path)) for op in OPERATIONS)
    return matching if option == "--include-path-regex" else len(OPERATIONS) - matching


def test_the_full_run_parts_cover_every_documented_operation_once_per_phase() -> None:
    coverage = [part for part, (phases, _) in FULL_RUN_PARTS.items() if phases == "coverage"]
    assert sum(operations_in(part) for part in coverage) == len(OPERATIONS)
    assert min(operations_in(part) for part in coverage) > 0
    phases = {phase for phases, _ in FULL_RUN_PARTS.values() for phase in phases.split(",")}
    assert phases == {"examples", "coverage", "fuzzing", "stateful"}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("part", FULL_RUN_PARTS)
def test_schemathesis_with_all_checks_finds_nothing_wrong_in_any_documented_operation(
    part: str,
    served: str,
    app: Any,
    services: Any,
    tokens: dict[str, str],
    helpdesk: Any,
    tmp_path: Any,
) -> None:
    """The command a user would run; it sends its own requests (other methods, no or a wrong
    token, schema-violating data) to the served app, so nothing is mocked on its side."""
    phases, selection = FULL_RUN_PARTS[part]
    mine, _theirs = seeded_periods(services)
    entry = services.contact_log.create(
        entry_data(employee="anna@acme.example", contact_at=NOW - dt.timedelta(hours=1)), "seed"
    )
    dead_event = seeded_dead_event(app, services)
    config = schemathesis_config(
        tmp_path / "schemathesis.toml",
        {
            "/api/v1/contact-log/{entry_id}": {"entry_id": entry.id},
            "/api/v1/contact-log/{entry_id}/supersede": {"entry_id": entry.id},
            "/api/v1/events/{event_id}/replay": {"event_id": dead_event},
            "/api/v1/employees/{email}/export": {"email": "anna@acme.example"},
        },
    )
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run"),
        f"{served}/api/v1/openapi.json",
        *("--url", served, "--checks", "all", "--generation-deterministic"),
        *("--max-examples", str(FULL_RUN_EXAMPLES), "--workers", "1", "--no-color"),
        *("--header", f"Authorization: Bearer {tokens['admin']}"),
        *("--request-timeout", "30"),
        *("--phases", phases, *selection),
    ]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path
    )  # its cache (.schemathesis/) goes to tmp_path
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    print(summary)
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-2000:]
    assert f"Tested: {operations_in(part)}" in summary, summary
    assert mine  # the seeded period was there to be found


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_every_documented_operation_keeps_its_promises_under_generated_input(
    operation: Any, app: Any, services: Any, auth: Any, helpdesk: Any
) -> None:
    headers = auth("acme_lead")  # a team lead of helpdesk acme only
    mine, theirs = seeded_periods(services)
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    strategies = [operation.as_strategy(mode) for mode in modes]
    if "{period_id}" in operation.path:  # also aim at the seeded periods, not only random ids
        strategies += [
            operation.as_strategy(mode, path_parameters={"period_id": pid})
            for mode in modes
            for pid in (mine, theirs)
        ]

    @settings(
        max_examples=2 * EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def run(case: Any) -> None:
        before = snapshot(services)
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if 400 <= response.status_code < 500:
            assert snapshot(services) == before, "a refused request changed something"
        if (case.path_parameters or {}).get("period_id") == theirs:
            assert response.status_code >= 400, "another helpdesk's period was reached"

    run()
    assert services.periods.get(theirs).ended_early_at is None


JSON_ENDPOINTS = [
    ("POST", "/api/v1/periods"),
    ("PATCH", "/api/v1/periods/1"),
    ("POST", "/api/v1/templates"),
    ("POST", "/api/v1/notices/preview"),
    ("POST", "/api/v1/contact-log"),
]


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
def test_json_nested_too_deeply_for_the_parser_is_a_clean_400(
    client: Any, services: Any, auth: Any, method: str, path: str
) -> None:
    before = row_counts(services)
    body = "[" * 100_000 + "]" * 100_000
    resp = client.open(
        path, method=method, data=body, headers={**auth(), "Content-Type": "application/json"}
    )
    assert resp.status_code == 400
    assert resp.get_json()["error"]["code"] == "bad_payload"
    assert row_counts(services) == before


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
def test_a_body_over_the_limit_is_413_on_every_json_endpoint(
    client: Any, services: Any, auth: Any, method: str, path: str
) -> None:
    before = row_counts(services)
    body = b'{"pad": "' + b"x" * 1_100_000 + b'"}'
    resp = client.open(
        path, method=method, data=body, headers={**auth(), "Content-Type": "application/json"}
    )
    assert resp.status_code == 413
    assert "larger than the limit of 1048576 bytes" in resp.get_json()["error"]["message"]
    assert row_counts(services) == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/periods/87127543152418979840"),
        ("PATCH", "/api/v1/periods/2147483648"),
        ("POST", "/api/v1/periods/0/end"),
        ("POST", "/api/v1/templates/99999999999/activate"),
        ("POST", "/api/v1/events/99999999999/replay"),
    ],
)
def test_an_id_no_database_column_can_hold_is_404_not_a_server_error(
    client: Any, auth: Any, method: str, path: str
) -> None:
    resp = client.open(path, method=method, json={}, headers=auth("admin"))
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"


def test_a_preview_for_a_period_id_out_of_range_is_422(client: Any, auth: Any) -> None:
    resp = client.post("/api/v1/notices/preview", json={"period_id": 2**40}, headers=auth())
    assert resp.status_code == 422
    assert "period_id" in resp.get_json()["error"]["fields"]
