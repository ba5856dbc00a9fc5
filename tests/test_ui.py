"""The team-lead web page (/ui) through Flask's test client: sign-in, roles, CSRF, every page
and form, validation messages next to their fields, languages and security headers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from connector.adapters.models import ApiToken
from connector.config import UiConfig
from connector.domain.notices import format_date
from connector.domain.periods import Period
from connector.web import create_app, ui_periods
from connector.web.page import PeriodSection, add_period_section
from connector.wiring import Services, build_services
from tests.conftest import NOW, make_config
from tests.zendesk_api import register_agent_search

UTC = dt.UTC


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client: Any, token: str) -> Any:
    page = client.get("/ui/sign-in").get_data(as_text=True)
    return client.post("/ui/sign-in", data={"token": token, "csrf_token": csrf_of(page)})


def field_error(page: str, name: str) -> str:
    """The message shown next to one field (the element the field's aria-describedby names)."""
    ident = "e-" + name.replace(".", "-")
    match = re.search(rf'<p class="error-text" id="{re.escape(ident)}">(.*?)</p>', page, re.S)
    assert match, f"no message next to {name}"
    assert f'aria-describedby="{ident}' in page, f"{name} does not point at its message"
    return html.unescape(match.group(1))


def seed(
    services: Services,
    employee: str = "anna@example.com",
    starts: dt.datetime = dt.datetime(2026, 11, 15, 23, tzinfo=UTC),
    ends: dt.datetime = dt.datetime(2026, 12, 31, 23, tzinfo=UTC),
    helpdesk: str = "acme",
    scope: dict[str, Any] | None = None,
    phases: list[dict[str, Any]] | None = None,
) -> Period:
    names = {"anna@example.com": ("9001", "Anna de Vries"), "carla@example.com": ("9003", "Carla")}
    emp_id, emp_name = names.get(employee, ("9100", "Eve Example"))
    return services.repositories.periods.add_period(
        Period(
            None,
            helpdesk,
            employee,
            emp_id,
            emp_name,
            "bob@example.com",
            "9002",
            "Bob Jansen",
            starts,
            ends,
            "Europe/Amsterdam",
            created_by="token:seed",
            scope=scope or {},
            phases=phases or [],
        ),
        NOW,
    )


@pytest.fixture
def lead(client: Any, tokens: dict[str, str]) -> Any:
    assert sign_in(client, tokens["team_lead"]).status_code == 303
    return client


# --- sign-in, session, roles -----------------------------------------------------------------


def test_a_page_without_a_session_sends_the_browser_to_sign_in_and_back(
    client: Any, tokens: dict[str, str]
) -> None:
    resp = client.get("/ui/periods?helpdesk=acme")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/ui/sign-in?next=/ui/periods?helpdesk%3Dacme"
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/ui/periods?helpdesk=acme"' in page
    back = client.post(
        "/ui/sign-in",
        data={
            "token": tokens["viewer"],
            "csrf_token": csrf_of(page),
            "next": "/ui/periods?helpdesk=acme",
        },
    )
    assert (back.status_code, back.headers["Location"]) == (303, "/ui/periods?helpdesk=acme")


def test_signing_in_makes_an_httponly_lax_session_cookie_for_ui_only_and_sign_out_ends_it(
    client: Any, tokens: dict[str, str]
) -> None:
    resp = sign_in(client, tokens["team_lead"])
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("standin_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/ui" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1, no https public_url
    assert tokens["team_lead"] not in cookie  # the token itself never goes into the cookie
    page = client.get("/ui/periods").get_data(as_text=True)
    assert "Signed in as team_lead (team_lead)" in page
    out = client.post("/ui/sign-out", data={"csrf_token": csrf_of(page)})
    assert (out.status_code, out.headers["Location"]) == (303, "/ui/sign-in")
    assert client.get("/ui/periods").status_code == 302


def test_the_cookie_is_secure_when_the_request_came_over_https(
    client: Any, tokens: dict[str, str]
) -> None:
    page = client.get("/ui/sign-in", base_url="https://localhost").get_data(as_text=True)
    resp = client.post(
        "/ui/sign-in",
        data={"token": tokens["viewer"], "csrf_token": csrf_of(page)},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/ui/sign-in"},
    )
    assert resp.status_code == 303
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("standin_session="))
    assert "Secure" in cookie


def test_a_wrong_token_is_refused_next_to_the_token_field(client: Any) -> None:
    resp = sign_in(client, "sti_not-a-real-token")
    assert resp.status_code == 401
    assert field_error(resp.get_data(as_text=True), "token") == "Unknown or revoked token."


def test_a_revoked_token_ends_the_session_at_the_next_page(
    lead: Any, services: Services, clock: Any
) -> None:
    assert lead.get("/ui/periods").status_code == 200
    with services.store.session() as s:
        s.execute(update(ApiToken).where(ApiToken.name == "team_lead").values(revoked_at=clock()))
    assert lead.get("/ui/periods").status_code == 302


def test_forms_without_their_csrf_token_are_refused_and_change_nothing(
    client: Any, lead: Any, services: Services
) -> None:
    for path in ("/ui/sign-in", "/ui/periods/new", "/ui/sign-out", "/ui/templates"):
        resp = lead.post(path, data={"token": "x", "helpdesk": "acme", "csrf_token": "forged"})
        assert resp.status_code == 400, path
        assert "The form expired or was not sent from this page" in resp.get_data(as_text=True)
    assert lead.post("/ui/periods/preview", data={"helpdesk": "acme"}).status_code == 400
    assert services.repositories.periods.periods() == []
    assert lead.get("/ui/periods").status_code == 200  # sign-out without a token did nothing


def test_the_api_keeps_working_with_bearer_tokens_and_no_csrf_token(
    client: Any, vendor: Any, auth: Any
) -> None:
    for email in ("anna@example.com", "bob@example.com"):
        register_agent_search(vendor, email)
    resp = client.post(
        "/api/v1/periods",
        json={
            "helpdesk": "acme",
            "employee": "anna@example.com",
            "replacement": "bob@example.com",
            "starts_at": "2026-12-01",
            "ends_at": "2026-12-31",
        },
        headers=auth("team_lead"),
    )
    assert resp.status_code == 201


def test_a_viewer_reads_every_page_but_gets_no_forms_and_may_not_post(
    client: Any, tokens: dict[str, str], services: Services
) -> None:
    period = seed(services)
    sign_in(client, tokens["viewer"])
    overview = client.get("/ui/periods").get_data(as_text=True)
    assert "New period" not in overview
    detail = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert "End early" not in detail and "Change" not in detail
    templates = client.get("/ui/templates").get_data(as_text=True)
    assert "Save a new version" not in templates
    csrf = csrf_of(overview)
    for path in (
        "/ui/periods/new",
        f"/ui/periods/{period.id}/edit",
        f"/ui/periods/{period.id}/end",
    ):
        assert client.get(path).status_code == 403, path
        resp = client.post(path, data={"csrf_token": csrf})
        assert resp.status_code == 403, path
        assert "This needs the team_lead role; you are signed in as viewer." in resp.get_data(
            as_text=True
        )
    resp = client.post(
        "/ui/templates",
        data={"csrf_token": csrf, "helpdesk": "acme", "lang": "en", "subject": "x", "text": "y"},
    )
    assert resp.status_code == 403
    assert services.repositories.templates.templates(None) == []
    assert services.repositories.periods.get_period(period.id).ended_early_at is None  # type: ignore[arg-type,union-attr]


def test_a_token_for_one_helpdesk_sees_only_that_helpdesk(
    client: Any, tokens: dict[str, str], services: Services
) -> None:
    mine = seed(services)
    theirs = seed(services, employee="carla@example.com", helpdesk="other")
    sign_in(client, tokens["acme_lead"])
    page = client.get("/ui/periods").get_data(as_text=True)
    assert f'href="/ui/periods/{mine.id}"' in page
    assert f'href="/ui/periods/{theirs.id}"' not in page
    assert '<option value="other"' not in page
    resp = client.get(f"/ui/periods/{theirs.id}")
    assert resp.status_code == 404
    assert f"no period {theirs.id}" in resp.get_data(as_text=True)


# --- the periods overview --------------------------------------------------------------------


def test_the_timeline_draws_each_period_with_its_status_in_words_phases_and_a_today_line(
    lead: Any, services: Services
) -> None:
    phases = [
        {"name": "routine tickets", "from": "2026-11-16", "scope": {}},
        {"name": "all but escalations", "from": "2026-12-07", "scope": {}},
    ]
    active = seed(services, phases=phases)
    later = seed(
        services,
        employee="carla@example.com",
        starts=dt.datetime(2026, 12, 14, 23, tzinfo=UTC),
        ends=dt.datetime(2027, 1, 10, 23, tzinfo=UTC),
    )
    page = lead.get("/ui/periods?helpdesk=acme&from=2026-11-09&weeks=8").get_data(as_text=True)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('class="bar active"') == 1 and svg.count('class="bar scheduled"') == 1
    assert "Bob Jansen · active" in svg and "Bob Jansen · scheduled" in svg
    assert svg.count('class="phase phase-') == 2
    assert "phase 2: all but escalations (7 December 2026)" in svg
    assert 'class="today"' in svg and ">today</text>" in svg
    assert f'href="/ui/periods/{active.id}"' in svg and f'href="/ui/periods/{later.id}"' in svg
    assert "(Time zone: Europe/Amsterdam)" in html.unescape(page)
    # The table says the same in words: whole days, the end date included.
    assert "<td>16 November 2026</td><td>31 December 2026</td><td>Europe/Amsterdam</td>" in page
    assert '<span class="status active">active</span>' in page


def test_periods_outside_the_weeks_shown_are_counted_and_still_listed(
    lead: Any, services: Services
) -> None:
    seed(services)
    page = lead.get("/ui/periods?from=2027-06-07&weeks=4").get_data(as_text=True)
    assert "1 period lies outside these weeks" in page
    assert "<svg" in page and 'class="bar ' not in page
    assert "Anna de Vries" in page


def test_the_team_filter_is_offered_only_when_periods_have_a_team(
    lead: Any, services: Services
) -> None:
    seed(services)
    assert 'name="team"' not in lead.get("/ui/periods").get_data(as_text=True)
    seed(services, employee="carla@example.com", scope={"team": "Billing"})
    page = lead.get("/ui/periods").get_data(as_text=True)
    assert '<option value="Billing">Billing</option>' in page
    filtered = lead.get("/ui/periods?team=Billing").get_data(as_text=True)
    assert "Carla" in filtered and "Anna de Vries" not in filtered


# --- creating and changing a period ----------------------------------------------------------


def new_period_form(lead: Any) -> tuple[str, str]:
    page = lead.get("/ui/periods/new").get_data(as_text=True)
    return page, csrf_of(page)


FORM = {
    "helpdesk": "acme",
    "employee": "anna@example.com",
    "replacement": "bob@example.com",
    "starts_at": "2026-12-01",
    "ends_at": "2026-12-31",
    "timezone": "",
    "notice.enabled": "on",
    "notice.variant": "informal",
    "notice.per": "customer",
}


def test_a_team_lead_creates_a_period_through_the_form(
    lead: Any, vendor: Any, services: Services
) -> None:
    page, csrf = new_period_form(lead)
    assert "Dates are whole days in Europe/Amsterdam, the helpdesk&#39;s time zone" in page
    for email in ("anna@example.com", "bob@example.com"):
        register_agent_search(vendor, email)
    resp = lead.post("/ui/periods/new", data={**FORM, "csrf_token": csrf})
    assert resp.status_code == 303
    (period,) = services.repositories.periods.periods()
    assert resp.headers["Location"] == f"/ui/periods/{period.id}"
    assert (period.employee_id, period.replacement_id) == ("9001", "9002")
    assert period.starts_at == dt.datetime(2026, 11, 30, 23, tzinfo=UTC)
    assert period.ends_at == dt.datetime(2026, 12, 31, 23, tzinfo=UTC)
    assert period.created_by == "token:team_lead"
    assert period.notice == {
        "enabled": True,
        "variant": "informal",
        "per": "customer",
        "mention": "none",
        "show_end_date": False,
    }
    detail = lead.get(resp.headers["Location"]).get_data(as_text=True)
    assert "The period was saved." in detail
    assert "<td>period set</td>" in detail  # the audit trail, its action in words
    # its reason's moments local, in the period's zone (recorded: "2026-11-30T23:00:00+00:00")
    assert "1 December 2026 00:00 to 1 January 2027 00:00" in detail
    assert "T23:00" not in detail


def test_missing_fields_are_named_next_to_each_field_without_asking_the_helpdesk(
    lead: Any, vendor: Any, services: Services
) -> None:
    _, csrf = new_period_form(lead)
    resp = lead.post(
        "/ui/periods/new",
        data={
            **FORM,
            "employee": "",
            "ends_at": "",
            "notice.variant": "shouty",
            "csrf_token": csrf,
        },
    )
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert field_error(page, "employee") == "Missing data for required field."
    assert field_error(page, "ends_at") == "Give an end date or tick until further notice."
    assert field_error(page, "notice.variant") == "Must be one of: formal, informal."
    assert 'value="bob@example.com"' in page  # what was typed stays in the form
    assert services.repositories.periods.periods() == []


def test_the_services_rules_are_shown_next_to_their_fields(
    lead: Any, vendor: Any, services: Services
) -> None:
    _, csrf = new_period_form(lead)
    register_agent_search(vendor, "nobody@example.com")
    register_agent_search(vendor, "bob@example.com")
    resp = lead.post(
        "/ui/periods/new",
        data={
            **FORM,
            "employee": "nobody@example.com",
            "starts_at": "2026-13-01",
            "timezone": "Mars/Olympus",
            "csrf_token": csrf,
        },
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert field_error(page, "timezone") == "unknown time zone 'Mars/Olympus'"
    assert (
        field_error(page, "employee") == "no user with e-mail nobody@example.com in helpdesk acme"
    )


def test_an_end_before_the_start_is_shown_next_to_the_end_date(
    lead: Any, vendor: Any, services: Services
) -> None:
    _, csrf = new_period_form(lead)
    for email in ("anna@example.com", "bob@example.com"):
        register_agent_search(vendor, email)
    resp = lead.post(
        "/ui/periods/new",
        data={**FORM, "starts_at": "2026-12-10", "ends_at": "2026-12-01", "csrf_token": csrf},
    )
    assert resp.status_code == 422
    assert field_error(resp.get_data(as_text=True), "ends_at") == "must be after starts_at"


def test_changing_a_started_period_keeps_its_start_and_saves_only_what_changed(
    lead: Any, services: Services
) -> None:
    period = seed(services)
    page = lead.get(f"/ui/periods/{period.id}/edit").get_data(as_text=True)
    assert re.search(r'id="f-starts"[^>]*disabled', page)
    assert "The period has started; its start can no longer change." in page
    assert 'value="2026-12-31"' in page  # the end shown as the last day included
    resp = lead.post(
        f"/ui/periods/{period.id}/edit",
        data={
            "csrf_token": csrf_of(page),
            "replacement": "bob@example.com",
            "ends_at": "2027-01-15",
            "timezone": "Europe/Amsterdam",
            "notice.enabled": "on",
            "notice.variant": "formal",
            "notice.per": "customer",
        },
    )
    assert resp.status_code == 303
    saved = services.repositories.periods.get_period(period.id)  # type: ignore[arg-type]
    assert saved is not None
    assert saved.ends_at == dt.datetime(2027, 1, 15, 23, tzinfo=UTC)
    assert saved.starts_at == period.starts_at
    changed = services.repositories.audit.audit_records(None, period_id=period.id)[0]
    assert (changed["action"], changed["reason"]) == ("period_changed", "ends_at changed")


def test_an_edit_refused_by_the_service_shows_the_message_next_to_the_field(
    lead: Any, services: Services
) -> None:
    period = seed(services)
    page = lead.get(f"/ui/periods/{period.id}/edit").get_data(as_text=True)
    resp = lead.post(
        f"/ui/periods/{period.id}/edit",
        data={
            "csrf_token": csrf_of(page),
            "replacement": "bob@example.com",
            "ends_at": "2026-11-01",
            "notice.variant": "formal",
            "notice.per": "customer",
            "notice.enabled": "on",
        },
    )
    assert resp.status_code == 422
    assert field_error(resp.get_data(as_text=True), "ends_at") == "must be after starts_at"


def test_known_agents_are_suggested_and_the_helpdesk_is_asked_about_others(
    lead: Any, vendor: Any, services: Services
) -> None:
    seed(services)
    page = lead.get("/ui/periods/new").get_data(as_text=True)
    assert '<option value="anna@example.com">Anna de Vries</option>' in page
    assert '<option value="bob@example.com">Bob Jansen</option>' in page
    register_agent_search(vendor, "carla@example.com")
    register_agent_search(vendor, "daan@example.org")
    register_agent_search(vendor, "nobody@example.com")
    ask = "/ui/agents?helpdesk=acme&email="
    assert lead.get(ask + "carla@example.com").get_json() == {
        "found": True,
        "name": "Carla Peeters",
        "message": "Carla Peeters (agent)",
    }
    assert lead.get(ask + "daan@example.org").get_json()["message"] == "not an active agent"
    assert lead.get(ask + "nobody@example.com").get_json() == {
        "found": False,
        "message": "no user with e-mail nobody@example.com in acme",
    }
    assert lead.get("/ui/agents?helpdesk=nope&email=x@y.z").status_code == 400


def test_the_live_preview_renders_the_customer_notice_through_the_service(
    lead: Any, services: Services
) -> None:
    seed(services)  # Bob is known from this period: no helpdesk call is needed for his name
    page, csrf = new_period_form(lead)
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert meta
    resp = lead.post(
        "/ui/periods/preview",
        data={**FORM, "preview_lang": "nl", "notice.variant": "formal"},
        headers={"X-CSRFToken": meta.group(1)},
    )
    body = resp.get_json()
    assert resp.status_code == 200, body
    assert body["lang"] == "nl"
    assert "Bob Jansen" in body["text"] and "Alex Morgan" in body["text"]
    assert "Anna" not in body["text"] + body["subject"]  # not named unless the setting says so
    english = lead.post(
        "/ui/periods/preview",
        data={**FORM, "preview_lang": "en", "notice.mention": "unavailable"},
        headers={"X-CSRFToken": meta.group(1)},
    ).get_json()
    assert "Anna" in english["text"] and "temporarily not available" in english["text"]
    still = lead.post(
        "/ui/periods/preview",
        data={**FORM, "preview_lang": "en", "notice.mention": "still_works"},
        headers={"X-CSRFToken": meta.group(1)},
    ).get_json()
    assert "Anna still works on your account; for contact, I'm here to help you" in still["text"]
    bad = lead.post(
        "/ui/periods/preview",
        data={**FORM, "starts_at": "soon"},
        headers={"X-CSRFToken": meta.group(1)},
    )
    assert bad.status_code == 422
    assert bad.get_json() == {"error": "not an ISO 8601 date or date-time: 'soon'"}


# --- one period ------------------------------------------------------------------------------


def audit_reroute(services: Services, period: Period, ticket: str, at: dt.datetime) -> None:
    services.repositories.audit.audit(
        at, "acme", "rerouted", period_id=period.id, ticket_id=ticket, from_agent="9001"
    )


def test_the_period_page_shows_status_reroutes_per_day_notices_and_the_audit_trail(
    lead: Any, services: Services
) -> None:
    period = seed(services)
    assert period.id is not None
    audit_reroute(services, period, "123", dt.datetime(2026, 11, 20, 10, tzinfo=UTC))
    audit_reroute(services, period, "124", dt.datetime(2026, 11, 20, 23, 30, tzinfo=UTC))
    audit_reroute(services, period, "125", dt.datetime(2026, 11, 21, 8, tzinfo=UTC))
    services.repositories.notices.record_notice(
        period.id, "customer:7001", "123", "nl", "sent", NOW
    )
    services.repositories.notices.record_notice(
        period.id, "customer:7002", "124", "nl", "sent", NOW
    )
    services.repositories.notices.record_notice(
        period.id, "customer:7003", "125", "", "blocked", NOW
    )
    page = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert '<span class="status active">active</span>' in page
    assert "3 tickets rerouted from 16 November 2026 to 23 November 2026." in page
    # 23:30 UTC is already the 21st in Amsterdam: two tickets that day.
    assert (
        "<title>21 November 2026: 2</title>" in page
        and "<title>20 November 2026: 1</title>" in page
    )
    assert "<tr><td>21 November 2026</td><td>2</td></tr>" in page
    assert "<li>2 notices sent</li>" in page
    assert "<li>1 notice held back by the privacy check</li>" in page
    assert page.count("<td>rerouted</td>") == 3
    start_move = page[page.index('id="h-move"') :]
    section = start_move[: start_move.index("</section>")]
    # the lifecycle reports the start move of every period (here: not picked up by the scheduler)
    assert "<dt>Status</dt>" in section and "Not available." not in section


def test_the_start_move_is_shown_in_words_with_its_end_in_the_period_s_time_zone(
    lead: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = seed(services)
    original = ui_periods.period_json

    def with_move(p: Period, now: dt.datetime) -> dict[str, Any]:
        move = {
            "status": "done",
            "total": 10,
            "moved": 4,
            "finished_at": "2026-11-30T23:00:00+00:00",
        }
        return {**original(p, now), "start_move": move}

    monkeypatch.setattr(ui_periods, "period_json", with_move)
    page = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert '<progress max="10" value="4"' in page
    assert "<dt>Status</dt><dd>done</dd>" in page and "<dt>Moved</dt><dd>4</dd>" in page
    # 23:00 UTC on 30 November is midnight of 1 December in Amsterdam; no ISO, no raw keys
    assert "<dt>Finished</dt><dd>1 December 2026 00:00</dd>" in page
    assert "finished_at" not in page and "2026-11-30T23:00" not in page
    assert "Not available." not in page

    lead.set_cookie("standin_lang", "nl")
    dutch = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert "<dt>Klaar om</dt><dd>1 december 2026 00:00</dd>" in dutch


def test_another_part_of_the_connector_can_add_a_section_to_the_period_page(
    services: Services, tokens: dict[str, str], tmp_path: Path
) -> None:
    app = create_app(services=services, TESTING=True)
    seen: list[int | None] = []

    def context(period: Period, as_dict: dict[str, Any]) -> dict[str, Any]:
        seen.append(period.id)
        return {"entries": ["called on 2026-11-20"]}

    add_period_section(
        app, PeriodSection("contact-log", "Contact log", "ui/test_section.html", context)
    )
    app.jinja_loader.searchpath.append(str(tmp_path))  # type: ignore[union-attr]
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "test_section.html").write_text(
        "<ul>{% for e in section_values.entries %}<li>{{ e }}</li>{% endfor %}</ul>"
    )
    client = app.test_client()
    sign_in(client, tokens["viewer"])
    period = seed(services)
    page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert '<h2 id="h-contact-log">Contact log</h2>' in page
    assert "<li>called on 2026-11-20</li>" in page
    assert seen == [period.id]


def test_ending_early_first_says_what_happens_to_the_rerouted_tickets(
    lead: Any, services: Services, clock: Any
) -> None:
    period = seed(services)
    audit_reroute(services, period, "124", dt.datetime(2026, 11, 20, 10, tzinfo=UTC))
    audit_reroute(services, period, "123", dt.datetime(2026, 11, 20, 11, tzinfo=UTC))
    page = lead.get(f"/ui/periods/{period.id}/end").get_data(as_text=True)
    text = html.unescape(page)
    assert "From now on, Anna de Vries's tickets are no longer rerouted to Bob Jansen." in text
    assert "2 tickets were rerouted to Bob Jansen during this period:" in text
    assert "<li>#123</li><li>#124</li>" in page
    # the default hand-back policy, rerouted_open, said plainly
    assert "Those still open and still with Bob Jansen go back to Anna de Vries now." in text
    resp = lead.post(f"/ui/periods/{period.id}/end", data={"csrf_token": csrf_of(page)})
    assert resp.status_code == 303
    ended = services.repositories.periods.get_period(period.id)  # type: ignore[arg-type]
    assert ended is not None and ended.ended_early_at == clock()
    detail = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert '<span class="status ended">ended</span>' in detail and "End early" not in detail
    again = lead.post(f"/ui/periods/{period.id}/end", data={"csrf_token": csrf_of(page)})
    assert again.status_code == 422
    assert "the period has already ended" in again.get_data(as_text=True)


# --- notice templates ------------------------------------------------------------------------


def test_the_template_editor_starts_from_the_built_in_text_and_saves_a_new_active_version(
    lead: Any, services: Services
) -> None:
    page = lead.get("/ui/templates?helpdesk=acme&lang=en&mode=advanced").get_data(as_text=True)
    assert "No saved versions yet; the built-in template is shown." in page
    assert "{{ replacement_name }}" in html.unescape(page)
    resp = lead.post(
        "/ui/templates",
        data={
            "csrf_token": csrf_of(page),
            "helpdesk": "acme",
            "kind": "notice",
            "variant": "formal",
            "lang": "en",
            "subject": "Your contact at {{ company }}",
            "text": "Dear {{ customer_name }}, {{ replacement_name }} now helps you.",
            "activate": "on",
        },
    )
    assert resp.status_code == 303
    (saved,) = services.repositories.templates.templates(["acme"])
    assert (saved["version"], saved["active"], saved["created_by"]) == (1, True, "token:team_lead")
    page = lead.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Version 1 was saved." in page and "starting from version 1" in page


def test_the_privacy_lint_names_the_refused_words_next_to_the_part_that_has_them(
    lead: Any, services: Services
) -> None:
    page = lead.get("/ui/templates?helpdesk=acme&lang=nl").get_data(as_text=True)
    resp = lead.post(
        "/ui/templates",
        data={
            "csrf_token": csrf_of(page),
            "helpdesk": "acme",
            "lang": "nl",
            "subject": "Uw nieuwe contactpersoon",
            "text": "Beste {{ customer_name }}, uw collega is met ziekteverlof.",
        },
    )
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert "ziekteverlof" in field_error(body, "text")
    assert 'id="e-subject"' not in body
    assert "contains words or dates that are not allowed" in body  # the service's own message
    assert "uw collega is met ziekteverlof" in body  # the text stays for correcting
    assert services.repositories.templates.templates(None) == []


def test_a_template_syntax_error_is_shown_next_to_its_part(lead: Any) -> None:
    page = lead.get("/ui/templates?helpdesk=acme&lang=en").get_data(as_text=True)
    resp = lead.post(
        "/ui/templates",
        data={
            "csrf_token": csrf_of(page),
            "helpdesk": "acme",
            "lang": "en",
            "subject": "Hello {{ customer_name.upper() }}",
            "text": "Fine text for {{ customer_name }}.",
        },
    )
    assert resp.status_code == 422
    assert field_error(resp.get_data(as_text=True), "subject") == (
        "function or method calls not allowed"
    )


def test_an_older_template_version_can_be_made_active_again(lead: Any, services: Services) -> None:
    first = services.notices.save_template(
        {
            "helpdesk": "acme",
            "kind": "notice",
            "variant": "formal",
            "lang": "en",
            "subject": "One {{ company }}",
            "text": "One {{ replacement_name }}",
        },
        "token:x",
    )
    second = services.notices.save_template({**first, "subject": "Two {{ company }}"}, "token:x")
    services.repositories.templates.activate_template(second["id"])
    page = lead.get("/ui/templates?helpdesk=acme&lang=en").get_data(as_text=True)
    resp = lead.post(f"/ui/templates/{first['id']}/activate", data={"csrf_token": csrf_of(page)})
    assert resp.status_code == 303
    assert (
        services.repositories.templates.active_template("acme", "notice", "formal", "en")["version"]
        == 1
    )  # type: ignore[index]


# --- languages, headers, embedding -----------------------------------------------------------


def test_the_page_speaks_dutch_to_a_dutch_browser_and_switches_by_link(
    lead: Any, services: Services
) -> None:
    seed(services)
    dutch = lead.get("/ui/periods", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    page = dutch.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Herverdelingsperioden" in page and '<span class="status active">actief</span>' in page
    switch = lead.get("/ui/lang/en?next=/ui/periods")
    assert switch.headers["Location"] == "/ui/periods"
    cookie = switch.headers["Set-Cookie"]
    assert cookie.startswith("standin_lang=en;") and "Path=/ui" in cookie
    english = lead.get("/ui/periods", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Reassignment periods" in english
    # The switch link never sends the browser elsewhere.
    assert lead.get("/ui/lang/nl?next=https://evil.example/").headers["Location"] == "/ui/periods"
    assert lead.get("/ui/lang/nl?next=//evil.example/").headers["Location"] == "/ui/periods"


def test_pages_carry_security_headers_and_refuse_framing_by_default(lead: Any) -> None:
    resp = lead.get("/ui/periods")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    static = lead.get("/ui/static/ui.css")
    assert static.status_code == 200 and static.headers["X-Content-Type-Options"] == "nosniff"
    # The API keeps its own JSON answers, without the page's session or headers.
    assert "Content-Security-Policy" not in lead.get("/api/v1/openapi.json").headers


def test_embedded_in_a_helpdesk_the_page_may_be_framed_by_the_configured_origins(
    db_url: str, clock: Any
) -> None:
    config = dataclasses.replace(
        make_config(db_url), ui=UiConfig(embed=True, frame_ancestors=("https://acme.zendesk.com",))
    )
    services = build_services(config, clock=clock)
    client = create_app(services=services, TESTING=True).test_client()
    token = services.repositories.tokens.create_token("lead", "team_lead", clock())
    resp = sign_in(client, token)
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("standin_session="))
    assert "SameSite=None" in cookie and "Secure" in cookie and "HttpOnly" in cookie
    page = client.get("/ui/sign-in")
    assert "X-Frame-Options" not in page.headers
    assert page.headers["Content-Security-Policy"].endswith(
        "frame-ancestors 'self' https://acme.zendesk.com"
    )
    services.store.engine.dispose()


def test_the_period_page_says_in_dutch_what_each_phase_gives_back_and_what_is_still_rerouted(
    lead: Any, services: Services
) -> None:
    phases = [
        {"from": "2026-11-16", "scope": {"include": [{"priorities": ["urgent", "high"]}]}},
        {"from": "2026-11-30", "name": "rustig aan", "capacity": {"per_day": 3}, "scope": {}},
        {"from": "2026-12-14", "capacity": {"percent": 50}, "scope": {}},
        {"from": "2026-12-21", "scope": {"exclude": [{"tags": ["routine"], "groups": ["NL"]}]}},
    ]
    period = seed(services, phases=phases)
    lead.get("/ui/lang/nl")

    page = html.unescape(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True))
    lines = re.findall(r"<li>(.*?)</li>", page.split('class="phases"', 1)[1].split("</ol>")[0])

    assert lines == [
        "16 november 2026 · Fase 1: alleen nog omgeleid voor prioriteiten: urgent, high",
        "30 november 2026 · Fase 2 (rustig aan): de medewerker neemt 3 nieuwe tickets per dag",
        "14 december 2026 · Fase 3: de medewerker neemt 50% van de nieuwe tickets",
        "21 december 2026 · Fase 4: de medewerker heeft tags: routine; groepen: NL teruggenomen",
    ]
    # NOW is 23 November: phase 1 is in force, phase 2 is next (a date, never ISO)
    assert "Fase 1: alleen nog omgeleid voor prioriteiten: urgent, high" in page
    assert "30 november 2026: Fase 2 (rustig aan)" in page and "2026-11-30" not in page


def test_a_team_lead_sets_a_phased_return_scope_and_hand_back_in_the_form_and_changes_it(
    lead: Any, vendor: Any, services: Services, clock: Any, tokens: dict[str, str]
) -> None:
    page, csrf = new_period_form(lead)
    assert "Phased return" in page and "Takes back" in page
    for email in ("anna@example.com", "bob@example.com"):
        register_agent_search(vendor, email)
    form = {
        **FORM,
        "csrf_token": csrf,
        "scope.exclude.tags": "legal",
        "phases.0.from": "2026-12-01",
        "phases.0.name": "everything rerouted",
        "phases.1.from": "2026-12-15",
        "phases.1.name": "routine back",
        "phases.1.tags": "routine, password",
        "handback.policy": "untouched_only",
        "handback.notice": "on",
    }
    assert lead.post("/ui/periods/new", data=form).status_code == 303
    (period,) = services.repositories.periods.periods()
    assert period.scope == {"exclude": [{"tags": ["legal"]}]}
    assert [(p["from"], p.get("name"), p["scope"]) for p in period.phases] == [
        ("2026-12-01", "everything rerouted", {}),
        ("2026-12-15", "routine back", {"exclude": [{"tags": ["routine", "password"]}]}),
    ]
    assert period.handback == {"policy": "untouched_only", "notice": True}

    clock.now = dt.datetime(2026, 12, 5, 9, tzinfo=UTC)
    sign_in(lead, tokens["team_lead"])  # days later: a new session
    detail = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert "Phase 1 (everything rerouted)" in detail
    assert (
        "15 December 2026: Phase 2 (routine back): the employee has taken back tags: routine"
        in (html.unescape(detail))
    )

    edit = lead.get(f"/ui/periods/{period.id}/edit").get_data(as_text=True)
    assert 'value="routine, password"' in edit
    changed = lead.post(
        f"/ui/periods/{period.id}/edit",
        data={
            "csrf_token": csrf_of(edit),
            "replacement": "bob@example.com",
            "starts_at": "2026-12-01",
            "ends_at": "2026-12-31",
            "notice.enabled": "on",
            "notice.variant": "informal",
            "notice.per": "customer",
            "scope.exclude.tags": "legal",
            "phases.0.from": "2026-12-01",
            "phases.0.name": "everything rerouted",
            "phases.1.from": "2026-12-22",
            "phases.1.name": "routine back",
            "phases.1.tags": "routine, password",
            "handback.policy": "untouched_only",
            "handback.notice": "on",
        },
    )
    assert changed.status_code == 303
    assert services.repositories.periods.get_period(period.id).phases[1]["from"] == "2026-12-22"


def test_phases_the_api_set_in_another_shape_are_shown_read_only_and_kept(
    lead: Any, services: Services
) -> None:
    phases = [
        {"from": "2026-11-20", "until": "2026-11-27", "scope": {"include": [{"tags": ["x"]}]}}
    ]
    p = seed(services, phases=phases)
    edit = lead.get(f"/ui/periods/{p.id}/edit").get_data(as_text=True)
    assert "were set through the API in a form this page cannot show" in edit
    assert 'name="phases.0.from"' not in edit


def test_the_period_page_shows_the_other_replacements_and_per_day_came_back_against_plan(
    client: Any, tokens: dict[str, str], services: Services
) -> None:
    period = seed(
        services, phases=[{"from": "2026-12-01", "scope": {}, "capacity": {"per_day": 3}}]
    )
    period.replacements = [{"id": "9003", "email": "carla@example.com", "name": "Carla"}]
    period.balancing = {"strategy": "round_robin"}
    services.repositories.periods.save_period(period, NOW)
    services.repositories.periods.set_balance_state(
        period.id or 0, {"capacity": {"2026-12-02": {"returned": 2, "seen": 7}}}
    )
    sign_in(client, tokens["viewer"])
    detail = html.unescape(client.get(f"/ui/periods/{period.id}").get_data(as_text=True))
    assert "Other replacements" in detail and "Carla" in detail
    assert re.search(r"<td>2 December 2026</td><td>2</td><td>3</td>", detail)


def test_a_team_lead_adds_a_replacement_for_some_groups_a_strategy_and_a_capacity_in_the_form(
    lead: Any, vendor: Any, services: Services
) -> None:
    page, csrf = new_period_form(lead)
    assert "More replacements" in page and "New tickets back per day (at most)" in page
    for email in ("anna@example.com", "bob@example.com", "carla@example.com"):
        register_agent_search(vendor, email)
    form = {
        **FORM,
        "csrf_token": csrf,
        "replacements.0.email": "carla@example.com",
        "replacements.0.groups": "vip, legal",
        "balancing.strategy": "round_robin",
        "phases.0.from": "2026-12-01",
        "phases.0.capacity.per_day": "4",
    }
    assert lead.post("/ui/periods/new", data=form).status_code == 303
    (period,) = services.repositories.periods.periods()
    assert period.replacements == [
        {
            "id": "9003",
            "email": "carla@example.com",
            "name": "Carla Peeters",
            "scope": {"include": [{"groups": ["vip", "legal"]}]},
        }
    ]
    assert period.balancing == {"strategy": "round_robin"}
    assert period.phases[0]["capacity"] == {"per_day": 4}
    edit = lead.get(f"/ui/periods/{period.id}/edit").get_data(as_text=True)
    assert 'value="carla@example.com"' in edit and 'value="vip, legal"' in edit


def test_a_capacity_that_is_not_a_number_is_named_next_to_the_phase(lead: Any, vendor: Any) -> None:
    _, csrf = new_period_form(lead)
    form = {**FORM, "csrf_token": csrf, "phases.0.from": "2026-12-01"}
    form["phases.0.capacity.percent"] = "lots"
    resp = lead.post("/ui/periods/new", data=form)
    assert resp.status_code == 422
    assert "Not a valid integer." in resp.get_data(as_text=True)


def test_the_period_page_writes_its_dates_as_the_lead_reads_them_in_the_period_s_time_zone(
    lead: Any, services: Services
) -> None:
    period = seed(services)
    lead.set_cookie("standin_lang", "nl")
    page = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    facts = page[page.index("<dl") : page.index("</dl>")]
    assert "<dd>2026-" not in facts  # no ISO dates
    starts = period.starts_at.astimezone(ZoneInfo(period.timezone))
    assert f"<dd>{format_date(starts.date(), 'nl')}" in facts
