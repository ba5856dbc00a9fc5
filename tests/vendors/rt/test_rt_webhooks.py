"""RT webhooks end to end: signed scrip POST in → canonical event → exact REST2 calls out."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import requests
from responses import matchers

from connector.adapters.helpdesks.base import InstallStep, notice_key
from connector.adapters.helpdesks.rt import RtAdapter
from connector.adapters.helpdesks.rt.install import SCRIP_DATAFILE
from connector.config import Secret, parse_config
from connector.domain.events import Agent, CanonicalEvent, EventKind
from connector.errors import ConfigError, RetryableVendorError
from connector.mapping import credential_keys
from connector.wiring import Services, build_services
from connector.worker import Worker
from tests import support
from tests.rt_api import (
    BASE,
    RT_URL,
    api,
    expect_message,
    expect_notice,
    expect_owner,
    register_agent,
    register_customer,
    register_me,
    register_ticket,
    register_user,
    register_user_search,
    rt_body,
    rt_headers,
    search_query,
    ticket_json,
)
from tests.support import anna_period, builtin_notice, fixture_json
from tests.vendor_harness import customer_facing_posts, drain, services_for

RT_SECRET = "whsec_c3RhbmRpbi1ydC10ZXN0LXNlY3JldC0zMmJ5dGVzISE="
# The sandbox secret of the real signed request in signed_sample.json: the second secret, as
# during a rotation, so that request verifies as RT sent it.
SAMPLE = fixture_json("rt", "signed_sample.json")
RT_OLD_SECRET = SAMPLE["secret"]


def _notice_in(lang: str, part: str = "html") -> str:
    """The built-in formal notice for Claire (the sandbox customer), from Bob."""
    return builtin_notice(lang, "Claire Client", "Bob Jansen", part)


FRENCH_NOTICE = _notice_in("fr")
KEY = "rtdesk"


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Services]:
    config = parse_config(
        {
            "database_url": db_url,
            "helpdesks": {
                KEY: {
                    "vendor": "rt",
                    "url": RT_URL,
                    "credentials": {"user": "standin", "password": "standin-api-pw"},
                    "webhook_secrets": [RT_SECRET, RT_OLD_SECRET],
                    "timezone": "Europe/Amsterdam",
                    "locale": "nl",
                }
            },
        },
        credential_keys=credential_keys(),
    )
    with services_for(config, clock, sleeps) as svc:
        yield svc


@pytest.fixture
def adapter(services: Services) -> RtAdapter:
    a = services.helpdesks[KEY]
    assert isinstance(a, RtAdapter)
    return a


@pytest.fixture
def period(services: Services, vendor: Any) -> Any:
    register_agent(vendor, "anna")
    register_agent(vendor, "bob")
    p = anna_period(services, KEY)
    vendor.calls.reset()  # the tests below count only the calls the webhook causes
    return p


def event_json(name: str, **changes: Any) -> dict[str, Any]:
    """A captured scrip body; ``changes`` set ``section__field`` (e.g. transaction__creator)."""
    payload = copy.deepcopy(fixture_json("rt", name))
    for key, value in changes.items():
        section, field = key.split("__")
        payload[section][field] = value
    return payload


def created_by_carla() -> dict[str, Any]:
    """The captured create, as an agent (not the connector) would have made it."""
    return event_json("ticket_created_for_employee.json", transaction__creator="carla")


def post(
    client: Any,
    clock: Any,
    payload: dict[str, Any],
    *,
    secret: str = RT_SECRET,
    msg_id: str | None = None,
    helpdesk: str = KEY,
) -> Any:
    body = rt_body(payload)
    msg_id = msg_id or f"rt-{payload['transaction']['id']}"
    return client.post(
        f"/webhooks/{helpdesk}", data=body, headers=rt_headers(body, secret, clock(), msg_id)
    )


def canonical(services: Services, payload: dict[str, Any]) -> CanonicalEvent | None:
    mapping = services.helpdesks[KEY].mapping
    return mapping.to_canonical(KEY, mapping.event_type(payload, {}), payload)


def reroute_calls(vendor: Any, ticket_id: int = 1, owner: str = "anna") -> tuple[Any, Any]:
    register_ticket(vendor, ticket_id, owner=owner)
    register_me(vendor)
    register_customer(vendor)
    put = expect_owner(vendor, ticket_id, "bob")
    note = expect_notice(vendor, FRENCH_NOTICE, ticket_id)
    return put, note


def methods(vendor: Any) -> list[str]:
    return [f"{c.request.method} {c.request.path_url.split('?')[0]}" for c in vendor.calls]


def audit_actions(services: Services) -> list[str]:
    return [r["action"] for r in services.repositories.audit.audit_records(None)]


# -- signatures and de-duplication ----------------------------------------------------------
def test_the_real_signed_request_from_rt_is_accepted_with_the_rotated_secret(
    client: Any, clock: Any, services: Services
) -> None:
    clock.now = dt.datetime.fromtimestamp(int(SAMPLE["headers"]["webhook-timestamp"]), dt.UTC)
    resp = client.post(
        f"/webhooks/{KEY}", data=SAMPLE["raw_body"].encode(), headers=SAMPLE["headers"]
    )
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 1, "duplicates": 0, "ignored": 0}


def _break(headers: dict[str, str], how: str, clock: Any) -> tuple[dict[str, str], bytes | None]:
    if how.startswith("missing "):
        headers.pop(how.removeprefix("missing "))
    elif how == "signed with another secret":
        headers["webhook-signature"] = "v1," + "A" * 43 + "="
    elif how == "timestamp not a number":
        headers["webhook-timestamp"] = "yesterday"
    elif how == "timestamp 6 minutes old":
        headers["webhook-timestamp"] = str(int(clock().timestamp()) - 360)
    elif how == "no v1 signature":
        headers["webhook-signature"] = "v2,abc"
    elif how == "body changed after signing":
        return headers, b'{"type":"ticket.created","ticket":{"id":2}}'
    return headers, None


@pytest.mark.parametrize(
    "how",
    [
        "missing webhook-id",
        "missing webhook-timestamp",
        "missing webhook-signature",
        "signed with another secret",
        "timestamp not a number",
        "timestamp 6 minutes old",
        "no v1 signature",
        "body changed after signing",
    ],
)
def test_a_request_with_a_bad_signature_is_refused_with_401_and_not_stored(
    client: Any, clock: Any, services: Services, how: str
) -> None:
    body = rt_body(event_json("ticket_created_for_employee.json"))
    headers, other = _break(rt_headers(body, RT_SECRET, clock(), "rt-49"), how, clock)
    resp = client.post(f"/webhooks/{KEY}", data=other or body, headers=headers)
    assert resp.status_code == 401
    assert services.store.queue_stats(clock())["counts"] == {}


def test_a_signature_made_with_an_unconfigured_whsec_secret_is_refused(
    client: Any, clock: Any
) -> None:
    payload = event_json("ticket_created_for_employee.json")
    resp = post(
        client, clock, payload, secret="whsec_" + "b3RoZXItc2VjcmV0LW9mLTMyLWJ5dGVzLi4uLi4uLi4="
    )
    assert resp.status_code == 401


def test_the_same_rt_transaction_delivered_twice_is_stored_once(
    client: Any, clock: Any, services: Services
) -> None:
    payload = event_json("customer_correspond.json")
    assert post(client, clock, payload).get_json()["accepted"] == 1
    clock.advance(seconds=30)  # a new timestamp and signature, the same webhook-id
    again = post(client, clock, payload)
    assert again.status_code == 202
    assert again.get_json() == {"accepted": 0, "duplicates": 1, "ignored": 0}


def test_an_event_type_the_scrip_does_not_send_is_answered_202_and_not_stored(
    client: Any, clock: Any, services: Services
) -> None:
    payload = event_json("ticket_created_for_employee.json", transaction__id=501)
    payload["type"] = "ticket.status_changed"  # e.g. a site that extended the scrip
    resp = post(client, clock, payload)
    assert resp.status_code == 202
    assert resp.get_json() == {"accepted": 0, "duplicates": 0, "ignored": 1}
    assert services.store.queue_stats(clock())["counts"] == {}


# -- mapping --------------------------------------------------------------------------------
CREATED_AT = dt.datetime(2026, 11, 22, 11, 8, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("name", "kind", "assignee", "actor", "status", "public"),
    [
        (
            "ticket_created_for_employee.json",
            EventKind.TICKET_CREATED,
            "anna",
            "standin",
            "new",
            None,
        ),
        (
            "owner_changed_to_employee.json",
            EventKind.ASSIGNEE_CHANGED,
            "anna",
            "standin",
            "new",
            None,
        ),
        (
            "owner_changed_away_from_employee.json",
            EventKind.ASSIGNEE_CHANGED,
            "bob",
            "standin",
            "new",
            None,
        ),
        (
            "customer_correspond.json",
            EventKind.CUSTOMER_REPLIED,
            "bob",
            "customer@example.org",
            "open",
            True,
        ),
        ("agent_correspond.json", EventKind.PUBLIC_COMMENT, "bob", "standin", "open", True),
        ("internal_comment.json", EventKind.INTERNAL_NOTE, "bob", "standin", "open", False),
    ],
)
def test_each_captured_scrip_body_maps_to_its_canonical_event(
    services: Services,
    name: str,
    kind: EventKind,
    assignee: str,
    actor: str,
    status: str,
    public: bool | None,
) -> None:
    payload = fixture_json("rt", name)
    event = canonical(services, payload)
    assert event is not None
    assert (event.kind, event.assignee_id, event.actor_id, event.status, event.note_public) == (
        kind,
        assignee,
        actor,
        status,
        public,
    )
    assert event.ticket_id == str(payload["ticket"]["id"])
    assert event.requester_id == "customer@example.org"
    assert event.tags == ()  # RT has no tags
    assert event.previous_assignee_id is None  # RT sends a numeric id there, not the Name


def test_a_created_event_maps_fully_with_the_rt_time_read_as_utc(services: Services) -> None:
    event = canonical(services, fixture_json("rt", "ticket_created_for_employee.json"))
    assert event == CanonicalEvent(
        kind=EventKind.TICKET_CREATED,
        helpdesk=KEY,
        ticket_id="1",
        assignee_id="anna",
        requester_id="customer@example.org",
        status="new",
        priority="0",
        tags=(),
        actor_id="standin",
        occurred_at=CREATED_AT,
        raw_type="ticket.created",
    )


@pytest.mark.parametrize(
    ("rt_status", "status"),
    [("stalled", "pending"), ("resolved", "solved"), ("rejected", "closed"), ("deleted", "closed")],
)
def test_rt_statuses_map_to_canonical_statuses(
    services: Services, rt_status: str, status: str
) -> None:
    event = canonical(services, event_json("customer_correspond.json", ticket__status=rt_status))
    assert event is not None and event.status == status


def test_a_ticket_given_to_nobody_maps_to_unassigned(services: Services) -> None:
    event = canonical(
        services, event_json("owner_changed_to_employee.json", ticket__owner="Nobody")
    )
    assert event is not None and event.assignee_id == ""


# -- rerouting ------------------------------------------------------------------------------
@pytest.mark.both_engines
def test_a_ticket_created_for_the_employee_gets_owner_bob_then_a_french_notice(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    put, note = reroute_calls(vendor)
    payload = created_by_carla()
    resp = post(client, clock, payload)
    assert resp.status_code == 202 and resp.get_json()["accepted"] == 1
    assert drain(services, clock) == 1
    assert put.call_count == 1 and note.call_count == 1
    # The owner changes first, the customer notice second (see RtAdapter.reassign).
    assert methods(vendor)[-2:] == [
        "PUT /rt/REST/2.0/ticket/1",
        "POST /rt/REST/2.0/ticket/1/correspond",
    ]
    record = services.repositories.audit.audit_records(None)[0]
    assert record["action"] == "rerouted"
    assert (record["ticket_id"], record["from_agent"], record["to_agent"]) == ("1", "anna", "bob")
    assert "notice in fr" in record["reason"]
    assert "Owner changed from anna to bob" in record["vendor_response"]


def test_nothing_is_read_back_before_rts_transaction_had_time_to_commit(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    post(client, clock, created_by_carla())
    assert Worker(services, "w").drain() == 0  # not due yet
    assert len(vendor.calls) == 0
    reroute_calls(vendor)
    assert drain(services, clock) == 1


def test_a_404_for_a_ticket_rt_has_not_committed_yet_is_retried_and_then_rerouted(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    vendor.get(f"{BASE}/ticket/1", status=404, json=api("ticket_not_found"))
    post(client, clock, created_by_carla())
    assert drain(services, clock) == 1
    [row] = services.store.queue_stats(clock())["counts"].items()
    assert row == ("pending", 1)
    clock.advance(seconds=30)
    put, note = reroute_calls(vendor)
    assert drain(services, clock) == 1
    assert put.call_count == 1 and note.call_count == 1


def test_a_read_that_does_not_show_the_owner_change_yet_is_retried_not_believed(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    # RT posted "owner → anna" but has not committed: REST2 still shows carla.
    register_ticket(vendor, 2, owner="carla")
    payload = event_json("owner_changed_to_employee.json", transaction__creator="carla")
    post(client, clock, payload)
    assert drain(services, clock) == 1
    [(status, count)] = services.store.queue_stats(clock())["counts"].items()
    assert (status, count) == ("pending", 1)
    clock.advance(seconds=30)
    put, note = reroute_calls(vendor, ticket_id=2)  # now RT shows anna
    assert drain(services, clock) == 1
    assert put.call_count == 1 and note.call_count == 1


def test_a_ticket_that_really_is_someone_elses_is_left_after_a_few_looks(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    vendor.get(f"{BASE}/ticket/2", json=ticket_json(2, owner="carla"))
    register_me(vendor)
    payload = event_json("owner_changed_to_employee.json", transaction__creator="carla")
    post(client, clock, payload)
    for _ in range(6):
        drain(services, clock)
        clock.advance(seconds=120)
    assert services.store.queue_stats(clock())["counts"] == {"done": 1}
    assert not any(c.request.method == "PUT" for c in vendor.calls)


def test_a_colleague_giving_the_ticket_to_the_employee_is_rerouted(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    put, note = reroute_calls(vendor, ticket_id=2)
    payload = event_json("owner_changed_to_employee.json", transaction__creator="carla")
    post(client, clock, payload)
    drain(services, clock)
    assert put.call_count == 1 and note.call_count == 1


def test_a_customer_reply_on_a_ticket_still_owned_by_the_employee_is_rerouted(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    put, note = reroute_calls(vendor)
    post(client, clock, event_json("customer_correspond.json", ticket__owner="anna"))
    drain(services, clock)
    assert put.call_count == 1 and note.call_count == 1


def test_the_echo_of_our_own_reassignment_makes_no_call(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    post(client, clock, fixture_json("rt", "owner_changed_away_from_employee.json"))
    assert drain(services, clock) == 1
    assert len(vendor.calls) == 0
    assert audit_actions(services) == ["period_created"]


def test_a_ticket_the_connector_itself_created_for_the_employee_is_left_alone(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    post(client, clock, fixture_json("rt", "ticket_created_for_employee.json"))
    drain(services, clock)
    assert methods(vendor) == ["GET /rt/REST/2.0/ticket/1", "GET /rt/REST/2.0/user/standin"]
    record = services.repositories.audit.audit_records(None)[0]
    assert record["action"] == "skipped" and "connector itself" in record["reason"]


@pytest.mark.parametrize("name", ["agent_correspond.json", "internal_comment.json"])
def test_replies_and_comments_on_the_replacements_ticket_make_no_call(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any, name: str
) -> None:
    post(client, clock, fixture_json("rt", name))
    assert drain(services, clock) == 1
    assert len(vendor.calls) == 0


def test_an_internal_comment_on_the_employees_ticket_does_not_reroute(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    post(client, clock, event_json("internal_comment.json", ticket__owner="anna"))
    assert drain(services, clock) == 1
    assert len(vendor.calls) == 0


def test_a_resolved_ticket_stays_with_the_employee(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    vendor.get(f"{BASE}/ticket/1", json=ticket_json(status="resolved"))
    register_me(vendor)
    post(client, clock, event_json("customer_correspond.json", ticket__owner="anna"))
    drain(services, clock)
    assert services.repositories.audit.audit_records(None)[0]["reason"] == "ticket is solved"
    assert not any(c.request.method in ("PUT", "POST") for c in vendor.calls)


def test_a_ticket_requested_by_an_agent_is_reassigned_without_a_notice(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_ticket(vendor, requestor="carla")
    register_me(vendor)
    register_user(vendor, "carla")  # a Name, not an address: loaded directly
    put = expect_owner(vendor)
    post(client, clock, created_by_carla())
    drain(services, clock)
    assert put.call_count == 1
    assert (
        "requester is not a customer"
        in services.repositories.audit.audit_records(None)[0]["reason"]
    )


def test_a_customer_without_a_language_gets_the_helpdesks_default_dutch_notice(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    register_customer(vendor, lang=None)
    expect_owner(vendor)
    dutch = _notice_in("nl")
    assert "Mijn naam is Bob en vanaf vandaag ben ik uw aanspreekpunt" in _notice_in("nl", "text")
    note = expect_notice(vendor, dutch)
    post(client, clock, created_by_carla())
    drain(services, clock)
    assert note.call_count == 1


def test_rts_refusal_inside_a_200_fails_the_job_visibly_and_sends_no_notice(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    register_customer(vendor)
    refusal = api("owner_without_ownticket_right")
    expect_owner(vendor, messages=refusal)
    post(client, clock, created_by_carla())
    drain(services, clock)
    failed = next(
        r
        for r in services.repositories.audit.audit_records(None)
        if r["action"] == "not_assigned_kept"
    )
    assert "may not own tickets in that queue" in failed["reason"]
    assert failed["vendor_status"] == 200
    dead = services.store.dead_events(None)
    assert len(dead) == 1 and dead[0]["attempts"] == 1
    assert customer_facing_posts(vendor.calls) == []  # no correspondence to the customer


def test_a_notice_that_fails_after_the_owner_changed_says_so_and_is_not_retried(
    client: Any, clock: Any, services: Services, vendor: Any, period: Any
) -> None:
    register_ticket(vendor)
    register_me(vendor)
    register_customer(vendor)
    expect_owner(vendor)
    expect_notice(vendor, FRENCH_NOTICE, status=400, body={"message": "Bad request"})
    register_ticket(vendor, owner="bob")  # the re-read after the failure: it is bob's
    post(client, clock, created_by_carla())
    drain(services, clock)
    dead = services.store.dead_events(None)
    assert len(dead) == 1
    assert (
        "was reassigned to bob, but the customer notice could not be posted"
        in dead[0]["last_error"]
    )
    assert "stays with" not in dead[0]["last_error"]


# -- adapter calls --------------------------------------------------------------------------
def test_find_agent_uses_the_json_user_search_then_the_user_record(
    adapter: RtAdapter, vendor: Any
) -> None:
    register_agent(vendor, "bob")
    assert adapter.find_agent("bob@example.com") == Agent(
        id="bob", email="bob@example.com", name="Bob Jansen", is_agent=True
    )


def test_an_unprivileged_user_is_found_but_is_not_an_agent(adapter: RtAdapter, vendor: Any) -> None:
    register_user_search(vendor, "customer@example.org")
    register_user(vendor, "customer@example.org")
    agent = adapter.find_agent("customer@example.org")
    assert agent is not None and agent.is_agent is False


def test_an_unknown_address_finds_no_agent(adapter: RtAdapter, vendor: Any) -> None:
    register_user_search(vendor, "nobody@example.net")
    assert adapter.find_agent("nobody@example.net") is None


def test_a_search_that_ignored_its_condition_does_not_pick_a_random_user(
    adapter: RtAdapter, vendor: Any
) -> None:
    # RT drops conditions it does not understand and returns every user: check each address.
    vendor.get(
        f"{BASE}/users",
        match=[matchers.query_param_matcher(search_query("dora@example.com"))],
        json=api("users_unknown_field_is_ignored"),
    )
    assert adapter.find_agent("dora@example.com") is None


def test_the_customer_locale_is_the_requestors_lang(adapter: RtAdapter, vendor: Any) -> None:
    register_customer(vendor)
    customer = adapter.get_customer("customer@example.org")
    assert (customer.id, customer.locale, customer.is_end_user, customer.name) == (
        "customer@example.org",
        "fr",
        True,
        "Claire Client",
    )


def test_own_actor_ids_are_the_connector_users_name_and_number(
    adapter: RtAdapter, vendor: Any
) -> None:
    register_me(vendor)
    assert adapter.own_actor_ids() == frozenset({"standin", "34"})
    assert adapter.own_actor_ids() == frozenset({"standin", "34"})  # cached: one call
    assert len(vendor.calls) == 1


def test_get_ticket_reads_owner_requestor_and_status(adapter: RtAdapter, vendor: Any) -> None:
    vendor.get(f"{BASE}/ticket/1", json=api("ticket_get"))
    t = adapter.get_ticket("1")
    assert (t.ticket_id, t.assignee_id, t.requester_id, t.group_id, t.status, t.priority) == (
        "1",
        "anna",
        "customer@example.org",
        "3",
        "new",
        "0",
    )
    assert t.subject == "Réinitialisation du mot de passe"


def test_an_unowned_ticket_has_an_empty_assignee(adapter: RtAdapter, vendor: Any) -> None:
    register_ticket(vendor, owner="Nobody")
    assert adapter.get_ticket("1").assignee_id == ""


def test_a_missing_ticket_is_retryable(adapter: RtAdapter, vendor: Any) -> None:
    vendor.get(f"{BASE}/ticket/999999", status=404, json=api("ticket_not_found"))
    with pytest.raises(RetryableVendorError) as err:
        adapter.get_ticket("999999")
    assert err.value.status == 404


def test_open_tickets_pages_through_every_page(adapter: RtAdapter, vendor: Any) -> None:
    adapter.page_size = 2  # the captured pages were requested with per_page=2
    query = "Owner='anna' AND (Status='new' OR Status='open' OR Status='stalled')"
    for page in (1, 2):
        vendor.get(
            f"{BASE}/tickets",
            match=[
                matchers.query_param_matcher(
                    {
                        "query": query,
                        "fields": "Subject,Status,Owner,Queue,Requestor,Priority,LastUpdated",
                        "per_page": "2",
                        "page": str(page),
                    }
                )
            ],
            json=api(f"tickets_search_owner_page{page}_of_2"),
        )
    tickets = adapter.open_tickets("anna")
    assert [t.ticket_id for t in tickets] == ["2", "4", "5", "6"]
    assert {t.assignee_id for t in tickets} == {"anna"}


def test_open_tickets_keeps_paging_when_rt_cannot_count(adapter: RtAdapter, vendor: Any) -> None:
    adapter.page_size = 2
    first = api("tickets_search_owner_page1_of_2")
    first.update(total=None, pages=None)
    first.pop("next_page")
    last = api("tickets_search_owner_page2_of_2")
    last.update(total=None, pages=None, count=1, items=last["items"][:1])
    vendor.get(f"{BASE}/tickets", json=first)
    vendor.get(f"{BASE}/tickets", json=last)
    assert [t.ticket_id for t in adapter.open_tickets("anna")] == ["2", "4", "5"]


def test_owner_names_are_quoted_in_ticketsql(adapter: RtAdapter, vendor: Any) -> None:
    vendor.get(f"{BASE}/tickets", json={"count": 0, "items": [], "total": 0, "page": 1})
    adapter.open_tickets("o'brien")
    assert "Owner='o\\'brien'" in requests.utils.unquote(vendor.calls[0].request.url)


def test_bulk_reassign_reports_which_tickets_did_not_move(adapter: RtAdapter, vendor: Any) -> None:
    vendor.put(
        f"{BASE}/tickets/bulk",
        match=[
            matchers.json_params_matcher(
                [
                    {"id": 2, "Owner": "bob"},
                    {"id": 3, "Owner": "bob"},
                    {"id": 999999, "Owner": "bob"},
                ]
            )
        ],
        json=api("tickets_bulk_update"),
    )
    result = adapter.bulk_reassign(["2", "3", "999999"], Agent("bob", "bob@example.com", "Bob"))
    assert result.status == 207
    assert result.summary == (
        "2 of 3 tickets given to bob; not moved: 999999 (Resource does not exist)"
    )
    assert result.failed == {"999999": "Resource does not exist"}


def test_an_internal_note_is_an_rt_comment(adapter: RtAdapter, vendor: Any) -> None:
    text = "Stand-in: rerouted from anna to bob."
    note = expect_message(vendor, text, kind="comment")
    result = adapter.add_internal_note("1", text)
    assert note.call_count == 1 and result.status == 201 and result.summary == "Comments added"


def test_a_non_public_notice_goes_out_as_a_comment(adapter: RtAdapter, vendor: Any) -> None:
    from connector.adapters.helpdesks.base import OutboundNotice

    expect_owner(vendor)
    note = expect_notice(vendor, "<p>for bob</p>", kind="comment")
    adapter.reassign(
        ticket_json_snapshot(),
        Agent("bob", "bob@example.com", "Bob"),
        OutboundNotice(
            "s", "for bob", "<p>for bob</p>", "en", public=False, key=notice_key(1, "1", "notice")
        ),
    )
    assert note.call_count == 1


def ticket_json_snapshot() -> Any:
    from connector.domain.events import TicketSnapshot

    return TicketSnapshot(ticket_id="1", assignee_id="anna")


def test_an_owner_already_set_counts_as_done(adapter: RtAdapter, vendor: Any) -> None:
    expect_owner(vendor, messages=["Ticket 1: That user already owns that ticket"])
    result = adapter.reassign(ticket_json_snapshot(), Agent("bob", "b@x", "Bob"), None)
    assert result.status == 200


# -- install --------------------------------------------------------------------------------
class FakeRt:
    """Stands in for the RT host's commands: the scrip check and rt-setup-database-5."""

    def __init__(self, scrip: str = "missing"):
        self.scrip = scrip
        self.calls: list[list[str]] = []

    def __call__(self, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(args))
        if args[0] == "perl":
            return subprocess.CompletedProcess(list(args), 0, f"{self.scrip}\n", "")
        self.scrip = "enabled"
        return subprocess.CompletedProcess(list(args), 0, "Done inserting data.\n", "")


@pytest.fixture
def local_rt(tmp_path: Path, clock: Any, sleeps: Any) -> Iterator[tuple[RtAdapter, FakeRt, Path]]:
    """An adapter configured for an RT on loopback whose config lives in a temporary dir."""
    config = parse_config(
        {
            "database_url": f"sqlite:///{tmp_path / 'x.db'}",
            "helpdesks": {
                "localrt": {
                    "vendor": "rt",
                    "url": "http://127.0.0.1:8480/rt",
                    "credentials": {"user": "standin", "password": "pw"},
                    "webhook_secrets": [RT_SECRET],
                }
            },
        },
        credential_keys=credential_keys(),
    )
    svc = build_services(config, clock=clock, sleep=sleeps)
    a = svc.helpdesks["localrt"]
    assert isinstance(a, RtAdapter)
    (tmp_path / "etc" / "RT_SiteConfig.d").mkdir(parents=True)
    setup = tmp_path / "rt-setup-database-5"
    setup.write_text("#!/bin/sh\n")
    fake = FakeRt()
    a.site_dir, a.setup_database, a.run_command = tmp_path / "etc", setup, fake
    yield a, fake, tmp_path / "etc" / "RT_SiteConfig.d" / "90-standin.pm"
    svc.store.engine.dispose()


LOCAL = "http://127.0.0.1:8480/rt/REST/2.0"
HOOK = "https://standin.example.com/webhooks/localrt"


def actions(steps: list[InstallStep]) -> list[str]:
    return [s.action for s in steps]


def test_install_on_the_rt_host_writes_the_settings_and_loads_the_scrip_once(
    local_rt: Any, vendor: Any
) -> None:
    a, fake, dropin = local_rt
    vendor.get(f"{LOCAL}/user/standin", json=api("user_by_name") | {"Name": "standin"})
    first = a.install(HOOK, dry_run=False)
    assert actions(first) == ["exists", "create", "create", "manual", "manual"]
    text = dropin.read_text()
    assert f"Set($StandinWebhookURL, '{HOOK}');" in text
    assert f"Set($StandinWebhookSecret, '{RT_SECRET}');" in text
    assert text.rstrip().endswith("1;")
    assert oct(dropin.stat().st_mode & 0o777) == "0o640"
    assert fake.calls[-1][-2:] == ["--datafile", str(SCRIP_DATAFILE)]
    assert RT_SECRET not in " ".join(s.description for s in first)  # never shown
    assert "restart RT" in first[3].description

    vendor.get(f"{LOCAL}/user/standin", json=api("user_by_name") | {"Name": "standin"})
    second = a.install(HOOK, dry_run=False)
    assert actions(second) == ["exists", "exists", "exists", "manual"]  # the rights reminder
    assert len([c for c in fake.calls if c[0] != "perl"]) == 1


def test_install_dry_run_plans_but_changes_nothing(local_rt: Any, vendor: Any) -> None:
    a, fake, dropin = local_rt
    vendor.get(f"{LOCAL}/user/standin", json=api("user_by_name"))
    steps = a.install(HOOK, dry_run=True)
    assert actions(steps) == ["exists", "create", "create", "manual", "manual"]
    assert not dropin.exists()
    assert all(c[0] == "perl" for c in fake.calls)  # only the read-only scrip check ran


def test_install_updates_only_the_two_webhook_lines_of_an_existing_drop_in(
    local_rt: Any, vendor: Any
) -> None:
    a, fake, dropin = local_rt
    fake.scrip = "enabled"
    dropin.write_text(
        "Set($MailCommand, 'mbox');\n"
        "Set($StandinWebhookURL, 'http://127.0.0.1:8499/hooks/rt');\n"
        "Set($StandinWebhookSecret, 'whsec_old');\n1;\n"
    )
    vendor.get(f"{LOCAL}/user/standin", json=api("user_by_name"))
    steps = a.install(HOOK, dry_run=False)
    assert actions(steps) == ["exists", "update", "exists", "manual", "manual"]
    assert dropin.read_text() == (
        "Set($MailCommand, 'mbox');\n"
        f"Set($StandinWebhookURL, '{HOOK}');\n"
        f"Set($StandinWebhookSecret, '{RT_SECRET}');\n1;\n"
    )


def test_install_for_a_remote_rt_returns_exact_manual_steps(
    adapter: RtAdapter, vendor: Any
) -> None:
    register_me(vendor)
    steps = adapter.install("https://standin.example.com/webhooks/rtdesk", dry_run=False)
    assert actions(steps) == ["exists", "manual", "manual", "manual", "manual"]
    assert (
        "Set($StandinWebhookURL, 'https://standin.example.com/webhooks/rtdesk');"
        in steps[1].description
    )
    assert RT_SECRET not in steps[1].description
    assert str(SCRIP_DATAFILE) in steps[2].description
    assert "rt-setup-database-5 --action insert --skip-create" in steps[2].description


def test_install_refuses_a_secret_the_scrip_cannot_sign_with(local_rt: Any) -> None:
    a, _, _ = local_rt
    a.config = dataclasses.replace(a.config, webhook_secrets=(Secret("not-a-whsec-secret"),))
    with pytest.raises(ConfigError, match="whsec_"):
        a.install(HOOK, dry_run=True)


@pytest.mark.skipif(shutil.which("perl") is None, reason="perl not installed")
def test_the_sandbox_seed_and_install_load_the_same_scrip() -> None:
    dump = (
        "our @Scrips; require $ARGV[0]; use Data::Dumper; $Data::Dumper::Sortkeys = 1;"
        " print Dumper(\\@Scrips);"
    )
    seed = support.REPO / "scripts" / "rt" / "standin-initialdata.pl"
    out = [
        subprocess.run(
            ["perl", "-e", dump, str(p.resolve())], capture_output=True, text=True, check=True
        ).stdout
        for p in (seed, SCRIP_DATAFILE)
    ]
    assert out[0] == out[1]
    assert "'Description' => 'Stand-in webhook'" in out[0]


# -- replies (hand-back policy untouched_only) ------------------------------------------------
SINCE = dt.datetime(2026, 11, 22, 11, 8, 2, tzinfo=dt.UTC)


def history(*rows: tuple[str, str, str]) -> dict[str, Any]:
    """A page of GET /ticket/1/history: (Type, Creator, Created) rows; RT cannot count them."""
    page = api("ticket_history")
    template = page["items"][0]
    items = []
    for kind, creator, created in rows:
        item = copy.deepcopy(template)
        item.update(Type=kind, Created=created)
        item["Creator"] = {"_url": f"{BASE}/user/{creator}", "id": creator, "type": "user"}
        items.append(item)
    return {**page, "items": items, "count": len(items), "total": None, "pages": None}


def register_history(vendor: Any, page: int, body: dict[str, Any], per_page: int = 8) -> Any:
    query = {"fields": "Type,Creator,Created", "per_page": str(per_page), "page": str(page)}
    return vendor.get(
        f"{BASE}/ticket/1/history", match=[matchers.query_param_matcher(query)], json=body
    )


def test_a_correspondence_by_the_replacement_on_the_second_history_page_counts(
    adapter: RtAdapter, vendor: Any
) -> None:
    adapter.page_size = 8
    first = api("ticket_history")  # 8 transactions: standin's and the customer's, none by bob
    first["total"] = None
    register_history(vendor, 1, first)
    register_history(vendor, 2, history(("Correspond", "bob", "2026-11-23T09:00:00Z")))
    assert adapter.replied_since("1", "bob", SINCE) is True


def test_comments_other_peoples_mail_and_older_correspondence_are_no_reply(
    adapter: RtAdapter, vendor: Any
) -> None:
    register_history(
        vendor,
        1,
        history(
            ("Comment", "bob", "2026-11-23T09:00:00Z"),
            ("Correspond", "bob", "2026-11-22T11:08:01Z"),
            ("Correspond", "customer@example.org", "2026-11-23T09:00:00Z"),
            ("Correspond", "carla", "2026-11-23T09:00:00Z"),
        ),
        per_page=100,
    )
    assert adapter.replied_since("1", "bob", SINCE) is False
