"""Scope, phases and chains: which of the employee's tickets go where. Pure; no I/O.

A **scope** says which tickets a period reroutes: ``include`` and ``exclude`` are lists of
filters on tags, groups, priorities and customers. Within one filter the values of a
dimension are alternatives (any of the tags) and the dimensions given must all hold (a tag
*and* a priority); a list of filters matches when any filter does. A ticket is in scope when
it matches an ``include`` filter (no include filters: every ticket) and no ``exclude``
filter. So "high or urgent, or tagged complaint or escalated" is
``include: [{priorities: [high, urgent]}, {tags: [complaint, escalated]}]``. Customers are
given as an e-mail address (``daan@example.org``), a domain (``@example.org``) or an
organisation id (``360005001``). A single filter object is accepted for a one-item list.

**Phases** are a phased return: from each phase's ``from`` date (inclusive, local midnight in
the period's time zone) until its optional ``until`` (exclusive) or the next phase, only what
matches the phase's scope is *still* rerouted; the period's own scope keeps applying on top,
so a phase can only hand work back, never take more. Between phases (a gap left by
``until``) the period's own scope applies.

**Chains**: when the replacement is themselves the employee of an active period whose scope
takes this ticket, the ticket follows on to *their* replacement, up to a depth limit. A cycle
or a chain that is too long escalates to the helpdesk's fallback agent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from connector.domain.events import CanonicalEvent
from connector.domain.messages import AND, N_, OR, Msg, joined
from connector.domain.periods import Period, parse_moment

DIMENSIONS = ("tags", "groups", "priorities", "customers")
#: The dimensions as people read them (msgids).
DIMENSION_LABELS = {
    "tags": N_("tags"),
    "groups": N_("groups"),
    "priorities": N_("priorities"),
    "customers": N_("customers"),
}
DEFAULT_CHAIN_DEPTH = 5


def _norm(values: Iterable[object]) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values if str(v).strip())


@dataclass(frozen=True)
class Filter:
    tags: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    priorities: frozenset[str] = frozenset()
    customers: frozenset[str] = frozenset()

    @classmethod
    def of(cls, raw: Mapping[str, object] | None) -> Filter:
        raw = raw or {}
        values: dict[str, frozenset[str]] = {}
        for dim in DIMENSIONS:
            got = raw.get(dim) or ()
            values[dim] = _norm(got if isinstance(got, list | tuple | set) else [got])
        return cls(**values)

    @property
    def empty(self) -> bool:
        return not (self.tags or self.groups or self.priorities or self.customers)

    def tests(self, ev: CanonicalEvent) -> dict[str, bool]:
        """Per non-empty dimension: does the ticket match it?"""
        out: dict[str, bool] = {}
        if self.tags:
            out["tags"] = bool(self.tags & _norm(ev.tags or ()))
        if self.groups:
            out["groups"] = (ev.group_id or "").lower() in self.groups
        if self.priorities:
            out["priorities"] = (ev.priority or "").lower() in self.priorities
        if self.customers:
            out["customers"] = customer_matches(self.customers, ev)
        return out

    def matches(self, ev: CanonicalEvent) -> bool:
        return all(self.tests(ev).values())

    def describe(self) -> str:
        parts: list[str] = [
            Msg(
                "%(dimension)s %(values)s",
                dimension=Msg(DIMENSION_LABELS[d]),
                values="/".join(sorted(getattr(self, d))),
            )
            for d in DIMENSIONS
            if getattr(self, d)
        ]
        return joined(parts, AND) or Msg("anything")

    @property
    def needs_requester_email(self) -> bool:
        return any("@" in c for c in self.customers)


def _filters(raw: object) -> tuple[Filter, ...]:
    items = (
        [raw] if isinstance(raw, Mapping) else list(raw) if isinstance(raw, list | tuple) else []
    )
    return tuple(Filter.of(i) for i in items if isinstance(i, Mapping))


def customer_matches(entries: frozenset[str], ev: CanonicalEvent) -> bool:
    email = (ev.requester_email or "").lower()
    org = (ev.organization_id or "").lower()
    for entry in entries:
        if entry.startswith("@"):
            if email.endswith(entry):
                return True
        elif "@" in entry:
            if email == entry:
                return True
        elif org and org == entry:
            return True
    return False


@dataclass(frozen=True)
class Scope:
    include: tuple[Filter, ...] = ()
    exclude: tuple[Filter, ...] = ()

    @classmethod
    def of(cls, raw: Mapping[str, object] | None) -> Scope:
        raw = raw or {}
        return cls(
            tuple(f for f in _filters(raw.get("include")) if not f.empty) or (),
            tuple(f for f in _filters(raw.get("exclude")) if not f.empty),
        )

    def why_not(self, ev: CanonicalEvent) -> str | None:
        """None when the ticket is in scope, else the reason it is not."""
        for f in self.exclude:
            if f.matches(ev):
                return Msg("excluded: %(what)s", what=f.describe())
        if self.include and not any(f.matches(ev) for f in self.include):
            needs = joined([f.describe() for f in self.include], OR)
            return Msg("not included: needs %(what)s", what=needs)
        return None

    @property
    def needs_requester_email(self) -> bool:
        return any(f.needs_requester_email for f in (*self.include, *self.exclude))


@dataclass(frozen=True)
class Phase:
    starts_at: dt.datetime  # UTC, inclusive
    ends_at: dt.datetime | None  # UTC, exclusive; None: until the next phase or period end
    scope: Scope
    index: int = 0


def phases_of(period: Period) -> list[Phase]:
    """The period's phases as UTC moments (invalid entries were refused when saved)."""
    tz = ZoneInfo(period.timezone)
    out: list[Phase] = []
    for i, raw in enumerate(period.phases):
        starts = parse_moment(str(raw["from"]), tz, is_end=False)
        until = raw.get("until")
        ends = parse_moment(str(until), tz, is_end=True) if until else None
        scope = raw.get("scope")
        out.append(Phase(starts, ends, Scope.of(scope if isinstance(scope, Mapping) else {}), i))
    return out


def active_phase(period: Period, now: dt.datetime) -> Phase | None:
    current: Phase | None = None
    for phase in phases_of(period):
        if phase.starts_at <= now:
            current = phase
    if current is not None and current.ends_at is not None and now >= current.ends_at:
        return None
    return current


def why_out_of_scope(period: Period, ev: CanonicalEvent, now: dt.datetime) -> str | None:
    """None when ``period`` reroutes this ticket at ``now``; else why it stays."""
    base = Scope.of(period.scope).why_not(ev)
    if base is not None:
        return Msg("out of the period's scope (%(why)s)", why=base)
    phase = active_phase(period, now)
    if phase is not None:
        why = phase.scope.why_not(ev)
        if why is not None:
            return Msg(
                "taken back by the employee in phase %(n)s (%(why)s)", n=phase.index + 1, why=why
            )
    return None


def needs_requester_email(periods: Iterable[Period]) -> bool:
    for p in periods:
        if Scope.of(p.scope).needs_requester_email:
            return True
        for raw in p.phases:
            scope = raw.get("scope")
            if Scope.of(scope if isinstance(scope, Mapping) else {}).needs_requester_email:
                return True
    return False


def validate_phases(
    raw_phases: Sequence[Mapping[str, object]], period: Period
) -> tuple[list[dict[str, object]], dict[str, list[str]]]:
    """Check phases against the period; return them normalised and per-field errors."""
    errors: dict[str, list[str]] = {}
    tz = ZoneInfo(period.timezone)
    moments: list[tuple[int, dt.datetime, dt.datetime | None]] = []
    clean: list[dict[str, object]] = []
    for i, raw in enumerate(raw_phases):
        key = f"phases.{i}"
        try:
            starts = parse_moment(str(raw["from"]), tz, is_end=False)
            until = raw.get("until")
            ends = parse_moment(str(until), tz, is_end=True) if until else None
        except (KeyError, ValueError) as exc:
            errors.setdefault(f"{key}.from", []).append(str(exc))
            continue
        if not (period.starts_at <= starts and (period.ends_at is None or starts < period.ends_at)):
            errors.setdefault(f"{key}.from", []).append(
                N_("must fall inside the period (from its start, before its end)")
            )
        if ends is not None and ends <= starts:
            errors.setdefault(f"{key}.until", []).append(N_("must be after from"))
        elif ends is not None and period.ends_at is not None and ends > period.ends_at:
            errors.setdefault(f"{key}.until", []).append(N_("must not be after the period's end"))
        moments.append((i, starts, ends))
        clean.append({k: v for k, v in raw.items() if v is not None})
    for (i, s1, e1), (j, s2, _e2) in zip(moments, moments[1:], strict=False):
        if s2 < s1:
            errors.setdefault(f"phases.{j}.from", []).append(
                Msg(
                    "phases must be in order: phase %(later)s starts before phase %(earlier)s",
                    later=j + 1,
                    earlier=i + 1,
                )
            )
        elif s2 == s1:
            errors.setdefault(f"phases.{j}.from", []).append(
                Msg("overlaps phase %(number)s: both start on the same day", number=i + 1)
            )
        elif e1 is not None and s2 < e1:
            errors.setdefault(f"phases.{j}.from", []).append(
                Msg(
                    "overlaps phase %(number)s, which lasts until %(date)s",
                    number=i + 1,
                    date=(e1 - dt.timedelta(microseconds=1)).astimezone(tz).date(),
                )
            )
    return clean, errors


# -- chains --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    id: str
    email: str
    name: str


@dataclass(frozen=True)
class ChainResult:
    """Where a ticket goes. ``target`` None with ``escalate`` set: send it to the fallback."""

    target: Target | None
    path: tuple[str, ...]  # agent ids from the employee on
    escalate: str = ""

    @property
    def chained(self) -> bool:
        return len(self.path) > 2


def follow_chain(
    period: Period,
    periods: Sequence[Period],
    now: dt.datetime,
    ev: CanonicalEvent,
    max_depth: int = DEFAULT_CHAIN_DEPTH,
) -> ChainResult:
    """Follow replacements who are themselves away (in an active period whose scope takes
    the ticket). A cycle, or more than ``max_depth`` hops, escalates."""
    by_employee = {p.employee_id: p for p in periods if p.is_active(now) and p.id != period.id}
    path = [period.employee_id, period.replacement_id]
    current = period
    hops = 1
    while True:
        nxt = by_employee.get(current.replacement_id)
        if nxt is None or why_out_of_scope(nxt, ev, now) is not None:
            return ChainResult(
                Target(current.replacement_id, current.replacement_email, current.replacement_name),
                tuple(path),
            )
        if nxt.replacement_id in path:
            path.append(nxt.replacement_id)
            cycle = Msg("cycle of replacements: %(path)s", path=" → ".join(path))
            return ChainResult(None, tuple(path), cycle)
        hops += 1
        if hops > max_depth:
            path.append(nxt.replacement_id)
            too_long = Msg("chain of replacements longer than %(n)s", n=max_depth)
            return ChainResult(None, tuple(path), too_long)
        path.append(nxt.replacement_id)
        current = nxt


def cycle_warnings(candidate: Period, others: Sequence[Period]) -> list[str]:
    """Warnings for a period that would close a cycle with periods overlapping it in time."""
    overlapping = [
        p
        for p in others
        if p.id != candidate.id and p.helpdesk == candidate.helpdesk and candidate.overlaps(p)
    ]
    by_employee: dict[str, Period] = {p.employee_id: p for p in overlapping}
    path = [candidate.employee_email]
    agent = candidate.replacement_id
    emails = [candidate.replacement_email]
    for _ in range(len(overlapping) + 1):
        if agent == candidate.employee_id:
            return [
                Msg(
                    "these periods form a cycle of replacements while they overlap: %(path)s; "
                    "tickets caught in it go to the helpdesk's fallback agent",
                    path=" → ".join(path + emails[-1:]),
                )
            ]
        nxt = by_employee.get(agent)
        if nxt is None:
            return []
        path.append(emails[-1])
        agent = nxt.replacement_id
        emails.append(nxt.replacement_email)
    return []


def phase_boundaries(period: Period) -> list[dt.datetime]:
    """Moments inside the period where what is rerouted changes: each phase's start (after the
    period's own start, which the start move covers) and each explicit phase end."""
    moments: set[dt.datetime] = set()
    for phase in phases_of(period):
        if period.starts_at < phase.starts_at and not period.ends_before(phase.starts_at):
            moments.add(phase.starts_at)
        if (
            phase.ends_at is not None
            and period.starts_at < phase.ends_at
            and not period.ends_before(phase.ends_at)
        ):
            moments.add(phase.ends_at)
    return sorted(moments)


def boundary_key(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def due_boundary(
    period: Period, now: dt.datetime, handled: Mapping[str, object]
) -> dt.datetime | None:
    """The latest boundary passed at ``now`` whose hand-back has not finished (pure).

    Only the latest counts: what an earlier, missed boundary would have returned is decided
    by the scope in force now, so one pass at the latest boundary covers both.
    """
    passed = [m for m in phase_boundaries(period) if m <= now]
    if not passed:
        return None
    latest = passed[-1]
    progress = handled.get(boundary_key(latest))
    done = isinstance(progress, Mapping) and progress.get("status") in ("done", "failed")
    return None if done else latest
