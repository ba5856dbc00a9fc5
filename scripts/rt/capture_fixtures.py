#!/usr/bin/env python3
"""Drive a freshly restored RT sandbox through the Stand-in scenario and save what it answers.

Prerequisites: `rt-sandbox restore` (seeded, running), the webhook scrip pointed at a running
capture_receiver.py writing RECEIVED (default /var/tmp/standin-rt/received.jsonl, emptied here).

Writes tests/fixtures/rt/api/*.json  ({"request": {...}, "response": {"status", "headers", "body"}})
and tests/fixtures/rt/*.json (webhook bodies, pretty-printed) plus a transcript on stdout.
Standard library only.
"""

import base64
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
API_DIR = REPO / "tests/fixtures/rt/api"
HOOK_DIR = REPO / "tests/fixtures/rt"
RECEIVED = Path(os.environ.get("RECEIVED", "/var/tmp/standin-rt/received.jsonl"))
BASE = os.environ.get("STANDIN_RT_REST2_URL", "http://127.0.0.1:8480/rt/REST/2.0")
RT_URL = BASE.rsplit("/REST/2.0", 1)[0]
STANDIN = (
    os.environ.get("STANDIN_RT_USER", "standin"),
    os.environ.get("STANDIN_RT_PASSWORD", "standin-api-pw"),
)
AGENT_PW = os.environ.get("STANDIN_RT_AGENT_PASSWORD", "agent-pw-123")
KEEP_HEADERS = {"content-type", "etag", "location", "www-authenticate", "allow"}


def basic(user: str, pw: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode()


def call(method, path, body=None, *, auth=STANDIN, headers=None, raw=None, save=None, note=None):
    url = path if path.startswith("http") else BASE + path
    hdrs = {"Authorization": basic(*auth)}
    data = None
    if raw is not None:
        data = raw.encode() if isinstance(raw, str) else raw
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    hdrs.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, rh, text = resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        status, rh, text = exc.code, exc.headers, exc.read().decode("utf-8")
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = text
    print(f"{method} {url.replace(BASE, '')} -> {status}")
    if save:
        req_hdrs = {k: v for k, v in hdrs.items() if k != "Authorization"}
        req_hdrs["Authorization"] = f"Basic <{auth[0]}:...>"
        record = {
            "request": {
                "method": method,
                "url": url.replace(BASE, "{REST2}"),
                "headers": req_hdrs,
                "body": body if raw is None else raw,
            },
            "response": {
                "status": status,
                "headers": {k.lower(): v for k, v in rh.items() if k.lower() in KEEP_HEADERS},
                "body": parsed,
            },
        }
        if note:
            record["note"] = note
        API_DIR.mkdir(parents=True, exist_ok=True)
        (API_DIR / f"{save}.json").write_text(
            json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    return status, rh, parsed


def hooks():
    if not RECEIVED.exists():
        return []
    return [json.loads(line) for line in RECEIVED.read_text().splitlines() if line.strip()]


def wait_hooks(n, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = hooks()
        if len(got) >= n:
            return got
        time.sleep(0.1)
    raise SystemExit(f"expected {n} webhooks, got {len(hooks())}")


def save_hook(rec, name):
    body = json.loads(rec["body"])
    (HOOK_DIR / f"{name}.json").write_text(
        json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )
    return body


def mailgate(ticket_id, sender, text, subject="Re: mon mot de passe"):
    msg = (
        f"From: Claire Client <{sender}>\nTo: support@standin.example\n"
        f"Subject: [standin.example #{ticket_id}] {subject}\n"
        f"Message-ID: <{time.time()}@example.org>\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n"
    )
    form = urllib.parse.urlencode(
        {"queue": "Support", "action": "correspond", "message": msg}
    ).encode()
    req = urllib.request.Request(f"{RT_URL}/REST/1.0/NoAuth/mail-gateway", data=form, method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        out = resp.read().decode()
    print("mail-gateway ->", out.strip().replace("\n", " | "))
    return out


def main():
    RECEIVED.write_text("")
    HOOK_DIR.mkdir(parents=True, exist_ok=True)
    n = 0

    # 1. Ticket created for the employee (anna), customer as requestor.
    create = {
        "Queue": "Support",
        "Subject": "Réinitialisation du mot de passe",
        "Requestor": "customer@example.org",
        "Owner": "anna",
        "Content": "Bonjour, je n'arrive plus à me connecter.",
        "ContentType": "text/plain",
    }
    _, _, t1 = call("POST", "/ticket", create, save="ticket_create")
    tid = int(t1["id"])
    n += 1
    created = save_hook(wait_hooks(n)[-1], "ticket_created_for_employee")
    assert created["type"] == "ticket.created" and created["ticket"]["owner"] == "anna", created

    call("GET", f"/ticket/{tid}", save="ticket_get")

    # 2. Unowned ticket given to anna: owner changed to the employee.
    _, _, t2 = call(
        "POST",
        "/ticket",
        {
            "Queue": "Support",
            "Subject": "Invoice question",
            "Requestor": "customer@example.org",
            "Content": "Where is my invoice?",
            "ContentType": "text/plain",
        },
    )
    tid2 = int(t2["id"])
    n += 1
    wait_hooks(n)
    call("PUT", f"/ticket/{tid2}", {"Owner": "anna"})
    n += 1
    to_emp = save_hook(wait_hooks(n)[-1], "owner_changed_to_employee")
    assert to_emp["type"] == "ticket.owner_changed" and to_emp["ticket"]["owner"] == "anna", to_emp

    # 3. Reroute anna -> bob (what the connector does).
    call("PUT", f"/ticket/{tid}", {"Owner": "bob"}, save="ticket_update_owner")
    n += 1
    away = save_hook(wait_hooks(n)[-1], "owner_changed_away_from_employee")
    assert away["transaction"]["field"] == "Owner" and away["ticket"]["owner"] == "bob", away

    # 4. Customer corresponds by e-mail (mail gateway) -> by_requestor true.
    mailgate(tid, "customer@example.org", "Toujours bloquée, merci de m'aider.")
    n += 1
    corr = save_hook(wait_hooks(n)[-1], "customer_correspond")
    assert corr["type"] == "ticket.correspond" and corr["transaction"]["by_requestor"] is True, corr
    # RT may add a Status new->open transaction; it is not an event, so no extra webhook.

    # 5. Agent reply and internal comment through REST2.
    call(
        "POST",
        f"/ticket/{tid}/correspond",
        {"Content": "Bonjour, nous avons réinitialisé votre accès.", "ContentType": "text/plain"},
        save="ticket_correspond",
    )
    n += 1
    agent_corr = save_hook(wait_hooks(n)[-1], "agent_correspond")
    assert agent_corr["transaction"]["by_requestor"] is False, agent_corr
    call(
        "POST",
        f"/ticket/{tid}/comment",
        {
            "Content": "Stand-in: rerouted from anna (back from leave) to bob.",
            "ContentType": "text/plain",
        },
        save="ticket_comment",
    )
    n += 1
    comment = save_hook(wait_hooks(n)[-1], "internal_comment")
    assert comment["type"] == "ticket.comment", comment

    # 6. Take / steal / untake as agents (JSON content type with a {} body).
    _, _, t3 = call(
        "POST",
        "/ticket",
        {"Queue": "Support", "Subject": "Take/steal test", "Requestor": "customer@example.org"},
    )
    tid3 = int(t3["id"])
    n += 1
    wait_hooks(n)
    call("PUT", f"/ticket/{tid3}/take", {}, auth=("bob", AGENT_PW), save="ticket_take")
    n += 1
    wait_hooks(n)
    call("PUT", f"/ticket/{tid3}/steal", {}, auth=("carla", AGENT_PW), save="ticket_steal")
    n += 1
    wait_hooks(n)
    call("PUT", f"/ticket/{tid3}/untake", {}, auth=("carla", AGENT_PW), save="ticket_untake")
    n += 1
    evs = wait_hooks(n)
    for rec in evs[-3:]:
        b = json.loads(rec["body"])
        print(
            "   take/steal/untake hook:",
            b["type"],
            b["transaction"]["old_value"],
            "->",
            b["transaction"]["new_value"],
            "owner",
            b["ticket"]["owner"],
            "by",
            b["transaction"]["creator"],
        )
    call(
        "PUT", f"/ticket/{tid3}/take", auth=("bob", AGENT_PW), save="ticket_take_without_json_body"
    )

    # 7. More anna tickets for paging, then search.
    for i in range(3):
        call(
            "POST",
            "/ticket",
            {
                "Queue": "Support",
                "Subject": f"Paging test {i}",
                "Owner": "anna",
                "Requestor": "customer@example.org",
            },
        )
        n += 1
    wait_hooks(n)
    q = "Owner='anna' AND (Status='new' OR Status='open' OR Status='stalled')"
    fields = "Subject,Status,Owner,Queue,Requestor,Priority,LastUpdated"
    call(
        "GET",
        "/tickets?" + urllib.parse.urlencode({"query": q, "fields": fields}),
        save="tickets_search_owner",
    )
    call(
        "GET",
        "/tickets?"
        + urllib.parse.urlencode({"query": q, "fields": fields, "per_page": 2, "page": 1}),
        save="tickets_search_owner_page1_of_2",
    )
    call(
        "GET",
        "/tickets?"
        + urllib.parse.urlencode({"query": q, "fields": fields, "per_page": 2, "page": 2}),
        save="tickets_search_owner_page2_of_2",
    )
    call(
        "GET",
        "/tickets?" + urllib.parse.urlencode({"query": q}),
        save="tickets_search_owner_no_fields",
    )
    call(
        "GET",
        "/tickets?" + urllib.parse.urlencode({"query": "Owner='anna' AND Status='bogus_quote"}),
        save="tickets_search_bad_query",
    )

    # 8. Users.
    call("GET", "/user/anna", save="user_by_name")
    call("GET", "/user/28", save="user_by_id")
    call("GET", "/user/anna@example.com", save="user_by_email_path_404")
    call("GET", "/user/customer@example.org", save="user_customer_by_name")
    uq = json.dumps([{"field": "EmailAddress", "value": "anna@example.com"}])
    call(
        "GET",
        "/users?"
        + urllib.parse.urlencode(
            {"query": uq, "fields": "Name,RealName,EmailAddress,Lang,Privileged,Disabled"}
        ),
        save="users_by_email_get",
    )
    call(
        "POST",
        "/users?fields=Name,RealName,EmailAddress,Lang,Privileged",
        [{"field": "EmailAddress", "value": "ANNA@example.com"}],
        save="users_by_email_post",
    )
    call(
        "POST",
        "/users?fields=Name,EmailAddress",
        [{"field": "NoSuchField", "value": "x"}],
        save="users_unknown_field_is_ignored",
    )
    call("GET", "/user/bob", auth=("anna", AGENT_PW), save="user_seen_without_adminusers")

    # 9. Bulk update.
    call(
        "PUT",
        "/tickets/bulk",
        [
            {"id": tid2, "Owner": "bob"},
            {"id": tid3, "Owner": "bob"},
            {"id": 999999, "Owner": "bob"},
        ],
        save="tickets_bulk_update",
    )
    n += 2
    wait_hooks(n)

    # 10. ETag / If-Match.
    _, h, _ = call("GET", f"/ticket/{tid}")
    etag = h.get("ETag")
    call(
        "PUT",
        f"/ticket/{tid}",
        {"Priority": 10},
        headers={"If-Match": etag},
        save="ticket_update_if_match_ok",
    )
    call(
        "PUT",
        f"/ticket/{tid}",
        {"Priority": 20},
        headers={"If-Match": etag},
        save="ticket_update_if_match_stale",
    )

    # 11. Errors the adapter will meet.
    call(
        "POST",
        f"/ticket/{tid}/correspond",
        {"Content": "no content type"},
        save="correspond_without_contenttype",
    )
    call(
        "PUT",
        f"/ticket/{tid}",
        {"Owner": "customer@example.org"},
        save="owner_without_ownticket_right",
    )
    call("PUT", f"/ticket/{tid}", {"Owner": "nosuchuser"}, save="owner_unknown_user")
    call("GET", "/ticket/999999", save="ticket_not_found")
    call("GET", f"/ticket/{tid}", auth=("standin", "wrong"), save="bad_credentials")
    call(
        "GET",
        f"/ticket/{tid}/history?fields=Type,Field,OldValue,NewValue,Creator,Created",
        save="ticket_history",
    )

    print(f"{len(hooks())} webhooks received; fixtures in {API_DIR} and {HOOK_DIR}")
    print(json.dumps({"ticket": tid, "unowned_then_anna": tid2, "take_steal": tid3}))


if __name__ == "__main__":
    sys.exit(main())
