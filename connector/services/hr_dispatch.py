"""Delivering contact-log entries to the HR system from the durable outbox.

One outbox row per entry and target (the entry id is the idempotency key). Retryable answers
(429, 5xx - BambooHR's 503 among them -, timeouts) are rescheduled with backoff, honouring
Retry-After; after ``hr.max_attempts`` or on a 4xx that retrying cannot fix the row is
dead-lettered, listed at GET /api/v1/hr/dead and replayable. Housekeeping (weekly summaries,
the retention purge) runs from here too, at most once an hour per process.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
import threading
from collections.abc import Callable

from connector import in_flight
from connector.config import Config, HrConfig
from connector.domain.alerts import Alert, AlertKind, hr_alert
from connector.domain.contact_log import ContactEntry, lint_entry
from connector.domain.records import OutboxItem
from connector.errors import PermanentVendorError, RetryableVendorError
from connector.services.contact_log import guard_names
from connector.services.ports import HrOutbox, HrTarget, PeriodRepo

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
LEASE_SECONDS = 300
HOUSEKEEPING_FIRST_AFTER = dt.timedelta(seconds=30)


def hr_backoff(
    attempt: int, rng: random.Random, base: float = 30.0, cap: float = 6 * 3600
) -> float:
    """Seconds before the next delivery attempt: 30 s, 1 min, 2 min … at most 6 h, jittered."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return delay / 2 + rng.uniform(0, delay / 2)


class HrDispatcher:
    def __init__(
        self,
        log_store: HrOutbox,
        periods: PeriodRepo,
        target: HrTarget | None,
        config: Config,
        hr: HrConfig,
        clock: Clock,
        housekeeping: Callable[[dt.datetime], None] | None = None,
        on_alert: Callable[[Alert], None] | None = None,
    ):
        self.log = log_store
        self.periods = periods
        self.target = target
        self.config = config
        self.hr = hr
        self.clock = clock
        self.housekeeping = housekeeping
        self.on_alert = on_alert  # the team lead hears of deliveries that fail (notifications)
        self.housekeeping_every = dt.timedelta(hours=1)
        self.housekeeping_first_after = HOUSEKEEPING_FIRST_AFTER
        self._next_housekeeping: dt.datetime | None = None
        self.rng = random.Random()  # noqa: S311 - jitter

    def run_once(self) -> bool:
        """Deliver one due outbox row; False when there was none."""
        now = self.clock()
        self._maybe_housekeeping(now)
        if self.target is None:
            return False
        # The owner is this thread of this process (``host:pid:thread``, like a worker), so the
        # process's heartbeat renews the lease and a dead process's lease is freed at once.
        owner = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        item = self.log.claim(now, LEASE_SECONDS, owner)
        if item is None:
            return False
        with in_flight.working_on_delivery(item.id):
            self._deliver(item, owner)
        return True

    def drain(self, limit: int = 1000) -> int:
        n = 0
        while n < limit and self.run_once():
            n += 1
        return n

    def _maybe_housekeeping(self, now: dt.datetime) -> None:
        """Hourly, the first time a little after the process's first turn: a (re)started
        process answers webhooks and `/readyz` first; its first housekeeping (weekly summaries,
        retention) compiles some twenty queries, which held the first turn for about 0.1 s."""
        if self.housekeeping is None:
            return
        if self._next_housekeeping is None:
            self._next_housekeeping = now + self.housekeeping_first_after
        if now < self._next_housekeeping:
            return
        self._next_housekeeping = now + self.housekeeping_every
        try:
            self.housekeeping(now)
        except Exception:  # never let housekeeping stop deliveries; it runs again next hour
            log.exception("contact-log housekeeping failed")

    def _deliver(self, item: OutboxItem, owner: str) -> None:
        assert self.target is not None
        entry = self.log.get(item.entry_id)
        if entry is None:
            self._dead(item, owner, None, "the entry no longer exists (purged)")
            return
        if item.target != self.target.system:
            self._dead(item, owner, entry, f"target {item.target} is no longer configured")
            return
        hd = self.config.helpdesks.get(entry.helpdesk)
        # rule 3: checked before it is stored AND before it is sent
        found = lint_entry(entry, guard_names(self.periods, entry, hd))
        if found:
            self._dead(item, owner, entry, f"the entry fails the privacy lint now: {found}")
            return
        doc = self.target.document(entry, hd.timezone if hd else "UTC")
        try:
            ref = self.target.deliver(doc, self.clock())
        except RetryableVendorError as exc:
            self._retry(item, owner, entry, str(exc), exc.retry_after)
        except PermanentVendorError as exc:
            log.error("HR delivery %s dead-lettered: %s", item.id, exc)
            self._dead(item, owner, entry, str(exc))
        except Exception as exc:  # a bug or a database blip: retry, bounded
            log.exception("HR delivery %s failed unexpectedly", item.id)
            self._retry(item, owner, entry, f"{type(exc).__name__}: {exc}", None)
        else:
            self.log.sent(item.id, self.clock(), ref, owner)

    def _dead(self, item: OutboxItem, owner: str, entry: ContactEntry | None, error: str) -> None:
        """Dead-letter the delivery, and tell the team lead (one message per delivery)."""
        self.log.dead(item.id, error, owner)
        self._alert(AlertKind.HR_DEAD_LETTER, entry, item)

    def _alert(self, kind: AlertKind, entry: ContactEntry | None, item: OutboxItem) -> None:
        """The helpdesk's team leads and the lead of the entry's period hear of it."""
        if self.on_alert is None:
            return
        helpdesk, period_id = (entry.helpdesk, entry.period_id) if entry else ("", None)
        try:
            self.on_alert(hr_alert(kind, helpdesk, item.id, item.attempts, period_id))
        except Exception:  # the delivery's own state is recorded; the alert is best effort
            log.exception("could not record the notification for HR delivery %s", item.id)

    def _retry(
        self,
        item: OutboxItem,
        owner: str,
        entry: ContactEntry,
        error: str,
        retry_after: float | None,
    ) -> None:
        if item.attempts >= self.hr.max_attempts:
            log.error("HR delivery %s dead-lettered after %s attempts", item.id, item.attempts)
            self._dead(item, owner, entry, f"gave up after {item.attempts} attempts: {error}")
            return
        if item.attempts == self.config.notifications.hr_failing_after:
            self._alert(AlertKind.HR_FAILING, entry, item)
        wait = max(retry_after or 0.0, hr_backoff(item.attempts, self.rng))
        log.warning("HR delivery %s will be retried in %.0f s: %s", item.id, wait, error)
        self.log.retry_later(item.id, self.clock() + dt.timedelta(seconds=wait), error, owner)
