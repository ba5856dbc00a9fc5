"""Open-ended periods on the team lead's page: the form's "until further notice", the list,
the period page's "set an end date" and "end now", and the timeline's open end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from typing import Any

import pytest

from connector.wiring import Services
from tests.test_ui import FORM, csrf_of, field_error, new_period_form, seed, sign_in
from tests.zendesk_api import register_agent_search

UTC = dt.UTC


@pytest.fixture
def lead(client: Any, tokens: dict[str, str]) -> Any:
    assert sign_in(client, tokens["team_lead"]).status_code == 303
    return client


def open_seed(services: Services) -> Any:
    """Anna's period from 16 November 2026, until further notice."""
    period = seed(services)
    return services.repositories.periods.save_period(
        dataclasses.replace(period, ends_at=None), period.starts_at
    )


def test_ticking_until_further_notice_saves_a_period_without_an_end(
    lead: Any, vendor: Any, services: Services
) -> None:
    page, csrf = new_period_form(lead)
    assert 'id="f-open" name="open_ended" type="checkbox"' in page
    for email in ("anna@example.com", "bob@example.com"):
        register_agent_search(vendor, email)
    # The browser does not post a disabled end date; the tick says why there is none.
    form = {k: v for k, v in FORM.items() if k != "ends_at"}
    resp = lead.post("/ui/periods/new", data={**form, "open_ended": "on", "csrf_token": csrf})
    assert resp.status_code == 303, field_error(resp.get_data(as_text=True), "ends_at")
    (period,) = services.repositories.periods.periods()
    assert period.ends_at is None and period.open_ended


def test_neither_an_end_date_nor_the_tick_is_named_next_to_the_end_date(
    lead: Any, services: Services
) -> None:
    _, csrf = new_period_form(lead)
    resp = lead.post("/ui/periods/new", data={**FORM, "ends_at": "", "csrf_token": csrf})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert field_error(page, "ends_at") == "Give an end date or tick until further notice."
    assert services.repositories.periods.periods() == []


def test_the_list_and_the_period_page_say_until_further_notice_and_offer_a_date_and_end_now(
    lead: Any, services: Services
) -> None:
    period = open_seed(services)
    listing = lead.get("/ui/periods?helpdesk=acme").get_data(as_text=True)
    assert "<td>16 November 2026</td><td>Until further notice</td>" in listing
    detail = html.unescape(lead.get(f"/ui/periods/{period.id}").get_data(as_text=True))
    assert "<dd>Until further notice</dd>" in detail
    assert f'href="/ui/periods/{period.id}/edit#f-ends">Set an end date</a>' in detail
    assert f'href="/ui/periods/{period.id}/end">End now</a>' in detail
    assert "End early" not in detail  # there is no planned end to be early for
    dutch = lead.get(f"/ui/periods/{period.id}", headers={"Accept-Language": "nl"})
    text = html.unescape(dutch.get_data(as_text=True))
    assert "<dd>Tot nader bericht</dd>" in text and ">Nu beëindigen</a>" in text


def test_the_timeline_draws_an_open_end_to_the_right_edge_fading_out(
    lead: Any, services: Services
) -> None:
    period = open_seed(services)
    page = lead.get("/ui/periods?helpdesk=acme&from=2026-11-09&weeks=8").get_data(as_text=True)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'mask="url(#open-end)" data-open-end="true"' in svg
    assert "16 November 2026 – until further notice (active)" in html.unescape(svg)
    bar_start = svg.index(f'href="/ui/periods/{period.id}"')
    rect = svg[svg.index("<rect", bar_start) :]
    x = float(rect.split('x="')[1].split('"')[0])
    width = float(rect.split('width="')[1].split('"')[0])
    picture_width = float(svg.split('width="')[1].split('"')[0])
    assert x + width >= picture_width - 8 - 0.5  # to the last week's right edge


def test_a_lead_gives_an_open_period_an_end_date_through_the_form(
    lead: Any, services: Services
) -> None:
    period = open_seed(services)
    page = lead.get(f"/ui/periods/{period.id}/edit").get_data(as_text=True)
    assert (
        'name="open_ended" type="checkbox" aria-controls="f-ends" aria-describedby="h-open" checked'
        in page
    )
    assert 'name="ends_at" type="date" value="" disabled' in page
    resp = lead.post(
        f"/ui/periods/{period.id}/edit",
        data={
            **FORM,
            "starts_at": "2026-11-16",
            "ends_at": "2027-01-31",
            "csrf_token": csrf_of(page),
        },
    )
    assert resp.status_code == 303, resp.get_data(as_text=True)
    dated = services.repositories.periods.get_period(period.id)
    assert dated is not None and dated.ends_at == dt.datetime(2027, 1, 31, 23, tzinfo=UTC)
    (row,) = [
        r
        for r in services.repositories.audit.audit_records(None, period_id=period.id)
        if r["action"] == "period_changed"
    ]
    assert row["reason"].startswith("ends_at changed: until further notice → 2027-01-31T23:00")


def test_end_now_asks_first_then_ends_the_open_period(
    lead: Any, services: Services, clock: Any
) -> None:
    period = open_seed(services)
    page = lead.get(f"/ui/periods/{period.id}/end").get_data(as_text=True)
    assert f"<h1>End period {period.id} now?</h1>" in page
    resp = lead.post(f"/ui/periods/{period.id}/end", data={"csrf_token": csrf_of(page)})
    assert resp.status_code == 303
    ended = services.repositories.periods.get_period(period.id)
    assert ended is not None and ended.ended_early_at == clock() and not ended.open_ended
    detail = lead.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert "<dt>Ended at</dt>" in detail and "Ended early at" not in detail


def test_ticking_until_further_notice_on_a_dated_period_takes_its_end_away(
    lead: Any, services: Services
) -> None:
    period = seed(services)
    page = lead.get(f"/ui/periods/{period.id}/edit").get_data(as_text=True)
    form = {**FORM, "starts_at": "2026-11-16", "open_ended": "on", "csrf_token": csrf_of(page)}
    form.pop("ends_at")  # disabled in the browser, so not posted
    resp = lead.post(f"/ui/periods/{period.id}/edit", data=form)
    assert resp.status_code == 303, resp.get_data(as_text=True)
    saved = services.repositories.periods.get_period(period.id)
    assert saved is not None and saved.ends_at is None
