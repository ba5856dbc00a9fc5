"""Registering Freshdesk API answers at the HTTP boundary, built from the fixtures."""

from __future__ import annotations

import copy
from typing import Any

import responses
from responses import matchers

from connector.adapters.helpdesks.base import notice_key, notice_marker
from tests.support import fixture_json

BASE = "https://klantbv.freshdesk.com/api/v2"
ANNA, BOB, LEAD, BOT, CUSTOMER = (
    "43000012345",
    "43000012346",
    "43000012347",
    "43000012300",
    "43000098765",
)
GROUP = 43000005678
SECRET = "standin-freshdesk-shared-secret"
OLD_SECRET = "previous-freshdesk-secret-still-valid"
AGENT_FIXTURES = {
    "anna@example.com": "api/agents_by_email_anna.json",
    "bob@example.com": "api/agents_by_email_bob.json",
}


def api(name: str) -> Any:
    return fixture_json("freshdesk", f"api/{name}")


def register_agent_by_email(rsps: responses.RequestsMock, email: str) -> None:
    """GET /agents?email=; an e-mail that is no agent is then looked up among contacts."""
    name = AGENT_FIXTURES.get(email)
    rows = fixture_json("freshdesk", name) if name else []
    rsps.get(f"{BASE}/agents", match=[matchers.query_param_matcher({"email": email})], json=rows)
    if not rows:
        contacts = [
            c
            for c in api("contacts_by_email_non_agent.json")
            if c["email"].lower() == email.lower()
        ]
        rsps.get(
            f"{BASE}/contacts",
            match=[matchers.query_param_matcher({"email": email})],
            json=contacts,
        )


def register_me(rsps: responses.RequestsMock) -> None:
    rsps.get(f"{BASE}/agents/me", json=api("agents_me_api_user.json"))


def register_agent(rsps: responses.RequestsMock, groups: tuple[int, ...] = (GROUP,)) -> None:
    """GET /agents/{Bob}: the replacement's groups."""
    bob = copy.deepcopy(api("agents_by_email_bob.json")[0])
    bob["group_ids"] = list(groups)
    rsps.get(f"{BASE}/agents/{BOB}", json=bob)


def ticket_json(
    responder: str | None = ANNA,
    *,
    status: int = 2,
    tags: list[str] | None = None,
    group: int | None = GROUP,
    requester: str = CUSTOMER,
) -> dict[str, Any]:
    t: dict[str, Any] = copy.deepcopy(api("ticket_get.json"))
    t.update(
        responder_id=int(responder) if responder else None,
        status=status,
        tags=tags if tags is not None else ["factuur"],
        group_id=group,
        requester_id=int(requester),
    )
    return t


def register_ticket(rsps: responses.RequestsMock, ticket_id: str = "1042", **kwargs: Any) -> None:
    rsps.get(f"{BASE}/tickets/{ticket_id}", json=ticket_json(**kwargs))


def register_contact(rsps: responses.RequestsMock, language: str = "nl", status: int = 200) -> None:
    if status == 404:
        rsps.get(f"{BASE}/contacts/{CUSTOMER}", status=404, json={"code": "access_denied"})
        return
    body = copy.deepcopy(api("contact_get_language_nl.json"))
    body["language"] = language
    rsps.get(f"{BASE}/contacts/{CUSTOMER}", json=body)


def expect_update(
    rsps: responses.RequestsMock,
    body: dict[str, Any],
    ticket_id: str = "1042",
    status: int = 200,
    answer: Any = None,
    headers: dict[str, str] | None = None,
) -> Any:
    return rsps.put(
        f"{BASE}/tickets/{ticket_id}",
        match=[matchers.json_params_matcher(body)],
        json=answer if answer is not None else api("ticket_update_responder_response.json"),
        status=status,
        headers=headers or {},
    )


def expect_reply(
    rsps: responses.RequestsMock,
    html: str,
    ticket_id: str = "1042",
    status: int = 201,
    period_id: int = 1,
) -> Any:
    """The notice reply: its HTML, then the hidden marker that finds it after a lost answer."""
    answer = api("reply_create_response.json") if status < 400 else {"code": "error"}
    body = html + notice_marker(notice_key(period_id, ticket_id, "notice"))
    return rsps.post(
        f"{BASE}/tickets/{ticket_id}/reply",
        match=[matchers.json_params_matcher({"body": body})],
        json=answer,
        status=status,
    )


def expect_note(
    rsps: responses.RequestsMock, body: str, ticket_id: str = "1042", status: int = 201
) -> Any:
    return rsps.post(
        f"{BASE}/tickets/{ticket_id}/notes",
        match=[matchers.json_params_matcher({"body": body, "private": True})],
        json=api("note_create_response.json"),
        status=status,
    )
