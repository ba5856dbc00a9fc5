"""Minimised at the door: once processed, a webhook keeps only what its mapping reads."""

from __future__ import annotations

import json
from typing import Any

import pytest

from connector.mapping import available_vendors, load_mapping
from tests.support import fixture_json


def _all_fixtures() -> list[tuple[str, str, Any]]:
    """Every vendor fixture whose event type its mapping maps."""
    from pathlib import Path

    out = []
    root = Path(__file__).parent / "fixtures"
    for vendor in available_vendors():
        mapping = load_mapping(vendor)
        for path in sorted((root / vendor).glob("*.json")):
            if path.name.endswith(".headers.json") or path.name.startswith("webhook_template"):
                continue
            try:
                payload = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            items = payload if isinstance(payload, list) else [payload]
            headers_file = path.with_name(path.name.replace(".json", ".headers.json"))
            headers = (
                {k.lower(): v for k, v in json.loads(headers_file.read_text()).items()}
                if headers_file.exists()
                else {}
            )
            for item in items:
                if not isinstance(item, dict):
                    continue
                etype = mapping.event_type(item, headers)
                if mapping.handles(etype):
                    out.append((vendor, path.name, item))
    return out


CASES = _all_fixtures()


def test_every_vendor_has_mapped_fixtures_to_check() -> None:
    assert {v for v, _n, _p in CASES} == set(available_vendors())


@pytest.mark.parametrize(
    ("vendor", "name", "payload"), CASES, ids=[f"{v}-{n}" for v, n, _ in CASES]
)
def test_the_reduced_payload_maps_to_the_same_event_without_the_text(
    vendor: str, name: str, payload: Any
) -> None:
    mapping = load_mapping(vendor)
    etype = mapping.event_type(payload, {}) or next(iter(mapping.events))
    if not mapping.handles(etype):
        pytest.skip("event type comes from a header")
    try:
        original = mapping.to_canonical("hd", etype, payload)
    except ValueError:
        pytest.skip("not mappable on its own (completed through the API)")
    kept = mapping.minimal_payload(etype, payload, keep_text=True)
    assert mapping.to_canonical("hd", etype, kept) == original
    reduced = mapping.minimal_payload(etype, payload, keep_text=False)
    again = mapping.to_canonical("hd", etype, reduced)
    if original is None:  # a kind the mapping leaves alone (a HubSpot comment): still left
        assert again is None
        return
    assert again is not None
    assert again.note_body is None
    assert (again.kind, again.ticket_id, again.assignee_id, again.status, again.tags) == (
        original.kind,
        original.ticket_id,
        original.assignee_id,
        original.status,
        original.tags,
    )
    assert len(json.dumps(reduced)) <= len(json.dumps(payload))


def test_names_addresses_and_message_text_are_dropped_from_a_processed_zendesk_comment() -> None:
    payload = fixture_json("zendesk", "comment_added_contactlog_note.json")
    payload["detail"]["subject"] = "Invoice question from Mrs Jansen"
    payload["detail"]["requester_email"] = "jansen@customer.example"
    mapping = load_mapping("zendesk")
    reduced = mapping.minimal_payload(payload["type"], payload, keep_text=False)
    text = json.dumps(reduced)
    assert "Jansen" not in text and "customer.example" not in text
    assert payload["event"]["comment"]["body"][:20] not in text
    assert reduced["detail"]["id"] == payload["detail"]["id"]
