"""POST /webhooks/<helpdesk> at the HTTP level: every refusal is clear and stores nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import ZENDESK_OLD_SECRET, ZENDESK_SECRET
from tests.support import fixture_bytes, zendesk_headers

BODY = fixture_bytes("zendesk", "ticket_created.json")


def stored(services: Any, clock: Any) -> int:
    return sum(services.store.queue_stats(clock())["counts"].values())


def test_a_signed_event_is_stored_before_the_202(client: Any, services: Any, clock: Any) -> None:
    resp = client.post(
        "/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 202
    assert services.store.queue_stats(clock())["counts"] == {"pending": 1}


def test_the_second_secret_of_a_rotation_is_accepted(
    client: Any, services: Any, clock: Any
) -> None:
    resp = client.post(
        "/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_OLD_SECRET, clock())
    )
    assert resp.status_code == 202


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda h: h.pop("X-Zendesk-Webhook-Signature"),
            "missing header x-zendesk-webhook-signature",
        ),
        (
            lambda h: h.pop("X-Zendesk-Webhook-Signature-Timestamp"),
            "missing header x-zendesk-webhook-signature-timestamp",
        ),
        (lambda h: h.update({"X-Zendesk-Webhook-Signature": "AAAA"}), "does not match"),
    ],
    ids=["no-signature", "no-timestamp", "wrong-signature"],
)
def test_a_bad_signature_is_401_and_nothing_is_stored(
    client: Any, services: Any, clock: Any, mutate: Any, message: str
) -> None:
    headers = zendesk_headers(BODY, ZENDESK_SECRET, clock())
    mutate(headers)
    resp = client.post("/webhooks/acme", data=BODY, headers=headers)
    assert resp.status_code == 401
    assert message in resp.get_json()["error"]["message"]
    assert stored(services, clock) == 0


def test_a_stale_signature_is_401(client: Any, services: Any, clock: Any) -> None:
    headers = zendesk_headers(BODY, ZENDESK_SECRET, clock() - dt.timedelta(seconds=301))
    resp = client.post("/webhooks/acme", data=BODY, headers=headers)
    assert resp.status_code == 401
    assert "±300 s" in resp.get_json()["error"]["message"]
    assert stored(services, clock) == 0


def test_a_body_signed_for_another_helpdesk_is_401(client: Any, services: Any, clock: Any) -> None:
    resp = client.post(
        "/webhooks/other", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 401
    assert stored(services, clock) == 0


def test_malformed_json_is_400_with_the_cause(client: Any, services: Any, clock: Any) -> None:
    body = b'{"type": "zen:event-type:ticket.created", '
    resp = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 400
    assert resp.get_json()["error"]["code"] == "bad_payload"
    assert "not valid JSON" in resp.get_json()["error"]["message"]
    assert stored(services, clock) == 0


def test_a_json_array_is_400_for_zendesk(client: Any, services: Any, clock: Any) -> None:
    body = b"[1, 2]"
    resp = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 400
    assert "JSON object" in resp.get_json()["error"]["message"]


def test_deeply_nested_json_is_refused_cleanly(client: Any, services: Any, clock: Any) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    resp = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 400
    assert stored(services, clock) == 0


def test_an_unknown_helpdesk_is_404(client: Any, clock: Any) -> None:
    resp = client.post(
        "/webhooks/nope", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 404
    assert resp.get_json()["error"]["message"] == "unknown helpdesk 'nope'"


def test_a_body_over_the_limit_is_413(client: Any, services: Any, clock: Any) -> None:
    body = b'{"pad": "' + b"x" * 1_100_000 + b'"}'
    resp = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 413
    assert "larger than the limit of 1048576 bytes" in resp.get_json()["error"]["message"]
    assert stored(services, clock) == 0


def test_metrics_count_accepted_and_rejected_webhooks(client: Any, clock: Any) -> None:
    client.post("/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock()))
    client.post("/webhooks/acme", data=BODY, headers={"X-Zendesk-Webhook-Signature": "x"})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'standin_webhooks_received_total{helpdesk="acme",result="accepted"} 1.0' in text
    assert 'standin_webhooks_rejected_total{helpdesk="acme",reason="signature"} 1.0' in text
    assert 'standin_queue_events{status="pending"} 1.0' in text


def test_health_and_readiness_answer(client: Any) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready"}
