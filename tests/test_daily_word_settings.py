"""The daily word's gaps (issue 21 item 3): every vendor links its tickets (HubSpot through the
account's portal id), a period's own send hour and recipients through the API, honoured by the
scheduler, and the settings form on the period page (saved, audited, refused field by field)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from markupsafe import escape

from connector.config import parse_config
from connector.domain.daily_word import Recipient
from connector.mapping import available_vendors, credential_keys, load_mapping
from connector.scheduler import Scheduler
from connector.web import create_app
from connector.web.i18n import COOKIE
from connector.wiring import Services
from tests.smtp_server import SmtpServer
from tests.support import FakeClock, build_test_services
from tests.test_assignment_refused import ZendeskDesk
from tests.test_lifecycle_vendors import START, HubSpotDesk, new_period, services_for, tick_at
from tests.test_notifications import DESK, LEAD, TEAM, create_period, smtp_config, text_of
from tests.test_ui import csrf_of, sign_in

PORTAL = "4455667"
MORNING = dt.datetime(2026, 12, 2, 7, 5, tzinfo=dt.UTC)  # 08:05 in Amsterdam


# -- a) every vendor links its tickets -----------------------------------------------------------
def test_every_vendor_s_mapping_links_a_ticket_once_its_account_is_configured() -> None:
    links = {
        v: load_mapping(v).ticket_url("https://desk.example.com", {"portal_id": PORTAL})
        for v in available_vendors()
    }
    assert links == {
        "freshdesk": "https://desk.example.com/a/tickets/{id}",
        "hubspot": f"https://app.hubspot.com/contacts/{PORTAL}/record/0-5/{{id}}",
        "rt": "https://desk.example.com/Ticket/Display.html?id={id}",
        "zammad": "https://desk.example.com/#ticket/zoom/{id}",
        "zendesk": "https://desk.example.com/agent/tickets/{id}",
    }


def test_a_hubspot_link_needs_the_portal_id_and_is_left_out_without_it() -> None:
    hubspot = load_mapping("hubspot")
    assert hubspot.ticket_url("https://api.hubapi.com") is None
    assert hubspot.ticket_url("https://api.hubapi.com", {"portal_id": " "}) is None


def test_an_eu_hosted_hubspot_account_links_to_its_own_ui_domain() -> None:
    settings = {"portal_id": PORTAL, "ui_domain": "app-eu1.hubspot.com"}
    assert load_mapping("hubspot").ticket_url("https://api.hubapi.com", settings) == (
        f"https://app-eu1.hubspot.com/contacts/{PORTAL}/record/0-5/{{id}}"
    )


class PortalHubSpot(HubSpotDesk):
    """HubSpot with the account's portal id configured (``credentials.portal_id``)."""

    def config(self) -> dict[str, Any]:
        config = super().config()
        return config | {"credentials": config["credentials"] | {"portal_id": PORTAL}}


@pytest.fixture
def hubspot() -> Iterator[PortalHubSpot]:
    desk = PortalHubSpot()
    desk.fake.start()
    yield desk
    desk.fake.stop()


def test_a_moved_hubspot_ticket_is_linked_in_the_daily_word_and_on_the_period_page(
    db_url: str, clock: FakeClock, sleeps: Any, hubspot: PortalHubSpot
) -> None:
    svc = services_for(db_url, clock, sleeps, hubspot)
    try:
        hubspot.add(1, "anna")
        period = new_period(svc)
        tick_at(svc, clock, START)
        link = f"https://app.hubspot.com/contacts/{PORTAL}/record/0-5/1"
        assert svc.daily_word is not None

        word = svc.daily_word.preview(period, Recipient.REPLACEMENT, START + dt.timedelta(hours=9))
        client = create_app(services=svc, TESTING=True).test_client()
        sign_in(client, svc.repositories.tokens.create_token("page-lead", "team_lead", clock()))
        page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)

        assert [i.url for s in word.sections for i in s.items if i.url] == [link]
        assert f'href="{escape(link)}"' in page
    finally:
        svc.store.engine.dispose()


# -- b) the send hour and the recipients per period, honoured by the scheduler --------------------
@pytest.fixture
def desk() -> Iterator[ZendeskDesk]:
    d = ZendeskDesk()
    d.fake.start()
    yield d
    d.fake.stop()


@pytest.fixture
def svc(
    db_url: str, clock: FakeClock, sleeps: Any, desk: ZendeskDesk, smtp: SmtpServer
) -> Iterator[Services]:
    helpdesk = {
        **desk.config(),
        "webhook_secrets": ["a-webhook-secret"],
        "timezone": "Europe/Amsterdam",
        "locale": "nl",
        "rate_limit_per_minute": 100_000,
        "team_lead_email": TEAM,
    }
    config = parse_config(
        {
            "database_url": db_url,
            "helpdesks": {DESK: helpdesk},
            "scheduler": {"daily_word": True},  # at the default hour, 08:00
        },
        credential_keys=credential_keys(),
    )
    services = build_test_services(
        dataclasses.replace(config, smtp=smtp_config(smtp.port)), clock, sleeps
    )
    yield services
    services.store.engine.dispose()


def _api(svc: Services, clock: FakeClock) -> tuple[Any, dict[str, str]]:
    client = create_app(services=svc, TESTING=True).test_client()
    token = svc.repositories.tokens.create_token("lead", "team_lead", clock())
    return client, {"Authorization": f"Bearer {token}"}


def _news(svc: Services, period: Any) -> None:
    """A ticket taken over this morning: the replacement has something to hear."""
    svc.repositories.audit.audit(
        MORNING - dt.timedelta(hours=3), DESK, "rerouted", period_id=period.id, ticket_id="42"
    )


def test_a_period_s_own_send_hour_is_set_through_the_api_and_the_scheduler_waits_for_it(
    svc: Services, smtp: SmtpServer, clock: FakeClock
) -> None:
    period = create_period(svc)
    _news(svc, period)
    client, auth = _api(svc, clock)
    url = f"/api/v1/periods/{period.id}/daily-word/settings"

    resp = client.put(url, json={"hour": 14}, headers=auth)
    scheduler = Scheduler(svc, owner="test")
    at_eight = scheduler.daily_word(MORNING)  # 08:05 local: the default hour, not this period's
    at_two = scheduler.daily_word(MORNING + dt.timedelta(hours=6))  # 14:05 local

    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["own"]["hour"] == 14
    assert resp.get_json()["effective"]["hour"] == 14
    assert at_eight == []
    assert at_two == ["daily word: sent: 2"]
    assert sorted(m["To"] for m in smtp.messages) == sorted(["bob@example.com", f"{LEAD}, {TEAM}"])
    audit = svc.repositories.audit.audit_records([DESK], period_id=period.id)
    changed = [r for r in audit if r["action"] == "daily_word_settings_changed"]
    assert [r["reason"] for r in changed] == ["hour=14"]


def test_without_a_period_hour_the_word_goes_at_the_configured_hour_as_before(
    svc: Services, smtp: SmtpServer
) -> None:
    period = create_period(svc)
    _news(svc, period)
    scheduler = Scheduler(svc, owner="test")

    assert scheduler.daily_word(MORNING - dt.timedelta(hours=1)) == []  # 07:05 local
    assert scheduler.daily_word(MORNING) == ["daily word: sent: 2"]


def test_a_recipient_turned_off_for_the_period_gets_nothing_the_other_still_does(
    svc: Services, smtp: SmtpServer, clock: FakeClock
) -> None:
    period = create_period(svc)
    _news(svc, period)
    client, auth = _api(svc, clock)
    url = f"/api/v1/periods/{period.id}/daily-word/settings"

    resp = client.put(url, json={"replacement": False}, headers=auth)
    sent = Scheduler(svc, owner="test").daily_word(MORNING)

    assert resp.get_json()["effective"]["replacement"] is False
    assert sent == ["daily word: sent: 1"]
    assert [m["To"] for m in smtp.messages] == [f"{LEAD}, {TEAM}"]
    assert "Stand van de periode" in text_of(smtp.messages[0])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hour": 24}, "hour"),
        ({"hour": -1}, "hour"),
        ({"hour": "8"}, "hour"),
        ({"hour": 8.5}, "hour"),
        ({"hour": True}, "hour"),
        ({"replacement": "no"}, "replacement"),
        ({"team_lead": 0}, "team_lead"),
    ],
)
def test_a_bad_hour_or_recipient_switch_is_422_naming_the_field_and_changes_nothing(
    svc: Services, clock: FakeClock, body: dict[str, Any], field: str
) -> None:
    period = create_period(svc)
    client, auth = _api(svc, clock)
    url = f"/api/v1/periods/{period.id}/daily-word/settings"

    resp = client.put(url, json=body, headers=auth)

    assert resp.status_code == 422
    assert list(resp.get_json()["error"]["fields"]) == [field]
    assert set(client.get(url, headers=auth).get_json()["own"].values()) == {None}


# -- c) the settings form on the period page -------------------------------------------------------
def _page(svc: Services, clock: FakeClock, role: str = "team_lead") -> Any:
    client = create_app(services=svc, TESTING=True).test_client()
    sign_in(client, svc.repositories.tokens.create_token(f"page-{role}", role, clock()))
    return client


def test_a_team_lead_sets_the_hour_a_recipient_and_the_note_channel_in_the_form_and_it_is_audited(
    svc: Services, clock: FakeClock
) -> None:
    period = create_period(svc)
    client = _page(svc, clock)
    page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert 'id="dw-hour"' in page and '<option value="8" selected>08:00</option>' in page
    form = {
        "csrf_token": csrf_of(page),
        "enabled": "on",
        "team_lead": "on",  # the replacement's box left unticked
        "hour": "14",
        "channel": "note",
        "note_ticket": "77",
    }

    resp = client.post(f"/ui/periods/{period.id}/daily-word", data=form)
    after = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)

    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/ui/periods/{period.id}#h-daily-word")
    assert svc.daily_word is not None
    assert svc.daily_word.period_settings(period)["own"] == {
        "enabled": None,  # the same as the configuration: kept as the default
        "lang": None,
        "note_ticket": "77",
        "hour": 14,
        "replacement": False,
        "team_lead": None,
    }
    assert '<option value="14" selected>14:00</option>' in after
    assert "As an internal note on ticket 77." in after
    assert "Not sent to the replacement for this period." in after
    assert "<h3>To the replacement</h3>" not in after
    audit = svc.repositories.audit.audit_records([DESK], period_id=period.id)
    changed = [r for r in audit if r["action"] == "daily_word_settings_changed"]
    assert len(changed) == 1 and changed[0]["actor"] == "token:page-team_lead"


def test_the_form_refuses_a_missing_note_ticket_next_to_its_field_in_dutch_and_saves_nothing(
    svc: Services, clock: FakeClock
) -> None:
    period = create_period(svc)
    client = _page(svc, clock)
    client.set_cookie(COOKIE, "nl")
    page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "hour": "99", "channel": "note", "note_ticket": ""}

    resp = client.post(f"/ui/periods/{period.id}/daily-word", data=form)
    text = resp.get_data(as_text=True)

    assert resp.status_code == 422
    assert re.search(r'id="e-hour">Kies een uur van 0 tot 23\.<', text)
    assert re.search(r'id="e-note_ticket">Geef het nummer van het ticket', text)
    assert 'aria-describedby="e-note_ticket"' in text
    assert svc.daily_word is not None
    assert set(svc.daily_word.period_settings(period)["own"].values()) == {None}
    audit = svc.repositories.audit.audit_records([DESK], period_id=period.id)
    assert "daily_word_settings_changed" not in [r["action"] for r in audit]


def test_a_viewer_sees_the_word_but_no_settings_form_and_may_not_post_one(
    svc: Services, clock: FakeClock
) -> None:
    period = create_period(svc)
    client = _page(svc, clock, "viewer")
    page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)

    resp = client.post(
        f"/ui/periods/{period.id}/daily-word",
        data={"csrf_token": csrf_of(page), "hour": "9", "channel": "email"},
    )

    assert "<h3>To the team lead</h3>" in page
    assert 'id="dw-hour"' not in page
    assert resp.status_code == 403
