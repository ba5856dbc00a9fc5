"""The rerouting rules: given a canonical event and the active periods, what should happen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connector.domain.events import CanonicalEvent, EventKind
from connector.domain.periods import Period

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
    }
)


@dataclass(frozen=True)
class Decision:
    action: str
    reason: str
    period: Period | None = None
    target_id: str | None = None

    @property
    def reroute(self) -> bool:
        return self.action == ACT_REROUTE


def needs_ticket(event: CanonicalEvent) -> bool:
    """True when the payload lacks a field the rules need (thin payloads): fetch, never guess."""
    return event.assignee_id is None or event.tags is None or event.status is None


def decide(
    event: CanonicalEvent,
    periods: list[Period],
    now: dt.datetime,
    *,
    own_actor_ids: frozenset[str] = frozenset(),
    keep_tag: str = "standin_keep",
) -> Decision:
    """Decide whether ``event`` reroutes its ticket.

    Rules, in order: only kinds that can bring a ticket to the employee count; the connector's
    own changes are never acted on (no loops); a ticket with the keep-tag stays where it is
    (a deliberate manual assignment); solved tickets stay; the ticket must be owned by the
    employee of a period active at ``now``.
    """
    if event.kind not in REROUTING_KINDS:
        return Decision(ACT_SKIP, f"event kind {event.kind.value} does not reroute")
    if event.actor_id is not None and event.actor_id in own_actor_ids:
        return Decision(ACT_SKIP, "change made by the connector itself")
    if event.assignee_id is None:
        return Decision(ACT_SKIP, "ticket has no assignee")
    if event.tags and keep_tag in event.tags:
        return Decision(ACT_SKIP, f"ticket carries the keep-tag {keep_tag!r}")
    if event.status and event.status.lower() in CLOSED_STATUSES:
        return Decision(ACT_SKIP, f"ticket is {event.status.lower()}")
    for period in periods:
        if not period.is_active(now):
            continue
        if period.employee_id == event.assignee_id:
            return Decision(
                ACT_REROUTE,
                "ticket assigned to the employee during an active period",
                period=period,
                target_id=period.replacement_id,
            )
    return Decision(ACT_SKIP, "ticket is not assigned to an employee with an active period")
