"""Accepting a webhook: verify, split, de-duplicate, persist — then the caller answers 202."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from connector.adapters.helpdesks.base import HelpdeskAdapter, WebhookRequest
from connector.adapters.store import Store
from connector.errors import NotFound

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    accepted: list[int]
    duplicates: int
    ignored: list[str]


class Ingest:
    def __init__(
        self,
        store: Store,
        helpdesks: Mapping[str, HelpdeskAdapter],
        clock: Callable[[], dt.datetime],
        tolerance: int,
        on_accept: Callable[[], None] = lambda: None,
    ):
        self.store = store
        self.helpdesks = helpdesks
        self.clock = clock
        self.tolerance = tolerance
        self.on_accept = on_accept

    def accept(self, helpdesk: str, req: WebhookRequest) -> IngestResult:
        """Raises NotFound, SignatureError or PayloadError; otherwise the events are committed."""
        adapter = self.helpdesks.get(helpdesk)
        if adapter is None:
            raise NotFound(f"unknown helpdesk {helpdesk!r}")
        adapter.verify(req, self.clock(), self.tolerance)
        payload = adapter.parse(req)
        events = adapter.split(req, payload)
        ignored = [e.event_type for e in events if adapter.mapping.is_ignored(e.event_type)]
        for etype in ignored:
            log.info("ignored webhook event", extra={"helpdesk": helpdesk, "event_type": etype})
        wanted = [
            (e.dedup_key, e.event_type, e.payload)
            for e in events
            if not adapter.mapping.is_ignored(e.event_type)
        ]
        ids, dups = self.store.add_events(
            helpdesk, wanted, self.clock(), adapter.processing_delay_seconds
        )
        if ids:
            self.on_accept()
        return IngestResult(ids, dups, ignored)
