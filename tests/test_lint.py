"""The privacy lint: reason hints, medical terms and dates, in nl, en, fr and de."""

from __future__ import annotations

import datetime as dt

import pytest

from connector.domain import lint as lint_module
from connector.domain.lint import (
    check_hr_text,
    check_notice,
    date_mentions,
    find_dates,
    find_medical_terms,
    find_reason_terms,
    lint_notice,
)
from connector.errors import PrivacyViolation, StandinError

# --- reason hints in each language ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan is ziek.", "ziek"),
        ("Zij heeft ziekteverlof tot maart.", "ziekteverlof"),
        ("In verband met verzuim neemt Sam het over.", "verzuim"),
        ("Na haar reïntegratie", "reintegratie"),
        ("tijdens de re-integratie", "re-integratie"),
        ("Hij zit thuis met een burn-out.", "burn-out"),
        ("Hij is overspannen.", "overspannen"),
        ("vanwege persoonlijke omstandigheden", "persoonlijke omstandigheden"),
        ("Zij is afwezig.", "afwezig"),
        ("Wegens afwezigheid van Robin", "afwezigheid"),
        ("Op advies van de bedrijfsarts", "bedrijfsarts"),
        ("na een gesprek met de arbo-arts", "arbo-arts"),
        ("Hij is met vakantie.", "vakantie"),
        ("Hij is aan het herstellen.", "is aan het herstellen"),  # the listed phrase, whole
    ],
)
def test_a_dutch_reason_is_found(text: str, expected: str) -> None:
    assert expected in find_reason_terms(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Robin is off sick this week.", "off sick"),
        ("Robin is on sick leave.", "sick leave"),
        ("She has a leave of absence.", "leave of absence"),
        ("He suffers from burnout.", "burnout"),
        ("He is overworked.", "overworked"),
        ("a stress-related absence", "stress"),
        ("during his recovery", "recovery"),
        ("her return to work is planned", "return to work"),
        ("after reintegration", "reintegration"),
        ("for personal reasons", "personal reasons"),
        ("due to family circumstances", "family circumstances"),
        ("Robin is not feeling well.", "not feeling well"),
        ("Robin is on holiday.", "holiday"),
        ("Robin is in hospital.", "hospital"),
    ],
)
def test_an_english_reason_is_found(text: str, expected: str) -> None:
    assert expected in find_reason_terms(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Robin est malade.", "malade"),
        ("Robin a un arrêt maladie.", "arret maladie"),
        ("pendant son congé", "conge"),
        ("à cause d'un épuisement professionnel", "epuisement"),
        ("pendant son rétablissement", "retablissement"),
        ("après une convalescence", "convalescence"),
        ("pour des raisons personnelles", "raisons personnelles"),
        ("en raison de son absence", "absence"),
        ("sur avis du médecin du travail", "medecin"),
        ("Robin est en vacances.", "vacances"),
    ],
)
def test_a_french_reason_is_found(text: str, expected: str) -> None:
    assert expected in find_reason_terms(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Robin ist krank.", "krank"),
        ("wegen Krankheit", "krankheit"),
        ("Robin ist krankgeschrieben.", "krankgeschrieben"),
        ("Die Krankmeldung liegt vor.", "krankmeldung"),
        ("nach längerer Erschöpfung", "erschopfung"),
        ("Erschoepfung", "erschoepfung"),
        ("während der Genesung", "genesung"),
        ("die stufenweise Wiedereingliederung", "wiedereingliederung"),
        ("Robin ist in der Reha.", "reha"),
        ("Robin ist zur Kur.", "kur"),
        ("aus persönlichen Gründen", "personlichen grunden"),
        ("wegen Abwesenheit", "abwesenheit"),
        ("Robin ist im Urlaub.", "urlaub"),
        ("Robin hat Sonderurlaub.", "sonderurlaub"),
    ],
)
def test_a_german_reason_is_found(text: str, expected: str) -> None:
    assert expected in find_reason_terms(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vanaf 23 november 2026 is Sam Jansen uw aanspreekpunt.",
        "Sam kent uw volledige dossier, dus u hoeft niets opnieuw uit te leggen.",
        "Luister naar de muziek.",  # muziek contains "ziek"
        "Please leave a message after the tone.",  # bare "leave" is not a reason
        "Sam has the full history of your requests.",
        "Our team is here to help, healthcare providers included.",
        "Robin is temporarily not available.",
        "Robin est temporairement indisponible.",
        "Robin ist vorübergehend nicht erreichbar.",
        "Robin is tijdelijk niet beschikbaar.",
        "Sie erreichen Sam unter dieser Nummer; wir haben Sie besucht.",
        "Nous allons congeler les prix.",  # congé without a star does not hit congeler
        "Der Hersteller liefert morgen.",  # not the Dutch herstel
        "Ihre Ansprechperson ab dem 23. November 2026",
    ],
)
def test_an_ordinary_sentence_has_no_reason(text: str) -> None:
    assert find_reason_terms(text) == []


def test_terms_are_reported_once_each_in_order_of_appearance() -> None:
    text = "Ziek, daarna ziek, dan burn-out en weer ZIEK."
    assert find_reason_terms(text) == ["ziek", "burn-out"]


def test_matching_ignores_case() -> None:
    assert find_reason_terms("SICK LEAVE") == ["sick leave"]


def test_a_phrase_wins_over_its_first_word() -> None:
    assert find_reason_terms("on sick leave") == ["sick leave"]


def test_a_prefix_term_matches_the_longer_word_but_not_an_unrelated_compound() -> None:
    assert find_reason_terms("ziektewet") == ["ziektewet"]
    assert find_reason_terms("muziekles") == []


@pytest.mark.parametrize("text", ["burn-out", "burnout", "burn out", "Burn – Out", "burn_out"])
def test_burn_out_is_found_in_every_spelling(text: str) -> None:
    assert len(find_reason_terms(text)) == 1


@pytest.mark.parametrize(
    "text", ["reintegratie", "reïntegratie", "re-integratie", "re integratie", "RÉINTÉGRATION"]
)
def test_reintegration_is_found_with_or_without_accents_and_hyphens(text: str) -> None:
    assert find_reason_terms(text) != []


def test_a_french_word_is_found_without_its_accent() -> None:
    assert find_reason_terms("retablissement") == find_reason_terms("rétablissement") != []


# --- smuggling ------------------------------------------------------------------------


def test_a_dutch_sick_word_is_found_inside_html_tags() -> None:
    assert find_reason_terms("Robin is z<b>ie</b>k") == ["ziek"]


def test_a_word_in_one_html_paragraph_does_not_merge_with_the_next() -> None:
    assert "ziek" in find_reason_terms("<p>Robin is ziek</p><p>gelukkig</p>")


def test_a_numeric_html_entity_does_not_hide_a_word() -> None:
    assert find_reason_terms("Robin is &#122;iek") == ["ziek"]


def test_a_hex_entity_and_a_double_encoded_entity_do_not_hide_a_word() -> None:
    assert find_reason_terms("&#x73;ick leave") == ["sick leave"]
    assert find_reason_terms("&amp;#115;ick leave") == ["sick leave"]


def test_a_soft_hyphen_entity_does_not_hide_a_word() -> None:
    assert find_reason_terms("Robin is zi&shy;ek") == ["ziek"]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_an_invisible_character_does_not_hide_a_word(invisible: str) -> None:
    assert find_reason_terms(f"Robin is kr{invisible}ank") == ["krank"]


def test_full_width_letters_are_read_as_plain_letters() -> None:
    assert find_reason_terms("Robin is ｓｉｃｋ") == ["sick"]


def test_cyrillic_look_alike_letters_are_read_as_latin() -> None:
    assert find_reason_terms("Robin is on sіck lеave") == ["sick leave"]  # і and е Cyrillic


@pytest.mark.parametrize("text", ["s i c k", "Z.I.E.K", "k-r-a-n-k"])
def test_letter_spaced_words_are_found(text: str) -> None:
    assert find_reason_terms(text) != []


def test_an_html_comment_inside_a_word_does_not_hide_it() -> None:
    assert find_reason_terms("bur<!-- x -->nout") == ["burnout"]


# --- medical terms for the HR file ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zij heeft een depressie.", "depressie"),
        ("afspraak bij de huisarts", "huisarts"),
        ("Hij slikt sertraline.", "sertraline"),
        ("last van hoofdpijn", "hoofdpijn"),
        ("She was diagnosed with anxiety.", "diagnosed"),
        ("an appointment with the physiotherapist", "physiotherapist"),
        ("He takes antidepressants.", "antidepressants"),
        ("She had a hernia.", "hernia"),
        ("long COVID", "long covid"),
        ("Il souffre d'insomnie.", "insomnie"),
        ("rendez-vous chez le psychiatre", "psychiatre"),
        ("Er hat Rückenschmerzen.", "ruckenschmerzen"),
        ("Termin beim Hausarzt", "hausarzt"),
        ("Sie nimmt Antidepressiva.", "antidepressiva"),
    ],
)
def test_medical_information_is_found(text: str, expected: str) -> None:
    assert expected in find_medical_terms(text)


def test_the_medical_lint_also_finds_reason_words() -> None:
    assert find_medical_terms("Robin is ziek") == ["ziek"]


@pytest.mark.parametrize(
    "text",
    [
        "Telefonisch contact gehad; afgesproken om volgende week weer te bellen.",
        "Phone call, reached. Agreed to talk again on Friday about the planning.",
        "Appel téléphonique : prochain contact lundi.",
        "Telefonat geführt; wir haben Sie besucht und das Gespräch vereinbart.",
        "Painting the office starts Monday.",  # pain* would hit painting
    ],
)
def test_a_factual_contact_log_summary_has_no_medical_term(text: str) -> None:
    assert find_medical_terms(text) == []
    check_hr_text(text)  # does not raise


def test_hr_text_with_a_diagnosis_is_refused_naming_the_word() -> None:
    with pytest.raises(PrivacyViolation) as caught:
        check_hr_text("Medewerker vertelde over zijn hernia en de fysiotherapeut.")
    assert caught.value.words == ["hernia", "fysiotherapeut"]
    assert isinstance(caught.value, StandinError)


# --- dates ----------------------------------------------------------------------------

DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23",
        "23-11-2026",
        "23/11/2026",
        "23.11.2026",
        "23.11.26",
        "11/23/2026",  # month first, because day first is impossible
        "23 november 2026",
        "23 November 2026",
        "November 23, 2026",
        "Nov. 23rd 2026",
        "23rd of November 2026",
        "23. November 2026",
        "23 novembre 2026",
        "le 23 nov. 2026",
        "<b>23</b> november 2026",
    ],
)
def test_a_date_is_recognised_in_each_common_format(text: str) -> None:
    assert find_dates(f"vanaf {text} ok") == [DAY]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1er décembre 2026", dt.date(2026, 12, 1)),
        ("1. März 2027", dt.date(2027, 3, 1)),
        ("1. Maerz 2027", dt.date(2027, 3, 1)),
        ("15 août 2026", dt.date(2026, 8, 15)),
        ("3 mei 2026", dt.date(2026, 5, 3)),
        ("3 mrt 2026", dt.date(2026, 3, 3)),
        ("3. Dezember 2026", dt.date(2026, 12, 3)),
    ],
)
def test_month_names_are_recognised_in_each_language(text: str, expected: dt.date) -> None:
    assert find_dates(text) == [expected]


def test_dates_are_returned_once_each_in_order() -> None:
    text = "van 1 december 2026 tot 2027-01-31, dus 01-12-2026 ook"
    assert find_dates(text) == [dt.date(2026, 12, 1), dt.date(2027, 1, 31)]


@pytest.mark.parametrize(
    "text",
    [
        "Bel 06-12-34-56-78",  # a phone number is not a date
        "versie 1.2.3",
        "31-02-2026",  # no such day
        "ticket #20261123",
        "30 tickets in november",
    ],
)
def test_things_that_are_not_dates_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "month_day"),
    [
        ("Heike ist ab 05.05. wieder erreichbar.", (5, 5)),
        ("Jack is reachable again from 5/5.", (5, 5)),
        ("Tim is per 12-05 weer beschikbaar.", (5, 12)),
        ("Mathilde reprend ses clients le 05/05.", (5, 5)),
        ("dès le 24/03", (3, 24)),
    ],
)
def test_a_day_and_month_in_figures_after_a_date_word_is_a_date(
    text: str, month_day: tuple[int, int]
) -> None:
    assert [m.month_day for m in date_mentions(text)] == [month_day]


@pytest.mark.parametrize(
    "text",
    [
        "We rate it 4/5 stars.",  # a rating
        "The 2.5 release is out.",  # a version after an article
        "des 2/3 des clients",  # a share
        "Ticket 12-05 is closed.",  # no word that introduces a date
        "vanaf 31/02",  # no such day
    ],
)
def test_figures_that_are_no_day_and_month_stay_figures(text: str) -> None:
    assert list(date_mentions(text)) == []


# --- the notice lint --------------------------------------------------------------------


def test_a_clean_notice_with_its_allowed_date_has_nothing_to_report() -> None:
    text = "Vanaf 23 november 2026 is Sam uw aanspreekpunt."
    assert lint_notice(text, [DAY]) == []
    check_notice(text, [DAY])  # does not raise


def test_a_date_that_is_not_allowed_is_reported_in_iso_form() -> None:
    text = "Vanaf 23 november 2026 is Sam uw aanspreekpunt, Robin was weg sinds 5 januari 2026."
    assert lint_notice(text, [DAY]) == ["date 2026-01-05"]


def test_a_day_and_month_without_a_year_is_reported_unless_an_allowed_date_matches() -> None:
    assert lint_notice("terug na 5 januari", [DAY]) == ["date 01-05 (no year)"]
    assert lint_notice("vanaf 23 november", [DAY]) == []


def test_an_ambiguous_numeric_date_is_accepted_when_either_reading_is_allowed() -> None:
    assert lint_notice("from 01/05/2026", [dt.date(2026, 1, 5)]) == []
    assert lint_notice("from 01/05/2026", []) == ["date 2026-05-01"]


def test_the_notice_lint_reports_reasons_medical_terms_and_dates_together() -> None:
    text = "Robin is ziek (hernia) sinds 2026-10-01."
    assert lint_notice(text) == ["ziek", "hernia", "date 2026-10-01"]


def test_check_notice_raises_a_privacy_violation_naming_the_words() -> None:
    with pytest.raises(PrivacyViolation) as caught:
        check_notice("Robin is on sick leave until 2027-01-04.", [DAY])
    assert caught.value.words == ["sick leave", "date 2027-01-04"]
    assert "sick leave" in str(caught.value)


def test_lint_notice_never_raises_on_odd_input() -> None:
    odd = "<<>>&&#;&#xZZ; \x00 \ud7ff <!-- " + "a " * 2000
    assert lint_notice(odd) == []


def test_the_fast_drop_of_invisible_characters_agrees_with_the_full_table() -> None:
    """Text without rare characters (Latin, Greek, Cyrillic, punctuation, symbols, emoji)
    takes a short character class instead of the full table: both must drop the same
    characters."""
    differ = [
        code
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000
        and not lint_module._RARE.match(chr(code))
        and lint_module._COMMON_DROP.sub("", chr(code))
        != chr(code).translate(lint_module._DROP_TABLE)
    ]
    assert differ == []


def test_a_grapheme_joiner_inside_a_word_is_dropped_also_next_to_a_rare_character() -> None:
    """U+034F (combining grapheme joiner) has no combining class; the full table, used when
    the text holds a rare character (here Thai), once kept it and so split the word."""
    from connector.domain.privacy import Policy, guard

    for text in ("Anna is zi\u034fek.", "Anna is zi\u034fek. \u0e01", "Anna is zi\u2065ek. \u0e01"):
        assert [f.text for f in guard(text, Policy.NOTICE)] == ["ziek"]


@pytest.mark.parametrize(
    "invisible",
    ["\ufe0f", "\ufe00", "\U000e0101", "\u180b", "\u17b4", "\u115f", "\u3164", "\uffa0"],
)
def test_a_variation_selector_or_filler_inside_a_word_does_not_split_it(invisible: str) -> None:
    from connector.domain.privacy import Policy, guard

    assert [f.text for f in guard(f"Anna is zi{invisible}ek.", Policy.NOTICE)] == ["ziek"]


def test_a_cyrillic_combining_mark_is_dropped() -> None:
    assert lint_module._fold("зд\u0483оров") == lint_module._fold("здоров")
