"""Helpers for the contact-log and HR tests: services with an HR target, a period, an entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from connector.domain.periods import Period
from connector.wiring import Services
from tests.conftest import make_config
from tests.support import build_test_services

TEAM_LEAD = "chris@example.com"


def hr_services(db_url: str, clock: Any, sleeps: Any, hr: dict[str, Any] | None = None) -> Services:
    config = make_config(db_url, team_leads=[TEAM_LEAD])
    config = dataclasses.replace(config, hr=hr or {})
    services: Services = build_test_services(config, clock, sleeps)
    return services


def add_period(services: Services, **overrides: Any) -> Period:
    """A period straight into the store (no vendor calls, no automatic entry)."""
    now = services.clock()
    period = Period(
        id=None,
        helpdesk="acme",
        employee_email="anna@example.com",
        employee_id="9001",
        employee_name="Anna de Vries",
        replacement_email="bob@example.com",
        replacement_id="9002",
        replacement_name="Bob Jansen",
        starts_at=dt.datetime(2026, 11, 15, 23, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC),
        timezone="Europe/Amsterdam",
        created_by="test",
    )
    return services.repositories.periods.add_period(dataclasses.replace(period, **overrides), now)


def entry_data(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "helpdesk": "acme",
        "employee": "anna@example.com",
        "contact_at": dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC),
        "author": {"name": "Chris Example", "function": "Team lead"},
        "channel": "phone",
        "outcome": "reached",
        "purpose": "well_being_check_in",
        "summary": "Called Anna as planned; she keeps routine tickets for now.",
        "agreements": [{"what": "Routine tickets first", "who": "Anna", "by_when": None}],
    }
    return base | overrides


def api_entry(**overrides: Any) -> dict[str, Any]:
    """The same entry as JSON for the API."""
    body = entry_data(**overrides)
    body["contact_at"] = body["contact_at"].isoformat()
    return body
