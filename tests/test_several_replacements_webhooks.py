"""#21 through the webhook on every helpdesk's fake: a new ticket within the phase's capacity
stays with the employee, the rest are shared among the replacements, and a customer's tickets
stay with one replacement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.helpdesks.base import WebhookRequest
from connector.wiring import Services
from connector.worker import Worker
from tests.support import FakeClock
from tests.test_assignment_refused import desk, svc, webhook  # noqa: F401  (fixtures)
from tests.test_lifecycle_vendors import DESK, START, Desk, new_period


def deliver(svc: Services, desk: Desk, tid: int, clock: FakeClock) -> None:  # noqa: F811
    """The helpdesk's "ticket created" delivery for ``tid``, as its own event (the captured
    deliveries share one event id, which the inbox would take as a repeat)."""
    adapter = svc.helpdesks[DESK]
    headers, body = webhook(desk, tid)
    req = WebhookRequest("POST", f"https://standin.example.com/webhooks/{DESK}", headers, body)
    rows = [
        (f"{e.dedup_key}:{tid}", e.event_type, e.payload)
        for e in adapter.split(req, adapter.parse(req))
    ]
    svc.store.add_events(DESK, rows, clock.now)
    Worker(svc, "test-worker").drain()


def test_new_tickets_beyond_the_days_capacity_are_shared_and_customers_stay_whole(
    svc: Services,  # noqa: F811
    clock: FakeClock,
    desk: Desk,  # noqa: F811
) -> None:
    period = new_period(
        svc,
        replacements=[{"replacement": "carla@example.com"}],
        balancing={"strategy": "round_robin"},
        phases=[{"from": "2026-11-24", "scope": {}, "capacity": {"per_day": 1}}],
    )
    clock.now = START + dt.timedelta(hours=9)  # 10:00 in Amsterdam on the first day
    for tid in range(1, 6):
        desk.add(tid, "anna")
        deliver(svc, desk, tid, clock)

    assert desk.owned_by("anna") == [1]  # the day's capacity: one new ticket back
    shared = {tid: who for who in ("bob", "carla") for tid in desk.owned_by(who)}
    assert sorted(shared) == [2, 3, 4, 5]
    state: dict[str, Any] = svc.periods.get(period.id).state["balance"]
    if state.get("customers"):  # the helpdesk names the requester: one customer, one person
        assert len(set(shared.values())) == 1
        assert set(state["customers"].values()) == {str(desk.ids[w]) for w in shared.values()}
    else:  # no requester known: round-robin
        assert sorted(shared.values()) == ["bob", "bob", "carla", "carla"]
    day = state["capacity"]["2026-11-24"]
    assert (day["returned"], day["seen"]) == (1, 5)
    assert sorted(day["tickets"]) == [str(tid) for tid in range(1, 6)]  # each counted once
    page = svc.periods.get(period.id)
    from connector.web.schemas import capacity_days_json

    assert capacity_days_json(page) == [{"day": "2026-11-24", "returned": 1, "plan": 1}]
