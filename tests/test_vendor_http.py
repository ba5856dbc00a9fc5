"""The vendor HTTP client's conveniences (retries and redaction: test_faults, test_secrets)."""

from __future__ import annotations

import pytest
import responses

from connector.adapters.http import RateLimit, RetryPolicy, VendorHttp
from connector.errors import PermanentVendorError, RetryableVendorError

BASE = "https://vendor.example"


def client() -> VendorHttp:
    return VendorHttp(BASE, vendor="v", policy=RetryPolicy(max_attempts=1), sleep=lambda _: None)


def test_get_json_or_none_gives_the_answer_of_a_found_thing() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(f"{BASE}/users/7?idProperty=userId", json={"id": 7})
        assert client().get_json_or_none("/users/7", params={"idProperty": "userId"}) == {"id": 7}


def test_get_json_or_none_gives_none_when_the_vendor_has_no_such_thing() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(f"{BASE}/users/8", status=404, json={"error": "RecordNotFound"})
        assert client().get_json_or_none("/users/8") is None


def test_get_json_or_none_still_raises_every_other_refusal() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(f"{BASE}/users/9", status=403, json={"error": "Forbidden"})
        with pytest.raises(PermanentVendorError) as info:
            client().get_json_or_none("/users/9")
    assert info.value.status == 403


def test_a_call_a_person_waits_on_is_tried_once_with_short_timeouts() -> None:
    slept: list[float] = []
    full = VendorHttp(BASE, vendor="v", policy=RetryPolicy(max_attempts=4), sleep=slept.append)
    quick = full.for_a_person_waiting(timeout=(1.0, 2.0))
    with responses.RequestsMock() as rsps:
        rsps.get(f"{BASE}/groups", status=503, json={"error": "down"})
        with pytest.raises(RetryableVendorError):
            quick.request("GET", "/groups")
        assert len(rsps.calls) == 1 and slept == []
        with pytest.raises(RetryableVendorError):
            full.request("GET", "/groups")
        assert len(rsps.calls) == 1 + 4 and len(slept) == 3  # background work still retries
    assert quick.timeout == (1.0, 2.0) and full.timeout == (5.0, 30.0)
    assert quick.session is full.session  # the same connections and credentials


def test_a_call_a_person_waits_on_does_not_wait_minutes_behind_the_rate_limit() -> None:
    now = [0.0]
    limit = RateLimit(60, burst=1, monotonic=lambda: now[0])  # one call per second
    slept: list[float] = []
    full = VendorHttp(BASE, vendor="v", limit=limit, sleep=slept.append)
    quick = full.for_a_person_waiting(max_limit_wait=1.5)
    with responses.RequestsMock() as rsps:
        rsps.get(f"{BASE}/tags", json={"tags": []})
        quick.request("GET", "/tags")  # the burst's one token
        quick.request("GET", "/tags")  # one second behind: waits it
        assert slept == [1.0]
        with pytest.raises(RetryableVendorError, match="rate limit"):
            quick.request("GET", "/tags")  # two seconds behind: a person does not wait
        assert len(rsps.calls) == 2


def test_a_call_sends_the_clients_credentials_and_headers_with_its_own_merged_in() -> None:
    http = VendorHttp(
        BASE,
        vendor="v",
        auth=("ops@example.com/token", "t0k3n"),
        headers={"Accept": "application/json", "X-Team": "acme"},
        policy=RetryPolicy(max_attempts=1),
    )
    with responses.RequestsMock() as rsps:
        rsps.put(f"{BASE}/tickets/1.json?async=1", json={"ticket": {"id": 1}})
        http.request(
            "PUT",
            "/tickets/1.json",
            params={"async": 1},
            json={"ticket": {"assignee_id": 9002}},
            headers={"accept": "application/hal+json", "X-Team": None},  # type: ignore[dict-item]
        )
        sent = rsps.calls[0].request
    assert sent.headers["Authorization"].startswith("Basic ")  # the client's credentials
    assert sent.headers["Accept"] == "application/hal+json"  # the call's, whatever its case
    assert "X-Team" not in sent.headers  # None removes the client's header, as in requests
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.body == b'{"ticket": {"assignee_id": 9002}}'
    assert "Cookie" not in sent.headers
