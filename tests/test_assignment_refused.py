"""A ticket the replacement cannot take is never left unowned, on all five helpdesks.

Each helpdesk refuses in its own way, and each local fake server enforces that rule: Zammad
answers 200 and sets owner 1 (nobody) when the new owner lacks full access to the ticket's
group; Zendesk 422s an assignee outside the ticket's group; Freshdesk 400s a responder outside
the ticket's group; HubSpot 400s an owner that is not one of its active owners; RT answers
200 "That user may not own tickets in that queue". Whatever the path (start move in bulk,
one-by-one with a notice, a webhook), such a ticket goes to the fallback agent, or stays with
(goes back to) the employee — counted as failed and audited with the outcome.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from connector.adapters.helpdesks.base import WebhookRequest
from connector.wiring import Services
from connector.worker import Worker
from tests.fake_zendesk import FakeZendesk
from tests.support import FakeClock, fixture_bytes, fixture_json
from tests.test_lifecycle_vendors import (
    DESK,
    DESKS,
    START,
    Desk,
    FreshdeskDesk,
    HubSpotDesk,
    RtDesk,
    ZammadDesk,
    new_period,
    services_for,
    tick_at,
)


class ZendeskDesk(Desk):
    vendor = "zendesk"
    fake: Any

    def __init__(self) -> None:
        super().__init__()
        self.fake = zd = FakeZendesk()
        for n, name in enumerate(("anna", "bob", "carla", "dora")):
            self.ids[name] = 9001 + n
            zd.add_user(self.ids[name], name.title(), f"{name}@example.com")
        zd.add_user(7001, "Noor Jansen", "customer@example.org", "end-user")

    def start(self) -> None:
        self.fake.start()

    def config(self) -> dict[str, Any]:
        return {
            "vendor": "zendesk",
            "url": self.fake.url,
            "credentials": {"email": "ops@acme.example", "api_token": "t"},
        }

    def add(self, tid: int, who: str, *, solved: bool = False, other_group: bool = False) -> None:
        self.fake.add_ticket(tid, self.ids[who], status="solved" if solved else "open")


def cannot_take(desk: Desk, who: str) -> None:
    """Take away what ``who`` needs to own the employee's tickets, the vendor's own way."""
    fake: Any = desk.fake
    if isinstance(desk, ZammadDesk):
        fake.users[desk.ids[who]]["group_ids"] = {}  # no "full" access to group 3
    elif isinstance(desk, ZendeskDesk):
        fake.memberships[desk.ids[who]] = []  # in no group at all
    elif isinstance(desk, FreshdeskDesk):
        fake.agents[desk.ids[who]]["group_ids"] = []  # in no group at all
    elif isinstance(desk, HubSpotDesk):
        fake.owners[desk.ids[who]]["archived"] = True  # deactivated: no longer an owner
    elif isinstance(desk, RtDesk):
        fake.users[who]["own_queues"] = []  # OwnTicket on no queue
    else:  # pragma: no cover
        raise AssertionError(desk.vendor)


def webhook(desk: Desk, tid: int) -> tuple[dict[str, str], bytes]:
    """The vendor's own "ticket created, owned by the employee" delivery for ticket ``tid``."""
    if isinstance(desk, ZendeskDesk):
        body = json.loads(fixture_bytes("zendesk", "ticket_created.json"))
        body["detail"].update(id=str(tid), assignee_id=str(desk.ids["anna"]), group_id="360001")
        body["subject"] = f"zen:ticket:{tid}"
        return {"content-type": "application/json"}, json.dumps(body).encode()
    if isinstance(desk, ZammadDesk):
        name = "ticket_created_owner_employee"
        body = fixture_json("zammad", f"{name}.json")
        body["ticket"].update(id=tid, owner_id=desk.ids["anna"], group_id=3)
    elif isinstance(desk, FreshdeskDesk):
        name = "ticket_created_agent_employee"
        body = fixture_json("freshdesk", f"{name}.json")
        body["ticket"]["id"] = str(tid)
    elif isinstance(desk, HubSpotDesk):
        name = "ticket_created_owner_employee"
        body = fixture_json("hubspot", f"{name}.json")[:1]  # ticket.creation
        for event in body:
            event["objectId"] = tid
    else:
        body = fixture_json("rt", "ticket_created_for_employee.json")
        body["ticket"]["id"] = tid
        body["transaction"].update(creator="carla", creator_id=40)  # not the connector itself
        return {"content-type": "application/json", "webhook-id": f"rt-{tid}"}, json.dumps(
            body
        ).encode()
    raw = fixture_json(desk.vendor, f"{name}.headers.json")
    headers = {k.lower(): str(v) for k, v in raw.items() if not k.startswith("_")}
    return headers, json.dumps(body).encode()


ALL = {**DESKS, "zendesk": ZendeskDesk}


@pytest.fixture(params=sorted(ALL))
def desk(request: pytest.FixtureRequest) -> Iterator[Desk]:
    d = ALL[request.param]()
    d.fake.start()
    yield d
    d.fake.stop()


@pytest.fixture
def svc(db_url: str, clock: FakeClock, sleeps: Any, desk: Desk) -> Iterator[Services]:
    services = services_for(db_url, clock, sleeps, desk, fallback=True)
    yield services
    services.store.engine.dispose()


@pytest.fixture
def svc_no_fallback(db_url: str, clock: FakeClock, sleeps: Any, desk: Desk) -> Iterator[Services]:
    services = services_for(db_url, clock, sleeps, desk, fallback=False)
    yield services
    services.store.engine.dispose()


def actions(svc: Services, action: str) -> list[dict[str, Any]]:
    return [
        r for r in svc.repositories.audit.audit_records(None, limit=1000) if r["action"] == action
    ]


def deliver(svc: Services, desk: Desk, tid: int, clock: FakeClock) -> None:
    adapter = svc.helpdesks[DESK]
    headers, body = webhook(desk, tid)
    req = WebhookRequest("POST", f"https://standin.example.com/webhooks/{DESK}", headers, body)
    events = adapter.split(req, adapter.parse(req))
    rows = [(e.dedup_key, e.event_type, e.payload) for e in events]
    svc.store.add_events(DESK, rows, clock.now)
    Worker(svc, "test-worker").drain()


def test_at_the_start_tickets_the_replacement_cannot_take_go_to_the_fallback_agent_as_failed(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    for tid in range(1, 6):
        desk.add(tid, "anna")
    period = new_period(svc)
    cannot_take(desk, "bob")

    tick_at(svc, clock, START)

    assert desk.owned_by("dora") == [1, 2, 3, 4, 5]  # nobody's ticket is left unowned
    assert desk.owned_by("bob") == []
    progress = svc.periods.get(period.id).state["start_move"]
    assert (progress["moved"], progress["failed"], progress["skipped"]) == (0, 5, 0)
    rows = actions(svc, "not_assigned_fallback")
    assert sorted(int(r["ticket_id"]) for r in rows) == [1, 2, 3, 4, 5]
    assert all(r["to_agent"] == str(desk.ids["dora"]) for r in rows)
    assert "bob@example.com cannot take this ticket" in rows[0]["reason"]
    assert not actions(svc, "skipped")


def test_without_a_fallback_agent_they_stay_with_the_employee_never_with_nobody(
    svc_no_fallback: Services, clock: FakeClock, desk: Desk
) -> None:
    svc = svc_no_fallback
    for tid in range(1, 4):
        desk.add(tid, "anna")
    period = new_period(svc)
    cannot_take(desk, "bob")

    tick_at(svc, clock, START)

    assert desk.owned_by("anna") == [1, 2, 3]
    progress = svc.periods.get(period.id).state["start_move"]
    assert (progress["moved"], progress["failed"], progress["skipped"]) == (0, 3, 0)
    rows = actions(svc, "not_assigned_kept")
    assert sorted(int(r["ticket_id"]) for r in rows) == [1, 2, 3]
    assert all(r["to_agent"] == str(desk.ids["anna"]) for r in rows)
    assert "it stays with anna@example.com" in rows[0]["reason"]


def test_a_ticket_moved_alone_with_its_notice_is_not_lost_either_and_no_notice_is_sent(
    svc_no_fallback: Services, clock: FakeClock, desk: Desk
) -> None:
    svc = svc_no_fallback
    desk.add(1, "anna")
    period = new_period(svc, notice={"at_start": True})
    cannot_take(desk, "bob")

    tick_at(svc, clock, START)

    assert desk.owned_by("anna") == [1]
    progress = svc.periods.get(period.id).state["start_move"]
    assert progress["failed"] == 1 and progress["moved"] == 0
    assert [r["ticket_id"] for r in actions(svc, "not_assigned_kept")] == ["1"]
    assert not any(c.method == "POST" and "note" not in c.route for c in _posts(desk))


def _internal(call: Any) -> bool:
    """An internal note (the team lead's notification), in any vendor's shape."""
    body = call.body if isinstance(call.body, dict) else {}
    comment = body.get("comment") if isinstance(body.get("comment"), dict) else {}
    return (
        body.get("internal") is True
        or body.get("private") is True
        or body.get("public") is False
        or comment.get("public") is False
    )


def _posts(desk: Desk) -> list[Any]:
    """Customer-facing POSTs (replies, articles, messages) the fake received; internal notes
    to the team lead are not customer-facing."""
    words = ("reply", "ticket_articles", "messages", "correspond", "comments")
    return [
        c
        for c in desk.fake.calls
        if c.method == "POST" and any(w in c.route for w in words) and not _internal(c)
    ]


def test_a_webhook_for_a_ticket_the_replacement_cannot_take_gives_it_to_the_fallback_agent(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    new_period(svc)
    clock.now = START + dt.timedelta(hours=1)
    tick_at(svc, clock, clock.now)  # the (empty) start move
    cannot_take(desk, "bob")
    desk.add(41, "anna")

    deliver(svc, desk, 41, clock)

    assert desk.owned_by("dora") == [41]
    [row] = actions(svc, "not_assigned_fallback")
    assert row["ticket_id"] == "41" and row["event_id"] is not None
    assert not svc.store.dead_events(None)


def test_a_webhook_without_a_fallback_keeps_the_ticket_with_the_employee_and_dead_letters_it(
    svc_no_fallback: Services, clock: FakeClock, desk: Desk
) -> None:
    svc = svc_no_fallback
    new_period(svc)
    clock.now = START + dt.timedelta(hours=1)
    tick_at(svc, clock, clock.now)
    cannot_take(desk, "bob")
    desk.add(41, "anna")

    deliver(svc, desk, 41, clock)

    assert desk.owned_by("anna") == [41]
    [row] = actions(svc, "not_assigned_kept")
    assert row["ticket_id"] == "41" and row["to_agent"] == str(desk.ids["anna"])
    [dead] = svc.store.dead_events(None)
    assert "cannot take this ticket" in dead["last_error"]
    assert not _posts(desk)  # no notice naming someone who does not have the ticket


END = dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)  # the period's end: 2027-01-01 00:00 local


def test_at_the_end_a_ticket_the_employee_cannot_take_back_stays_with_the_replacement(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    desk.add(1, "anna")
    period = new_period(svc)
    tick_at(svc, clock, START)
    assert desk.owned_by("bob") == [1]
    cannot_take(desk, "anna")

    tick_at(svc, clock, END)

    assert desk.owned_by("bob") == [1]  # never with nobody, not with the fallback either
    result = svc.periods.get(period.id).state["handback_result"]
    assert (result["returned"], result["failed"]) == (0, 1)
    [row] = actions(svc, "not_assigned_kept")
    assert row["ticket_id"] == "1" and row["to_agent"] == str(desk.ids["bob"])
    assert row["reason"].startswith("hand-back: anna@example.com cannot take this ticket")


def test_a_new_replacement_who_cannot_take_the_tickets_sends_them_to_the_fallback_agent(
    svc: Services, clock: FakeClock, desk: Desk
) -> None:
    desk.add(1, "anna")
    period = new_period(svc)
    tick_at(svc, clock, START)
    later = START + dt.timedelta(days=2)
    clock.now = later
    svc.periods.update(period.id, {"replacement": "carla@example.com"}, "token:lead")
    cannot_take(desk, "carla")  # after the change (HubSpot: a deactivated owner)

    tick_at(svc, clock, later)

    assert desk.owned_by("dora") == [1]
    [row] = actions(svc, "not_assigned_fallback")
    assert row["ticket_id"] == "1" and "carla@example.com cannot take" in row["reason"]


@pytest.mark.parametrize("desk", ["zammad"], indirect=True)
def test_when_the_ticket_cannot_even_be_read_after_a_refusal_a_person_is_told_at_once(
    svc_no_fallback: Services, clock: FakeClock, desk: Desk
) -> None:
    svc = svc_no_fallback
    new_period(svc)
    clock.now = START + dt.timedelta(hours=1)
    tick_at(svc, clock, clock.now)
    cannot_take(desk, "bob")
    desk.add(41, "anna")
    hits = {"n": 0}

    def after_the_put(number: int, route: str) -> float | None:
        if route != "/api/v1/tickets/{id}":
            return None
        hits["n"] += 1
        return 0.01 if hits["n"] > 2 else None  # the read and the PUT pass; re-reads are 429

    desk.fake.fail_at = after_the_put

    deliver(svc, desk, 41, clock)

    [row] = actions(svc, "not_assigned_unowned")
    assert "checking the ticket failed" in row["reason"]
    [dead] = svc.store.dead_events(None)
    assert "nobody else could be given it" in dead["last_error"]
