"""What a helpdesk gives the services and takes from them, as plain values.

The adapters (``connector.adapters.helpdesks``) build and read these; the services and the web
page use them without importing an adapter. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from connector.domain.events import Agent


class WebhookRequest:
    """An incoming webhook as the adapters see it.

    ``url`` may be given as a function: only vendors that sign the URL (HubSpot) read it, and
    rebuilding it from the WSGI environment costs a few percent of a webhook's CPU.
    """

    __slots__ = ("method", "_url", "headers", "body")

    def __init__(
        self, method: str, url: str | Callable[[], str], headers: dict[str, str], body: bytes
    ):
        self.method = method
        self._url = url
        self.headers = headers  # lower-cased names
        self.body = body

    @property
    def url(self) -> str:
        if callable(self._url):
            self._url = self._url()
        return self._url


@dataclass(frozen=True)
class IncomingEvent:
    dedup_key: str
    event_type: str
    payload: str  # the JSON of this one event


@dataclass(frozen=True)
class Customer:
    id: str
    locale: str | None
    is_end_user: bool
    email: str = ""
    name: str = ""


@dataclass(frozen=True)
class OutboundNotice:
    subject: str
    text: str
    html: str
    lang: str
    public: bool = True  # False: an internal note to the replacement instead
    #: A stable key (hash of period id, ticket id and notice kind: no reason, no personal
    #: data) hidden in the posted notice, so a two-call helpdesk can tell after a lost answer
    #: whether the notice is already on the ticket. Empty: no marker.
    key: str = ""

    @property
    def marker(self) -> str:
        """The hidden marker as it appears in the posted HTML (an HTML comment)."""
        return notice_marker(self.key) if self.key else ""


NOTICE_MARKER_PREFIX = "standin-notice:"


def notice_marker(key: str) -> str:
    return f"<!-- {NOTICE_MARKER_PREFIX}{key} -->"


def notice_key(period_id: int, ticket_id: str, kind: str) -> str:
    """Stable across retries and processes; reveals nothing (a hash of ids and the kind)."""
    raw = f"{period_id}:{ticket_id}:{kind}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


@dataclass(frozen=True)
class VendorResult:
    status: int
    summary: str
    #: For bulk calls: ticket id → why that ticket was not updated (empty: all were).
    failed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TakeCheck:
    """Can an agent own the tickets of these groups (queues, teams)? The vendor's answer."""

    #: An active agent who may be assigned tickets at all.
    active: bool
    #: Groups (queues, teams) of the given ones the agent lacks the rights for.
    missing: tuple[str, ...] = ()
    #: A paid seat or licence where the vendor has one (None: the vendor has none to check).
    seat: bool | None = None
    #: What the vendor's API cannot tell (said, never guessed).
    unverified: tuple[str, ...] = ()
    #: Why, in a few words, when not ``active`` or without a seat.
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.active and not self.missing and self.seat is not False


@dataclass(frozen=True)
class Availability:
    """The helpdesk's own "away" for an agent, as Stand-in sets it for a period."""

    away: bool
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    #: Who takes over (Zammad's out-of-office replacement); None where the vendor has none.
    replacement: Agent | None = None


@dataclass(frozen=True)
class InstallStep:
    """One thing ``standin install`` does (or would do, or asks an admin to do by hand)."""

    action: str  # "create", "update", "exists", "manual"
    description: str


@dataclass(frozen=True)
class AppUser:
    """The helpdesk user a signed app request came from, as the helpdesk's API has them now."""

    id: str
    email: str
    name: str
    role: str  # the helpdesk's role name (Zendesk: admin, agent, end-user)
    custom_role: str | None  # the helpdesk's custom role id, if any
    active: bool
    token_expires_at: dt.datetime


@dataclass(frozen=True)
class ScopeChoices:
    """What the period form offers for its scope inputs: the helpdesk's tags, its groups as
    (id, name), and which of the two lists it did not give (the form says so)."""

    tags: list[str]
    groups: list[tuple[str, str]]
    failed: tuple[str, ...] = ()
