"""Zammad webhooks end to end: signed trigger delivery in → canonical event → exact API calls."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from responses import matchers

from connector.adapters.helpdesks.zammad.install import TRIGGERS, WEBHOOK_NAME
from connector.adapters.signatures import sign_zammad
from connector.cli import main
from connector.config import parse_config
from connector.domain.events import Agent, CanonicalEvent, EventKind, TicketSnapshot
from connector.mapping import credential_keys
from tests.support import (
    anna_period,
    builtin_notice,
    fixture_bytes,
    fixture_json,
)
from tests.vendor_harness import customer_facing_posts, drain, services_for
from tests.zammad_api import (
    ANNA,
    API_TOKEN,
    AUTH,
    BASE,
    BOB,
    CUSTOMER,
    LEA,
    OPEN_QUERY,
    URL,
    api,
    email_article,
    expect_article,
    expect_owner,
    note_article,
    notice_note_article,
    register_agent_search,
    register_customer,
    register_me,
    register_tags,
    register_ticket,
)

KEY = "zammaddesk"
TOKEN = "standin-zammad-signature-token"  # the token the fixtures were signed with
OLD_TOKEN = "previous-zammad-token-during-rotation"
HOOK_URL = f"https://standin.example.com/webhooks/{KEY}"
DELIVERIES = [
    "ticket_created_owner_employee",
    "owner_changed_to_employee_by_agent",
    "owner_changed_echo_of_connector",
    "article_customer_reply",
    "article_internal_note",
    "article_contactlog_note",
    "state_changed_pending",
    "ignored_system_auto_reply",
]


def _notice(lang: str, part: str = "html") -> str:
    """The built-in formal notice for Noor, from Bob (html or text)."""
    return builtin_notice(lang, "Noor Jansen", "Bob Backup", part)


DUTCH_NOTICE = _notice("nl")
DUTCH_NOTICE_TEXT = _notice("nl", "text")
FRENCH_NOTICE = _notice("fr")


def zammad_desk() -> dict[str, Any]:
    return {
        "vendor": "zammad",
        "url": URL,
        "credentials": {"api_token": API_TOKEN},
        "webhook_secrets": [TOKEN, OLD_TOKEN],
        "timezone": "Europe/Amsterdam",
        "locale": "nl",
    }


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    config = parse_config(
        {"database_url": db_url, "helpdesks": {KEY: zammad_desk()}},
        credential_keys=credential_keys(),
    )
    with services_for(config, clock, sleeps) as svc:
        yield svc


@pytest.fixture
def adapter(services: Any) -> Any:
    return services.helpdesks[KEY]


@pytest.fixture
def period(services: Any, vendor: Any) -> Any:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    p = anna_period(services, KEY)
    vendor.calls.reset()  # tests below count only the calls the webhook causes
    return p


def headers_of(name: str) -> dict[str, str]:
    raw = fixture_json("zammad", f"{name}.headers.json")
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def post(
    client: Any,
    name: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    body = body if body is not None else fixture_bytes("zammad", f"{name}.json")
    return client.post(
        f"/webhooks/{KEY}", data=body, headers=headers if headers is not None else headers_of(name)
    )


def canonical(services: Any, name: str) -> CanonicalEvent | None:
    payload = fixture_json("zammad", f"{name}.json")
    mapping = services.helpdesks[KEY].mapping
    hdrs = {k.lower(): v for k, v in headers_of(name).items()}
    return mapping.to_canonical(KEY, mapping.event_type(payload, hdrs), payload)


def audit(services: Any) -> list[dict[str, Any]]:
    return list(services.repositories.audit.audit_records(None))


def reroute_calls(
    vendor: Any,
    *,
    customer: str = "user_customer_locale_nl.json",
    notice: str = DUTCH_NOTICE,
    **ticket: Any,
) -> tuple[Any, Any]:
    """The calls one reroute makes, in order: read, decide, customer, owner, reply."""
    register_ticket(vendor, **ticket)
    register_me(vendor)
    register_customer(vendor, customer)  # locale for the notice
    put = expect_owner(vendor, 6)
    register_customer(vendor, customer)  # the address for the e-mail reply
    article = expect_article(vendor, email_article(notice))
    return put, article


def outbound(vendor: Any) -> list[tuple[str, str]]:
    return [(c.request.method, c.request.url.split("?")[0]) for c in vendor.calls]


# -- signature, de-duplication, ignoring ---------------------------------------------------
@pytest.mark.parametrize("name", DELIVERIES)
def test_every_captured_delivery_carries_the_hmac_sha1_of_its_raw_bytes(name: str) -> None:
    body = fixture_bytes("zammad", f"{name}.json")
    assert sign_zammad(TOKEN, body) == headers_of(name)["X-Hub-Signature"]


@pytest.mark.parametrize("name", DELIVERIES)
def test_every_signed_delivery_is_accepted_with_202(
    client: Any, services: Any, clock: Any, name: str
) -> None:
    resp = post(client, name)
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 1, "duplicates": 0, "ignored": 0}


def test_a_delivery_signed_with_the_second_token_of_a_rotation_is_accepted(
    client: Any, services: Any
) -> None:
    body = fixture_bytes("zammad", "ticket_created_owner_employee.json")
    hdrs = headers_of("ticket_created_owner_employee") | {
        "X-Hub-Signature": sign_zammad(OLD_TOKEN, body)
    }
    assert post(client, "", body=body, headers=hdrs).status_code == 202


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h, b: (h.pop("X-Hub-Signature"), b), "missing header X-Hub-Signature"),
        (lambda h, b: (h.update({"X-Hub-Signature": "sha1=" + "0" * 40}), b), "does not match"),
        (
            lambda h, b: (h.update({"X-Hub-Signature": sign_zammad("a-guessed-token", b)}), b),
            "does not match",
        ),
        # Re-serialised JSON (same data, other bytes) is not what Zammad signed.
        (lambda h, b: (h, json.dumps(json.loads(b)).encode()), "does not match"),
    ],
    ids=["no-signature", "wrong-signature", "unknown-token", "re-serialised-body"],
)
def test_a_bad_signature_is_401_and_nothing_is_stored(
    client: Any, services: Any, clock: Any, change: Any, message: str
) -> None:
    hdrs = headers_of("ticket_created_owner_employee")
    _, body = change(hdrs, fixture_bytes("zammad", "ticket_created_owner_employee.json"))
    resp = post(client, "", body=body, headers=hdrs)
    assert resp.status_code == 401
    assert message in resp.get_json()["error"]["message"]
    assert services.store.queue_stats(clock())["counts"] == {}


def test_a_signed_body_that_is_not_json_is_400(client: Any, services: Any, clock: Any) -> None:
    body = b"{not json"
    hdrs = headers_of("ticket_created_owner_employee") | {
        "X-Hub-Signature": sign_zammad(TOKEN, body)
    }
    assert post(client, "", body=body, headers=hdrs).status_code == 400
    assert services.store.queue_stats(clock())["counts"] == {}


def test_a_retried_delivery_with_the_same_delivery_id_is_stored_once(
    client: Any, services: Any, clock: Any
) -> None:
    assert post(client, "ticket_created_owner_employee").get_json()["accepted"] == 1
    again = post(client, "ticket_created_owner_employee")
    assert again.status_code == 202
    assert again.get_json() == {"accepted": 0, "duplicates": 1, "ignored": 0}
    assert services.store.queue_stats(clock())["counts"] == {"pending": 1}


def test_the_same_body_under_a_new_delivery_id_is_a_new_event(
    client: Any, services: Any, clock: Any
) -> None:
    post(client, "ticket_created_owner_employee")
    hdrs = headers_of("ticket_created_owner_employee") | {"X-Zammad-Delivery": "another-job-id"}
    assert post(client, "ticket_created_owner_employee", headers=hdrs).get_json()["accepted"] == 1


def test_a_trigger_stand_in_did_not_create_is_answered_202_and_not_stored(
    client: Any, services: Any, clock: Any
) -> None:
    body = fixture_bytes("zammad", "ticket_created_owner_employee.json")
    hdrs = headers_of("ticket_created_owner_employee") | {
        "X-Zammad-Trigger": "Escalation: notify team lead",
        "X-Hub-Signature": sign_zammad(TOKEN, body),
    }
    resp = post(client, "", body=body, headers=hdrs)
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 0, "duplicates": 0, "ignored": 1}
    assert services.store.queue_stats(clock())["counts"] == {}


# -- payload → canonical event -------------------------------------------------------------
def test_a_ticket_created_for_the_employee_maps_to_a_full_canonical_event(services: Any) -> None:
    assert canonical(services, "ticket_created_owner_employee") == CanonicalEvent(
        kind=EventKind.TICKET_CREATED,
        helpdesk=KEY,
        ticket_id="81",
        assignee_id=ANNA,
        requester_id="9",
        group_id="3",
        status="new",
        priority="normal",
        tags=None,  # not in Zammad's payload: fetched
        actor_id="9",
        occurred_at=dt.datetime(2025, 3, 3, 9, 15, 2, 118000, tzinfo=dt.UTC),
        raw_type="Stand-in: ticket created",
    )


def test_the_event_kind_comes_from_the_trigger_name_and_the_article(services: Any) -> None:
    kinds = {name: canonical(services, name) for name in DELIVERIES}
    assert {n: (e.kind if e else None) for n, e in kinds.items()} == {
        "ticket_created_owner_employee": EventKind.TICKET_CREATED,
        "owner_changed_to_employee_by_agent": EventKind.ASSIGNEE_CHANGED,
        "owner_changed_echo_of_connector": EventKind.ASSIGNEE_CHANGED,
        "article_customer_reply": EventKind.CUSTOMER_REPLIED,
        "article_internal_note": EventKind.INTERNAL_NOTE,
        "article_contactlog_note": EventKind.INTERNAL_NOTE,
        "state_changed_pending": EventKind.STATUS_CHANGED,
        "ignored_system_auto_reply": None,  # sender System: nobody's reply
    }


def test_an_owner_change_by_a_colleague_names_the_colleague_as_actor(services: Any) -> None:
    event = canonical(services, "owner_changed_to_employee_by_agent")
    assert event is not None
    assert (event.assignee_id, event.previous_assignee_id, event.actor_id, event.status) == (
        ANNA,
        None,  # the default payload has no changes hash
        "4",
        "open",
    )


def test_the_echo_of_our_own_reassignment_names_the_api_user_as_actor(services: Any) -> None:
    event = canonical(services, "owner_changed_echo_of_connector")
    assert event is not None and (event.assignee_id, event.actor_id) == (BOB, "7")


def test_articles_carry_author_body_and_visibility(services: Any) -> None:
    reply = canonical(services, "article_customer_reply")
    note = canonical(services, "article_contactlog_note")
    assert reply is not None and note is not None
    assert (reply.actor_id, reply.note_public, reply.note_body) == (
        "9",
        True,
        "Dank u, maar de regel staat er nog steeds op.",  # the HTML article as plain text
    )
    assert (note.actor_id, note.note_public) == ("4", False)
    assert note.note_body is not None and note.note_body.startswith("#contactlog ")


def test_pending_reminder_maps_to_pending_and_owner_1_to_unassigned(services: Any) -> None:
    event = canonical(services, "state_changed_pending")
    assert event is not None and event.status == "pending"
    payload = fixture_json("zammad", "owner_changed_to_employee_by_agent.json")
    payload["ticket"]["owner_id"] = 1
    mapped = services.helpdesks[KEY].mapping.to_canonical(KEY, "Stand-in: owner changed", payload)
    assert mapped is not None and mapped.assignee_id == ""


def test_install_creates_exactly_the_triggers_the_mapping_handles(services: Any) -> None:
    assert set(TRIGGERS) == set(services.helpdesks[KEY].mapping.events)


# -- rerouting -----------------------------------------------------------------------------
@pytest.mark.both_engines
def test_a_ticket_created_for_the_employee_is_given_to_bob_then_the_customer_is_mailed(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    put, article = reroute_calls(vendor)
    assert post(client, "ticket_created_owner_employee").status_code == 202
    assert drain(services) == 1
    assert put.call_count == 1 and article.call_count == 1
    assert outbound(vendor) == [
        ("GET", f"{BASE}/tickets/81"),
        ("GET", f"{BASE}/tags"),
        ("GET", f"{BASE}/users/me"),
        ("GET", f"{BASE}/users/9"),
        ("PUT", f"{BASE}/tickets/81"),  # the owner first: never announce what did not happen
        ("GET", f"{BASE}/users/9"),
        ("POST", f"{BASE}/ticket_articles"),
    ]
    [record] = [r for r in audit(services) if r["action"] == "rerouted"]
    assert (record["ticket_id"], record["from_agent"], record["to_agent"]) == ("81", ANNA, BOB)
    assert record["period_id"] == period.id and record["vendor_status"] == 200
    assert "notice in nl" in record["reason"]
    assert record["vendor_response"] == "owner set to 6; notice e-mailed to the customer"


def test_an_owner_change_to_the_employee_by_a_colleague_is_rerouted(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    put, article = reroute_calls(vendor)
    post(client, "owner_changed_to_employee_by_agent")
    drain(services)
    assert put.call_count == 1 and article.call_count == 1


def test_a_customer_reply_on_a_ticket_still_owned_by_the_employee_is_rerouted(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    put, article = reroute_calls(vendor)
    post(client, "article_customer_reply")
    drain(services)
    assert put.call_count == 1 and article.call_count == 1


def test_a_state_change_on_the_employees_ticket_reroutes_it(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    put, _ = reroute_calls(vendor, state="pending reminder")
    post(client, "state_changed_pending")
    drain(services)
    assert put.call_count == 1


def test_the_echo_of_our_own_reassignment_reads_the_ticket_and_changes_nothing(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    # Zammad's payload never carries tags, so every event is confirmed against the API.
    register_ticket(vendor, owner=BOB)
    register_me(vendor)
    post(client, "owner_changed_echo_of_connector")
    drain(services)
    assert {m for m, _ in outbound(vendor)} == {"GET"}
    assert [r["action"] for r in audit(services)] == ["period_created"]


def test_an_owner_change_to_the_employee_made_by_stand_in_itself_is_not_rerouted(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    body = fixture_bytes("zammad", "owner_changed_echo_of_connector.json").replace(
        b'"owner_id":6', b'"owner_id":5'
    )
    assert b'"owner_id":5' in body
    hdrs = headers_of("owner_changed_echo_of_connector") | {
        "X-Hub-Signature": sign_zammad(TOKEN, body)
    }
    register_ticket(vendor, owner=ANNA)
    register_me(vendor)
    post(client, "", body=body, headers=hdrs)
    drain(services)
    assert {m for m, _ in outbound(vendor)} == {"GET"}
    [record] = [r for r in audit(services) if r["action"] == "skipped"]
    assert record["reason"] == "change made by the connector itself"


def test_an_internal_note_does_not_reroute_and_calls_nothing(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    post(client, "article_internal_note")
    assert drain(services) == 1
    assert len(vendor.calls) == 0


def test_a_system_auto_reply_is_ignored_by_the_worker_without_a_call(
    client: Any, services: Any, vendor: Any, period: Any, clock: Any
) -> None:
    post(client, "ignored_system_auto_reply")
    assert drain(services) == 1
    assert len(vendor.calls) == 0
    assert services.store.queue_stats(clock())["counts"] == {"done": 1}


def test_a_ticket_with_the_keep_tag_stays_with_the_employee_and_the_skip_is_audited(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    register_ticket(vendor, tags=["factuur", "standin_keep"])
    register_me(vendor)
    post(client, "ticket_created_owner_employee")
    drain(services)
    [record] = [r for r in audit(services) if r["action"] == "skipped"]
    assert "keep-tag" in record["reason"]
    assert {m for m, _ in outbound(vendor)} == {"GET"}


def test_a_closed_ticket_is_not_rerouted(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    register_ticket(vendor, state="closed")
    register_me(vendor)
    post(client, "owner_changed_to_employee_by_agent")
    drain(services)
    assert {m for m, _ in outbound(vendor)} == {"GET"}
    assert "closed" in next(r for r in audit(services) if r["action"] == "skipped")["reason"]


def test_a_french_speaking_customer_gets_the_french_notice(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    _, article = reroute_calls(
        vendor, customer="user_customer_locale_fr.json", notice=FRENCH_NOTICE
    )
    post(client, "ticket_created_owner_employee")
    drain(services)
    assert article.call_count == 1


def test_a_customer_without_a_locale_gets_the_helpdesks_language(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    _, article = reroute_calls(vendor, customer="user_customer_no_locale.json")
    post(client, "ticket_created_owner_employee")
    drain(services)
    assert article.call_count == 1


def test_a_customer_without_an_e_mail_address_gets_the_notice_as_an_internal_note(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    register_customer(vendor, email="")
    put = expect_owner(vendor, 6)
    register_customer(vendor, email="")
    note = expect_article(vendor, notice_note_article(DUTCH_NOTICE))
    post(client, "ticket_created_owner_employee")
    drain(services)
    assert put.call_count == 1 and note.call_count == 1
    assert "notice as internal note" in audit(services)[0]["vendor_response"]


def test_a_ticket_requested_by_an_agent_is_reassigned_without_a_notice(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    register_ticket(vendor, customer=4)
    register_me(vendor)
    register_customer(vendor, id=4, role_ids=[1, 2], email="lead@example.com")
    put = expect_owner(vendor, 6)
    post(client, "ticket_created_owner_employee")
    drain(services)
    assert put.call_count == 1
    assert not any(m == "POST" for m, _ in outbound(vendor))


def test_a_silently_unassigned_ticket_goes_back_to_the_employee_visibly_and_no_notice_is_sent(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    register_customer(vendor)
    expect_owner(vendor, 6, answer="ticket_update_owner_silently_unassigned_response.json")
    register_ticket(vendor, owner="1")  # the re-read: Zammad left it with nobody
    back = api("ticket_update_owner_response.json") | {"id": 81, "owner_id": 5}
    put_back = vendor.put(
        f"{BASE}/tickets/81", match=[AUTH, matchers.json_params_matcher({"owner_id": 5})], json=back
    )
    post(client, "ticket_created_owner_employee")
    drain(services)
    assert put_back.call_count == 1
    assert customer_facing_posts(vendor.calls) == []  # no public article
    assert [m for m, _ in outbound(vendor)].count("PUT") == 2
    [dead] = services.store.dead_events(None)
    assert "was not given to bob@example.com and is now unassigned" in dead["last_error"]
    assert "it stays with anna@example.com" in dead["last_error"]
    kept = next(r for r in audit(services) if r["action"] == "not_assigned_kept")
    assert kept["to_agent"] == ANNA and kept["ticket_id"] == "81"
    assert kept["vendor_status"] == 200 and '"owner_id": 1' in kept["vendor_response"]


def test_a_refused_notice_after_the_reassignment_is_reported_for_a_human_not_retried(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    register_customer(vendor)
    put = expect_owner(vendor, 6)
    register_customer(vendor)
    expect_article(
        vendor, email_article(DUTCH_NOTICE), status=422, answer=api("error_422_validation.json")
    )
    register_ticket(vendor, owner=BOB)  # the re-read after the failure: it is bob's
    post(client, "ticket_created_owner_employee")
    drain(services)
    assert put.call_count == 1
    [dead] = services.store.dead_events(None)
    assert dead["attempts"] == 1
    assert "was reassigned to bob@example.com, but the customer notice" in dead["last_error"]
    failed = next(r for r in audit(services) if r["action"] == "reroute_failed")
    assert failed["vendor_status"] == 422 and "No lookup value" in failed["vendor_response"]
    assert "stays with" not in dead["last_error"]


def test_a_zammad_422_on_the_owner_update_ends_the_job_with_zammads_message(
    client: Any, services: Any, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    register_customer(vendor)
    vendor.put(
        f"{BASE}/tickets/81",
        match=[AUTH, matchers.json_params_matcher({"owner_id": 6})],
        status=422,
        json=api("error_422_validation.json"),
    )
    post(client, "ticket_created_owner_employee")
    drain(services)
    failed = next(r for r in audit(services) if r["action"] == "not_assigned_kept")
    assert failed["vendor_status"] == 422 and "No lookup value" in failed["vendor_response"]


def test_without_an_active_period_no_vendor_call_is_made(
    client: Any, services: Any, vendor: Any
) -> None:
    post(client, "ticket_created_owner_employee")
    assert drain(services) == 1
    assert len(vendor.calls) == 0


# -- API methods ---------------------------------------------------------------------------
def test_agents_are_found_by_exact_e_mail_and_customers_are_not_agents(
    adapter: Any, vendor: Any
) -> None:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "customer@example.org")
    register_agent_search(vendor, "nobody@example.com")
    assert adapter.find_agent("anna@example.com") == Agent(
        id="5", email="anna@example.com", name="Anna Agent", is_agent=True, group_ids=("3",)
    )
    customer = adapter.find_agent("customer@example.org")
    assert customer is not None and customer.is_agent is False
    assert adapter.find_agent("nobody@example.com") is None


def test_a_period_for_a_customer_address_is_refused(services: Any, vendor: Any) -> None:
    from connector.errors import ValidationFailed

    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "customer@example.org")
    with pytest.raises(ValidationFailed) as info:
        services.periods.create(
            {
                "helpdesk": KEY,
                "employee": "anna@example.com",
                "replacement": "customer@example.org",
                "starts_at": "2026-11-20",
                "ends_at": "2026-12-31",
            },
            actor="test",
        )
    assert info.value.fields == {"replacement": ["customer@example.org is not an active agent"]}


def test_the_customers_locale_comes_from_their_preferences(adapter: Any, vendor: Any) -> None:
    register_customer(vendor, "user_customer_locale_fr.json")
    customer = adapter.get_customer("9")
    assert (customer.locale, customer.is_end_user, customer.email, customer.name) == (
        "fr-fr",
        True,
        "customer@example.org",
        "Noor Jansen",
    )


def test_a_ticket_is_read_with_names_and_its_tags(adapter: Any, vendor: Any) -> None:
    register_ticket(vendor, tags=["factuur", "vip"], state="pending reminder")
    assert adapter.get_ticket("81") == TicketSnapshot(
        ticket_id="81",
        assignee_id=ANNA,
        requester_id="9",
        group_id="3",
        status="pending",
        priority="normal",
        tags=("factuur", "vip"),
        subject="Factuur klopt niet",
    )


def test_an_internal_note_is_a_note_article_marked_internal(adapter: Any, vendor: Any) -> None:
    note = expect_article(vendor, note_article("Bob neemt dit ticket over.", 77))
    assert adapter.add_internal_note("77", "Bob neemt dit ticket over.").status == 201
    assert note.call_count == 1


def test_open_tickets_reads_every_page_until_a_short_one(adapter: Any, vendor: Any) -> None:
    adapter.per_page = 2
    pages = [
        api("tickets_search_owner_open_page1.json"),
        api("tickets_search_owner_open_page2.json"),
    ]
    for number, rows in enumerate(pages, start=1):
        vendor.get(
            f"{BASE}/tickets/search",
            match=[
                AUTH,
                matchers.query_param_matcher(
                    {"query": OPEN_QUERY, "expand": "true", "page": str(number), "per_page": "2"}
                ),
            ],
            json=rows,
        )
        for row in rows:
            register_tags(vendor, str(row["id"]), ["standin_keep"] if row["id"] == 77 else [])
    tickets = adapter.open_tickets(ANNA)
    assert [(t.ticket_id, t.status, t.assignee_id, t.tags) for t in tickets] == [
        ("81", "open", ANNA, ()),
        ("77", "new", ANNA, ("standin_keep",)),
        ("64", "pending", ANNA, ()),
    ]


def test_open_tickets_of_an_agent_without_any_is_one_call(adapter: Any, vendor: Any) -> None:
    vendor.get(f"{BASE}/tickets/search", json=api("tickets_search_owner_open_empty.json"))
    assert adapter.open_tickets(ANNA) == []


def test_bulk_reassign_goes_ticket_by_ticket_and_reports_the_refused_ones(
    adapter: Any, vendor: Any
) -> None:
    bob = Agent(BOB, "bob@example.com", "Bob Backup")
    expect_owner(vendor, 6, ticket_id="81")
    expect_owner(
        vendor, 6, ticket_id="77", answer="ticket_update_owner_silently_unassigned_response.json"
    )
    expect_owner(vendor, 6, ticket_id="64")
    result = adapter.bulk_reassign(["81", "77", "64"], bob)
    assert result.status == 207
    assert result.summary.startswith("2 of 3 tickets given to 6; failed: 77 (zammad: ticket 77")
    assert list(result.failed) == ["77"]
    assert result.failed["77"].startswith("zammad: ticket 77 was not given to bob@example.com")


def test_bulk_reassign_of_accepted_tickets_summarises(adapter: Any, vendor: Any) -> None:
    expect_owner(vendor, 6, ticket_id="81")
    result = adapter.bulk_reassign(["81"], Agent(BOB, "bob@example.com", "Bob Backup"))
    assert (result.status, result.summary) == (200, "1 of 1 tickets given to 6")


# -- install -------------------------------------------------------------------------------
def webhook_request() -> dict[str, Any]:
    body = api("install_webhook_create_request.json")
    body["endpoint"] = HOOK_URL
    return body


def webhook_row(**changes: Any) -> dict[str, Any]:
    row = api("install_webhook_create_response.json")
    row.update({"endpoint": HOOK_URL, **changes})
    return row


TRIGGER_FIXTURES = {
    "Stand-in: ticket created": "install_trigger_ticket_created_request.json",
    "Stand-in: owner changed": "install_trigger_owner_changed_request.json",
    "Stand-in: state changed": "install_trigger_state_changed_request.json",
    "Stand-in: article created": "install_trigger_article_created_request.json",
}


def trigger_row(name: str, tid: int, webhook_id: str = "2") -> dict[str, Any]:
    row = copy.deepcopy(api("install_trigger_create_response.json"))
    request = api(TRIGGER_FIXTURES[name])
    row.update(id=tid, name=name, condition=request["condition"])
    row["perform"] = {"notification.webhook": {"webhook_id": webhook_id}}
    return row


def test_install_creates_the_signed_webhook_and_one_trigger_per_event(
    adapter: Any, vendor: Any
) -> None:
    vendor.get(f"{BASE}/webhooks", match=[AUTH], json=[])
    hook = vendor.post(
        f"{BASE}/webhooks",
        match=[AUTH, matchers.json_params_matcher(webhook_request())],
        json=webhook_row(),
        status=201,
    )
    vendor.get(f"{BASE}/triggers", match=[AUTH], json=[])
    made = [
        vendor.post(
            f"{BASE}/triggers",
            match=[AUTH, matchers.json_params_matcher(api(fixture))],
            json=trigger_row(name, 13 + i),
            status=201,
        )
        for i, (name, fixture) in enumerate(TRIGGER_FIXTURES.items())
    ]
    steps = adapter.install(HOOK_URL, dry_run=False)
    assert hook.call_count == 1 and all(t.call_count == 1 for t in made)
    assert [s.action for s in steps] == ["create"] * 5 + ["manual"]
    assert WEBHOOK_NAME in steps[0].description and HOOK_URL in steps[0].description
    assert "full" in steps[-1].description


def test_install_a_second_time_creates_nothing(adapter: Any, vendor: Any) -> None:
    vendor.get(f"{BASE}/webhooks", json=[{"id": 1, "name": "Slack"}, webhook_row()])
    vendor.get(
        f"{BASE}/triggers",
        json=[trigger_row(name, 13 + i) for i, name in enumerate(TRIGGER_FIXTURES)],
    )
    steps = adapter.install(HOOK_URL, dry_run=False)
    assert [s.action for s in steps] == ["exists"] * 5 + ["manual"]
    assert {m for m, _ in outbound(vendor)} == {"GET"}


def test_install_repoints_a_moved_webhook_and_a_trigger_aimed_elsewhere(
    adapter: Any, vendor: Any
) -> None:
    vendor.get(f"{BASE}/webhooks", json=[webhook_row(endpoint="https://old.example.com/hook")])
    moved = vendor.put(
        f"{BASE}/webhooks/2",
        match=[matchers.json_params_matcher(webhook_request())],
        json=webhook_row(),
    )
    rows = [trigger_row(name, 13 + i) for i, name in enumerate(TRIGGER_FIXTURES)]
    rows[1] = trigger_row("Stand-in: owner changed", 14, webhook_id="9")
    vendor.get(f"{BASE}/triggers", json=rows)
    fixed = vendor.put(
        f"{BASE}/triggers/14",
        match=[matchers.json_params_matcher(api("install_trigger_owner_changed_request.json"))],
        json=rows[1],
    )
    steps = adapter.install(HOOK_URL, dry_run=False)
    assert moved.call_count == 1 and fixed.call_count == 1
    assert [s.action for s in steps] == ["update", "exists", "update", "exists", "exists", "manual"]


def test_install_dry_run_plans_everything_and_changes_nothing(
    services: Any, vendor: Any, tmp_path: Path
) -> None:
    vendor.get(f"{BASE}/webhooks", json=[])
    vendor.get(f"{BASE}/triggers", json=[trigger_row("Stand-in: ticket created", 13)])
    config = {
        "database_url": f"sqlite:///{tmp_path / 'cli.db'}",
        "helpdesks": {KEY: zammad_desk()},
    }
    path = tmp_path / "standin.yaml"
    path.write_text(yaml.safe_dump(config))
    result = CliRunner().invoke(
        main,
        [
            "install",
            KEY,
            "--config",
            str(path),
            "--public-url",
            "https://standin.example.com",
            "--dry-run",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"[would create] webhook {WEBHOOK_NAME!r} → {HOOK_URL} (signed with the first webhook "
        "secret)"
    )
    # the existing trigger must be re-aimed at the webhook that does not exist yet
    assert lines[1].startswith("[would update] trigger 'Stand-in: ticket created'")
    assert [line.split("]")[0] for line in lines[2:5]] == ["[would create"] * 3
    assert {m for m, _ in outbound(vendor)} == {"GET"}
    assert TOKEN not in result.output


# -- replies (hand-back policy untouched_only) ------------------------------------------------
SINCE = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)


def article(by: str, when: str, *, internal: bool = False, sender: str = "Agent") -> dict[str, Any]:
    """One row of GET /ticket_articles/by_ticket/{id}?expand=true (the webhook's article shape)."""
    a = copy.deepcopy(fixture_json("zammad", "article_customer_reply.json")["article"])
    a.update(created_by_id=int(by), created_at=when, internal=internal, sender=sender)
    a["sender_id"] = {"Agent": 1, "Customer": 2, "System": 3}[sender]
    return a


def register_articles(vendor: Any, rows: list[dict[str, Any]]) -> Any:
    return vendor.get(
        f"{BASE}/ticket_articles/by_ticket/81",
        match=[AUTH, matchers.query_param_matcher({"expand": "true"})],
        json=rows,
    )


def test_a_public_article_by_the_replacement_after_the_move_counts_as_replied(
    adapter: Any, vendor: Any
) -> None:
    call = register_articles(
        vendor,
        [
            article(CUSTOMER, "2025-03-03T11:00:00.000Z", sender="Customer"),
            article(BOB, "2025-03-03T12:30:00.000Z"),
        ],
    )
    assert adapter.replied_since("81", BOB, SINCE) is True
    assert call.call_count == 1


def test_internal_notes_customer_mail_other_agents_and_older_articles_are_no_reply(
    adapter: Any, vendor: Any
) -> None:
    register_articles(
        vendor,
        [
            article(BOB, "2025-03-03T13:00:00.000Z", internal=True),
            article(BOB, "2025-03-03T11:59:59.000Z"),
            article(LEA, "2025-03-03T14:00:00.000Z"),
            article(BOB, "2025-03-03T14:00:00.000Z", sender="System"),
        ],
    )
    assert adapter.replied_since("81", BOB, SINCE) is False
