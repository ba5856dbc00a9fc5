"""The service layer on in-memory repositories: no database, only the vendor's HTTP mocked.

The period, notice, template and contact-log stories that ``test_periods_api.py`` and
``test_contact_log_api.py`` tell through HTTP on both engines, told here to the services
themselves. The fakes are held to the real repositories by ``test_repositories_contract.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import responses

from connector.adapters.helpdesks.base import Customer
from connector.adapters.hr.config import parse_hr_config
from connector.adapters.http import RetryPolicy
from connector.config import HrConfig
from connector.domain.events import Agent, TicketSnapshot
from connector.domain.outcomes import Outcome
from connector.domain.plan import plan_moves
from connector.errors import PermanentVendorError, ValidationFailed
from connector.services.assignment import AssignOutcome, Recovery
from connector.services.contact_log import ContactLogService
from connector.services.hr_dispatch import HrDispatcher
from connector.services.lifecycle import Lifecycle
from connector.services.notices import NoticeOutcome, NoticeService
from connector.services.periods import PeriodService
from connector.services.pipeline import MoveCounts, Mover, PlannedMove, Refusal
from connector.services.rerouting import Rerouter
from connector.wiring import build_helpdesks
from tests.conftest import make_config
from tests.contact_log_support import entry_data
from tests.fakes.helpdesk import FakeHelpdesk, FakeHrTarget
from tests.fakes.repositories import FakeRepositories
from tests.support import FakeClock
from tests.zendesk_api import register_agent_search

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
VALID = {
    "helpdesk": "acme",
    "employee": "anna@example.com",
    "replacement": "bob@example.com",
    "starts_at": "2026-11-20",
    "ends_at": "2026-12-31",
}


class World:
    """The services under test over one set of fakes, as wiring would build them."""

    def __init__(self, clock: FakeClock) -> None:
        self.config = make_config("sqlite:///never-opened.db")
        self.clock = clock
        self.repos = FakeRepositories()
        self.changes: list[str] = []
        self.helpdesks = build_helpdesks(
            self.config, sleep=lambda s: None, policy=RetryPolicy(max_attempts=1)
        )
        self.periods = PeriodService(
            self.repos.periods,
            self.repos.audit,
            self.repos.lifecycle,
            self.helpdesks,
            clock,
            on_change=lambda: self.changes.append("wake"),
            check_replacement=False,
        )
        self.notices = NoticeService(
            self.repos.notices, self.repos.templates, clock, self.config.helpdesks
        )
        self.contact_log = ContactLogService(
            self.repos.periods,
            self.helpdesks,
            clock,
            parse_hr_config({}),
            self.repos.contact_log,
        )


@pytest.fixture
def world() -> World:
    return World(FakeClock(NOW))


@pytest.fixture
def vendor() -> Any:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def create(world: World, vendor: Any, **changes: Any) -> Any:
    body = VALID | changes
    for key in ("employee", "replacement"):
        register_agent_search(vendor, body[key])
    return world.periods.create(body, "token:team_lead")


# --- periods ------------------------------------------------------------------------------


def test_a_created_period_has_both_agents_resolved_and_is_audited(
    world: World, vendor: Any
) -> None:
    period = create(world, vendor)
    assert (period.employee_id, period.employee_name) == ("9001", "Anna de Vries")
    assert (period.replacement_id, period.replacement_name) == ("9002", "Bob Jansen")
    assert period.starts_at == dt.datetime(2026, 11, 19, 23, 0, tzinfo=dt.UTC)
    assert period.ends_at == dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)
    assert world.repos.periods.get_period(period.id) == period
    (row,) = world.repos.audit.audit_records(None, period_id=period.id)
    assert (row["action"], row["actor"]) == ("period_created", "token:team_lead")
    assert world.changes == ["wake"]


def test_an_overlapping_period_for_the_same_employee_is_refused(world: World, vendor: Any) -> None:
    first = create(world, vendor)
    with pytest.raises(ValidationFailed) as refused:
        create(
            world,
            vendor,
            starts_at="2026-12-15",
            ends_at="2027-01-15",
            replacement="carla@example.com",
        )
    assert f"overlaps period {first.id}" in refused.value.fields["starts_at"][0]
    assert [p.id for p in world.repos.periods.periods()] == [first.id]


def test_a_period_right_after_another_does_not_overlap(world: World, vendor: Any) -> None:
    create(world, vendor)
    create(world, vendor, starts_at="2027-01-01", ends_at="2027-01-31")
    assert len(world.repos.periods.periods(["acme"])) == 2


def test_change_and_end_a_period_are_audited_newest_first(world: World, vendor: Any) -> None:
    pid = create(world, vendor).id
    register_agent_search(vendor, "carla@example.com")
    changed = world.periods.update(
        pid, {"replacement": "carla@example.com", "ends_at": "2027-01-15"}, "token:team_lead"
    )
    assert changed.replacement_id == "9003"
    ended = world.periods.end(pid, "token:team_lead")
    assert ended.ended_early_at == NOW
    with pytest.raises(ValidationFailed) as again:
        world.periods.end(pid, "token:team_lead")
    assert "already ended" in again.value.fields["period"][0]
    actions = [r["action"] for r in world.repos.audit.audit_records(None, period_id=pid)]
    assert actions == ["period_ended", "period_changed", "period_created"]


def test_a_new_replacement_for_a_started_period_makes_the_move_due(
    world: World, vendor: Any
) -> None:
    pid = create(world, vendor).id
    register_agent_search(vendor, "carla@example.com")
    saved = world.periods.update(pid, {"replacement": "carla@example.com"}, "token:team_lead")
    assert saved.state["replacement_move_due"] is True
    assert world.changes == ["wake", "wake"]


def test_a_new_replacement_for_a_period_not_yet_started_moves_nothing(
    world: World, vendor: Any
) -> None:
    pid = create(world, vendor, starts_at="2026-12-01").id
    register_agent_search(vendor, "carla@example.com")
    saved = world.periods.update(pid, {"replacement": "carla@example.com"}, "token:team_lead")
    assert saved.state["replacement_move_due"] is False


# --- notices and templates ------------------------------------------------------------------


def anna(world: World, vendor: Any) -> Any:
    return create(world, vendor)


CUSTOMER = Customer("501", "fr-BE", True, "claire@example.com", "Claire")
BOB = Agent("9002", "bob@example.com", "Bob Jansen")


def test_a_customer_is_noticed_once_per_period(world: World, vendor: Any) -> None:
    period = anna(world, vendor)
    acme = world.config.helpdesks["acme"]
    first = world.notices.for_reroute(period, acme, CUSTOMER, "7", NOW, BOB)
    assert first.outcome is NoticeOutcome.SEND and first.notice is not None
    assert first.notice.lang == "fr"
    world.notices.mark_sent(period, CUSTOMER.id, "7")
    second = world.notices.for_reroute(period, acme, CUSTOMER, "8", NOW, BOB)
    assert second.outcome is NoticeOutcome.ALREADY_SENT
    assert world.repos.notices.notice_counts(period.id) == {"sent": 1}


def test_an_agent_as_requester_gets_no_notice_and_nothing_is_recorded(
    world: World, vendor: Any
) -> None:
    period = anna(world, vendor)
    agent = Customer("9100", "nl", False)
    plan = world.notices.for_reroute(period, world.config.helpdesks["acme"], agent, "7", NOW, BOB)
    assert plan.outcome is NoticeOutcome.NOT_A_CUSTOMER
    assert world.repos.notices.notice_counts(period.id) == {}


TEMPLATE = {
    "helpdesk": "acme",
    "kind": "notice",
    "variant": "formal",
    "lang": "nl",
    "subject": "Uw vraag {{ ticket_reference }}",
    "text": "Beste {{ customer_name }}, {{ replacement_name }} helpt u verder.",
}


def test_a_saved_template_is_a_new_inactive_version_until_activated(world: World) -> None:
    builtin = world.notices.template("acme", "notice", "formal", "nl")
    first = world.notices.save_template(TEMPLATE, "token:team_lead")
    second = world.notices.save_template(TEMPLATE | {"subject": "Uw ticket"}, "token:team_lead")
    assert (first["version"], second["version"], second["active"]) == (1, 2, False)
    assert world.notices.template("acme", "notice", "formal", "nl") == builtin
    world.repos.templates.activate_template(second["id"])
    assert world.notices.template("acme", "notice", "formal", "nl").subject == "Uw ticket"


def test_a_template_that_gives_a_reason_is_refused_and_not_stored(world: World) -> None:
    with pytest.raises(ValidationFailed) as refused:
        world.notices.save_template(
            TEMPLATE | {"text": "Anna is ziek; {{ replacement_name }} helpt u."}, "lead"
        )
    assert "ziek" in refused.value.fields["template"][0]
    assert world.repos.templates.templates(None) == []


# --- contact log ----------------------------------------------------------------------------


def test_a_contact_entry_is_stored_once_per_source_ref(world: World, vendor: Any) -> None:
    period = anna(world, vendor)
    first = world.contact_log.create(entry_data(), "token:lead", source_ref="zendesk:1")
    again = world.contact_log.create(entry_data(), "token:lead", source_ref="zendesk:1")
    assert again.id == first.id and first.period_id == period.id
    assert [e.id for e, _ in world.repos.contact_log.entries(None)] == [first.id]
    assert world.repos.contact_log.outbox(None) == []  # no HR system configured: local only


def test_a_contact_entry_with_a_reason_is_refused_and_not_stored(world: World, vendor: Any) -> None:
    anna(world, vendor)
    with pytest.raises(ValidationFailed):
        world.contact_log.create(entry_data(summary="Anna is nog ziek, burn-out."), "lead")
    assert world.repos.contact_log.entries(None) == []


# --- act and record: the one step every move goes through (services/pipeline.py) ----------

CAROL = Agent("9003", "carol@example.com", "Carol Peeters")


def fake_acme(world: World, *tickets: TicketSnapshot, **config: Any) -> FakeHelpdesk:
    settings = dataclasses.replace(world.helpdesks["acme"].config, **config)
    return FakeHelpdesk(settings, agents=[BOB, CAROL], tickets=tickets)


def mover(world: World) -> Mover:
    return Mover(world.repos.audit, world.repos.lifecycle, world.notices, world.clock)


def open_ticket(ticket_id: str, owner: str = "9001") -> TicketSnapshot:
    return TicketSnapshot(ticket_id, owner, status="open")


def audited(world: World, period: Any) -> list[tuple[str, str | None, str | None]]:
    rows = world.repos.audit.audit_records(None, period_id=period.id)
    return sorted((r["action"], r["ticket_id"], r["to_agent"]) for r in rows if r["ticket_id"])


def lifecycle_on(world: World, acme: FakeHelpdesk) -> Lifecycle:
    return Lifecycle(
        world.repos.periods,
        world.repos.audit,
        world.repos.notices,
        world.repos.lifecycle,
        {"acme": acme},
        world.clock,
        world.notices,
        world.config.scheduler,
    )


def test_moves_to_one_replacement_go_in_one_bulk_call_and_are_kept_for_the_hand_back(
    world: World, vendor: Any
) -> None:
    period = anna(world, vendor)
    acme = fake_acme(world, open_ticket("101"), open_ticket("102"))
    moves = [PlannedMove(acme.tickets[t], BOB, "start: test") for t in ("101", "102")]
    counts = MoveCounts()
    refusals = mover(world).act(
        acme, period, plan_moves(moves, lambda m: m.target.id), "start", counts
    )
    assert acme.calls == [("bulk_reassign", ("101", "102"), "9002")]
    assert (counts.moved, counts.failed, refusals) == (2, 0, [])
    kept = world.repos.lifecycle.reroutes(period.id, open_only=True)
    assert sorted((r.ticket_id, r.to_agent, r.via) for r in kept) == [
        ("101", "9002", "start"),
        ("102", "9002", "start"),
    ]
    assert audited(world, period) == [("rerouted", "101", "9002"), ("rerouted", "102", "9002")]


def test_a_ticket_a_bulk_call_left_behind_is_read_again_and_moved_alone(
    world: World, vendor: Any
) -> None:
    period = anna(world, vendor)
    acme = fake_acme(world, open_ticket("101"), open_ticket("102"))
    acme.bulk_skips = {"102"}
    moves = [PlannedMove(acme.tickets[t], BOB, "sweep: test") for t in ("101", "102")]
    counts = MoveCounts()
    mover(world).act(acme, period, plan_moves(moves, lambda m: m.target.id), "sweep", counts)
    assert acme.calls == [
        ("bulk_reassign", ("101", "102"), "9002"),
        ("reassign", "102", "9002", False),
    ]
    assert counts.moved == 2
    assert acme.tickets["102"].assignee_id == "9002"


def test_a_refused_move_goes_to_the_fallback_agent_and_stays_on_the_hand_back_list(
    world: World, vendor: Any
) -> None:
    period = anna(world, vendor)
    acme = fake_acme(world, open_ticket("101"), fallback_agent="carol@example.com")
    acme.refuse = {"9002"}
    counts = MoveCounts()
    refusal = mover(world).move_one(
        acme, period, PlannedMove(acme.tickets["101"], BOB, "test"), "start", counts
    )
    assert refusal is not None
    assert refusal.recovery.outcome is AssignOutcome.FALLBACK
    assert acme.tickets["101"].assignee_id == "9003"
    assert counts.failed == 1
    kept = world.repos.lifecycle.reroutes(period.id, open_only=True)
    assert [(r.ticket_id, r.to_agent) for r in kept] == [("101", "9003")]
    assert audited(world, period) == [("not_assigned_fallback", "101", "9003")]


def test_a_webhook_refusal_becomes_the_events_typed_outcome() -> None:
    move = PlannedMove(open_ticket("101"), BOB, "test")
    error = PermanentVendorError("9002 may not own ticket 101", status=422)

    def outcome(kind: AssignOutcome, owner: str) -> Any:
        return Rerouter._refused(Refusal(move, error, Recovery(kind, owner, "why")))

    assert outcome(AssignOutcome.FALLBACK, "9003").outcome is Outcome.GIVEN_TO_FALLBACK
    assert outcome(AssignOutcome.CHANGED, "42").outcome is Outcome.SKIPPED
    with pytest.raises(PermanentVendorError):
        outcome(AssignOutcome.KEPT, "9001")  # back with the employee: a person must look


def test_the_start_move_lists_the_employees_open_tickets_and_moves_them_through_the_same_step(
    world: World, vendor: Any
) -> None:
    period = anna(world, vendor)
    acme = fake_acme(world, open_ticket("101"), open_ticket("102"), open_ticket("103", "77"))
    result = lifecycle_on(world, acme).start_move(period, NOW)
    assert (result["moved"], result["total"], result["failed"]) == (2, 2, 0)
    assert acme.calls == [("bulk_reassign", ("101", "102"), "9002")]
    assert acme.tickets["103"].assignee_id == "77"  # not the employee's


def test_the_hand_back_returns_the_moved_tickets_in_one_bulk_call_and_closes_their_reroutes(
    world: World, vendor: Any
) -> None:
    period = anna(world, vendor)
    acme = fake_acme(world, open_ticket("101"), open_ticket("102"))
    lifecycle = lifecycle_on(world, acme)
    lifecycle.start_move(period, NOW)
    acme.calls.clear()
    result = lifecycle.hand_back(world.repos.periods.get_period(period.id), NOW)
    assert (result["returned"], result["kept"], result["failed"]) == (2, 0, 0)
    assert acme.calls == [("bulk_reassign", ("101", "102"), "9001")]
    assert world.repos.lifecycle.reroutes(period.id, open_only=True) == []


def test_a_ticket_the_employee_cannot_take_back_stays_with_the_replacement_and_is_audited(
    world: World, vendor: Any
) -> None:
    period = anna(world, vendor)
    acme = fake_acme(world, open_ticket("101"))
    lifecycle = lifecycle_on(world, acme)
    lifecycle.start_move(period, NOW)
    acme.refuse = {"9001"}
    result = lifecycle.hand_back(world.repos.periods.get_period(period.id), NOW)
    assert (result["returned"], result["failed"]) == (0, 1)
    assert acme.tickets["101"].assignee_id == "9002"
    assert ("not_assigned_kept", "101", "9002") in audited(world, period)


# --- the HR outbox on fakes --------------------------------------------------------------


def hr_world(world: World, vendor: Any) -> tuple[Any, HrDispatcher, FakeHrTarget]:
    anna(world, vendor)
    hr = HrConfig(system="webhook")
    log = ContactLogService(
        world.repos.periods, world.helpdesks, world.clock, hr, world.repos.contact_log
    )
    entry = log.create(entry_data(), "lead")
    target = FakeHrTarget()
    dispatcher = HrDispatcher(
        world.repos.hr_outbox, world.repos.periods, target, world.config, hr, world.clock
    )
    return entry, dispatcher, target


def test_a_contact_entry_is_filed_in_the_hr_system_once_and_marked_sent(
    world: World, vendor: Any
) -> None:
    entry, dispatcher, target = hr_world(world, vendor)
    assert dispatcher.drain() == 1
    assert [d.entry.id for d in target.filed] == [entry.id]
    outbox = world.repos.contact_log.outbox(None)
    assert [(d["status"], d["remote_ref"]) for d in outbox] == [("sent", "hr-1")]
    assert dispatcher.drain() == 0


def test_an_hr_outage_puts_the_delivery_back_for_later_with_its_error(
    world: World, vendor: Any
) -> None:
    _entry, dispatcher, target = hr_world(world, vendor)
    target.outage = True
    assert dispatcher.drain() == 1
    [row] = world.repos.contact_log.outbox(None)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert "503" in row["last_error"]
    assert target.filed == []


def test_housekeeping_waits_half_a_minute_after_the_first_turn_then_runs_hourly(
    world: World, vendor: Any
) -> None:
    _entry, dispatcher, _target = hr_world(world, vendor)
    runs: list[dt.datetime] = []
    dispatcher.housekeeping = runs.append
    dispatcher.run_once()  # a (re)started process answers first
    world.clock.advance(seconds=29)
    dispatcher.run_once()
    assert runs == []
    world.clock.advance(seconds=1)
    dispatcher.run_once()
    assert runs == [world.clock()]
    world.clock.advance(minutes=59)
    dispatcher.run_once()
    assert len(runs) == 1
    world.clock.advance(minutes=1)
    dispatcher.run_once()
    assert runs[1:] == [world.clock()]
