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

from connector import in_flight
from connector.services.hr_dispatch import LEASE_SECONDS as HR_LEASE_SECONDS
from connector.services.ports import LeaseHolders
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


def renew(
    leases: LeaseHolders,
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
    return leases.renew(
        prefix,
        now,
        events=in_flight.events() if event_ids is None else list(event_ids),
        event_until=now + dt.timedelta(seconds=event_s),
        deliveries=in_flight.deliveries() if delivery_ids is None else list(delivery_ids),
        delivery_until=now + dt.timedelta(seconds=delivery_s),
        periods=in_flight.periods() if period_ids is None else list(period_ids),
        period_until=now + dt.timedelta(seconds=period_s),
    )


def dead_pid(holder: str, host: str, alive: Callable[[int], bool]) -> bool:
    """Whether ``holder`` (``host:pid:thread``) is a process of ``host`` that no longer
    exists; a holder of another host, or named otherwise, is never taken for dead."""
    parts = holder.split(":")
    if len(parts) < 3 or parts[0] != host or not parts[1].isdigit():
        return False
    return not alive(int(parts[1]))


def free_dead(
    leases: LeaseHolders,
    now: dt.datetime,
    host: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> int:
    """Expire the leases held by processes of this host that no longer exist (killed, crashed),
    so they are taken over at once; the number of leases freed."""
    host = host or socket.gethostname()
    gone = now - dt.timedelta(seconds=1)
    freed = sum(
        leases.expire_holder(holder, gone)
        for holder in sorted(leases.holders(now))
        if dead_pid(holder, host, alive)
    )
    if freed:
        log.warning("took over %s lease(s) of processes that are gone", freed)
    return freed


class LeaseKeeper:
    """The heartbeat of one process: renews its leases and frees those of dead neighbours."""

    def __init__(
        self,
        leases: LeaseHolders,
        clock: Callable[[], dt.datetime],
        event_lease_seconds: float,
        period_lease_seconds: float,
        wake: threading.Event | None = None,
        *,
        host: str | None = None,
        pid: int | None = None,
        alive: Callable[[int], bool] = pid_alive,
    ):
        self.leases = leases
        self.clock = clock
        self.event_lease = event_lease_seconds
        self.period_lease = period_lease_seconds
        self.wake = wake
        self.host = host or socket.gethostname()
        self.prefix = process_prefix(self.host, pid)
        self.alive = alive
        # Renew well before the shortest lease runs out.
        self.interval = max(0.2, min(self.event_lease, self.period_lease) / 3)

    def beat(self) -> None:
        now = self.clock()
        renew(self.leases, self.prefix, now, self.event_lease, self.period_lease)
        if free_dead(self.leases, now, self.host, self.alive) and self.wake is not None:
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
        services.lease_holders,
        services.clock,
        services.config.worker.lease_seconds,
        services.config.scheduler.lease_seconds,
        services.wake,
    )
    # Its thread beats at once (a restarted process takes over its predecessor's work first,
    # and wakes the workers for it), while the web process already answers.
    threading.Thread(
        target=keeper.run_forever, args=(stop,), name="standin-leases", daemon=True
    ).start()
    return keeper
