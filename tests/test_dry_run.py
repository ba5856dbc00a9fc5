"""The dry run: what the start of a period would do — counted, per ticket, per customer
language, with the replacement check — and that it writes nothing, to the vendor or the
database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import inspect, text

from connector.domain.dry_run import NoticeFate, TicketPreview, notice_fate, summarize
from connector.domain.moves import Move
from connector.web import create_app
from connector.web.i18n import COOKIE
from connector.wiring import Services
from tests.conftest import make_config
from tests.fake_zendesk import FakeZendesk
from tests.support import FakeClock, build_test_services
from tests.test_lifecycle_vendors import (
    START,
    FreshdeskDesk,
    ZammadDesk,
    new_period,
    services_for,
    tick_at,
)
from tests.test_ui import csrf_of, sign_in
from tests.zendesk_api import BASE as ZBASE

ANNA, BOB, CARLA, DORA = 9001, 9002, 9003, 9004
BODY = {
    "helpdesk": "acme",
    "employee": "anna@example.com",
    "replacement": "bob@example.com",
    "starts_at": "2026-11-24",
    "ends_at": "2026-12-31",
}


# -- the pure decision -----------------------------------------------------------------------
def test_a_customer_already_told_in_this_run_is_not_told_again() -> None:
    fate = notice_fate(
        moves=True,
        notify=True,
        customer_id="7",
        is_end_user=True,
        key="customer:7",
        told={"customer:7"},
    )
    assert fate is NoticeFate.ALREADY_TOLD


def test_a_kept_ticket_tells_nobody_and_an_agent_requester_is_not_a_customer() -> None:
    common = {"notify": True, "customer_id": "7", "key": "customer:7", "told": set()}
    assert notice_fate(moves=False, is_end_user=True, **common) is NoticeFate.NOT_MOVED
    assert notice_fate(moves=True, is_end_user=False, **common) is NoticeFate.NOT_A_CUSTOMER
    assert notice_fate(moves=True, is_end_user=True, **common) is NoticeFate.SEND


def test_the_summary_counts_everything_but_lists_only_up_to_the_cap() -> None:
    previews = [
        TicketPreview(str(n), Move.REROUTE, "r", "2", "c", NoticeFate.SEND, "nl") for n in range(3)
    ] + [TicketPreview("9", Move.SKIP, "keep-tag"), TicketPreview("10", Move.NO_FALLBACK, "x")]
    s = summarize(previews, cap=2)
    assert (s.total, s.moved, s.kept, s.unassignable) == (5, 3, 1, 1)
    assert s.customers_by_lang == {"nl": 3}
    assert [t.ticket_id for t in s.tickets] == ["0", "1"]


# -- through the API, Zendesk ------------------------------------------------------------------
@pytest.fixture
def zd() -> Iterator[FakeZendesk]:
    fake = FakeZendesk()
    fake.start()
    for uid, name in ((ANNA, "Anna de Vries"), (BOB, "Bob Jansen"), (CARLA, "Carla Peeters")):
        fake.add_user(uid, name, f"{name.split()[0].lower()}@example.com")
    fake.add_user(DORA, "Dora Fallback", "dora@example.com")
    fake.add_user(7001, "Customer 7001", "c7001@example.org", "end-user", "nl")
    fake.add_user(7002, "Customer 7002", "c7002@example.org", "end-user", "fr")
    yield fake
    fake.stop()


@pytest.fixture
def zsvc(db_url: str, clock: FakeClock, sleeps: Any, zd: FakeZendesk) -> Iterator[Services]:
    config = make_config(db_url, url=zd.url, fallback_agent="dora@example.com")
    services = build_test_services(config, clock, sleeps)
    yield services
    services.store.engine.dispose()


def _rows(svc: Services) -> dict[str, int]:
    """Row counts of every table."""
    with svc.store.engine.connect() as conn:
        names = inspect(conn).get_table_names()
        return {
            t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()  # noqa: S608
            for t in names
        }


def _token(svc: Services, clock: FakeClock) -> dict[str, str]:
    token = svc.repositories.tokens.create_token("lead", "team_lead", clock())
    return {"Authorization": f"Bearer {token}"}


def test_zendesk_dry_run_counts_moves_keeps_and_customers_by_language_and_writes_nothing(
    zsvc: Services, zd: FakeZendesk, clock: FakeClock
) -> None:
    zd.add_ticket(1, ANNA, requester_id=7001)
    zd.add_ticket(2, ANNA, requester_id=7001)
    zd.add_ticket(3, ANNA, requester_id=7002)
    zd.add_ticket(4, ANNA, requester_id=7002, tags=["standin_keep"])
    zd.add_ticket(5, CARLA, requester_id=7001)
    client = create_app(services=zsvc, TESTING=True).test_client()
    headers = _token(zsvc, clock)
    before = _rows(zsvc)
    zd.calls.clear()

    resp = client.post("/api/v1/periods/dry-run", json=BODY, headers=headers)

    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["counts"] == {
        "total": 4,
        "moved": 3,
        "escalated": 0,
        "kept": 1,
        "unassignable": 0,
        "already_told": 1,
    }
    assert body["customers_by_language"] == {"fr": 1, "nl": 1}
    kept = [t for t in body["tickets"] if t["move"] == "skip"]
    assert [t["ticket_id"] for t in kept] == ["4"]
    assert "standin_keep" in kept[0]["reason"]
    assert {c.method for c in zd.calls} == {"GET"}  # no vendor writes
    assert _rows(zsvc) == before  # no database writes


def test_a_dry_run_with_a_bad_body_is_422_naming_the_field(
    zsvc: Services, clock: FakeClock
) -> None:
    client = create_app(services=zsvc, TESTING=True).test_client()
    resp = client.post(
        "/api/v1/periods/dry-run",
        json=BODY | {"employee": "not-an-email"},
        headers=_token(zsvc, clock),
    )
    assert resp.status_code == 422
    assert "employee" in resp.get_json()["error"]["fields"]


# -- through the API, Freshdesk and Zammad -----------------------------------------------------
@pytest.fixture(params=["freshdesk", "zammad"])
def desk(request: pytest.FixtureRequest) -> Iterator[Any]:
    d = {"freshdesk": FreshdeskDesk, "zammad": ZammadDesk}[request.param]()
    d.fake.start()
    yield d
    d.fake.stop()


def test_other_vendors_dry_run_moves_the_open_tickets_keeps_the_out_of_scope_one_and_writes_nothing(
    db_url: str, clock: FakeClock, sleeps: Any, desk: Any
) -> None:
    svc = services_for(db_url, clock, sleeps, desk)
    try:
        desk.add(1, "anna")
        desk.add(2, "anna", other_group=True)
        desk.add(3, "carla")
        client = create_app(services=svc, TESTING=True).test_client()
        headers = _token(svc, clock)
        before = _rows(svc)
        desk.fake.calls.clear()
        resp = client.post(
            "/api/v1/periods/dry-run",
            json=BODY
            | {"helpdesk": "desk", "scope": {"exclude": [{"groups": [desk.other_group]}]}},
            headers=headers,
        )
        assert resp.status_code == 200, resp.get_json()
        body = resp.get_json()
        assert (body["counts"]["moved"], body["counts"]["kept"]) == (1, 1)
        moved = [t for t in body["tickets"] if t["move"] == "reroute"]
        assert [(t["ticket_id"], t["to_agent"]) for t in moved] == [("1", str(desk.ids["bob"]))]
        assert {c.method for c in desk.fake.calls} == {"GET"}
        assert _rows(svc) == before
    finally:
        svc.store.engine.dispose()


# -- the page ----------------------------------------------------------------------------------
def test_the_form_s_check_button_shows_what_will_happen_in_dutch_and_saves_nothing(
    db_url: str, clock: FakeClock, sleeps: Any, desk: Any
) -> None:
    svc = services_for(db_url, clock, sleeps, desk)
    try:
        desk.add(1, "anna")
        desk.add(2, "anna", other_group=True)
        client = create_app(services=svc, TESTING=True).test_client()
        sign_in(client, svc.repositories.tokens.create_token("page-lead", "team_lead", clock()))
        client.set_cookie(COOKIE, "nl")
        page = client.get("/ui/periods/new").get_data(as_text=True)
        assert 'value="dry_run"' in page and "Bekijk wat er gebeurt" in page
        before = _rows(svc)
        form = BODY | {
            "helpdesk": "desk",
            "notice.enabled": "on",
            "action": "dry_run",
            "csrf_token": csrf_of(page),
        }
        resp = client.post("/ui/periods/new", data=form)
        assert resp.status_code == 200
        text = resp.get_data(as_text=True)
        assert "Wat er bij de start gebeurt" in text
        assert "Open tickets van de medewerker: <strong>2</strong>" in text
        assert "Naar de vervanger: <strong>2</strong>" in text
        assert _rows(svc) == before
    finally:
        svc.store.engine.dispose()


# -- after the start ---------------------------------------------------------------------------
def test_the_period_page_links_each_moved_ticket_and_each_told_customer_to_the_helpdesk(
    db_url: str, clock: FakeClock, sleeps: Any, desk: Any
) -> None:
    svc = services_for(db_url, clock, sleeps, desk)
    try:
        desk.add(1, "anna")
        period = new_period(svc, notice={"at_start": True})
        tick_at(svc, clock, START)
        client = create_app(services=svc, TESTING=True).test_client()
        sign_in(client, svc.repositories.tokens.create_token("page-lead", "team_lead", clock()))
        text = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
        link = svc.helpdesks["desk"].ticket_link("1")
        assert link is not None and link.startswith(desk.fake.url.rstrip("/"))
        assert text.count(f'href="{escape(link)}"') == 2  # moved, and its customer told
        assert "Customers told" in text
        (kept,) = svc.repositories.notices.sent_notices(period.id)  # type: ignore[arg-type]
        assert "<summary>The notice as sent</summary>" in text  # the text as sent, per customer
        assert escape(kept["subject"]) in text and escape(kept["text"]) in text
    finally:
        svc.store.engine.dispose()


def test_a_saved_period_s_dry_run_tries_the_proposed_scope_and_an_unknown_id_is_404(
    zsvc: Services, zd: FakeZendesk, clock: FakeClock
) -> None:
    zd.add_ticket(1, ANNA, requester_id=7001)
    zd.add_ticket(2, ANNA, requester_id=7002, tags=["vip"])
    period = zsvc.periods.create(BODY, "token:lead")
    client = create_app(services=zsvc, TESTING=True).test_client()
    headers = _token(zsvc, clock)
    before = _rows(zsvc)

    as_is = client.post(f"/api/v1/periods/{period.id}/dry-run", headers=headers)
    edit = {"scope": {"exclude": [{"tags": ["vip"]}]}}
    tried = client.post(f"/api/v1/periods/{period.id}/dry-run", json=edit, headers=headers)
    bad = client.post(f"/api/v1/periods/{period.id}/dry-run", json={"scope": 3}, headers=headers)
    missing = client.post("/api/v1/periods/999/dry-run", json={}, headers=headers)

    assert as_is.get_json()["counts"]["moved"] == 2
    assert (tried.get_json()["counts"]["moved"], tried.get_json()["counts"]["kept"]) == (1, 1)
    assert bad.status_code == 422 and "scope" in bad.get_json()["error"]["fields"]
    assert missing.status_code == 404
    assert _rows(zsvc) == before
    assert zsvc.periods.get(period.id).scope == {}  # the edit was only tried


# -- the form offers the helpdesk's real tags and groups (#17 item 1) ---------------------------
def test_the_form_offers_the_helpdesk_s_tags_and_groups_and_is_free_text_when_it_does_not_answer(
    client: Any, vendor: Any, services: Services, clock: FakeClock
) -> None:
    sign_in(client, services.repositories.tokens.create_token("page-lead", "team_lead", clock()))
    vendor.get(f"{ZBASE}/tags.json", json={"tags": [{"name": "vip", "count": 3}]})
    vendor.get(f"{ZBASE}/groups.json", json={"groups": [{"id": 360001, "name": "Support"}]})
    page = client.get("/ui/periods/new?helpdesk=acme").get_data(as_text=True)
    assert '<option value="vip">vip</option>' in page
    assert '<option value="360001">Support</option>' in page
    assert 'list="dl-groups"' in page

    services.helpdesks["acme"].cache.clear()
    vendor.replace("GET", f"{ZBASE}/groups.json", status=500, json={"error": "down"})
    resp = client.get("/ui/periods/new?helpdesk=acme")
    assert resp.status_code == 200
    assert "dl-groups" not in resp.get_data(as_text=True)


def test_the_edit_form_s_check_button_shows_what_will_happen_in_dutch_and_changes_nothing(
    db_url: str, clock: FakeClock, sleeps: Any, desk: Any
) -> None:
    svc = services_for(db_url, clock, sleeps, desk)
    try:
        desk.add(1, "anna")
        period = new_period(svc)
        client = create_app(services=svc, TESTING=True).test_client()
        sign_in(client, svc.repositories.tokens.create_token("page-lead", "team_lead", clock()))
        client.set_cookie(COOKIE, "nl")
        page = client.get(f"/ui/periods/{period.id}/edit").get_data(as_text=True)
        assert 'value="dry_run"' in page and "Bekijk wat er gebeurt" in page
        before = _rows(svc)

        resp = client.post(
            f"/ui/periods/{period.id}/edit",
            data={"action": "dry_run", "csrf_token": csrf_of(page)},
        )

        text = resp.get_data(as_text=True)
        assert resp.status_code == 200
        assert "Wat er bij de start gebeurt" in text
        assert "gaat naar de vervanger" in text and ">reroute<" not in text
        assert _rows(svc) == before
        assert svc.periods.get(period.id) == period
    finally:
        svc.store.engine.dispose()


def test_the_dry_run_of_an_open_ended_period_counts_the_same_moves_and_writes_nothing(
    zsvc: Services, zd: FakeZendesk, clock: FakeClock
) -> None:
    zd.add_ticket(1, ANNA, requester_id=7001)
    zd.add_ticket(2, ANNA, requester_id=7002)
    client = create_app(services=zsvc, TESTING=True).test_client()
    headers = _token(zsvc, clock)
    before = _rows(zsvc)
    body = {**BODY, "ends_at": None}  # until further notice
    resp = client.post("/api/v1/periods/dry-run", json=body, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["counts"]["moved"] == 2
    assert _rows(zsvc) == before


# -- several replacements (#21): the dry run shares as the start move does -------------------
SHARED = BODY | {"replacements": [{"replacement": "carla@example.com"}]}


def test_the_dry_run_shares_the_tickets_among_the_replacements_keeping_each_customer_whole(
    zsvc: Services, zd: FakeZendesk, clock: FakeClock
) -> None:
    for tid, customer in ((1, 7001), (2, 7002), (3, 7001), (4, 7002), (5, 7001)):
        zd.add_ticket(tid, ANNA, requester_id=customer)
    client = create_app(services=zsvc, TESTING=True).test_client()
    headers = _token(zsvc, clock)
    before = _rows(zsvc)

    resp = client.post("/api/v1/periods/dry-run", json=SHARED, headers=headers)

    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    to = {t["ticket_id"]: t["to_agent"] for t in body["tickets"]}
    assert to == {"1": str(BOB), "3": str(BOB), "5": str(BOB), "2": str(CARLA), "4": str(CARLA)}
    assert body["by_replacement"] == [
        {"agent_id": str(BOB), "name": "Bob Jansen", "tickets": 3, "customers": 1},
        {"agent_id": str(CARLA), "name": "Carla Peeters", "tickets": 2, "customers": 1},
    ]
    assert _rows(zsvc) == before  # the balance state was copied in memory, not written


def test_the_form_s_check_shows_the_split_per_replacement_in_dutch(
    zsvc: Services, zd: FakeZendesk, clock: FakeClock
) -> None:
    for tid, customer in ((1, 7001), (2, 7002), (3, 7001)):
        zd.add_ticket(tid, ANNA, requester_id=customer)
    client = create_app(services=zsvc, TESTING=True).test_client()
    sign_in(client, zsvc.repositories.tokens.create_token("page-lead", "team_lead", clock()))
    client.set_cookie(COOKIE, "nl")
    page = client.get("/ui/periods/new").get_data(as_text=True)
    form = BODY | {
        "replacements.0.email": "carla@example.com",
        "action": "dry_run",
        "csrf_token": csrf_of(page),
    }
    text = client.post("/ui/periods/new", data=form).get_data(as_text=True)
    assert "Verdeeld over de vervangers" in text
    assert "Bob Jansen: <strong>2 tickets, 1 klanten</strong>" in text
    assert "Carla Peeters: <strong>1 tickets, 1 klanten</strong>" in text
    assert "Kunnen de vervangers deze tickets overnemen?" in text
