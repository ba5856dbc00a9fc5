"""The period lifecycle against a local server per vendor (Freshdesk, HubSpot, Zammad, RT),
counting calls: the same story as tests/vendors/zendesk/test_lifecycle_zendesk.py, told for
each vendor.

Each ``Desk`` below wraps one fake server with the vendor's ids, how the start move is made
(its routes) and the fewest calls that vendor's API allows for it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

import pytest

from connector.adapters.lifecycle_store import LifecycleStore
from connector.config import parse_config
from connector.mapping import credential_keys
from connector.scheduler import Scheduler
from connector.wiring import Services
from tests.fake_freshdesk import FakeFreshdesk
from tests.fake_http import FakeVendor
from tests.fake_hubspot import FakeHubSpot
from tests.fake_rt import FakeRt
from tests.fake_zammad import FakeZammad
from tests.support import FakeClock, build_test_services

START = dt.datetime(2026, 11, 23, 23, 0, tzinfo=dt.UTC)  # 2026-11-24 00:00 Amsterdam
DESK = "desk"
PEOPLE = ("anna", "bob", "carla", "dora")  # employee, replacement, a colleague, the fallback


class Desk:
    """One vendor's fake server, its ids for the four people, and what its API allows."""

    vendor: str
    fake: FakeVendor
    #: The routes (method, route) that move tickets at the start, and the listing route.
    move_routes: tuple[tuple[str, str], ...]
    listing: tuple[str, str]
    other_group: str = "99"
    sends_retry_after = True

    def __init__(self) -> None:
        self.ids: dict[str, Any] = {}

    def config(self) -> dict[str, Any]:
        raise NotImplementedError

    def add(self, tid: int, who: str, *, solved: bool = False, other_group: bool = False) -> None:
        """An open ticket owned by ``who`` (or a solved one, or one in another group)."""
        raise NotImplementedError

    def owned_by(self, who: str) -> list[int]:
        return self.fake.owned_by(self.ids[who])

    def reassign_behind_our_back(self, tid: int, who: str) -> None:
        raise NotImplementedError

    def solve(self, tid: int) -> None:
        raise NotImplementedError

    def reply(self, tid: int, who: str, when: str, *, public: bool = True) -> None:
        raise NotImplementedError

    def minimum_start_calls(self, n: int) -> int:
        raise NotImplementedError

    def moves(self) -> int:
        return sum(self.fake.count(route, method) for method, route in self.move_routes)


class FreshdeskDesk(Desk):
    vendor = "freshdesk"
    fake: FakeFreshdesk
    move_routes = (("POST", "/api/v2/tickets/bulk_update"), ("GET", "/api/v2/jobs/{id}"))
    listing = ("GET", "/api/v2/search/tickets")

    def __init__(self) -> None:
        super().__init__()
        self.fake = fd = FakeFreshdesk()
        for n, name in enumerate(PEOPLE):
            self.ids[name] = 43000012345 + n
            fd.add_agent(self.ids[name], name.title(), f"{name}@example.com")

    def config(self) -> dict[str, Any]:
        return {"vendor": "freshdesk", "url": self.fake.url, "credentials": {"api_key": "k"}}

    def add(self, tid: int, who: str, *, solved: bool = False, other_group: bool = False) -> None:
        group = int(self.other_group) if other_group else 43000005678
        self.fake.add_ticket(tid, self.ids[who], status=4 if solved else 2, group_id=group)

    def reassign_behind_our_back(self, tid: int, who: str) -> None:
        self.fake.tickets[tid]["responder_id"] = self.ids[who]

    def solve(self, tid: int) -> None:
        self.fake.tickets[tid]["status"] = 4

    def reply(self, tid: int, who: str, when: str, *, public: bool = True) -> None:
        self.fake.reply(tid, self.ids[who], when, private=not public)

    def minimum_start_calls(self, n: int) -> int:
        # Search pages of 30 (fixed), then one bulk_update job per 100 and one poll of it;
        # and the employee's availability for automatic assignment (PUT /agents/{id}).
        return math.ceil(n / 30) + 2 * math.ceil(n / 100) + AVAILABILITY_CALLS[self.vendor]


class HubSpotDesk(Desk):
    vendor = "hubspot"
    fake: FakeHubSpot
    move_routes = (("POST", "/crm/v3/objects/tickets/batch/update"),)
    listing = ("POST", "/crm/v3/objects/tickets/search")
    sends_retry_after = False

    def __init__(self) -> None:
        super().__init__()
        self.fake = hs = FakeHubSpot()
        for n, name in enumerate(PEOPLE):
            self.ids[name] = 5730001 + n
            hs.add_owner(self.ids[name], name.title(), f"{name}@example.com", 9100001 + n)

    def config(self) -> dict[str, Any]:
        return {"vendor": "hubspot", "url": self.fake.url, "credentials": {"access_token": "t"}}

    def add(self, tid: int, who: str, *, solved: bool = False, other_group: bool = False) -> None:
        hs = self.fake
        team = self.other_group if other_group else "41001"
        hs.add_ticket(tid, self.ids[who], stage="4" if solved else "1", team=team)
        hs.add_thread(tid)

    def reassign_behind_our_back(self, tid: int, who: str) -> None:
        self.fake.tickets[tid]["properties"]["hubspot_owner_id"] = str(self.ids[who])

    def solve(self, tid: int) -> None:
        self.fake.tickets[tid]["properties"]["hs_pipeline_stage"] = "4"

    def reply(self, tid: int, who: str, when: str, *, public: bool = True) -> None:
        hs = self.fake
        user = hs.owners[self.ids[who]]["userId"]
        if public:
            hs.message(8123400000 + tid, f"A-{user}", when)
        else:
            hs.messages[8123400000 + tid].append(
                {"type": "COMMENT", "senders": [{"actorId": f"A-{user}"}], "createdAt": when}
            )

    def minimum_start_calls(self, n: int) -> int:
        # The ticket pipelines once (which stages are closed), search pages of 200, then one
        # batch update per 100 tickets; and the employee's availability (owner → user → CRM
        # user record → PATCH).
        return 1 + math.ceil(n / 200) + math.ceil(n / 100) + AVAILABILITY_CALLS[self.vendor]


class ZammadDesk(Desk):
    vendor = "zammad"
    fake: FakeZammad
    move_routes = (("PUT", "/api/v1/tickets/{id}"),)
    listing = ("GET", "/api/v1/tickets/search")
    other_group = "4"

    def __init__(self) -> None:
        super().__init__()
        self.fake = zd = FakeZammad()
        for n, name in enumerate(PEOPLE):
            self.ids[name] = 4 + n
            zd.add_user(self.ids[name], name.title(), f"{name}@example.com")

    def config(self) -> dict[str, Any]:
        return {"vendor": "zammad", "url": self.fake.url, "credentials": {"api_token": "t"}}

    def add(self, tid: int, who: str, *, solved: bool = False, other_group: bool = False) -> None:
        group = int(self.other_group) if other_group else 3
        self.fake.add_ticket(
            tid, self.ids[who], state="closed" if solved else "open", group_id=group
        )

    def reassign_behind_our_back(self, tid: int, who: str) -> None:
        self.fake.tickets[tid]["owner_id"] = self.ids[who]

    def solve(self, tid: int) -> None:
        self.fake.tickets[tid]["state"] = "closed"

    def reply(self, tid: int, who: str, when: str, *, public: bool = True) -> None:
        self.fake.article(tid, self.ids[who], when, internal=not public)

    def minimum_start_calls(self, n: int) -> int:
        # Search pages of 100 (read until a short one), the tags of each ticket (Zammad keeps
        # them outside the ticket; the keep-tag needs them), and one PUT per ticket: Zammad's
        # REST API has no bulk update; and the employee's out-of-office (PUT /users/{id}).
        return (n // 100 + 1) + n + n + AVAILABILITY_CALLS[self.vendor]


class RtDesk(Desk):
    vendor = "rt"
    fake: FakeRt
    move_routes = (("PUT", "/rt/REST/2.0/tickets/bulk"),)
    listing = ("GET", "/rt/REST/2.0/tickets")
    other_group = "7"

    def __init__(self) -> None:
        super().__init__()
        self.fake = rt = FakeRt()
        for name in PEOPLE:
            self.ids[name] = name
            rt.add_user(name, name.title(), f"{name}@example.com")

    def config(self) -> dict[str, Any]:
        return {
            "vendor": "rt",
            "url": self.fake.rt_url,
            "credentials": {"user": "standin", "password": "pw"},
        }

    def add(self, tid: int, who: str, *, solved: bool = False, other_group: bool = False) -> None:
        queue = self.other_group if other_group else "3"
        self.fake.add_ticket(
            tid, self.ids[who], Status="resolved" if solved else "open", Queue=queue
        )

    def reassign_behind_our_back(self, tid: int, who: str) -> None:
        self.fake.tickets[tid]["Owner"] = self.ids[who]

    def solve(self, tid: int) -> None:
        self.fake.tickets[tid]["Status"] = "resolved"

    def reply(self, tid: int, who: str, when: str, *, public: bool = True) -> None:
        kind = "Correspond" if public else "Comment"
        self.fake.transaction(tid, kind, self.ids[who], when)

    def minimum_start_calls(self, n: int) -> int:
        # Search pages of 100 (next_page absent on the last), then PUT /tickets/bulk per 100.
        return math.ceil(n / 100) + math.ceil(n / 100)


DESKS = {d.vendor: d for d in (FreshdeskDesk, HubSpotDesk, ZammadDesk, RtDesk)}
#: Calls that tell the helpdesk the employee is away, once at the start (README table).
AVAILABILITY_CALLS = {"freshdesk": 1, "hubspot": 3, "zammad": 1, "rt": 0}


@pytest.fixture(params=sorted(DESKS))
def desk(request: pytest.FixtureRequest) -> Iterator[Desk]:
    d = DESKS[request.param]()
    d.fake.start()
    yield d
    d.fake.stop()


def services_for(
    db_url: str, clock: FakeClock, sleeps: Any, desk: Desk, fallback: bool = True
) -> Services:
    """Services for one fake helpdesk under the key ``desk``, with Dora as the fallback."""
    helpdesk = {
        **desk.config(),
        "webhook_secrets": ["whsec_c3RhbmRpbi1ydC10ZXN0LXNlY3JldC0zMmJ5dGVzISE="],
        "timezone": "Europe/Amsterdam",
        "locale": "nl",
        "rate_limit_per_minute": 100_000,
    }
    if fallback:
        helpdesk["fallback_agent"] = "dora@example.com"
    config = parse_config(
        {"database_url": db_url, "helpdesks": {DESK: helpdesk}},
        credential_keys=credential_keys(),
    )
    services: Services = build_test_services(config, clock, sleeps)
    if hasattr(services.helpdesks[DESK], "clock"):
        services.helpdesks[DESK].clock = clock
    return services


@pytest.fixture
def svc(db_url: str, clock: FakeClock, sleeps: Any, desk: Desk) -> Iterator[Services]:
    services = services_for(db_url, clock, sleeps, desk)
    yield services
    services.store.engine.dispose()


def new_period(svc: Services, **changes: Any) -> Any:
    data = {
        "helpdesk": DESK,
        "employee": "anna@example.com",
        "replacement": "bob@example.com",
        "starts_at": "2026-11-24",
        "ends_at": "2026-12-31",
        "notice": {"at_start": False},
    } | changes
    return svc.periods.create(data, "token:lead")


def tick_at(svc: Services, clock: FakeClock, when: dt.datetime) -> list[str]:
    clock.now = when
    return Scheduler(svc, owner="test").tick(when)


def test_the_start_moves_all_250_open_tickets_with_the_fewest_calls_the_api_allows(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    n = 250
    for tid in range(1, n + 1):
        desk.add(tid, "anna")
    desk.add(500, "anna", solved=True)
    desk.add(501, "carla")
    period = new_period(svc)
    desk.fake.calls.clear()

    (line,) = tick_at(svc, clock, START)

    assert line.startswith(f"period {period.id}: start: ")
    assert desk.owned_by("bob") == list(range(1, n + 1))  # all moved, none lost
    assert desk.owned_by("carla") == [501]
    assert all(c.status < 400 for c in desk.fake.calls)
    assert len(desk.fake.calls) == desk.minimum_start_calls(n)
    rows = LifecycleStore(svc.store).reroutes(period.id)
    assert len(rows) == n and {r.to_agent for r in rows} == {str(desk.ids["bob"])}
    state = svc.periods.get(period.id).state["start_move"]
    assert (state["status"], state["total"], state["moved"], state["failed"]) == (
        "done",
        n,
        n,
        0,
    )


def test_tickets_out_of_scope_stay_with_the_employee_and_say_why(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    desk.add(1, "anna")
    desk.add(2, "anna", other_group=True)
    new_period(svc, scope={"exclude": [{"groups": [desk.other_group]}]})
    tick_at(svc, clock, START)
    assert desk.owned_by("bob") == [1]
    assert desk.owned_by("anna") == [2]
    (skipped,) = [a for a in svc.repositories.audit.audit_records(None) if a["action"] == "skipped"]
    assert skipped["ticket_id"] == "2"
    assert skipped["reason"] == (
        f"start: out of the period's scope (excluded: groups {desk.other_group})"
    )


def test_a_429_on_the_move_is_waited_out_and_nothing_is_lost(
    svc: Services, clock: FakeClock, desk: Desk, sleeps: Any
) -> None:
    for tid in (1, 2, 3):
        desk.add(tid, "anna")
    new_period(svc)
    refused: list[int] = []
    move = desk.move_routes[0]

    def first_move_refused(n: int, route: str) -> float | None:
        if route == move[1] and not refused:
            refused.append(n)
            return 7.0
        return None

    desk.fake.fail_at = first_move_refused
    desk.fake.calls.clear()
    tick_at(svc, clock, START)
    assert desk.owned_by("bob") == [1, 2, 3]
    statuses = [c.status for c in desk.fake.calls if (c.method, c.route) == move]
    assert statuses[0] == 429 and 200 <= statuses[1] < 300  # Freshdesk's job: 202
    if desk.sends_retry_after:
        assert 7.0 in sleeps.calls
    else:  # HubSpot sends no Retry-After: the client backs off on its own
        assert sleeps.calls and 7.0 not in sleeps.calls


def test_a_burst_of_429s_on_the_listing_is_honoured(
    svc: Services, clock: FakeClock, desk: Desk, sleeps: Any
) -> None:
    desk.add(1, "anna")
    new_period(svc)
    burst = [0]

    def two_refusals(n: int, route: str) -> float | None:
        if route == desk.listing[1] and burst[0] < 2:
            burst[0] += 1
            return 2.0
        return None

    desk.fake.fail_at = two_refusals
    tick_at(svc, clock, START)
    assert desk.owned_by("bob") == [1]
    listing = [c.status for c in desk.fake.calls if (c.method, c.route) == desk.listing]
    assert listing == [429, 429, 200]
    if desk.sends_retry_after:
        assert sleeps.calls.count(2.0) == 2


def test_the_sweep_is_one_listing_when_nothing_changed_and_fixes_a_ticket_given_behind_our_back(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    desk.add(1, "anna")
    desk.add(2, "carla")
    period = new_period(svc)
    tick_at(svc, clock, START)
    desk.fake.calls.clear()
    (line,) = tick_at(svc, clock, START + dt.timedelta(seconds=900))
    assert "sweep" in line
    assert [(c.method, c.route) for c in desk.fake.calls] == [desk.listing]
    desk.reassign_behind_our_back(2, "anna")  # the webhook for this got lost
    desk.fake.calls.clear()
    tick_at(svc, clock, START + dt.timedelta(seconds=1800))
    assert desk.owned_by("bob") == [1, 2]
    vias = {r.ticket_id: r.via for r in LifecycleStore(svc.store).reroutes(period.id)}
    assert vias == {"1": "start", "2": "sweep"}
    assert desk.moves() >= 1


def test_at_the_end_rerouted_open_tickets_go_back_after_a_re_read(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    for tid in (1, 2, 3, 4):
        desk.add(tid, "anna")
    period = new_period(svc)
    tick_at(svc, clock, START)
    desk.solve(2)
    desk.reassign_behind_our_back(3, "carla")
    desk.add(9, "bob")  # Bob's own ticket: never ours to give away
    tick_at(svc, clock, period.ends_at)
    assert desk.owned_by("anna") == [1, 4]
    assert desk.owned_by("bob") == [9] and desk.owned_by("carla") == [3]
    outcomes = {r.ticket_id: r.outcome for r in LifecycleStore(svc.store).reroutes(period.id)}
    assert outcomes == {
        "1": "returned",
        "2": outcomes["2"],
        "3": "kept: no longer with the replacement",
        "4": "returned",
    }
    assert str(outcomes["2"]).startswith("kept: ")  # solved, in the vendor's own words
    assert svc.periods.get(period.id).state["handback_result"]["returned"] == 2


def test_untouched_only_keeps_the_tickets_the_replacement_answered(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    for tid in (1, 2, 3):
        desk.add(tid, "anna")
    period = new_period(svc, handback={"policy": "untouched_only"})
    tick_at(svc, clock, START)
    desk.reply(1, "bob", "2026-11-25T10:00:00Z")  # answered the customer
    desk.reply(2, "bob", "2026-11-25T10:00:00Z", public=False)  # only an internal note
    desk.reply(3, "carla", "2026-11-25T10:00:00Z")  # somebody else answered
    svc.periods.end(period.id, "token:lead")
    tick_at(svc, clock, clock())
    assert desk.owned_by("bob") == [1]
    assert desk.owned_by("anna") == [2, 3]
    outcomes = {r.ticket_id: r.outcome for r in LifecycleStore(svc.store).reroutes(period.id)}
    assert outcomes["1"] == "kept: the replacement has replied to the customer"
    assert not [
        a for a in svc.repositories.audit.audit_records(None) if a["action"] == "handback_fallback"
    ]


@pytest.mark.parametrize("desk", ["freshdesk"], indirect=True)
def test_freshdesk_beyond_its_300_result_search_cap_lists_again_and_loses_nothing(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    for tid in range(1, 321):
        desk.add(tid, "anna")
    new_period(svc)
    desk.fake.calls.clear()
    tick_at(svc, clock, START)
    assert desk.owned_by("bob") == list(range(1, 321))
    # 10 full pages (the cap), 3 jobs + 3 polls; listed again: 1 page of 20, 1 job + 1 poll.
    assert desk.fake.count(*reversed(desk.listing)) == 11
    assert len(desk.fake.calls) == 10 + 6 + 1 + 2 + AVAILABILITY_CALLS["freshdesk"]


@pytest.mark.parametrize("desk", ["hubspot"], indirect=True)
def test_a_hubspot_ticket_without_a_conversation_falls_back_to_rerouted_open_visibly(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    assert isinstance(desk.fake, FakeHubSpot)
    hs = desk.fake
    desk.add(1, "anna")
    desk.add(2, "anna")
    del hs.threads[8123400002]  # created by hand: no conversation, no reply history
    period = new_period(svc, handback={"policy": "untouched_only"})
    tick_at(svc, clock, START)
    desk.reply(1, "bob", "2026-11-25T10:00:00Z")
    svc.periods.end(period.id, "token:lead")
    tick_at(svc, clock, clock())
    assert desk.owned_by("bob") == [1] and desk.owned_by("anna") == [2]
    (fallback,) = [
        a for a in svc.repositories.audit.audit_records(None) if a["action"] == "handback_fallback"
    ]
    assert fallback["ticket_id"] == "2"
    assert fallback["reason"] == (
        "untouched_only: hubspot cannot tell whether the replacement replied on this ticket, "
        "so it is handed back by the rerouted_open rule"
    )


@pytest.mark.parametrize("desk", ["freshdesk"], indirect=True)
def test_a_freshdesk_bulk_job_without_per_ticket_results_is_re_read_before_counting_moves(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    fake: Any = desk.fake
    for tid in range(1, 151):
        desk.add(tid, "anna")
    fake.job_results = False  # the job says "completed" and nothing more
    fake.job_skips = {7, 120}  # ... and silently left these two as they were
    period = new_period(svc)
    desk.fake.calls.clear()
    tick_at(svc, clock, START)
    state = svc.periods.get(period.id).state["start_move"]
    # The re-read found the two the job left; they were then moved one by one.
    assert (state["moved"], state["failed"]) == (150, 0)
    assert desk.owned_by("bob") == list(range(1, 151))
    assert desk.fake.count("/api/v2/tickets/{id}", "PUT") == 2
    # The re-read is a list of what changed (100 a page, newest first), not one read per
    # ticket: 1 page after the first job; 2 after the second (it sees the first job's too).
    assert desk.fake.count("/api/v2/tickets", "GET") == 3


@pytest.mark.parametrize("desk", ["hubspot"], indirect=True)
@pytest.mark.parametrize(
    "failure",
    [
        (503, {"status": "error", "message": "Service unavailable", "category": "UNAVAILABLE"}),
        (
            403,
            {
                "status": "error",
                "message": "This app hasn't been granted all required scopes to make this call.",
                "category": "MISSING_SCOPES",
            },
        ),
    ],
    ids=["outage", "refused"],
)
def test_a_hubspot_hand_back_of_many_tickets_goes_on_when_one_look_up_fails(
    svc: Services, clock: FakeClock, desk: Desk, failure: tuple[int, dict[str, str]]
) -> None:
    """Listing a contact's threads carries threadStatus (HubSpot refuses it without), and one
    ticket whose replies cannot be read falls back to rerouted_open, audited; the rest go on."""
    assert isinstance(desk.fake, FakeHubSpot)
    hs = desk.fake
    for tid in range(1, 7):
        desk.add(tid, "anna")
    period = new_period(svc, handback={"policy": "untouched_only"})
    tick_at(svc, clock, START)
    desk.reply(1, "bob", "2026-11-25T10:00:00Z")
    status, body = failure
    hs.failing["/conversations/v3/conversations/threads/8123400004/messages"] = (status, body, {})
    svc.periods.end(period.id, "token:lead")
    tick_at(svc, clock, clock())
    assert desk.owned_by("bob") == [1]
    assert desk.owned_by("anna") == [2, 3, 4, 5, 6]
    fallbacks = [
        a for a in svc.repositories.audit.audit_records(None) if a["action"] == "handback_fallback"
    ]
    assert [a["ticket_id"] for a in fallbacks] == ["4"]
    result = svc.periods.get(period.id).state["handback_result"]
    assert (result["returned"], result["kept"], result["failed"]) == (5, 1, 0)
    assert hs.refused == []  # every request as HubSpot's published documents say


@pytest.mark.parametrize("desk", ["hubspot"], indirect=True)
def test_a_ticket_hubspot_cannot_serve_at_the_end_stays_visibly_and_the_others_go_back(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    assert isinstance(desk.fake, FakeHubSpot)
    hs = desk.fake
    for tid in (1, 2, 3):
        desk.add(tid, "anna")
    period = new_period(svc)
    tick_at(svc, clock, START)
    outage = {"status": "error", "message": "Service unavailable", "category": "UNAVAILABLE"}
    hs.failing["/crm/v3/objects/tickets/2"] = (503, outage, {})
    svc.periods.end(period.id, "token:lead")
    tick_at(svc, clock, clock())
    assert desk.owned_by("anna") == [1, 3] and desk.owned_by("bob") == [2]
    (failed,) = [
        a for a in svc.repositories.audit.audit_records(None) if a["action"] == "handback_failed"
    ]
    assert failed["ticket_id"] == "2" and failed["vendor_status"] == 503
    assert failed["reason"].startswith("hand-back: a look-up for this ticket failed (hubspot: ")
    result = svc.periods.get(period.id).state["handback_result"]
    assert (result["returned"], result["failed"]) == (2, 1)
