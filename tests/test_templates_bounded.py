"""Notice templates are bounded: no template a team lead can type stalls the server.

A long filter chain, deep nesting or a huge tag count is refused (422 naming the template)
before Jinja parses or compiles it; the HTML part never keeps scripts or event handlers.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from connector.domain.notices import NoticeTemplate, render_notice, validate_template
from connector.errors import ValidationFailed
from connector.web import create_app
from tests.support import served, zendesk_headers, zendesk_ticket_created

# The template: about 1.2 KB, a single filter chain, far below the size limit.
LONG_CHAIN = "{{ replacement_name" + "|upper|lower" * 100 + " }} helps from {{ start_date }}."
NESTED_IFS = (
    "{% if replacement_name %}" * 200 + "x" + "{% endif %}" * 200 + "{{ replacement_name }}"
)
NESTED_PARENS = "{{ " + "(" * 300 + "replacement_name" + ")" * 300 + " }}{{ start_date }}"
NESTED_DEFAULTS = "{{ replacement_name" + "|d(replacement_name" * 40 + ")" * 40 + " }}"
PATHOLOGICAL = [LONG_CHAIN, NESTED_IFS, NESTED_PARENS, NESTED_DEFAULTS]


def body(part: str, source: str, helpdesk: str = "acme") -> dict[str, str]:
    return {
        "helpdesk": helpdesk,
        "lang": "en",
        "subject": "Your contact",
        "text": "{{ replacement_name }} helps you from {{ start_date }}.",
        "html": "<p>{{ replacement_name }} helps you from {{ start_date }}.</p>",
    } | {part: source}


@pytest.mark.parametrize("source", PATHOLOGICAL, ids=["chain", "ifs", "parens", "defaults"])
def test_a_pathological_template_is_refused_by_the_pure_check_in_a_blink(source: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ValidationFailed) as refused:
        validate_template(source, "en")
    elapsed = time.perf_counter() - started
    message = refused.value.fields["template"][0]
    assert "too complex" in message or "nested more than" in message
    assert elapsed < 5.0  # generous (shared CI); typically well under a millisecond


@pytest.mark.parametrize("part", ["subject", "text", "html"])
@pytest.mark.parametrize("source", PATHOLOGICAL, ids=["chain", "ifs", "parens", "defaults"])
def test_a_pathological_template_is_a_422_and_nothing_is_saved(
    client: Any, services: Any, auth: Any, source: str, part: str
) -> None:
    resp = client.post("/api/v1/templates", headers=auth(), json=body(part, source))
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert part in error["fields"]
    assert services.repositories.templates.templates(None) == []


def test_a_template_within_the_limits_is_still_saved(client: Any, services: Any, auth: Any) -> None:
    source = "{{ replacement_name|trim|title }} helps from {{ start_date|default('now') }}."
    resp = client.post("/api/v1/templates", headers=auth(), json=body("text", source))
    assert resp.status_code == 201
    assert len(services.repositories.templates.templates(None)) == 1


@pytest.mark.parametrize(
    "html",
    [
        "<p>{{ replacement_name }}</p><script>alert(1)</script>",
        '<p onclick="steal()">{{ replacement_name }}</p>',
        '<a href="javascript:steal()">{{ replacement_name }}</a>',
        "<p>{{ replacement_name }}</p><ScRiPt src=//evil.example/x.js></ScRiPt>",
    ],
)
def test_scripts_event_handlers_and_script_links_in_the_html_part_are_refused(
    client: Any, services: Any, auth: Any, html: str
) -> None:
    resp = client.post("/api/v1/templates", headers=auth(), json=body("html", html))
    assert resp.status_code == 422
    assert "html" in resp.get_json()["error"]["fields"]
    assert services.repositories.templates.templates(None) == []


def test_rendered_html_is_sanitised_even_when_a_value_carries_markup() -> None:
    import datetime as dt

    tpl = NoticeTemplate(
        "en",
        "Your contact",
        "{{ replacement_name }} helps you.",
        "<p>{{ replacement_name }} helps you.</p>{{ replacement_contact }}",
    )
    rendered = render_notice(
        tpl,
        {
            "replacement_name": "Sam",
            "start_date": dt.date(2030, 1, 7),
            "replacement_contact": "sam@example.com",
        },
    )
    assert rendered.html.startswith("<p>Sam helps you.</p>")
    assert "<script" not in rendered.html


def test_another_helpdesks_webhook_is_answered_while_eight_pathological_saves_run(
    services: Any, tokens: dict[str, str], clock: Any
) -> None:
    lead = {"Authorization": f"Bearer {tokens['team_lead']}"}

    def save(base: str) -> int:
        resp = requests.post(
            f"{base}/api/v1/templates", json=body("text", LONG_CHAIN), headers=lead, timeout=120
        )
        return resp.status_code

    def webhook(base: str) -> int:
        raw = zendesk_ticket_created(501, assignee=1, requester=2)
        headers = zendesk_headers(raw, "other-secret", clock()) | {
            "Content-Type": "application/json"
        }
        return requests.post(
            f"{base}/webhooks/other", data=raw, headers=headers, timeout=120
        ).status_code

    with served(create_app(services=services)) as base, ThreadPoolExecutor(max_workers=9) as pool:
        saves = [pool.submit(save, base) for _ in range(8)]
        answered = pool.submit(webhook, base)
        assert answered.result(timeout=120) == 202
        assert [f.result(timeout=120) for f in saves] == [422] * 8
    assert services.repositories.templates.templates(None) == []
