"""The vendor HTTP client's conveniences (retries and redaction: test_faults, test_secrets)."""

from __future__ import annotations

import pytest
import responses

from connector.adapters.http import RetryPolicy, VendorHttp
from connector.errors import PermanentVendorError

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
