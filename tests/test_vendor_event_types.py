"""Every vendor: an event type its mapping lists under `ignored:` and one it does not know are
both acknowledged (202) and never stored, but counted apart (metric result `ignored` or
`unknown`), and an unknown type is logged once per (helpdesk, type)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from connector.domain.outcomes import Outcome
from connector.errors import ConfigError
from connector.mapping import load_mapping, mappings_dir, parse_mapping
from connector.web import create_app
from connector.wiring import Services
from tests.vendor_harness import DESKS, Desk, desk_config, drain, metric, services_for

RECEIVED = "standin_webhooks_received_total"
NOTHING_STORED = {"accepted": 0, "duplicates": 0, "ignored": 1}


@pytest.fixture(params=sorted(DESKS))
def desk(request: pytest.FixtureRequest) -> Desk:
    return DESKS[request.param]


@pytest.fixture
def services(desk: Desk, db_url: str, clock: Any, sleeps: Any) -> Iterator[Services]:
    with services_for(desk_config(db_url, desk), clock, sleeps) as svc:
        yield svc


@pytest.fixture
def client(services: Services) -> Any:
    return create_app(services=services, TESTING=True).test_client()


def ignored_type(services: Services, desk: Desk) -> str:
    """A type the mapping lists under `ignored:`; for a mapping that lists none (Zammad),
    the list is given one, so the rule is checked on every vendor."""
    adapter = services.helpdesks[desk.key]
    if not adapter.mapping.ignored:
        adapter.mapping = dataclasses.replace(
            adapter.mapping, ignored=frozenset({"Stand-in: priority changed"})
        )
    return sorted(adapter.mapping.ignored)[0]


def unknown_logs(caplog: pytest.LogCaptureFixture, desk: Desk) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if getattr(r, "outcome", None) == Outcome.UNKNOWN_EVENT
        and getattr(r, "helpdesk", None) == desk.key
    ]


def test_an_ignored_event_type_is_acknowledged_counted_as_ignored_and_not_stored(
    desk: Desk, services: Services, client: Any, clock: Any, vendor: Any, caplog: Any
) -> None:
    etype = ignored_type(services, desk)
    assert services.helpdesks[desk.key].mapping.not_handled(etype) is Outcome.IGNORED_EVENT
    caplog.set_level(logging.INFO, logger="connector.services.ingest")

    resp = desk.post_type(client, etype, clock())

    assert resp.status_code == 202
    assert resp.get_json() == NOTHING_STORED
    assert services.store.queue_stats(clock())["counts"] == {}
    assert metric(client, RECEIVED, helpdesk=desk.key, result="ignored") == 1.0
    assert metric(client, RECEIVED, helpdesk=desk.key, result="unknown") == 0.0
    assert unknown_logs(caplog, desk) == []
    assert drain(services, clock) == 0
    assert len(vendor.calls) == 0  # nothing reaches the helpdesk's API


def test_an_unknown_event_type_is_acknowledged_counted_as_unknown_and_logged_once(
    desk: Desk, services: Services, client: Any, clock: Any, vendor: Any, caplog: Any
) -> None:
    etype = "standin-test: a type no mapping knows"
    assert services.helpdesks[desk.key].mapping.not_handled(etype) is Outcome.UNKNOWN_EVENT
    caplog.set_level(logging.INFO, logger="connector.services.ingest")

    first = desk.post_type(client, etype, clock())
    clock.advance(seconds=1)
    second = desk.post_type(client, etype, clock())

    assert first.status_code == second.status_code == 202
    assert first.get_json() == second.get_json() == NOTHING_STORED
    assert services.store.queue_stats(clock())["counts"] == {}
    assert metric(client, RECEIVED, helpdesk=desk.key, result="unknown") == 2.0
    assert metric(client, RECEIVED, helpdesk=desk.key, result="ignored") == 0.0
    [logged] = unknown_logs(caplog, desk)
    assert logged.levelno == logging.WARNING and logged.event_type == etype  # type: ignore[attr-defined]
    assert drain(services, clock) == 0
    assert len(vendor.calls) == 0


def test_a_second_unknown_type_of_the_same_helpdesk_is_logged_too(
    desk: Desk, services: Services, client: Any, clock: Any, vendor: Any, caplog: Any
) -> None:
    caplog.set_level(logging.INFO, logger="connector.services.ingest")
    for etype in ("standin-test: first unknown", "standin-test: second unknown"):
        assert desk.post_type(client, etype, clock()).status_code == 202
    assert [r.event_type for r in unknown_logs(caplog, desk)] == [  # type: ignore[attr-defined]
        "standin-test: first unknown",
        "standin-test: second unknown",
    ]


def test_a_handled_event_type_is_stored_and_counted_as_accepted(
    desk: Desk, services: Services, client: Any, clock: Any
) -> None:
    handled = sorted(services.helpdesks[desk.key].mapping.events)[0]
    resp = desk.post_type(client, handled, clock())
    assert resp.status_code == 202, resp.get_data(as_text=True)
    assert resp.get_json()["accepted"] >= 1
    assert metric(client, RECEIVED, helpdesk=desk.key, result="accepted") >= 1.0
    assert metric(client, RECEIVED, helpdesk=desk.key, result="ignored") == 0.0


@pytest.mark.parametrize("vendor", sorted(DESKS))
def test_a_mapping_that_both_handles_and_ignores_a_type_is_refused(vendor: str) -> None:
    path = mappings_dir() / f"{vendor}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    handled = sorted(raw["events"])[0]
    raw["ignored"] = [*(raw.get("ignored") or []), handled]
    with pytest.raises(ConfigError) as caught:
        parse_mapping(raw, path)
    assert f"ignored: {handled!r} is also under events" in str(caught.value)


@pytest.mark.parametrize("vendor", sorted(DESKS))
def test_every_shipped_mapping_keeps_handled_and_ignored_types_apart(vendor: str) -> None:
    mapping = load_mapping(vendor)
    assert not set(mapping.events) & mapping.ignored
    for etype in mapping.events:
        assert mapping.not_handled(etype) is None
    for etype in mapping.ignored:
        assert mapping.not_handled(etype) is Outcome.IGNORED_EVENT
