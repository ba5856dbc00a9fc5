"""The notice editor in a real browser (Chromium, Playwright), in Dutch: a lead edits plain
fields with the keyboard, inserts a placeholder with a button, sees the guard's refusal next
to the field, saves; the page fits a phone and has no serious accessibility violation.

Makes docs/screenshot-notice-editor-nl.png (with STANDIN_UPDATE_SCREENSHOT=1, like the
other README pictures).
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

from tests.support import sideways_scroll, skip_or_fail
from tests.test_ui_browser import (
    ARTIFACTS,
    AXE,
    ROOT,
    _axe_serious,
    server,  # noqa: F401  (the live server fixture)
)

pytestmark = pytest.mark.browser

EDITOR = "/ui/templates?helpdesk=acme&kind=notice&variant=formal&lang=nl"


def test_a_dutch_lead_edits_the_notice_in_plain_fields_with_the_keyboard_and_saves_it(
    server: tuple[str, str, Any],  # noqa: F811
    browser: Any,
) -> None:
    base, token, services = server
    if not AXE.exists():
        skip_or_fail("axe-core is not installed: run .ci/browser-setup")
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1366, "height": 1000},
        locale="nl-NL",
        extra_http_headers={"Accept-Language": "nl"},
        bypass_csp=True,  # only so that axe can be injected
    )
    page = context.new_page()
    page.goto(f"{base}/ui/sign-in")
    page.get_by_label("API-token").fill(token)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ui/periods")
    page.goto(f"{base}{EDITOR}")

    assert page.get_by_role("link", name="Gewone velden").get_attribute("aria-current") == "page"
    main = page.get_by_label("Hoofdzin")
    assert "vanaf vandaag ben ik uw aanspreekpunt {until}" in main.input_value()
    shot = ARTIFACTS / "notice-editor-nl.png"
    page.screenshot(path=str(shot), full_page=True)
    assert _axe_serious(page) == []

    # keyboard only: into the closing, then Shift+Tab back up to a placeholder button
    closing = page.get_by_label("Afsluiting")
    closing.focus()
    page.keyboard.press("End")
    page.keyboard.press("Control+End")
    page.keyboard.type("\n")
    page.get_by_role("button", name="{company}").focus()
    page.keyboard.press("Enter")
    assert closing.input_value().endswith("\n{company}")

    # a reason in the main sentence: refused next to it, in Dutch, nothing saved
    main.fill("Anna is met ziekteverlof; ik help u {until}.")
    page.get_by_role("button", name="Nieuwe versie opslaan").press("Enter")
    page.wait_for_load_state()
    error = page.locator("#e-field-main")
    assert "ziekteverlof" in error.inner_text()
    assert "e-field-main" in (page.get_by_label("Hoofdzin").get_attribute("aria-describedby") or "")
    assert services.repositories.templates.templates(None) == []
    assert _axe_serious(page) == []
    page.screenshot(path=str(ARTIFACTS / "notice-editor-refused-nl.png"), full_page=True)

    page.get_by_label("Hoofdzin").fill(
        "Ik ben {replacement_first_name} en vanaf vandaag uw aanspreekpunt {until}."
    )
    page.get_by_role("button", name="Nieuwe versie opslaan").press("Enter")
    page.wait_for_load_state()
    assert "Versie 1 is opgeslagen." in page.content()
    (saved,) = services.repositories.templates.templates(["acme"])
    assert saved["fields"]["closing"].endswith("{company}") and saved["active"]

    # on a phone: no sideways scrolling, in either mode
    page.set_viewport_size({"width": 390, "height": 844})
    for mode in ("plain", "advanced"):
        page.goto(f"{base}{EDITOR}&mode={mode}")
        assert sideways_scroll(page) == 0, mode
        assert _axe_serious(page) == [], mode
    page.screenshot(path=str(ARTIFACTS / "phone-notice-editor-nl.png"), full_page=True)
    if os.environ.get("STANDIN_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "screenshot-notice-editor-nl.png")
    context.close()
