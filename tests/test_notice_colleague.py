"""A notice that names the colleague says only that they are temporarily not available.

domain.md rule 1: "if named, only 'temporarily not available', nothing more". The word lists
catch a reason in words they know; a team lead's own template can say something else about
the colleague in everyday words ("Robin is not doing well", "Robin heeft het even zwaar").
So a clause of a notice template that names the colleague (``{{ original_agent_first_name }}``)
must hold one of the period's mention sentences, whatever its other words; the hand-back,
which names them as the customer's contact again, is not judged this way.
"""

from __future__ import annotations

from typing import Any

import pytest

from connector.domain.notices import (
    LANGUAGES,
    VARIANTS,
    about_the_colleague,
    builtin_template,
    validate_notice_template,
    validate_template,
)
from connector.domain.privacy import Category, Rewrite
from connector.errors import PrivacyViolation

NAME = "{{ original_agent_first_name }}"
HELPS = "{{ replacement_name }} — {{ start_date }}."

SAYS_MORE = [
    (f"{HELPS} {NAME} is not doing well at the moment.", "en"),
    (f"{HELPS} {NAME} needs a few quiet weeks.", "en"),
    (f"{HELPS} {NAME} asked me to look after you.", "en"),
    (f"{HELPS} {NAME} heeft het even zwaar.", "nl"),
    (f"{HELPS} {NAME} neemt wat afstand.", "nl"),
    (f"{HELPS} {NAME} a besoin d'un peu de calme.", "fr"),
    (f"{HELPS} {NAME} ne va pas très bien.", "fr"),
    (f"{HELPS} {NAME} braucht gerade etwas Ruhe.", "de"),
    (f"{HELPS} {NAME} geht es nicht so gut.", "de"),
    # in HTML, split by markup
    (f"<p>{HELPS}</p><p>{NAME} needs <b>some quiet</b> weeks.</p>", "en"),
]


@pytest.mark.parametrize(("source", "lang"), SAYS_MORE)
def test_a_template_that_says_more_about_the_colleague_is_refused_whatever_its_words(
    source: str, lang: str
) -> None:
    with pytest.raises(PrivacyViolation) as caught:
        validate_template(source, lang, html=source.startswith("<"))
    [finding] = [f for f in caught.value.findings if f.category is Category.ABOUT_THE_COLLEAGUE]
    assert finding.rewrite is Rewrite.MENTION_ONLY
    assert finding.text.startswith("Robin ")  # the clause, with the sample name


@pytest.mark.parametrize(
    ("source", "lang"),
    [
        (f"{HELPS} {NAME} is temporarily not available.", "en"),
        (f"Hello, {NAME} is temporarily not available. {HELPS}", "en"),
        (f"{HELPS} {NAME} is tijdelijk niet beschikbaar.", "nl"),
        (f"{HELPS} {NAME} est temporairement indisponible.", "fr"),
        (f"{HELPS} {NAME} ist vorübergehend nicht erreichbar.", "de"),
        (f"{HELPS} {NAME} still works on your account; for contact, I am here to help.", "en"),
        (f"{HELPS} Ms Robinson from {{{{ company }}}} sends her regards.", "en"),  # no colleague
    ],
)
def test_the_mention_sentences_and_notices_without_the_colleague_are_accepted(
    source: str, lang: str
) -> None:
    validate_template(source, lang)


def test_the_hand_back_names_the_colleague_as_the_contact_again() -> None:
    source = f"From {{{{ start_date }}}}, {NAME} is your point of contact again."
    validate_template(source, "en", kind="handback")
    with pytest.raises(PrivacyViolation):
        validate_template(source, "en", kind="notice")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_built_in_notice_passes_the_check(lang: str, variant: str) -> None:
    validate_notice_template(builtin_template("notice", variant, lang))
    validate_notice_template(builtin_template("handback", variant, lang))


def test_a_clause_without_the_colleague_is_left_to_the_word_lists() -> None:
    assert about_the_colleague("Sam helps you from Monday. The weather is fine.", "en") == []


def test_the_api_refuses_it_in_the_users_language_naming_the_category(
    client: Any, auth: Any
) -> None:
    template = {
        "helpdesk": "acme",
        "lang": "nl",
        "subject": "Uw contactpersoon",
        "text": f"{{{{ replacement_name }}}} helpt u vanaf {{{{ start_date }}}}. {NAME} heeft het "
        "even zwaar.",
        "html": "<p>{{ replacement_name }} helpt u vanaf {{ start_date }}.</p>",
    }
    headers = auth() | {"Accept-Language": "nl"}
    refused = client.post("/api/v1/templates", json=template, headers=headers)
    assert refused.status_code == 422, refused.get_json()
    found = [
        f
        for part in refused.get_json()["error"]["findings"].values()
        for f in part
        if f["category"] == "about_the_colleague"
    ]
    assert [f["text"] for f in found] == ["Robin heeft het even zwaar"]
    assert found[0]["category_label"] == "meer over de collega dan dat die niet beschikbaar is"
    assert found[0]["suggestion"].startswith("Noemt het bericht de collega")
    template["text"] = template["text"].replace(
        "heeft het even zwaar", "is tijdelijk niet beschikbaar"
    )
    assert client.post("/api/v1/templates", json=template, headers=headers).status_code == 201
