"""The heartbeat's logic against the in-memory ``LeaseHolders`` fake (no database).

What the database does with a renewal or an expired holder is in ``test_leases.py`` and
``test_repositories_contract.py`` (both engines); here: which leases a beat renews, whose it
frees, and when it wakes the workers.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from connector import in_flight
from connector.domain.periods import Period
from connector.leases import LeaseKeeper, dead_pid, free_dead
from connector.services.hr_dispatch import LEASE_SECONDS as HR_LEASE_SECONDS
from tests.fakes.repositories import FakeLeaseHolders, FakeRepositories

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
HOST, PID, DEAD_PID = "here", 100, 200


def at(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


def a_period(repos: FakeRepositories) -> int:
    period = repos.periods.add_period(
        Period(
            id=None,
            helpdesk="acme",
            employee_email="anna@example.com",
            employee_id="11",
            employee_name="Anna",
            replacement_email="bob@example.com",
            replacement_id="22",
            replacement_name="Bob",
            starts_at=NOW,
            ends_at=at(86_400),
            timezone="UTC",
        ),
        NOW,
    )
    assert period.id is not None
    return period.id


@pytest.fixture
def repos() -> FakeRepositories:
    return FakeRepositories()


def keeper(leases: FakeLeaseHolders, clock: Clock, wake: threading.Event | None = None) -> Any:
    return LeaseKeeper(
        leases, clock, 3, 9, wake, host=HOST, pid=PID, alive=lambda pid: pid != DEAD_PID
    )


def test_a_beat_renews_the_jobs_this_process_works_on_for_their_own_lease_time(
    repos: FakeRepositories,
) -> None:
    leases, clock = repos.leases, Clock()
    period_id = a_period(repos)
    assert repos.lifecycle.claim(period_id, f"{HOST}:{PID}:sched", NOW, 9)
    leases.hold("event", 1, f"{HOST}:{PID}:w1", at(3))
    leases.hold("delivery", 2, f"{HOST}:{PID}:hr", at(3))
    clock.now = at(2)
    with (
        in_flight.working_on_event(1),
        in_flight.working_on_delivery(2),
        in_flight.working_on_period(period_id),
    ):
        keeper(leases, clock).beat()
    assert leases.events[1] == (f"{HOST}:{PID}:w1", at(2 + 3))
    assert leases.deliveries[2] == (f"{HOST}:{PID}:hr", at(2 + HR_LEASE_SECONDS))  # its own
    assert leases.holder("period", period_id, at(2 + 9)) == f"{HOST}:{PID}:sched"
    assert not repos.lifecycle.claim(period_id, "other:1:1", at(10), 9)


def test_a_beat_leaves_a_job_given_up_or_held_by_another_process_to_run_out(
    repos: FakeRepositories,
) -> None:
    leases, clock = repos.leases, Clock()
    leases.hold("event", 1, f"{HOST}:{PID}:w1", at(3))  # given up: not in flight
    leases.hold("event", 2, f"{HOST}:{PID + 1}:w1", at(3))  # a live neighbour's
    leases.hold("event", 3, f"{HOST}:{PID}0:w1", at(3))  # pid 1000, not 100
    clock.now = at(2)
    with in_flight.working_on_event(2), in_flight.working_on_event(3):
        keeper(leases, clock).beat()
    assert [leases.holder("event", i, at(3.5)) for i in (1, 2, 3)] == [None, None, None]


def test_a_beat_frees_the_leases_of_a_dead_process_on_this_host_and_wakes_the_workers(
    repos: FakeRepositories,
) -> None:
    leases, clock, wake = repos.leases, Clock(), threading.Event()
    period_id = a_period(repos)
    dead = f"{HOST}:{DEAD_PID}:w1"
    leases.hold("event", 1, dead, at(120))
    leases.hold("delivery", 2, dead, at(120))
    assert repos.lifecycle.claim(period_id, dead, NOW, 900)
    clock.now = at(1)
    keeper(leases, clock, wake).beat()
    assert wake.is_set()
    assert [leases.holder(k, i, at(1)) for k, i in (("event", 1), ("delivery", 2))] == [None] * 2
    assert repos.lifecycle.claim(period_id, f"{HOST}:{PID}:sched", at(1), 900)


def test_a_beat_that_frees_nothing_does_not_wake_the_workers(repos: FakeRepositories) -> None:
    leases, wake = repos.leases, threading.Event()
    leases.hold("event", 1, f"{HOST}:{PID + 1}:w1", at(120))
    keeper(leases, Clock(), wake).beat()
    assert not wake.is_set()
    assert leases.holder("event", 1, at(1)) == f"{HOST}:{PID + 1}:w1"


def test_holders_on_other_hosts_or_not_named_host_pid_thread_are_never_taken_for_dead(
    repos: FakeRepositories,
) -> None:
    leases = repos.leases
    for job_id, owner in enumerate(
        [f"elsewhere:{DEAD_PID}:w1", "successor", f"{HOST}:x{DEAD_PID}:w1", f"{HOST}:{DEAD_PID}"]
    ):
        leases.hold("event", job_id, owner, at(120))
    assert free_dead(leases, at(1), HOST, alive=lambda pid: False) == 0
    assert all(leases.holder("event", i, at(1)) for i in range(4))


@pytest.mark.parametrize(
    ("holder", "dead"),
    [
        (f"{HOST}:{DEAD_PID}:w1", True),
        (f"{HOST}:{DEAD_PID}:w1:extra", True),
        (f"{HOST}:{PID}:w1", False),
        (f"elsewhere:{DEAD_PID}:w1", False),
        ("hr", False),
    ],
)
def test_a_holder_is_dead_only_when_it_names_a_gone_pid_of_this_host(
    holder: str, dead: bool
) -> None:
    assert dead_pid(holder, HOST, lambda pid: pid != DEAD_PID) is dead


def test_the_heartbeat_comes_three_times_per_shortest_lease_and_at_most_five_times_a_second(
    repos: FakeRepositories,
) -> None:
    assert LeaseKeeper(repos.leases, Clock(), 30, 9).interval == 3
    assert LeaseKeeper(repos.leases, Clock(), 0.3, 9).interval == 0.2


def test_a_failed_beat_is_logged_and_the_heartbeat_goes_on(
    repos: FakeRepositories, caplog: pytest.LogCaptureFixture
) -> None:
    stop = threading.Event()
    beats: list[dt.datetime] = []

    class Flaky(FakeLeaseHolders):
        def holders(self, now: dt.datetime) -> set[str]:
            beats.append(now)
            if len(beats) == 1:
                raise ConnectionError("database unavailable")
            stop.set()
            return super().holders(now)

    LeaseKeeper(Flaky(repos.lifecycle), Clock(), 0.3, 0.3).run_forever(stop)
    assert len(beats) == 2
    assert "lease heartbeat failed" in caplog.text
