"""A vendor call with a plain URL and at most a JSON body is prepared without requests'
``prepare()`` (``connector.adapters.http._prepared``): it must come out exactly as
``prepare()`` makes it, or the vendor would see another request."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from requests.auth import HTTPBasicAuth

from connector.adapters.http import _PLAIN_URL, _prepared

HEADERS = {"Accept": "application/json", "User-Agent": "standin/1"}


@pytest.mark.parametrize(
    ("method", "url", "body", "auth"),
    [
        ("get", "https://acme.zendesk.com/api/v2/tickets/123.json", None, ("a@b.c/token", "x")),
        (
            "PUT",
            "https://acme.zendesk.com/api/v2/tickets/123.json",
            {"ticket": {"assignee_id": 5, "comment": {"body": "Dag Anna, één ✓", "public": True}}},
            ("a@b.c/token", "x"),
        ),
        ("POST", "http://127.0.0.1:8080/REST/2.0/ticket/7/comment", {"Content": "x"}, None),
        ("DELETE", "https://api.hubapi.com/crm/v3/objects/tickets/9", None, None),
        ("PATCH", "https://x.freshdesk.com/api/v2/tickets/1", [1, 2], HTTPBasicAuth("k", "X")),
        ("PUT", "https://h.example/api/v1/tickets/4", {}, None),
        ("GET", "https://h.example/", None, None),
    ],
)
def test_a_plain_call_is_prepared_exactly_as_requests_prepares_it(
    method: str, url: str, body: Any, auth: Any
) -> None:
    expected = requests.Request(method, url, headers=HEADERS, json=body, auth=auth).prepare()
    assert _PLAIN_URL.fullmatch(url)
    got = _prepared(method, url, HEADERS, body, auth)
    assert got.method == expected.method
    assert got.url == expected.url == url
    assert dict(got.headers) == dict(expected.headers)
    assert got.body == expected.body


def test_a_content_type_of_the_callers_own_is_kept() -> None:
    headers = {**HEADERS, "Content-Type": "application/merge-patch+json"}
    got = _prepared("PATCH", "https://h.example/a/1", headers, {"a": 1}, None)
    assert got.headers["Content-Type"] == "application/merge-patch+json"


@pytest.mark.parametrize(
    "url",
    [
        "https://Acme.zendesk.com/api/v2/tickets/1.json",  # the host is lower-cased by prepare()
        "https://h.example",  # prepare() adds the "/"
        "https://h.example/search?query=type:ticket",  # a query is encoded by prepare()
        "https://h.example/users/a%40b.c",  # percent escapes are re-quoted by prepare()
        "https://h.example/a b",
        "https://h.example/ä",
        "https://bücher.example/x",
    ],
)
def test_urls_that_requests_would_rewrite_go_through_its_own_preparation(url: str) -> None:
    assert not _PLAIN_URL.fullmatch(url)
