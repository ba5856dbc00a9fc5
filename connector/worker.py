"""The worker: claims accepted events in batches and processes them; retries and dead-letters
visibly."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import random
import socket
import threading
import time

from connector import in_flight
from connector.domain import privacy
from connector.domain.messages import Msg
from connector.domain.records import ClaimedEvent, EventEnd, EventEnding
from connector.errors import PermanentVendorError, RetryableVendorError
from connector.logs import request_id
from connector.services.rerouting import ActivePeriods
from connector.wiring import Services

log = logging.getLogger(__name__)
#: How often an idle worker looks for a period that will need the privacy guard soon.
GUARD_LOOK_EVERY = dt.timedelta(minutes=1)
# Before each event, while this process answers webhooks: wait in steps, up to this long.
MAKE_WAY_STEP = 0.0005
MAKE_WAY_SECONDS = 0.002


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
        self._batch_size = self.cfg.batch  # events asked for by the next claim
        self._guard_ready = False  # the privacy guard built in idle time (run_forever)
        self._guard_looked_at: dt.datetime | None = None  # when periods were last looked at
        self._frozen_with_guard = False  # long-lived objects frozen since the guard was built
        self._handled_last_turn = False  # whether the last turn handled events (``_turn``)

    def run_once(self) -> bool:
        """Process a batch of due events, deliver one due HR entry and one due team-lead
        notification; False when there was none of them."""
        return self._turn() > 0

    def drain(self, limit: int = 10_000) -> int:
        """Work until nothing is due; the number of events, HR entries and notifications
        handled."""
        n = 0
        while n < limit:
            done = self._turn()
            if not done:
                break
            n += done
        return n

    def _turn(self, *, running: bool = False) -> int:
        """One loop of the worker: events first; the side queues once per poll interval.

        While events keep coming, the HR outbox and the notification queue are polled once per
        ``poll_interval`` rather than after every batch: each poll is a query (and on SQLite a
        turn at the single writer) that the web threads' inserts would wait behind. When no
        event is due they are polled on every call, so nothing waits longer than a poll;
        ``running`` (``run_forever``) also spares the empty turn right after a batch: at a
        trickle of webhooks each event was followed by one, and its two polls cost about
        as much as the event's own claim and ending."""
        store = self.services.store
        batch = store.claim_many(
            self.id, self.services.clock(), self.cfg.lease_seconds, self._batch_size
        )
        handled = self._work_through(batch) if batch else 0
        after_a_batch = running and self._handled_last_turn
        self._handled_last_turn = bool(handled)
        if (handled or after_a_batch) and time.monotonic() < self._side_queues_due:
            return handled
        self._side_queues_due = time.monotonic() + self.cfg.poll_interval
        delivered = self.services.hr.run_once() if self.services.hr is not None else False
        notifier = self.services.notifier
        told = notifier.run_once() if notifier is not None else False
        return handled + int(delivered) + int(told)

    def _work_through(self, batch: list[ClaimedEvent]) -> int:
        """Process a claimed batch in order and commit the outcomes together.

        A batch that runs past ``batch_seconds`` (slow vendor answers) stops there: the
        outcomes so far are committed and the events not yet started are given back to the
        queue for any worker, and the next claim asks for fewer. So a crash repeats at most
        that much work (a repeated event re-reads its ticket and finds it already moved), no
        event waits long behind another's slow calls, and other workers are not left idle
        while one holds a backlog."""
        ids = [ev.id for ev in batch]
        started = time.monotonic()
        reader = self.services.rerouter.active_periods()
        endings: list[EventEnding] = []
        done = 0
        with in_flight.working_on_events(ids):  # the heartbeat renews their leases meanwhile
            try:
                for ev in batch:
                    if done and time.monotonic() - started > self.cfg.batch_seconds:
                        self.services.store.release(ids[done:], self.id)
                        self._batch_size = max(1, done)
                        break
                    self._make_way_for_webhooks()
                    endings.append(self._handle(ev, reader))
                    done += 1
                else:
                    self._batch_size = min(self.cfg.batch, self._batch_size * 2)
            finally:
                lost = self.services.store.end_many(self.id, endings)
        for event_id in lost:
            log.warning(
                "event %s was taken over by another worker; its outcome is not kept", event_id
            )
        return done

    def _make_way_for_webhooks(self) -> None:
        """In ``standin serve`` the web threads and this worker share one process and its
        interpreter lock: while webhooks are being answered, wait a little (at most
        ``MAKE_WAY_SECONDS``) before the next event. A webhook's answer is what the vendor
        waits for (and retries when it is slow); an event queued a moment longer is rerouted
        all the same. A worker process of its own never waits: no webhook is answered there."""
        waited = 0.0
        while in_flight.webhooks_being_answered() and waited < MAKE_WAY_SECONDS:
            time.sleep(MAKE_WAY_STEP)
            waited += MAKE_WAY_STEP

    def _handle(self, ev: ClaimedEvent, reader: ActivePeriods) -> EventEnding:
        token = request_id.set(f"event-{ev.id}")
        try:
            return self._process(ev, reader)
        finally:
            request_id.reset(token)

    def _process(self, ev: ClaimedEvent, reader: ActivePeriods) -> EventEnding:
        clock = self.services.clock
        metrics = self.services.metrics
        try:
            outcome = self.services.rerouter.process(ev, reader)
        except RetryableVendorError as exc:
            if ev.attempts >= self.cfg.max_attempts:
                return self._dead(
                    ev,
                    Msg("gave up after %(n)s attempts: %(error)s", n=ev.attempts, error=exc.said),
                )
            wait = max(exc.retry_after or 0.0, job_backoff(ev.attempts, self.rng))
            log.warning("event %s will be retried in %.0f s: %s", ev.id, wait, exc)
            return EventEnding(
                ev.id, EventEnd.RETRY, clock() + dt.timedelta(seconds=wait), str(exc)
            )
        except PermanentVendorError as exc:
            return self._dead(ev, exc.said)
        except (ValueError, KeyError, TypeError) as exc:
            return self._dead(
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
                return self._dead(ev, reason)
            wait = job_backoff(ev.attempts, self.rng)
            return EventEnding(
                ev.id,
                EventEnd.RETRY,
                clock() + dt.timedelta(seconds=wait),
                f"{type(exc).__name__}: {exc}",
            )
        log.info(
            "event processed",
            extra={"event_id": ev.id, "outcome": outcome.outcome.value, "reason": outcome.reason},
        )
        metrics.jobs.labels(outcome.outcome.value).inc()  # the enum, never the wording
        metrics.job_latency.observe(max(0.0, (clock() - ev.received_at).total_seconds()))
        return EventEnding(
            ev.id, EventEnd.DONE, clock(), outcome.reason, self._minimal(ev, keep_text=False)
        )

    def _dead(self, ev: ClaimedEvent, reason: str) -> EventEnding:
        log.error("event %s dead-lettered: %s", ev.id, reason)
        self.services.metrics.jobs.labels("dead").inc()
        now = self.services.clock()
        self.services.repositories.audit.audit(
            now, ev.helpdesk, "dead_lettered", event_id=ev.id, reason=reason
        )
        return EventEnding(
            ev.id, EventEnd.DEAD, now, str(reason), self._minimal(ev, keep_text=True)
        )

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
                worked = self._turn(running=True) > 0
            except Exception:
                log.exception("worker loop error (database unavailable?)")
                worked = False
                stop.wait(2.0)
            if not worked:
                self._prepare_the_guard_while_idle()
                self._freeze_what_lives_long_while_idle()
                wake.wait(self.cfg.poll_interval)
                wake.clear()

    def _freeze_what_lives_long_while_idle(self) -> None:
        """Once the privacy guard is built (in idle time or by a notice), move every object
        alive into the collector's permanent generation (``gc.freeze``), once, in idle time.
        The guard's tables, the app and its libraries live as long as the process; left in
        the oldest generation, every full collection walked them all, a pause of tens of
        milliseconds in which no thread of the process runs: under load, the slowest reroutes
        and answers were those pauses. Garbage is collected first, so none is kept."""
        if self._frozen_with_guard or not privacy.is_prepared():
            return
        self._frozen_with_guard = True
        gc.collect()
        gc.freeze()

    def _prepare_the_guard_while_idle(self) -> None:
        """Build the privacy guard in idle time once a period is active or starts within a
        day: built by the first notice instead, its second or more of CPU held that batch
        while the events behind it queued. Without a period nothing needs it, and the
        process stays small (the word lists take about 30 MiB)."""
        if self._guard_ready:
            return
        now = self.services.clock()
        if self._guard_looked_at is not None and now - self._guard_looked_at < GUARD_LOOK_EVERY:
            return
        self._guard_looked_at = now
        try:
            upcoming = any(
                self.services.repositories.periods.periods_active_during(
                    key, now, now + dt.timedelta(days=1)
                )
                for key in self.services.helpdesks
            )
            if upcoming:
                privacy.prepare()
                self._guard_ready = True
        except Exception:  # the first notice builds it then, as before
            log.exception("building the privacy guard failed")
            self._guard_ready = True
