"""Refusals through the API: the same error shape, plus each word's category and a rewrite
in the language the request asks for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_config
from tests.contact_log_support import TEAM_LEAD, add_period, api_entry
from tests.support import build_test_services


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    config = make_config(db_url, team_leads=[TEAM_LEAD], company="Krank GmbH")
    svc = build_test_services(config, clock, sleeps)
    yield svc
    svc.store.engine.dispose()


def test_a_refused_template_names_word_category_and_rewrite_in_the_requested_language(
    client: Any, auth: Any
) -> None:
    resp = client.post(
        "/api/v1/templates",
        headers={**auth(), "Accept-Language": "fr-BE,fr;q=0.9"},
        json={
            "helpdesk": "acme",
            "lang": "fr",
            "subject": "Votre interlocuteur",
            "text": "{{ replacement_name }} vous aide pendant son arrêt maladie.",
        },
    )
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert "arret maladie" in " ".join(error["fields"]["template"])  # the shape stays
    # "pendant son arrêt" is refused too (arrêt alone is sick leave in Belgium and France)
    findings = {f["text"]: f for f in error["findings"]["template"]}
    assert set(findings) == {"pendant son arret", "arret maladie"}
    finding = findings["arret maladie"]
    assert finding["text"] == "arret maladie" and finding["written"] == "arrêt maladie"
    assert finding["category"] == "leave_absence" and finding["language"] == "fr"
    assert finding["rewrite"] == "rewrite.who_from_when"
    assert finding["message"] == (
        "« arrêt maladie » n'est pas autorisé (congé ou absence). Écrivez qui aide à partir de"
        " quand, par exemple : « Sam est votre interlocuteur à partir du 7 janvier. »"
    )


def test_a_template_naming_the_helpdesks_company_is_not_refused_for_that_name(
    client: Any, auth: Any, services: Any
) -> None:
    company = services.helpdesks["acme"].config.company
    assert company == "Krank GmbH"
    resp = client.post(
        "/api/v1/templates",
        headers=auth(),
        json={
            "helpdesk": "acme",
            "lang": "en",
            "subject": "Your contact",
            "text": f"{{{{ replacement_name }}}} of {company} helps you.",
        },
    )
    assert resp.status_code == 201, resp.get_json()


def test_a_refused_contact_log_entry_names_each_word_in_german(
    client: Any, auth: Any, services: Any
) -> None:
    add_period(services)
    body = api_entry(summary="Anna wirkte erschöpft und hat Rückenschmerzen.")
    headers = {**auth("team_lead"), "Accept-Language": "de"}
    resp = client.post("/api/v1/contact-log", json=body, headers=headers)
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["fields"]["summary"] == [
        "not allowed in the HR file: wirkte erschopft",
        "not allowed in the HR file: ruckenschmerzen",
    ]
    found = error["findings"]["summary"]
    assert [(f["written"], f["category"]) for f in found] == [
        ("wirkte erschöpft", "impressions_of_health"),
        ("Rückenschmerzen", "body_complaints"),
    ]
    assert found[0]["message"].startswith(
        "„wirkte erschöpft“ ist nicht erlaubt (Eindrücke zur Gesundheit). Schreiben Sie, was"
    )
    assert services.contact_log.log.entries(None) == []
