"""Freshdesk end to end: rule webhook in → canonical event → exact Freshdesk API calls."""

from __future__ import annotations

import base64
import copy
import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from responses import matchers

from connector.adapters.helpdesks.base import WebhookRequest, notice_key, notice_marker
from connector.adapters.helpdesks.freshdesk.webhook import parse_triggered_event
from connector.domain.events import Agent, CanonicalEvent, EventKind
from connector.errors import ValidationFailed
from connector.mapping import mappings_dir
from connector.wiring import Services
from tests.freshdesk_api import (
    ANNA,
    BASE,
    BOB,
    CUSTOMER,
    GROUP,
    LEAD,
    OLD_SECRET,
    SECRET,
    api,
    expect_note,
    expect_reply,
    expect_update,
    register_agent,
    register_agent_by_email,
    register_contact,
    register_me,
    register_ticket,
)
from tests.support import (
    anna_period,
    builtin_notice,
    fixture_bytes,
    fixture_json,
)
from tests.vendor_harness import DESKS, customer_facing_posts, desk_config, drain, services_for

HD = "klantbv"


def _notice(lang: str) -> str:
    """The built-in formal notice for Noor (the contact fixture), from Bob."""
    return builtin_notice(lang, "Noor Jansen", "Bob Backup")


DUTCH = _notice("nl")
FRENCH = _notice("fr")
HOOK_URL = "https://standin.example.com/hooks/freshdesk"


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Services]:
    desk = DESKS["freshdesk"]
    entry = desk.entry | {"webhook_secrets": [SECRET, OLD_SECRET]}
    config = desk_config(db_url, dataclasses.replace(desk, entry=entry))
    with services_for(config, clock, sleeps) as svc:
        yield svc


@pytest.fixture
def adapter(services: Services) -> Any:
    return services.helpdesks[HD]


@pytest.fixture
def period(services: Services, vendor: Any) -> Any:
    register_agent_by_email(vendor, "anna@example.com")
    register_agent_by_email(vendor, "bob@example.com")
    p = anna_period(services, HD)
    vendor.calls.reset()
    return p


def post(
    client: Any, name: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> Any:
    body = body if body is not None else fixture_bytes("freshdesk", name)
    if headers is None:
        headers = {"Content-Type": "application/json", "X-Standin-Secret": SECRET}
    return client.post(f"/webhooks/{HD}", data=body, headers=headers)


def canonical(adapter: Any, name: str, body: bytes | None = None) -> CanonicalEvent | None:
    body = body if body is not None else fixture_bytes("freshdesk", name)
    req = WebhookRequest("POST", "https://standin.example.com/webhooks/klantbv", {}, body)
    [incoming] = adapter.split(req, adapter.parse(req))
    return adapter.mapping.to_canonical(HD, incoming.event_type, json.loads(incoming.payload))


def reroute_calls(vendor: Any, *, language: str = "nl", html: str = DUTCH, **ticket: Any) -> Any:
    register_me(vendor)
    register_ticket(vendor, **ticket)
    register_contact(vendor, language=language)
    register_agent(vendor)
    put = expect_update(vendor, api("ticket_update_responder_request.json"))
    reply = expect_reply(vendor, html)
    return put, reply


def stored(services: Services, clock: Any) -> int:
    return sum(services.store.queue_stats(clock())["counts"].values())


def audit_actions(services: Services) -> list[str]:
    return [r["action"] for r in services.repositories.audit.audit_records(None)]


# -- the template and triggered_event ------------------------------------------------------
def test_the_installed_template_is_the_one_the_fixtures_were_rendered_from() -> None:
    raw = yaml.safe_load((mappings_dir() / "freshdesk.yaml").read_text(encoding="utf-8"))
    assert raw["install"]["template"] == fixture_json("freshdesk", "webhook_template.json")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("{ticket_action:created}", {"ticket_action": "created"}),
        ("{status:{from:2,to:3}}", {"status": {"from": "2", "to": "3"}}),
        (
            "{responder_id:{from:43000012347,to:43000012345}}",
            {"responder_id": {"from": "43000012347", "to": "43000012345"}},
        ),
        ("{responder_id:{from:,to:43000012345}}", {"responder_id": {"from": "", "to": ANNA}}),
        ("{note_type:private}", {"note_type": "private"}),
        ("not a hash", {}),
        ("{status:{from:2", {}),
    ],
)
def test_triggered_event_text_is_parsed_into_a_dict(text: str, parsed: dict[str, Any]) -> None:
    assert parse_triggered_event(text) == parsed


# -- canonical events ------------------------------------------------------------------------
def test_a_ticket_created_for_the_employee_maps_to_a_canonical_event(adapter: Any) -> None:
    assert canonical(adapter, "ticket_created_agent_employee.json") == CanonicalEvent(
        kind=EventKind.TICKET_CREATED,
        helpdesk=HD,
        ticket_id="1042",
        requester_id=CUSTOMER,
        status="open",
        priority="normal",
        tags=("factuur",),
        raw_type="ticket-created",
    )


def test_an_agent_update_carries_both_agent_ids_from_triggered_event(adapter: Any) -> None:
    event = canonical(adapter, "agent_updated_to_employee_by_agent.json")
    assert event is not None
    assert (event.kind, event.assignee_id, event.previous_assignee_id, event.actor_id) == (
        EventKind.ASSIGNEE_CHANGED,
        ANNA,
        LEAD,
        None,  # Freshdesk has no actor placeholder
    )


def test_a_customer_reply_maps_with_its_text(adapter: Any) -> None:
    event = canonical(adapter, "reply_sent_by_customer.json")
    assert event is not None
    assert (event.kind, event.note_public, event.note_body) == (
        EventKind.CUSTOMER_REPLIED,
        True,
        "Dank u, maar de regel staat er nog steeds op.",
    )


def test_a_private_note_maps_to_an_internal_note_with_the_private_text(adapter: Any) -> None:
    event = canonical(adapter, "note_added_private_by_agent.json")
    assert event is not None
    assert (event.kind, event.note_public, event.note_body) == (
        EventKind.INTERNAL_NOTE,
        False,
        "Creditnota aangevraagd bij finance.",
    )


def test_a_contactlog_note_keeps_its_hashtag_for_the_contact_log(adapter: Any) -> None:
    event = canonical(adapter, "note_added_contactlog_by_agent.json")
    assert event is not None and event.kind is EventKind.INTERNAL_NOTE
    assert event.note_body is not None and event.note_body.startswith("#contactlog ")


def test_a_status_change_takes_the_new_status_number_through_the_value_map(adapter: Any) -> None:
    event = canonical(adapter, "status_changed_pending.json")
    assert event is not None
    assert (event.kind, event.status) == (EventKind.STATUS_CHANGED, "pending")


def test_status_labels_and_numbers_map_to_the_same_canonical_statuses(adapter: Any) -> None:
    m = adapter.mapping
    for label, number, canon in [
        ("Open", 2, "open"),
        ("Pending", 3, "pending"),
        ("Resolved", 4, "solved"),
        ("Closed", 5, "closed"),
    ]:
        assert m._convert("status", label) == m._convert("status", str(number)) == canon
    assert m._convert("status", "Waiting on Customer") == "waiting on customer"  # custom


# -- authentication ------------------------------------------------------------------------
def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Standin-Secret": SECRET},
        {"X-Standin-Secret": OLD_SECRET},
        {"Authorization": basic("standin", SECRET)},
    ],
    ids=["secret-header", "previous-secret-during-rotation", "basic-auth"],
)
def test_a_webhook_with_a_configured_secret_is_accepted(
    client: Any, services: Services, clock: Any, headers: dict[str, str]
) -> None:
    resp = post(client, "ticket_created_agent_employee.json", headers=headers)
    assert resp.status_code == 202
    assert stored(services, clock) == 1


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "missing header x-standin-secret"),
        ({"X-Standin-Secret": "guess"}, "does not match"),
        ({"X-Standin-Secret": SECRET[:-1]}, "does not match"),
        ({"Authorization": basic("standin", "guess")}, "does not match"),
        ({"Authorization": "Basic !!!not-base64"}, "not valid Basic auth"),
        ({"Authorization": "Bearer " + SECRET}, "missing header"),
    ],
    ids=["none", "wrong", "prefix", "wrong-basic", "broken-basic", "bearer"],
)
def test_a_webhook_without_a_valid_secret_is_401_and_stores_nothing(
    client: Any, services: Services, clock: Any, headers: dict[str, str], message: str
) -> None:
    resp = post(client, "ticket_created_agent_employee.json", headers=headers)
    assert resp.status_code == 401
    assert message in resp.get_json()["error"]["message"]
    assert SECRET not in resp.get_data(as_text=True)
    assert stored(services, clock) == 0


# -- de-duplication ------------------------------------------------------------------------
def test_a_freshdesk_retry_of_the_same_text_is_stored_once(
    client: Any, services: Services, clock: Any
) -> None:
    assert post(client, "reply_sent_by_customer.json").get_json()["accepted"] == 1
    clock.advance(minutes=35)
    again = post(client, "reply_sent_by_customer.json")
    assert again.status_code == 202
    assert again.get_json() == {"accepted": 0, "duplicates": 1, "ignored": 0}


def test_labels_that_describe_the_ticket_do_not_make_a_retry_look_new(
    client: Any, services: Services, clock: Any
) -> None:
    body = fixture_json("freshdesk", "reply_sent_by_customer.json")
    post(client, "", body=json.dumps(body).encode())
    body["ticket"]["status"] = "Pending"
    body["ticket"]["agent_name"] = "Bob B."
    assert post(client, "", body=json.dumps(body).encode()).get_json()["duplicates"] == 1


def test_a_second_reply_with_new_text_is_a_new_event(
    client: Any, services: Services, clock: Any
) -> None:
    body = fixture_json("freshdesk", "reply_sent_by_customer.json")
    post(client, "", body=json.dumps(body).encode())
    body["latest_public_comment"] = "Hallo? Nog nieuws?"
    assert post(client, "", body=json.dumps(body).encode()).get_json()["accepted"] == 1


# -- rerouting -------------------------------------------------------------------------------
@pytest.mark.both_engines
def test_a_ticket_created_for_the_employee_is_reassigned_then_the_customer_gets_a_dutch_reply(
    client: Any, services: Services, vendor: Any, clock: Any, period: Any
) -> None:
    put, reply = reroute_calls(vendor)
    resp = post(client, "ticket_created_agent_employee.json")
    assert resp.get_json() == {"accepted": 1, "duplicates": 0, "ignored": 0}
    assert drain(services) == 1
    assert put.call_count == 1 and reply.call_count == 1
    methods = [c.request.method for c in vendor.calls]
    assert methods.index("PUT") < methods.index("POST")  # reassignment first, then the notice
    record = services.repositories.audit.audit_records(None)[0]
    assert record["action"] == "rerouted"
    assert (record["ticket_id"], record["from_agent"], record["to_agent"]) == ("1042", ANNA, BOB)
    assert "notice in nl" in record["reason"]
    assert record["vendor_response"] == f"responder set to {BOB}; notice sent as reply"


def test_an_assignment_to_the_employee_by_a_colleague_is_rerouted(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    put, reply = reroute_calls(vendor)
    post(client, "agent_updated_to_employee_by_agent.json")
    drain(services)
    assert put.call_count == 1 and reply.call_count == 1


def test_the_echo_of_our_own_reassignment_makes_no_call_at_all(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    # Same shape as a human change, no actor: the payload says the ticket is Bob's now.
    post(client, "agent_updated_echo_of_connector.json")
    assert drain(services) == 1
    assert len(vendor.calls) == 0
    assert audit_actions(services) == ["period_created"]


def test_a_customer_reply_on_a_ticket_still_owned_by_the_employee_is_rerouted(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    put, reply = reroute_calls(vendor)
    post(client, "reply_sent_by_customer.json")
    drain(services)
    assert put.call_count == 1 and reply.call_count == 1


@pytest.mark.parametrize(
    "name", ["note_added_private_by_agent.json", "note_added_contactlog_by_agent.json"]
)
def test_a_private_note_does_not_reroute_and_makes_no_call(
    client: Any, services: Services, vendor: Any, period: Any, name: str
) -> None:
    post(client, name)
    assert drain(services) == 1
    assert len(vendor.calls) == 0


def test_a_status_change_on_a_resolved_ticket_of_the_employee_is_skipped_and_audited(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_me(vendor)
    register_ticket(vendor, status=4)
    post(client, "status_changed_pending.json")
    drain(services)
    record = services.repositories.audit.audit_records(None)[0]
    assert (record["action"], record["reason"]) == ("skipped", "ticket is solved")
    assert not any(c.request.method in ("PUT", "POST") for c in vendor.calls)


def test_a_ticket_with_the_keep_tag_stays_with_the_employee(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_me(vendor)
    register_ticket(vendor, tags=["factuur", "standin_keep"])
    post(client, "ticket_created_agent_employee.json")
    drain(services)
    record = services.repositories.audit.audit_records(None)[0]
    assert record["action"] == "skipped" and "keep-tag" in record["reason"]
    assert not any(c.request.method in ("PUT", "POST") for c in vendor.calls)


def test_a_french_speaking_customer_gets_the_french_reply(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    put, reply = reroute_calls(vendor, language="fr", html=FRENCH)
    post(client, "ticket_created_agent_employee.json")
    drain(services)
    assert reply.call_count == 1


def test_a_ticket_requested_by_an_agent_is_reassigned_without_a_reply(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_me(vendor)
    register_ticket(vendor)
    register_contact(vendor, status=404)  # agents are not contacts
    register_agent(vendor)
    put = expect_update(vendor, {"responder_id": int(BOB)})
    post(client, "ticket_created_agent_employee.json")
    drain(services)
    assert put.call_count == 1
    assert not any(c.request.method == "POST" for c in vendor.calls)


def test_a_ticket_in_a_group_the_replacement_is_not_in_moves_to_the_replacements_group(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_me(vendor)
    register_ticket(vendor, group=43000009999)
    register_contact(vendor)
    register_agent(vendor, groups=(GROUP,))
    put = expect_update(vendor, api("ticket_update_group_and_responder_request.json"))
    expect_reply(vendor, DUTCH)
    post(client, "ticket_created_agent_employee.json")
    drain(services)
    assert put.call_count == 1
    assert (
        "group changed to 43000005678"
        in services.repositories.audit.audit_records(None)[0]["vendor_response"]
    )


def test_a_freshdesk_400_fails_visibly_with_the_vendors_message_and_sends_no_reply(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_me(vendor)
    register_ticket(vendor)
    register_contact(vendor)
    register_agent(vendor)
    expect_update(
        vendor, {"responder_id": int(BOB)}, status=400, answer=api("error_400_validation.json")
    )
    post(client, "ticket_created_agent_employee.json")
    drain(services)
    failed = next(
        r
        for r in services.repositories.audit.audit_records(None)
        if r["action"] == "not_assigned_kept"
    )
    assert failed["vendor_status"] == 400
    assert "no agent with the given responder_id" in failed["vendor_response"]
    assert customer_facing_posts(vendor.calls) == []  # no reply; the lead's note is private


def test_a_reply_that_fails_after_the_reassignment_leaves_a_note_and_is_dead_lettered(
    client: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_me(vendor)
    register_ticket(vendor)
    register_contact(vendor)
    register_agent(vendor)
    expect_update(vendor, {"responder_id": int(BOB)})
    expect_reply(vendor, DUTCH, status=400)
    note = vendor.post(
        f"{BASE}/tickets/1042/notes", json=api("note_create_response.json"), status=201
    )
    register_ticket(vendor, responder=BOB)  # the re-read after the failure: it is bob's
    post(client, "ticket_created_agent_employee.json")
    drain(services)
    sent = json.loads(note.calls[0].request.body)
    # the request to the replacement in the helpdesk's language, the notice in the customer's
    assert sent["private"] is True and "wil je het zelf versturen" in sent["body"]
    assert "Mijn naam is Bob en vanaf vandaag ben ik uw aanspreekpunt" in sent["body"]
    [dead] = services.store.dead_events(None)
    assert "was reassigned to 43000012346, but the customer notice failed" in dead["last_error"]
    failed = next(
        r
        for r in services.repositories.audit.audit_records(None)
        if r["action"] == "reroute_failed"
    )
    assert failed["to_agent"] == BOB
    assert (
        services.repositories.notices.notice_record(period.id, f"customer:{CUSTOMER}")["status"]
        == "intended"
    )


def test_a_429_with_retry_after_longer_than_a_worker_may_wait_reschedules_the_job(
    client: Any, services: Services, vendor: Any, clock: Any, period: Any, sleeps: Any
) -> None:
    limited = api("error_429_rate_limit.headers.json")
    vendor.get(
        f"{BASE}/tickets/1042",
        status=429,
        headers={k: v for k, v in limited.items() if not k.startswith("_")},
    )
    post(client, "ticket_created_agent_employee.json")
    drain(services)
    assert sleeps.calls == []  # 38 s is longer than a worker holds a job
    status = services.store.queue_stats(clock())["counts"]
    assert status == {"pending": 1}
    clock.advance(seconds=60)
    put, reply = reroute_calls(vendor)
    assert drain(services) == 1
    assert put.call_count == 1 and reply.call_count == 1


# -- robustness ------------------------------------------------------------------------------
def test_an_ignored_rule_is_answered_202_and_not_stored(
    client: Any, services: Services, clock: Any
) -> None:
    resp = post(client, "ignored_priority_changed.json")
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 0, "duplicates": 0, "ignored": 1}
    assert stored(services, clock) == 0


def test_a_body_broken_by_an_unescaped_quote_is_salvaged_not_refused(
    client: Any, services: Services, adapter: Any, vendor: Any, clock: Any, period: Any
) -> None:
    name = "note_added_unescaped_quotes_invalid_json.txt"
    event = canonical(adapter, name)
    assert event is not None
    assert (event.kind, event.ticket_id, event.note_body) == (
        EventKind.INTERNAL_NOTE,
        "1042",
        None,  # the text is lost: read it via the API, never guess it
    )
    assert post(client, name).get_json() == {"accepted": 1, "duplicates": 0, "ignored": 0}
    assert post(client, name).get_json()["duplicates"] == 1
    assert drain(services) == 1 and len(vendor.calls) == 0


def test_a_body_that_cannot_even_be_salvaged_is_400(
    client: Any, services: Services, clock: Any
) -> None:
    resp = post(client, "", body=b'{"ticket": {"subject": "no "rule" here"}}')
    assert resp.status_code == 400
    assert stored(services, clock) == 0


# -- periods: agents by e-mail ---------------------------------------------------------------
def test_a_contact_that_is_not_an_agent_cannot_be_a_replacement(
    services: Services, vendor: Any
) -> None:
    register_agent_by_email(vendor, "anna@example.com")
    register_agent_by_email(vendor, "customer@example.org")
    with pytest.raises(ValidationFailed) as err:
        services.periods.create(
            {
                "helpdesk": HD,
                "employee": "anna@example.com",
                "replacement": "customer@example.org",
                "starts_at": "2026-11-20",
                "ends_at": "2026-12-31",
            },
            actor="test",
        )
    assert err.value.fields == {"replacement": ["customer@example.org is not an active agent"]}


def test_an_unknown_e_mail_is_no_user(adapter: Any, vendor: Any) -> None:
    register_agent_by_email(vendor, "nobody@example.com")
    assert adapter.find_agent("nobody@example.com") is None


# -- open tickets, bulk, notes ---------------------------------------------------------------
def search(vendor: Any, page: int, body: Any) -> Any:
    query = f'"agent_id:{ANNA} AND (status:2 OR status:3)"'
    return vendor.get(
        f"{BASE}/search/tickets",
        match=[matchers.query_param_matcher({"query": query, "page": str(page)})],
        json=body,
    )


def test_open_tickets_reads_every_page_of_the_search(adapter: Any, vendor: Any) -> None:
    search(vendor, 1, api("search_tickets_agent_open_page1.json"))
    search(vendor, 2, api("search_tickets_agent_open_page2.json"))
    tickets = adapter.open_tickets(ANNA)
    assert len(tickets) == 31
    assert tickets[-1].ticket_id == "1042" and tickets[-1].status == "open"
    assert {t.assignee_id for t in tickets} == {ANNA}


def test_open_tickets_stops_at_freshdesks_300_result_cap_and_says_so(
    adapter: Any, vendor: Any, caplog: Any
) -> None:
    page = copy.deepcopy(api("search_tickets_agent_open_page1.json"))
    page["total"] = 450
    for n in range(1, 11):
        search(vendor, n, page)
    assert len(adapter.open_tickets(ANNA)) == 300  # no request for page 11 (Freshdesk: 400)
    assert "capped at 300" in caplog.text


def test_open_tickets_of_an_agent_without_any_is_one_call(adapter: Any, vendor: Any) -> None:
    search(vendor, 1, api("search_tickets_empty.json"))
    assert adapter.open_tickets(ANNA) == []


def test_bulk_reassign_posts_one_job_and_polls_it_to_the_end(
    adapter: Any, vendor: Any, sleeps: Any
) -> None:
    bulk = vendor.post(
        f"{BASE}/tickets/bulk_update",
        match=[matchers.json_params_matcher(api("tickets_bulk_update_request.json"))],
        json=api("tickets_bulk_update_response_202.json"),
        status=202,
    )
    job = f"{BASE}/jobs/8fa4b0c7e3f24b4f9d2c1a0e7b6d5c4f"
    vendor.get(job, json=api("job_status_in_progress.json"))
    vendor.get(job, json=api("job_status_completed.json"))
    result = adapter.bulk_reassign(["1042", "1043", "1044"], Agent(BOB, "bob@example.com", "Bob"))
    assert bulk.call_count == 1
    assert sleeps.calls == [2.0]
    assert "2 reassigned" in result.summary
    assert "failed: 1044" in result.summary and "no agent with the given" in result.summary


def test_an_internal_note_is_a_private_note(adapter: Any, vendor: Any) -> None:
    request = api("note_create_request.json")
    note = expect_note(vendor, request["body"])
    assert adapter.add_internal_note("1042", request["body"]).status == 201
    assert note.call_count == 1


# -- install ---------------------------------------------------------------------------------
RULE_FIXTURES = {
    1: ["install_rule_ticket_created_request.json"],
    4: [
        "install_rule_agent_updated_request.json",
        "install_rule_agent_updated_by_system_request.json",
        "install_rule_reply_by_requester_request.json",
        "install_rule_note_by_agent_request.json",
        "install_rule_status_changed_request.json",
    ],
}


def list_rules(vendor: Any, existing: dict[int, list[dict[str, Any]]]) -> None:
    for atype in (1, 4):
        vendor.get(f"{BASE}/automations/{atype}/rules", json=existing.get(atype, []))


def test_install_creates_every_rule_with_the_template_and_the_secret_header(
    adapter: Any, vendor: Any
) -> None:
    foreign = {"id": 1, "name": "Assign billing to finance", "position": 1}
    list_rules(vendor, {1: [foreign]})
    posts = []
    for atype, names in RULE_FIXTURES.items():
        for name in names:
            body = api(name)
            if atype == 1:
                body["position"] = 2  # after the account's own creation rules
            posts.append(
                vendor.post(
                    f"{BASE}/automations/{atype}/rules",
                    match=[matchers.json_params_matcher(body)],
                    json=api("install_rule_create_response.json"),
                    status=201,
                )
            )
    steps = adapter.install(HOOK_URL, dry_run=False)
    assert all(p.call_count == 1 for p in posts)
    assert [s.action for s in steps] == ["create"] * 6 + ["manual"]
    assert "Execute all matching rules" in steps[-1].description


def test_install_a_second_time_creates_nothing(adapter: Any, vendor: Any) -> None:
    existing = {
        atype: [{"id": i, "name": api(n)["name"]} for i, n in enumerate(names)]
        for atype, names in RULE_FIXTURES.items()
    }
    list_rules(vendor, existing)
    steps = adapter.install(HOOK_URL, dry_run=False)
    assert [s.action for s in steps] == ["exists"] * 6 + ["manual"]
    assert not any(c.request.method == "POST" for c in vendor.calls)


def test_install_follows_the_link_header_to_see_every_existing_rule(
    adapter: Any, vendor: Any
) -> None:
    page2 = f"{BASE}/automations/4/rules?page=2"
    vendor.get(f"{BASE}/automations/1/rules", json=[{"id": 1, "name": "Stand-in: ticket created"}])
    vendor.get(
        f"{BASE}/automations/4/rules",
        match=[matchers.query_param_matcher({})],
        json=[{"id": 2, "name": api(n)["name"]} for n in RULE_FIXTURES[4][:3]],
        headers={"Link": f'<{page2}>; rel="next"'},
    )
    vendor.get(
        page2,
        match=[matchers.query_param_matcher({"page": "2"})],
        json=[{"id": 3, "name": api(n)["name"]} for n in RULE_FIXTURES[4][3:]],
    )
    steps = adapter.install(HOOK_URL, dry_run=False)
    assert [s.action for s in steps] == ["exists"] * 6 + ["manual"]


def test_install_dry_run_reads_but_changes_nothing(adapter: Any, vendor: Any) -> None:
    list_rules(vendor, {})
    steps = adapter.install(HOOK_URL, dry_run=True)
    assert [s.action for s in steps] == ["create"] * 6 + ["manual"]
    assert {c.request.method for c in vendor.calls} == {"GET"}


def test_install_without_the_automations_api_prints_exact_manual_steps(
    adapter: Any, vendor: Any
) -> None:
    vendor.get(f"{BASE}/automations/1/rules", status=403, json={"code": "access_denied"})
    steps = adapter.install(HOOK_URL, dry_run=False)
    assert [s.action for s in steps] == ["manual"] * 7
    reply_rule = next(s for s in steps if "reply-by-requester" in s.description)
    assert "performed by: Requester" in reply_rule.description
    assert f"URL {HOOK_URL}" in reply_rule.description
    assert SECRET not in reply_rule.description  # the secret is the admin's to paste
    body = json.loads(reply_rule.description[reply_rule.description.index("{") :])
    assert body == api("install_rule_reply_by_requester_request.json")["actions"][0]["content"]
    assert "Execute all matching rules" in steps[-1].description


def test_the_install_command_prints_the_plan(
    services: Services, vendor: Any, tmp_path: Any, db_url: str
) -> None:
    from click.testing import CliRunner

    from connector.cli import main

    cfg = tmp_path / "standin.yaml"
    cfg.write_text(
        yaml.safe_dump(
            {
                "database_url": db_url,
                "public_url": "https://standin.example.com",
                "helpdesks": {
                    HD: {
                        "vendor": "freshdesk",
                        "url": "https://klantbv.freshdesk.com",
                        "credentials": {"api_key": "k"},
                        "webhook_secrets": [SECRET],
                    }
                },
            }
        )
    )
    list_rules(vendor, {})
    result = CliRunner().invoke(main, ["install", HD, "--config", str(cfg), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "[would create] automation rule 'Stand-in: agent-updated'" in result.output
    assert "https://standin.example.com/webhooks/klantbv" in result.output


def test_a_notice_that_cannot_reach_the_customer_becomes_a_private_note(
    adapter: Any, vendor: Any
) -> None:
    from connector.adapters.helpdesks.base import OutboundNotice
    from connector.domain.events import TicketSnapshot

    put = expect_update(vendor, {"responder_id": int(BOB)})
    key = notice_key(1, "1042", "notice")
    html = "<p>Bob neemt dit ticket over.<br>Groet</p>"
    note = vendor.post(
        f"{BASE}/tickets/1042/notes",
        match=[matchers.json_params_matcher({"body": html + notice_marker(key), "private": True})],
        json=api("note_create_response.json"),
        status=201,
    )
    ticket = TicketSnapshot("1042", ANNA, CUSTOMER, group_id=None)
    notice = OutboundNotice("s", "Bob neemt dit ticket over.\nGroet", html, "nl", False, key)
    result = adapter.reassign(ticket, Agent(BOB, "bob@example.com", "Bob Backup"), notice)
    assert put.call_count == 1 and note.call_count == 1
    assert result.summary == f"responder set to {BOB}; notice sent as private note"


# -- replies (hand-back policy untouched_only) ------------------------------------------------
SINCE = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)


def conversation(user: str, when: str, *, private: bool, incoming: bool) -> dict[str, Any]:
    row = copy.deepcopy(api("ticket_conversations_list.json")[0])
    row.update(user_id=int(user), created_at=when, private=private, incoming=incoming)
    return row


def test_a_public_reply_by_the_replacement_on_a_later_page_counts_as_replied(
    adapter: Any, vendor: Any
) -> None:
    url = f"{BASE}/tickets/1042/conversations"
    first = vendor.get(
        url,
        match=[matchers.query_param_matcher({"per_page": "100"})],
        json=api("ticket_conversations_list.json"),  # customer reply, two private notes by Bob
        headers={"Link": f'<{url}?per_page=100&page=2>; rel="next"'},
    )
    second = vendor.get(
        url,
        match=[matchers.query_param_matcher({"per_page": "100", "page": "2"})],
        json=[conversation(BOB, "2025-03-04T09:00:00Z", private=False, incoming=False)],
    )
    assert adapter.replied_since("1042", BOB, SINCE) is True
    assert (first.call_count, second.call_count) == (1, 1)


def test_private_notes_incoming_mail_other_agents_and_older_replies_are_no_reply(
    adapter: Any, vendor: Any
) -> None:
    vendor.get(
        f"{BASE}/tickets/1042/conversations",
        json=[
            conversation(BOB, "2025-03-03T13:00:00Z", private=True, incoming=False),
            conversation(BOB, "2025-03-03T13:05:00Z", private=False, incoming=True),
            conversation(BOB, "2025-03-03T11:59:59Z", private=False, incoming=False),
            conversation(LEAD, "2025-03-03T14:00:00Z", private=False, incoming=False),
        ],
    )
    assert adapter.replied_since("1042", BOB, SINCE) is False


def test_a_bulk_job_reports_the_tickets_it_did_not_update_by_id(adapter: Any, vendor: Any) -> None:
    vendor.post(f"{BASE}/tickets/bulk_update", json=api("tickets_bulk_update_response_202.json"))
    vendor.get(
        f"{BASE}/jobs/8fa4b0c7e3f24b4f9d2c1a0e7b6d5c4f", json=api("job_status_completed.json")
    )
    result = adapter.bulk_reassign(["1042", "1043", "1044"], Agent(BOB, "bob@example.com", "Bob"))
    assert list(result.failed) == ["1044"]
