"""What this process is working on right now: the only leases its heartbeat may renew, and
the webhooks its web threads are answering.

A worker or scheduler thread registers an inbox event, an HR delivery or a period while it
works on it and unregisters it when done, whatever happened. A lease that is still in the
database but no longer worked on (its thread gave up when the database went away mid-job) is
then left to run out, so another worker takes the event over, instead of being renewed forever.

A web thread counts a webhook while it answers it (``answering_webhook``): the embedded
worker of the same process makes way for those answers (``Worker``), which the vendor waits
for, before it takes its next event, which can wait.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_events: dict[int, int] = {}
_periods: dict[int, int] = {}
_deliveries: dict[int, int] = {}
_webhooks = [0]  # being answered in this process (guarded by ``_lock``)


def _enter(table: dict[int, int], key: int) -> None:
    with _lock:
        table[key] = table.get(key, 0) + 1


def _leave(table: dict[int, int], key: int) -> None:
    with _lock:
        left = table.get(key, 0) - 1
        if left > 0:
            table[key] = left
        else:
            table.pop(key, None)


@contextmanager
def working_on_event(event_id: int) -> Iterator[None]:
    _enter(_events, event_id)
    try:
        yield
    finally:
        _leave(_events, event_id)


@contextmanager
def working_on_events(event_ids: list[int]) -> Iterator[None]:
    """A worker's batch of claimed events: their leases are renewed until it is done."""
    for event_id in event_ids:
        _enter(_events, event_id)
    try:
        yield
    finally:
        for event_id in event_ids:
            _leave(_events, event_id)


@contextmanager
def working_on_period(period_id: int) -> Iterator[None]:
    _enter(_periods, period_id)
    try:
        yield
    finally:
        _leave(_periods, period_id)


@contextmanager
def working_on_delivery(item_id: int) -> Iterator[None]:
    """An HR outbox row being delivered."""
    _enter(_deliveries, item_id)
    try:
        yield
    finally:
        _leave(_deliveries, item_id)


def deliveries() -> list[int]:
    with _lock:
        return list(_deliveries)


def events() -> list[int]:
    with _lock:
        return list(_events)


def periods() -> list[int]:
    with _lock:
        return list(_periods)


@contextmanager
def answering_webhook() -> Iterator[None]:
    """A web thread answering a webhook (verify, store, 202)."""
    with _lock:
        _webhooks[0] += 1
    try:
        yield
    finally:
        with _lock:
            _webhooks[0] -= 1


def webhooks_being_answered() -> int:
    """How many webhooks this process's web threads are answering now (read without the
    lock: a snapshot that may be a moment old is all the worker needs)."""
    return _webhooks[0]
