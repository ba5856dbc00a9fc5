"""What happens to a ticket the helpdesk would not give to its new owner.

Every path that assigns (webhook reroute, start move, bulk, retry-single, sweep, move to a new
replacement, hand-back) ends here when the vendor refused a ticket or left it with nobody
(Zammad answers 200 and sets owner 1 when the new owner lacks full group access; Zendesk 422s
an assignee outside the ticket's group; Freshdesk and HubSpot 400 an agent/owner they do not
accept; RT says 200 "That user may not own tickets in that queue"). The ticket is re-read and
then goes, in order, to the configured fallback agent, or stays with / goes back to whoever
had it before — never silently unowned. The outcome is an enum; the audit gets it as its
action and a human reason (the catalogue below, in nl, fr, de and en).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from connector.domain.events import Agent
from connector.domain.helpdesk import VendorResult
from connector.domain.messages import N_, SEMICOLONS, Msg, joined
from connector.errors import PermanentVendorError, VendorError
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.translations import say

log = logging.getLogger(__name__)


class AssignOutcome(enum.StrEnum):
    """How an assignment the vendor refused ended (the audit action)."""

    #: The new owner has it after all (the refusal was about something else, e.g. a notice).
    ASSIGNED = "assigned"
    #: Refused; the ticket went to the helpdesk's fallback (escalation) agent instead.
    FALLBACK = "not_assigned_fallback"
    #: Refused; the ticket stays with, or went back to, whoever had it before.
    KEPT = "not_assigned_kept"
    #: Refused, and nobody could be given the ticket: it has no owner. A person must act.
    UNOWNED = "not_assigned_unowned"
    #: Someone else owns the ticket now: not ours to touch.
    CHANGED = "changed_meanwhile"


#: The human reason per outcome (msgids: said in the reader's language from the catalogues).
REASONS: dict[AssignOutcome, str] = {
    AssignOutcome.FALLBACK: N_(
        "%(target)s cannot take this ticket in the helpdesk (%(why)s); it went to the fallback "
        "agent %(owner)s instead."
    ),
    AssignOutcome.KEPT: N_(
        "%(target)s cannot take this ticket in the helpdesk (%(why)s); it stays with %(owner)s."
    ),
    AssignOutcome.UNOWNED: N_(
        "%(target)s cannot take this ticket in the helpdesk (%(why)s) and nobody else could be "
        "given it: it has no owner now. Please assign it by hand."
    ),
    AssignOutcome.CHANGED: N_(
        "%(target)s could not be given this ticket (%(why)s); meanwhile %(owner)s took it."
    ),
}


def reason_msg(outcome: AssignOutcome, **values: str) -> Msg:
    """The outcome's human reason as a message (English text; said in any language)."""
    return Msg(REASONS.get(outcome, outcome.value), **values)


def reason(outcome: AssignOutcome, lang: str = "en", **values: str) -> str:
    """The outcome's human reason in ``lang`` (English when the language is unknown)."""
    return say(lang, reason_msg(outcome, **values))


@dataclass(frozen=True)
class Recovery:
    outcome: AssignOutcome
    owner_id: str  # who has the ticket now ("" when nobody)
    reason: str  # the English reason (the audit's)
    result: VendorResult | None = None


def unknown(target: Agent, why: str, exc: VendorError) -> Recovery:
    """The refusal could not be followed up (the helpdesk failed again): say so loudly."""
    text = reason_msg(AssignOutcome.UNOWNED, target=_who(target), why=why)
    failed = Msg("%(text)s (checking the ticket failed: %(error)s)", text=text, error=exc.said)
    return Recovery(AssignOutcome.UNOWNED, "", failed)


def _who(agent: Agent) -> str:
    return agent.email or agent.name or agent.id


def recover(
    adapter: HelpdeskAdapter,
    ticket_id: str,
    target: Agent,
    previous: Agent,
    fallback: Agent | None,
    why: str,
) -> Recovery:
    """After ``target`` was refused the ticket: re-read it and give it to someone who can
    have it — the fallback agent first (when configured and not one of the two), else back
    to ``previous`` — each assignment checked by the adapter. Never raises a vendor's 4xx."""
    ticket = adapter.get_ticket(ticket_id)
    now = ticket.assignee_id or ""
    if now == target.id:
        confirmed = Msg("confirmed by re-reading after: %(why)s", why=why)
        return Recovery(AssignOutcome.ASSIGNED, now, confirmed)
    if now not in ("", previous.id):
        text = reason_msg(AssignOutcome.CHANGED, target=_who(target), why=why, owner=now)
        return Recovery(AssignOutcome.CHANGED, now, text)
    candidates: list[tuple[AssignOutcome, Agent]] = []
    if fallback is not None and fallback.id not in (target.id, previous.id):
        candidates.append((AssignOutcome.FALLBACK, fallback))
    candidates.append((AssignOutcome.KEPT, previous))
    problems: list[str] = []  # each a Msg: the agent and the helpdesk's refusal
    for outcome, agent in candidates:
        if outcome is AssignOutcome.KEPT and (ticket.assignee_id or "") == previous.id:
            text = reason_msg(outcome, target=_who(target), why=why, owner=_who(previous))
            return Recovery(outcome, previous.id, text)
        try:
            result = adapter.reassign(ticket, agent, None)
        except PermanentVendorError as exc:
            problems.append(Msg("%(agent)s: %(error)s", agent=_who(agent), error=exc.said))
            ticket = adapter.get_ticket(ticket_id)  # what the refusal left behind
            continue
        text = reason_msg(outcome, target=_who(target), why=why, owner=_who(agent))
        return Recovery(outcome, agent.id, text, result)
    if (ticket.assignee_id or "") == previous.id:
        text = reason_msg(AssignOutcome.KEPT, target=_who(target), why=why, owner=_who(previous))
        return Recovery(AssignOutcome.KEPT, previous.id, text)
    text = reason_msg(AssignOutcome.UNOWNED, target=_who(target), why=why)
    if problems:
        text = Msg("%(text)s (%(problems)s)", text=text, problems=joined(problems, SEMICOLONS))
    log.error("ticket %s left without owner: %s", ticket_id, text)
    return Recovery(AssignOutcome.UNOWNED, ticket.assignee_id or "", text)
