"""The customer notice: built-in templates, validation on save, sandboxed linted rendering."""

from __future__ import annotations

import datetime as dt

import pytest

from connector.domain.lint import find_dates, lint_notice
from connector.domain.notices import (
    ALLOWED_VARIABLES,
    KINDS,
    LANGUAGES,
    VARIANTS,
    NoticeTemplate,
    RenderedNotice,
    builtin_advanced,
    builtin_template,
    builtin_templates,
    choose_language,
    format_date,
    render_notice,
    validate_notice_template,
    validate_template,
)
from connector.errors import PrivacyViolation, ValidationFailed

START = dt.date(2026, 11, 23)
END = dt.date(2027, 2, 1)

FULL_VALUES: dict[str, object] = {
    "customer_name": "Mevrouw De Vries",
    "replacement_name": "Sam Jansen",
    "replacement_role": "Account Manager",
    "replacement_contact": "+31 30 123 4567",
    "start_date": START,
    "end_date": END,
    "company": "Acme",
    "team": "Support",
    "ticket_reference": "#4711",
    "original_agent_first_name": "Robin",
}
ALL_TEMPLATES = [(t.kind, t.variant, t.lang) for t in builtin_templates()]


# --- built-in templates -----------------------------------------------------------------


def test_there_is_a_built_in_template_for_every_kind_variant_and_language() -> None:
    assert len(ALL_TEMPLATES) == len(KINDS) * len(VARIANTS) * len(LANGUAGES) == 16
    assert {lang for _, _, lang in ALL_TEMPLATES} == {"nl", "fr", "de", "en"}


@pytest.mark.parametrize(("kind", "variant", "lang"), ALL_TEMPLATES)
def test_every_built_in_template_passes_its_own_validation(
    kind: str, variant: str, lang: str
) -> None:
    validate_notice_template(builtin_template(kind, variant, lang))  # does not raise


@pytest.mark.parametrize(("kind", "variant", "lang"), ALL_TEMPLATES)
def test_every_built_in_template_renders_with_all_values_and_passes_the_lint(
    kind: str, variant: str, lang: str
) -> None:
    notice = render_notice(
        builtin_template(kind, variant, lang), FULL_VALUES, name_original_agent=True
    )
    assert notice.lang == lang
    # a notice goes out on the day the customer's contact changes: "from today", no date
    assert FROM_TODAY[lang] in notice.subject.casefold()
    assert FROM_TODAY[lang] in notice.text.casefold()
    assert FROM_TODAY[lang] in notice.html.casefold()
    assert format_date(START, lang) not in notice.text
    for part in (notice.subject, notice.text, notice.html):
        assert lint_notice(part, [START, END]) == []
        assert "None" not in part
        assert "{{" not in part and "{%" not in part
    assert "Robin" in notice.text
    assert "\n" not in notice.subject


FROM_TODAY = {
    "nl": "vanaf vandaag",
    "en": "from today",
    "fr": "à partir d'aujourd'hui",
    "de": "ab heute",
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_built_in_notice_is_written_by_the_replacement_who_introduces_themselves_once(
    variant: str, lang: str
) -> None:
    notice = render_notice(
        builtin_template("notice", variant, lang),
        {"replacement_name": "Sam Jansen", "start_date": START},
    )
    body = notice.text.split("\n\n")[1]  # the sentence after the greeting
    assert "Sam" in body and "Jansen" not in body  # by first name
    assert notice.text.count("Sam Jansen") == 1  # the full name only under the signature
    first_person = {"nl": " ik ", "en": " I", "fr": " je ", "de": " ich "}[lang]
    assert first_person in f" {body} ".replace("I'm", " I ")
    assert notice.text.rstrip().endswith("Sam Jansen")


@pytest.mark.parametrize(("kind", "variant", "lang"), ALL_TEMPLATES)
def test_every_built_in_template_renders_with_only_the_required_values(
    kind: str, variant: str, lang: str
) -> None:
    notice = render_notice(
        builtin_template(kind, variant, lang),
        {"replacement_name": "Sam Jansen", "start_date": START},
    )
    assert FROM_TODAY[lang] in notice.text.casefold()
    assert "None" not in notice.text + notice.html + notice.subject
    assert lint_notice(notice.text + notice.html + notice.subject, [START]) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_replacement_notice_puts_the_replacement_and_from_when_first(lang: str) -> None:
    notice = render_notice(builtin_template("notice", "formal", lang), FULL_VALUES)
    first_paragraph = notice.text.split("\n\n")[1]
    assert "Sam" in first_paragraph
    assert FROM_TODAY[lang] in first_paragraph.casefold()
    assert "+31 30 123 4567" in notice.text


@pytest.mark.parametrize(
    ("lang", "formal", "informal"),
    [("nl", " uw ", " je "), ("fr", " votre ", " ton "), ("de", " Ihre ", " deine ")],
)
def test_the_formal_variant_says_u_vous_sie_and_the_informal_one_je_tu_du(
    lang: str, formal: str, informal: str
) -> None:
    polite = render_notice(builtin_template("notice", "formal", lang), FULL_VALUES)
    casual = render_notice(builtin_template("notice", "informal", lang), FULL_VALUES)
    assert formal in polite.text and informal not in polite.text
    assert informal in casual.text and formal not in casual.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_original_agent_is_not_named_unless_the_setting_allows_it(lang: str) -> None:
    template = builtin_template("notice", "formal", lang)
    hidden = render_notice(template, FULL_VALUES)
    named = render_notice(template, FULL_VALUES, name_original_agent=True)
    assert "Robin" not in hidden.text + hidden.html + hidden.subject
    assert "Robin" in named.text and "Robin" in named.html


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("nl", "is tijdelijk niet beschikbaar"),
        ("fr", "est temporairement indisponible"),
        ("de", "ist vorübergehend nicht erreichbar"),
        ("en", "is temporarily not available"),
    ],
)
def test_a_named_original_agent_is_only_temporarily_not_available(lang: str, phrase: str) -> None:
    named = render_notice(
        builtin_template("notice", "formal", lang), FULL_VALUES, name_original_agent=True
    )
    assert f"Robin {phrase}." in named.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_hand_back_notice_names_the_usual_contact_again_from_today(lang: str) -> None:
    notice = render_notice(
        builtin_template("handback", "formal", lang),
        {"start_date": END, "original_agent_first_name": "Robin"},
        name_original_agent=True,
    )
    assert "Robin" in notice.text.split("\n\n")[1]
    assert FROM_TODAY[lang] in notice.subject.casefold()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_an_end_date_the_notice_says_until_further_notice(lang: str) -> None:
    values = dict(FULL_VALUES, end_date=None)
    notice = render_notice(builtin_template("notice", "formal", lang), values)
    until = {"nl": "tot nader bericht", "fr": "jusqu'à nouvel ordre", "de": "bis auf Weiteres"}
    assert until.get(lang, "until further notice") in notice.text
    assert format_date(END, lang) not in notice.text


def test_html_values_are_escaped_in_the_html_body_but_not_in_the_text() -> None:
    values = dict(FULL_VALUES, replacement_name="Sam <b>&</b> Co")
    notice = render_notice(builtin_template("notice", "formal", "en"), values)
    assert "Sam &lt;b&gt;&amp;&lt;/b&gt; Co" in notice.html
    assert "Sam <b>&</b> Co" in notice.text


def test_a_value_with_line_breaks_cannot_add_a_line_to_the_subject() -> None:
    values = dict(FULL_VALUES, replacement_name="Sam\r\nBcc: x@example.com")
    notice = render_notice(builtin_template("notice", "formal", "en"), values)
    assert "\n" not in notice.subject and "\r" not in notice.subject
    assert "Sam Bcc: x@example.com" in notice.subject


def test_a_rendered_notice_is_a_plain_data_object() -> None:
    notice = render_notice(builtin_template("notice", "informal", "de"), FULL_VALUES)
    assert isinstance(notice, RenderedNotice)
    assert notice.subject.startswith("Deine Ansprechperson")


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "23 november 2026"),
        ("fr", "23 novembre 2026"),
        ("de", "23. November 2026"),
        ("en", "23 November 2026"),
    ],
)
def test_a_date_is_written_in_a_neutral_long_form_per_language(lang: str, expected: str) -> None:
    assert format_date(START, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("month", range(1, 13))
def test_every_formatted_date_is_recognised_by_the_date_lint(lang: str, month: int) -> None:
    day = dt.date(2027, month, 1)
    assert find_dates(format_date(day, lang)) == [day]


def test_the_first_of_the_month_is_written_1er_in_french() -> None:
    assert format_date(dt.date(2026, 12, 1), "fr") == "1er décembre 2026"


def test_a_date_value_is_allowed_in_the_output_but_a_typed_date_is_not() -> None:
    template = NoticeTemplate(
        "en", "Contact", "From {{ start_date }}, {{ replacement_name }} helps you.", "<p>x</p>"
    )
    render_notice(template, {"replacement_name": "Sam", "start_date": START})  # fine
    with pytest.raises(PrivacyViolation) as caught:
        render_notice(template, {"replacement_name": "Sam since 2026-09-01", "start_date": START})
    assert caught.value.words == ["date 2026-09-01"]


# --- values cannot smuggle a reason ------------------------------------------------------


def test_a_reason_smuggled_in_the_replacement_name_is_caught() -> None:
    values = dict(FULL_VALUES, replacement_name="Sam (ziek verlof)")
    with pytest.raises(PrivacyViolation) as caught:
        render_notice(builtin_template("notice", "formal", "nl"), values)
    assert caught.value.words == ["ziek", "verlof"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("replacement_role", "cover during sick leave"),
        ("replacement_contact", "s&#105;ck-desk@example.com"),
        ("team", "Team K\u200brank"),
        ("company", "Acme <i>burn</i>-out care"),
    ],
)
def test_a_reason_smuggled_in_any_value_is_caught(field: str, value: str) -> None:
    # the template code (advanced mode) can show every value, the role and team included
    values = dict(FULL_VALUES, **{field: value})
    with pytest.raises(PrivacyViolation):
        render_notice(builtin_advanced("notice", "formal", "en"), values)


def test_the_original_agent_name_is_linted_when_it_is_shown() -> None:
    values = dict(FULL_VALUES, original_agent_first_name="Robin (burn-out)")
    with pytest.raises(PrivacyViolation) as caught:
        render_notice(builtin_template("notice", "formal", "en"), values, name_original_agent=True)
    assert caught.value.words == ["burn-out"]


def test_the_customers_own_name_does_not_trip_the_lint() -> None:
    values = dict(FULL_VALUES, customer_name="Holiday Parks Ltd")
    notice = render_notice(builtin_template("notice", "formal", "en"), values)
    assert notice.text.startswith("Dear Holiday Parks Ltd,")


def test_an_unknown_value_such_as_a_reason_is_refused() -> None:
    values = dict(FULL_VALUES, reason="sick")
    with pytest.raises(ValidationFailed) as caught:
        render_notice(builtin_template("notice", "formal", "en"), values)
    assert caught.value.fields == {"reason": ["not a notice variable"]}


def test_missing_required_values_are_named() -> None:
    with pytest.raises(ValidationFailed) as caught:
        render_notice(builtin_template("notice", "formal", "en"), {"customer_name": "Alex"})
    assert set(caught.value.fields) == {"replacement_name", "start_date"}


def test_a_value_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        render_notice(
            builtin_template("notice", "formal", "en"),
            dict(FULL_VALUES, replacement_name=object(), start_date="2026-11-23"),
        )
    assert caught.value.fields == {
        "replacement_name": ["must be text"],
        "start_date": ["must be a date"],
    }


# --- validating a team lead's template ---------------------------------------------------


def test_a_plain_custom_template_is_accepted_and_its_variables_reported() -> None:
    source = "Dear {{ customer_name | default('customer') }}, {{ replacement_name }} helps you."
    assert validate_template(source, "en") == {"customer_name", "replacement_name"}


@pytest.mark.parametrize(
    ("source", "word"),
    [
        ("{{ replacement_name }} helps you while Robin is on sick leave.", "sick leave"),
        ("{{ replacement_name }} helpt u tijdens het ziekteverlof.", "ziekteverlof"),
        ("{{ replacement_name }} remplace Robin pendant sa maladie.", "maladie"),
        ("{{ replacement_name }} vertritt Robin während der Reha.", "reha"),
        ("<p>Robin is z<b>ie</b>k</p>", "ziek"),
        ("Robin is zi{{ '' }}ek", "ziek"),
        ("Robin is zi{% if customer_name %}{% endif %}ek", "ziek"),
        ("Robin is {{ 'si' ~ 'ck' }}", "sick"),
        ("Robin is {% if customer_name %}bu{% else %}bu{% endif %}rnout", "burnout"),
    ],
)
def test_a_template_that_mentions_a_reason_is_refused_naming_the_word(
    source: str, word: str
) -> None:
    with pytest.raises(PrivacyViolation) as caught:
        validate_template(source, "en", html=source.startswith("<"))
    assert word in caught.value.words


def test_a_template_with_a_hard_coded_date_is_refused() -> None:
    with pytest.raises(PrivacyViolation) as caught:
        validate_template("{{ replacement_name }} helps you; Robin is back on 1 March 2027.", "en")
    assert caught.value.words == ["is back", "date 2027-03-01"]


def test_a_hard_coded_date_is_accepted_when_it_is_allowed() -> None:
    source = "{{ replacement_name }} helps you from 1 March 2027."
    assert validate_template(source, "en", allowed_dates=[dt.date(2027, 3, 1)]) == {
        "replacement_name"
    }


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ namespace.__init__ }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ replacement_name.upper() }}",
        "{{ replacement_name['__class__'] }}",
        "{{ replacement_name|attr('__class__') }}",
        "{{ replacement_name|format('%s') }}",
        "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
        "{% for x in range(10) %}{{ x }}{% endfor %}",
        "{% set x = replacement_name %}{{ x }}",
        "{% macro m() %}x{% endmacro %}{{ m() }}",
        "{% include 'other.txt' %}",
        "{% extends 'base.txt' %}",
        "{% import 'x' as y %}",
        "{% with a = 1 %}{{ a }}{% endwith %}",
        "{% filter upper %}x{% endfilter %}",
        "{{ config }}",
        "{{ self }}",
        "{{ reason }}",
        "{{ replacement_name * 100000000 }}",
        "{{ 'a' if replacement_name > 'b' else 'c' }}",
        "{{ replacement_name",
    ],
)
def test_template_injection_attempts_are_refused_at_save_time(source: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_template(source, "en")
    assert caught.value.fields["template"]


def test_the_refusal_says_what_was_not_allowed() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_template("{{ ''.__class__ }}", "en")
    assert caught.value.fields == {"template": ["attribute access is not allowed (.__class__)"]}
    with pytest.raises(ValidationFailed) as caught:
        validate_template("{% for x in y %}{% endfor %}", "en")
    assert "for" in caught.value.fields["template"][0]


def test_an_unknown_variable_is_refused_by_name() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_template("Hello {{ customer_nmae }}", "en")
    assert "customer_nmae" in caught.value.fields["template"][0]


def test_an_injected_template_is_refused_at_render_time_too() -> None:
    template = NoticeTemplate("en", "{{ ''.__class__ }}", "x {{ replacement_name }}", "<p>x</p>")
    with pytest.raises(ValidationFailed):
        render_notice(template, FULL_VALUES)


def test_a_whole_notice_template_reports_problems_per_part() -> None:
    template = NoticeTemplate("en", "{{ nope }}", "fine {{ replacement_name }}", "{{ x.y }}")
    with pytest.raises(ValidationFailed) as caught:
        validate_notice_template(template)
    assert set(caught.value.fields) == {"subject", "html"}


def test_a_template_language_outside_the_four_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_template("Hello", "pt")
    assert "lang" in caught.value.fields


def test_the_allowed_variables_have_no_reason_among_them() -> None:
    assert not any("reason" in name or "cause" in name for name in ALLOWED_VARIABLES)
    assert len(ALLOWED_VARIABLES) == 12


def test_how_the_employee_is_mentioned_is_a_fixed_choice_not_free_text() -> None:
    tpl = builtin_template("notice", "formal", "en")
    values = {"replacement_name": "Sam", "start_date": dt.date(2030, 1, 7)}
    with pytest.raises(ValidationFailed) as caught:
        render_notice(
            tpl,
            values | {"original_agent_first_name": "Robin", "mention": "is on sick leave"},
            name_original_agent=True,
        )
    assert "mention" in caught.value.fields


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
@pytest.mark.parametrize("variant", ["formal", "informal"])
def test_each_agreed_mention_of_the_employee_reads_as_agreed_in_every_built_in_notice(
    lang: str, variant: str
) -> None:
    tpl = builtin_template("notice", variant, lang)
    base = {"replacement_name": "Sam Jansen", "start_date": dt.date(2030, 1, 7)}
    none = render_notice(tpl, base)
    unavailable = render_notice(
        tpl,
        base | {"original_agent_first_name": "Robin", "mention": "unavailable"},
        name_original_agent=True,
    )
    still = render_notice(
        tpl,
        base | {"original_agent_first_name": "Robin", "mention": "still_works"},
        name_original_agent=True,
    )
    assert "Robin" not in none.text and "Robin" not in none.html
    expected = {
        "nl": ("is tijdelijk niet beschikbaar", "werkt nog steeds aan"),
        "fr": ("est temporairement indisponible", "continue de suivre"),
        "de": ("ist vorübergehend nicht erreichbar", "arbeitet weiterhin an"),
        "en": ("is temporarily not available", "still works on your account"),
    }[lang]
    assert f"Robin {expected[0]}" in unavailable.text
    assert f"Robin {expected[0]}" in unavailable.html
    assert f"Robin {expected[1]}" in still.text and "Sam Jansen" in still.text
    assert f"Robin {expected[1]}" in still.html
    assert expected[0] not in still.text


# --- language choice --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nl-BE", "nl"),
        ("nl", "nl"),
        ("fr_CA", "fr"),
        ("fr-be", "fr"),
        ("en-US", "en"),
        ("EN_gb", "en"),
        ("de-AT", "de"),
        ("de_CH.UTF-8", "de"),
        ("pt-BR", "nl"),
        ("", "nl"),
        (None, "nl"),
    ],
)
def test_the_language_is_the_best_match_for_the_customers_locale(
    locale: str | None, expected: str
) -> None:
    assert choose_language(locale, "nl") == expected


def test_an_unavailable_language_falls_back_to_the_helpdesk_default() -> None:
    assert choose_language("de-DE", "en", available=("nl", "en")) == "en"
