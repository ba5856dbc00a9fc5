"""Web sessions are held server-side: the cookie is only a key, and the server decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from connector.adapters.models import UiSessionRow
from connector.adapters.session_store import SessionPolicy, SessionStore, SignInMethod
from connector.wiring import Services
from tests.support import FakeClock
from tests.test_ui import csrf_of, sign_in


def _cookie(resp: Any) -> str:
    header = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("standin_session="))
    return header.split(";", 1)[0].split("=", 1)[1]


def _session_rows(services: Services) -> int:
    with services.store.session() as s:
        return int(s.execute(select(func.count()).select_from(UiSessionRow)).scalar_one())


def test_a_copy_of_the_cookie_is_dead_once_its_owner_signs_out(
    app: Any, tokens: dict[str, str], services: Services
) -> None:
    browser = app.test_client()
    cookie = _cookie(sign_in(browser, tokens["team_lead"]))
    thief = app.test_client()
    thief.set_cookie("standin_session", cookie, path="/ui")
    assert thief.get("/ui/periods").status_code == 200  # the copy works while the session lives
    page = browser.get("/ui/periods").get_data(as_text=True)
    browser.post("/ui/sign-out", data={"csrf_token": csrf_of(page)})
    assert _session_rows(services) == 0
    resp = thief.get("/ui/periods")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/ui/sign-in")


def test_the_cookie_holds_no_role_token_or_name_only_a_random_key(
    client: Any, tokens: dict[str, str], services: Services
) -> None:
    cookie = _cookie(sign_in(client, tokens["team_lead"]))
    assert tokens["team_lead"] not in cookie
    with services.store.session() as s:
        row = s.execute(select(UiSessionRow)).scalar_one()
    assert (row.method, row.role, row.subject) == ("token", "team_lead", "team_lead")
    assert row.key_hash not in cookie  # the key is hashed before it is stored


def test_revoking_the_token_a_session_signed_in_with_ends_that_session_at_once(
    client: Any, tokens: dict[str, str], services: Services, clock: FakeClock
) -> None:
    sign_in(client, tokens["team_lead"])
    assert client.get("/ui/periods").status_code == 200
    services.repositories.tokens.revoke_tokens("team_lead", clock())
    assert client.get("/ui/periods").status_code == 302
    assert _session_rows(services) == 0


def test_a_session_ends_after_its_lifetime_even_when_used_every_minute(
    client: Any, tokens: dict[str, str], clock: FakeClock
) -> None:
    sign_in(client, tokens["viewer"])
    for _ in range(8 * 2 - 1):  # every 30 minutes for 7.5 hours: still signed in
        clock.advance(minutes=30)
        assert client.get("/ui/periods").status_code == 200
    clock.advance(minutes=30)  # 8 hours (ui.session_hours) after sign-in
    assert client.get("/ui/periods").status_code == 302


def test_a_session_left_idle_for_an_hour_ends(
    client: Any, tokens: dict[str, str], clock: FakeClock
) -> None:
    sign_in(client, tokens["viewer"])
    clock.advance(minutes=59)
    assert client.get("/ui/periods").status_code == 200
    clock.advance(minutes=60)
    assert client.get("/ui/periods").status_code == 302


def test_the_purge_deletes_only_expired_and_idle_sessions(services: Services) -> None:
    now = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
    sessions = SessionStore(
        services.store, SessionPolicy(lifetime=dt.timedelta(hours=8), idle=dt.timedelta(hours=1))
    )
    for minutes_ago in (0, 30, 90, 600):
        sessions.create(
            now - dt.timedelta(minutes=minutes_ago),
            method=SignInMethod.TOKEN,
            subject="lead",
            role="team_lead",
            helpdesks=None,
            token_id=1,
        )
    assert sessions.purge(now) == 2
    assert _session_rows(services) == 2


def test_token_revoke_on_the_command_line_ends_the_tokens_web_sessions(
    services: Services, tokens: dict[str, str], clock: FakeClock
) -> None:
    key = services.sessions.create(
        clock(),
        method=SignInMethod.TOKEN,
        subject="viewer",
        role="viewer",
        helpdesks=None,
        token_id=services.repositories.tokens.check_token(tokens["viewer"], clock()).id,  # type: ignore[union-attr]
    )
    revoked = services.repositories.tokens.revoke_tokens("viewer", clock())
    assert services.sessions.end_for_tokens(revoked) == 1
    assert services.sessions.resolve(key, clock()) is None


# --- one-time invitation links ---------------------------------------------------------------


def _invite(services: Services, clock: FakeClock, role: str = "team_lead", **kw: Any) -> str:
    return services.invitations.issue(
        clock(),
        name="Inge de Vries",
        role=role,
        helpdesks=kw.get("helpdesks"),
        created_by="test",
        valid_for=dt.timedelta(hours=kw.get("hours", 72)),
    )


def test_an_invitation_link_signs_in_once_with_the_role_it_was_issued_for(
    app: Any, services: Services, clock: FakeClock
) -> None:
    code = _invite(services, clock, helpdesks=["acme"])
    browser = app.test_client()
    page = browser.get(f"/ui/invite/{code}").get_data(as_text=True)
    assert "Inge de Vries" in page
    assert browser.get("/ui/periods").status_code == 302  # looking at the link signs nobody in
    used = browser.post(f"/ui/invite/{code}", data={"csrf_token": csrf_of(page)})
    assert (used.status_code, used.headers["Location"]) == (303, "/ui/periods")
    assert "Inge de Vries" in browser.get("/ui/periods").get_data(as_text=True)
    with services.store.session() as s:
        row = s.execute(select(UiSessionRow)).scalar_one()
    assert (row.method, row.role, row.helpdesks) == ("invitation", "team_lead", ["acme"])
    other = app.test_client()
    again = other.get(f"/ui/invite/{code}")
    assert again.status_code == 410
    page2 = other.get("/ui/sign-in").get_data(as_text=True)
    assert other.post(f"/ui/invite/{code}", data={"csrf_token": csrf_of(page2)}).status_code == 410
    assert other.get("/ui/periods").status_code == 302


def test_an_expired_or_unknown_invitation_signs_nobody_in(
    client: Any, services: Services, clock: FakeClock
) -> None:
    code = _invite(services, clock, hours=1)
    clock.advance(hours=1)
    assert client.get(f"/ui/invite/{code}").status_code == 410
    assert client.get("/ui/invite/not-a-code").status_code == 410
    assert services.invitations.redeem(code, clock()) is None


@pytest.mark.both_engines
def test_of_two_concurrent_redeems_of_one_invitation_exactly_one_wins(
    services: Services, clock: FakeClock
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    code = _invite(services, clock)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: services.invitations.redeem(code, clock()), range(8)))
    assert sum(r is not None for r in results) == 1


def test_standin_invite_prints_a_link_whose_code_is_stored_only_as_a_hash(
    tmp_path: Any,
) -> None:
    from click.testing import CliRunner

    from connector.cli import main

    config = tmp_path / "standin.yaml"
    db = tmp_path / "s.db"
    config.write_text(f"database_url: sqlite:///{db}\npublic_url: https://standin.example\n")
    result = CliRunner().invoke(
        main, ["invite", "--role", "admin", "--name", "First Admin", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("https://standin.example/ui/invite/")
    assert link.rsplit("/", 1)[1].encode() not in db.read_bytes()  # only its hash is kept


def test_token_and_invite_commands_without_a_config_refuse_to_create_a_database_elsewhere(
    tmp_path: Any, monkeypatch: Any
) -> None:
    from click.testing import CliRunner

    from connector.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STANDIN_CONFIG", raising=False)
    for args in (
        ["token", "create", "x", "--role", "viewer"],
        ["token", "list"],
        ["invite", "--role", "admin", "--name", "A"],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, args
        assert "no configuration given" in result.output
    assert not (tmp_path / "standin.db").exists()


def test_ending_a_persons_sessions_signs_them_out_everywhere_at_once(
    app: Any, services: Services, clock: FakeClock
) -> None:
    browsers = []
    for _ in range(2):
        code = _invite(services, clock)
        browser = app.test_client()
        page = browser.get(f"/ui/invite/{code}").get_data(as_text=True)
        browser.post(f"/ui/invite/{code}", data={"csrf_token": csrf_of(page)})
        browsers.append(browser)
    assert all(b.get("/ui/periods").status_code == 200 for b in browsers)
    assert services.sessions.end_for_subject("INGE DE VRIES") == 2
    assert all(b.get("/ui/periods").status_code == 302 for b in browsers)
