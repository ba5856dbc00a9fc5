"""A team lead limited to some helpdesks cannot save a template for another one, anywhere."""

from __future__ import annotations

from typing import Any

from tests.test_ui import csrf_of, sign_in

FORM = {
    "kind": "notice",
    "variant": "formal",
    "lang": "en",
    "subject": "Your contact",
    "text": "{{ replacement_name }} helps you from {{ start_date }}.",
    "html": "<p>{{ replacement_name }} helps you from {{ start_date }}.</p>",
}


def test_saving_a_template_on_the_page_for_a_helpdesk_the_lead_may_not_use_is_403(
    client: Any, services: Any, tokens: dict[str, str]
) -> None:
    assert sign_in(client, tokens["acme_lead"]).status_code == 303
    page = client.get("/ui/templates?helpdesk=acme").get_data(as_text=True)
    resp = client.post(
        "/ui/templates", data={**FORM, "helpdesk": "other", "csrf_token": csrf_of(page)}
    )
    assert resp.status_code == 403
    assert "other" in resp.get_data(as_text=True)
    assert services.repositories.templates.templates(None) == []


def test_saving_a_template_on_the_page_for_no_helpdesk_is_403_not_a_fallback(
    client: Any, services: Any, tokens: dict[str, str]
) -> None:
    assert sign_in(client, tokens["acme_lead"]).status_code == 303
    page = client.get("/ui/templates").get_data(as_text=True)
    resp = client.post("/ui/templates", data={**FORM, "csrf_token": csrf_of(page)})
    assert resp.status_code == 403
    assert services.repositories.templates.templates(None) == []


def test_the_page_still_saves_for_the_leads_own_helpdesk(
    client: Any, services: Any, tokens: dict[str, str]
) -> None:
    assert sign_in(client, tokens["acme_lead"]).status_code == 303
    page = client.get("/ui/templates?helpdesk=acme").get_data(as_text=True)
    resp = client.post(
        "/ui/templates", data={**FORM, "helpdesk": "acme", "csrf_token": csrf_of(page)}
    )
    assert resp.status_code == 303
    assert [t["helpdesk"] for t in services.repositories.templates.templates(None)] == ["acme"]


def test_saving_a_template_through_the_api_for_a_helpdesk_the_lead_may_not_use_is_403(
    client: Any, services: Any, auth: Any
) -> None:
    resp = client.post(
        "/api/v1/templates", headers=auth("acme_lead"), json={**FORM, "helpdesk": "other"}
    )
    assert resp.status_code == 403
    assert services.repositories.templates.templates(None) == []
