"""Registering RT REST2 answers at the HTTP boundary, built from the captured RT 5.0.3 fixtures."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import responses
from responses import matchers

from connector.adapters.helpdesks.base import notice_key, notice_marker
from connector.adapters.signatures import sign_standard
from tests.support import fixture_json

RT_URL = "https://rt.example.com/rt"
BASE = f"{RT_URL}/REST/2.0"
CAPTURED = "http://127.0.0.1:8480/rt/REST/2.0"  # where the fixtures were captured
# Name -> (id, RealName, EmailAddress, Lang, Privileged), as seeded in the sandbox.
PEOPLE: dict[str, tuple[int, str, str, str | None, int]] = {
    "anna": (28, "Anna de Vries", "anna@example.com", "nl", 1),
    "bob": (30, "Bob Jansen", "bob@example.com", None, 1),
    "carla": (32, "Carla", "carla@example.com", None, 1),
    "standin": (34, "Stand-in connector", "standin@standin.example", None, 1),
    "customer@example.org": (36, "Claire Client", "customer@example.org", "fr", 0),
}


def api(name: str) -> dict[str, Any]:
    """The captured response body of ``tests/fixtures/rt/api/<name>.json``."""
    body = fixture_json("rt", f"api/{name}.json")["response"]["body"]
    return _rebase(body)


def _rebase(value: Any) -> Any:
    text = json.dumps(value, ensure_ascii=False).replace(CAPTURED, BASE)
    return json.loads(text)


def user_json(name: str, *, lang: str | None = "", privileged: int | None = None) -> dict[str, Any]:
    uid, real, email, default_lang, default_priv = PEOPLE[name]
    u = copy.deepcopy(api("user_by_name"))
    u.update(
        id=uid,
        Name=name,
        RealName=real,
        EmailAddress=email,
        Privileged=default_priv if privileged is None else privileged,
    )
    chosen = default_lang if lang == "" else lang
    if chosen:
        u["Lang"] = chosen
    else:
        u.pop("Lang", None)  # REST2 leaves empty columns out
    return u


def register_user(rsps: responses.RequestsMock, name: str, **kwargs: Any) -> Any:
    return rsps.get(f"{BASE}/user/{name}", json=user_json(name, **kwargs))


def search_query(email: str) -> dict[str, str]:
    return {
        "query": json.dumps([{"field": "EmailAddress", "value": email}]),
        "fields": "Name,EmailAddress",
    }


def register_user_search(rsps: responses.RequestsMock, email: str) -> Any:
    found = [n for n, p in PEOPLE.items() if p[2] == email.lower()]
    items = []
    for name in found:
        item = copy.deepcopy(api("users_by_email_get")["items"][0])
        item.update(id=name, Name=name, EmailAddress=PEOPLE[name][2], _url=f"{BASE}/user/{name}")
        items.append(item)
    body = {**api("users_by_email_get"), "items": items, "count": len(items), "total": len(items)}
    return rsps.get(
        f"{BASE}/users", match=[matchers.query_param_matcher(search_query(email))], json=body
    )


def register_agent(rsps: responses.RequestsMock, name: str) -> None:
    """find_agent(e-mail): the /users search, then /user/{Name} for Privileged and Disabled."""
    register_user_search(rsps, PEOPLE[name][2])
    register_user(rsps, name)


def register_me(rsps: responses.RequestsMock) -> Any:
    return register_user(rsps, "standin")


def register_customer(rsps: responses.RequestsMock, **kwargs: Any) -> None:
    register_user_search(rsps, "customer@example.org")
    register_user(rsps, "customer@example.org", **kwargs)


def ticket_json(
    ticket_id: int = 1,
    owner: str = "anna",
    *,
    status: str = "new",
    requestor: str | None = "customer@example.org",
) -> dict[str, Any]:
    t = copy.deepcopy(api("ticket_get"))
    t["id"] = ticket_id
    t["Owner"] = {"_url": f"{BASE}/user/{owner}", "id": owner, "type": "user"}
    t["Status"] = status
    t["Requestor"] = (
        [{"_url": f"{BASE}/user/{requestor}", "id": requestor, "type": "user"}] if requestor else []
    )
    return t


def register_ticket(rsps: responses.RequestsMock, ticket_id: int = 1, **kwargs: Any) -> Any:
    return rsps.get(f"{BASE}/ticket/{ticket_id}", json=ticket_json(ticket_id, **kwargs))


def expect_owner(
    rsps: responses.RequestsMock,
    ticket_id: int = 1,
    owner: str = "bob",
    messages: list[str] | None = None,
) -> Any:
    return rsps.put(
        f"{BASE}/ticket/{ticket_id}",
        match=[matchers.json_params_matcher({"Owner": owner})],
        json=messages
        if messages is not None
        else [f"Ticket {ticket_id}: Owner changed from anna to {owner}"],
    )


def expect_message(
    rsps: responses.RequestsMock,
    text: str,
    ticket_id: int = 1,
    kind: str = "correspond",
    status: int = 201,
    body: Any = None,
) -> Any:
    default = api("ticket_correspond" if kind == "correspond" else "ticket_comment")
    return rsps.post(
        f"{BASE}/ticket/{ticket_id}/{kind}",
        match=[matchers.json_params_matcher({"Content": text, "ContentType": "text/plain"})],
        json=body if body is not None else default,
        status=status,
    )


def expect_notice(
    rsps: responses.RequestsMock,
    html: str,
    ticket_id: int = 1,
    kind: str = "correspond",
    status: int = 201,
    body: Any = None,
    period_id: int = 1,
) -> Any:
    """A customer notice: HTML, ending in the hidden marker that finds it after a lost answer."""
    default = api("ticket_correspond" if kind == "correspond" else "ticket_comment")
    content = html + notice_marker(notice_key(period_id, str(ticket_id), "notice"))
    return rsps.post(
        f"{BASE}/ticket/{ticket_id}/{kind}",
        match=[matchers.json_params_matcher({"Content": content, "ContentType": "text/html"})],
        json=body if body is not None else default,
        status=status,
    )


def rt_body(payload: Any) -> bytes:
    """The bytes RT's scrip sends: compact canonical JSON, UTF-8 (JSON::PP->utf8->canonical)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def rt_headers(body: bytes, secret: str, when: dt.datetime, msg_id: str) -> dict[str, str]:
    ts = int(when.timestamp())
    return {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": sign_standard(secret, msg_id, ts, body),
        "User-Agent": "RT/5.0.3+dfsg-3~deb12u6 standin-webhook",
    }
