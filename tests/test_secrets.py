"""Secrets: never stored, never in errors, dead-letter reasons, the audit or API output.

The database holds no secret (API tokens are SHA-256 hashes, sign-in counters hashed keys);
every credential comes from the configuration. What could carry one is a vendor's error
answer echoing the credential it refused: the HTTP client blanks them out before the text
reaches an exception, the audit, a dead-letter reason or a log line.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import responses
import yaml
from click.testing import CliRunner
from sqlalchemy import String, Text, select

from connector.adapters.http import REDACTED, RetryPolicy, VendorHttp, redact
from connector.adapters.models import Base
from connector.cli import main
from connector.config import load_config
from connector.errors import PermanentVendorError, RetryableVendorError
from connector.mapping import credential_keys
from connector.web import create_app
from tests.conftest import ZENDESK_OLD_SECRET, ZENDESK_SECRET, make_config
from tests.support import build_test_services, zendesk_headers
from tests.vendors.zendesk.test_zendesk_webhooks import drain, period, post  # noqa: F401
from tests.zendesk_api import (
    BASE,
    register_customer,
    register_me,
    register_memberships,
    register_ticket,
)

API_TOKEN = "zd-api-token-123"  # tests/conftest.py's acme credentials
BASIC = base64.b64encode(f"ops@acme.example/token:{API_TOKEN}".encode()).decode()
CONFIGURED_SECRETS = (API_TOKEN, ZENDESK_SECRET, ZENDESK_OLD_SECRET, BASIC, "zd-other-token")


def echo(request: Any) -> tuple[int, dict[str, str], str]:
    """A vendor that repeats the credentials it was sent in its error answer."""
    body = {
        "error": "Couldn't authenticate you",
        "authorization": request.headers.get("Authorization", ""),
        "hint": f"token {API_TOKEN} is not valid for this account",
    }
    return 401, {"Content-Type": "application/json"}, json.dumps(body)


@pytest.mark.parametrize(
    ("options", "secrets", "hidden"),
    [
        ({"auth": ("ops@acme.example/token", "tok-basic-123")}, (), ["tok-basic-123"]),
        ({"headers": {"Authorization": "Bearer tok-bearer-456"}}, (), ["tok-bearer-456"]),
        ({"headers": {"Authorization": "Token token=tok-zammad-789"}}, (), ["tok-zammad-789"]),
        ({}, ("client-secret-abc",), ["client-secret-abc"]),
    ],
    ids=["basic-auth", "bearer", "zammad-token", "configured"],
)
def test_a_vendor_echoing_the_credential_gets_it_blanked_out_of_the_error(
    options: dict[str, Any], secrets: tuple[str, ...], hidden: list[str]
) -> None:
    http = VendorHttp("https://vendor.example", vendor="v", secrets=secrets, **options)
    leak = " ".join(hidden)
    with responses.RequestsMock() as rsps:
        rsps.get("https://vendor.example/x", status=403, body=f"denied: {leak}; auth=" + leak)
        with pytest.raises(PermanentVendorError) as info:
            http.request("GET", "/x")
    for secret in hidden:
        assert secret not in str(info.value) and secret not in info.value.body
    assert str(info.value) == f"v: GET /x answered 403: denied: {REDACTED}; auth={REDACTED}"


def test_a_retried_5xx_echoing_a_per_request_bearer_is_blanked_out_too() -> None:
    http = VendorHttp(
        "https://vendor.example",
        vendor="v",
        policy=RetryPolicy(max_attempts=1),
        sleep=lambda _: None,
    )
    with responses.RequestsMock() as rsps:
        rsps.get("https://vendor.example/x", status=503, body="upstream saw Bearer dyn-tok-999")
        with pytest.raises(RetryableVendorError) as info:
            http.request("GET", "/x", headers={"Authorization": "Bearer dyn-tok-999"})
    assert "dyn-tok-999" not in str(info.value) and "dyn-tok-999" not in info.value.body


def test_short_values_such_as_a_dummy_password_are_not_blanked_out() -> None:
    assert redact("X marks the spot", ["X"]) == "X marks the spot"
    assert redact("key abcdefgh and abcdefghij", ["abcdefgh", "abcdefghij"]) == (
        f"key {REDACTED} and {REDACTED}"
    )


def every_text_in_the_database(services: Any) -> str:
    """All string columns of all tables, as one text to search."""
    parts: list[str] = []
    with services.store.session() as s:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            columns += [c for c in table.columns if c.type.__class__.__name__ == "JSON"]
            if columns:
                for row in s.execute(select(*columns)):
                    parts.extend(json.dumps(v) if not isinstance(v, str) else v for v in row)
    return "\n".join(parts)


def test_an_event_dead_lettered_by_a_vendor_echoing_credentials_stores_and_shows_none(
    client: Any,
    services: Any,
    vendor: Any,
    clock: Any,
    period: Any,  # noqa: F811 - the fixture imported from the Zendesk tests
    auth: Any,
    caplog: Any,
) -> None:
    register_me(vendor)
    register_ticket(vendor)
    register_customer(vendor)
    register_memberships(vendor)
    vendor.add_callback(responses.PUT, f"{BASE}/tickets/123.json", callback=echo)
    assert post(client, clock, "ticket_created.json").status_code == 202
    drain(services)

    dead = services.store.dead_events(None)
    assert len(dead) == 1 and REDACTED in dead[0]["last_error"]
    outputs = [
        client.get(path, headers=auth("admin")).get_data(as_text=True)
        for path in ("/api/v1/events/dead", "/api/v1/audit", "/api/v1/periods", "/metrics")
    ]
    assert "Couldn't authenticate you" in outputs[0]
    stored = every_text_in_the_database(services)
    assert "Couldn't authenticate you" in stored  # the vendor's words are kept ...
    for secret in CONFIGURED_SECRETS:  # ... its echo of our credentials is not
        assert secret not in stored
        assert all(secret not in out for out in outputs)
        assert secret not in caplog.text


def test_api_tokens_are_stored_only_as_hashes(services: Any, tokens: dict[str, str]) -> None:
    stored = every_text_in_the_database(services)
    for token in tokens.values():
        assert token not in stored and token[8:] not in stored


# -- rotation without downtime ------------------------------------------------------------------

BODY = b'{"type": "zen:event-type:ticket.created", "id": "rot-1", "detail": {"id": "1"}}'


def webhook_app(db_url: str, clock: Any, sleeps: Any, secrets: list[str]) -> Any:
    svc = build_test_services(make_config(db_url, webhook_secrets=secrets), clock, sleeps)
    return svc, create_app(services=svc, TESTING=True).test_client()


def test_during_a_webhook_secret_rotation_both_verify_and_after_it_only_the_new_one(
    db_url: str, clock: Any, sleeps: Any
) -> None:
    new, old = "the-new-webhook-secret", "the-old-webhook-secret"

    def send(client: Any, secret: str, event: str) -> int:
        body = BODY.replace(b"rot-1", event.encode())
        headers = zendesk_headers(body, secret, clock())
        return int(client.post("/webhooks/acme", data=body, headers=headers).status_code)

    svc, during = webhook_app(db_url, clock, sleeps, [new, old])
    assert send(during, new, "a") == 202
    assert send(during, old, "b") == 202  # the helpdesk has not switched yet
    svc.store.engine.dispose()
    svc, after = webhook_app(db_url, clock, sleeps, [new])
    assert send(after, new, "c") == 202
    assert send(after, old, "d") == 401
    svc.store.engine.dispose()


def test_a_revoked_api_token_gets_401_while_its_replacement_keeps_working(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZD_TOKEN", "token-value-xyz")
    monkeypatch.setenv("ZD_SECRET", "secret-value-abc")
    path = tmp_path / "standin.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "database_url": f"sqlite:///{tmp_path / 't.db'}",
                "helpdesks": {
                    "acme": {
                        "vendor": "zendesk",
                        "url": "https://acme.zendesk.com",
                        "credentials": {"email": "ops@acme.example", "api_token": "${ZD_TOKEN}"},
                        "webhook_secrets": ["${ZD_SECRET}"],
                    }
                },
            }
        )
    )
    cli = CliRunner()

    def run(*args: str) -> Any:
        return cli.invoke(main, [*args, "--config", str(path)])

    old = run("token", "create", "ci", "--role", "viewer").output.strip().splitlines()[-1]
    new = run("token", "create", "ci-2026", "--role", "viewer").output.strip().splitlines()[-1]
    client = create_app(load_config(path, credential_keys=credential_keys())).test_client()

    def status(token: str) -> int:
        return int(
            client.get("/api/v1/periods", headers={"Authorization": f"Bearer {token}"}).status_code
        )

    assert status(old) == 200 and status(new) == 200
    listed = run("token", "list")
    assert f"{old[:8]}…" in listed.output and "active" in listed.output
    assert old not in listed.output and new not in listed.output

    revoked = run("token", "revoke", old[:8])
    assert revoked.exit_code == 0, revoked.output
    assert status(old) == 401
    assert status(new) == 200
    assert "revoked" in run("token", "list").output
    again = run("token", "revoke", old[:8])
    assert again.exit_code == 1 and "no active token" in again.output


SECRET_TOKEN = "zd-Api-Token-0123456789abcdef"


@pytest.mark.parametrize(
    "echoed",
    [
        SECRET_TOKEN.upper(),
        SECRET_TOKEN.lower(),
        SECRET_TOKEN[:12],  # truncated
        SECRET_TOKEN[5:19],  # a part from the middle
        SECRET_TOKEN[:10].upper() + SECRET_TOKEN[10:],  # partly altered
        base64.b64encode(f"ops@acme.example/token:{SECRET_TOKEN}".encode()).decode()[:20],
    ],
    ids=["upper", "lower", "truncated", "middle", "partly-upper", "basic-prefix"],
)
def test_a_credential_echoed_in_altered_form_is_blanked_out_of_the_error(echoed: str) -> None:
    http = VendorHttp(
        "https://vendor.example",
        vendor="v",
        auth=("ops@acme.example/token", SECRET_TOKEN),
    )
    with responses.RequestsMock() as rsps:
        rsps.get("https://vendor.example/x", status=403, body=f"denied for [{echoed}] today")
        with pytest.raises(PermanentVendorError) as info:
            http.request("GET", "/x")
    text = str(info.value) + info.value.body
    assert echoed not in text and echoed.lower() not in text.lower()
    assert "denied for [" in text and "] today" in text
    assert REDACTED in text


def test_every_run_of_eight_characters_of_a_secret_is_blanked_whatever_its_case() -> None:
    secret = "Abcdefgh-1234567"
    assert redact("x ABCDEFGH-12 y", [secret]) == f"x {REDACTED} y"
    assert redact("x bcdefgh- y", [secret]) == f"x {REDACTED} y"
    assert redact("x abcdefg y", [secret]) == "x abcdefg y"  # seven characters stay
    assert redact("words that merely share letters", [secret]) == (
        "words that merely share letters"
    )
