"""Prometheus metrics, one registry per app (nothing global at import time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

if TYPE_CHECKING:
    from connector.wiring import Services


class Metrics:
    def __init__(self, services: Services):
        self.services = services
        self.registry = CollectorRegistry()
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
        label = helpdesk if helpdesk in self.services.helpdesks else "_unknown"
        self.rejections.labels(label, reason).inc()

    def render(self) -> bytes:
        stats = self.services.store.queue_stats(self.services.clock())
        for status in ("pending", "processing", "done", "dead"):
            self.queue.labels(status).set(stats["counts"].get(status, 0))
        self.queue_age.set(stats["oldest_age_seconds"])
        return generate_latest(self.registry)
