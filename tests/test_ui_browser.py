"""The web page in a real browser: Debian's Chromium driven by Playwright, a real HTTP server.

The server runs in this process (werkzeug in a thread) so the Zendesk API can be faked with
``responses``, which patches ``requests`` process-wide. Screenshots go to test-artifacts/;
with STANDIN_UPDATE_SCREENSHOT=1 the overview is also written to docs/screenshot-periods.png
and the contact-log form to docs/screenshot-contact-log.png.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import responses

from connector.adapters.store import migrate
from connector.domain.periods import Period
from connector.web import create_app
from connector.wiring import build_services
from tests.conftest import make_config
from tests.support import FakeClock, served, sideways_scroll, skip_or_fail
from tests.zendesk_api import BASE, PEOPLE, user

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
BAMBOO_HR = {
    "system": "bamboohr",
    "url": "https://api.bamboohr.com/api/gateway.php/acme",
    "credentials": {"api_key": "bamboo-key"},
    "category": "112",
}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _agent_search(request: Any) -> tuple[int, dict[str, str], str]:
    import json

    query = parse_qs(urlparse(request.url).query).get("query", [""])[0]
    email = query.removeprefix("email:")
    found = PEOPLE.get(email)
    users = [user(found[0], found[1], email, found[2])] if found else []
    body = {"users": users, "next_page": None, "previous_page": None, "count": len(users)}
    return 200, {"Content-Type": "application/json"}, json.dumps(body)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    """A live server on a free 127.0.0.1 port with a team lead's token and some periods."""
    url = f"sqlite:///{tmp_path / 'standin.db'}"
    migrate(url)
    # With an HR system configured, contact-log entries get an HR sync status (the test server
    # runs no worker: deliveries stay pending unless a test changes them).
    config = dataclasses.replace(make_config(url), hr=BAMBOO_HR)
    services = build_services(config, clock=FakeClock(NOW))
    token = services.repositories.tokens.create_token("Team lead", "team_lead", NOW)
    seed_periods(services)
    app = create_app(services=services, SECRET_KEY="browser-test-secret-key-0123456789abcdef")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(responses.GET, f"{BASE}/users/search.json", callback=_agent_search)
        try:
            with served(app) as base:
                yield base, token, services
        finally:
            services.store.engine.dispose()


def seed_periods(services: Any) -> None:
    """Periods for the overview picture: one with phases, one scheduled, one ended."""

    def add(
        emp: tuple[str, str, str], rep: tuple[str, str, str], a: str, b: str, **kw: Any
    ) -> None:
        starts = dt.datetime.fromisoformat(a).replace(tzinfo=AMSTERDAM)
        ends = dt.datetime.fromisoformat(b).replace(tzinfo=AMSTERDAM) + dt.timedelta(days=1)
        services.repositories.periods.add_period(
            Period(None, "acme", *emp, *rep, starts, ends, "Europe/Amsterdam", **kw), NOW
        )

    anna = ("anna@example.com", "9001", "Anna de Vries")
    carla = ("carla@example.com", "9003", "Carla Peeters")
    eva = ("eva@example.com", "9005", "Eva Smit")
    bob = ("bob@example.com", "9002", "Bob Jansen")
    phases = [
        {"from": "2026-11-09", "scope": {"exclude": [{"tags": ["routine"]}]}},
        {"from": "2026-11-30", "scope": {"include": [{"priorities": ["urgent"]}]}},
        {"from": "2026-12-21", "scope": {"include": [{"tags": ["escalation"]}]}},
    ]
    add(anna, bob, "2026-11-09", "2027-01-03", scope={"team": "Support"}, phases=phases)
    add(carla, bob, "2026-10-19", "2026-11-13", scope={"team": "Support"})
    add(eva, ("carla@example.com", "9003", "Carla Peeters"), "2026-12-07", "2027-01-17")


def test_a_team_lead_signs_in_creates_a_period_sees_it_and_previews_the_notice(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    base, token, services = server
    ARTIFACTS.mkdir(exist_ok=True)
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 800}, locale="en-GB")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{base}/ui/periods")
    assert page.url.startswith(f"{base}/ui/sign-in")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/ui/periods")
    overview = ARTIFACTS / "periods-overview.png"
    page.screenshot(path=str(overview), full_page=True)
    if os.environ.get("STANDIN_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(overview, ROOT / "docs" / "screenshot-periods.png")

    page.get_by_role("link", name="New period").click()
    page.get_by_label("Employee's agent e-mail").fill("anna@example.com")
    page.get_by_label("Replacement's agent e-mail").fill("nobody@example.com")
    page.get_by_label("Start date").fill("2027-02-01")  # after Anna's current period
    lookup = page.locator("#l-replacement")
    page.get_by_label("End date (included)").focus()  # leaving the field asks the helpdesk
    expect(lookup).to_have_text("no user with e-mail nobody@example.com in acme")

    # The server's validation, next to the field, after a normal form post.
    page.get_by_label("End date (included)").fill("2027-02-28")
    page.get_by_role("button", name="Save").click()
    message = page.locator("#e-replacement")
    assert message.inner_text().endswith("no user with e-mail nobody@example.com in helpdesk acme")
    field = page.get_by_label("Replacement's agent e-mail")
    assert field.get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(ARTIFACTS / "period-form-error.png"), full_page=True)

    # The live preview follows the form.
    field.fill("bob@example.com")
    page.get_by_label("Preview language").select_option("en")
    expect(page.locator("#preview-text")).to_contain_text("Bob Jansen")
    preview = page.locator("#preview-text").inner_text()
    assert "Alex Morgan" in preview and "Anna" not in preview
    # as the customer gets it: the HTML part's paragraphs, not template code or tags
    assert page.locator("#preview-text").get_attribute("data-shown") == "html"
    assert page.locator("#preview-text > p").count() >= 3 and "<p>" not in preview
    page.get_by_label("How customers hear about the employee").select_option("still_works")
    expect(page.locator("#preview-text")).to_contain_text(
        "Anna still works on your account; for contact, I am here to help you for now."
    )
    page.screenshot(path=str(ARTIFACTS / "period-form-preview.png"), full_page=True)

    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/ui/periods/\d+$"))
    expect(page.get_by_text("The period was saved.")).to_be_visible()
    assert page.locator(".status").first.inner_text() == "scheduled"

    page.goto(f"{base}/ui/periods?from=2027-01-25&weeks=8")
    bars = page.locator("svg.timeline a.bar")
    assert bars.count() == 1
    assert bars.first.locator("text").text_content() == "Bob Jansen · scheduled"
    page.screenshot(path=str(ARTIFACTS / "periods-with-new.png"), full_page=True)
    # No CSP violations or script errors (a 422 answer or the favicon's 404 is fine).
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    (period,) = [p for p in services.repositories.periods.periods() if p.starts_at.year == 2027]
    assert period.notice["mention"] == "still_works"


def test_keyboard_users_reach_the_content_and_see_where_focus_is(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    base, token, _services = server
    page = browser.new_page(locale="nl-NL", extra_http_headers={"Accept-Language": "nl"})
    page.goto(f"{base}/ui/sign-in")
    page.get_by_label("API-token").fill(token)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ui/periods")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.inner_text() == "Naar de inhoud"
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def sign_in_as_lead(page: Any, base: str, token: str, target: str) -> None:
    page.goto(f"{base}{target}")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}{target}")


def test_a_team_lead_writes_a_contact_log_entry_checks_it_saves_it_and_sees_its_sync_status(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    base, token, services = server
    ARTIFACTS.mkdir(exist_ok=True)
    anna = next(
        p for p in services.repositories.periods.periods() if p.employee_email == "anna@example.com"
    )
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="en-GB")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in_as_lead(page, base, token, f"/ui/periods/{anna.id}")
    expect(page.get_by_text("No contact-log entries for this period yet.")).to_be_visible()

    page.get_by_role("link", name="New contact-log entry").click()
    page.wait_for_url(re.compile(r".*/contact-log/new$"))
    warning = page.get_by_text("No medical data: no diagnosis, symptoms, treatment")
    expect(warning).to_be_visible()
    page.get_by_label("Channel", exact=True).select_option(label="Phone")
    page.get_by_label("Outcome", exact=True).select_option(label="Reached")
    page.get_by_label("Purpose", exact=True).select_option(label="Return planning")
    page.get_by_label("Practical arrangement").check()
    summary = page.get_by_label("Summary", exact=True)
    summary.fill("Planned the next phase; Anna mentioned her doctor. Mail daan@example.org.")
    page.get_by_label("Agreement 1: what").fill("Own customers from 30 November")
    page.get_by_label("Agreement 1: who").fill("Anna")

    # "Check": the lint's answer without saving (the page stays, nothing is stored).
    page.get_by_role("button", name="Check").click()
    answer = page.locator("#check-answer")
    expect(answer).to_contain_text("Saving would be refused")
    expect(answer).to_contain_text("“doctor” is not allowed (care providers and appointments)")
    expect(answer).to_contain_text("Mail [redacted].")
    assert page.url.endswith("/contact-log/new")
    assert services.contact_log.log.entries(None) == []
    page.screenshot(path=str(ARTIFACTS / "contact-log-check-full.png"), full_page=True)
    # The warning, the summary and the answer (a sticky panel) in one laptop screen.
    page.evaluate("document.getElementById('h-medical').scrollIntoView({block: 'center'})")
    shot = ARTIFACTS / "contact-log-check.png"
    page.screenshot(path=str(shot))
    if os.environ.get("STANDIN_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "screenshot-contact-log.png")

    summary.fill("Planned the next phase: own customers first, escalations later.")
    page.get_by_role("button", name="Check").click()
    expect(answer).to_contain_text("Nothing would be refused.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf".*/ui/periods/{anna.id}#entry-.+$"))
    expect(page.get_by_text("The contact-log entry was saved.")).to_be_visible()
    (entry, _by), *_ = services.contact_log.log.entries(None)
    shown = page.locator(f"#entry-{entry.id}")
    expect(shown).to_contain_text("Return planning")
    expect(shown).to_contain_text("Own customers from 30 November — Anna")
    expect(shown.locator(".sync")).to_have_text(re.compile(r"bamboohr:\s+pending"))

    # A dead-lettered delivery says why and can be replayed with one button.
    (row,) = services.contact_log.log.outbox(None)
    services.contact_log.log.dead(row["id"], "bamboohr: no employee anna@example.com")
    page.reload()
    expect(shown.locator(".sync")).to_contain_text("dead-lettered")
    expect(shown).to_contain_text("Reason: bamboohr: no employee anna@example.com")
    page.screenshot(path=str(ARTIFACTS / "contact-log-entry.png"), full_page=True)
    shown.get_by_role("button", name="Replay").click()
    expect(page.get_by_text("The delivery to bamboohr is queued again.")).to_be_visible()
    expect(page.locator(f"#entry-{entry.id} .sync")).to_contain_text("pending")
    assert services.contact_log.log.outbox(None)[0]["status"] == "pending"
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []


AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"


def _pages(services: Any) -> dict[str, str]:
    anna = next(
        p for p in services.repositories.periods.periods() if p.employee_email == "anna@example.com"
    )
    return {
        "periods": "/ui/periods",
        "period": f"/ui/periods/{anna.id}",
        "new period": "/ui/periods/new",
        "change period": f"/ui/periods/{anna.id}/edit",
        "end period": f"/ui/periods/{anna.id}/end",
        "templates": "/ui/templates",
        "hand-back template": "/ui/templates?kind=handback",
        "contact log entry": f"/ui/periods/{anna.id}/contact-log/new",
        "contact procedure": f"/ui/periods/{anna.id}/contact-procedure",
        "data protection": "/ui/data-protection?employee=anna@example.com",
    }


def _axe_serious(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_every_page_fits_a_phone_and_has_no_serious_accessibility_violations(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    base, _token, services = server
    if not AXE.exists():
        skip_or_fail("axe-core is not installed: run .ci/browser-setup")
    admin = services.repositories.tokens.create_token("Admin", "admin", NOW)
    pages = _pages(services)
    problems: list[str] = []
    for width, lang in ((390, "nl"), (1366, "en")):
        context = browser.new_context(
            viewport={"width": width, "height": 844},
            locale=lang,
            extra_http_headers={"Accept-Language": lang},
            bypass_csp=True,  # only so that axe can be injected
        )
        page = context.new_page()
        page.goto(f"{base}/ui/sign-in")
        problems += [f"sign-in @{width}: {p}" for p in _axe_serious(page)]
        page.locator("#f-token").fill(admin)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/ui/periods")
        for name, path in pages.items():
            page.goto(f"{base}{path}")
            wide = sideways_scroll(page)
            if wide > 0:
                problems.append(f"{name} @{width}: scrolls sideways by {wide} px")
            problems += [f"{name} @{width}: {p}" for p in _axe_serious(page)]
            if width == 390:
                page.screenshot(
                    path=str(ARTIFACTS / f"phone-{name.replace(' ', '-')}.png"),
                    full_page=True,
                )
        context.close()
    assert problems == []


def signed_in_dutch(browser: Any, base: str, token: str, *, width: int, height: int) -> Any:
    """A new page of a Dutch team lead, signed in with ``token``, on the periods overview."""
    page = browser.new_page(
        viewport={"width": width, "height": height},
        locale="nl-NL",
        extra_http_headers={"Accept-Language": "nl"},
    )
    page.goto(f"{base}/ui/sign-in")
    page.get_by_label("API-token").fill(token)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ui/periods")
    return page


def test_a_dutch_team_lead_sees_every_phase_drawn_and_the_current_phase_on_the_period_page(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    """Also makes the README's Dutch pictures (STANDIN_UPDATE_SCREENSHOT=1)."""
    base, token, _services = server
    ARTIFACTS.mkdir(exist_ok=True)
    page = signed_in_dutch(browser, base, token, width=1366, height=900)

    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Herverdelingsperioden").count() == 1
    # Anna's period has three phases: each is drawn on the timeline
    assert page.locator("#h-timeline ~ div svg rect.phase").count() == 3
    shots = [("periods-nl.png", "screenshot-periods-nl.png")]
    page.screenshot(path=str(ARTIFACTS / shots[0][0]), full_page=True)

    page.goto(f"{base}/ui/periods/1")
    details = page.locator("dl").first.inner_text()
    assert "Nu" in details and "Volgende wijziging" in details
    assert page.locator("ol.phases li").count() == 3
    shots.append(("period-nl.png", "screenshot-period-nl.png"))
    page.screenshot(path=str(ARTIFACTS / shots[1][0]), full_page=True)
    if os.environ.get("STANDIN_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        for made, kept in shots:
            shutil.copyfile(ARTIFACTS / made, ROOT / "docs" / kept)


@pytest.fixture
def zammad_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A live server for a Zammad helpdesk ``desk`` (the local Zammad server behind it)."""
    from connector.config import parse_config
    from connector.mapping import credential_keys
    from tests.fake_zammad import FakeZammad

    zammad = FakeZammad()
    zammad.start()
    zammad.groups[4] = {"id": 4, "name": "Billing", "active": True}
    zammad.known_tags += ["vip", "invoice"]
    url = f"sqlite:///{tmp_path / 'standin.db'}"
    migrate(url)
    desk = {
        "vendor": "zammad",
        "url": zammad.url,
        "credentials": {"api_token": "zammad-token"},
        "webhook_secrets": ["zammad-secret"],
        "timezone": "Europe/Amsterdam",
        "locale": "nl",
    }
    config = parse_config(
        {"database_url": url, "helpdesks": {"desk": desk}}, credential_keys=credential_keys()
    )
    services = build_services(config, clock=FakeClock(NOW))
    token = services.repositories.tokens.create_token("Team lead", "team_lead", NOW)
    app = create_app(services=services, SECRET_KEY="browser-test-secret-key-0123456789abcdef")
    try:
        with served(app) as base:
            yield base, token
    finally:
        services.store.engine.dispose()
        zammad.stop()


def test_a_zammad_team_lead_is_offered_the_helpdesk_s_groups_and_tags_while_typing_the_scope(
    zammad_server: tuple[str, str],
    browser: Any,
) -> None:
    base, token = zammad_server
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in_as_lead(page, base, token, "/ui/periods/new?helpdesk=desk")
    groups = page.locator("#f-include-groups")
    groups.focus()
    offered = groups.evaluate(
        "el => Array.from(el.list.options).map(o => [o.value, o.label || o.text])"
    )
    tags = page.locator("#f-exclude-tags").evaluate(
        "el => Array.from(el.list.options).map(o => o.value)"
    )
    phase_groups = page.locator("#f-ph0-groups")
    phase_list = phase_groups.get_attribute("list") if phase_groups.count() else "dl-groups"
    groups.fill("4")
    wide = sideways_scroll(page)
    assert offered == [["3", "Users"], ["4", "Billing"]]
    assert tags == ["invoice", "vip"]
    assert phase_list == "dl-groups"
    assert wide <= 0


def test_a_team_lead_on_a_phone_sets_the_daily_word_with_the_keyboard_only(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    base, token, services = server
    anna = next(
        p for p in services.repositories.periods.periods() if p.employee_email == "anna@example.com"
    )
    page = signed_in_dutch(browser, base, token, width=390, height=844)
    page.goto(f"{base}/ui/periods/{anna.id}")
    page.locator("#dw-enabled").focus()  # where the section's form begins
    focus_path = []
    page.keyboard.press("Tab")  # the replacement's box
    focus_path.append(page.evaluate("document.activeElement.id"))
    page.keyboard.press("Space")  # untick: not to the replacement
    page.keyboard.press("Tab")  # the team lead's box
    page.keyboard.press("Tab")  # the hour
    focus_path.append(page.evaluate("document.activeElement.id"))
    for _ in range(6):  # 08:00 → 14:00
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # e-mail (the checked radio button)
    focus_path.append(page.evaluate("document.activeElement.id"))
    page.keyboard.press("Tab")  # the note's ticket
    page.keyboard.press("Tab")  # save
    focus_path.append(page.evaluate("document.activeElement.textContent.trim()"))
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    wide = sideways_scroll(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/ui/periods/\d+#h-daily-word$"))
    saved = page.locator("#dw-hour").input_value()
    page.screenshot(path=str(ARTIFACTS / "phone-daily-word-settings.png"), full_page=True)
    assert focus_path == [
        "dw-replacement",
        "dw-hour",
        "dw-email",
        "Instellingen van het dagbericht opslaan",
    ]
    assert outline == "solid"
    assert wide <= 0
    assert saved == "14"
    own = services.daily_word.period_settings(anna)["own"]
    assert (own["hour"], own["replacement"], own["team_lead"]) == (14, False, None)


def test_a_team_lead_sets_a_period_until_further_notice_and_sees_its_open_end(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    from playwright.sync_api import expect

    base, token, services = server
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 800}, locale="en-GB")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in_as_lead(page, base, token, "/ui/periods/new")
    page.get_by_label("Employee's agent e-mail").fill("anna@example.com")
    page.get_by_label("Replacement's agent e-mail").fill("bob@example.com")
    page.get_by_label("Start date").fill("2027-02-01")  # after Anna's current period
    end = page.get_by_label("End date (included)")
    assert end.is_enabled()
    page.get_by_label("Until further notice").check()
    assert end.is_disabled()  # the tick disables the end date
    page.get_by_label("Until further notice").uncheck()
    assert end.is_enabled()
    page.get_by_label("Until further notice").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/ui/periods/\d+$"))
    expect(page.get_by_text("The period was saved.")).to_be_visible()
    facts = page.locator("dl.facts").first.inner_text()
    assert "Until further notice" in facts
    expect(page.get_by_role("link", name="Set an end date")).to_be_visible()
    expect(page.get_by_role("link", name="End now")).to_be_visible()

    page.goto(f"{base}/ui/periods?from=2027-01-25&weeks=8")
    bar = page.locator("svg.timeline rect[data-open-end]")
    assert bar.count() == 1
    box = bar.bounding_box()
    svg = page.locator("svg.timeline").bounding_box()
    assert box is not None and svg is not None
    assert box["x"] + box["width"] >= svg["x"] + svg["width"] - 10  # to the right edge
    page.screenshot(path=str(ARTIFACTS / "periods-open-ended.png"), full_page=True)
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    (period,) = [p for p in services.repositories.periods.periods() if p.starts_at.year == 2027]
    assert period.ends_at is None
