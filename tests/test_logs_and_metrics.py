"""Logs are JSON with a request id and never carry secrets or customer message bodies."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from connector.domain.outcomes import Outcome
from connector.logs import JsonFormatter
from tests.conftest import ZENDESK_OLD_SECRET, ZENDESK_SECRET
from tests.support import fixture_bytes, zendesk_headers
from tests.vendors.zendesk.test_zendesk_webhooks import drain, post, reroute_calls
from tests.zendesk_api import register_agent_search


@pytest.fixture
def json_logs() -> Any:
    """Capture every log line as the production JSON formatter writes it."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_every_request_gets_a_request_id_echoed_in_the_response(client: Any) -> None:
    mine = client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert mine.headers["X-Request-Id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-Id": "<script>"})
    assert len(made.headers["X-Request-Id"]) == 32 and "<" not in made.headers["X-Request-Id"]


def test_a_full_reroute_logs_json_without_secrets_or_message_bodies(
    client: Any, services: Any, vendor: Any, clock: Any, json_logs: list[str], auth: Any
) -> None:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    client.post(
        "/api/v1/periods",
        headers=auth(),
        json={
            "helpdesk": "acme",
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-11-20",
            "ends_at": "2026-12-31",
        },
    )
    reroute_calls(vendor)
    bad = fixture_bytes("zendesk", "ticket_created.json")
    client.post("/webhooks/acme", data=bad, headers={"X-Zendesk-Webhook-Signature": "x"})
    client.post("/webhooks/acme", data=b"{", headers=zendesk_headers(b"{", ZENDESK_SECRET, clock()))
    post(client, clock, "ticket_created.json")
    post(client, clock, "ignored_event_user_created.json")
    drain(services)
    assert json_logs, "nothing was logged"
    entries = [json.loads(line) for line in json_logs]
    assert all({"ts", "level", "logger", "msg", "request_id"} <= set(e) for e in entries)
    everything = "\n".join(json_logs)
    for secret in (ZENDESK_SECRET, ZENDESK_OLD_SECRET, "zd-api-token-123", "sti_"):
        assert secret not in everything
    assert "mijn factuur" not in everything  # the customer's message in the payload
    assert "Hebben jullie" not in everything
    assert any(e["request_id"].startswith("event-") for e in entries)


def test_metrics_count_vendor_calls_jobs_and_notices(
    client: Any, services: Any, vendor: Any, clock: Any, auth: Any
) -> None:
    register_agent_search(vendor, "anna@example.com")
    register_agent_search(vendor, "bob@example.com")
    client.post(
        "/api/v1/periods",
        headers=auth(),
        json={
            "helpdesk": "acme",
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-11-20",
            "ends_at": "2026-12-31",
        },
    )
    reroute_calls(vendor)
    post(client, clock, "ticket_created.json")
    drain(services)
    text = client.get("/metrics").get_data(as_text=True)
    assert 'standin_vendor_calls_total{method="PUT",status="200",vendor="zendesk"} 1.0' in text
    assert 'standin_vendor_calls_total{method="GET",status="200",vendor="zendesk"} 6.0' in text
    assert 'standin_jobs_total{outcome="rerouted"} 1.0' in text
    assert 'standin_notices_total{result="sent"} 1.0' in text
    assert "standin_job_latency_seconds_count 1.0" in text
    assert 'standin_queue_events{status="done"} 1.0' in text


def test_an_event_without_an_active_period_is_counted_under_the_enum_value_not_a_word(
    client: Any, services: Any, clock: Any
) -> None:
    post(client, clock, "ticket_created.json")
    drain(services)
    text = client.get("/metrics").get_data(as_text=True)
    assert f'standin_jobs_total{{outcome="{Outcome.NO_ACTIVE_PERIOD.value}"}} 1.0' in text
    assert 'standin_jobs_total{outcome="no"}' not in text
    assert services.store.event_status(1)["outcome"] == "no active period"  # the reason
