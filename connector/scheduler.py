"""The scheduler: period starts, period ends, reconciliation sweeps and replacement changes.

``Scheduler.tick(now)`` is a function of the database and the clock: it reads which periods
have something due (``due_jobs``), takes a lease on each such period with a conditional
UPDATE (so two processes never run the same job), runs the jobs and records what was done in
the period's row. ``standin serve`` runs ``run_forever`` in one thread next to the event
worker; ``standin worker`` runs it too. Tests call ``tick`` with a fake clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from connector import in_flight
from connector.domain.messages import Msg
from connector.domain.periods import Period
from connector.domain.scope import boundary_key, due_boundary
from connector.errors import PermanentVendorError, RetryableVendorError
from connector.services.lifecycle import Lifecycle
from connector.wiring import Services

log = logging.getLogger(__name__)

START, SWEEP, END, REPLACEMENT, PHASE = "start", "sweep", "end", "replacement", "phase"


def due_jobs(period: Period, now: dt.datetime, sweep_interval: float) -> list[str]:
    """What a started, not yet handed-back period needs at ``now`` (pure)."""
    state = period.state
    if period.ends_before(now):  # never while open-ended: only a lead ends that
        return [END]
    if now < period.starts_at:
        return []
    jobs: list[str] = []
    if state.get("replacement_move_due"):
        jobs.append(REPLACEMENT)
    started = state.get("start_moved_at")
    if started is None:
        retry_at = state.get("start_retry_at")
        if retry_at is None or retry_at <= now:
            jobs.append(START)
        return jobs
    if due_boundary(period, now, state.get("phase_moves") or {}) is not None:
        jobs.append(PHASE)
    last = state.get("last_swept_at") or started
    assert isinstance(last, dt.datetime)
    if (now - last).total_seconds() >= sweep_interval:
        jobs.append(SWEEP)
    return jobs


class Scheduler:
    def __init__(self, services: Services, owner: str | None = None):
        self.services = services
        self.lifecycle: Lifecycle = services.lifecycle
        self.cfg = services.config.scheduler
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"

    def tick(self, now: dt.datetime | None = None) -> list[str]:
        """Run every job due at ``now``; return one line per job run."""
        now = now or self.services.clock()
        lstore = self.lifecycle.lstore
        done: list[str] = []
        for period in lstore.unfinished_periods(now):
            assert period.id is not None
            if not due_jobs(period, now, self.cfg.sweep_interval_seconds):
                continue
            if not lstore.claim(period.id, self.owner, now, self.cfg.lease_seconds):
                continue  # another process has it
            try:
                with in_flight.working_on_period(period.id):  # the heartbeat renews its lease
                    fresh = self.services.repositories.periods.get_period(period.id)
                    if fresh is None:
                        continue
                    for job in due_jobs(fresh, now, self.cfg.sweep_interval_seconds):
                        done.append(f"period {fresh.id}: {job}: {self._run(job, fresh, now)}")
                        fresh = self.services.repositories.periods.get_period(period.id) or fresh
            finally:
                lstore.release(period.id, self.owner)
        done.extend(self.daily_word(now))
        return done

    def daily_word(self, now: dt.datetime) -> list[str]:
        """The daily word of every period whose local hour has come (once a day: the service
        keeps a sent-marker per period, recipient and day)."""
        service = self.services.daily_word
        if service is None:
            return []
        try:
            counts = service.run(self.services.repositories.periods.periods(), now)
        except Exception:  # noqa: BLE001 - the next tick tries again; the periods' jobs go on
            log.exception("daily word run failed")
            return []
        return [f"daily word: {result}: {n}" for result, n in sorted(counts.items())]

    def _run(self, job: str, period: Period, now: dt.datetime) -> Any:
        assert period.id is not None
        lc = self.lifecycle
        try:
            if job == START:
                return lc.start_move(period, now)
            if job == SWEEP:
                return lc.sweep(period, now)
            if job == REPLACEMENT:
                return lc.move_to_new_replacement(period, now)
            if job == PHASE:
                moment = due_boundary(period, now, period.state.get("phase_moves") or {})
                return lc.phase_boundary(period, now, moment) if moment else "nothing due"
            return lc.hand_back(period, now)
        except RetryableVendorError as exc:
            wait = max(exc.retry_after or 0.0, 30.0)
            retry_at = self.services.clock() + dt.timedelta(seconds=wait)
            log.warning("period %s: %s will be retried in %.0f s: %s", period.id, job, wait, exc)
            if job == START:
                progress = dict(lc.lstore_progress(period.id))
                progress["status"] = "waiting"
                lc.lstore.set_start_move(period.id, progress, retry_at=retry_at)
            elif job == SWEEP:
                # Count the failed sweep as done now, so the next one follows after the interval.
                lc.lstore.set_swept(period.id, now)
            later = Msg("%(error)s; next try after %(s)s s", error=str(exc), s=f"{wait:.0f}")
            self._audit(period, f"{job}_postponed", later)
            # A phase hand-back stays "running": the next tick resumes with what is left.
            return f"postponed: {exc}"
        except PermanentVendorError as exc:
            if job == START:
                progress = dict(lc.lstore_progress(period.id))
                progress["status"] = "failed"
                progress["error"] = str(exc)[:300]
                # The sweep takes over from here: it moves what the failed start left.
                lc.lstore.set_start_move(period.id, progress, done_at=self.services.clock())
            elif job == SWEEP:
                lc.lstore.set_swept(period.id, now)
            elif job == REPLACEMENT:
                lc.lstore.set_replacement_move_due(period.id, False)
            elif job == PHASE:
                moment = due_boundary(period, now, period.state.get("phase_moves") or {})
                if moment is not None:
                    lc.lstore.set_phase_move(
                        period.id,
                        boundary_key(moment),
                        {"status": "failed", "error": str(exc)[:300]},
                    )
            else:
                # Visible in the period (handback.status) and the audit, not retried forever.
                lc.lstore.set_handed_back(
                    period.id, self.services.clock(), {"status": "failed", "error": str(exc)[:300]}
                )
            self._audit(period, f"{job}_failed", str(exc))
            return f"failed: {exc}"

    def _audit(self, period: Period, action: str, reason: str) -> None:
        self.services.repositories.audit.audit(
            self.services.clock(), period.helpdesk, action, period_id=period.id, reason=reason
        )

    def run_forever(self, stop: threading.Event) -> None:
        """Tick every ``tick_seconds`` (or sooner when woken, e.g. a period that starts now)."""
        wake = self.services.scheduler_wake
        while not stop.is_set():
            try:
                for line in self.tick():
                    log.info("scheduler: %s", line)
            except Exception:
                log.exception("scheduler tick failed (database unavailable?)")
            wake.wait(self.cfg.tick_seconds)
            wake.clear()
