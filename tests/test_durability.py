"""Nothing lost: accepted events survive a crash and are processed by a new worker, once."""

from __future__ import annotations

from typing import Any

import pytest

from connector.adapters.http import RetryPolicy
from connector.wiring import build_services
from connector.worker import Worker
from tests.conftest import ZENDESK_SECRET, make_config
from tests.support import anna_period, fixture_bytes, zendesk_headers
from tests.vendors.zendesk.test_zendesk_webhooks import reroute_calls
from tests.zendesk_api import register_agent_search

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines

BODY = fixture_bytes("zendesk", "ticket_created.json")


def new_process(db_url: str, clock: Any) -> Any:
    """A fresh set of services on the same database: what a restarted process has."""
    return build_services(
        make_config(db_url),
        clock=clock,
        sleep=lambda s: None,
        policy=RetryPolicy(max_attempts=2, base_delay=0.01),
    )


def make_period(services: Any, vendor: Any) -> None:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    anna_period(services, "acme")


def test_an_event_accepted_before_a_crash_is_processed_by_the_next_process(
    client: Any, services: Any, vendor: Any, clock: Any, db_url: str
) -> None:
    make_period(services, vendor)
    assert (
        client.post(
            "/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock())
        ).status_code
        == 202
    )
    services.store.engine.dispose()  # the accepting process is gone; nothing ran
    put = reroute_calls(vendor)
    restarted = new_process(db_url, clock)
    assert Worker(restarted, "after-restart").drain() == 1
    assert put.call_count == 1
    restarted.store.engine.dispose()


def test_an_event_claimed_by_a_worker_that_died_is_taken_over_after_its_lease(
    client: Any, services: Any, vendor: Any, clock: Any, db_url: str
) -> None:
    make_period(services, vendor)
    client.post("/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock()))
    lease = services.config.worker.lease_seconds
    died = services.store.claim("worker-that-dies", clock(), lease)
    assert died is not None  # ... and the worker is killed here, mid-event
    survivor = Worker(new_process(db_url, clock), "survivor")
    assert survivor.run_once() is False  # the lease still holds
    clock.advance(seconds=lease + 1)
    put = reroute_calls(vendor)
    assert survivor.run_once() is True
    assert put.call_count == 1
    # the dead worker cannot overwrite the outcome when it "comes back"
    services.store.finish(died.id, "worker-that-dies", clock(), "stale")
    assert services.store.event_status(died.id)["outcome"].startswith("rerouted")


def test_two_workers_never_claim_the_same_event(client: Any, services: Any, clock: Any) -> None:
    for n in range(5):
        body = BODY.replace(b"3f1c9a52", f"0000000{n}".encode())
        client.post(
            "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
        )
    claimed = []
    for i in range(6):
        ev = services.store.claim(f"w{i % 2}", clock(), 60)
        if ev:
            claimed.append(ev.id)
    assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 5


def test_a_retried_event_gives_up_after_max_attempts_and_is_dead_lettered_with_the_reason(
    client: Any, services: Any, vendor: Any, clock: Any
) -> None:
    import requests

    from tests.zendesk_api import BASE

    make_period(services, vendor)
    client.post("/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock()))
    for _ in range(services.config.worker.max_attempts * 3):
        vendor.get(f"{BASE}/tickets/123.json", body=requests.ConnectionError("down"))
    worker = Worker(services, "w")
    for _ in range(services.config.worker.max_attempts):
        clock.advance(hours=2)
        worker.drain()
    [dead] = services.store.dead_events(None)
    assert dead["attempts"] == services.config.worker.max_attempts
    assert "gave up after 8 attempts" in dead["last_error"]
    assert "ConnectionError" in dead["last_error"]
    assert services.repositories.audit.audit_records(None)[0]["action"] == "dead_lettered"


def test_a_dead_lettered_event_can_be_replayed_by_an_admin(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any
) -> None:
    make_period(services, vendor)
    body = b'{"type": "zen:event-type:ticket.created", "id": "x1", "detail": {}}'
    client.post("/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock()))
    Worker(services, "w").drain()
    dead = client.get("/api/v1/events/dead", headers=auth("viewer")).get_json()["events"]
    assert len(dead) == 1 and "no ticket id" in dead[0]["last_error"]
    assert (
        client.post(f"/api/v1/events/{dead[0]['id']}/replay", headers=auth("team_lead")).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/events/{dead[0]['id']}/replay", headers=auth("admin")).status_code
        == 202
    )
    assert services.store.event_status(dead[0]["id"])["status"] == "pending"
    assert client.post("/api/v1/events/9999/replay", headers=auth("admin")).status_code == 404
