"""Plain records that repositories hand to the services (no I/O, no ORM rows)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TokenInfo:
    """A live API token's public facts (the token itself is never stored)."""

    id: int
    name: str
    role: str
    helpdesks: tuple[str, ...] | None


@dataclass(frozen=True)
class Reroute:
    """One ticket a period moved, and whether (and how) it was handed back."""

    ticket_id: str
    moved_at: dt.datetime
    from_agent: str
    to_agent: str
    via: str
    handed_back_at: dt.datetime | None
    outcome: str | None


@dataclass(frozen=True)
class ClaimedEvent:
    """An inbox event a worker has claimed (the lease is the worker's)."""

    id: int
    helpdesk: str
    event_type: str
    payload: str
    attempts: int
    received_at: dt.datetime


class EventEnd(enum.Enum):
    """How a worker's turn at an inbox event ended."""

    DONE = "done"
    RETRY = "retry"  # back to pending, due at ``EventEnding.at``
    DEAD = "dead"


@dataclass(frozen=True)
class EventEnding:
    """What the worker records at the end of its turn at an event (several are committed
    together): ``text`` is the outcome (done) or the error (retry, dead); ``at`` the moment
    it ended, or when the retry is due; ``payload`` what is kept of the event (minimised)."""

    event_id: int
    end: EventEnd
    at: dt.datetime
    text: str
    payload: str | None = None


@dataclass(frozen=True)
class OutboxItem:
    """One HR delivery (an entry to a target) a dispatcher has claimed."""

    id: int
    entry_id: str
    target: str
    attempts: int


class ErasureMode(enum.StrEnum):
    """How an employee's data is erased when the law requires it."""

    ERASE = "erase"  # delete the periods, their audit and moves, and the contact log
    ANONYMISE = "anonymise"  # keep periods and audit as numbers; no name, address or text


@dataclass(frozen=True)
class NotificationItem:
    """A team-lead notification a worker has claimed for delivery."""

    id: int
    kind: str
    channel: str
    recipient: str
    helpdesk: str
    period_id: int | None
    ticket_id: str | None
    locale: str
    facts: dict[str, Any]
    occurrences: int
    attempts: int
