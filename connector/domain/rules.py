"""The rerouting rules: given a canonical event and the active periods, what should happen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connector.domain.events import CanonicalEvent, EventKind
from connector.domain.messages import Msg
from connector.domain.outcomes import SkipReason
from connector.domain.periods import Period
from connector.domain.scope import DEFAULT_CHAIN_DEPTH, Target, follow_chain, why_out_of_scope

ACT_REROUTE = "reroute"
ACT_SKIP = "skip"

# Statuses after which a ticket is no longer the employee's burden.
CLOSED_STATUSES = frozenset({"solved", "closed", "resolved", "deleted", "merged"})

REROUTING_KINDS = frozenset(
    {
        EventKind.TICKET_CREATED,
        EventKind.ASSIGNEE_CHANGED,
        EventKind.CUSTOMER_REPLIED,
        EventKind.PUBLIC_COMMENT,
        EventKind.STATUS_CHANGED,
        EventKind.OPEN_TICKET,
    }
)


@dataclass(frozen=True)
class Decision:
    action: str
    reason: str
    period: Period | None = None
    target_id: str | None = None
    target: Target | None = None
    escalate: str = ""  # set: no replacement can take it; send it to the fallback agent
    path: tuple[str, ...] = ()
    skip: SkipReason | None = None  # why the ticket stays where it is (set with ACT_SKIP)

    @property
    def reroute(self) -> bool:
        return self.action == ACT_REROUTE


def needs_ticket(event: CanonicalEvent) -> bool:
    """True when the payload lacks a field the rules need (thin payloads): fetch, never guess."""
    return event.assignee_id is None or event.tags is None or event.status is None


def period_of(event: CanonicalEvent, periods: list[Period], now: dt.datetime) -> Period | None:
    """The active period whose employee owns the ticket, if any."""
    if not event.assignee_id:
        return None
    return next(
        (p for p in periods if p.is_active(now) and p.employee_id == event.assignee_id), None
    )


def decide(
    event: CanonicalEvent,
    periods: list[Period],
    now: dt.datetime,
    *,
    own_actor_ids: frozenset[str] = frozenset(),
    keep_tag: str = "standin_keep",
    max_chain: int = DEFAULT_CHAIN_DEPTH,
) -> Decision:
    """Decide whether ``event`` reroutes its ticket.

    Only a ticket owned by the employee of a period active at ``now`` is a candidate. It then
    stays where it is when: the event kind cannot bring a ticket to the employee; the change
    was made by the connector itself (no loops: e.g. a hand-back); the ticket carries the
    keep-tag (a deliberate manual assignment); the ticket is solved or closed; or it is
    outside the period's scope or the active phase's. The target follows the chain of
    replacements who are away themselves; a cycle or a too-long chain sets ``escalate``.
    """
    period = period_of(event, periods, now)
    if period is None:
        return Decision(
            ACT_SKIP,
            Msg("ticket is not owned by an employee with an active period"),
            skip=SkipReason.NOT_OWNED,
        )
    if event.kind not in REROUTING_KINDS:
        return Decision(
            ACT_SKIP,
            Msg("event kind %(kind)s does not reroute", kind=event.kind.value),
            period,
            skip=SkipReason.KIND_DOES_NOT_REROUTE,
        )
    if event.actor_id is not None and event.actor_id in own_actor_ids:
        return Decision(
            ACT_SKIP,
            Msg("change made by the connector itself"),
            period,
            skip=SkipReason.OWN_CHANGE,
        )
    if event.tags and keep_tag in event.tags:
        return Decision(
            ACT_SKIP,
            Msg("ticket carries the keep-tag '%(tag)s'", tag=keep_tag),
            period,
            skip=SkipReason.KEEP_TAG,
        )
    if event.status and event.status.lower() in CLOSED_STATUSES:
        return Decision(
            ACT_SKIP,
            Msg("ticket is %(status)s", status=event.status.lower()),
            period,
            skip=SkipReason.CLOSED,
        )
    out_of_scope = why_out_of_scope(period, event, now)
    if out_of_scope is not None:
        # Overlapping periods of one employee have disjoint scopes: the one that takes it.
        other = next(
            (
                p
                for p in periods
                if p is not period
                and p.is_active(now)
                and p.employee_id == period.employee_id
                and why_out_of_scope(p, event, now) is None
            ),
            None,
        )
        if other is not None:
            period, out_of_scope = other, None
    if out_of_scope is not None:
        return Decision(ACT_SKIP, out_of_scope, period, skip=SkipReason.OUT_OF_SCOPE)
    chain = follow_chain(period, periods, now, event, max_chain)
    if chain.target is None:
        return Decision(
            ACT_REROUTE,
            Msg(
                "ticket owned by the employee during an active period; %(escalate)s",
                escalate=chain.escalate,
            ),
            period=period,
            escalate=chain.escalate,
            path=chain.path,
        )
    reason = Msg("ticket owned by the employee during an active period")
    if chain.chained:
        reason = Msg(
            "ticket owned by the employee during an active period; replacement is away too, "
            "followed %(path)s",
            path=" → ".join(chain.path),
        )
    return Decision(
        ACT_REROUTE,
        reason,
        period=period,
        target_id=chain.target.id,
        target=chain.target,
        path=chain.path,
    )
