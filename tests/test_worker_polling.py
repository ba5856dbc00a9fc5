"""The worker's loop: events first; the HR outbox and the notification queue once per poll."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace
from typing import Any

import pytest

from connector.worker import Worker
from tests.fakes.repositories import CountingPeriods, FakePeriods
from tests.support import anna_bob_period

NOW = dt.datetime(2026, 12, 4, tzinfo=dt.UTC)


class CountingQueue:
    def __init__(self) -> None:
        self.polls = 0

    def run_once(self) -> bool:
        self.polls += 1
        return False


class Inbox:
    def __init__(self, events: int) -> None:
        self.left = events

    def claim_many(self, *_: Any) -> list[object]:
        """One event per claim: the batches' own behaviour is tested in test_worker_batches."""
        if self.left == 0:
            return []
        self.left -= 1
        return [object()]


def worker_over(events: int, poll_interval: float) -> tuple[Worker, CountingQueue, CountingQueue]:
    hr, notifier = CountingQueue(), CountingQueue()
    services: Any = SimpleNamespace(
        store=Inbox(events),
        hr=hr,
        notifier=notifier,
        clock=lambda: NOW,
        config=SimpleNamespace(
            worker=SimpleNamespace(
                poll_interval=poll_interval, lease_seconds=30, batch=16, batch_seconds=1.0
            )
        ),
    )
    worker = Worker(services, "w")
    worker._work_through = lambda batch: len(batch)  # type: ignore[method-assign]
    return worker, hr, notifier


def test_while_events_keep_coming_the_side_queues_are_polled_once_per_poll_interval() -> None:
    worker, hr, notifier = worker_over(events=50, poll_interval=3600)

    assert worker.drain() == 50

    # once with the first event, once more when the inbox ran empty: not 50 times
    assert (hr.polls, notifier.polls) == (2, 2)


def test_with_no_event_due_every_loop_polls_the_side_queues() -> None:
    worker, hr, notifier = worker_over(events=0, poll_interval=3600)

    assert worker.run_once() is False
    assert worker.run_once() is False

    assert (hr.polls, notifier.polls) == (2, 2)


def test_a_zero_poll_interval_polls_the_side_queues_after_every_event() -> None:
    worker, hr, _ = worker_over(events=5, poll_interval=0)

    worker.drain()

    assert hr.polls == 6


def idle_worker(periods: FakePeriods) -> tuple[Worker, threading.Event]:
    """A worker with nothing due that stops after every second idle wait."""
    worker, _, _ = worker_over(events=0, poll_interval=3600)
    services: Any = worker.services
    services.repositories = SimpleNamespace(periods=periods)
    services.helpdesks = {"acme": object()}
    stop = threading.Event()
    waits: list[float] = []

    def wait(timeout: float) -> None:
        waits.append(timeout)
        if len(waits) % 2 == 0:
            stop.set()

    services.wake = SimpleNamespace(wait=wait, clear=lambda: None)
    return worker, stop


@pytest.mark.parametrize(
    ("starts_in", "built"), [(dt.timedelta(hours=20), 1), (dt.timedelta(days=3), 0)]
)
def test_an_idle_worker_builds_the_privacy_guard_once_only_when_a_period_starts_within_a_day(
    monkeypatch: pytest.MonkeyPatch, starts_in: dt.timedelta, built: int
) -> None:
    """Built by the first notice instead, it held that batch for a second or more; without a
    period to come, the word lists' memory is not taken."""
    calls: list[str] = []
    monkeypatch.setattr("connector.worker.privacy.prepare", lambda: calls.append("guard"))
    periods = FakePeriods()
    periods.add_period(anna_bob_period(NOW + starts_in), NOW)
    worker, stop = idle_worker(periods)

    worker.run_forever(stop)  # two idle turns

    assert calls == ["guard"] * built


def test_an_idle_worker_looks_for_a_coming_period_at_most_once_a_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr("connector.worker.privacy.prepare", lambda: calls.append("guard"))
    periods = CountingPeriods()
    worker, stop = idle_worker(periods)
    now = [NOW]
    services: Any = worker.services
    services.clock = lambda: now[0]

    worker.run_forever(stop)  # two idle turns: one look
    assert periods.reads == [("acme", NOW)]
    now[0] = NOW + dt.timedelta(seconds=59)
    worker._prepare_the_guard_while_idle()  # the next idle turn, within the minute
    assert periods.reads == [("acme", NOW)]
    now[0] = NOW + dt.timedelta(seconds=61)
    worker._prepare_the_guard_while_idle()
    assert periods.reads == [("acme", NOW), ("acme", now[0])]
    assert calls == []  # no period: nothing built


def test_once_the_guard_is_built_an_idle_worker_freezes_what_lives_long_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The guard's tables and the app live as long as the process: frozen, the collector's
    full collections no longer walk them (each such walk paused every thread for tens of
    milliseconds under load). Garbage first, so that none is frozen with them."""
    calls: list[str] = []
    monkeypatch.setattr("connector.worker.gc.collect", lambda: calls.append("collect"))
    monkeypatch.setattr("connector.worker.gc.freeze", lambda: calls.append("freeze"))
    built = [False]
    monkeypatch.setattr("connector.worker.privacy.is_prepared", lambda: built[0])
    worker, stop = idle_worker(FakePeriods())  # no period: the guard is not built while idle

    worker.run_forever(stop)
    assert calls == []  # nothing built yet: nothing worth freezing

    built[0] = True  # a notice built the guard
    stop.clear()
    worker.run_forever(stop)  # idle turns again
    worker._freeze_what_lives_long_while_idle()

    assert calls == ["collect", "freeze"]  # once, however many idle turns follow


def test_a_guard_that_fails_to_build_is_logged_and_the_worker_works_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise OSError("terms.nl.txt: no such file")

    monkeypatch.setattr("connector.worker.privacy.prepare", broken)
    periods = FakePeriods()
    periods.add_period(anna_bob_period(NOW), NOW)
    worker, stop = idle_worker(periods)

    worker.run_forever(stop)

    assert "building the privacy guard failed" in caplog.text
    assert caplog.text.count("building the privacy guard failed") == 1  # not at every poll


def test_a_running_worker_spares_the_side_queues_the_empty_turn_after_a_batch() -> None:
    """At a trickle each webhook wakes the worker for one event; the turn that then finds
    the inbox empty used to poll both side queues every time. It now waits for the next
    wake instead, and the idle turn after that wait polls them (within a poll interval)."""
    worker, hr, notifier = worker_over(events=3, poll_interval=3600)
    services: Any = worker.services
    services.repositories = SimpleNamespace(periods=FakePeriods())
    services.helpdesks = {}
    stop = threading.Event()
    waits: list[tuple[int, int]] = []

    def wait(timeout: float) -> None:
        waits.append((hr.polls, notifier.polls))
        if len(waits) == 2:
            stop.set()

    services.wake = SimpleNamespace(wait=wait, clear=lambda: None)

    worker.run_forever(stop)

    # polled with the first event; not in the empty turn after the three; then when idle
    assert waits == [(1, 1), (2, 2)]
    assert services.store.left == 0


def test_drain_still_polls_the_side_queues_once_the_inbox_is_empty() -> None:
    worker, hr, notifier = worker_over(events=3, poll_interval=3600)

    worker.drain()

    assert (hr.polls, notifier.polls) == (2, 2)
