"""Reassignment periods: time handling and validation rules. Pure; the clock is an argument."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateparser

from connector.domain.messages import N_, Msg
from connector.errors import ValidationFailed

STATUS_SCHEDULED = "scheduled"
STATUS_ACTIVE = "active"
STATUS_ENDED = "ended"


@dataclass
class Period:
    """A reassignment period. ``starts_at`` is inclusive, ``ends_at`` exclusive, both UTC-aware.

    ``ends_at`` None is an open-ended period ("until further notice"): it runs until a team
    lead ends it (``ended_early_at``) or gives it an end date; nothing ends it by itself.
    """

    id: int | None
    helpdesk: str
    employee_email: str
    employee_id: str
    employee_name: str
    replacement_email: str
    replacement_id: str
    replacement_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    timezone: str
    ended_early_at: dt.datetime | None = None
    created_by: str = ""
    scope: dict[str, object] = field(default_factory=dict)
    notice: dict[str, object] = field(default_factory=dict)
    phases: list[dict[str, object]] = field(default_factory=list)
    handback: dict[str, object] = field(default_factory=dict)
    move_on_replacement_change: bool = True
    # More replacements beside the first (``replacement_*``): ``{id, email, name, scope?}``
    # each, and how tickets are shared among them (``{strategy, shares?}``); see
    # :mod:`connector.domain.balancing`.
    replacements: list[dict[str, object]] = field(default_factory=list)
    balancing: dict[str, object] = field(default_factory=dict)
    # Lifecycle state kept by the scheduler (read-only here; see services/lifecycle.py).
    state: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def open_ended(self) -> bool:
        """No end yet: "until further notice" (an open period a lead ended is no longer open)."""
        return self.effective_end is None

    @property
    def effective_end(self) -> dt.datetime | None:
        """When the period ends or ended (exclusive); None while it is open-ended."""
        if self.ended_early_at is not None and (
            self.ends_at is None or self.ended_early_at < self.ends_at
        ):
            return self.ended_early_at
        return self.ends_at

    def ends_before(self, moment: dt.datetime) -> bool:
        """The period has ended by ``moment`` (never true while open-ended)."""
        end = self.effective_end
        return end is not None and end <= moment

    def is_active(self, now: dt.datetime) -> bool:
        return self.starts_at <= now and not self.ends_before(now)

    def status(self, now: dt.datetime) -> str:
        if self.ends_before(now):
            return STATUS_ENDED
        if now < self.starts_at:
            return STATUS_SCHEDULED
        return STATUS_ACTIVE

    def overlaps(self, other: Period) -> bool:
        """Whether the two share a moment; an open end overlaps everything after its start."""
        return not other.ends_before(self.starts_at) and not self.ends_before(other.starts_at)


#: How a notice mentions the employee, chosen with the employee (never a reason): not at all
#: (default), "temporarily not available", or "still works on your account; for contact, the
#: replacement helps you for now".
MENTION_NONE = "none"
MENTION_UNAVAILABLE = "unavailable"
MENTION_STILL_WORKS = "still_works"
MENTIONS = (MENTION_NONE, MENTION_UNAVAILABLE, MENTION_STILL_WORKS)


@dataclass(frozen=True)
class NoticeSettings:
    """How a period notifies customers. Naming the original agent is off by default (rule 1)."""

    enabled: bool = True
    variant: str = "formal"  # or "informal"
    per: str = "customer"  # once per customer per period, or once per "ticket"
    # The older switch for ``mention: unavailable``; kept so that stored periods read the same.
    name_original_agent: bool = False
    mention: str = MENTION_NONE
    show_end_date: bool = False  # off: "until further notice" (dates can hint at the reason)
    # Notices for the tickets moved when the period starts (and by the sweep). Zendesk's bulk
    # update cannot carry a per-customer comment, so each notified customer costs one extra
    # single-ticket call; off: those tickets move silently in bulk.
    at_start: bool = True

    @classmethod
    def of(cls, period: Period) -> NoticeSettings:
        known = {k: v for k, v in period.notice.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]

    @property
    def employee_mention(self) -> str:
        """The mention in effect: ``mention``, or "unavailable" when only the older
        ``name_original_agent`` switch is on."""
        if self.mention in MENTIONS and self.mention != MENTION_NONE:
            return self.mention
        return MENTION_UNAVAILABLE if self.name_original_agent else MENTION_NONE

    @property
    def names_employee(self) -> bool:
        return self.employee_mention != MENTION_NONE


HANDBACK_POLICIES = (N_("rerouted_open"), N_("untouched_only"), N_("none"))


@dataclass(frozen=True)
class HandbackSettings:
    """What happens at the end: ``rerouted_open`` (default) gives back every ticket the
    connector moved that is still unsolved and still the replacement's; ``untouched_only``
    only those the replacement has not answered publicly; ``none`` leaves them."""

    policy: str = "rerouted_open"
    notice: bool = False  # tell the customer their original contact helps them again

    @classmethod
    def of(cls, period: Period) -> HandbackSettings:
        known = {k: v for k, v in period.handback.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def parse_moment(value: str, tz: ZoneInfo, *, is_end: bool) -> dt.datetime:
    """Parse a date or date-time given by a team lead into an aware UTC datetime.

    A bare date means the whole day in the period's time zone: a start at 00:00 that day, an
    end at 00:00 the next day (ends are exclusive), so ``ends_at: 2026-12-31`` includes the
    31st. A date-time without an offset is read in ``tz``; DST gaps and folds are resolved by
    zoneinfo's rules (fold=0).
    """
    text = value.strip()
    if not text:
        raise ValueError("empty")
    is_date_only = len(text) == 10 and text[4] == "-" and text[7] == "-"
    try:
        if is_date_only:
            day = dt.date.fromisoformat(text)
            if is_end:
                day = day + dt.timedelta(days=1)
            local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)
        else:
            parsed = dateparser.isoparse(text)
            local = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not an ISO 8601 date or date-time: {value!r}") from exc
    return local.astimezone(dt.UTC)


def validate_period(candidate: Period, others: list[Period]) -> None:
    """Rules a period must satisfy; raises ``ValidationFailed`` with per-field messages.

    ``others`` are the existing periods of the same helpdesk (the candidate itself excluded).
    Two periods of the same employee may overlap only when their scopes are disjoint (no
    ticket can be in both, see :func:`connector.domain.balancing.scopes_disjoint`).
    """
    errors: dict[str, list[str]] = {}
    if candidate.employee_id == candidate.replacement_id:
        errors.setdefault("replacement", []).append(N_("must be someone other than the employee"))
    if candidate.ends_at is not None and candidate.ends_at <= candidate.starts_at:
        errors.setdefault("ends_at", []).append(N_("must be after starts_at"))
    from connector.domain.balancing import scopes_disjoint  # balancing imports this module

    for other in others:
        if (
            other.employee_id == candidate.employee_id
            and candidate.overlaps(other)
            and not scopes_disjoint(candidate.scope, other.scope)
        ):
            errors.setdefault("starts_at", []).append(
                Msg(
                    "overlaps period %(id)s of the same employee (%(start)s to %(end)s); "
                    "overlapping periods need disjoint scopes",
                    id=other.id,
                    start=other.starts_at.astimezone(zone(other.timezone)).date(),
                    end=(other.effective_end - dt.timedelta(microseconds=1))
                    .astimezone(zone(other.timezone))
                    .date(),
                )
                if other.effective_end is not None
                else Msg(
                    "overlaps period %(id)s of the same employee (from %(start)s, until "
                    "further notice); overlapping periods need disjoint scopes",
                    id=other.id,
                    start=other.starts_at.astimezone(zone(other.timezone)).date(),
                )
            )
    if errors:
        raise ValidationFailed(errors)


def active_periods(periods: list[Period], now: dt.datetime) -> list[Period]:
    return [p for p in periods if p.is_active(now)]
