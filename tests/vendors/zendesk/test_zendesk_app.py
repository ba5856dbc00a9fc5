"""Stand-in inside Zendesk: the app package, the signed app token, the pages it opens."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import responses
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from connector.adapters.helpdesks.zendesk import app as zendesk_app
from connector.adapters.models import UiSessionRow
from connector.domain.periods import Period
from connector.domain.sign_in import Access, Refusal, access_for_helpdesk_role
from connector.errors import SignatureError
from connector.web import create_app
from tests.conftest import NOW, make_config
from tests.support import FakeClock, build_test_services
from tests.zendesk_app_rules import problems

ZD = "https://acme.zendesk.com"
INSTALLATION = 360001234
AUD = f"{ZD}/api/v2/apps/installations/{INSTALLATION}.json"


def _key_pair() -> tuple[Any, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return key, pem.decode()


APP_KEY, APP_PUBLIC_PEM = _key_pair()
OTHER_KEY, _ = _key_pair()


def zaf_token(key: Any = APP_KEY, *, at: dt.datetime = NOW, **changes: Any) -> str:
    """A token shaped like Zendesk's signed first request of an app location."""
    claims: dict[str, Any] = {
        "iss": "acme.zendesk.com",
        "aud": AUD,
        "iat": int(at.timestamp()),
        "exp": int((at + dt.timedelta(minutes=5)).timestamp()),
        "sub": f"{ZD}/api/v2/users/9001.json",
        "qsh": "ignored",
        "context": {"product": "support", "location": "ticket_sidebar"},
    }
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key, algorithm="RS256")


def verify(token: str, now: dt.datetime = NOW) -> zendesk_app.AppToken:
    return zendesk_app.verify_token(
        token,
        public_key_pem=APP_PUBLIC_PEM,
        helpdesk_url=ZD,
        installation_id=INSTALLATION,
        now=now,
    )


# --- the token, one test per failure mode ---------------------------------------------------


def test_a_token_zendesk_signed_for_this_installation_names_the_user_and_location() -> None:
    verified = verify(zaf_token())
    assert (verified.user_id, verified.location) == ("9001", "ticket_sidebar")


def test_the_user_may_also_come_as_a_user_object() -> None:
    assert verify(zaf_token(sub=None, user={"id": 77, "role": "admin"})).user_id == "77"


@pytest.mark.parametrize(
    ("token", "now", "why"),
    [
        (lambda: zaf_token(at=NOW - dt.timedelta(minutes=7)), NOW, "expired"),
        (lambda: zaf_token(aud=f"{ZD}/api/v2/apps/installations/1.json"), NOW, "installation"),
        (lambda: zaf_token(OTHER_KEY), NOW, "not signed by this app"),
        (lambda: zaf_token(iss="evil.zendesk.com"), NOW, "another helpdesk"),
        (lambda: zaf_token(at=NOW + dt.timedelta(minutes=3)), NOW, "not plausible"),
        (lambda: zaf_token(exp=int((NOW + dt.timedelta(days=2)).timestamp())), NOW, "plausible"),
        (lambda: zaf_token(sub=None), NOW, "names no user"),
        (lambda: zaf_token(exp=None), NOW, "not valid"),
        (lambda: "", NOW, "no signed app token"),
        (lambda: "not.a.jwt", NOW, "not valid"),
    ],
    ids=[
        "expired",
        "wrong-audience",
        "wrong-key",
        "wrong-issuer",
        "issued-in-the-future",
        "lifetime-too-long",
        "no-user",
        "no-expiry",
        "missing",
        "garbage",
    ],
)
def test_a_token_that_fails_a_check_is_refused_naming_the_check(
    token: Any, now: dt.datetime, why: str
) -> None:
    with pytest.raises(SignatureError, match=why):
        verify(token(), now)


def test_a_token_signed_with_hs256_using_the_public_key_as_secret_is_refused() -> None:
    """The algorithm-confusion attack: only RS256 is ever accepted."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(jwt.decode(zaf_token(), options={"verify_signature": False})).encode())
    mac = hmac.new(APP_PUBLIC_PEM.encode(), f"{header}.{body}".encode(), hashlib.sha256)
    with pytest.raises(SignatureError):
        verify(f"{header}.{body}.{b64(mac.digest())}")


def test_an_unsigned_token_is_refused() -> None:
    claims = jwt.decode(zaf_token(), options={"verify_signature": False})
    with pytest.raises(SignatureError):
        verify(jwt.encode(claims, None, algorithm="none"))


# --- roles ----------------------------------------------------------------------------------


def test_zendesk_roles_map_to_stand_in_roles_custom_roles_first() -> None:
    roles = {"admin": "admin", "agent": "viewer"}
    custom = {"360000123": "team_lead"}
    assert access_for_helpdesk_role("agent", "360000123", roles, custom, "acme") == Access(
        "team_lead", ("acme",)
    )
    assert access_for_helpdesk_role("agent", None, roles, custom, "acme") == Access(
        "viewer", ("acme",)
    )
    assert access_for_helpdesk_role("end-user", None, roles, custom, "acme") is Refusal.NO_ROLE


# --- the package ----------------------------------------------------------------------------


def test_the_app_package_passes_zendesks_published_rules() -> None:
    package = zendesk_app.package("acme", author_email="it@acme.example")
    assert problems(package) == []
    z = zipfile.ZipFile(io.BytesIO(package))
    manifest = json.loads(z.read("manifest.json"))
    assert manifest["signedUrls"] is True and manifest["private"] is True
    urls = {k: v["url"] for k, v in manifest["location"]["support"].items()}
    assert urls == {
        "ticket_sidebar": "{{setting.standin_url}}/ui/app/acme/ticket_sidebar",
        "user_sidebar": "{{setting.standin_url}}/ui/app/acme/user_sidebar",
        "nav_bar": "{{setting.standin_url}}/ui/app/acme/nav_bar",
    }
    assert {f"translations/{lang}.json" for lang in ("en", "nl", "fr", "de")} <= set(z.namelist())
    assert z.read("assets/logo.png").startswith(b"\x89PNG")


def test_the_rules_catch_what_zendesk_would_refuse() -> None:
    """The checker itself fails on broken packages (so a pass above means something)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "manifest.json",
            json.dumps(
                {
                    "author": {"name": "x", "email": "x@y.z", "url": "https://x"},
                    "defaultLocale": "en",
                    "location": {"support": {"ticket_sidbar": {"url": "http://insecure"}}},
                    "frameworkVersion": "3.0",
                    "parameters": [{"name": "name", "type": "colour", "required": "yes"}],
                    "private": "yes",
                }
            ),
        )
        z.writestr("translations/en.json", json.dumps({"app": {}}))
    found = "\n".join(problems(out.getvalue()))
    for expected in (
        "invalid location 'ticket_sidbar'",
        "url must be https",
        "frameworkVersion '3.0' is not served",
        "may not be called 'name'",
        "invalid type",
        "required must be true or false",
        "private must be true or false",
    ):
        assert expected in found


def test_standin_app_writes_the_zip_for_a_zendesk_helpdesk(tmp_path: Any) -> None:
    from connector.cli import main

    config = tmp_path / "standin.yaml"
    config.write_text(
        "helpdesks:\n  acme:\n    vendor: zendesk\n    url: https://acme.zendesk.com\n"
        "    credentials: {email: ops@acme.example, api_token: t}\n"
        "    webhook_secrets: [s]\n"
    )
    out = tmp_path / "app.zip"
    result = CliRunner().invoke(
        main,
        ["app", "acme", "--config", str(config), "--out", str(out), "--author-email", "a@b.c"],
    )
    assert result.exit_code == 0, result.output
    assert problems(out.read_bytes()) == []


# --- the pages inside Zendesk ---------------------------------------------------------------


@pytest.fixture
def zd_app(db_url: str, clock: FakeClock, sleeps: Any) -> Iterator[Any]:
    config = make_config(
        db_url,
        app={
            "public_key": APP_PUBLIC_PEM,
            "installation_id": INSTALLATION,
            "roles": {"admin": "admin", "agent": "viewer"},
            "custom_roles": {"360000123": "team_lead"},
        },
    )
    svc = build_test_services(config, clock, sleeps)
    yield create_app(services=svc, TESTING=True)
    svc.store.engine.dispose()


def _zendesk_user(rsps: responses.RequestsMock, role: str = "agent", **extra: Any) -> None:
    rsps.get(
        f"{ZD}/api/v2/users/9001.json",
        json={
            "user": {
                "id": 9001,
                "email": "lead@acme.example",
                "name": "Inge de Vries",
                "role": role,
                "active": True,
                **extra,
            }
        },
    )


def test_opening_the_ticket_sidebar_signs_the_zendesk_user_in_with_their_role(
    zd_app: Any, vendor: responses.RequestsMock
) -> None:
    _zendesk_user(vendor, custom_role_id=360000123)
    client = zd_app.test_client()
    resp = client.post(
        "/ui/app/acme/ticket_sidebar?origin=https%3A%2F%2Facme.zendesk.com&app_guid=g1",
        data={"token": zaf_token()},
    )
    assert resp.status_code == 303
    assert resp.headers["Location"] == (
        "/ui/app/acme/ticket_sidebar?origin=https%3A%2F%2Facme.zendesk.com&app_guid=g1"
    )
    page = client.get(resp.headers["Location"])
    assert page.status_code == 200
    assert "zaf_sdk.min.js" in page.get_data(as_text=True)
    assert "https://static.zdassets.com" in page.headers["Content-Security-Policy"]
    with zd_app.extensions["standin"].store.session() as s:
        row = s.execute(select(UiSessionRow)).scalar_one()
    assert (row.method, row.role, row.helpdesks, row.subject) == (
        "helpdesk_app",
        "team_lead",
        ["acme"],
        "lead@acme.example",
    )


def test_a_replayed_app_token_signs_nobody_in(zd_app: Any, vendor: responses.RequestsMock) -> None:
    _zendesk_user(vendor)
    _zendesk_user(vendor)
    token = zaf_token()
    assert (
        zd_app.test_client().post("/ui/app/acme/nav_bar", data={"token": token}).status_code == 303
    )
    again = zd_app.test_client()
    assert again.post("/ui/app/acme/nav_bar", data={"token": token}).status_code == 401
    assert again.get("/ui/periods").status_code == 302


def test_an_end_user_or_a_bad_token_gets_no_session(
    zd_app: Any, vendor: responses.RequestsMock
) -> None:
    _zendesk_user(vendor, role="end-user")
    client = zd_app.test_client()
    assert client.post("/ui/app/acme/nav_bar", data={"token": zaf_token()}).status_code == 403
    forged = client.post("/ui/app/acme/nav_bar", data={"token": zaf_token(OTHER_KEY)})
    assert forged.status_code == 401
    assert "opened from your helpdesk" in forged.get_data(as_text=True)
    assert client.get("/ui/periods").status_code == 302


def test_a_helpdesk_without_an_app_or_an_unknown_location_is_404(
    zd_app: Any, vendor: responses.RequestsMock
) -> None:
    client = zd_app.test_client()
    assert client.post("/ui/app/other/nav_bar", data={"token": zaf_token()}).status_code == 404
    assert client.post("/ui/app/acme/top_bar", data={"token": zaf_token()}).status_code == 404


def test_the_ticket_sidebar_says_from_whom_a_ticket_was_rerouted_for_which_period(
    zd_app: Any, vendor: responses.RequestsMock
) -> None:
    svc = zd_app.extensions["standin"]
    period = svc.repositories.periods.add_period(
        Period(
            None,
            "acme",
            "anna@example.com",
            "9001",
            "Anna de Boer",
            "bob@example.com",
            "9002",
            "Bob Jansen",
            dt.datetime(2026, 11, 19, 23, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC),
            "Europe/Amsterdam",
            created_by="token:seed",
        ),
        NOW,
    )
    from connector.adapters.lifecycle_store import LifecycleStore

    LifecycleStore(svc.store).record_reroute(period.id, "4711", NOW, "9001", "9002", "webhook")
    _zendesk_user(vendor, custom_role_id=360000123)
    vendor.get(f"{ZD}/api/v2/tickets/4711.json", json={"ticket": {"id": 4711, "assignee_id": 9002}})
    vendor.get(
        f"{ZD}/api/v2/users/9002.json",
        json={
            "user": {"id": 9002, "email": "bob@example.com", "name": "Bob Jansen", "role": "agent"}
        },
    )
    client = zd_app.test_client()
    client.post("/ui/app/acme/ticket_sidebar", data={"token": zaf_token()})
    page = client.get("/ui/app/acme/tickets/4711").get_data(as_text=True)
    assert "Rerouted from Anna de Boer to Bob Jansen on 23 November 2026 10:00" in page
    assert "period from 20 November 2026" in page  # its first day, in the period's zone
    assert f"/ui/periods/{period.id}" in page
    assert "/ui/periods/new?helpdesk=acme&amp;employee=bob@example.com" in page


def test_the_pages_inside_zendesk_ask_for_a_new_signed_request_without_a_session(
    zd_app: Any,
) -> None:
    client = zd_app.test_client()
    for path in (
        "/ui/app/acme/ticket_sidebar",
        "/ui/app/acme/tickets/4711",
        "/ui/app/acme/agents/9",
    ):
        answer = client.get(path)
        assert answer.status_code == 401
        assert "Open this page from your helpdesk again" in answer.get_data(as_text=True)
    assert client.get("/ui/app/other/tickets/4711").status_code == 404
