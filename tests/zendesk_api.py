"""Registering Zendesk API answers at the HTTP boundary, built from the real-shaped fixtures."""

from __future__ import annotations

import copy
from typing import Any

import responses
from responses import matchers

from tests.support import fixture_json

BASE = "https://acme.zendesk.com/api/v2"
ANNA, BOB, CARLA, BOT, CUSTOMER = "9001", "9002", "9003", "9000", "7001"
PEOPLE = {
    "anna@example.com": (9001, "Anna de Vries", "agent"),
    "bob@example.com": (9002, "Bob Jansen", "agent"),
    "carla@example.com": (9003, "Carla Peeters", "agent"),
    "daan@example.org": (7001, "Daan de Vries", "end-user"),
}


def user(uid: int, name: str, email: str, role: str, locale: str = "en-US") -> dict[str, Any]:
    base = copy.deepcopy(fixture_json("zendesk", "api/users_search_agent.json")["users"][0])
    base.update(
        id=uid, name=name, email=email, role=role, locale=locale, url=f"{BASE}/users/{uid}.json"
    )
    return base


def register_agent_search(rsps: responses.RequestsMock, email: str) -> None:
    found = PEOPLE.get(email)
    users = [user(found[0], found[1], email, found[2])] if found else []
    rsps.get(
        f"{BASE}/users/search.json",
        match=[matchers.query_param_matcher({"query": f"email:{email}"})],
        json={"users": users, "next_page": None, "previous_page": None, "count": len(users)},
    )


def register_me(rsps: responses.RequestsMock) -> None:
    rsps.get(f"{BASE}/users/me.json", json=fixture_json("zendesk", "api/users_me.json"))


def ticket_json(
    assignee: str | None = ANNA,
    *,
    tags: list[str] | None = None,
    status: str = "open",
    group: int | None = 360001,
    requester: int = 7001,
) -> dict[str, Any]:
    t = copy.deepcopy(fixture_json("zendesk", "api/ticket_show.json"))
    t["ticket"].update(
        assignee_id=int(assignee) if assignee else None,
        group_id=group,
        status=status,
        tags=tags if tags is not None else ["billing", "nl"],
        requester_id=requester,
    )
    return t


def register_ticket(rsps: responses.RequestsMock, ticket_id: str = "123", **kwargs: Any) -> None:
    body = ticket_json(**kwargs)
    body["ticket"]["id"] = int(ticket_id)
    rsps.get(f"{BASE}/tickets/{ticket_id}.json", json=body)


def register_ticket_with_users(
    rsps: responses.RequestsMock,
    ticket_id: str = "123",
    *,
    locale: str | None = "nl",
    **kwargs: Any,
) -> None:
    """``GET /tickets/{id}.json?include=users`` answered as Zendesk does: the users the ticket
    names side-loaded beside it, the requester (7001) with ``locale`` (None: left out, as a
    partial user may be)."""
    body = copy.deepcopy(fixture_json("zendesk", "api/ticket_show_include_users.json"))
    body["ticket"].update(ticket_json(**kwargs)["ticket"], id=int(ticket_id))
    requester = body["users"][0]
    requester["id"] = body["ticket"]["requester_id"]
    if locale is None:
        del requester["locale"]
    else:
        requester["locale"] = locale
    rsps.get(
        f"{BASE}/tickets/{ticket_id}.json",
        match=[matchers.query_param_matcher({"include": "users"})],
        json=body,
    )


def register_customer(
    rsps: responses.RequestsMock, locale: str = "nl", role: str = "end-user", uid: int = 7001
) -> None:
    u = copy.deepcopy(fixture_json("zendesk", "api/user_show_customer.json"))
    u["user"].update(locale=locale, role=role, id=uid)
    rsps.get(f"{BASE}/users/{uid}.json", json=u)


def register_memberships(
    rsps: responses.RequestsMock, agent: str = BOB, groups: tuple[int, ...] = (360001,)
) -> None:
    rows = [
        {"id": 360100000 + i, "user_id": int(agent), "group_id": g, "default": i == 0}
        for i, g in enumerate(groups)
    ]
    rsps.get(
        f"{BASE}/users/{agent}/group_memberships.json",
        json={
            "group_memberships": rows,
            "next_page": None,
            "previous_page": None,
            "count": len(rows),
        },
    )


def expect_update(
    rsps: responses.RequestsMock,
    ticket: dict[str, Any],
    ticket_id: str = "123",
    status: int = 200,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> Any:
    return rsps.put(
        f"{BASE}/tickets/{ticket_id}.json",
        match=[matchers.json_params_matcher({"ticket": ticket})],
        json=body if body is not None else fixture_json("zendesk", "api/ticket_update_ok.json"),
        status=status,
        headers=headers or {},
    )
