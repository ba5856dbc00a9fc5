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
from connector.errors import PermanentVendorError
from connector.services.helpdesk_port import HelpdeskAdapter

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


#: The human reason per outcome, in the four languages of the project.
REASONS: dict[AssignOutcome, dict[str, str]] = {
    AssignOutcome.FALLBACK: {
        "en": "{target} cannot take this ticket in the helpdesk ({why}); it went to the "
        "fallback agent {owner} instead.",
        "nl": "{target} kan dit ticket niet krijgen in de helpdesk ({why}); het ging naar de "
        "vervanger van dienst {owner}.",
        "fr": "{target} ne peut pas recevoir ce ticket dans le helpdesk ({why}) ; il a été "
        "confié à l'agent de secours {owner}.",
        "de": "{target} kann dieses Ticket im Helpdesk nicht übernehmen ({why}); es ging "
        "stattdessen an die Ausweich-Person {owner}.",
    },
    AssignOutcome.KEPT: {
        "en": "{target} cannot take this ticket in the helpdesk ({why}); it stays with {owner}.",
        "nl": "{target} kan dit ticket niet krijgen in de helpdesk ({why}); het blijft bij "
        "{owner}.",
        "fr": "{target} ne peut pas recevoir ce ticket dans le helpdesk ({why}) ; il reste "
        "chez {owner}.",
        "de": "{target} kann dieses Ticket im Helpdesk nicht übernehmen ({why}); es bleibt "
        "bei {owner}.",
    },
    AssignOutcome.UNOWNED: {
        "en": "{target} cannot take this ticket in the helpdesk ({why}) and nobody else "
        "could be given it: it has no owner now. Please assign it by hand.",
        "nl": "{target} kan dit ticket niet krijgen in de helpdesk ({why}) en niemand anders "
        "kon het krijgen: het heeft nu geen eigenaar. Wijs het met de hand toe.",
        "fr": "{target} ne peut pas recevoir ce ticket dans le helpdesk ({why}) et personne "
        "d'autre n'a pu le recevoir : il n'a plus de responsable. Attribuez-le à la main.",
        "de": "{target} kann dieses Ticket im Helpdesk nicht übernehmen ({why}), und niemand "
        "sonst konnte es bekommen: es hat jetzt keinen Besitzer. Bitte von Hand zuweisen.",
    },
    AssignOutcome.CHANGED: {
        "en": "{target} could not be given this ticket ({why}); meanwhile {owner} took it.",
        "nl": "{target} kon dit ticket niet krijgen ({why}); intussen heeft {owner} het.",
        "fr": "{target} n'a pas pu recevoir ce ticket ({why}) ; entre-temps {owner} l'a pris.",
        "de": "{target} konnte dieses Ticket nicht bekommen ({why}); inzwischen hat es {owner}.",
    },
}


def reason(outcome: AssignOutcome, lang: str = "en", **values: str) -> str:
    """The outcome's human reason in ``lang`` (English when the language is unknown)."""
    table = REASONS.get(outcome, {})
    text = table.get(lang) or table.get("en") or outcome.value
    return text.format(**values)


@dataclass(frozen=True)
class Recovery:
    outcome: AssignOutcome
    owner_id: str  # who has the ticket now ("" when nobody)
    reason: str  # the English reason (the audit's)
    result: VendorResult | None = None


def unknown(target: Agent, why: str, exc: Exception) -> Recovery:
    """The refusal could not be followed up (the helpdesk failed again): say so loudly."""
    text = reason(AssignOutcome.UNOWNED, target=_who(target), why=why)
    return Recovery(AssignOutcome.UNOWNED, "", f"{text} (checking the ticket failed: {exc})")


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
        return Recovery(AssignOutcome.ASSIGNED, now, f"confirmed by re-reading after: {why}")
    if now not in ("", previous.id):
        text = reason(AssignOutcome.CHANGED, target=_who(target), why=why, owner=now)
        return Recovery(AssignOutcome.CHANGED, now, text)
    candidates: list[tuple[AssignOutcome, Agent]] = []
    if fallback is not None and fallback.id not in (target.id, previous.id):
        candidates.append((AssignOutcome.FALLBACK, fallback))
    candidates.append((AssignOutcome.KEPT, previous))
    problems: list[str] = []
    for outcome, agent in candidates:
        if outcome is AssignOutcome.KEPT and (ticket.assignee_id or "") == previous.id:
            text = reason(outcome, target=_who(target), why=why, owner=_who(previous))
            return Recovery(outcome, previous.id, text)
        try:
            result = adapter.reassign(ticket, agent, None)
        except PermanentVendorError as exc:
            problems.append(f"{_who(agent)}: {exc}")
            ticket = adapter.get_ticket(ticket_id)  # what the refusal left behind
            continue
        text = reason(outcome, target=_who(target), why=why, owner=_who(agent))
        return Recovery(outcome, agent.id, text, result)
    if (ticket.assignee_id or "") == previous.id:
        text = reason(AssignOutcome.KEPT, target=_who(target), why=why, owner=_who(previous))
        return Recovery(AssignOutcome.KEPT, previous.id, text)
    text = reason(AssignOutcome.UNOWNED, target=_who(target), why=why)
    if problems:
        text += " (" + "; ".join(problems) + ")"
    log.error("ticket %s left without owner: %s", ticket_id, text)
    return Recovery(AssignOutcome.UNOWNED, ticket.assignee_id or "", text)
