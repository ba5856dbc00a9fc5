"""A token scoped to one helpdesk cannot read or change another's data; fuzzed input never 5xx."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ZENDESK_SECRET
from tests.support import zendesk_headers

OTHER_BASE = "https://other.zendesk.com/api/v2"


def other_period(services: Any, vendor: Any) -> Any:
    for uid, email, name in ((1, "eve@other.example", "Eve"), (2, "fay@other.example", "Fay")):
        vendor.get(
            f"{OTHER_BASE}/users/search.json",
            json={"users": [{"id": uid, "email": email, "name": name, "role": "agent"}]},
        )
    return services.periods.create(
        {
            "helpdesk": "other",
            "employee": "eve@other.example",
            "replacement": "fay@other.example",
            "starts_at": "2026-11-20",
            "ends_at": "2026-12-31",
        },
        "admin",
    )


def test_a_helpdesk_scoped_token_sees_nothing_of_another_helpdesk(
    client: Any, services: Any, vendor: Any, auth: Any
) -> None:
    period = other_period(services, vendor)
    template = services.notices.save_template(
        {
            "helpdesk": "other",
            "kind": "notice",
            "variant": "formal",
            "lang": "fr",
            "subject": "Votre contact",
            "text": "{{ replacement_name }} vous aide.",
        },
        "admin",
    )
    h = auth("acme_lead")
    pid, tid = period.id, template["id"]
    assert client.get("/api/v1/periods", headers=h).get_json()["periods"] == []
    assert client.get("/api/v1/periods?helpdesk=other", headers=h).get_json()["periods"] == []
    assert client.get(f"/api/v1/periods/{pid}", headers=h).status_code == 404
    assert (
        client.patch(
            f"/api/v1/periods/{pid}", headers=h, json={"ends_at": "2027-01-01"}
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/periods/{pid}/end", headers=h).status_code == 404
    assert client.get(f"/api/v1/audit?period_id={pid}", headers=h).get_json()["audit"] == []
    assert client.get("/api/v1/audit", headers=h).get_json()["audit"] == []
    assert client.get("/api/v1/templates", headers=h).get_json()["templates"] == []
    assert client.post(f"/api/v1/templates/{tid}/activate", headers=h).status_code == 404
    assert (
        client.post(
            "/api/v1/templates",
            headers=h,
            json={
                "helpdesk": "other",
                "lang": "fr",
                "subject": "x",
                "text": "{{ replacement_name }}",
            },
        ).status_code
        == 403  # authorisation, not a validation error: the token may not use that helpdesk
    )
    assert (
        client.post("/api/v1/notices/preview", headers=h, json={"period_id": pid}).status_code
        == 404
    )
    assert client.get("/api/v1/events/dead", headers=h).get_json()["events"] == []
    # and nothing changed
    assert services.periods.get(pid).ended_early_at is None
    assert services.repositories.templates.template(tid)["active"] is False
    # the unscoped admin sees it
    assert client.get(f"/api/v1/periods/{pid}", headers=auth("admin")).status_code == 200


def test_a_webhook_signed_for_one_helpdesk_cannot_feed_another(
    client: Any, services: Any, clock: Any
) -> None:
    body = b'{"type": "zen:event-type:ticket.created", "id": "e1", "detail": {"id": "1"}}'
    resp = client.post(
        "/webhooks/other", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 401
    assert services.store.queue_stats(clock())["counts"] == {}


FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.both_engines
@FUZZ
@given(body=st.binary(max_size=2048))
def test_random_bytes_to_the_webhook_never_5xx_and_store_nothing(
    client: Any, services: Any, clock: Any, body: bytes
) -> None:
    resp = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code in (202, 400)
    if resp.status_code == 400:
        assert resp.get_json()["error"]["code"] == "bad_payload"


@pytest.mark.both_engines
@FUZZ
@given(payload=json_values)
def test_random_signed_json_to_the_webhook_never_5xx(client: Any, clock: Any, payload: Any) -> None:
    body = json.dumps(payload).encode()
    resp = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code in (202, 400)


@FUZZ
@given(
    payload=json_values,
    headers=st.dictionaries(
        st.sampled_from(["X-Zendesk-Webhook-Signature", "X-Zendesk-Webhook-Signature-Timestamp"]),
        st.text(max_size=40).filter(lambda t: "\n" not in t and "\r" not in t),
        max_size=2,
    ),
)
def test_unsigned_or_badly_signed_webhooks_are_always_401(
    client: Any, services: Any, clock: Any, payload: Any, headers: dict[str, str]
) -> None:
    resp = client.post("/webhooks/acme", data=json.dumps(payload), headers=headers)
    assert resp.status_code == 401
    assert services.store.queue_stats(clock())["counts"] == {}


@FUZZ
@given(payload=json_values)
def test_random_json_to_the_periods_api_is_a_clean_4xx(
    client: Any, services: Any, auth: Any, payload: Any
) -> None:
    resp = client.post("/api/v1/periods", json=payload, headers=auth())
    assert resp.status_code in (400, 422)
    assert set(resp.get_json()["error"]) >= {"status", "code", "message"}
    assert services.repositories.periods.periods() == []
