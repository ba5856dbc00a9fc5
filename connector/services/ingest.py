"""Accepting a webhook: verify, split, de-duplicate, persist — then the caller answers 202."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from connector.adapters.helpdesks.base import HelpdeskAdapter, WebhookRequest
from connector.errors import NotFound, PayloadError
from connector.services.ports import InboxWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    accepted: list[int]
    duplicates: int
    ignored: list[str]


MAX_KEY_CHARS = 255  # the inbox's dedup_key column
MAX_TYPE_CHARS = 128  # the inbox's event_type column


def _check_key(field: str, value: object, limit: int) -> None:
    """A value the inbox keys on must be storable text on every engine: a lone surrogate
    (valid in JSON, not in UTF-8) or an over-long id is the sender's error (400 naming the
    field), not a database error (500)."""
    if not isinstance(value, str):
        raise PayloadError(f"{field} must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError(f"{field} is not valid text (it holds a lone surrogate)") from None
    if "\x00" in value:
        raise PayloadError(f"{field} may not contain NUL characters")
    if len(value) > limit:
        raise PayloadError(f"{field} is longer than {limit} characters")


class Ingest:
    def __init__(
        self,
        store: InboxWriter,
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
        for event in events:
            _check_key("event id", event.dedup_key, MAX_KEY_CHARS)
            _check_key("event type", event.event_type, MAX_TYPE_CHARS)
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
