"""Registering Zammad API answers at the HTTP boundary, built from the real-shaped fixtures."""

from __future__ import annotations

import copy
from typing import Any

import responses
from responses import matchers

from connector.adapters.helpdesks.base import notice_key, notice_marker
from tests.support import fixture_json

URL = "https://zammad.example.com"
BASE = f"{URL}/api/v1"
API_TOKEN = "zammad-api-token-123"
AUTH = matchers.header_matcher({"Authorization": f"Token token={API_TOKEN}"})
ANNA, BOB, LEA, BOT, CUSTOMER = "5", "6", "4", "7", "9"
SEARCH = {
    "anna@example.com": "api/users_search_agent_found.json",
    "bob@example.com": "api/users_search_replacement_found.json",
    "customer@example.org": "api/users_search_non_agent.json",
}
OPEN_QUERY = 'owner_id:5 AND state.name:(new OR open OR "pending reminder" OR "pending close")'


def api(name: str) -> Any:
    return fixture_json("zammad", f"api/{name}")


def register_agent_search(rsps: responses.RequestsMock, email: str) -> None:
    found = SEARCH.get(email)
    rsps.get(
        f"{BASE}/users/search",
        match=[AUTH, matchers.query_param_matcher({"query": f"email:{email}", "limit": "10"})],
        json=fixture_json("zammad", found) if found else api("users_search_not_found.json"),
    )


def register_me(rsps: responses.RequestsMock) -> None:
    rsps.get(f"{BASE}/users/me", match=[AUTH], json=api("users_me_api_user.json"))


def ticket_json(
    owner: str = ANNA,
    *,
    state: str = "open",
    group: int = 3,
    customer: int = 9,
    ticket_id: int = 81,
) -> dict[str, Any]:
    """GET /tickets/{id}?expand=true: the same attributes as one row of the expanded search."""
    t = copy.deepcopy(api("tickets_search_owner_open_page1.json")[0])
    t.update(id=ticket_id, owner_id=int(owner), state=state, group_id=group, customer_id=customer)
    return t


def register_ticket(
    rsps: responses.RequestsMock,
    ticket_id: str = "81",
    *,
    tags: list[str] | None = None,
    **kwargs: Any,
) -> None:
    rsps.get(
        f"{BASE}/tickets/{ticket_id}",
        match=[AUTH, matchers.query_param_matcher({"expand": "true"})],
        json=ticket_json(ticket_id=int(ticket_id), **kwargs),
    )
    register_tags(rsps, ticket_id, tags if tags is not None else ["factuur"])


def register_tags(rsps: responses.RequestsMock, ticket_id: str, tags: list[str]) -> None:
    rsps.get(
        f"{BASE}/tags",
        match=[AUTH, matchers.query_param_matcher({"object": "Ticket", "o_id": ticket_id})],
        json={"tags": tags},
    )


def register_customer(
    rsps: responses.RequestsMock, fixture: str = "user_customer_locale_nl.json", **changes: Any
) -> None:
    user = api(fixture)
    user.update(changes)
    rsps.get(f"{BASE}/users/{user['id']}", match=[AUTH], json=user)


def expect_owner(
    rsps: responses.RequestsMock,
    owner: int = 6,
    *,
    ticket_id: str = "81",
    answer: str = "ticket_update_owner_response.json",
) -> Any:
    body = api(answer)
    body["id"] = int(ticket_id)
    return rsps.put(
        f"{BASE}/tickets/{ticket_id}",
        match=[AUTH, matchers.json_params_matcher({"owner_id": owner})],
        json=body,
    )


def expect_article(
    rsps: responses.RequestsMock, body: dict[str, Any], *, status: int = 201, answer: Any = None
) -> Any:
    if answer is None:
        answer = api(
            "ticket_article_email_response.json"
            if body["type"] == "email"
            else "ticket_article_note_response.json"
        )
    return rsps.post(
        f"{BASE}/ticket_articles",
        match=[AUTH, matchers.json_params_matcher(body)],
        json=answer,
        status=status,
    )


def marked(html: str, ticket_id: int = 81, period_id: int = 1) -> str:
    """A notice's HTML as posted: ending in the hidden marker that finds it again."""
    return html + notice_marker(notice_key(period_id, str(ticket_id), "notice"))


def email_article(text: str, *, to: str = "customer@example.org") -> dict[str, Any]:
    """The e-mail article of a customer notice (``text``: its HTML; the marker is added)."""
    return {
        "ticket_id": 81,
        "to": to,
        "subject": "Factuur klopt niet",
        "body": marked(text),
        "content_type": "text/html",
        "type": "email",
        "internal": False,
    }


def notice_note_article(html: str, ticket_id: int = 81) -> dict[str, Any]:
    """A notice that has no address to go to: an internal note for the agent, marked too."""
    return {
        "ticket_id": ticket_id,
        "body": marked(html, ticket_id),
        "content_type": "text/html",
        "subject": None,
        "type": "note",
        "internal": True,
    }


def note_article(text: str, ticket_id: int = 81) -> dict[str, Any]:
    return {
        "ticket_id": ticket_id,
        "subject": None,
        "body": text,
        "content_type": "text/plain",
        "type": "note",
        "internal": True,
    }
