"""The periods API for the lifecycle: scope, phases, hand-back settings, warnings, progress."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_periods_api import VALID, create, fields
from tests.zendesk_api import register_agent_search


def test_a_period_with_scope_phases_and_hand_back_is_kept_and_shown(
    client: Any, vendor: Any, auth: Any
) -> None:
    resp = create(
        client,
        vendor,
        auth,
        starts_at="2026-12-01",
        ends_at="2027-01-31",
        scope={"exclude": {"tags": ["vip"]}},
        phases=[
            {
                "from": "2027-01-01",
                "scope": {"include": [{"priorities": ["high", "urgent"]}, {"tags": ["complaint"]}]},
            }
        ],
        handback={"policy": "untouched_only", "notice": True},
        move_on_replacement_change=False,
    )
    assert resp.status_code == 201, resp.get_json()
    p = resp.get_json()
    assert p["phases"] == [
        {
            "from": "2027-01-01",
            "scope": {"include": [{"priorities": ["high", "urgent"]}, {"tags": ["complaint"]}]},
        }
    ]
    assert p["scope"] == {"exclude": [{"tags": ["vip"]}]}
    assert p["handback"] == {"policy": "untouched_only", "notice": True}
    assert p["move_on_replacement_change"] is False
    assert p["start_move"]["status"] == "scheduled"
    assert p["warnings"] == []


def test_an_immediate_start_shows_its_start_move_as_pending(
    client: Any, vendor: Any, auth: Any
) -> None:
    p = create(client, vendor, auth).get_json()  # started 2026-11-20, now is 2026-11-23
    assert {k: p["start_move"][k] for k in ("status", "total", "moved", "failed", "skipped")} == {
        "status": "pending",
        "total": 0,
        "moved": 0,
        "failed": 0,
        "skipped": 0,
    }


def test_phases_outside_the_period_or_out_of_order_are_422_per_field(
    client: Any, vendor: Any, auth: Any
) -> None:
    resp = create(
        client,
        vendor,
        auth,
        phases=[
            {"from": "2026-12-10", "scope": {}},
            {"from": "2026-12-01", "scope": {}},
            {"from": "2027-02-01", "scope": {}},
        ],
    )
    assert fields(resp) == {
        "phases.1.from": ["phases must be in order: phase 2 starts before phase 1"],
        "phases.2.from": ["must fall inside the period (from its start, before its end)"],
    }


def test_a_malformed_scope_or_hand_back_policy_is_422(client: Any, auth: Any) -> None:
    body = {
        "helpdesk": "acme",
        "employee": "anna@example.com",
        "replacement": "bob@example.com",
        "starts_at": "2026-12-01",
        "ends_at": "2026-12-31",
        "scope": {"include": [{"colour": ["red"]}], "exclude": {"priorities": ["huge"]}},
        "handback": {"policy": "sometimes"},
        "phases": [{"scope": {}}],
    }
    errors = fields(client.post("/api/v1/periods", json=body, headers=auth()))
    assert errors["scope"] == {
        "include": {"0": {"colour": ["Unknown field."]}},
        "exclude": {"0": {"priorities": {"0": ["Must be one of: low, normal, high, urgent."]}}},
    }
    assert errors["handback"] == {
        "policy": ["Must be one of: rerouted_open, untouched_only, none."]
    }
    assert errors["phases"] == {"0": {"from": ["Missing data for required field."]}}


def test_a_period_that_closes_a_cycle_is_saved_with_a_warning(
    client: Any, vendor: Any, auth: Any
) -> None:
    assert create(client, vendor, auth).status_code == 201
    resp = create(client, vendor, auth, employee="bob@example.com", replacement="anna@example.com")
    assert resp.status_code == 201
    assert resp.get_json()["warnings"] == [
        "these periods form a cycle of replacements while they overlap: bob@example.com → "
        "anna@example.com → bob@example.com; tickets caught in it go to the helpdesk's "
        "fallback agent",
        "helpdesk acme has no fallback_agent: tickets caught in the cycle stay with their employee",
    ]


@pytest.mark.parametrize(
    ("language", "fallback_warning"),
    [
        (
            "nl",
            "helpdesk acme heeft geen fallback_agent: tickets in de kring blijven bij hun "
            "medewerker",
        ),
        (
            "de",
            "Helpdesk acme hat keinen fallback_agent: Tickets im Kreis bleiben bei ihrem "
            "Mitarbeiter",
        ),
    ],
)
def test_the_warnings_come_in_the_language_the_request_asks_for(
    client: Any, vendor: Any, auth: Any, language: str, fallback_warning: str
) -> None:
    assert create(client, vendor, auth).status_code == 201
    body = {**VALID, "employee": "bob@example.com", "replacement": "anna@example.com"}
    for email in ("bob@example.com", "anna@example.com"):
        register_agent_search(vendor, email)
    headers = auth() | {"Accept-Language": f"{language},en;q=0.5"}
    resp = client.post("/api/v1/periods", json=body, headers=headers)
    assert resp.status_code == 201
    cycle, fallback = resp.get_json()["warnings"]
    assert fallback == fallback_warning
    assert "bob@example.com → anna@example.com → bob@example.com" in cycle
    assert "form a cycle" not in cycle
    shown = client.get(f"/api/v1/periods/{resp.get_json()['id']}", headers=headers).get_json()
    assert shown["warnings"] == [cycle, fallback]


def test_changing_the_replacement_of_a_started_period_schedules_the_move(
    client: Any, vendor: Any, auth: Any, services: Any
) -> None:
    pid = create(client, vendor, auth).get_json()["id"]
    register_agent_search(vendor, "carla@example.com")
    resp = client.patch(
        f"/api/v1/periods/{pid}", json={"replacement": "carla@example.com"}, headers=auth()
    )
    assert resp.status_code == 200
    assert services.periods.get(pid).state["replacement_move_due"] is True
    assert services.scheduler_wake.is_set()
