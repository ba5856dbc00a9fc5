"""The message catalogues (connector/translations): complete in nl, fr and de, in step with the
code (a new string without a translation fails here), and every page rendered in each language
shows none of the catalogue's English."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from connector import translations
from connector.domain.messages import Msg
from connector.web import i18n
from tests.contact_log_support import add_period, entry_data, hr_services
from tests.test_ui import FORM, csrf_of, sign_in
from tests.test_ui_contact_log import BAMBOO_HR
from tests.zendesk_api import register_agent_search

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "connector" / "translations" / "messages.pot"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]")


def read(path: Path) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp)


def key(message: Any) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def pot_keys() -> set[tuple[str | None, str]]:
    return {key(m) for m in read(POT) if m.id}


# --- the catalogues -------------------------------------------------------------------------


def test_extracting_the_code_finds_exactly_the_msgids_of_messages_pot() -> None:
    """Run ``pybabel extract`` (in-process, the same babel.cfg and keywords as the README):
    a string added to the code or a template without re-extracting fails here."""
    with (ROOT / "babel.cfg").open() as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    found = set()
    for _file, _line, msgid, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=translations.EXTRACT_KEYWORDS
    ):
        found.add((context, msgid if isinstance(msgid, str) else msgid[0]))
    assert len(found) > 400
    assert sorted(found - pot_keys(), key=str) == [], "new msgids: re-run pybabel extract"
    assert sorted(pot_keys() - found, key=str) == [], "msgids gone: re-run pybabel extract"


@pytest.mark.parametrize("lang", translations.CATALOGUES)
def test_every_msgid_has_a_translation_with_the_same_placeholders_and_none_is_fuzzy(
    lang: str,
) -> None:
    catalog = read(translations.po_path(lang))
    assert {key(m) for m in catalog if m.id} == pot_keys(), "update the .po from the .pot"
    untranslated, fuzzy, placeholders = [], [], []
    for m in catalog:
        if not m.id:
            continue
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if not all(s.strip() for s in strings):
            untranslated.append(m.id)
        if m.fuzzy:
            fuzzy.append(m.id)
        msgid = m.id if isinstance(m.id, str) else m.id[-1]
        expected = set(PLACEHOLDER.findall(msgid)) - {"%(num)s"}
        if any(not expected <= set(PLACEHOLDER.findall(s)) for s in strings):
            placeholders.append(m.id)
    assert (untranslated, fuzzy, placeholders) == ([], [], [])


def test_the_page_offers_dutch_french_german_and_english() -> None:
    assert list(i18n.LANGUAGE_NAMES) == ["nl", "fr", "de", "en"]
    assert [i18n.translate(lang, "Periods") for lang in ("nl", "fr", "de", "en")] == [
        "Perioden",
        "Périodes",
        "Zeiträume",
        "Periods",
    ]


def test_a_german_browser_gets_the_page_in_german_with_a_switch_to_the_other_three(
    client: Any,
) -> None:
    page = client.get("/ui/sign-in", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    text = page.get_data(as_text=True)
    assert '<html lang="de">' in text and translations.gettext("de", "Sign in") in text
    assert '<strong lang="de" aria-current="true">Deutsch</strong>' in text
    for code, name in (("nl", "Nederlands"), ("fr", "Français"), ("en", "English")):
        assert f'hreflang="{code}" href="/ui/lang/{code}?next=/ui/sign-in">{name}</a>' in text
    switched = client.get("/ui/lang/fr?next=/ui/sign-in")
    assert switched.headers["Set-Cookie"].startswith("standin_lang=fr;")
    again = client.get("/ui/sign-in", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="fr">' in again  # the chosen language wins over the browser's


def test_dates_and_numbers_are_formatted_for_the_locale_in_the_given_time_zone() -> None:
    moment = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)  # 1 December in Amsterdam
    shown = [
        translations.format_moment(lang, moment, "Europe/Amsterdam")
        for lang in ["nl", "fr", "de", "en"]
    ]
    assert shown == [
        "1 december 2026 00:00",
        "1 décembre 2026 00:00",
        "1. Dezember 2026 00:00",
        "1 December 2026 00:00",
    ]
    assert translations.format_number("de", 1234567) == "1.234.567"


def test_plural_forms_follow_the_count() -> None:
    ngettext = translations.plural_translator("de")
    one = ngettext("%(num)s customer notice sent.", "%(num)s customer notices sent.", 1)
    two = ngettext("%(num)s customer notice sent.", "%(num)s customer notices sent.", 2)
    assert one != two and "%(num)s" in two


# --- every page, in each language ----------------------------------------------------------


def english_phrases() -> list[str]:
    """The catalogue's English that a translated page must not show: each msgid's literal
    parts of three words or more (placeholders cut out), when some language translates it."""
    phrases: set[str] = set()
    for m in read(POT):
        if not m.id or m.context:
            continue
        for msgid in [m.id] if isinstance(m.id, str) else list(m.id):
            if all(translations.gettext(lang, msgid) == msgid for lang in ("nl", "fr", "de")):
                continue
            for part in PLACEHOLDER.split(msgid):
                part = part.strip(" .,;:()“”\"'")
                if len(part.split()) >= 3:
                    phrases.add(part)
    return sorted(phrases)


@pytest.fixture
def services(db_url: str, clock: Any, sleeps: Any) -> Iterator[Any]:
    svc = hr_services(db_url, clock, sleeps, BAMBOO_HR)
    yield svc
    svc.store.engine.dispose()


def pages(client: Any, tokens: dict[str, str], services: Any, vendor: Any) -> dict[str, str]:
    """Every page a person reads, in the language the cookie names (as HTML)."""
    shown: dict[str, str] = {}
    shown["sign-in"] = client.get("/ui/sign-in").get_data(as_text=True)
    assert sign_in(client, tokens["admin"]).status_code == 303
    period = add_period(services)
    services.contact_log.create(entry_data(), "token:lead")
    for name, url in {
        "periods": "/ui/periods",
        "new period": "/ui/periods/new",
        "period": f"/ui/periods/{period.id}",
        "edit period": f"/ui/periods/{period.id}/edit",
        "end period": f"/ui/periods/{period.id}/end",
        "templates": "/ui/templates?helpdesk=acme&lang=nl",
        "templates, plain fields": "/ui/templates?helpdesk=acme&lang=nl&mode=plain",
        "templates, template code": "/ui/templates?helpdesk=acme&lang=nl&mode=advanced",
        "contact procedure": f"/ui/periods/{period.id}/contact-procedure",
        "contact log form": f"/ui/periods/{period.id}/contact-log/new",
        "data protection": "/ui/data-protection?employee=anna@example.com",
        "not found": "/ui/periods/987654",
    }.items():
        resp = client.get(url)
        assert resp.status_code in (200, 404), (name, resp.status_code)
        shown[name] = resp.get_data(as_text=True)
    for email in ("anna@example.com", "bob@example.com"):
        register_agent_search(vendor, email)
    refused = client.post(
        "/ui/periods/new",
        data={
            **FORM,
            "starts_at": "2026-12-10",
            "ends_at": "2026-12-01",
            "csrf_token": csrf_of(shown["new period"]),
        },
    )
    assert refused.status_code == 422
    shown["field errors"] = refused.get_data(as_text=True)
    return shown


@pytest.mark.parametrize("lang", translations.CATALOGUES)
def test_every_page_in_each_language_shows_none_of_the_catalogues_english(
    lang: str, client: Any, tokens: dict[str, str], services: Any, vendor: Any
) -> None:
    client.set_cookie(i18n.COOKIE, lang, path="/ui")
    phrases = english_phrases()
    assert len(phrases) > 100
    shown = pages(client, tokens, services, vendor)
    english = {
        name: [p for p in phrases if p in html.unescape(page)] for name, page in shown.items()
    }
    assert {name: found for name, found in english.items() if found} == {}
    assert all(f'<html lang="{lang}">' in page for page in shown.values())
    # the domain's messages are translated too, their dates formatted for the locale
    refused = html.unescape(shown["field errors"])
    assert translations.gettext(lang, "must be after starts_at") in refused  # issue 17
    overlap = translations.gettext(
        lang,
        "overlaps period %(id)s of the same employee (%(start)s to %(end)s); "
        "overlapping periods need disjoint scopes",
    )
    assert overlap.split("%(start)s")[0] % {"id": 1} in refused
    assert translations.format_day(lang, dt.date(2026, 11, 16)) in refused
    assert "T23:00" not in refused
    not_found = translations.say(lang, Msg("no period %(period_id)s", period_id=987654))
    assert not_found != "no period 987654" and not_found in html.unescape(shown["not found"])


def test_the_api_gives_field_errors_in_the_requests_language(
    client: Any, auth: Any, vendor: Any
) -> None:
    for email in ("anna@example.com", "bob@example.com"):
        register_agent_search(vendor, email)
    body = {
        "helpdesk": "acme",
        "employee": "anna@example.com",
        "replacement": "bob@example.com",
        "starts_at": "2026-12-10",
        "ends_at": "2026-12-01",
    }
    answers = {}
    for lang in ("de", "fr", "en"):
        resp = client.post(
            "/api/v1/periods", json=body, headers={**auth(), "Accept-Language": lang}
        )
        assert resp.status_code == 422
        error = resp.get_json()["error"]
        assert error["code"] == "validation_failed"  # the same in every language
        answers[lang] = (error["message"], error["fields"]["ends_at"])
    assert answers["en"] == ("validation failed", ["must be after starts_at"])
    assert answers["de"] == (
        translations.gettext("de", "validation failed"),
        [translations.gettext("de", "must be after starts_at")],
    )
    assert answers["de"] != answers["en"] != answers["fr"]


def test_the_english_check_finds_english_on_an_english_page(
    client: Any, tokens: dict[str, str], services: Any, vendor: Any
) -> None:
    """The check above can fail: in English the same pages show many of the phrases."""
    client.set_cookie(i18n.COOKIE, "en", path="/ui")
    shown = pages(client, tokens, services, vendor)
    phrases = english_phrases()
    found = {p for page in shown.values() for p in phrases if p in html.unescape(page)}
    assert len(found) > 50
    assert "Please correct the fields marked below" in found


def test_marshmallows_formatted_messages_are_said_by_their_template() -> None:
    assert i18n.say("nl", "Must be one of: formal, informal.") == (
        "Moet een van deze zijn: formal, informal."
    )
    assert i18n.say("de", "Length must be between 1 and 200.") == (
        translations.gettext("de", "Length must be between %(min)s and %(max)s.")
        % {"min": "1", "max": "200"}
    )
    assert i18n.say("fr", "not a message anyone wrote") == "not a message anyone wrote"
