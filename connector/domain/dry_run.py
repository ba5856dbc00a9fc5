"""The dry run's pure steps: who is owed a notice, and the summary of what would happen.

A dry run says what the start move of a period would do, without doing it: the services
gather (read calls only), the rules decide per ticket (:func:`connector.domain.rules.decide`,
:func:`connector.domain.moves.choose_move`), and this module says which customers are told
and sums it all up. No I/O here.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from connector.domain.moves import Move

#: How many tickets a dry run lists one by one (the counts cover them all).
TICKET_CAP = 200


class NoticeFate(enum.StrEnum):
    """Whether the customer of one moved ticket would get a notice, and if not why."""

    SEND = "send"
    ALREADY_TOLD = "already_told"  # earlier in this period, or for an earlier ticket in this run
    NOT_A_CUSTOMER = "not_a_customer"
    NO_REQUESTER = "no_requester"
    BLOCKED = "blocked"  # the privacy lint would stop it
    OFF = "off"  # notices off, or not at the start, for this period
    NOT_MOVED = "not_moved"


def notice_key(per: str, customer_id: str, ticket_id: str) -> str:
    """The key a notice is counted under: once per customer, or once per ticket."""
    return f"customer:{customer_id}" if per == "customer" else f"ticket:{ticket_id}"


def notice_fate(
    *,
    moves: bool,
    notify: bool,
    customer_id: str | None,
    is_end_user: bool,
    key: str,
    told: Collection[str],
) -> NoticeFate:
    """The notice decision for one ticket, in the order the real send checks it.

    ``told``: the keys already notified in this period plus those planned earlier in this run.
    """
    if not moves:
        return NoticeFate.NOT_MOVED
    if not notify:
        return NoticeFate.OFF
    if not customer_id:
        return NoticeFate.NO_REQUESTER
    if not is_end_user:
        return NoticeFate.NOT_A_CUSTOMER
    if key in told:
        return NoticeFate.ALREADY_TOLD
    return NoticeFate.SEND


@dataclass(frozen=True)
class TicketPreview:
    """One ticket in the dry run: what would happen to it and why."""

    ticket_id: str
    move: Move
    reason: str
    to_agent: str | None = None
    customer_id: str | None = None
    notice: NoticeFate = NoticeFate.NOT_MOVED
    lang: str | None = None  # the notice's language, when one is sent
    customer_key: str | None = None  # who the customer is for the balancing (requester)


@dataclass(frozen=True)
class ReplacementShare:
    """How many of the moved tickets (and of their customers) one replacement would get."""

    agent_id: str
    tickets: int
    customers: int


@dataclass(frozen=True)
class DryRunSummary:
    total: int
    moved: int
    escalated: int
    kept: int
    unassignable: int
    customers_by_lang: dict[str, int]
    already_told: int
    tickets: list[TicketPreview] = field(default_factory=list)
    by_replacement: list[ReplacementShare] = field(default_factory=list)


def summarize(previews: Sequence[TicketPreview], cap: int = TICKET_CAP) -> DryRunSummary:
    """Counts over every ticket; the list itself capped at ``cap``."""
    by_lang: dict[str, int] = {}
    for p in previews:
        if p.notice is NoticeFate.SEND and p.lang:
            by_lang[p.lang] = by_lang.get(p.lang, 0) + 1
    return DryRunSummary(
        total=len(previews),
        moved=sum(1 for p in previews if p.move is Move.REROUTE),
        escalated=sum(1 for p in previews if p.move is Move.ESCALATE),
        kept=sum(1 for p in previews if p.move is Move.SKIP),
        unassignable=sum(1 for p in previews if p.move is Move.NO_FALLBACK),
        customers_by_lang=dict(sorted(by_lang.items())),
        already_told=sum(1 for p in previews if p.notice is NoticeFate.ALREADY_TOLD),
        tickets=list(previews[:cap]),
        by_replacement=shares(previews),
    )


def shares(previews: Sequence[TicketPreview]) -> list[ReplacementShare]:
    """Per replacement a rerouted ticket would go to: its tickets and distinct customers, in
    the order they first appear."""
    tickets: dict[str, int] = {}
    customers: dict[str, set[str]] = {}
    for p in previews:
        if p.move is not Move.REROUTE or p.to_agent is None:
            continue
        tickets[p.to_agent] = tickets.get(p.to_agent, 0) + 1
        who = customers.setdefault(p.to_agent, set())
        if p.customer_key:
            who.add(p.customer_key)
    return [ReplacementShare(a, n, len(customers[a])) for a, n in tickets.items()]
