"""The web surface: template injection refused everywhere it can be typed, no open redirects,
and the security headers on every /ui answer, errors included."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.test_ui import csrf_of, sign_in

SSTI = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    "{{ request.application.__globals__.__builtins__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ replacement_name|attr('__class__') }}",
]
PARTS = ["subject", "text", "html"]


@pytest.fixture
def editor(client: Any, tokens: dict[str, str]) -> Any:
    """A browser signed in to /ui as a team lead."""
    assert sign_in(client, tokens["team_lead"]).status_code == 303
    return client


EVALUATED = ("<class", "__builtins__", "subclasses()", "TemplateReference")


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("payload", SSTI)
def test_template_injection_through_the_api_is_refused_in_every_part(
    client: Any, services: Any, auth: Any, payload: str, part: str
) -> None:
    body = {
        "helpdesk": "acme",
        "lang": "en",
        "subject": "Your contact",
        "text": "{{ replacement_name }} helps you.",
        "html": "<p>{{ replacement_name }} helps you.</p>",
    } | {part: payload}
    resp = client.post("/api/v1/templates", headers=auth(), json=body)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_failed"
    assert services.repositories.templates.templates(None) == []
    assert not any(sign in resp.get_data(as_text=True) for sign in EVALUATED[:1])


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("payload", SSTI[:3])
def test_template_injection_through_the_ui_editor_is_refused_and_shown_not_run(
    editor: Any,
    services: Any,
    payload: str,
    part: str,  # noqa: F811
) -> None:
    page = editor.get("/ui/templates?helpdesk=acme&lang=en").get_data(as_text=True)
    form = {
        "csrf_token": csrf_of(page),
        "helpdesk": "acme",
        "kind": "notice",
        "variant": "formal",
        "lang": "en",
        "subject": "Your contact",
        "text": "{{ replacement_name }} helps you.",
        "html": "<p>{{ replacement_name }} helps you.</p>",
        "activate": "on",
    } | {part: payload}
    resp = editor.post("/ui/templates", data=form)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'class="error-text"' in html
    assert not any(sign in html for sign in EVALUATED)
    assert services.repositories.templates.templates(None) == []


# -- no open redirects ------------------------------------------------------------------------

HOSTILE_NEXT = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/ui",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/ui\\..\\..\\evil.example",
    "\t//evil.example",
    " //evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "///evil.example",
    "data:text/html,hi",
]


def same_origin(location: str) -> bool:
    parts = urlsplit(location)
    return (
        parts.scheme in ("", "http")
        and parts.netloc in ("", "localhost")
        and (parts.path.startswith("/ui"))
    )


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_signing_in_never_redirects_off_site(
    client: Any, tokens: dict[str, str], target: str
) -> None:
    page = client.get("/ui/sign-in", query_string={"next": target}).get_data(as_text=True)
    resp = client.post(
        "/ui/sign-in",
        data={"token": tokens["viewer"], "csrf_token": csrf_of(page), "next": target},
    )
    assert resp.status_code == 303
    assert same_origin(resp.headers["Location"]), resp.headers["Location"]
    assert resp.headers["Location"].endswith("/ui/periods")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_never_redirects_off_site(client: Any, target: str) -> None:
    resp = client.get("/ui/lang/nl", query_string={"next": target})
    assert resp.status_code in (302, 303)
    assert same_origin(resp.headers["Location"]), resp.headers["Location"]


def test_a_local_next_page_is_kept(client: Any, tokens: dict[str, str]) -> None:
    page = client.get("/ui/sign-in").get_data(as_text=True)
    resp = client.post(
        "/ui/sign-in",
        data={"token": tokens["viewer"], "csrf_token": csrf_of(page), "next": "/ui/templates"},
    )
    assert resp.headers["Location"].endswith("/ui/templates")
    assert (
        client.get("/ui/lang/nl?next=/ui/templates").headers["Location"].endswith("/ui/templates")
    )


def test_a_header_injection_in_next_cannot_add_a_header(client: Any) -> None:
    resp = client.get("/ui/lang/nl", query_string={"next": "/ui/x\r\nSet-Cookie: a=b"})
    assert resp.status_code in (302, 303)
    assert "a=b" not in resp.headers.get("Set-Cookie", "")
    assert "\n" not in resp.headers["Location"]


# -- headers on every answer --------------------------------------------------------------------


def assert_security_headers(resp: Any) -> None:
    csp = resp.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, resp.status
    assert resp.headers.get("X-Content-Type-Options") == "nosniff", resp.status
    assert resp.headers.get("X-Frame-Options") == "DENY", resp.status
    assert resp.headers.get("Referrer-Policy") == "same-origin", resp.status


def test_every_kind_of_ui_answer_carries_the_security_headers(
    client: Any, tokens: dict[str, str]
) -> None:
    answers = {
        "sign-in page": client.get("/ui/sign-in"),
        "redirect to sign-in": client.get("/ui/periods"),
        "stylesheet": client.get("/ui/static/ui.css"),
        "unknown page": client.get("/ui/no-such-page"),
        "unknown period": client.get("/ui/periods/99999"),
        "id out of range": client.get("/ui/periods/99999999999"),
        "wrong method": client.get("/ui/sign-out"),
        "missing CSRF token": client.post("/ui/sign-in", data={"token": "x"}),
        "too large": client.post("/ui/sign-in", data={"token": "x" * 1_100_000}),
        "wrong token": sign_in(client, "sti_wrong"),
    }
    for _ in range(5):
        sign_in(client, "sti_wrong")
    answers["throttled"] = sign_in(client, "sti_wrong")
    assert answers["throttled"].status_code == 429
    assert answers["unknown period"].status_code in (302, 404)
    assert answers["too large"].status_code == 413
    for name, resp in answers.items():
        try:
            assert_security_headers(resp)
        except AssertionError as exc:
            raise AssertionError(f"{name} ({resp.status}) lacks a header") from exc


def test_an_unexpected_error_on_a_ui_page_still_carries_the_headers(
    app: Any, client: Any, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(client, tokens["viewer"])
    services = app.extensions["standin"]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(services.repositories.periods, "periods", broken)
    resp = client.get("/ui/periods")
    assert resp.status_code == 500
    assert "database on fire" not in resp.get_data(as_text=True)
    assert_security_headers(resp)
