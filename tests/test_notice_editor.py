"""The notice editor: a lead edits plain fields (no template code), sees the guard's refusals
next to the field, and every save is audited; the advanced mode keeps the template code."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from connector.domain.notices import LANGUAGES, VARIANTS, builtin_template, render_notice
from connector.domain.plain_notice import FIELDS, USUAL_CONTACT
from connector.wiring import Services
from tests.test_ui import csrf_of, field_error, lead  # noqa: F401  (the signed-in fixture)

START = dt.date(2026, 12, 4)
FIELDS_NL = {
    "subject": "Vanaf vandaag helpt {replacement_first_name} u",
    "greeting": "Beste {customer_name},",
    "greeting_no_name": "Goedendag,",
    "main": "Ik ben {replacement_first_name} en vanaf vandaag uw aanspreekpunt {until}.",
    "reach": "U bereikt mij via {contact}.",
    "reach_no_contact": "Reageer gewoon op dit bericht.",
    "closing": "Hartelijke groet,\n{replacement_name}",
}


def form(page: str, fields: dict[str, str], **extra: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_of(page),
        "helpdesk": "acme",
        "kind": "notice",
        "variant": "formal",
        "lang": "nl",
        "mode": "plain",
        "activate": "on",
        **{f"field.{k}": v for k, v in fields.items()},
        **extra,
    }


def test_every_built_in_notice_is_plain_fields_in_all_four_languages_and_passes_the_guard() -> None:
    for lang in LANGUAGES:
        for variant in VARIANTS:
            tpl = builtin_template("notice", variant, lang)
            assert tpl.fields is not None and set(tpl.fields) == set(FIELDS)
            notice = render_notice(tpl, {"replacement_name": "Sam Example", "start_date": START})
            assert "Sam" in notice.text and notice.html.startswith("<p>")


def test_the_editor_starts_from_the_built_in_notice_as_plain_fields_with_placeholder_buttons(
    lead: Any,  # noqa: F811
) -> None:
    page = html.unescape(lead.get("/ui/templates?helpdesk=acme&lang=nl").get_data(as_text=True))
    assert 'name="field.main"' in page and 'name="text"' not in page
    assert "Mijn naam is {replacement_first_name} en vanaf vandaag ben ik uw aanspreekpunt" in page
    for placeholder in ("{customer_name}", "{replacement_first_name}", "{until}", "{contact}"):
        assert f'data-insert="{placeholder}"' in page
    assert 'aria-current="page">Plain fields<' in page
    advanced = lead.get("/ui/templates?helpdesk=acme&lang=nl&mode=advanced").get_data(as_text=True)
    assert "{{ replacement_name }}" in html.unescape(advanced) and 'name="text"' in advanced


def test_a_lead_saves_plain_fields_and_the_next_notice_is_made_from_them_and_it_is_audited(
    lead: Any,  # noqa: F811
    services: Services,
) -> None:
    page = lead.get("/ui/templates?helpdesk=acme&lang=nl").get_data(as_text=True)
    resp = lead.post("/ui/templates", data=form(page, FIELDS_NL))
    assert resp.status_code == 303, resp.get_data(as_text=True)
    assert "mode=plain" in resp.headers["Location"]
    (saved,) = services.repositories.templates.templates(["acme"])
    assert (saved["version"], saved["active"], saved["fields"]) == (1, True, FIELDS_NL)
    tpl = services.notices.template("acme", "notice", "formal", "nl")
    assert tpl.fields == FIELDS_NL
    actions = [r["action"] for r in services.repositories.audit.audit_records(["acme"], limit=10)]
    assert sorted(actions) == ["template_activated", "template_saved"]
    page = html.unescape(lead.get(resp.headers["Location"]).get_data(as_text=True))
    assert "Ik ben {replacement_first_name} en vanaf vandaag uw aanspreekpunt {until}." in page
    assert "Ik ben Sam en vanaf vandaag uw aanspreekpunt tot en met" in page  # the preview


def test_a_reason_in_a_field_is_refused_next_to_that_field_in_dutch_and_nothing_is_saved(
    lead: Any,  # noqa: F811
    services: Services,
) -> None:
    page = lead.get("/ui/templates?helpdesk=acme&lang=nl").get_data(as_text=True)
    fields = FIELDS_NL | {"main": "Anna is met ziekteverlof, dus ik help u {until}."}
    resp = lead.post("/ui/templates", data=form(page, fields), headers={"Accept-Language": "nl"})
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert "ziekteverlof" in field_error(body, "field.main")
    assert 'id="e-field-subject"' not in body
    assert "Anna is met ziekteverlof" in body  # kept for correcting
    assert services.repositories.templates.templates(None) == []
    assert services.repositories.audit.audit_records(["acme"], limit=10) == []


def test_an_unknown_placeholder_or_an_empty_main_sentence_is_named_next_to_its_field(
    lead: Any,  # noqa: F811
) -> None:
    page = lead.get("/ui/templates?helpdesk=acme&lang=nl").get_data(as_text=True)
    fields = FIELDS_NL | {"greeting": "Beste {klant},", "main": " "}
    resp = lead.post("/ui/templates", data=form(page, fields))
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert "unknown placeholder {klant}" in field_error(body, "field.greeting")
    assert field_error(body, "field.main") == "required"


def test_the_api_takes_plain_fields_and_names_the_refused_field_with_its_findings(
    client: Any, auth: Any, services: Services
) -> None:
    base = {"helpdesk": "acme", "lang": "nl"}
    bad = FIELDS_NL | {"reach": "Ik ben er tijdens het herstel van Anna."}
    refused = client.post("/api/v1/templates", json=base | {"fields": bad}, headers=auth())
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert list(error["fields"]) == ["fields.reach"]
    assert error["findings"]["fields.reach"][0]["text"] == "herstel"
    ok = client.post("/api/v1/templates", json=base | {"fields": FIELDS_NL}, headers=auth())
    assert ok.status_code == 201
    assert (ok.get_json()["mode"], ok.get_json()["fields"]) == ("plain", FIELDS_NL)


def test_a_dutch_lead_reads_what_is_wrong_with_a_field_in_dutch(lead: Any) -> None:  # noqa: F811
    dutch = {"Accept-Language": "nl"}
    page = lead.get("/ui/templates?helpdesk=acme&lang=nl", headers=dutch).get_data(as_text=True)
    fields = FIELDS_NL | {"greeting": "Beste {klant},", "closing": ""}
    resp = lead.post("/ui/templates", data=form(page, fields), headers=dutch)
    body = resp.get_data(as_text=True)
    assert field_error(body, "field.greeting").startswith("onbekend invulwoord {klant}; gebruik")
    assert field_error(body, "field.closing") == "verplicht"


HANDBACK_NL = {
    "subject": "{usual_contact} helpt u weer",
    "greeting": "Beste {customer_name},",
    "greeting_no_name": "Goedendag,",
    "main": "Vanaf vandaag is {usual_contact} weer uw aanspreekpunt.",
    "reach": "U bereikt ons via {contact}.",
    "reach_no_contact": "Reageer gewoon op dit bericht.",
    "closing": "Met vriendelijke groet,\n{company}",
}


def test_every_built_in_hand_back_notice_is_plain_fields_that_name_nobody_unless_allowed() -> None:
    for lang in LANGUAGES:
        for variant in VARIANTS:
            tpl = builtin_template("handback", variant, lang)
            assert tpl.fields is not None and set(tpl.fields) == set(FIELDS)
            values = {"start_date": START, "original_agent_first_name": "Robin"}
            named = render_notice(tpl, values, name_original_agent=True)
            unnamed = render_notice(tpl, values)  # the period does not allow naming them
            assert "Robin" in named.subject and "Robin" in named.text and "Robin" in named.html
            fallback = USUAL_CONTACT[(lang, variant)]
            assert "Robin" not in unnamed.text + unnamed.html + unnamed.subject
            assert fallback in unnamed.text and fallback in unnamed.html
            assert "{" not in unnamed.text and unnamed.html.startswith("<p>")


def test_the_lead_edits_the_hand_back_notice_in_plain_fields_with_its_own_placeholders(
    lead: Any,  # noqa: F811
    services: Services,
) -> None:
    url = "/ui/templates?helpdesk=acme&lang=nl&kind=handback"
    page = html.unescape(lead.get(url).get_data(as_text=True))
    assert 'name="field.main"' in page and 'name="text"' not in page
    assert "Vanaf vandaag is {usual_contact} weer uw aanspreekpunt." in page
    assert 'data-insert="{usual_contact}"' in page and 'data-insert="{until}"' not in page
    # the sample preview: no period allows naming anyone, so the kind fallback
    assert "<p>Vanaf vandaag is uw vaste contactpersoon weer uw aanspreekpunt." in page
    assert 'data-shown="html"><p>Beste Alex Example,</p>' in page  # the HTML the customer gets
    resp = lead.post("/ui/templates", data=form(page, HANDBACK_NL, kind="handback"))
    assert resp.status_code == 303, resp.get_data(as_text=True)
    (saved,) = services.repositories.templates.templates(["acme"])
    assert (saved["kind"], saved["fields"]) == ("handback", HANDBACK_NL)
    (audited, _activated) = sorted(
        r["reason"] for r in services.repositories.audit.audit_records(["acme"], limit=10)
    )
    assert "handback/formal/nl version 1 (plain fields)" in audited
    page = html.unescape(lead.get(resp.headers["Location"]).get_data(as_text=True))
    assert "Uw vaste contactpersoon helpt u weer" in page  # a sentence's start: a capital


def test_a_hand_back_field_with_a_notice_only_placeholder_is_refused_naming_the_field(
    lead: Any,  # noqa: F811
    client: Any,
    auth: Any,
    services: Services,
) -> None:
    fields = HANDBACK_NL | {"main": "Vanaf vandaag helpt {replacement_first_name} u {until}."}
    body = {"helpdesk": "acme", "lang": "nl", "kind": "handback", "fields": fields}
    refused = client.post("/api/v1/templates", json=body, headers=auth())
    assert refused.status_code == 422
    (message,) = refused.get_json()["error"]["fields"]["fields.main"]
    assert message.startswith("unknown placeholder {replacement_first_name}, {until}; use ")
    assert "{usual_contact}" in message
    assert services.repositories.templates.templates(["acme"]) == []


def test_a_dutch_lead_reads_what_usual_contact_means_in_dutch(lead: Any) -> None:  # noqa: F811
    lead.set_cookie("standin_lang", "nl")
    url = "/ui/templates?helpdesk=acme&lang=nl&kind=handback"
    page = html.unescape(lead.get(url).get_data(as_text=True))
    assert "{usual_contact} is de voornaam van de medewerker, alleen als de periode" in page
    assert "de voornaam van de vaste contactpersoon, of „uw vaste contactpersoon”" in page
    assert "“Until …”" not in page and "„Tot en met …”" not in page  # the notice's hint only
