"""The worker: claims accepted events and processes them; retries and dead-letters visibly."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import socket
import threading
import time

from connector import in_flight
from connector.adapters.store import ClaimedEvent
from connector.domain.messages import Msg
from connector.errors import PermanentVendorError, RetryableVendorError
from connector.logs import request_id
from connector.wiring import Services

log = logging.getLogger(__name__)


def job_backoff(attempt: int, rng: random.Random, base: float = 5.0, cap: float = 3600.0) -> float:
    """Seconds before a job's next attempt: exponential with jitter (5 s, 10 s, 20 s … ≤ 1 h)."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return delay / 2 + rng.uniform(0, delay / 2)


class Worker:
    def __init__(self, services: Services, worker_id: str | None = None):
        self.services = services
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        self.rng = random.Random()  # noqa: S311 - jitter
        self.cfg = services.config.worker
        self._side_queues_due = 0.0  # time.monotonic() of the next HR/notification poll

    def run_once(self) -> bool:
        """Process one due event, deliver one due HR entry and one due team-lead notification;
        False when there was none of them.

        While events keep coming, the HR outbox and the notification queue are polled once per
        ``poll_interval`` rather than after every event: each poll is a query (and on SQLite a
        turn at the single writer) that the web threads' inserts would wait behind. When no
        event is due they are polled on every call, so nothing waits longer than a poll."""
        store = self.services.store
        claimed = store.claim(self.id, self.services.clock(), self.cfg.lease_seconds)
        if claimed is not None:
            self._handle(claimed)
            if time.monotonic() < self._side_queues_due:
                return True
        self._side_queues_due = time.monotonic() + self.cfg.poll_interval
        delivered = self.services.hr.run_once() if self.services.hr is not None else False
        notifier = self.services.notifier
        told = notifier.run_once() if notifier is not None else False
        return claimed is not None or delivered or told

    def drain(self, limit: int = 10_000) -> int:
        n = 0
        while n < limit and self.run_once():
            n += 1
        return n

    def _handle(self, ev: ClaimedEvent) -> None:
        token = request_id.set(f"event-{ev.id}")
        try:
            with in_flight.working_on_event(ev.id):  # the heartbeat renews its lease meanwhile
                self._process(ev)
        finally:
            request_id.reset(token)

    def _process(self, ev: ClaimedEvent) -> None:
        store, clock = self.services.store, self.services.clock
        metrics = self.services.metrics
        try:
            outcome = self.services.rerouter.process(ev)
        except RetryableVendorError as exc:
            if ev.attempts >= self.cfg.max_attempts:
                self._dead(
                    ev,
                    Msg("gave up after %(n)s attempts: %(error)s", n=ev.attempts, error=str(exc)),
                )
                return
            wait = max(exc.retry_after or 0.0, job_backoff(ev.attempts, self.rng))
            log.warning("event %s will be retried in %.0f s: %s", ev.id, wait, exc)
            store.retry_later(ev.id, self.id, clock() + dt.timedelta(seconds=wait), str(exc))
        except PermanentVendorError as exc:
            self._dead(ev, str(exc))
        except (ValueError, KeyError, TypeError) as exc:
            self._dead(
                ev,
                Msg(
                    "cannot process payload: %(kind)s: %(error)s",
                    kind=type(exc).__name__,
                    error=str(exc),
                ),
            )
        except Exception as exc:  # a database blip or a bug: retry, bounded, then dead-letter
            log.exception("event %s failed unexpectedly", ev.id)
            if ev.attempts >= self.cfg.max_attempts:
                reason = Msg(
                    "gave up after %(n)s attempts: %(error)s",
                    n=ev.attempts,
                    error=type(exc).__name__,
                )
                self._dead(ev, reason)
            else:
                wait = job_backoff(ev.attempts, self.rng)
                store.retry_later(
                    ev.id,
                    self.id,
                    clock() + dt.timedelta(seconds=wait),
                    f"{type(exc).__name__}: {exc}",
                )
        else:
            store.finish(
                ev.id, self.id, clock(), outcome.reason, self._minimal(ev, keep_text=False)
            )
            log.info(
                "event processed",
                extra={
                    "event_id": ev.id,
                    "outcome": outcome.outcome.value,
                    "reason": outcome.reason,
                },
            )
            metrics.jobs.labels(outcome.outcome.value).inc()  # the enum, never the wording
            metrics.job_latency.observe(max(0.0, (clock() - ev.received_at).total_seconds()))

    def _dead(self, ev: ClaimedEvent, reason: str) -> None:
        log.error("event %s dead-lettered: %s", ev.id, reason)
        self.services.metrics.jobs.labels("dead").inc()
        now = self.services.clock()
        store = self.services.store
        self.services.repositories.audit.audit(
            now, ev.helpdesk, "dead_lettered", event_id=ev.id, reason=reason
        )
        store.dead_letter(ev.id, self.id, now, reason, self._minimal(ev, keep_text=True))

    def _minimal(self, ev: ClaimedEvent, *, keep_text: bool) -> str:
        """What is kept of a finished event: the fields its mapping reads (a dead one keeps
        the text a replay needs; a done one keeps no text). Contact details, names, subjects
        and message bodies are not kept beyond processing."""
        adapter = self.services.helpdesks.get(ev.helpdesk)
        try:
            payload = json.loads(ev.payload)
        except ValueError:
            return "{}" if not keep_text else ev.payload
        if adapter is None:
            return "{}"
        reduced = adapter.mapping.minimal_payload(ev.event_type, payload, keep_text=keep_text)
        return json.dumps(reduced, ensure_ascii=False, separators=(",", ":"))

    def run_forever(self, stop: threading.Event) -> None:
        """Work until ``stop`` is set; sleep on the wake event between polls (no busy loop)."""
        wake = self.services.wake
        while not stop.is_set():
            try:
                worked = self.run_once()
            except Exception:
                log.exception("worker loop error (database unavailable?)")
                worked = False
                stop.wait(2.0)
            if not worked:
                wake.wait(self.cfg.poll_interval)
                wake.clear()
