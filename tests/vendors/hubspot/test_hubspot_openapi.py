"""The check of HubSpot requests against HubSpot's published OpenAPI documents catches what
HubSpot refuses: the tests that mock HubSpot are only as good as this check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests import hubspot_openapi
from tests.fake_hubspot import FakeHubSpot
from tests.hubspot_api import message_body

BEARER = {"Authorization": "Bearer pat-eu1-test-token", "Content-Type": "application/json"}
THREADS = "https://api.hubapi.com/conversations/v3/conversations/threads"
MESSAGES = f"{THREADS}/8123456789/messages"


def test_listing_a_contacts_threads_without_thread_status_is_refused() -> None:
    url = f"{THREADS}?associatedContactId=751&association=TICKET"
    assert hubspot_openapi.problems("GET", url, BEARER) == [
        "GET /conversations/v3/conversations/threads: query parameter 'threadStatus' is "
        "required with 'associatedContactId'"
    ]
    assert hubspot_openapi.problems("GET", url + "&threadStatus=OPEN", BEARER) == []
    assert hubspot_openapi.problems("GET", url + "&threadStatus=PENDING", BEARER) != []


@pytest.mark.parametrize(
    "field",
    ["attachments", "recipients", "type", "text", "senderActorId", "channelId", "channelAccountId"],
)
def test_a_message_without_a_field_the_spec_requires_is_refused(field: str) -> None:
    body = message_body("Bob helpt u verder.")
    assert hubspot_openapi.problems("POST", MESSAGES, BEARER, json.dumps(body)) == []
    del body[field]
    found = hubspot_openapi.problems("POST", MESSAGES, BEARER, json.dumps(body))
    assert found and found[0].startswith(
        "POST /conversations/v3/conversations/threads/8123456789/messages: InvalidRequestBody"
    )
    assert any(f"'{field}' is a required property" in line for line in found)


def test_a_search_without_after_or_with_sort_objects_is_refused() -> None:
    url = "https://api.hubapi.com/crm/v3/objects/tickets/search"
    body: dict[str, Any] = {"filterGroups": [], "properties": [], "limit": 200, "sorts": []}
    found = hubspot_openapi.problems("POST", url, BEARER, json.dumps(body))
    assert any("'after' is a required property" in line for line in found)
    body.update(after="0", sorts=[{"propertyName": "hs_object_id", "direction": "ASCENDING"}])
    found = hubspot_openapi.problems("POST", url, BEARER, json.dumps(body))
    assert any("is not of type 'string'" in line for line in found)


def test_webhook_management_with_a_developer_api_key_is_refused_and_oauth_accepted() -> None:
    url = "https://api.hubapi.com/webhooks/v3/1160452/subscriptions"
    assert hubspot_openapi.problems("GET", url + "?hapikey=dev-key", {}) == [
        "GET /webhooks/v3/1160452/subscriptions: no credential this operation accepts "
        "(oauth2) (hapikey is not accepted here)"
    ]
    assert hubspot_openapi.problems("GET", url, {"Authorization": "Bearer dev-token"}) == []


def test_an_operation_outside_the_excerpts_is_reported() -> None:
    url = "https://api.hubapi.com/crm/v3/objects/deals/1"
    assert hubspot_openapi.problems("GET", url, BEARER) == [
        "GET /crm/v3/objects/deals/1: not an operation of the HubSpot excerpts"
    ]


@pytest.fixture
def fake() -> Iterator[FakeHubSpot]:
    hs = FakeHubSpot()
    hs.start()
    yield hs
    hs.stop()


def test_the_local_hubspot_refuses_with_400_what_hubspot_refuses(fake: FakeHubSpot) -> None:
    listing = requests.get(
        f"{fake.url}/conversations/v3/conversations/threads",
        params={"associatedContactId": "751", "association": "TICKET"},
        headers=BEARER,
        timeout=5,
    )
    assert listing.status_code == 400
    assert listing.json()["category"] == "VALIDATION_ERROR"
    assert "'threadStatus' is required with 'associatedContactId'" in listing.json()["message"]
    body = message_body("Bob helpt u verder.")
    del body["attachments"]
    message = requests.post(
        f"{fake.url}/conversations/v3/conversations/threads/8123456789/messages",
        json=body,
        headers=BEARER,
        timeout=5,
    )
    assert message.status_code == 400
    assert "'attachments' is a required property" in message.json()["message"]
    assert len(fake.refused) >= 2 and not fake.messages  # nothing was posted
