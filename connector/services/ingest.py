"""Accepting a webhook: verify, split, de-duplicate, persist — then the caller answers 202."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from connector.domain.helpdesk import WebhookRequest
from connector.domain.messages import Msg
from connector.domain.outcomes import Outcome
from connector.errors import NotFound, PayloadError
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.services.ports import InboxWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    accepted: list[int]
    duplicates: int
    #: Event types the mapping lists under ``ignored:`` (acknowledged, not stored).
    ignored: list[str]
    #: Event types the mapping neither handles nor ignores (acknowledged, not stored).
    unknown: list[str] = field(default_factory=list)

    def not_stored(self) -> dict[Outcome, int]:
        """How many events of this delivery were acknowledged without being stored, and why."""
        return {Outcome.IGNORED_EVENT: len(self.ignored), Outcome.UNKNOWN_EVENT: len(self.unknown)}


MAX_KEY_CHARS = 255  # the inbox's dedup_key column
MAX_TYPE_CHARS = 128  # the inbox's event_type column
#: Unknown (helpdesk, event type) pairs remembered so that each is logged once. Types come only
#: from verified deliveries, but the memory stays bounded all the same.
MAX_UNKNOWN_LOGGED = 1000


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
        self._unknown_logged: set[tuple[str, str]] = set()
        self._unknown_lock = threading.Lock()

    def accept(self, helpdesk: str, req: WebhookRequest) -> IngestResult:
        """Raises NotFound, SignatureError or PayloadError; otherwise the events are committed."""
        adapter = self.helpdesks.get(helpdesk)
        if adapter is None:
            raise NotFound(Msg("unknown helpdesk %(helpdesk)s", helpdesk=repr(helpdesk)))
        adapter.verify(req, self.clock(), self.tolerance)
        payload = adapter.parse(req)
        events = adapter.split(req, payload)
        for event in events:
            _check_key("event id", event.dedup_key, MAX_KEY_CHARS)
            _check_key("event type", event.event_type, MAX_TYPE_CHARS)
        wanted = []
        ignored: list[str] = []
        unknown: list[str] = []
        for e in events:
            outcome = adapter.mapping.not_handled(e.event_type)
            if outcome is None:
                wanted.append((e.dedup_key, e.event_type, e.payload))
            elif outcome is Outcome.IGNORED_EVENT:
                ignored.append(e.event_type)
                log.info(
                    "ignored webhook event",
                    extra={"helpdesk": helpdesk, "event_type": e.event_type, "outcome": outcome},
                )
            else:
                unknown.append(e.event_type)
                self._log_unknown(helpdesk, e.event_type)
        ids, dups = self.store.add_events(
            helpdesk, wanted, self.clock(), adapter.processing_delay_seconds
        )
        if ids:
            self.on_accept()
        return IngestResult(ids, dups, ignored, unknown)

    def _log_unknown(self, helpdesk: str, event_type: str) -> None:
        """Once per (helpdesk, type): the mapping should handle it or list it as ignored."""
        key = (helpdesk, event_type)
        with self._unknown_lock:
            if key in self._unknown_logged or len(self._unknown_logged) >= MAX_UNKNOWN_LOGGED:
                return
            self._unknown_logged.add(key)
        log.warning(
            "unknown webhook event type: acknowledged and not stored; add it to the mapping's "
            "events or ignored list (logged once per helpdesk and type)",
            extra={
                "helpdesk": helpdesk,
                "event_type": event_type,
                "outcome": Outcome.UNKNOWN_EVENT,
            },
        )
