"""Prometheus metrics, one registry per app (nothing global at import time)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from connector.adapters.store import Store


class Metrics:
    """One registry per process. Counters are per process (gunicorn workers each count their
    own); queue depth and age are read from the database, so they are global."""

    def __init__(self, store: Store, helpdesks: set[str], clock: Any):
        self.store = store
        self.helpdesk_keys = helpdesks
        self.clock = clock
        self.registry = CollectorRegistry()
        self.vendor_calls = Counter(
            "standin_vendor_calls",
            "Calls to helpdesk and HR APIs, by vendor and status",
            ["vendor", "method", "status"],
            registry=self.registry,
        )
        self.vendor_seconds = Histogram(
            "standin_vendor_call_seconds",
            "Vendor call duration",
            ["vendor"],
            registry=self.registry,
        )
        self.jobs = Counter(
            "standin_jobs",
            "Events processed by the worker, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.job_latency = Histogram(
            "standin_job_latency_seconds",
            "From webhook accepted to event finished",
            registry=self.registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
        )
        self.notices = Counter(
            "standin_notices",
            "Customer notices, by result (sent, blocked)",
            ["result"],
            registry=self.registry,
        )
        self.webhooks = Counter(
            "standin_webhooks_received",
            "Webhook events accepted, duplicate or ignored",
            ["helpdesk", "result"],
            registry=self.registry,
        )
        self.rejections = Counter(
            "standin_webhooks_rejected",
            "Webhook deliveries rejected, by reason",
            ["helpdesk", "reason"],
            registry=self.registry,
        )
        self.queue = Gauge(
            "standin_queue_events", "Inbox events by status", ["status"], registry=self.registry
        )
        self.queue_age = Gauge(
            "standin_queue_oldest_age_seconds",
            "Age of the oldest unfinished event",
            registry=self.registry,
        )

    def received(self, helpdesk: str, accepted: int, duplicates: int, ignored: int) -> None:
        for result, n in (("accepted", accepted), ("duplicate", duplicates), ("ignored", ignored)):
            if n:
                self.webhooks.labels(helpdesk, result).inc(n)

    def rejected(self, helpdesk: str, reason: str) -> None:
        # Unknown helpdesk keys come from the URL: keep label values bounded.
        label = helpdesk if helpdesk in self.helpdesk_keys else "_unknown"
        self.rejections.labels(label, reason).inc()

    def vendor_call(self, vendor: str, method: str, status: int | None, seconds: float) -> None:
        self.vendor_calls.labels(vendor, method, str(status) if status else "error").inc()
        self.vendor_seconds.labels(vendor).observe(seconds)

    def render(self) -> bytes:
        stats = self.store.queue_stats(self.clock())
        for status in ("pending", "processing", "done", "dead"):
            self.queue.labels(status).set(stats["counts"].get(status, 0))
        self.queue_age.set(stats["oldest_age_seconds"])
        return generate_latest(self.registry)
