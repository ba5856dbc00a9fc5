"""The worker's loop: events first; the HR outbox and the notification queue once per poll."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace
from typing import Any

import pytest

from connector.worker import Worker


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
        clock=lambda: dt.datetime(2026, 12, 4, tzinfo=dt.UTC),
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


def test_a_worker_builds_the_privacy_guard_before_its_first_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Built by the first notice instead, it held that batch for a second or more."""
    order: list[str] = []
    monkeypatch.setattr("connector.worker.privacy.prepare", lambda: order.append("guard"))
    worker, _, _ = worker_over(events=1, poll_interval=3600)
    worker.services.store.claim_many = lambda *_: order.append("claim") or []  # type: ignore[attr-defined]
    stop = threading.Event()
    worker.services.wake = SimpleNamespace(wait=lambda _t: stop.set(), clear=lambda: None)  # type: ignore[attr-defined]

    worker.run_forever(stop)

    assert order == ["guard", "claim"]


def test_a_guard_that_fails_to_build_is_logged_and_the_worker_works_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise OSError("terms.nl.txt: no such file")

    monkeypatch.setattr("connector.worker.privacy.prepare", broken)
    worker, _, _ = worker_over(events=2, poll_interval=3600)
    stop = threading.Event()
    worker.services.wake = SimpleNamespace(wait=lambda _t: stop.set(), clear=lambda: None)  # type: ignore[attr-defined]

    worker.run_forever(stop)

    assert "building the privacy guard failed" in caplog.text
    assert worker.services.store.left == 0  # both events were still taken
