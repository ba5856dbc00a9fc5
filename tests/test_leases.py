"""Leases follow their process: renewed by its heartbeat while it lives, freed when it is gone."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from connector import in_flight
from connector.adapters.lifecycle_store import LifecycleStore
from connector.leases import free_dead, process_prefix, renew
from tests.support import store_anna_bob_period, zendesk_ticket_created

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def test_a_long_job_keeps_its_period_while_its_process_beats(services: Any) -> None:
    store = services.store
    period_id = store_anna_bob_period(store, NOW)
    lifecycle = LifecycleStore(store)
    mine = process_prefix() + "1"
    assert lifecycle.claim(period_id, mine, NOW, 3)
    with in_flight.working_on_period(period_id):
        for second in range(2, 30, 2):  # the start move runs on; the heartbeat renews every 2 s
            renew(services.lease_holders, process_prefix(), at(second), 3, 3)
            assert not lifecycle.claim(period_id, "other-host:1:1", at(second + 0.5), 3)
    # The heartbeat stops (the process died on another host): the lease runs out, then it moves.
    assert lifecycle.claim(period_id, "other-host:1:1", at(28 + 3.5), 3)


def test_a_claimed_event_of_a_live_process_is_renewed_and_not_taken(services: Any) -> None:
    store = services.store
    store.add_events("acme", [(f"event:{uuid.uuid4()}", "t", "{}")], NOW)
    mine = process_prefix() + "1"
    claimed = store.claim(mine, NOW, 3)
    assert claimed is not None
    with in_flight.working_on_event(claimed.id):
        renew(services.lease_holders, process_prefix(), at(2), 3, 3)
    assert store.claim("other-host:1:1", at(4), 3) is None
    assert store.claim("other-host:1:1", at(5.5), 3) is not None


def test_a_lease_whose_job_was_given_up_is_not_renewed_and_runs_out(services: Any) -> None:
    """The worker thread gave up on the event (the database went away mid-job); its lease
    must not be kept alive by the heartbeat, or nobody would ever finish the event."""
    store = services.store
    store.add_events("acme", [(f"event:{uuid.uuid4()}", "t", "{}")], NOW)
    assert store.claim(process_prefix() + "1", NOW, 3) is not None
    assert (
        renew(services.lease_holders, process_prefix(), at(2), 3, 3) == 0
    )  # nobody works on it any more
    assert store.claim("other-worker", at(3.5), 3) is not None


def test_the_leases_of_a_dead_process_on_this_host_are_freed_at_once(services: Any) -> None:
    store = services.store
    period_id = store_anna_bob_period(store, NOW)
    body = zendesk_ticket_created(1, assignee=9001, requester=5).decode()
    store.add_events("acme", [(f"event:{uuid.uuid4()}", "t", body)], NOW)
    dead = process_prefix(pid=999_999_999) + "7"
    assert store.claim(dead, NOW, 120) is not None
    assert LifecycleStore(store).claim(period_id, dead, NOW, 900)
    assert store.claim("successor", at(1), 120) is None  # held for two minutes otherwise
    assert free_dead(services.lease_holders, at(1), alive=lambda pid: pid != 999_999_999) == 2
    taken = store.claim("successor", at(1), 120)
    assert taken is not None and taken.attempts == 2
    assert LifecycleStore(store).claim(period_id, "successor", at(1), 900)


def test_a_live_neighbours_leases_are_left_alone(services: Any) -> None:
    store = services.store
    store.add_events("acme", [(f"event:{uuid.uuid4()}", "t", "{}")], NOW)
    assert store.claim(process_prefix(pid=4242) + "1", NOW, 120) is not None
    assert free_dead(services.lease_holders, at(1), alive=lambda pid: True) == 0
    assert store.claim("successor", at(1), 120) is None
