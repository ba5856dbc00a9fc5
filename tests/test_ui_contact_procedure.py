"""The contact procedure on the period page (issue 21, item 4; Flask's test client): the next
contact due said kindly, the form to agree and change it, its errors next to each field."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.contact_log_support import add_period, hr_services
from tests.test_ui import csrf_of, field_error, sign_in

FORM = {
    "by_whom": "Chris Example",
    "every": "1",
    "unit": "weeks",
    "channel": "phone",
    "discussed": "Werkplanning",
    "not_discussed": "Vragen van collega's",
    "check_in_on": "",
}


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    svc = hr_services(db_url, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture
def period(services: Any) -> Any:
    return add_period(services)


@pytest.fixture
def lead(client: Any, tokens: dict[str, str]) -> Any:
    assert sign_in(client, tokens["team_lead"]).status_code == 303
    return client


def section(page: str) -> str:
    start = page.index('id="h-contact-procedure"')
    return page[start : page.index("</section>", start)]


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def save(lead: Any, period: Any, **changes: str) -> Any:
    url = f"/ui/periods/{period.id}/contact-procedure"
    token = csrf_of(lead.get(url).get_data(as_text=True))
    return lead.post(url, data={**FORM, **changes, "csrf_token": token})


def test_without_a_procedure_the_page_offers_to_agree_one(lead: Any, period: Any) -> None:
    part = section(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True))
    assert "No contact procedure agreed yet." in text_of(part)
    assert f'href="/ui/periods/{period.id}/contact-procedure"' in part


def test_a_lead_agrees_the_procedure_and_the_page_names_the_next_contact(
    lead: Any, period: Any, services: Any
) -> None:
    resp = save(lead, period)
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/ui/periods/{period.id}#h-contact-procedure")
    part = text_of(section(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)))
    assert "Next contact with Anna de Vries: Monday 30 November, by phone (Chris Example)." in part
    assert "Werkplanning" in part and "Change the contact procedure" in part
    (agreed,) = [e for e, _ in services.contact_log.log.entries(None) if e.is_automatic]
    assert agreed.summary.startswith("Contactprocedure afgesproken: Chris Example")


def test_a_missed_check_in_is_a_kind_note_without_alarm(
    client: Any, tokens: dict[str, str], period: Any, services: Any, clock: Any
) -> None:
    services.contact_procedures.save(period, {**FORM, "every": 1}, "token:lead", "")
    clock.advance(days=10)  # Thursday 3 December: Monday's check-in is not in the log
    assert sign_in(client, tokens["team_lead"]).status_code == 303
    part = section(client.get(f"/ui/periods/{period.id}").get_data(as_text=True))
    assert (
        "Contact procedure A check-in with Anna de Vries was planned for Monday 30 November. "
        "When it suits, note how it went in the contact log." in text_of(part)
    )
    assert 'class="contact-due gentle"' in part
    assert "error" not in part and "alert" not in part and "overdue" not in text_of(part)


def test_in_dutch_the_page_says_it_in_dutch(lead: Any, period: Any, clock: Any) -> None:
    save(lead, period)
    lead.set_cookie("standin_lang", "nl")
    part = text_of(section(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)))
    assert "Volgende contact met Anna de Vries: maandag 30 november, telefonisch" in part


def test_bad_input_is_named_next_to_its_field_and_nothing_is_saved(
    lead: Any, period: Any, services: Any
) -> None:
    resp = save(lead, period, every="0", check_in_on="2026-11-01", less_contact="yes")
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert field_error(page, "every") == "must be from 1 to 52"
    assert field_error(page, "check_in_on") == "must not be before today (2026-11-23)"
    assert services.contact_procedures.get(period) is None


def test_medical_words_are_refused_with_the_guards_sentence(
    lead: Any, period: Any, services: Any
) -> None:
    resp = save(lead, period, discussed="Haar burn-out")
    assert resp.status_code == 422
    assert "burn-out" in field_error(resp.get_data(as_text=True), "discussed")
    assert services.contact_procedures.get(period) is None


def test_a_viewer_sees_when_but_not_what_is_discussed_nor_the_form(
    client: Any, tokens: dict[str, str], period: Any, services: Any
) -> None:
    services.contact_procedures.save(period, {**FORM, "every": 1}, "token:lead", "")
    assert sign_in(client, tokens["viewer"]).status_code == 303
    part = section(client.get(f"/ui/periods/{period.id}").get_data(as_text=True))
    assert "Next contact with Anna de Vries" in text_of(part)
    assert "Werkplanning" not in part and "contact-procedure-edit" not in part
    assert client.get(f"/ui/periods/{period.id}/contact-procedure").status_code == 403


def test_the_form_is_prefilled_with_what_was_agreed(lead: Any, period: Any) -> None:
    save(lead, period, every="2", channel="video")
    page = lead.get(f"/ui/periods/{period.id}/contact-procedure").get_data(as_text=True)
    assert 'name="every" type="number" min="1" max="52" inputmode="numeric" value="2"' in page
    assert '<option value="video" selected>' in page


def test_left_empty_the_team_lead_makes_contact(lead: Any, period: Any) -> None:
    page = lead.get(f"/ui/periods/{period.id}/contact-procedure").get_data(as_text=True)
    assert 'name="by_whom" value=""' in page
    save(lead, period, by_whom="")
    part = text_of(section(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)))
    assert "Monday 30 November, by phone (the team lead)." in part
