"""Single sign-on for the web page against a real OpenID provider on loopback.

The provider is panva's node-oidc-provider (OpenID Certified), started by the test with its
development login form; ``.ci/oidc-setup`` installs it. The test plays the browser: it follows
the provider's redirects and forms with ``requests`` and brings the code back to Stand-in.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
import requests

from connector.config import parse_config
from connector.domain.sign_in import Access, Refusal, access_for_groups
from connector.mapping import credential_keys
from connector.web import create_app
from tests.conftest import make_config
from tests.support import FakeClock, build_test_services, skip_or_fail

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"
PUBLIC_URL = "http://127.0.0.1:8080"  # what Stand-in tells the provider; the test client answers
CALLBACK = f"{PUBLIC_URL}/ui/sign-in/oidc/callback"
ACCOUNTS = {
    "lead@acme.example": {"name": "Inge de Vries", "groups": ["cs-leads", "cs-nl"]},
    "admin@acme.example": {"name": "Ada", "groups": ["it-admins"]},
    "sales@acme.example": {"name": "Sam", "groups": ["sales"]},
}


# --- the rule, pure ------------------------------------------------------------------------


ROLES = {"it-admins": "admin", "cs-leads": "team_lead", "cs-all": "viewer"}


def test_the_highest_role_of_a_persons_groups_counts() -> None:
    assert access_for_groups(["cs-all", "cs-leads"], ROLES, {}) == Access("team_lead", None)


def test_groups_that_name_helpdesks_limit_the_person_to_their_union() -> None:
    scopes = {"cs-nl": ("acme",), "cs-be": ("other",)}
    assert access_for_groups(["cs-leads", "cs-nl"], ROLES, scopes) == Access("team_lead", ("acme",))
    assert access_for_groups(["cs-leads", "cs-nl", "cs-be"], ROLES, scopes) == Access(
        "team_lead", ("acme", "other")
    )


def test_a_person_without_a_role_group_or_without_a_helpdesk_group_is_refused() -> None:
    assert access_for_groups(["sales"], ROLES, {}) is Refusal.NO_ROLE
    assert access_for_groups(["cs-leads"], ROLES, {"cs-nl": ("acme",)}) is Refusal.NO_HELPDESK


def test_the_oidc_config_names_each_mistake_by_its_key() -> None:
    from connector.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(
            {
                "oidc": {
                    "issuer": "http://login.example.com",
                    "client_id": "standin",
                    "roles": {"cs-leads": "boss"},
                    "helpdesks": {"cs-nl": ["nowhere"]},
                }
            },
            credential_keys=credential_keys(),
        )
    text = "\n".join(exc.value.reasons)
    assert "oidc.issuer: must use https://" in text
    assert "oidc.client_secret: required" in text
    assert "oidc.roles.cs-leads: must be one of admin, team_lead, viewer" in text
    assert "oidc.helpdesks.cs-nl: unknown helpdesk 'nowhere'" in text


# --- against the real provider ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        skip_or_fail("no OpenID provider: run .ci/oidc-setup (node + npm package oidc-provider)")
    port = _free_port()
    proc = subprocess.Popen(
        [node, "provider.mjs", str(port), "standin", "provider-test-secret", CALLBACK],
        cwd=PROVIDER_DIR,
        env={"PATH": "/usr/bin:/bin", "STANDIN_OIDC_ACCOUNTS": json.dumps(ACCOUNTS)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("ready "), f"the provider did not start: {line!r}"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def sso_app(
    provider: str, sqlite_template: Path, tmp_path: Path, clock: FakeClock, sleeps: Any
) -> Iterator[Any]:
    """On SQLite only: the flow does not depend on the engine (sessions are tested on both)."""
    shutil.copyfile(sqlite_template, tmp_path / "standin.db")
    db_url = f"sqlite:///{tmp_path / 'standin.db'}"
    base = make_config(db_url)
    raw_oidc = {
        "issuer": provider,
        "client_id": "standin",
        "client_secret": "provider-test-secret",
        "roles": {"it-admins": "admin", "cs-leads": "team_lead"},
        "helpdesks": {"cs-nl": ["acme"], "it-admins": ["acme", "other"]},
        "label": "Acme Login",
    }
    config = parse_config(
        {
            "database_url": db_url,
            "public_url": PUBLIC_URL,
            "helpdesks": {k: _raw(h) for k, h in base.helpdesks.items()},
            "oidc": raw_oidc,
        },
        credential_keys=credential_keys(),
    )
    svc = build_test_services(config, clock, sleeps)
    yield create_app(services=svc, TESTING=True)
    svc.store.engine.dispose()


def _raw(hd: Any) -> dict[str, Any]:
    return {
        "vendor": hd.vendor,
        "url": hd.url,
        "credentials": {k: v.reveal() for k, v in hd.credentials.items()},
        "webhook_secrets": [s.reveal() for s in hd.webhook_secrets],
        "timezone": hd.timezone,
        "locale": hd.locale,
    }


def _form(html: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert action, html[:500]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    return action.group(1), fields


def _through_the_provider(authorize_url: str, login: str) -> str:
    """Play the browser at the provider until it sends us back; returns the callback URL."""
    browser = requests.Session()
    url, method, data = authorize_url, "GET", None
    for _ in range(12):
        resp = browser.request(method, url, data=data, allow_redirects=False, timeout=10)
        if resp.is_redirect:
            url = urljoin(url, resp.headers["Location"])
            if url.startswith(CALLBACK):
                return url
            method, data = "GET", None
            continue
        assert resp.status_code == 200, (resp.status_code, resp.text[:300])
        action, fields = _form(resp.text)
        if fields.get("prompt") == "login":
            fields["login"] = login
        url, method, data = urljoin(url, action), "POST", fields
    raise AssertionError("the provider never sent the browser back")


def _sign_in(app: Any, login: str) -> tuple[Any, Any]:
    client = app.test_client()
    start = client.get("/ui/sign-in/oidc?next=/ui/periods")
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert "code_challenge=" in authorize and "state=" in authorize and "nonce=" in authorize
    back = _through_the_provider(authorize, login)
    parsed = urlparse(back)
    return client, client.get(f"{parsed.path}?{parsed.query}")


def test_a_team_lead_signs_in_with_the_company_provider_and_gets_role_and_helpdesks_from_groups(
    sso_app: Any,
) -> None:
    page = sso_app.test_client().get("/ui/sign-in").get_data(as_text=True)
    assert "Sign in with Acme Login" in page
    client, done = _sign_in(sso_app, "lead@acme.example")
    assert (done.status_code, done.headers["Location"]) == (303, "/ui/periods")
    periods = client.get("/ui/periods").get_data(as_text=True)
    assert "Signed in as lead@acme.example (team_lead)" in periods
    sessions = sso_app.extensions["standin"].sessions
    from sqlalchemy import select

    from connector.adapters.models import UiSessionRow

    with sessions.store.session() as s:
        row = s.execute(select(UiSessionRow)).scalar_one()
    assert (row.method, row.role, row.helpdesks) == ("oidc", "team_lead", ["acme"])


def test_a_person_whose_groups_have_no_role_is_refused_and_not_signed_in(sso_app: Any) -> None:
    client, done = _sign_in(sso_app, "sales@acme.example")
    assert done.status_code == 403
    assert "no Stand-in role" in done.get_data(as_text=True)
    assert client.get("/ui/periods").status_code == 302


def test_a_callback_whose_state_was_not_issued_to_this_browser_is_refused(sso_app: Any) -> None:
    victim = sso_app.test_client()
    start = victim.get("/ui/sign-in/oidc")
    back = urlparse(_through_the_provider(start.headers["Location"], "admin@acme.example"))
    attacker = sso_app.test_client()  # another browser, without the state in its session
    answer = attacker.get(f"{back.path}?{back.query}")
    assert answer.status_code == 401
    assert attacker.get("/ui/periods").status_code == 302


def test_a_callback_replayed_after_the_sign_in_signs_nobody_else_in(sso_app: Any) -> None:
    client = sso_app.test_client()
    start = client.get("/ui/sign-in/oidc")
    back = urlparse(_through_the_provider(start.headers["Location"], "admin@acme.example"))
    first = client.get(f"{back.path}?{back.query}")
    assert first.status_code == 303
    second = sso_app.test_client()
    second.get("/ui/sign-in/oidc")  # a fresh state of its own, not the one in the code's URL
    assert second.get(f"{back.path}?{back.query}").status_code == 401
    assert second.get("/ui/periods").status_code == 302
