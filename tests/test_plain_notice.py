"""Plain fields → one notice: the generator, not the lead, handles the conditional pieces."""

from __future__ import annotations

import datetime as dt

import pytest

from connector.domain.notices import builtin_template, render_notice
from connector.domain.plain_notice import compose, field_problems
from connector.errors import PrivacyViolation

START = dt.date(2026, 12, 4)
FIELDS = {
    "subject": "Vanaf vandaag: {replacement_name}",
    "greeting": "Beste {customer_name},",
    "greeting_no_name": "Goedendag,",
    "main": "Ik ben {replacement_first_name}, uw aanspreekpunt {until}.",
    "reach": "Bel mij: {contact}.",
    "reach_no_contact": "Reageer op dit bericht.",
    "closing": "Groet,\n{replacement_name}\n{company}",
}


def test_without_a_customer_name_end_date_or_contact_the_generator_picks_the_other_wording() -> (
    None
):
    context = {"replacement_name": "Sam de Vries", "replacement_first_name": "Sam"}
    subject, text, html = compose(FIELDS, context, "nl", "formal")
    assert subject == "Vanaf vandaag: Sam de Vries"
    assert text == (
        "Goedendag,\n\nIk ben Sam, uw aanspreekpunt tot nader bericht.\n\n"
        "Reageer op dit bericht.\n\nGroet,\nSam de Vries"
    )
    assert html.count("<p>") == 4 and "<br>" in html


def test_with_every_value_the_greeting_end_date_contact_and_company_are_filled_in() -> None:
    context = {
        "customer_name": "Noor",
        "replacement_name": "Sam de Vries",
        "replacement_first_name": "Sam",
        "end_date": "31 januari 2027",
        "replacement_contact": "020 123 4567",
        "company": "Acme",
    }
    _subject, text, html = compose(FIELDS, context, "nl", "formal")
    assert text == (
        "Beste Noor,\n\nIk ben Sam, uw aanspreekpunt tot en met 31 januari 2027.\n\n"
        "Bel mij: 020 123 4567.\n\nGroet,\nSam de Vries\nAcme"
    )
    assert html.endswith("<p>Groet,<br>Sam de Vries<br>Acme</p>")


@pytest.mark.parametrize(
    ("mention", "lang", "variant", "sentence"),
    [
        ("unavailable", "nl", "formal", "Robin is tijdelijk niet beschikbaar."),
        ("still_works", "nl", "informal", "Robin werkt nog steeds aan je dossier;"),
        ("still_works", "fr", "formal", "Robin continue de suivre votre dossier ;"),
        ("unavailable", "de", "formal", "Robin ist vorübergehend nicht erreichbar."),
        ("still_works", "en", "formal", "Robin still works on your account;"),
    ],
)
def test_the_original_agent_is_mentioned_only_as_the_period_allows_after_the_main_sentence(
    mention: str, lang: str, variant: str, sentence: str
) -> None:
    values = {"replacement_name": "Sam", "start_date": START, "original_agent_first_name": "Robin"}
    tpl = builtin_template("notice", variant, lang)
    shown = render_notice(tpl, values | {"mention": mention}, name_original_agent=True)
    assert sentence in shown.text.split("\n\n")[1] and sentence in shown.html
    hidden = render_notice(tpl, values | {"mention": mention}, name_original_agent=False)
    assert "Robin" not in hidden.text + hidden.html


def test_a_value_cannot_bring_markup_into_the_html() -> None:
    _s, text, html = compose(
        FIELDS, {"replacement_name": "<b>Sam</b>", "customer_name": "A & B"}, "en", "formal"
    )
    assert "<b>" in text and "&lt;b&gt;Sam&lt;/b&gt;" in html and "A &amp; B" in html


def test_a_reason_in_a_value_is_still_caught_when_the_plain_notice_is_rendered() -> None:
    values = {"replacement_name": "Sam", "start_date": START, "replacement_contact": "ziekte-desk"}
    with pytest.raises(PrivacyViolation):
        render_notice(builtin_template("notice", "formal", "nl"), values)


def test_malformed_fields_are_named_per_field() -> None:
    problems = field_problems(FIELDS | {"main": "", "greeting": "Hi {name", "closing": "{x}"})
    assert problems["main"] == ["required"]
    assert problems["greeting"] == [
        "a brace { or } only as part of a placeholder such as {customer_name}"
    ]
    assert problems["closing"][0].startswith("unknown placeholder {x}; use {customer_name}")
    assert field_problems(FIELDS) == {}


HANDBACK = {
    "subject": "{usual_contact} helpt u weer",
    "greeting_no_name": "Goedendag,",
    "main": "Vanaf vandaag is {usual_contact} weer uw aanspreekpunt.",
    "closing": "Groet,\n{company}",
}


@pytest.mark.parametrize(
    ("lang", "variant", "fallback"),
    [
        ("nl", "formal", "uw vaste contactpersoon"),
        ("nl", "informal", "je vaste contactpersoon"),
        ("fr", "formal", "votre interlocuteur habituel"),
        ("fr", "informal", "ton interlocuteur habituel"),
        ("de", "formal", "Ihre gewohnte Ansprechperson"),
        ("de", "informal", "deine gewohnte Ansprechperson"),
        ("en", "formal", "the person who usually helps you"),
        ("en", "informal", "the person who usually helps you"),
    ],
)
def test_without_a_name_allowed_the_usual_contact_is_said_in_the_language_and_tone(
    lang: str, variant: str, fallback: str
) -> None:
    subject, text, _html = compose(HANDBACK, {}, lang, variant, "handback")
    assert f"Vanaf vandaag is {fallback} weer uw aanspreekpunt." in text
    assert subject == fallback[0].upper() + fallback[1:] + " helpt u weer"  # starts a sentence


def test_a_hand_back_names_the_usual_contact_without_the_notices_mention_sentence() -> None:
    context = {"original_agent_first_name": "Robin", "mention": "still_works", "company": "Acme"}
    subject, text, html = compose(HANDBACK, context, "nl", "formal", "handback")
    assert subject == "Robin helpt u weer"
    assert text == "Goedendag,\n\nVanaf vandaag is Robin weer uw aanspreekpunt.\n\nGroet,\nAcme"
    assert "werkt nog steeds" not in html and "niet beschikbaar" not in html


def test_each_kind_allows_only_its_own_placeholders() -> None:
    assert field_problems(HANDBACK, "handback") == {}
    (problem,) = field_problems(HANDBACK, "notice")["main"]
    assert problem.startswith("unknown placeholder {usual_contact}; use {customer_name}")
    (problem,) = field_problems(FIELDS, "handback")["main"]
    assert problem.startswith("unknown placeholder {replacement_first_name}, {until}; use ")
