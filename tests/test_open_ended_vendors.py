"""An open-ended period ("until further notice", issue 21 item 5) on all five helpdesks, each
against its local fake server: the start moves the employee's open tickets with the notice
saying "until further notice", nothing ends the period by itself, and when the team lead ends
it the hand-back moves the tickets back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from bench.start_move import DESKS
from connector.scheduler import Scheduler
from connector.wiring import Services
from tests.support import FakeClock
from tests.test_lifecycle_vendors import START, Desk, services_for

DUTCH = "tot nader bericht"  # the helpdesks' customers read Dutch (locale nl)


@pytest.fixture(params=sorted(DESKS))
def desk(request: pytest.FixtureRequest) -> Iterator[Desk]:
    d = DESKS[request.param]()
    if d.vendor == "zendesk":  # the bench's Zendesk desk has agents only: add the customer
        d.fake.add_user(7001, "Noor Jansen", "customer@example.org", role="end-user")
    d.fake.start()
    yield d
    d.fake.stop()


@pytest.fixture
def svc(db_url: str, clock: FakeClock, sleeps: Any, desk: Desk) -> Iterator[Services]:
    services = services_for(db_url, clock, sleeps, desk, fallback=False)
    yield services
    services.store.engine.dispose()


def tick_at(svc: Services, clock: FakeClock, when: dt.datetime) -> list[str]:
    clock.now = when
    return Scheduler(svc, owner="test").tick(when)


def sent_text(desk: Desk) -> str:
    """Everything the connector sent to the helpdesk, as one text (notices included)."""
    return "\n".join(
        c.body if isinstance(c.body, str) else json.dumps(c.body, ensure_ascii=False)
        for c in desk.fake.calls
        if c.body is not None
    )


def test_an_open_period_moves_at_the_start_says_until_further_notice_and_hands_back_when_ended(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    for tid in (1, 2, 3):
        desk.add(tid, "anna")
    clock.now = START - dt.timedelta(days=1)
    period = svc.periods.create(
        {
            "helpdesk": "desk",
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-11-24",
            "ends_at": None,
            "notice": {"show_end_date": True},  # there is no end date to show yet
            "accept_warnings": True,
        },
        "token:lead",
    )
    assert period.ends_at is None
    desk.fake.calls.clear()

    tick_at(svc, clock, START)

    assert desk.owned_by("bob") == [1, 2, 3] and desk.owned_by("anna") == []
    assert DUTCH in sent_text(desk), "the notice says until further notice"
    # Where the helpdesk has its own "away", it is set without an end date or, where the
    # vendor needs one (Zammad), a year ahead: never refused.
    actions = [r["action"] for r in svc.repositories.audit.audit_records(None)]
    assert "availability_failed" not in actions
    rerouted = [r for r in svc.repositories.audit.audit_records(None) if r["action"] == "rerouted"]
    assert sorted(r["ticket_id"] for r in rerouted) == ["1", "2", "3"]

    # A year on, nothing has ended it: the sweep runs, the tickets stay with the replacement.
    a_year_on = START + dt.timedelta(days=365)
    tick_at(svc, clock, a_year_on)
    assert desk.owned_by("bob") == [1, 2, 3]
    still = svc.periods.get(period.id or 0)
    assert still.status(a_year_on) == "active" and still.state.get("handed_back_at") is None

    svc.periods.end(period.id or 0, "token:lead")
    tick_at(svc, clock, a_year_on + dt.timedelta(minutes=1))

    assert desk.owned_by("anna") == [1, 2, 3] and desk.owned_by("bob") == []
    assert svc.periods.get(period.id or 0).state.get("handed_back_at") is not None
    ended = [r for r in svc.repositories.audit.audit_records(None) if r["action"] == "period_ended"]
    assert [r["reason"] for r in ended] == ["ended now (was until further notice)"]
