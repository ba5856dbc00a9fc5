"""POST /webhooks/<helpdesk> at the HTTP level: every refusal is clear and stores nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
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


def test_a_webhook_answer_carries_the_request_id_and_nosniff(client: Any, clock: Any) -> None:
    headers = zendesk_headers(BODY, ZENDESK_SECRET, clock()) | {"X-Request-Id": "zd-42"}
    accepted = client.post("/webhooks/acme", data=BODY, headers=headers)
    refused = client.post("/webhooks/nope", data=BODY, headers=headers)
    for resp in (accepted, refused):
        assert resp.headers["X-Request-Id"] == "zd-42"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Content-Type"] == "application/json"
        assert int(resp.headers["Content-Length"]) == len(resp.get_data())
    assert accepted.get_json() == {"accepted": 1, "duplicates": 0, "ignored": 0}


def test_another_method_on_a_webhook_url_is_405_naming_post(client: Any) -> None:
    resp = client.get("/webhooks/acme")
    assert resp.status_code == 405
    assert resp.headers["Allow"] == "POST"
    assert resp.get_json() == {
        "error": {"status": 405, "code": "method_not_allowed", "message": "use POST"}
    }


def test_a_path_below_a_webhook_url_is_left_to_the_app_and_is_404(client: Any) -> None:
    resp = client.post("/webhooks/acme/extra", data=BODY)
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"


def test_a_chunked_body_over_the_limit_is_413_and_nothing_is_stored(
    client: Any, services: Any, clock: Any
) -> None:
    body = b'{"pad": "' + b"x" * 1_100_000 + b'"}'
    headers = zendesk_headers(body, ZENDESK_SECRET, clock())
    resp = client.post(
        "/webhooks/acme",
        input_stream=io.BytesIO(body),
        headers=headers | {"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert resp.status_code == 413
    assert "larger than the limit of 1048576 bytes" in resp.get_json()["error"]["message"]
    assert stored(services, clock) == 0


def test_an_unexpected_error_is_a_500_in_the_error_shape_and_logged(
    client: Any, services: Any, clock: Any, monkeypatch: Any, caplog: Any
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(services.ingest, "accept", broken)
    resp = client.post(
        "/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 500
    assert resp.get_json()["error"] == {
        "status": 500,
        "code": "internal_error",
        "message": "internal error; see the server log",
    }
    assert any(r.message == "unhandled error" and r.exc_info for r in caplog.records)


def test_a_database_outage_is_503_with_retry_after(
    client: Any, services: Any, clock: Any, monkeypatch: Any
) -> None:
    from sqlalchemy.exc import OperationalError

    def down(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(services.store, "add_events", down)
    resp = client.post(
        "/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] == "5"
    assert resp.get_json()["error"]["code"] == "database_unavailable"


def test_a_chunked_body_within_the_limit_is_read_whole_and_accepted(
    client: Any, services: Any, clock: Any
) -> None:
    resp = client.post(
        "/webhooks/acme",
        input_stream=io.BytesIO(BODY),
        headers=zendesk_headers(BODY, ZENDESK_SECRET, clock()) | {"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert resp.status_code == 202
    assert stored(services, clock) == 1


def test_a_body_shorter_than_its_content_length_is_400_and_nothing_is_stored(
    client: Any, services: Any, clock: Any
) -> None:
    resp = client.post(
        "/webhooks/acme",
        input_stream=io.BytesIO(BODY[:-10]),  # the client hung up ten bytes early
        headers=zendesk_headers(BODY, ZENDESK_SECRET, clock()),
        environ_overrides={"CONTENT_LENGTH": str(len(BODY))},
    )
    assert resp.status_code == 400
    assert resp.get_json()["error"]["status"] == 400
    assert stored(services, clock) == 0


def test_a_too_large_webhook_is_refused_in_the_same_words_as_the_api(
    client: Any, auth: Any, clock: Any
) -> None:
    body = b'{"pad": "' + b"x" * 1_100_000 + b'"}'
    webhook = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    api = client.post(
        "/api/v1/periods", data=body, headers=auth() | {"Content-Type": "application/json"}
    )
    assert webhook.status_code == api.status_code == 413
    assert webhook.get_json() == api.get_json()


def stored_payloads(services: Any) -> list[str]:
    from sqlalchemy import select

    from connector.adapters.models import InboxEvent

    with services.store.session() as s:
        return list(s.execute(select(InboxEvent.payload).order_by(InboxEvent.id)).scalars())


def test_the_inbox_keeps_the_body_exactly_as_the_helpdesk_sent_it(
    client: Any, services: Any, clock: Any
) -> None:
    body = BODY.replace(b"{", b'{ "note": "caf\xc3\xa9",', 1)
    client.post("/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock()))
    assert stored_payloads(services) == [body.decode("utf-8")]


@pytest.mark.parametrize(
    "encode",
    [lambda b: b"\xef\xbb\xbf" + b, lambda b: b.decode().encode("utf-16")],
    ids=["utf-8-with-bom", "utf-16"],
)
def test_a_body_in_another_json_encoding_is_stored_as_plain_json(
    client: Any, services: Any, clock: Any, encode: Any
) -> None:
    body = encode(BODY)
    resp = client.post(
        "/webhooks/acme", data=body, headers=zendesk_headers(body, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 202
    [text] = stored_payloads(services)
    assert json.loads(text) == json.loads(BODY)


def test_a_webhook_is_counted_as_being_answered_until_its_answer_is_ready(
    client: Any, services: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The embedded worker makes way while the count is not zero (test_worker_batches)."""
    from connector import in_flight

    seen: list[int] = []
    add_events = services.store.add_events

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(in_flight.webhooks_being_answered())
        return add_events(*args, **kwargs)

    monkeypatch.setattr(services.store, "add_events", watching)
    resp = client.post(
        "/webhooks/acme", data=BODY, headers=zendesk_headers(BODY, ZENDESK_SECRET, clock())
    )
    assert resp.status_code == 202
    assert seen == [1]
    assert in_flight.webhooks_being_answered() == 0
    # a refused webhook is counted and let go the same way
    resp = client.post("/webhooks/acme", data=BODY, headers={"Content-Type": "application/json"})
    assert resp.status_code == 401
    assert in_flight.webhooks_being_answered() == 0
