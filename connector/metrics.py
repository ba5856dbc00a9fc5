"""Prometheus metrics, one registry per app (nothing global at import time).

Several processes (``standin serve --workers N``, and ``standin worker`` on the same host)
count together when ``PROMETHEUS_MULTIPROC_DIR`` names a shared directory: prometheus_client's
multiprocess mode, where each process writes its counters to files and ``/metrics`` adds
them up. ``standin serve`` sets one up by itself. Queue depth and age are read from the
database at scrape time, so they are global in any mode.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from connector.domain.outcomes import Outcome

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: standin_webhooks_received's result label for events acknowledged without being stored.
NOT_STORED_LABELS = {Outcome.IGNORED_EVENT: "ignored", Outcome.UNKNOWN_EVENT: "unknown"}


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_ENV) or os.environ.get(MULTIPROC_ENV.lower()) or None


class QueueStats(Protocol):
    """Where the inbox's depth and age are read at scrape time (the store, built in wiring)."""

    def queue_stats(self, now: dt.datetime) -> dict[str, Any]: ...


class QueueCollector(Collector):
    """Inbox depth by status and the oldest unfinished event's age, read at scrape time."""

    def __init__(self, store: QueueStats, clock: Any):
        self.store = store
        self.clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        stats = self.store.queue_stats(self.clock())
        depth = GaugeMetricFamily(
            "standin_queue_events", "Inbox events by status", labels=["status"]
        )
        for status in ("pending", "processing", "done", "dead"):
            depth.add_metric([status], stats["counts"].get(status, 0))
        yield depth
        yield GaugeMetricFamily(
            "standin_queue_oldest_age_seconds",
            "Age of the oldest unfinished event",
            value=stats["oldest_age_seconds"],
        )


class OutboxCollector(Collector):
    """The HR outbox and the team-lead notifications by status, and the age of the oldest
    one not yet delivered, read at scrape time (``stats`` returns what each store's
    ``stats(now)`` returns: counts by status and ``oldest_age_seconds``)."""

    def __init__(self, name: str, what: str, statuses: tuple[str, ...], stats: Any, clock: Any):
        self.name, self.what, self.statuses = name, what, statuses
        self.stats = stats
        self.clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        stats = self.stats(self.clock())
        depth = GaugeMetricFamily(self.name, f"{self.what} by status", labels=["status"])
        for status in self.statuses:
            depth.add_metric([status], stats["counts"].get(status, 0))
        yield depth
        yield GaugeMetricFamily(
            f"{self.name}_oldest_age_seconds",
            f"Age of the oldest {self.what.lower()} not yet delivered",
            value=stats["oldest_age_seconds"],
        )


class Metrics:
    """Counters of this process, or of all processes sharing ``PROMETHEUS_MULTIPROC_DIR``."""

    def __init__(self, store: QueueStats, helpdesks: set[str], clock: Any):
        self.store = store
        self.helpdesk_keys = helpdesks
        self.clock = clock
        own = CollectorRegistry()  # where this process's counters live
        if multiprocess_dir():
            # Scrapes add up every process's files; the counters' own registry is not read
            # (it would count this process twice).
            self.registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(self.registry)
        else:
            self.registry = own
        self.registry.register(QueueCollector(store, clock))
        self.vendor_calls = Counter(
            "standin_vendor_calls",
            "Calls to helpdesk and HR APIs, by vendor and status",
            ["vendor", "method", "status"],
            registry=own,
        )
        self.vendor_seconds = Histogram(
            "standin_vendor_call_seconds",
            "Vendor call duration",
            ["vendor"],
            registry=own,
        )
        self.jobs = Counter(
            "standin_jobs",
            "Events processed by the worker, by outcome",
            ["outcome"],
            registry=own,
        )
        self.job_latency = Histogram(
            "standin_job_latency_seconds",
            "From webhook accepted to event finished",
            registry=own,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
        )
        self.notices = Counter(
            "standin_notices",
            "Customer notices, by result (sent, blocked)",
            ["result"],
            registry=own,
        )
        self.webhooks = Counter(
            "standin_webhooks_received",
            "Webhook events accepted, duplicate, ignored (listed in the mapping) or unknown",
            ["helpdesk", "result"],
            registry=own,
        )
        self.notifications = Counter(
            "standin_notifications",
            "Team-lead notifications, by kind, channel and result "
            "(recorded, folded, sent, retried, failed, unrouted)",
            ["kind", "channel", "result"],
            registry=own,
        )
        self._received: dict[tuple[str, str], Any] = {}
        self.rejections = Counter(
            "standin_webhooks_rejected",
            "Webhook deliveries rejected, by reason",
            ["helpdesk", "reason"],
            registry=own,
        )

    def received(
        self,
        helpdesk: str,
        accepted: int,
        duplicates: int,
        not_stored: Mapping[Outcome, int] | None = None,
    ) -> None:
        counts = [("accepted", accepted), ("duplicate", duplicates)]
        counts += [(NOT_STORED_LABELS[o], n) for o, n in (not_stored or {}).items()]
        for result, n in counts:
            if n:
                self._received_counter(helpdesk, result).inc(n)

    def _received_counter(self, helpdesk: str, result: str) -> Any:
        """The labelled counter, kept: ``labels()`` validates and locks on every call, a few
        percent of a webhook's CPU. Helpdesk keys come from the config, so the dict is small."""
        key = (helpdesk, result)
        counter = self._received.get(key)
        if counter is None:
            counter = self._received[key] = self.webhooks.labels(helpdesk, result)
        return counter

    def rejected(self, helpdesk: str, reason: str) -> None:
        # Unknown helpdesk keys come from the URL: keep label values bounded.
        label = helpdesk if helpdesk in self.helpdesk_keys else "_unknown"
        self.rejections.labels(label, reason).inc()

    def vendor_call(self, vendor: str, method: str, status: int | None, seconds: float) -> None:
        self.vendor_calls.labels(vendor, method, str(status) if status else "error").inc()
        self.vendor_seconds.labels(vendor).observe(seconds)

    def notification(self, kind: str, channel: str, result: str) -> None:
        self.notifications.labels(kind, channel, result).inc()

    def watch(self, name: str, what: str, statuses: tuple[str, ...], stats: Any) -> None:
        """Report a queue's depth and age at scrape time (see ``OutboxCollector``)."""
        self.registry.register(OutboxCollector(name, what, statuses, stats, self.clock))

    def render(self) -> bytes:
        return generate_latest(self.registry)
