"""The dry run on the period form in a real browser (Chromium via Playwright), in Dutch: the
"Check what will happen" button, reached by keyboard, shows what the start would do before
anything is saved; it fits a 390 px phone. With STANDIN_UPDATE_SCREENSHOT=1 the result is
written to docs/screenshot-dry-run.png (the README shows it)."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

from connector.adapters.store import migrate
from connector.web import create_app
from connector.wiring import build_services
from tests.conftest import make_config
from tests.support import FakeClock, served, sideways_scroll
from tests.test_ui_browser import (
    ARTIFACTS,
    BAMBOO_HR,
    NOW,
    ROOT,
    _agent_search,
)
from tests.zendesk_api import BASE, register_memberships, user

pytestmark = pytest.mark.browser


def _search_results() -> dict[str, Any]:
    def ticket(tid: int, requester: int, tags: list[str]) -> dict[str, Any]:
        return {
            "result_type": "ticket",
            "id": tid,
            "subject": f"Vraag {tid}",
            "status": "open",
            "priority": "normal",
            "assignee_id": 9001,
            "requester_id": requester,
            "group_id": 360001,
            "tags": tags,
            "via": {"channel": "email"},
        }

    results = [ticket(101, 7001, []), ticket(102, 7001, []), ticket(103, 7002, [])]
    results.append(ticket(104, 7002, ["standin_keep"]))
    return {"results": results, "count": len(results), "next_page": None}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    url = f"sqlite:///{tmp_path / 'standin.db'}"
    migrate(url)
    config = dataclasses.replace(make_config(url), hr=BAMBOO_HR)
    services = build_services(config, clock=FakeClock(NOW))
    token = services.repositories.tokens.create_token("Team lead", "team_lead", NOW)
    app = create_app(services=services, SECRET_KEY="browser-test-secret-key-0123456789abcdef")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(responses.GET, f"{BASE}/users/search.json", callback=_agent_search)
        rsps.get(f"{BASE}/search.json", json=_search_results())
        rsps.get(
            f"{BASE}/users/9002.json",
            json={"user": user(9002, "Bob Jansen", "bob@example.com", "agent")},
        )
        register_memberships(rsps)
        for uid, locale in ((7001, "nl"), (7002, "fr")):
            body = {"user": user(uid, f"Klant {uid}", f"k{uid}@example.org", "end-user", locale)}
            rsps.get(f"{BASE}/users/{uid}.json", json=body)
        try:
            with served(app) as base:
                yield base, token, services
        finally:
            services.store.engine.dispose()


def test_a_team_lead_checks_what_will_happen_before_saving_by_keyboard_on_a_phone(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    base, token, services = server
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page.context.add_cookies([{"name": "standin_lang", "value": "nl", "url": base}])
    page.goto(f"{base}/ui/sign-in")
    page.locator("#f-token").fill(token)
    page.locator("form button[type=submit]").first.click()
    page.goto(f"{base}/ui/periods/new")
    page.locator("#f-employee").fill("anna@example.com")
    page.locator("#f-replacement").fill("bob@example.com")
    page.locator("#f-starts").fill("2027-02-01")
    page.locator("#f-ends").fill("2027-02-28")
    button = page.get_by_role("button", name="Bekijk wat er gebeurt")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#dry-run")
    text = page.locator("#dry-run").inner_text()
    assert "Open tickets van de medewerker: 4" in text
    assert "Naar de vervanger: 3" in text
    assert "Blijven bij de medewerker: 1" in text
    assert "fr: 1" in text and "nl: 1" in text
    assert "Ja, de helpdesk heeft geen bezwaar gemeld." in text
    wide = sideways_scroll(page)
    assert wide <= 0, f"scrolls sideways by {wide} px"
    page.locator("#dry-run").scroll_into_view_if_needed()
    shot = ARTIFACTS / "dry-run.png"
    page.locator("#dry-run").screenshot(path=str(shot))
    if os.environ.get("STANDIN_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, ROOT / "docs" / "screenshot-dry-run.png")
    assert services.repositories.periods.periods() == []  # nothing was saved
