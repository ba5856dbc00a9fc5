"""HubSpot webhooks end to end: signed batch in → one canonical event each → exact API calls."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from responses import matchers

from connector.adapters.helpdesks.base import WebhookRequest
from connector.adapters.helpdesks.hubspot.client import _html
from connector.config import parse_config
from connector.domain.events import Agent, CanonicalEvent, EventKind
from connector.errors import SignatureError
from connector.mapping import credential_keys
from connector.wiring import Services
from tests.hubspot_api import (
    ANNA,
    APP_ID,
    BASE,
    BOB,
    SECRET,
    THREAD,
    TICKET,
    api,
    expect_message,
    expect_note,
    expect_owner_update,
    hubspot_headers,
    message_body,
    register_contact,
    register_owner,
    register_owner_search,
    register_pipelines,
    register_threads,
    register_ticket,
)
from tests.support import FakeClock, anna_period, build_test_services, fixture_bytes, fixture_json
from tests.vendor_harness import drain

KEY = "hubspotdesk"
PUBLIC_URL = "https://standin.example.com"
SIGNED_URL = f"{PUBLIC_URL}/webhooks/{KEY}"
FIXTURE_URL = "https://standin.example.com/hooks/hubspot"  # where the fixtures were signed
NOW_ISO = "2026-11-23T09:00:00.000Z"


def _notice(lang: str) -> Any:
    """The built-in formal notice for Noor (the contact fixture), from Bob, on the test day."""
    import datetime as dt

    from connector.domain.notices import builtin_template, render_notice

    values = {
        "customer_name": "Noor Jansen",
        "replacement_name": "Bob Backup",
        "start_date": dt.date(2026, 11, 23),
        "ticket_reference": TICKET,
    }
    return render_notice(builtin_template("notice", "formal", lang), values)


DUTCH = _notice("nl")
DUTCH_NOTICE = DUTCH.text
WEBHOOK_FIXTURES = [
    "batch_retry_attempt1",
    "batch_with_duplicate",
    "conversation_new_message_customer_reply",
    "conversation_new_message_internal_comment",
    "ignored_contact_property_change",
    "note_created_contactlog_generic_webhook",
    "note_created_generic_webhook",
    "owner_changed_echo_of_connector",
    "owner_changed_to_employee_by_agent",
    "status_changed_closed",
    "ticket_created_owner_employee",
]


def make_config(db_url: str, public_url: str = PUBLIC_URL, **credentials: str) -> Any:
    creds = {"access_token": "pat-eu1-test-token", "app_id": APP_ID, **credentials}
    return parse_config(
        {
            "database_url": db_url,
            "public_url": public_url,
            "helpdesks": {
                KEY: {
                    "vendor": "hubspot",
                    "url": BASE,
                    "credentials": {k: v for k, v in creds.items() if v},
                    "webhook_secrets": [SECRET],
                    "timezone": "Europe/Amsterdam",
                    "locale": "nl",
                }
            },
        },
        credential_keys=credential_keys(),
    )


def build(config: Any, clock: FakeClock, sleeps: Any) -> Services:
    svc = build_test_services(config, clock, sleeps)
    svc.helpdesks[KEY].clock = clock  # type: ignore[attr-defined]
    return svc


@pytest.fixture
def services(db_url: str, clock: FakeClock, sleeps: Any) -> Iterator[Services]:
    svc = build(make_config(db_url), clock, sleeps)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def adapter(services: Services) -> Any:
    return services.helpdesks[KEY]


@pytest.fixture
def period(services: Any, vendor: Any) -> Any:
    register_owner_search(vendor, "anna@example.com")
    register_owner_search(vendor, "bob@example.com")
    p = anna_period(services, KEY)
    vendor.calls.reset()
    return p


def post(client: Any, clock: Any, name: str, body: bytes | None = None, **kw: Any) -> Any:
    body = body if body is not None else fixture_bytes("hubspot", f"{name}.json")
    headers = hubspot_headers(body, kw.pop("url", SIGNED_URL), clock(), **kw)
    return client.post(f"/webhooks/{KEY}", data=body, headers=headers)


def canonical(services: Any, name: str) -> list[CanonicalEvent | None]:
    mapping = services.helpdesks[KEY].mapping
    return [
        mapping.to_canonical(KEY, mapping.event_type(ev, {}), ev)
        for ev in fixture_json("hubspot", f"{name}.json")
    ]


def audits(services: Any) -> list[dict[str, Any]]:
    return [
        r
        for r in services.repositories.audit.audit_records(None)
        if r["action"] != "period_created"
    ]


def writes(vendor: Any) -> list[Any]:
    return [c for c in vendor.calls if c.request.method in ("PATCH", "POST", "PUT")]


def reroute_to_thread(vendor: Any, ticket_id: str = TICKET, language: str = "nl") -> list[Any]:
    register_ticket(vendor, ticket_id)
    register_pipelines(vendor)
    register_contact(vendor, language)
    patch = expect_owner_update(vendor, ticket_id)
    register_threads(vendor, ticket_id)
    register_owner(vendor)
    return [patch]


# -- signature ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", WEBHOOK_FIXTURES)
def test_every_recorded_delivery_verifies_against_the_url_hubspot_called(
    adapter: Any, name: str
) -> None:
    raw = fixture_json("hubspot", f"{name}.headers.json")
    headers = {k.lower(): v for k, v in raw.items() if not k.startswith("_")}
    sent = dt.datetime.fromtimestamp(int(headers["x-hubspot-request-timestamp"]) / 1000, dt.UTC)
    req = WebhookRequest("POST", FIXTURE_URL, headers, fixture_bytes("hubspot", f"{name}.json"))
    adapter.verify(req, sent + dt.timedelta(seconds=2), 300)
    with pytest.raises(SignatureError, match="does not match"):
        adapter.verify(
            WebhookRequest("POST", SIGNED_URL, headers, req.body), sent, 300
        )  # same bytes, another URL: the URL is part of what HubSpot signs


def test_a_signed_batch_is_stored_as_one_row_per_event(
    client: Any, services: Any, clock: Any
) -> None:
    resp = post(client, clock, "ticket_created_owner_employee")
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 2, "duplicates": 0, "ignored": 0}
    assert services.store.queue_stats(clock())["counts"] == {"pending": 2}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda h: h.pop("X-HubSpot-Signature-v3"), "missing header X-HubSpot-Signature-v3"),
        (
            lambda h: h.pop("X-HubSpot-Request-Timestamp"),
            "missing header X-HubSpot-Request-Timestamp",
        ),
        (
            lambda h: h.update(
                {"X-HubSpot-Signature-v3": "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="}
            ),
            "does not match",
        ),
        (lambda h: h.update({"X-HubSpot-Request-Timestamp": "yesterday"}), "not milliseconds"),
    ],
    ids=["no-signature", "no-timestamp", "wrong-signature", "timestamp-not-ms"],
)
def test_a_bad_signature_is_401_and_nothing_is_stored(
    client: Any, services: Any, clock: Any, mutate: Any, message: str
) -> None:
    body = fixture_bytes("hubspot", "owner_changed_to_employee_by_agent.json")
    headers = hubspot_headers(body, SIGNED_URL, clock())
    mutate(headers)
    resp = client.post(f"/webhooks/{KEY}", data=body, headers=headers)
    assert resp.status_code == 401
    assert message in resp.get_json()["error"]["message"]
    assert services.store.queue_stats(clock())["counts"] == {}


@pytest.mark.parametrize(
    "offset",
    [-299, -1, 0, 1, 240, 299.999],
    ids=["299s-old", "1s-old", "now", "1s-ahead", "4min-ahead", "299s-ahead"],
)
def test_a_delivery_stamped_within_five_minutes_either_side_of_our_clock_is_accepted(
    client: Any, services: Any, clock: Any, offset: float
) -> None:
    """HubSpot's SDK (Signature.is_valid) takes any request younger than 5 minutes, also one
    whose sender's clock runs ahead of ours; so does the connector, up to the same 5 minutes."""
    body = fixture_bytes("hubspot", "owner_changed_to_employee_by_agent.json")
    headers = hubspot_headers(body, SIGNED_URL, clock() + dt.timedelta(seconds=offset))
    assert client.post(f"/webhooks/{KEY}", data=body, headers=headers).status_code == 202


def test_a_delivery_five_minutes_old_is_401_as_in_hubspots_sdk(
    client: Any, services: Any, clock: Any
) -> None:
    body = fixture_bytes("hubspot", "owner_changed_to_employee_by_agent.json")
    headers = hubspot_headers(body, SIGNED_URL, clock() - dt.timedelta(seconds=300))
    resp = client.post(f"/webhooks/{KEY}", data=body, headers=headers)
    assert resp.status_code == 401
    assert resp.get_json()["error"]["message"] == (
        "signature timestamp outside the allowed 300 s window (300 s old)"
    )
    assert services.store.queue_stats(clock())["counts"] == {}


def test_a_delivery_stamped_more_than_five_minutes_ahead_is_401(
    client: Any, services: Any, clock: Any
) -> None:
    """Far-future stamps are refused: such a captured request would stay replayable."""
    body = fixture_bytes("hubspot", "owner_changed_to_employee_by_agent.json")
    headers = hubspot_headers(body, SIGNED_URL, clock() + dt.timedelta(seconds=301))
    resp = client.post(f"/webhooks/{KEY}", data=body, headers=headers)
    assert resp.status_code == 401
    assert resp.get_json()["error"]["message"] == (
        "signature timestamp outside the allowed 300 s window (301 s ahead of our clock)"
    )
    assert services.store.queue_stats(clock())["counts"] == {}


def test_a_changed_body_is_401(client: Any, services: Any, clock: Any) -> None:
    body = fixture_bytes("hubspot", "owner_changed_to_employee_by_agent.json")
    headers = hubspot_headers(body, SIGNED_URL, clock())
    resp = client.post(
        f"/webhooks/{KEY}", data=body.replace(b"5730001", b"5730003"), headers=headers
    )
    assert resp.status_code == 401


def test_behind_a_proxy_without_public_url_the_signature_cannot_match(
    db_url: str, clock: Any, sleeps: Any
) -> None:
    from connector.web import create_app

    svc = build(make_config(db_url, public_url=""), clock, sleeps)
    try:
        client = create_app(services=svc, TESTING=True).test_client()
        # HubSpot signed the public URL; the connector sees http://localhost/… without public_url.
        assert post(client, clock, "owner_changed_to_employee_by_agent").status_code == 401
        # Signed for the URL as the connector sees it, it passes: the URL is what matters.
        local = f"http://localhost/webhooks/{KEY}"
        assert (
            post(client, clock, "owner_changed_to_employee_by_agent", url=local).status_code == 202
        )
    finally:
        svc.store.engine.dispose()


def test_a_body_that_is_not_an_array_of_events_is_400(
    client: Any, services: Any, clock: Any
) -> None:
    resp = post(client, clock, "", body=b'{"objectId": 1}')
    assert resp.status_code == 400
    assert "JSON array" in resp.get_json()["error"]["message"]


# -- de-duplication -----------------------------------------------------------------------
def test_a_duplicate_inside_a_batch_is_stored_once(client: Any, services: Any, clock: Any) -> None:
    resp = post(client, clock, "batch_with_duplicate")
    assert resp.get_json() == {"accepted": 3, "duplicates": 1, "ignored": 0}


def test_a_retry_with_a_higher_attempt_number_is_a_duplicate(
    client: Any, services: Any, clock: Any
) -> None:
    post(client, clock, "batch_with_duplicate")
    resp = post(client, clock, "batch_retry_attempt1")
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 0, "duplicates": 1, "ignored": 0}


def test_the_dedup_key_is_the_composite_without_the_attempt_number(adapter: Any) -> None:
    first = fixture_json("hubspot", "batch_with_duplicate.json")[0]
    retry = fixture_json("hubspot", "batch_retry_attempt1.json")[0]
    req = WebhookRequest("POST", SIGNED_URL, {}, b"")
    key = adapter.dedup_key(req, first)
    assert key == adapter.dedup_key(req, retry)
    assert key.startswith(
        "hubspot:62515:2002:1234567002:1690004001:1741002010000:hubspot_owner_id:"
    )
    # The same eventId for another value is another event (eventId is not unique).
    assert adapter.dedup_key(req, {**first, "propertyValue": "5730002"}) != key


# -- mapping ------------------------------------------------------------------------------
def test_a_ticket_creation_batch_maps_to_a_creation_and_an_owner_change(services: Any) -> None:
    created, owner = canonical(services, "ticket_created_owner_employee")
    at = dt.datetime(2025, 3, 3, 9, 15, 2, 118000, tzinfo=dt.UTC)
    assert created == CanonicalEvent(
        kind=EventKind.TICKET_CREATED,
        helpdesk=KEY,
        ticket_id=TICKET,
        actor_id="userId:9100003",
        occurred_at=at,
        raw_type="ticket.creation",
    )
    assert owner == CanonicalEvent(
        kind=EventKind.ASSIGNEE_CHANGED,
        helpdesk=KEY,
        ticket_id=TICKET,
        assignee_id=ANNA,
        actor_id="userId:9100003",
        occurred_at=at,
        raw_type="ticket.propertyChange:hubspot_owner_id",
    )


def test_a_change_written_by_our_app_carries_the_app_as_actor(services: Any) -> None:
    [echo] = canonical(services, "owner_changed_echo_of_connector")
    assert echo is not None
    assert (echo.kind, echo.assignee_id, echo.actor_id) == (
        EventKind.ASSIGNEE_CHANGED,
        BOB,
        f"app:{APP_ID}",
    )
    assert services.helpdesks[KEY].own_actor_ids() == frozenset({f"app:{APP_ID}"})


def test_a_pipeline_stage_change_maps_to_a_status_change(services: Any) -> None:
    [closed] = canonical(services, "status_changed_closed")
    assert closed is not None
    assert (closed.kind, closed.ticket_id, closed.status, closed.assignee_id) == (
        EventKind.STATUS_CHANGED,
        TICKET,
        "closed",
        None,
    )


def test_a_workflow_owner_change_has_no_actor(services: Any) -> None:
    events = canonical(services, "batch_with_duplicate")
    workflow = events[2]
    assert workflow is not None and workflow.actor_id is None and workflow.assignee_id == ANNA


def test_an_event_we_do_not_handle_is_answered_202_and_not_stored(
    client: Any, services: Any, clock: Any
) -> None:
    assert services.helpdesks[KEY].mapping.is_ignored("contact.propertyChange:lastname")
    resp = post(client, clock, "ignored_contact_property_change")
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 0, "duplicates": 0, "ignored": 1}
    assert services.store.queue_stats(clock())["counts"] == {}


def test_a_new_conversation_message_maps_to_a_customer_reply_naming_its_thread(
    services: Any,
) -> None:
    """objectId of a conversation event is the thread; the ticket is found later."""
    [reply] = canonical(services, "conversation_new_message_customer_reply")
    assert reply == CanonicalEvent(
        kind=EventKind.CUSTOMER_REPLIED,
        helpdesk=KEY,
        ticket_id="",
        thread_id=THREAD,
        message_id="8b1f7c2e4d3a4f0b9e6c5a7d8f9e0a1b",
        occurred_at=dt.datetime(2025, 3, 3, 13, 20, 5, 871000, tzinfo=dt.UTC),
        raw_type="conversation.newMessage",
    )
    # An internal comment on the thread is no reply: it maps to nothing.
    assert canonical(services, "conversation_new_message_internal_comment") == [None]


def expect_message_read(vendor: Any, message: dict[str, Any]) -> None:
    vendor.get(
        f"{BASE}/conversations/v3/conversations/threads/{THREAD}/messages/{message['id']}",
        match=[matchers.query_param_matcher({})],
        json=message,
    )


def expect_thread_read(vendor: Any, ticket: str | None = TICKET) -> None:
    thread = api("conversations_thread_get.json")
    thread["threadAssociations"] = {"associatedTicketId": ticket} if ticket else {}
    vendor.get(
        f"{BASE}/conversations/v3/conversations/threads/{THREAD}",
        match=[matchers.query_param_matcher({"association": "TICKET"})],
        json=thread,
    )


def test_a_customers_reply_on_the_employees_ticket_is_rerouted_like_on_the_other_helpdesks(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    expect_message_read(vendor, api("conversations_message_get_customer_reply.json"))
    expect_thread_read(vendor)
    [patch] = reroute_to_thread(vendor)
    message = expect_message(vendor, DUTCH_NOTICE, DUTCH.html)
    assert post(client, clock, "conversation_new_message_customer_reply").get_json() == {
        "accepted": 1,
        "duplicates": 0,
        "ignored": 0,
    }
    assert drain(services) == 1
    assert patch.call_count == 1 and message.call_count == 1
    [record] = audits(services)
    assert (record["action"], record["ticket_id"], record["from_agent"], record["to_agent"]) == (
        "rerouted",
        TICKET,
        ANNA,
        BOB,
    )


def test_an_agents_own_message_in_the_thread_reroutes_nothing(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    outgoing = api("conversations_message_get_customer_reply.json")
    outgoing.update(direction="OUTGOING", createdBy="A-9100003")
    outgoing["senders"] = [{"actorId": "A-9100003", "name": "Lea Lead", "senderField": "FROM"}]
    expect_message_read(vendor, outgoing)
    expect_thread_read(vendor)
    post(client, clock, "conversation_new_message_customer_reply")
    assert drain(services) == 1
    assert writes(vendor) == [] and audits(services) == []


def test_a_message_in_a_thread_without_a_ticket_is_ignored(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    expect_message_read(vendor, api("conversations_message_get_customer_reply.json"))
    expect_thread_read(vendor, ticket=None)
    post(client, clock, "conversation_new_message_customer_reply")
    assert drain(services) == 1
    assert writes(vendor) == [] and audits(services) == []


def test_a_ticket_with_the_keep_marker_property_stays_with_the_employee_and_the_skip_is_audited(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    """HubSpot tickets have no tags: the property mappings/hubspot.yaml names stands for the
    keep-tag, and the same rule honours it."""
    assert services.helpdesks[KEY].mapping.keep_marker.field == "standin_keep"
    register_ticket(vendor, "1234567002", keep="true")
    register_pipelines(vendor)
    post(client, clock, "owner_changed_to_employee_by_agent")
    drain(services)
    assert writes(vendor) == []
    [record] = audits(services)
    assert (record["action"], record["reason"]) == (
        "skipped",
        "ticket carries the keep-tag 'standin_keep'",
    )


def test_an_unchecked_keep_marker_keeps_nothing(adapter: Any, vendor: Any) -> None:
    register_ticket(vendor, keep="false")
    register_pipelines(vendor)
    assert adapter.get_ticket(TICKET).tags == ()


def test_a_note_creation_is_an_internal_note_read_only_where_team_leads_are_listed(
    client: Any, services: Any, vendor: Any, clock: Any
) -> None:
    [event] = canonical(services, "note_created_generic_webhook")
    assert event is not None and event.kind is EventKind.INTERNAL_NOTE
    assert (event.note_id, event.ticket_id, event.note_body) == ("54321987001", "", None)
    assert post(client, clock, "note_created_generic_webhook").get_json()["accepted"] == 1
    assert drain(services) == 1
    assert len(vendor.calls) == 0  # no team leads listed here: the note is not even read


def test_a_creation_of_another_object_type_maps_to_nothing(services: Any) -> None:
    mapping = services.helpdesks[KEY].mapping
    [contact] = fixture_json("hubspot", "note_created_generic_webhook.json")
    contact["objectTypeId"] = "0-1"
    assert mapping.to_canonical(KEY, "object.creation", contact) is None


# -- rerouting ----------------------------------------------------------------------------
@pytest.mark.both_engines
def test_an_owner_change_to_the_employee_is_rerouted_with_a_reply_in_the_ticket_thread(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    ticket = "1234567002"
    [patch] = reroute_to_thread(vendor, ticket)
    message = expect_message(vendor, DUTCH_NOTICE, DUTCH.html, ticket_id=ticket)
    assert post(client, clock, "owner_changed_to_employee_by_agent").status_code == 202
    assert drain(services) == 1
    assert patch.call_count == 1 and message.call_count == 1
    # The owner is set before the customer is told.
    assert [c.request.method for c in writes(vendor)] == ["PATCH", "POST"]
    [record] = audits(services)
    assert record["action"] == "rerouted"
    assert (record["ticket_id"], record["from_agent"], record["to_agent"]) == (ticket, ANNA, BOB)
    assert "notice in nl" in record["reason"]
    assert record["vendor_response"] == (
        f"owner set to {BOB}; notice sent to the customer in conversation thread 8123456789 "
        "(message 9d8c7b6a5f4e3d2c1b0a99887766554f)"
    )


def test_without_a_conversation_thread_the_replacement_gets_an_internal_note_instead(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    ticket = "1234567002"
    register_ticket(vendor, ticket)
    register_pipelines(vendor)
    register_contact(vendor)
    expect_owner_update(vendor, ticket)
    register_threads(vendor, ticket_id=None)
    note = expect_note(
        vendor,
        _html(
            "Stand-in: this ticket is now with Bob Backup. There is no conversation thread to "
            "reply in, so the customer has not been told yet. Please send them this message "
            f"(nl):\n\n{DUTCH_NOTICE}"
        ),
        NOW_ISO,
        ticket,
    )
    post(client, clock, "owner_changed_to_employee_by_agent")
    drain(services)
    assert note.call_count == 1
    assert not any("/messages" in c.request.url for c in vendor.calls)
    [record] = audits(services)
    assert record["action"] == "rerouted"
    assert (
        "customer was NOT notified; internal note for Bob Backup instead (note 54321987010)"
        in (record["vendor_response"])
    )


WHATSAPP = {
    **api("conversations_thread_get.json"),
    "originalChannelId": "1007",
    "originalChannelAccountId": "53014811",
}
PHONE = {"type": "HS_PHONE_NUMBER", "value": "+31612345678"}


def whatsapp_message(actor: str, when: str, direction: str, ident: Any = None) -> dict[str, Any]:
    m = thread_message(actor, when, direction=direction)
    m.update(channelId="1007", channelAccountId="53014811")
    if ident is not None:
        m["senders"][0]["deliveryIdentifier"] = ident
    return m


def reroute_to_whatsapp(vendor: Any, ticket: str, messages: list[dict[str, Any]]) -> None:
    register_ticket(vendor, ticket)
    register_pipelines(vendor)
    register_contact(vendor)
    expect_owner_update(vendor, ticket)
    register_threads(vendor, ticket, thread=WHATSAPP)
    register_thread_messages(vendor, [messages])


def test_outside_e_mail_the_notice_goes_to_the_customers_own_channel_address(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    """Every channel needs recipients (and attachments, empty): on WhatsApp, chat or Messenger
    the customer's address is the one their latest incoming message came from."""
    ticket = "1234567002"
    reroute_to_whatsapp(
        vendor,
        ticket,
        [
            whatsapp_message(
                "V-751", "2025-03-03T09:00:00Z", "INCOMING", {**PHONE, "value": "+310"}
            ),
            whatsapp_message("A-9100001", "2025-03-03T09:30:00Z", "OUTGOING"),
            whatsapp_message("V-751", "2025-03-03T10:00:00Z", "INCOMING", PHONE),
        ],
    )
    register_owner(vendor)
    body = message_body(DUTCH_NOTICE, DUTCH.html, ticket_id=ticket)
    body.update(
        channelId="1007",
        channelAccountId="53014811",
        recipients=[{"recipientField": "TO", "deliveryIdentifiers": [PHONE], "actorId": "V-751"}],
    )
    message = vendor.post(
        f"{BASE}/conversations/v3/conversations/threads/{THREAD}/messages",
        match=[matchers.json_params_matcher(body)],
        json=api("conversations_message_create_response.json"),
        status=201,
    )
    assert post(client, clock, "owner_changed_to_employee_by_agent").status_code == 202
    assert drain(services) == 1
    assert message.call_count == 1
    assert audits(services)[0]["action"] == "rerouted"


def test_a_thread_that_names_no_address_of_the_customer_gets_a_note_for_the_replacement(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    ticket = "1234567002"
    reroute_to_whatsapp(
        vendor, ticket, [whatsapp_message("A-9100001", "2025-03-03T09:30:00Z", "OUTGOING")]
    )
    note = vendor.post(
        f"{BASE}/crm/v3/objects/notes", json=api("note_create_response.json"), status=201
    )
    post(client, clock, "owner_changed_to_employee_by_agent")
    drain(services)
    assert note.call_count == 1
    assert not any(
        c.request.method == "POST" and "/messages" in c.request.url for c in vendor.calls
    )
    assert (
        f"conversation thread {THREAD} names no address of the customer to reply to, so the "
        "customer was NOT notified; internal note for Bob Backup instead"
    ) in audits(services)[0]["vendor_response"]


def test_a_new_ticket_batch_reroutes_once_and_the_second_event_finds_it_moved(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    [patch] = reroute_to_thread(vendor)
    expect_message(vendor, DUTCH_NOTICE, DUTCH.html)
    register_ticket(vendor, owner=BOB)  # the owner-change event of the batch, seen afterwards
    post(client, clock, "ticket_created_owner_employee")
    assert drain(services) == 2
    assert patch.call_count == 1
    assert [r["action"] for r in audits(services)] == ["rerouted"]


def test_a_french_speaking_customer_gets_the_french_notice(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    french = _notice("fr")
    assert "je suis votre contact" in french.text and french.text.endswith("Bob Backup")
    reroute_to_thread(vendor, "1234567002", language="fr")
    message = expect_message(vendor, french.text, french.html, ticket_id="1234567002")
    post(client, clock, "owner_changed_to_employee_by_agent")
    drain(services)
    assert message.call_count == 1


def test_a_ticket_whose_contact_is_a_colleague_is_reassigned_without_a_notice(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_ticket(vendor, "1234567002")
    register_pipelines(vendor)
    register_contact(vendor, colleague=True)
    patch = expect_owner_update(vendor, "1234567002")
    post(client, clock, "owner_changed_to_employee_by_agent")
    drain(services)
    assert patch.call_count == 1
    assert len(writes(vendor)) == 1
    assert audits(services)[0]["vendor_response"] == f"owner set to {BOB}; no notice"


def test_the_echo_of_our_own_reassignment_writes_nothing(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_ticket(vendor, owner=BOB)  # HubSpot payloads never say the stage: fetched
    register_pipelines(vendor)
    post(client, clock, "owner_changed_echo_of_connector")
    drain(services)
    assert writes(vendor) == []
    assert audits(services) == []


def test_our_own_change_seen_before_the_ticket_moved_is_skipped_not_rerouted(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_ticket(vendor, owner=ANNA)  # out of order: the API still shows the employee
    register_pipelines(vendor)
    post(client, clock, "owner_changed_echo_of_connector")
    drain(services)
    assert writes(vendor) == []
    [record] = audits(services)
    assert (record["action"], record["reason"]) == (
        "skipped",
        "change made by the connector itself",
    )


def test_a_closed_ticket_of_the_employee_stays_where_it_is(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_ticket(vendor, owner=ANNA, stage="4")
    register_pipelines(vendor)
    post(client, clock, "status_changed_closed")
    drain(services)
    assert writes(vendor) == []
    [record] = audits(services)
    assert (record["action"], record["reason"]) == ("skipped", "ticket is closed")


def test_without_an_active_period_an_owner_change_costs_no_call(
    client: Any, services: Any, vendor: Any, clock: Any
) -> None:
    post(client, clock, "owner_changed_to_employee_by_agent")
    assert drain(services) == 1
    assert len(vendor.calls) == 0


def test_a_hubspot_400_on_the_owner_ends_the_job_with_the_vendors_message_in_the_audit(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any
) -> None:
    register_ticket(vendor, "1234567002")
    register_pipelines(vendor)
    register_contact(vendor)
    expect_owner_update(vendor, "1234567002", status=400, body=api("error_400_validation.json"))
    post(client, clock, "owner_changed_to_employee_by_agent")
    drain(services)
    failed = next(r for r in audits(services) if r["action"] == "not_assigned_kept")
    assert failed["vendor_status"] == 400
    assert "INVALID_OPTION" in failed["vendor_response"]
    assert services.store.dead_events(None)[0]["attempts"] == 1


def test_a_rate_limited_read_is_retried_inside_the_job(
    client: Any, services: Any, vendor: Any, clock: Any, period: Any, sleeps: Any
) -> None:
    limited = api("error_429_rate_limit.headers.json")
    vendor.get(
        f"{BASE}/crm/v3/objects/tickets/1234567002",
        status=429,
        json=api("error_429_rate_limit.json"),
        headers={k: v for k, v in limited.items() if k.startswith("X-")},
    )
    reroute_to_thread(vendor, "1234567002")
    expect_message(vendor, DUTCH_NOTICE, DUTCH.html, ticket_id="1234567002")
    post(client, clock, "owner_changed_to_employee_by_agent")
    drain(services)
    assert len(sleeps.calls) == 1  # no Retry-After from HubSpot: backoff with jitter
    assert audits(services)[0]["action"] == "rerouted"


# -- agents, open tickets, bulk -----------------------------------------------------------
def test_an_owner_is_an_agent_with_the_primary_team_as_default_group(
    adapter: Any, vendor: Any
) -> None:
    register_owner_search(vendor, "anna@example.com")
    assert adapter.find_agent("anna@example.com") == Agent(
        id=ANNA,
        email="anna@example.com",
        name="Anna Agent",
        is_agent=True,
        group_ids=("41001",),
        default_group_id="41001",
    )


def test_a_deactivated_user_is_found_but_is_not_an_agent(adapter: Any, vendor: Any) -> None:
    register_owner_search(vendor, "former@example.com", "not_found")
    vendor.get(
        f"{BASE}/crm/v3/owners",
        match=[matchers.query_param_matcher({"email": "former@example.com", "archived": "true"})],
        json=api("owners_by_email_archived.json"),
    )
    agent = adapter.find_agent("former@example.com")
    assert agent is not None and (agent.id, agent.is_agent) == ("5730009", False)


def test_a_contact_is_found_but_is_not_an_agent_and_an_unknown_address_is_none(
    adapter: Any, vendor: Any
) -> None:
    for email, found in (("customer@example.org", True), ("nobody@example.org", False)):
        register_owner_search(vendor, email, "not_found")
        vendor.get(
            f"{BASE}/crm/v3/owners",
            match=[matchers.query_param_matcher({"email": email, "archived": "true"})],
            json=api("owners_by_email_not_found.json"),
        )
        request = api("contacts_search_by_email_request.json")
        request["filterGroups"][0]["filters"][0]["value"] = email
        vendor.post(
            f"{BASE}/crm/v3/objects/contacts/search",
            match=[matchers.json_params_matcher(request)],
            json=api(
                "contacts_search_by_email_non_agent.json"
                if found
                else "tickets_search_owner_open_empty.json"
            ),
        )
    agent = adapter.find_agent("customer@example.org")
    assert agent is not None and (agent.id, agent.is_agent) == ("751", False)
    assert adapter.find_agent("nobody@example.org") is None


def test_a_period_cannot_name_a_customer_as_replacement(services: Any, vendor: Any) -> None:
    from connector.errors import ValidationFailed

    register_owner_search(vendor, "anna@example.com")
    register_owner_search(vendor, "former@example.com", "not_found")
    vendor.get(
        f"{BASE}/crm/v3/owners",
        match=[matchers.query_param_matcher({"email": "former@example.com", "archived": "true"})],
        json=api("owners_by_email_archived.json"),
    )
    with pytest.raises(ValidationFailed) as err:
        services.periods.create(
            {
                "helpdesk": KEY,
                "employee": "anna@example.com",
                "replacement": "former@example.com",
                "starts_at": "2026-11-20",
                "ends_at": "2026-12-31",
            },
            actor="test",
        )
    assert err.value.fields == {"replacement": ["former@example.com is not an active agent"]}


def test_open_tickets_follow_every_search_page_and_leave_closed_stages_out(
    adapter: Any, vendor: Any
) -> None:
    adapter.search_page_size = 2
    register_pipelines(vendor)
    for page in (1, 2):
        vendor.post(
            f"{BASE}/crm/v3/objects/tickets/search",
            match=[
                matchers.json_params_matcher(
                    api(f"tickets_search_owner_open_request_page{page}.json")
                )
            ],
            json=api(f"tickets_search_owner_open_page{page}.json"),
        )
    tickets = adapter.open_tickets(ANNA)
    assert [(t.ticket_id, t.assignee_id, t.status, t.priority) for t in tickets] == [
        ("1234567001", ANNA, "open", "normal"),
        ("1234567002", ANNA, "open", "normal"),
        ("1234567003", ANNA, "open", "high"),
    ]


def test_bulk_reassign_sends_one_batch_update_per_hundred_tickets(
    adapter: Any, vendor: Any
) -> None:
    ids = [str(1234567000 + i) for i in range(1, 151)]
    bob = Agent(BOB, "bob@example.com", "Bob Backup")
    for chunk in (ids[:100], ids[100:]):
        vendor.post(
            f"{BASE}/crm/v3/objects/tickets/batch/update",
            match=[
                matchers.json_params_matcher(
                    {"inputs": [{"id": i, "properties": {"hubspot_owner_id": BOB}} for i in chunk]}
                )
            ],
            json={"status": "COMPLETE", "results": [{"id": i} for i in chunk]},
        )
    result = adapter.bulk_reassign(ids, bob)
    assert (result.status, result.summary) == (200, f"owner set to {BOB} on 150 of 150 tickets")


def test_bulk_reassign_reports_the_tickets_a_207_left_out(adapter: Any, vendor: Any) -> None:
    request = api("tickets_batch_update_request.json")
    request["inputs"][2]["id"] = "1234567099"
    vendor.post(
        f"{BASE}/crm/v3/objects/tickets/batch/update",
        match=[matchers.json_params_matcher(request)],
        json=api("tickets_batch_update_response_207.json"),
        status=207,
    )
    result = adapter.bulk_reassign(
        ["1234567001", "1234567002", "1234567099"], Agent(BOB, "bob@example.com", "Bob Backup")
    )
    assert result.status == 207
    assert result.summary == (
        f"owner set to {BOB} on 2 of 3 tickets; failed: 1234567099 (OBJECT_NOT_FOUND: Could not "
        "get some TICKET objects, they may be deleted or not exist. Check that ids are valid.)"
    )


def test_an_internal_note_is_a_note_object_associated_to_the_ticket(
    adapter: Any, vendor: Any
) -> None:
    note = expect_note(vendor, "<p>Creditnota &amp; excuses.</p>", NOW_ISO)
    result = adapter.add_internal_note(TICKET, "Creditnota & excuses.")
    assert note.call_count == 1 and result.summary == "note 54321987010"


# -- install ------------------------------------------------------------------------------
DEV_TOKEN = "dev-oauth-token-developers-write"
TARGET = "https://standin.example.com/hooks/hubspot"
AS_DEVELOPER = matchers.header_matcher({"Authorization": f"Bearer {DEV_TOKEN}"})
SUBSCRIPTION_FIXTURES = ("ticket_creation", "owner", "stage", "conversation_message", "note")


def dev_services(db_url: str, clock: Any, sleeps: Any, **creds: str) -> Services:
    return build(make_config(db_url, **creds), clock, sleeps)


def expect_keep_property(vendor: Any, exists: bool = True, status: int | None = None) -> None:
    """The keep-marker property, read with the portal token."""
    vendor.get(
        f"{BASE}/crm/v3/properties/tickets/standin_keep",
        match=[matchers.header_matcher({"Authorization": "Bearer pat-eu1-test-token"})],
        json=api("ticket_property_get_keep.json") if exists else api("error_404_not_found.json"),
        status=status or (200 if exists else 404),
    )


def expect_account(vendor: Any, status: int = 200) -> None:
    """The account's details (portal id, UI domain) for ticket links, with the portal token."""
    vendor.get(
        f"{BASE}/account-info/v3/details",
        match=[
            matchers.header_matcher({"Authorization": "Bearer pat-eu1-test-token"}),
            matchers.query_param_matcher({}),
        ],
        json=api("account_info_details.json") if status == 200 else api("error_404_not_found.json"),
        status=status,
    )


ACCOUNT_STEP = (
    "put portal_id: '62515' and ui_domain: 'app-eu1.hubspot.com' in the credentials of "
    f"helpdesk {KEY!r} so that tickets are linked"
)


def expect_settings(vendor: Any, current: Any, status: int = 200) -> None:
    vendor.get(
        f"{BASE}/webhooks/v3/{APP_ID}/settings",
        match=[AS_DEVELOPER, matchers.query_param_matcher({})],
        json=current,
        status=status,
    )


def expect_subscriptions(vendor: Any, results: list[Any], status: int = 200) -> None:
    vendor.get(
        f"{BASE}/webhooks/v3/{APP_ID}/subscriptions",
        match=[AS_DEVELOPER, matchers.query_param_matcher({})],
        json={"results": results} if status == 200 else api("error_404_not_found.json"),
        status=status,
    )


def test_install_subscribes_the_app_with_an_oauth_developer_token_then_a_second_run_creates_nothing(
    db_url: str, clock: Any, sleeps: Any, vendor: Any
) -> None:
    svc = dev_services(db_url, clock, sleeps, developer_access_token=DEV_TOKEN)
    hs = svc.helpdesks[KEY]
    expect_keep_property(vendor, exists=False)
    prop = vendor.post(
        f"{BASE}/crm/v3/properties/tickets",
        match=[matchers.json_params_matcher(api("ticket_property_create_keep_request.json"))],
        json=api("ticket_property_get_keep.json"),
        status=201,
    )
    expect_settings(vendor, api("error_404_not_found.json"), status=404)
    put = vendor.put(
        f"{BASE}/webhooks/v3/{APP_ID}/settings",
        match=[
            AS_DEVELOPER,
            matchers.query_param_matcher({}),
            matchers.json_params_matcher(api("webhooks_settings_put_request.json")),
        ],
        json=api("webhooks_settings_response.json"),
    )
    expect_subscriptions(vendor, [])
    created = [
        vendor.post(
            f"{BASE}/webhooks/v3/{APP_ID}/subscriptions",
            match=[
                AS_DEVELOPER,
                matchers.query_param_matcher({}),
                matchers.json_params_matcher(
                    api(f"webhooks_subscription_create_{name}_request.json")
                ),
            ],
            json=api("webhooks_subscription_create_response.json"),
            status=201,
        )
        for name in SUBSCRIPTION_FIXTURES
    ]
    expect_account(vendor)
    steps = hs.install(TARGET, dry_run=False)
    assert [s.action for s in steps] == ["create"] * 7 + ["manual", "manual"]
    assert steps[-1].description == ACCOUNT_STEP
    assert [s.description for s in steps[2:7]] == [
        "subscription ticket.creation",
        "subscription ticket.propertyChange (hubspot_owner_id)",
        "subscription ticket.propertyChange (hs_pipeline_stage)",
        "subscription conversation.newMessage",
        "subscription object.creation (object type 0-46)",
    ]
    assert prop.call_count == 1 and put.call_count == 1
    assert all(c.call_count == 1 for c in created)
    # No developer API key anywhere: HubSpot's webhooks API takes OAuth only.
    assert not any("hapikey" in c.request.url for c in vendor.calls)

    vendor.calls.reset()
    expect_keep_property(vendor)
    expect_settings(vendor, api("webhooks_settings_response.json"))
    expect_subscriptions(vendor, api("webhooks_subscriptions_list.json")["results"])
    again = hs.install(TARGET, dry_run=False)
    assert [s.action for s in again] == ["exists"] * 7 + ["manual", "manual"]
    assert writes(vendor) == []
    svc.store.engine.dispose()


def test_install_dry_run_only_reads_and_says_what_it_would_do(
    db_url: str, clock: Any, sleeps: Any, vendor: Any
) -> None:
    svc = dev_services(db_url, clock, sleeps, developer_access_token=DEV_TOKEN)
    listed = api("webhooks_subscriptions_list.json")["results"]
    listed[2]["active"] = False
    expect_keep_property(vendor, exists=False)
    expect_settings(vendor, {**api("webhooks_settings_response.json"), "targetUrl": "https://old"})
    expect_subscriptions(vendor, listed[:1] + listed[2:])
    expect_account(vendor)
    steps = svc.helpdesks[KEY].install(TARGET, dry_run=True)
    assert [(s.action, s.description) for s in steps[:5]] == [
        ("create", "ticket property standin_keep (keep-marker: a ticket stays with its owner)"),
        ("update", f"webhook target URL {TARGET}"),
        ("exists", "subscription ticket.creation"),
        ("create", "subscription ticket.propertyChange (hubspot_owner_id)"),
        ("update", "subscription ticket.propertyChange (hs_pipeline_stage): activate"),
    ]
    assert writes(vendor) == []
    svc.store.engine.dispose()


def test_install_without_a_developer_token_gives_exact_manual_steps(
    adapter: Any, vendor: Any
) -> None:
    expect_keep_property(vendor)
    expect_account(vendor)
    steps = adapter.install(SIGNED_URL, dry_run=False)
    assert [s.action for s in steps] == ["exists", "manual", "manual", "manual"]
    assert SIGNED_URL in steps[1].description
    assert "ticket.propertyChange (hubspot_owner_id)" in steps[1].description
    assert "conversation.newMessage" in steps[1].description
    assert "object.creation (object type 0-46)" in steps[1].description
    assert "developers-write" in steps[1].description
    assert "client secret" in steps[2].description
    assert steps[3].description == ACCOUNT_STEP
    assert writes(vendor) == []


def test_install_with_only_a_developer_api_key_says_hubspot_no_longer_takes_it(
    db_url: str, clock: Any, sleeps: Any, vendor: Any
) -> None:
    svc = dev_services(db_url, clock, sleeps, developer_api_key="dev-api-key-0000")
    expect_keep_property(vendor)
    expect_account(vendor)
    steps = svc.helpdesks[KEY].install(TARGET, dry_run=False)
    assert steps[1].action == "manual"
    assert steps[1].description.startswith(
        "developer API keys are no longer accepted by HubSpot's webhooks API; in HubSpot"
    )
    # only the keep-marker property and the account's details: no key was sent anywhere
    assert [c.request.url.split("?")[0] for c in vendor.calls] == [
        f"{BASE}/crm/v3/properties/tickets/standin_keep",
        f"{BASE}/account-info/v3/details",
    ]
    svc.store.engine.dispose()


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (401, "HubSpot refused the developer token (401); "),
        (403, "HubSpot refused the developer token (it lacks the developers-write scope) (403); "),
        (404, f"HubSpot does not know app {APP_ID} (check app_id) (404); "),
    ],
)
def test_install_prints_the_manual_steps_when_hubspot_refuses_the_token_or_the_app(
    db_url: str, clock: Any, sleeps: Any, vendor: Any, status: int, why: str
) -> None:
    svc = dev_services(db_url, clock, sleeps, developer_access_token=DEV_TOKEN)
    expect_keep_property(vendor)
    if status == 404:  # settings not found is "none yet"; the app itself is then unknown
        expect_settings(vendor, api("error_404_not_found.json"), status=404)
        vendor.put(f"{BASE}/webhooks/v3/{APP_ID}/settings", status=404, json={})
    else:
        expect_settings(vendor, {"status": "error", "message": "Authentication failed"}, status)
    expect_account(vendor)
    steps = svc.helpdesks[KEY].install(TARGET, dry_run=False)
    assert [s.action for s in steps] == ["exists", "manual", "manual", "manual"]
    assert steps[1].description.startswith(why + "in HubSpot, open your app")
    assert DEV_TOKEN not in " ".join(s.description for s in steps)
    svc.store.engine.dispose()


def test_install_without_the_scope_for_ticket_properties_asks_for_the_property_by_hand(
    adapter: Any, vendor: Any
) -> None:
    expect_keep_property(vendor, status=403)
    expect_account(vendor)
    steps = adapter.install(SIGNED_URL, dry_run=False)
    assert steps[0].action == "manual"
    assert "crm.schemas.tickets.write" in steps[0].description
    assert "internal name standin_keep" in steps[0].description


def test_install_finds_the_ticket_links_configured_when_portal_and_domain_match_the_account(
    db_url: str, clock: Any, sleeps: Any, vendor: Any
) -> None:
    svc = dev_services(db_url, clock, sleeps, portal_id="62515", ui_domain="app-eu1.hubspot.com")
    expect_keep_property(vendor)
    expect_account(vendor)
    steps = svc.helpdesks[KEY].install(TARGET, dry_run=False)
    assert (steps[-1].action, steps[-1].description) == (
        "exists",
        "ticket links to account 62515 on app-eu1.hubspot.com",
    )
    link = svc.helpdesks[KEY].ticket_link("1234567002")
    assert link == "https://app-eu1.hubspot.com/contacts/62515/record/0-5/1234567002"
    svc.store.engine.dispose()


def test_install_asks_for_the_hub_id_by_hand_when_hubspot_does_not_give_the_account(
    adapter: Any, vendor: Any
) -> None:
    expect_keep_property(vendor)
    expect_account(vendor, status=403)
    steps = adapter.install(SIGNED_URL, dry_run=False)
    assert steps[-1].action == "manual"
    assert steps[-1].description.startswith(
        "HubSpot did not give the account's details (403): put portal_id (the Hub ID"
    )
    assert adapter.ticket_link("1234567002") is None  # no portal id: no link, no guess


def test_the_stored_event_is_the_vendors_own_json(client: Any, services: Any, clock: Any) -> None:
    post(client, clock, "owner_changed_to_employee_by_agent")
    from sqlalchemy import select

    from connector.adapters.models import InboxEvent

    with services.store.session() as s:
        row = s.execute(select(InboxEvent)).scalar_one()
        assert (
            json.loads(row.payload)
            == fixture_json("hubspot", "owner_changed_to_employee_by_agent.json")[0]
        )
        assert row.event_type == "ticket.propertyChange:hubspot_owner_id"


def test_a_stage_unknown_to_the_cached_pipelines_makes_one_fresh_look(
    adapter: Any, vendor: Any
) -> None:
    pipelines = api("pipelines_tickets.json")
    register_ticket(vendor, owner=ANNA, stage="5")
    vendor.get(f"{BASE}/crm/v3/pipelines/tickets", json=pipelines)
    added = {**pipelines["results"][0]["stages"][3], "id": "5", "label": "Spam"}
    pipelines_after = json.loads(json.dumps(pipelines))
    pipelines_after["results"][0]["stages"].append(added)
    vendor.get(f"{BASE}/crm/v3/pipelines/tickets", json=pipelines_after)
    assert adapter.get_ticket(TICKET).status == "closed"


def test_events_of_a_batch_are_queued_in_the_order_they_happened(adapter: Any) -> None:
    batch = fixture_json("hubspot", "batch_with_duplicate.json")[:3]
    req = WebhookRequest("POST", SIGNED_URL, {}, b"")
    events = adapter.split(req, list(reversed(batch)) + [{"occurredAt": "garbled"}])
    assert [json.loads(e.payload).get("eventId") for e in events] == [
        None,
        1690004001,
        1690004002,
        1690004003,
    ]


# -- replies (hand-back policy untouched_only) ------------------------------------------------
SINCE = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)


def thread_message(
    actor: str, when: str, *, kind: str = "MESSAGE", direction: str = "OUTGOING"
) -> dict[str, Any]:
    m = dict(api("conversations_message_get_customer_reply.json"))
    m.update(type=kind, direction=direction, createdAt=when, createdBy=actor)
    m["senders"] = [{"actorId": actor, "name": "x", "senderField": "FROM"}]
    return m


def register_thread_messages(vendor: Any, pages: list[list[dict[str, Any]]]) -> None:
    url = f"{BASE}/conversations/v3/conversations/threads/{THREAD}/messages"
    for n, rows in enumerate(pages):
        query = {"limit": "100"} | ({"after": f"cursor{n}"} if n else {})
        more = {"paging": {"next": {"after": f"cursor{n + 1}"}}} if n + 1 < len(pages) else {}
        vendor.get(url, match=[matchers.query_param_matcher(query)], json={"results": rows} | more)


def test_an_outgoing_message_by_the_replacement_in_the_tickets_thread_counts_as_replied(
    adapter: Any, vendor: Any
) -> None:
    register_pipelines(vendor)
    register_ticket(vendor, owner=BOB)
    # A closed thread still holds the replies: not among the open ones, so the closed ones
    # are listed too, each with the threadStatus HubSpot requires with a contact.
    register_threads(vendor, ticket_id=None)
    closed = {**api("conversations_thread_get.json"), "status": "CLOSED"}
    register_threads(vendor, status="CLOSED", thread=closed)
    register_owner(vendor)  # Bob's owner id → his user id 9100002 (sender A-9100002)
    register_thread_messages(
        vendor,
        [
            [thread_message("V-751", "2025-03-03T13:00:00Z", direction="INCOMING")],
            [thread_message("A-9100002", "2025-03-03T13:30:00Z")],
        ],
    )
    assert adapter.replied_since(TICKET, BOB, SINCE) is True


def test_comments_incoming_mail_other_users_and_older_messages_are_no_reply(
    adapter: Any, vendor: Any
) -> None:
    register_pipelines(vendor)
    register_ticket(vendor, owner=BOB)
    register_threads(vendor)
    register_owner(vendor)
    register_thread_messages(
        vendor,
        [
            [
                thread_message("A-9100002", "2025-03-03T13:00:00Z", kind="COMMENT"),
                thread_message("A-9100002", "2025-03-03T11:59:00Z"),
                thread_message("A-9100003", "2025-03-03T13:00:00Z"),
                thread_message("V-751", "2025-03-03T13:00:00Z", direction="INCOMING"),
            ]
        ],
    )
    assert adapter.replied_since(TICKET, BOB, SINCE) is False


def test_a_ticket_without_a_conversation_thread_cannot_tell_who_replied(
    adapter: Any, vendor: Any
) -> None:
    register_pipelines(vendor)
    register_ticket(vendor, owner=BOB)
    register_threads(vendor, ticket_id=None)
    register_threads(vendor, ticket_id=None, status="CLOSED")
    assert adapter.replied_since(TICKET, BOB, SINCE) is None


def test_a_batch_answer_names_the_tickets_that_did_not_move(adapter: Any, vendor: Any) -> None:
    vendor.post(
        f"{BASE}/crm/v3/objects/tickets/batch/update",
        json=api("tickets_batch_update_response_207.json"),
        status=207,
    )
    result = adapter.bulk_reassign(
        ["1234567001", "1234567002", "1234567099"], Agent(BOB, "bob@example.com", "Bob Backup")
    )
    assert list(result.failed) == ["1234567099"]
    assert result.failed["1234567099"].startswith("OBJECT_NOT_FOUND: Could not get some TICKET")
