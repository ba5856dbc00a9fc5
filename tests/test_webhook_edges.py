"""Every edge of the webhook gate answers 2xx or a 4xx naming the problem, never a 5xx.

The classes below were found by the shaped fuzz at the end (signed Zendesk event bodies whose
keyed fields hold any JSON value, lone surrogates and over-long text included); each class has
its own example test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ZENDESK_SECRET
from tests.support import zendesk_headers

# The engine matters here: these run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_engines

FUZZ_EXAMPLES = 200


def event_body(event_id: Any, event_type: Any = "zen:event-type:ticket.created") -> bytes:
    """A signed-able Zendesk event body; ``json.dumps`` writes a lone surrogate as ``\\udXXX``."""
    return json.dumps(
        {
            "id": event_id,
            "type": event_type,
            "subject": "zen:ticket:7",
            "time": "2026-11-23T08:59:00Z",
            "detail": {"id": "7", "assignee_id": "9001", "requester_id": "5"},
            "event": {},
        }
    ).encode()


def post(client: Any, clock: Any, body: bytes) -> Any:
    return client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )


def test_an_event_id_with_a_lone_surrogate_is_a_400_naming_the_event_id(
    client: Any, services: Any, clock: Any
) -> None:
    resp = post(client, clock, event_body("abc\ud800def"))
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert error["code"] == "bad_payload"
    assert "event id" in error["message"] and "surrogate" in error["message"]
    assert services.store.queue_stats(clock())["counts"] == {}


def test_an_event_type_with_a_lone_surrogate_is_a_400_naming_the_event_type(
    client: Any, services: Any, clock: Any
) -> None:
    resp = post(client, clock, event_body("e-1", "zen:event-type:\udfff"))
    assert resp.status_code in (202, 400)  # an unknown type may simply be ignored
    if resp.status_code == 400:
        assert "event type" in resp.get_json()["error"]["message"]
    assert services.store.queue_stats(clock())["counts"] == {}


def test_an_event_id_longer_than_the_inbox_key_is_a_400_naming_the_event_id(
    client: Any, services: Any, clock: Any
) -> None:
    resp = post(client, clock, event_body("x" * 300))
    assert resp.status_code == 400
    assert "event id is longer than 255" in resp.get_json()["error"]["message"]
    assert services.store.queue_stats(clock())["counts"] == {}


def test_an_event_id_with_a_nul_character_is_a_400(client: Any, services: Any, clock: Any) -> None:
    resp = post(client, clock, event_body("e\x001"))
    assert resp.status_code == 400
    assert "event id" in resp.get_json()["error"]["message"]
    assert services.store.queue_stats(clock())["counts"] == {}


@pytest.mark.parametrize("event_id", [12345, ["a"], {"k": "v"}, 1.5, True])
def test_an_event_id_that_is_not_text_is_still_a_stable_key(
    client: Any, services: Any, clock: Any, event_id: Any
) -> None:
    first = post(client, clock, event_body(event_id))
    again = post(client, clock, event_body(event_id))
    assert first.status_code == again.status_code == 202
    assert again.get_json()["duplicates"] == 1


any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    event_id=any_json,
    event_type=st.sampled_from(["zen:event-type:ticket.created"]) | any_json,
)
def test_signed_zendesk_events_with_any_keyed_values_never_5xx(
    client: Any, clock: Any, event_id: Any, event_type: Any
) -> None:
    resp = post(client, clock, event_body(event_id, event_type))
    assert resp.status_code in (202, 400), resp.get_data(as_text=True)
