"""Before a period is saved, the helpdesk is asked whether the replacement can take the
employee's open tickets; the team lead decides (422 by default, or accept and keep the warning).

``can_take`` is checked call by call against the local server of each vendor; the API and the
page are checked end to end (Zammad's local server: the vendor with the silent unassign).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from connector.domain.events import Agent
from connector.web import create_app
from connector.wiring import Services
from tests import test_assignment_refused as on_five
from tests.support import FakeClock
from tests.test_assignment_refused import ZendeskDesk, cannot_take, services_for
from tests.test_lifecycle_vendors import (
    DESK,
    Desk,
    FreshdeskDesk,
    HubSpotDesk,
    RtDesk,
    ZammadDesk,
)
from tests.test_ui import csrf_of, sign_in

#: The calls ``can_take`` makes per vendor (method, route) — and nothing else.
CAN_TAKE_CALLS: dict[type[Desk], list[tuple[str, str]]] = {
    ZendeskDesk: [
        ("GET", "/api/v2/users/{id}.json"),
        ("GET", "/api/v2/users/{id}/group_memberships.json"),
    ],
    FreshdeskDesk: [("GET", "/api/v2/agents/{id}")],
    HubSpotDesk: [("GET", "/crm/v3/owners/{id}")],
    ZammadDesk: [("GET", "/api/v1/users/{id}")],
    RtDesk: [("GET", "/rt/REST/2.0/user/bob")],
}
#: The group (queue, team) of the employee's tickets on each local server.
GROUP = {
    ZendeskDesk: "360001",
    FreshdeskDesk: "43000005678",
    HubSpotDesk: "41001",
    ZammadDesk: "3",
    RtDesk: "3",
}


desk, svc = on_five.desk, on_five.svc  # the five fake helpdesks and their services


def bob(desk: Desk) -> Agent:
    return Agent(str(desk.ids["bob"]), "bob@example.com", "Bob")


def calls(desk: Desk) -> list[tuple[str, str]]:
    return [(c.method, c.route) for c in desk.fake.calls]


def test_a_replacement_with_the_rights_can_take_the_tickets_asked_in_the_vendors_own_calls(
    svc: Services, desk: Desk
) -> None:
    adapter = svc.helpdesks[DESK]
    desk.fake.calls.clear()
    check = adapter.can_take(bob(desk), [GROUP[type(desk)]])
    assert check.active and check.missing == () and check.seat is not False
    assert check.ok
    assert calls(desk) == CAN_TAKE_CALLS[type(desk)]


def test_a_replacement_without_the_rights_is_named_with_what_they_lack(
    svc: Services, desk: Desk
) -> None:
    adapter = svc.helpdesks[DESK]
    cannot_take(desk, "bob")
    check = adapter.can_take(bob(desk), [GROUP[type(desk)]])
    if isinstance(desk, RtDesk):  # REST2 cannot tell: said so, never assumed
        assert check.unverified == ("OwnTicket on queue 3",)
        return
    assert not check.ok
    if isinstance(desk, HubSpotDesk):  # a deactivated owner: not active at all
        assert not check.active and "not an active owner" in check.detail
    else:
        assert check.missing == (GROUP[type(desk)],)


@pytest.mark.parametrize("desk", ["rt"], indirect=True)
def test_rt_says_it_cannot_verify_queue_rights_instead_of_guessing(
    svc: Services, desk: Desk
) -> None:
    check = svc.helpdesks[DESK].can_take(bob(desk), ["3", "7"])
    assert check.ok and check.unverified == ("OwnTicket on queue 3", "OwnTicket on queue 7")


# -- the API and the page (Zammad's local server) --------------------------------------------
@pytest.fixture
def zammad() -> Iterator[ZammadDesk]:
    d = ZammadDesk()
    d.fake.start()
    yield d
    d.fake.stop()


@pytest.fixture
def checked(db_url: str, clock: FakeClock, sleeps: Any, zammad: ZammadDesk) -> Iterator[Any]:
    from tests.support import build_test_services

    base = services_for(db_url, clock, sleeps, zammad, fallback=False)
    services = build_test_services(base.config, clock, sleeps, check_replacement=True)
    base.store.engine.dispose()
    yield services
    services.store.engine.dispose()


@pytest.fixture
def api(checked: Any, clock: FakeClock) -> tuple[Any, dict[str, str]]:
    app = create_app(services=checked, TESTING=True)
    token = checked.repositories.tokens.create_token("lead", "team_lead", clock())
    return app.test_client(), {"Authorization": f"Bearer {token}"}


BODY = {
    "helpdesk": DESK,
    "employee": "anna@example.com",
    "replacement": "bob@example.com",
    "starts_at": "2026-11-24",
    "ends_at": "2026-12-31",
}


def test_the_api_refuses_a_replacement_without_rights_in_the_employees_groups_with_a_422(
    api: Any, checked: Any, zammad: ZammadDesk
) -> None:
    client, auth = api
    zammad.add(1, "anna")
    zammad.add(2, "anna", other_group=True)  # group 4: bob has no access there
    resp = client.post("/api/v1/periods", json=BODY, headers=auth)
    assert resp.status_code == 422
    [message, hint] = resp.get_json()["error"]["fields"]["replacement"]
    assert "bob@example.com lacks access to the groups 4 of anna@example.com's open" in message
    assert "accept_warnings" in hint
    assert checked.repositories.periods.periods([DESK]) == []  # nothing saved


def test_with_accept_warnings_the_period_is_saved_and_keeps_the_warning_visible(
    api: Any, checked: Any, zammad: ZammadDesk
) -> None:
    client, auth = api
    zammad.add(2, "anna", other_group=True)
    resp = client.post("/api/v1/periods", json=BODY | {"accept_warnings": True}, headers=auth)
    assert resp.status_code == 201
    [warning] = resp.get_json()["warnings"]
    assert "lacks access to the groups 4" in warning
    again = client.get(f"/api/v1/periods/{resp.get_json()['id']}", headers=auth).get_json()
    assert again["warnings"] == [warning]


def test_a_replacement_with_every_right_is_saved_without_warnings(
    api: Any, zammad: ZammadDesk
) -> None:
    client, auth = api
    zammad.add(1, "anna")
    resp = client.post("/api/v1/periods", json=BODY, headers=auth)
    assert resp.status_code == 201 and resp.get_json()["warnings"] == []


def test_changing_to_a_replacement_without_rights_is_refused_too(
    api: Any, zammad: ZammadDesk
) -> None:
    client, auth = api
    zammad.add(1, "anna")
    pid = client.post("/api/v1/periods", json=BODY, headers=auth).get_json()["id"]
    cannot_take(zammad, "carla")
    resp = client.patch(
        f"/api/v1/periods/{pid}", json={"replacement": "carla@example.com"}, headers=auth
    )
    assert resp.status_code == 422
    assert "carla@example.com lacks access to the groups 3" in str(resp.get_json())
    ok = client.patch(
        f"/api/v1/periods/{pid}",
        json={"replacement": "carla@example.com", "accept_warnings": True},
        headers=auth,
    )
    assert ok.status_code == 200 and "groups 3" in ok.get_json()["warnings"][0]


def test_the_openapi_document_describes_accept_warnings_and_the_warnings(api: Any) -> None:
    client, _ = api
    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    assert schemas["PeriodCreate"]["properties"]["accept_warnings"]["type"] == "boolean"
    assert schemas["PeriodPatch"]["properties"]["accept_warnings"]["type"] == "boolean"
    assert "lacks" in schemas["PeriodOut"]["properties"]["warnings"]["description"]


def test_the_page_shows_what_is_missing_and_saves_with_the_box_ticked(
    api: Any, checked: Any, clock: FakeClock, zammad: ZammadDesk
) -> None:
    client, _ = api
    sign_in(client, checked.repositories.tokens.create_token("page-lead", "team_lead", clock()))
    zammad.add(2, "anna", other_group=True)
    form = {k: v for k, v in BODY.items()} | {"notice.enabled": "on"}
    page = client.get("/ui/periods/new").get_data(as_text=True)
    refused = client.post("/ui/periods/new", data=form | {"csrf_token": csrf_of(page)})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "lacks access to the groups 4" in text and 'name="accept_warnings"' in text
    saved = client.post(
        "/ui/periods/new",
        data=form | {"csrf_token": csrf_of(text), "accept_warnings": "on"},
    )
    assert saved.status_code == 303
    detail = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Warnings" in detail and "lacks access to the groups 4" in detail


# -- several replacements (#21): every one is checked, each named -----------------------------
def test_an_extra_replacement_without_rights_is_refused_with_a_422_naming_that_replacement(
    api: Any, checked: Any, zammad: ZammadDesk
) -> None:
    client, auth = api
    zammad.add(1, "anna")
    cannot_take(zammad, "carla")
    body = BODY | {"replacements": [{"replacement": "carla@example.com"}]}
    resp = client.post("/api/v1/periods", json=body, headers=auth)
    assert resp.status_code == 422
    fields = resp.get_json()["error"]["fields"]
    assert "replacement" not in fields  # bob, the first replacement, can take them
    [message, hint] = fields["replacements.0.replacement"]
    assert "carla@example.com lacks access to the groups 3 of anna@example.com's open" in message
    assert "accept_warnings" in hint
    assert checked.repositories.periods.periods([DESK]) == []  # nothing saved
    ok = client.post("/api/v1/periods", json=body | {"accept_warnings": True}, headers=auth)
    assert ok.status_code == 201
    [warning] = ok.get_json()["warnings"]
    assert "carla@example.com lacks access" in warning


def test_adding_an_extra_replacement_without_rights_to_a_period_is_refused_too(
    api: Any, zammad: ZammadDesk
) -> None:
    client, auth = api
    zammad.add(1, "anna")
    pid = client.post("/api/v1/periods", json=BODY, headers=auth).get_json()["id"]
    cannot_take(zammad, "carla")
    resp = client.patch(
        f"/api/v1/periods/{pid}",
        json={"replacements": [{"replacement": "carla@example.com"}]},
        headers=auth,
    )
    assert resp.status_code == 422
    assert "carla@example.com lacks access" in str(
        resp.get_json()["error"]["fields"]["replacements.0.replacement"]
    )


def test_the_dry_run_checks_every_replacement_and_names_the_one_that_cannot(
    api: Any, zammad: ZammadDesk
) -> None:
    client, auth = api
    zammad.add(1, "anna")
    cannot_take(zammad, "carla")
    body = BODY | {"replacements": [{"replacement": "carla@example.com"}]}
    resp = client.post("/api/v1/periods/dry-run", json=body, headers=auth)
    assert resp.status_code == 200, resp.get_json()
    check = resp.get_json()["replacement_check"]
    assert check["ok"] is False
    [refusal] = check["refusals"]
    assert refusal.startswith("carla@example.com lacks access to the groups 3")
