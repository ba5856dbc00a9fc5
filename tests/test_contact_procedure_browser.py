"""The contact procedure in a real browser (issue 21, item 4): a team lead agrees it with the
keyboard alone, the period page names the next contact kindly, and neither page scrolls
sideways on a 390 px phone or has a serious accessibility violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests import test_ui_browser
from tests.support import sideways_scroll, skip_or_fail
from tests.test_ui_browser import AXE, _axe_serious

server = test_ui_browser.server  # the same live server, lead token and periods

pytestmark = pytest.mark.browser


def anna_of(services: Any) -> Any:
    return next(
        p for p in services.repositories.periods.periods() if p.employee_email == "anna@example.com"
    )


def test_a_team_lead_agrees_the_contact_procedure_with_the_keyboard_on_a_phone(
    server: tuple[str, str, Any],
    browser: Any,
) -> None:
    base, token, services = server
    if not AXE.exists():
        skip_or_fail("axe-core is not installed: run .ci/browser-setup")
    anna = anna_of(services)
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en"},
        bypass_csp=True,  # only so that axe can be injected
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/ui/periods/{anna.id}")
    page.get_by_label("API token").fill(token)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ui/periods/{anna.id}")
    expect(page.locator("#contact-due")).to_have_text("No contact procedure agreed yet.")

    # Keyboard only: focus the link, follow it, fill the form field by field with Tab.
    page.locator("#contact-procedure-edit").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ui/periods/{anna.id}/contact-procedure")
    page.locator("#f-by_whom").focus()
    assert page.locator("#f-by_whom").input_value() == ""  # empty: the team lead
    page.keyboard.type("Chris Example")
    page.keyboard.press("Tab")  # how often
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Tab")  # days or weeks: weeks already
    page.keyboard.press("Tab")  # channel
    page.keyboard.press("ArrowDown")  # phone -> video call
    assert page.locator("#f-channel").input_value() == "video"
    page.keyboard.press("Tab")
    page.keyboard.type("Work planning and the return to routine tickets")
    page.keyboard.press("Tab")
    page.keyboard.type("Questions from colleagues")
    page.keyboard.press("Tab")  # less contact: leave it
    assert page.evaluate("document.activeElement.id") == "f-less_contact"
    wide = sideways_scroll(page)
    assert wide <= 0
    assert _axe_serious(page) == []
    page.get_by_role("button", name="Save the contact procedure").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ui/periods/{anna.id}#h-contact-procedure")

    expect(
        page.get_by_text("The contact procedure was saved and noted in the contact log.")
    ).to_be_visible()
    # 25 November + 2 weeks, in the lead's language, the way people say a day.
    expect(page.locator("#contact-due")).to_have_text(
        "Next contact with Anna de Vries: Wednesday 9 December, by video call (Chris Example)."
    )
    wide = sideways_scroll(page)
    assert wide <= 0
    assert _axe_serious(page) == []
    automatic = [e for e, _ in services.contact_log.log.entries(None) if e.is_automatic]
    # Recorded in the contact log in the helpdesk's language (Dutch for "acme").
    assert [e.summary.split(".")[0] for e in automatic] == [
        "Contactprocedure afgesproken: Chris Example neemt om de 2 weken contact op met "
        "Anna de Vries, via videogesprek"
    ]
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    context.close()
