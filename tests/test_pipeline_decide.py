"""The decide step of the rerouting pipeline, pure: no database, no HTTP, the clock an argument.

One test per branch of screen → decide → choose the move → outcome, asserting the enum (what
code branches and counts on) and the human reason beside it (what the operator reads).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connector.domain.events import Agent, CanonicalEvent, EventKind, TicketSnapshot
from connector.domain.moves import (
    HandBack,
    Move,
    MoveDecision,
    by_replies,
    choose_move,
    decide_handback,
    needs_fallback,
    outcome_of,
    screen_event,
    screen_periods,
)
from connector.domain.outcomes import Outcome, Processed, SkipReason
from connector.domain.rules import decide
from tests.test_scope_phases_chains import NOW, period

FALLBACK = Agent("9999", "fallback@example.com", "Fallback Desk")


def event(kind: EventKind = EventKind.TICKET_CREATED, **fields: Any) -> CanonicalEvent:
    base: dict[str, Any] = {
        "assignee_id": "9001",
        "status": "open",
        "tags": ("billing",),
        "priority": "normal",
        "group_id": "360001",
    }
    return CanonicalEvent(kind, "acme", "123", **(base | fields))


def move_for(
    ev: CanonicalEvent, periods: list[Any], fallback: Agent | None = None, **kw: Any
) -> MoveDecision:
    d = decide(ev, periods, NOW, **kw)
    return choose_move(d, fallback if needs_fallback(d) else None)


# -- screen: before any period or ticket is read --------------------------------------------
def test_an_event_its_mapping_maps_to_nothing_is_an_ignored_event() -> None:
    out = screen_event(None, "zen:event-type:ticket.tags_changed")
    assert out == Processed(Outcome.IGNORED_EVENT, "ignored: zen:event-type:ticket.tags_changed")


def test_an_internal_note_does_not_reroute_and_says_so_with_its_kind() -> None:
    out = screen_event(event(EventKind.INTERNAL_NOTE), "note")
    assert out == Processed(Outcome.DOES_NOT_REROUTE, "internal_note: does not reroute")


def test_a_rerouting_kind_passes_the_event_screen() -> None:
    assert screen_event(event(), "created") is None


def test_no_active_period_is_its_own_outcome_not_the_word_no() -> None:
    out = screen_periods(event(), [], NOW)
    assert out is not None and out.outcome is Outcome.NO_ACTIVE_PERIOD
    assert out.outcome.value == "no_active_period" and str(out) == "no active period"


def test_a_complete_payload_owned_by_nobody_on_leave_ends_before_the_ticket_is_read() -> None:
    out = screen_periods(event(assignee_id="5555"), [period()], NOW)
    assert out == Processed(
        Outcome.NOT_OWNED, "ticket not owned by an employee with an active period"
    )


def test_a_thin_payload_goes_on_to_read_the_ticket_even_if_it_names_nobody() -> None:
    assert screen_periods(event(assignee_id="5555", tags=None), [period()], NOW) is None


def test_a_payload_owned_by_the_employee_goes_on_to_read_the_ticket() -> None:
    assert screen_periods(event(), [period()], NOW) is None


# -- decide and choose the move ----------------------------------------------------------------
def test_a_ticket_of_the_employee_goes_to_the_replacement() -> None:
    move = move_for(event(), [period()])
    assert move.move is Move.REROUTE and move.moves
    assert move.target == Agent("9002", "9002@example.com", "Agent 9002")
    assert move.reason == "ticket owned by the employee during an active period"
    out = outcome_of(move, "123")
    assert out == Processed(Outcome.REROUTED, "rerouted ticket 123 to 9002")


def test_a_ticket_owned_by_someone_else_is_not_owned_and_not_audited_as_a_skip() -> None:
    move = move_for(event(assignee_id="5555"), [period()])
    assert move.move is Move.SKIP and move.skip is SkipReason.NOT_OWNED and move.period is None
    out = outcome_of(move, "123")
    assert out.outcome is Outcome.NOT_OWNED
    assert out.reason == "ticket is not owned by an employee with an active period"


@pytest.mark.parametrize(
    ("ev", "kw", "skip", "reason"),
    [
        (
            event(EventKind.INTERNAL_NOTE),
            {},
            SkipReason.KIND_DOES_NOT_REROUTE,
            "event kind internal_note does not reroute",
        ),
        (
            event(actor_id="bot"),
            {"own_actor_ids": frozenset({"bot"})},
            SkipReason.OWN_CHANGE,
            "change made by the connector itself",
        ),
        (
            event(tags=("standin_keep",)),
            {},
            SkipReason.KEEP_TAG,
            "ticket carries the keep-tag 'standin_keep'",
        ),
        (event(status="Solved"), {}, SkipReason.CLOSED, "ticket is solved"),
    ],
    ids=["kind", "own-change", "keep-tag", "closed"],
)
def test_each_rule_that_keeps_a_ticket_where_it_is_gives_its_skip_reason(
    ev: CanonicalEvent, kw: dict[str, Any], skip: SkipReason, reason: str
) -> None:
    move = move_for(ev, [period()], **kw)
    assert (move.move, move.skip, move.reason) == (Move.SKIP, skip, reason)
    assert not move.moves and move.target is None
    assert outcome_of(move, "123") == Processed(Outcome.SKIPPED, f"skipped: {reason}")


def test_a_ticket_outside_the_periods_scope_is_skipped_as_out_of_scope() -> None:
    vip_only = period(scope={"include": {"tags": ["vip"]}})
    move = move_for(event(), [vip_only])
    assert move.move is Move.SKIP and move.skip is SkipReason.OUT_OF_SCOPE
    assert outcome_of(move, "123").outcome is Outcome.SKIPPED


def test_a_cycle_with_a_fallback_agent_escalates_to_the_fallback() -> None:
    periods = [period(1, "9001", "9002"), period(2, "9002", "9003"), period(3, "9003", "9001")]
    move = move_for(event(), periods, FALLBACK)
    assert move.move is Move.ESCALATE and move.target == FALLBACK and move.moves
    assert move.escalate == "cycle of replacements: 9001 → 9002 → 9003 → 9001"
    assert outcome_of(move, "123") == Processed(Outcome.ESCALATED, "rerouted ticket 123 to 9999")


def test_a_cycle_without_a_fallback_agent_is_not_rerouted() -> None:
    periods = [period(1, "9001", "9002"), period(2, "9002", "9003"), period(3, "9003", "9001")]
    move = move_for(event(), periods, None)
    assert move.move is Move.NO_FALLBACK and move.target is None and not move.moves
    out = outcome_of(move, "123")
    assert out.outcome is Outcome.NOT_REROUTED
    assert out.reason == "not rerouted: cycle of replacements: 9001 → 9002 → 9003 → 9001"


def test_the_fallback_agent_is_needed_only_when_no_replacement_can_take_the_ticket() -> None:
    cycle = [period(1, "9001", "9002"), period(2, "9002", "9001")]
    assert needs_fallback(decide(event(), cycle, NOW))
    assert not needs_fallback(decide(event(), [period()], NOW))
    assert not needs_fallback(decide(event(assignee_id="5555"), [period()], NOW))


def test_a_fallback_given_when_a_replacement_exists_is_not_used() -> None:
    move = choose_move(decide(event(), [period()], NOW), FALLBACK)
    assert move.move is Move.REROUTE and move.target is not None and move.target.id == "9002"


def test_the_decision_depends_on_the_clock_it_is_given() -> None:
    before = NOW - dt.timedelta(days=365)
    assert decide(event(), [period()], before).skip is SkipReason.NOT_OWNED
    assert decide(event(), [period()], NOW).skip is None


def test_every_outcome_value_is_a_metric_label_of_lower_case_words() -> None:
    for outcome in Outcome:
        assert outcome.value == outcome.name.lower()
    assert {"IGNORED_EVENT", "UNKNOWN_EVENT", "NO_ACTIVE_PERIOD"} <= set(Outcome.__members__)


def test_a_processed_outcome_prints_as_its_human_reason() -> None:
    out = Processed(Outcome.SKIPPED, "skipped: ticket is solved")
    assert str(out) == "skipped: ticket is solved" and out.outcome == "skipped"


def test_a_move_decision_for_a_skip_never_moves() -> None:
    assert not MoveDecision(Move.SKIP, "x").moves


# -- the hand-back ---------------------------------------------------------------------------
def snapshot(**fields: Any) -> TicketSnapshot:
    base: dict[str, Any] = {"assignee_id": "9002", "status": "open", "tags": ("billing",)}
    return TicketSnapshot("123", **(base | fields))


@pytest.mark.parametrize(
    ("ticket", "reason"),
    [
        (snapshot(status="solved"), "kept: solved"),
        (snapshot(assignee_id="7777"), "kept: no longer with the replacement"),
        (snapshot(tags=("standin_keep",)), "kept: carries the keep-tag standin_keep"),
    ],
    ids=["closed", "taken", "keep-tag"],
)
def test_a_rerouted_ticket_that_is_closed_taken_or_kept_stays_where_it_is(
    ticket: TicketSnapshot, reason: str
) -> None:
    for policy in ("rerouted_open", "untouched_only"):
        d = decide_handback(ticket, "9002", "standin_keep", policy)
        assert (d.action, d.reason, d.ask_replies) == (HandBack.KEEP, reason, False)


def test_an_open_ticket_still_with_the_replacement_goes_back_by_rerouted_open() -> None:
    d = decide_handback(snapshot(), "9002", "standin_keep", "rerouted_open")
    assert (d.action, d.reason, d.ask_replies) == (
        HandBack.RETURN,
        "hand-back (rerouted_open)",
        False,
    )
    assert by_replies(d, True) == d  # replies do not matter to this policy


def test_untouched_only_asks_for_replies_and_keeps_a_ticket_the_replacement_answered() -> None:
    d = decide_handback(snapshot(), "9002", "standin_keep", "untouched_only")
    assert d.action is HandBack.RETURN and d.ask_replies
    kept = by_replies(d, True)
    assert (kept.action, kept.reason) == (
        HandBack.KEEP,
        "kept: the replacement has replied to the customer",
    )
    back = by_replies(d, False)
    assert (back.action, back.reason, back.replies_unknown) == (
        HandBack.RETURN,
        "hand-back (untouched_only)",
        False,
    )


def test_untouched_only_falls_back_to_rerouted_open_when_replies_are_unknown() -> None:
    d = by_replies(decide_handback(snapshot(), "9002", "standin_keep", "untouched_only"), None)
    assert d.action is HandBack.RETURN and d.replies_unknown
    assert d.reason == "hand-back (rerouted_open: replies unknown)"
