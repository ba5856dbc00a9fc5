"""Leases that follow the process holding them: renewed while it lives, freed once it is gone.

Every worker and scheduler of a process is named ``host:pid:thread``. A ``LeaseKeeper`` thread
per process (the heartbeat) renews, every few seconds, every lease its process holds: inbox
events being processed, HR deliveries being sent and periods whose job runs (a long start-of-
period move keeps its lease however long it takes, so no second worker takes it over while the
first still runs). A lease whose holder stopped renewing runs out after the lease time. On this
host a dead holder is known at once (its pid is gone): the keeper frees its leases on start and
at every beat, so a restarted ``standin serve`` takes over its predecessor's work within
seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable, Sequence

from sqlalchemy import select, update

from connector import in_flight
from connector.adapters.contact_log_store import OUTBOX_QUEUE
from connector.adapters.lease_queue import LeaseQueue
from connector.adapters.models import HrOutboxRow, PeriodRow
from connector.adapters.store import Store
from connector.services.hr_dispatch import LEASE_SECONDS as HR_LEASE_SECONDS
from connector.wiring import Services

log = logging.getLogger(__name__)


def process_prefix(host: str | None = None, pid: int | None = None) -> str:
    """The start every worker and scheduler id of one process shares: ``host:pid:``."""
    return f"{host or socket.gethostname()}:{pid or os.getpid()}:"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _hr_queue(store: Store) -> LeaseQueue[HrOutboxRow]:
    return LeaseQueue(HrOutboxRow, OUTBOX_QUEUE, store.session)


def renew(
    store: Store,
    prefix: str,
    now: dt.datetime,
    event_s: float,
    period_s: float,
    event_ids: Sequence[int] | None = None,
    period_ids: Sequence[int] | None = None,
    delivery_ids: Sequence[int] | None = None,
    delivery_s: float = HR_LEASE_SECONDS,
) -> int:
    """Extend the leases the process ``prefix`` is working on now (``in_flight``: a lease
    whose job was given up is left to run out); the number of leases renewed."""
    event_ids = in_flight.events() if event_ids is None else list(event_ids)
    period_ids = in_flight.periods() if period_ids is None else list(period_ids)
    delivery_ids = in_flight.deliveries() if delivery_ids is None else list(delivery_ids)
    like = prefix.replace("%", r"\%").replace("_", r"\_") + "%"
    renewed = 0
    with store.session() as s:
        renewed += store.inbox.renew(event_ids, prefix, now + dt.timedelta(seconds=event_s), s)
        renewed += _hr_queue(store).renew(
            delivery_ids, prefix, now + dt.timedelta(seconds=delivery_s), s
        )
        if period_ids:
            renewed += s.execute(
                update(PeriodRow)
                .where(
                    PeriodRow.id.in_(period_ids),
                    PeriodRow.lease_owner.like(like, escape="\\"),
                    PeriodRow.lease_until >= now,
                )
                .values(lease_until=now + dt.timedelta(seconds=period_s))
            ).rowcount  # type: ignore[attr-defined]
    return int(renewed)


def free_dead(
    store: Store,
    now: dt.datetime,
    host: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> int:
    """Expire the leases held by processes of this host that no longer exist (killed, crashed),
    so they are taken over at once; the number of leases freed."""
    host = host or socket.gethostname()
    freed = 0
    queues = (store.inbox, _hr_queue(store))
    with store.session() as s:
        holders: set[str] = set()
        for q in queues:
            holders |= q.holders(s)
        holders |= {
            h
            for h in s.execute(
                select(PeriodRow.lease_owner).where(PeriodRow.lease_until >= now)
            ).scalars()
            if h
        }
        for holder in holders:
            parts = (holder or "").split(":")
            if len(parts) < 3 or parts[0] != host or not parts[1].isdigit():
                continue
            if alive(int(parts[1])):
                continue
            gone = now - dt.timedelta(seconds=1)
            for q in queues:
                freed += q.expire_holder(holder, gone, s)
            freed += s.execute(
                update(PeriodRow).where(PeriodRow.lease_owner == holder).values(lease_until=gone)
            ).rowcount  # type: ignore[attr-defined]
    if freed:
        log.warning("took over %s lease(s) of processes that are gone", freed)
    return freed


class LeaseKeeper:
    """The heartbeat of one process: renews its leases and frees those of dead neighbours."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], dt.datetime],
        event_lease_seconds: float,
        period_lease_seconds: float,
        wake: threading.Event | None = None,
    ):
        self.store = store
        self.clock = clock
        self.event_lease = event_lease_seconds
        self.period_lease = period_lease_seconds
        self.wake = wake
        self.prefix = process_prefix()
        # Renew well before the shortest lease runs out.
        self.interval = max(0.2, min(self.event_lease, self.period_lease) / 3)

    def beat(self) -> None:
        now = self.clock()
        renew(self.store, self.prefix, now, self.event_lease, self.period_lease)
        if free_dead(self.store, now) and self.wake is not None:
            self.wake.set()  # the workers take the freed events now, not at their next poll

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.beat()
            except Exception:
                log.exception("lease heartbeat failed (database unavailable?)")
            stop.wait(self.interval)


def start_lease_keeper(services: Services, stop: threading.Event) -> LeaseKeeper:
    """Start the heartbeat thread for this process's workers and scheduler."""
    keeper = LeaseKeeper(
        services.store,
        services.clock,
        services.config.worker.lease_seconds,
        services.config.scheduler.lease_seconds,
        services.wake,
    )
    keeper.beat()  # at once: a restarted process takes over its predecessor's work first
    threading.Thread(
        target=keeper.run_forever, args=(stop,), name="standin-leases", daemon=True
    ).start()
    return keeper
