"""The helpdesk is told too: where it has its own availability, the employee is marked away at
the start of the period and available again at the end (Zammad out-of-office with the
replacement, Freshdesk availability for automatic assignment, HubSpot's availability status).
Zendesk and RT have nothing Stand-in can set for a period (README). Every call is audited; a
failure is visible and never stops the tickets from moving.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connector.wiring import Services
from tests import test_assignment_refused as on_five
from tests.support import FakeClock
from tests.test_assignment_refused import ZendeskDesk
from tests.test_lifecycle_vendors import (
    DESK,
    START,
    Desk,
    FreshdeskDesk,
    HubSpotDesk,
    RtDesk,
    ZammadDesk,
    new_period,
    tick_at,
)

END = dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)  # the period's end: 2027-01-01 00:00 local


desk, svc = on_five.desk, on_five.svc  # the five fake helpdesks and their services


def availability_calls(desk: Desk) -> list[tuple[str, str, Any]]:
    """The calls that read or write availability (users, agents, owners), in order."""
    wanted = ("/users/{id}", "/agents/{id}", "/owners/{id}", "/crm/v3/objects/users")
    return [
        (c.method, c.route, c.body)
        for c in desk.fake.calls
        if any(c.route.endswith(w) or c.route.startswith(w) for w in wanted)
        and c.method in ("PUT", "PATCH", "GET")
        and not c.route.endswith("/search")
    ]


def audits(svc: Services, action: str) -> list[dict[str, Any]]:
    return [
        r for r in svc.repositories.audit.audit_records(None, limit=500) if r["action"] == action
    ]


def expected_start(desk: Desk) -> list[tuple[str, str, Any]]:
    anna, bob = desk.ids["anna"], desk.ids["bob"]
    if isinstance(desk, ZammadDesk):
        body = {
            "out_of_office": True,
            "out_of_office_start_at": "2026-11-24",
            "out_of_office_end_at": "2026-12-31",
            "out_of_office_replacement_id": bob,
        }
        return [("PUT", "/api/v1/users/{id}", body)]
    if isinstance(desk, FreshdeskDesk):
        return [("PUT", "/api/v2/agents/{id}", {"available": False})]
    if isinstance(desk, HubSpotDesk):
        crm = next(
            k
            for k, u in desk.fake.crm_users.items()
            if u["properties"]["hs_internal_user_id"] == str(desk.fake.owners[anna]["userId"])
        )
        assert crm  # anna's CRM user record, found by her user id
        return [
            ("GET", "/crm/v3/owners/{id}", None),
            ("GET", "/crm/v3/objects/users", None),
            (
                "PATCH",
                "/crm/v3/objects/users/{id}",
                {"properties": {"hs_availability_status": "away"}},
            ),
        ]
    return []


def test_at_the_start_the_employee_is_marked_away_in_the_helpdesk_with_the_vendors_own_call(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    desk.add(1, "anna")
    period = new_period(svc)
    desk.fake.calls.clear()

    tick_at(svc, clock, START)

    assert availability_calls(desk) == expected_start(desk)
    assert desk.owned_by("bob") == [1]
    if isinstance(desk, (ZendeskDesk, RtDesk)):
        assert svc.helpdesks[DESK].availability == "none"
        assert not audits(svc, "availability_set")
        return
    [row] = audits(svc, "availability_set")
    assert row["period_id"] == period.id and row["to_agent"] == str(desk.ids["anna"])
    assert "anna@example.com marked away" in row["reason"]
    fake: Any = desk.fake
    if isinstance(desk, ZammadDesk):
        user = fake.users[desk.ids["anna"]]
        assert user["out_of_office"] is True
        assert user["out_of_office_replacement_id"] == desk.ids["bob"]
    elif isinstance(desk, FreshdeskDesk):
        assert fake.agents[desk.ids["anna"]]["available"] is False


@pytest.mark.parametrize("desk", ["freshdesk", "hubspot", "zammad"], indirect=True)
def test_at_the_end_the_employee_is_available_again(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    desk.add(1, "anna")
    new_period(svc)
    tick_at(svc, clock, START)
    desk.fake.calls.clear()

    tick_at(svc, clock, END)

    calls = [c for c in availability_calls(desk) if c[0] in ("PUT", "PATCH")]
    fake: Any = desk.fake
    if isinstance(desk, ZammadDesk):
        assert calls == [
            (
                "PUT",
                "/api/v1/users/{id}",
                {"out_of_office": False, "out_of_office_replacement_id": None},
            )
        ]
        assert fake.users[desk.ids["anna"]]["out_of_office"] is False
    elif isinstance(desk, FreshdeskDesk):
        assert calls == [("PUT", "/api/v2/agents/{id}", {"available": True})]
        assert fake.agents[desk.ids["anna"]]["available"] is True
    else:
        patch = {"properties": {"hs_availability_status": "available"}}
        assert calls == [("PATCH", "/crm/v3/objects/users/{id}", patch)]
    assert len(audits(svc, "availability_cleared")) == 1
    assert desk.owned_by("anna") == [1]  # and the ticket came back


@pytest.mark.parametrize("desk", ["freshdesk"], indirect=True)
def test_a_helpdesk_that_ignores_the_change_is_audited_and_the_tickets_still_move(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    fake: Any = desk.fake
    original = fake.route

    def ignoring(method: str, path: str, query: Any, body: Any) -> Any:
        if method == "PUT" and path.startswith("/api/v2/agents/"):
            body = {}  # an account whose API ignores `available`
        return original(method, path, query, body)

    fake.route = ignoring
    desk.add(1, "anna")
    new_period(svc)

    tick_at(svc, clock, START)

    assert desk.owned_by("bob") == [1]
    [row] = audits(svc, "availability_failed")
    assert "could not mark anna@example.com away in freshdesk" in row["reason"]
    assert "does not let the API change it" in row["reason"]


@pytest.mark.parametrize("desk", ["zammad"], indirect=True)
def test_a_rate_limited_out_of_office_is_set_again_at_the_next_sweep(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    fake: Any = desk.fake
    refused = {"left": 3}

    def limit(number: int, route: str) -> float | None:
        if route == "/api/v1/users/{id}" and refused["left"] > 0:
            refused["left"] -= 1
            return 0.01
        return None

    fake.fail_at = limit
    desk.add(1, "anna")
    new_period(svc)

    tick_at(svc, clock, START)
    assert desk.owned_by("bob") == [1]  # not blocked
    [failed] = audits(svc, "availability_failed")
    assert failed["vendor_status"] == 429
    assert fake.users[desk.ids["anna"]]["out_of_office"] is False

    tick_at(svc, clock, START + dt.timedelta(hours=1))  # the sweep

    assert fake.users[desk.ids["anna"]]["out_of_office"] is True
    assert len(audits(svc, "availability_set")) == 1
