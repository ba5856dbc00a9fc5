"""The service layer on in-memory repositories: no database, only the vendor's HTTP mocked.

The period, notice, template and contact-log stories that ``test_periods_api.py`` and
``test_contact_log_api.py`` tell through HTTP on both engines, told here to the services
themselves. The fakes are held to the real repositories by ``test_repositories_contract.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import responses

from connector.adapters.helpdesks.base import Customer
from connector.adapters.hr.config import parse_hr_config
from connector.adapters.http import RetryPolicy
from connector.domain.events import Agent
from connector.errors import ValidationFailed
from connector.services.contact_log import ContactLogService
from connector.services.notices import NoticeOutcome, NoticeService
from connector.services.periods import PeriodService
from connector.wiring import build_helpdesks
from tests.conftest import make_config
from tests.contact_log_support import entry_data
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
