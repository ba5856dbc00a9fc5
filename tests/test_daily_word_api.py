"""The daily word's preview through the API: the team lead's or the replacement's word today,
as JSON and rendered text, in the helpdesk's language; a wrong recipient is a 422 naming it."""

from __future__ import annotations

from typing import Any

from connector.web.openapi import openapi_document
from tests.test_periods_api import create


def test_the_preview_gives_the_team_leads_word_as_json_and_text(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = create(client, vendor, auth).get_json()
    resp = client.get(
        f"/api/v1/periods/{period['id']}/daily-word?recipient=team_lead", headers=auth("viewer")
    )
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["recipient"] == "team_lead"
    assert body["enabled"] is False  # scheduler.daily_word is off unless configured
    assert body["sections"][0]["items"][0]["text"] in body["text"]
    assert body["text"].startswith(body["greeting"])
    assert set(body) == set(
        openapi_document()["paths"]["/api/v1/periods/{period_id}/daily-word"]["get"]["responses"][
            "200"
        ]["content"]["application/json"]["schema"]["required"]
    )


def test_the_replacements_preview_says_when_nothing_is_new(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = create(client, vendor, auth).get_json()
    resp = client.get(
        f"/api/v1/periods/{period['id']}/daily-word?recipient=replacement", headers=auth()
    )
    assert resp.get_json()["has_news"] is False
    # in the helpdesk's language (the test helpdesk's locale is nl)
    assert resp.get_json()["lang"] == "nl"
    assert [s["title"] for s in resp.get_json()["sections"]] == ["Niets nieuws sinds gisteren."]


def test_an_unknown_recipient_is_422_naming_the_field(client: Any, vendor: Any, auth: Any) -> None:
    period = create(client, vendor, auth).get_json()
    resp = client.get(f"/api/v1/periods/{period['id']}/daily-word?recipient=hr", headers=auth())
    assert resp.status_code == 422
    assert resp.get_json()["error"]["fields"] == {"recipient": ["must be replacement or team_lead"]}


def test_an_unknown_period_is_404(client: Any, auth: Any) -> None:
    assert client.get("/api/v1/periods/999/daily-word", headers=auth()).status_code == 404


def test_the_period_page_shows_both_words_of_today(
    client: Any, tokens: dict[str, str], services: Any
) -> None:
    from tests.test_ui import seed, sign_in

    period = seed(services)
    sign_in(client, tokens["viewer"])
    page = client.get(f"/ui/periods/{period.id}").get_data(as_text=True)
    assert "To the replacement" in page and "To the team lead" in page
    assert "Off (scheduler.daily_word)" in page


def test_a_team_lead_turns_the_word_on_for_one_period_in_french_and_it_is_audited(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = create(client, vendor, auth).get_json()
    url = f"/api/v1/periods/{period['id']}/daily-word/settings"
    resp = client.put(url, json={"enabled": True, "lang": "fr"}, headers=auth())
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["own"] == {
        "enabled": True,
        "lang": "fr",
        "note_ticket": None,
        "hour": None,
        "replacement": None,
        "team_lead": None,
    }
    assert resp.get_json()["effective"]["enabled"] is True
    preview = client.get(f"/api/v1/periods/{period['id']}/daily-word", headers=auth()).get_json()
    assert preview["lang"] == "fr" and preview["enabled"] is True
    assert preview["sections"][0]["title"] == "État de la période"
    audit = client.get(f"/api/v1/audit?period_id={period['id']}", headers=auth()).get_json()
    assert "daily_word_settings_changed" in [r["action"] for r in audit["audit"]]
    # null: back to the default
    client.put(url, json={"lang": None}, headers=auth())
    assert client.get(url, headers=auth("viewer")).get_json()["own"]["lang"] is None


def test_bad_settings_are_422_naming_each_field_and_change_nothing(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = create(client, vendor, auth).get_json()
    url = f"/api/v1/periods/{period['id']}/daily-word/settings"
    bad = {
        "enabled": "yes",
        "lang": "xx",
        "note_ticket": " 5",
        "hour": 24,
        "team_lead": 1,
        "when": "08:00",
    }
    resp = client.put(url, json=bad, headers=auth())
    assert resp.status_code == 422
    assert set(resp.get_json()["error"]["fields"]) == set(bad)
    assert resp.get_json()["error"]["fields"]["hour"] == [
        "must be a whole hour from 0 to 23 (the period's time zone) or null"
    ]
    assert set(client.get(url, headers=auth()).get_json()["own"].values()) == {None}


def test_a_viewer_may_read_the_settings_but_not_change_them(
    client: Any, vendor: Any, auth: Any
) -> None:
    period = create(client, vendor, auth).get_json()
    url = f"/api/v1/periods/{period['id']}/daily-word/settings"
    assert client.get(url, headers=auth("viewer")).status_code == 200
    assert client.put(url, json={"enabled": True}, headers=auth("viewer")).status_code == 403
