"""The notice as customers get it: once per customer, never a reason, templates team leads own."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import fixture_bytes
from tests.vendors.zendesk.test_zendesk_webhooks import DUTCH_NOTICE, drain, post
from tests.zendesk_api import (
    BASE,
    PEOPLE,
    expect_update,
    register_agent_search,
    register_customer,
    register_me,
    register_memberships,
    register_ticket,
)


def make_period(client: Any, vendor: Any, auth: Any, **extra: Any) -> dict[str, Any]:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    resp = client.post(
        "/api/v1/periods",
        headers=auth(),
        json={
            "helpdesk": "acme",
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-11-20",
            "ends_at": "2026-12-31",
            **extra,
        },
    )
    assert resp.status_code == 201, resp.get_json()
    vendor.calls.reset()
    return resp.get_json()


def ticket_body(ticket_id: str) -> bytes:
    return (
        fixture_bytes("zendesk", "ticket_created.json")
        .replace(b'"id": "123"', f'"id": "{ticket_id}"'.encode())
        .replace(b"3f1c9a52", ticket_id.encode().ljust(8, b"0"))
    )


def reroute(vendor: Any, ticket_id: str, comment: dict[str, Any] | None, *, first: bool) -> Any:
    if first:
        register_me(vendor)
        register_memberships(vendor)
    register_ticket(vendor, ticket_id)
    register_customer(vendor)
    body: dict[str, Any] = {"assignee_id": 9002}
    if comment is not None:
        body["comment"] = comment
    return expect_update(vendor, body, ticket_id)


def test_a_customer_with_two_tickets_gets_one_notice_per_period(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any
) -> None:
    make_period(client, vendor, auth)
    first = reroute(vendor, "123", {"html_body": DUTCH_NOTICE, "public": True}, first=True)
    second = reroute(vendor, "124", None, first=False)
    post(client, clock, "", body=ticket_body("123"))
    post(client, clock, "", body=ticket_body("124"))
    assert drain(services) == 2
    assert (first.call_count, second.call_count) == (1, 1)
    reasons = [
        r["reason"]
        for r in services.repositories.audit.audit_records(None)
        if r["action"] == "rerouted"
    ]
    assert "customer already notified in this period (sent)" in reasons[0]


def test_with_once_per_ticket_each_ticket_gets_its_notice(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any
) -> None:
    make_period(client, vendor, auth, notice={"per": "ticket"})
    comment = {"html_body": DUTCH_NOTICE, "public": True}
    first = reroute(vendor, "123", comment, first=True)
    second = reroute(vendor, "124", comment, first=False)
    post(client, clock, "", body=ticket_body("123"))
    post(client, clock, "", body=ticket_body("124"))
    drain(services)
    assert (first.call_count, second.call_count) == (1, 1)


def test_with_notices_off_the_ticket_is_moved_silently(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any
) -> None:
    make_period(client, vendor, auth, notice={"enabled": False})
    put = reroute(vendor, "123", None, first=True)
    post(client, clock, "", body=ticket_body("123"))
    drain(services)
    assert put.call_count == 1


def test_the_informal_variant_addresses_the_customer_informally(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any
) -> None:
    make_period(client, vendor, auth, notice={"variant": "informal"})
    register_me(vendor)
    register_memberships(vendor)
    register_ticket(vendor)
    register_customer(vendor)
    put = vendor.put("https://acme.zendesk.com/api/v2/tickets/123.json", json={"ticket": {}})
    post(client, clock, "ticket_created.json")
    drain(services)
    sent = put.calls[0].request.body.decode("unicode_escape")
    assert "Hoi Daan de Vries" in sent and "je aanspreekpunt" in sent
    assert " uw " not in sent


def test_a_notice_that_would_carry_a_reason_word_is_not_sent_and_is_audited(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any, monkeypatch: Any
) -> None:
    # The vendor's display name carries a reason after the name itself: that part is judged.
    monkeypatch.setitem(PEOPLE, "bob@example.com", (9002, "Bob (burn-out collega)", "agent"))
    make_period(client, vendor, auth)
    put = reroute(vendor, "123", None, first=True)
    post(client, clock, "ticket_created.json")
    drain(services)
    assert put.call_count == 1  # the ticket still moves; only the notice is held back
    blocked = next(
        r
        for r in services.repositories.audit.audit_records(None)
        if r["action"] == "notice_blocked"
    )
    assert "burn-out" in blocked["reason"].lower()
    assert services.repositories.notices.notice_counts(1) == {"blocked": 1}


def test_a_replacement_whose_name_contains_a_listed_word_still_gets_the_notice_sent(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any, monkeypatch: Any
) -> None:
    monkeypatch.setitem(PEOPLE, "bob@example.com", (9002, "Bob Sickinger-Krank", "agent"))
    make_period(client, vendor, auth)
    notice = DUTCH_NOTICE.replace("Bob Jansen", "Bob Sickinger-Krank")
    put = reroute(vendor, "123", {"html_body": notice, "public": True}, first=True)
    post(client, clock, "ticket_created.json")
    drain(services)
    assert put.call_count == 1
    assert "notice_blocked" not in [
        r["action"] for r in services.repositories.audit.audit_records(None)
    ]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("{{ replacement_name }} helpt u tijdens de ziekte van uw contactpersoon.", "ziekte"),
        ("{{ replacement_name }} vous aide pendant son arrêt maladie.", "arret maladie"),
        (
            "{{ replacement_name }} hilft Ihnen während der Wiedereingliederung.",
            "wiedereingliederung",
        ),
        ("{{ replacement_name }} helps while your usual contact is on sick leave.", "sick leave"),
        ("{{ replacement_name }} helpt u vanaf 5 januari 2026.", "date 2026-01-05"),
    ],
)
def test_a_template_with_a_reason_is_refused_on_save_naming_the_words(
    client: Any, auth: Any, text: str, named: str
) -> None:
    resp = client.post(
        "/api/v1/templates",
        headers=auth(),
        json={"helpdesk": "acme", "lang": "nl", "subject": "Uw contact", "text": text},
    )
    assert resp.status_code == 422
    assert named in " ".join(resp.get_json()["error"]["fields"]["template"])
    assert client.get("/api/v1/templates", headers=auth("viewer")).get_json()["templates"] == []


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for x in range(10) %}{{ x }}{% endfor %}",
        "{{ replacement_name.__class__ }}",
        "{{ reason }}",
    ],
)
def test_a_template_trying_to_escape_the_sandbox_is_refused(
    client: Any, auth: Any, text: str
) -> None:
    resp = client.post(
        "/api/v1/templates",
        headers=auth(),
        json={"helpdesk": "acme", "lang": "en", "subject": "Your contact", "text": text},
    )
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_failed"


def test_a_team_leads_template_is_versioned_and_used_for_the_next_notice(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any
) -> None:
    body = {
        "helpdesk": "acme",
        "lang": "nl",
        "subject": "Uw aanspreekpunt",
        "text": "Vanaf {{ start_date }} helpt {{ replacement_name }} u verder.",
        "html": "<p>Vanaf {{ start_date }} helpt {{ replacement_name }} u verder.</p>",
    }
    v1 = client.post("/api/v1/templates", headers=auth(), json=body).get_json()
    v2 = client.post(
        "/api/v1/templates",
        headers=auth(),
        json={**body, "html": "<p>Vanaf {{ start_date }} is {{ replacement_name }} er voor u.</p>"},
    ).get_json()
    assert (v1["version"], v2["version"], v2["active"]) == (1, 2, True)
    listed = client.get("/api/v1/templates", headers=auth("viewer")).get_json()["templates"]
    assert [t["active"] for t in listed] == [False, True]
    assert client.post(f"/api/v1/templates/{v1['id']}/activate", headers=auth()).get_json()[
        "active"
    ]
    make_period(client, vendor, auth)
    put = reroute(
        vendor,
        "123",
        {"html_body": "<p>Vanaf 23 november 2026 helpt Bob Jansen u verder.</p>", "public": True},
        first=True,
    )
    post(client, clock, "ticket_created.json")
    drain(services)
    assert put.call_count == 1


def test_a_viewer_cannot_save_templates(client: Any, auth: Any) -> None:
    resp = client.post("/api/v1/templates", headers=auth("viewer"), json={})
    assert resp.status_code == 403


def test_a_preview_for_a_sample_customer_in_german(client: Any, vendor: Any, auth: Any) -> None:
    period = make_period(client, vendor, auth)
    resp = client.post(
        "/api/v1/notices/preview",
        headers=auth("viewer"),
        json={"period_id": period["id"], "lang": "de", "customer_name": "Frau Weber"},
    )
    assert resp.status_code == 200
    p = resp.get_json()
    assert p["lang"] == "de"
    assert "Frau Weber" in p["text"] and "ab heute bin ich Ihre Ansprechperson" in p["text"]
    assert "Bob Jansen" in p["subject"]


def test_a_preview_for_a_real_ticket_uses_the_customers_language(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = make_period(client, vendor, auth)
    register_ticket(vendor)
    register_customer(vendor, locale="fr-CA")
    resp = client.post(
        "/api/v1/notices/preview",
        headers=auth("viewer"),
        json={"period_id": period["id"], "ticket_id": "123"},
    )
    assert resp.get_json()["lang"] == "fr"
    assert "Bonjour Daan de Vries" in resp.get_json()["text"]


def test_the_original_agent_is_named_only_when_the_period_allows_it(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = make_period(client, vendor, auth)
    plain = client.post(
        "/api/v1/notices/preview",
        headers=auth("viewer"),
        json={"period_id": period["id"], "lang": "nl"},
    ).get_json()
    assert "Anna" not in plain["text"]
    client.patch(
        f"/api/v1/periods/{period['id']}",
        headers=auth(),
        json={"notice": {"name_original_agent": True}},
    )
    named = client.post(
        "/api/v1/notices/preview",
        headers=auth("viewer"),
        json={"period_id": period["id"], "lang": "nl"},
    ).get_json()
    assert "Anna is tijdelijk niet beschikbaar." in named["text"]


def preview_ticket(client: Any, auth: Any, period: dict[str, Any], ticket_id: str) -> Any:
    return client.post(
        "/api/v1/notices/preview",
        headers=auth("viewer"),
        json={"period_id": period["id"], "ticket_id": ticket_id},
    )


@pytest.mark.parametrize("ticket_id", ["../users/1", "12.json", "", "1" * 65, "12 34"])
def test_a_preview_ticket_id_that_is_not_an_id_is_422_and_the_helpdesk_is_not_asked(
    client: Any, vendor: Any, auth: Any, ticket_id: str
) -> None:
    """The id goes into the helpdesk API's URL path (found by the schemathesis run)."""
    period = make_period(client, vendor, auth)
    calls = len(vendor.calls)
    resp = preview_ticket(client, auth, period, ticket_id)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"] == {
        "ticket_id": ["a ticket id is 1 to 64 letters, digits, - or _"]
    }
    assert len(vendor.calls) == calls


def test_a_preview_for_a_ticket_the_helpdesk_does_not_have_is_422_naming_it(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = make_period(client, vendor, auth)
    vendor.get(f"{BASE}/tickets/404.json", status=404, json={"error": "RecordNotFound"})
    resp = preview_ticket(client, auth, period, "404")
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"] == {"ticket_id": ["no ticket 404 in helpdesk acme"]}


def test_a_preview_while_the_helpdesk_fails_is_502(client: Any, vendor: Any, auth: Any) -> None:
    period = make_period(client, vendor, auth)
    vendor.get(f"{BASE}/tickets/77.json", status=401, json={"error": "Couldn't authenticate you"})
    resp = preview_ticket(client, auth, period, "77")
    assert resp.status_code == 502
    assert resp.get_json()["error"]["code"] == "vendor_error"
