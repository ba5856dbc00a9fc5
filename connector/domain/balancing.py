"""Several replacements per period, and a gradual return by capacity. Pure; no I/O.

A period names a first replacement (``Period.replacement_*``) and may list more in
``Period.replacements``; each entry may carry a ``scope`` (same shape as the period's) so that
one replacement takes these groups/tags/customers and another the rest. ``Period.balancing``
declares how a ticket is shared among the replacements eligible for it:

- ``round_robin``: in turn, by the counts of tickets each one got so far in this period;
- ``fewest_open``: whoever has the fewest open tickets in the helpdesk (the adapter counts
  them; only for vendors whose mapping declares ``capabilities.open_ticket_counts``);
- ``share``: a fixed share per replacement (``shares: {agent_id: weight}``), kept within one
  ticket of the declared split.

A customer who was told about a replacement stays with that replacement (``customer_assignments``:
who was named to each customer in this period, from the notices): stickiness wins over the
strategy while the named replacement is still eligible for the ticket.

A phase may give work back gradually by **capacity**: ``{"capacity": {"per_day": N}}`` or
``{"capacity": {"percent": P}}``. New tickets of the phase's scope go back to the employee
until the day's capacity is used up, counted per local day in the period's time zone; the
rest keeps going to the replacements.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from connector.domain.events import CanonicalEvent
from connector.domain.messages import N_, Msg
from connector.domain.periods import Period
from connector.domain.scope import Filter, Scope


class Strategy(enum.StrEnum):
    ROUND_ROBIN = "round_robin"
    FEWEST_OPEN = "fewest_open"
    SHARE = "share"


class Choice(enum.StrEnum):
    """Why this replacement was chosen (the audit code is ``balance.<value>``)."""

    ONLY = "only"  # a single eligible replacement
    STICKY = "sticky"  # the customer was told about this replacement before
    ROUND_ROBIN = "round_robin"
    FEWEST_OPEN = "fewest_open"
    SHARE = "share"
    NONE_ELIGIBLE = "none_eligible"  # no replacement's scope takes the ticket


@dataclass(frozen=True)
class Candidate:
    """One replacement of a period, with the scope of tickets it takes and its share."""

    id: str
    email: str = ""
    name: str = ""
    scope: Scope = field(default_factory=Scope)
    share: int = 1


@dataclass(frozen=True)
class BalanceDecision:
    choice: Choice
    target: Candidate | None
    reason: str

    @property
    def audit_code(self) -> str:
        return f"balance.{self.choice.value}"


def strategy_of(period: Period) -> Strategy:
    raw = str((period.balancing or {}).get("strategy") or Strategy.ROUND_ROBIN.value)
    return Strategy(raw) if raw in Strategy.__members__.values() else Strategy.ROUND_ROBIN


def candidates_of(period: Period) -> list[Candidate]:
    """The first replacement, then the extra ones, in the order the lead gave them."""
    shares = (period.balancing or {}).get("shares")
    weights: Mapping[str, object] = shares if isinstance(shares, Mapping) else {}

    def weight(agent_id: str) -> int:
        value = weights.get(agent_id, 1)
        return value if isinstance(value, int) and value > 0 else 1

    out = [
        Candidate(
            period.replacement_id,
            period.replacement_email,
            period.replacement_name,
            Scope.of(_mapping((period.balancing or {}).get("primary_scope"))),
            weight(period.replacement_id),
        )
    ]
    for raw in period.replacements:
        agent_id = str(raw.get("id") or "")
        if not agent_id:
            continue
        out.append(
            Candidate(
                agent_id,
                str(raw.get("email") or ""),
                str(raw.get("name") or ""),
                Scope.of(_mapping(raw.get("scope"))),
                weight(agent_id),
            )
        )
    return out


def _mapping(raw: object) -> Mapping[str, object]:
    return raw if isinstance(raw, Mapping) else {}


def customer_key(ticket: CanonicalEvent) -> str | None:
    """Who the customer is, for stickiness: the requester id, else the e-mail address."""
    if ticket.requester_id:
        return f"id:{ticket.requester_id}"
    if ticket.requester_email:
        return f"email:{ticket.requester_email.strip().lower()}"
    return None


def choose_replacement(
    period: Period,
    ticket: CanonicalEvent,
    customer_assignments: Mapping[str, str],
    counters: Mapping[str, int],
    open_counts: Mapping[str, int] | None = None,
    strategy: Strategy | None = None,
) -> BalanceDecision:
    """Which of the period's replacements takes ``ticket``.

    ``customer_assignments``: customer key (:func:`customer_key`) → replacement id named to that
    customer in this period. ``counters``: tickets each replacement got so far in this period
    (the persisted round-robin/share state). ``open_counts``: open tickets per agent in the
    helpdesk (``fewest_open`` only). Ties go to the earlier replacement in the period's order,
    so the choice is deterministic.
    """
    strategy = strategy or strategy_of(period)
    eligible = [c for c in candidates_of(period) if c.scope.why_not(ticket) is None]
    if not eligible:
        return BalanceDecision(
            Choice.NONE_ELIGIBLE, None, Msg("no replacement's scope takes this ticket")
        )
    key = customer_key(ticket)
    if key is not None and key in customer_assignments:
        named = customer_assignments[key]
        for c in eligible:
            if c.id == named:
                return BalanceDecision(
                    Choice.STICKY, c, Msg("the customer was told about this replacement")
                )
    if len(eligible) == 1:
        only = Msg("the only replacement for this ticket")
        return BalanceDecision(Choice.ONLY, eligible[0], only)
    order = {c.id: i for i, c in enumerate(eligible)}
    if strategy is Strategy.FEWEST_OPEN:
        if open_counts is None:
            raise ValueError("fewest_open needs the open-ticket counts")
        best = min(eligible, key=lambda c: (open_counts.get(c.id, 0), order[c.id]))
        return BalanceDecision(
            Choice.FEWEST_OPEN,
            best,
            Msg("fewest open tickets (%(n)s)", n=open_counts.get(best.id, 0)),
        )
    if strategy is Strategy.SHARE:
        # Largest deficit against the declared split after this ticket: the counts stay
        # within one ticket of share_i / sum(shares) * total.
        total = sum(counters.get(c.id, 0) for c in eligible) + 1
        weights = sum(c.share for c in eligible)

        def deficit(c: Candidate) -> tuple[float, int]:
            return (counters.get(c.id, 0) - c.share * total / weights, order[c.id])

        best = min(eligible, key=deficit)
        share = Msg("fixed share (%(share)s/%(of)s)", share=best.share, of=weights)
        return BalanceDecision(Choice.SHARE, best, share)
    best = min(eligible, key=lambda c: (counters.get(c.id, 0), order[c.id]))
    return BalanceDecision(Choice.ROUND_ROBIN, best, Msg("round-robin"))


# -- capacity: a gradual return -------------------------------------------------------------
class CapacityKind(enum.StrEnum):
    PER_DAY = "per_day"
    PERCENT = "percent"


@dataclass(frozen=True)
class Capacity:
    kind: CapacityKind
    amount: int

    @classmethod
    def of(cls, phase: Mapping[str, object]) -> Capacity | None:
        raw = _mapping(phase.get("capacity"))
        for kind in CapacityKind:
            value = raw.get(kind.value)
            if isinstance(value, int) and not isinstance(value, bool):
                return cls(kind, value)
        return None

    def plan(self, seen_today: int) -> int:
        """How many of ``seen_today`` new tickets the employee takes back by plan."""
        if self.kind is CapacityKind.PER_DAY:
            return self.amount
        return seen_today * self.amount // 100


class Give(enum.StrEnum):
    TO_EMPLOYEE = "to_employee"  # within today's capacity: the employee takes it back
    TO_REPLACEMENT = "to_replacement"  # capacity used up: keeps going to the replacements


@dataclass(frozen=True)
class CapacityDecision:
    give: Give
    day: dt.date  # the local day the ticket counts on
    reason: str


def local_day(now: dt.datetime, timezone: str) -> dt.date:
    """The day ``now`` falls on in the period's time zone."""
    return now.astimezone(ZoneInfo(timezone)).date()


def decide_capacity(
    capacity: Capacity, counts: Mapping[str, Mapping[str, Any]], now: dt.datetime, timezone: str
) -> CapacityDecision:
    """Whether one new in-scope ticket goes back to the employee at ``now``.

    ``counts``: per local day (ISO date) ``{"returned": n, "seen": m}`` so far, the persisted
    counter. For ``percent`` the ticket goes back while ``returned`` stays at or below
    ``percent`` of the tickets seen that day including this one.
    """
    day = local_day(now, timezone)
    today = counts.get(day.isoformat(), {})
    returned = int(today.get("returned", 0))
    seen = int(today.get("seen", 0)) + 1
    allowed = capacity.plan(seen)
    if returned < allowed:
        back = Msg(
            "back to the employee (%(n)s of %(allowed)s on %(day)s)",
            n=returned + 1,
            allowed=allowed,
            day=day,
        )
        return CapacityDecision(Give.TO_EMPLOYEE, day, back)
    used = Msg(
        "capacity used (%(n)s of %(allowed)s on %(day)s)", n=returned, allowed=allowed, day=day
    )
    return CapacityDecision(Give.TO_REPLACEMENT, day, used)


def count_capacity(
    counts: Mapping[str, Mapping[str, Any]],
    decision: CapacityDecision,
    ticket_id: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The counter after ``decision``: a new dict, the input untouched.

    With ``ticket_id`` the decision is remembered for that ticket on its day
    (``{"tickets": {ticket_id: give}}``) and a ticket already remembered is not counted
    again: a retried event counts once."""
    out = {k: _copy_day(v) for k, v in counts.items()}
    today = out.setdefault(decision.day.isoformat(), {"returned": 0, "seen": 0})
    if ticket_id is not None:
        tickets = today.setdefault("tickets", {})
        if ticket_id in tickets:
            return out
        tickets[ticket_id] = decision.give.value
    today["seen"] = int(today.get("seen", 0)) + 1
    if decision.give is Give.TO_EMPLOYEE:
        today["returned"] = int(today.get("returned", 0)) + 1
    return out


def _copy_day(day: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(day)
    if isinstance(out.get("tickets"), Mapping):
        out["tickets"] = dict(out["tickets"])
    return out


def remembered_capacity(
    counts: Mapping[str, Mapping[str, Any]], day: dt.date, ticket_id: str
) -> CapacityDecision | None:
    """The capacity decision already taken for ``ticket_id`` on ``day`` (a retried event),
    or ``None``."""
    tickets = _mapping(counts.get(day.isoformat(), {}).get("tickets"))
    give = tickets.get(ticket_id)
    if give not in Give.__members__.values():
        return None
    return CapacityDecision(Give(str(give)), day, "decided before for this ticket")


#: How many local days the tickets decided by the capacity rule are remembered (a retry
#: comes within hours; the day's counts themselves are kept for the page).
REMEMBER_DAYS = 2


def prune_capacity(
    counts: Mapping[str, Mapping[str, Any]], today: dt.date
) -> dict[str, dict[str, Any]]:
    """The counter without the ticket lists of days older than :data:`REMEMBER_DAYS`."""
    oldest = (today - dt.timedelta(days=REMEMBER_DAYS - 1)).isoformat()
    out = {k: _copy_day(v) for k, v in counts.items()}
    for day, v in out.items():
        if day < oldest:
            v.pop("tickets", None)
    return out


@dataclass(frozen=True)
class DayReport:
    day: str
    returned: int
    plan: int


def capacity_report(capacity: Capacity, counts: Mapping[str, Mapping[str, Any]]) -> list[DayReport]:
    """Per day: how many came back against the plan (for the period page)."""
    return [
        DayReport(day, int(v.get("returned", 0)), capacity.plan(int(v.get("seen", 0))))
        for day, v in sorted(counts.items())
    ]


# -- a replacement's data (erasure) ---------------------------------------------------------
def replacement_agent_id(
    replacement_id: str,
    replacement_email: str,
    replacements: Sequence[Mapping[str, object]],
    email: str,
) -> str | None:
    """The agent id under which the person with ``email`` replaces in a period (the first
    replacement or an extra one), or ``None``."""
    email = email.strip().lower()
    if replacement_email.strip().lower() == email:
        return replacement_id
    for raw in replacements:
        if str(raw.get("email") or "").strip().lower() == email:
            return str(raw.get("id") or "")
    return None


def forget_replacement(
    replacements: Sequence[Mapping[str, object]],
    balancing: Mapping[str, object],
    state: Mapping[str, object],
    agent_id: str,
    alias: str,
) -> tuple[list[dict[str, object]], dict[str, object], dict[str, object]]:
    """An extra replacement's entry, share and balance counters under ``alias`` instead of
    their id, e-mail and name (new values; the inputs untouched). The numbers stay."""
    reps = [
        {**r, "id": alias, "email": alias, "name": ""} if str(r.get("id")) == agent_id else dict(r)
        for r in replacements
    ]
    out_balancing = dict(balancing)
    shares = _mapping(balancing.get("shares"))
    if shares:
        out_balancing["shares"] = {alias if k == agent_id else k: v for k, v in shares.items()}
    out_state = dict(state)
    counts = _mapping(state.get("counts"))
    if counts:
        out_state["counts"] = {alias if k == agent_id else k: v for k, v in counts.items()}
    customers = _mapping(state.get("customers"))
    if customers:
        out_state["customers"] = {k: alias if v == agent_id else v for k, v in customers.items()}
    return reps, out_balancing, out_state


# -- validation -----------------------------------------------------------------------------
def validate_balancing(
    replacements: Sequence[Mapping[str, object]],
    balancing: Mapping[str, object],
    employee_id: str,
    primary_id: str,
    *,
    open_counts_supported: bool,
) -> dict[str, list[str]]:
    """Per-field errors for the extra replacements and the strategy (empty: fine).

    ``open_counts_supported`` comes from the vendor mapping's declared capability."""
    errors: dict[str, list[str]] = {}
    seen = {primary_id}
    for i, raw in enumerate(replacements):
        agent_id = str(raw.get("id") or "")
        if not agent_id:
            errors.setdefault(f"replacements.{i}.id", []).append(N_("is required"))
        elif agent_id == employee_id:
            errors.setdefault(f"replacements.{i}.id", []).append(
                N_("must be someone other than the employee")
            )
        elif agent_id in seen:
            errors.setdefault(f"replacements.{i}.id", []).append(N_("is already a replacement"))
        seen.add(agent_id)
        scope = raw.get("scope")
        if scope is not None and not isinstance(scope, Mapping):
            errors.setdefault(f"replacements.{i}.scope", []).append(N_("must be an object"))
    strategy = balancing.get("strategy", Strategy.ROUND_ROBIN.value)
    if strategy not in Strategy.__members__.values():
        errors.setdefault("balancing.strategy", []).append(
            Msg("must be one of %(choices)s", choices=", ".join(s.value for s in Strategy))
        )
    elif strategy == Strategy.FEWEST_OPEN and not open_counts_supported:
        errors.setdefault("balancing.strategy", []).append(
            N_("fewest_open is not available: this helpdesk cannot count open tickets per agent")
        )
    shares = balancing.get("shares")
    if strategy == Strategy.SHARE:
        if not isinstance(shares, Mapping):
            errors.setdefault("balancing.shares", []).append(
                N_("is required for the share strategy")
            )
        else:
            for agent_id, weight in shares.items():
                if agent_id not in seen:
                    errors.setdefault("balancing.shares", []).append(
                        Msg("%(agent)s is not a replacement of this period", agent=agent_id)
                    )
                if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
                    errors.setdefault("balancing.shares", []).append(
                        Msg(
                            "the share of %(agent)s must be a whole number of at least 1",
                            agent=agent_id,
                        )
                    )
    return errors


def validate_capacity(phases: Sequence[Mapping[str, object]]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for i, phase in enumerate(phases):
        raw = phase.get("capacity")
        if raw is None:
            continue
        key = f"phases.{i}.capacity"
        if not isinstance(raw, Mapping) or len(raw) != 1:
            errors.setdefault(key, []).append("must be {per_day: N} or {percent: P}")
            continue
        name, value = next(iter(raw.items()))
        if name not in CapacityKind.__members__.values():
            errors.setdefault(key, []).append("must be {per_day: N} or {percent: P}")
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.setdefault(f"{key}.{name}", []).append(N_("must be a whole number, 0 or more"))
        elif name == CapacityKind.PERCENT and value > 100:
            errors.setdefault(f"{key}.{name}", []).append(N_("must be at most 100"))
    return errors


# -- overlapping periods with disjoint scopes -----------------------------------------------
def _filters_disjoint(a: Filter, b: Filter) -> bool:
    """Provably no ticket matches both: a single-valued dimension both constrain with no
    common value (a ticket has one group and one priority; tags and customers can overlap)."""
    return bool(
        (a.groups and b.groups and not (a.groups & b.groups))
        or (a.priorities and b.priorities and not (a.priorities & b.priorities))
    )


def _excluded_by(f: Filter, excludes: Sequence[Filter]) -> bool:
    """Every ticket matching ``f`` is excluded by one of ``excludes``: an exclude filter on
    groups/priorities only, each of which ``f`` narrows to a subset."""
    for e in excludes:
        dims = [d for d in ("groups", "priorities") if getattr(e, d)]
        if not dims or e.tags or e.customers:
            continue
        if all(getattr(f, d) and getattr(f, d) <= getattr(e, d) for d in dims):
            return True
    return False


def scopes_disjoint(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """True only when no ticket can be in both scopes (conservative: unsure means False)."""
    sa, sb = Scope.of(a), Scope.of(b)
    if not sa.include and not sb.include:
        return False
    if not sa.include:
        return all(_excluded_by(f, sa.exclude) for f in sb.include)
    if not sb.include:
        return all(_excluded_by(f, sb.exclude) for f in sa.include)
    return all(
        _filters_disjoint(fa, fb) or _excluded_by(fa, sb.exclude) or _excluded_by(fb, sa.exclude)
        for fa in sa.include
        for fb in sb.include
    )
