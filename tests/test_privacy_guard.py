"""The privacy guard: two policies, typed findings, language-aware matching, names, senses.

Pure tests (no database). The labelled corpus is run by tests/test_privacy_corpus.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from connector.domain.privacy import (
    Category,
    Policy,
    Rewrite,
    SenseRule,
    _mark_formal_you,
    _mark_formal_your,
    _subject_clauses,
    guard,
    sense_rules,
    terms,
    typos,
)
from connector.translations import has
from connector.web import i18n_privacy

NOTICE, HR = Policy.NOTICE, Policy.HR


def words(text: str, policy: Policy = NOTICE, **kwargs: object) -> list[str]:
    return [f.text for f in guard(text, policy, **kwargs)]  # type: ignore[arg-type]


# --- two policies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Robin is ziek; Sam helpt u.",  # sickness
        "Während Robins Elternzeit hilft Ihnen Sam.",  # leave
        "Robin re-integreert en Sam neemt het over.",  # reintegration
        "Pour des raisons personnelles, Sam reprend vos dossiers.",  # personal circumstances
        "Robin had knee surgery, so Sam helps you.",  # medical
        "Sam helps you while Robin is recovering.",  # recovery
    ],
)
def test_the_notice_policy_refuses_every_kind_of_reason_or_hint(text: str) -> None:
    assert guard(text, NOTICE) != []


@pytest.mark.parametrize(
    "text",
    [
        "Terugkeer besproken: re-integratieplan, uren opbouwen naar 24 uur per week.",
        "Phased return agreed: four hours a day, reassignment of the escalations to Sam.",
        "Reprise du travail à mi-temps ; prochain point dans deux semaines.",
        "Stufenweise Rückkehr vereinbart, Wiedereingliederung nach Plan, nächstes Gespräch Montag.",
        "Werkhervatting per 1 maart; afspraken over taken en uren vastgelegd.",
        "Herstel van de printer op haar werkplek is aangevraagd.",
        "She asked for data recovery of her old laptop.",
    ],
)
def test_the_hr_policy_allows_the_words_of_the_process_itself(text: str) -> None:
    assert guard(text, HR) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Hij heeft een hernia.", Category.DIAGNOSIS),
        ("Elle souffre de vertiges.", Category.SYMPTOMS),
        ("Sie hat Rückenschmerzen.", Category.BODY_COMPLAINTS),
        ("Hij heeft rugklachten.", Category.BODY_COMPLAINTS),
        ("She started on sertraline.", Category.TREATMENT_MEDICATION),
        ("Termin beim Betriebsarzt am Dienstag.", Category.CARE_APPOINTMENTS),
        ("Les résultats de la prise de sang sont bons.", Category.TEST_RESULTS),
        ("Hij klonk somber en huilde even.", Category.IMPRESSIONS_OF_HEALTH),
        ("Elle avait l'air épuisée.", Category.IMPRESSIONS_OF_HEALTH),
        ("She looked tired and pale.", Category.IMPRESSIONS_OF_HEALTH),
        ("Er wirkte niedergeschlagen.", Category.IMPRESSIONS_OF_HEALTH),
    ],
)
def test_the_hr_policy_refuses_medical_information_with_its_category(
    text: str, category: Category
) -> None:
    found = guard(text, HR)
    assert category in {f.category for f in found}, found


def test_a_leave_word_is_a_reason_in_a_notice_but_a_fact_in_the_hr_file() -> None:
    assert words("Since her sick leave began, Sam helps you.") == ["sick leave"]
    assert words("Ziekmelding op 3 maart; terugkeer besproken.", HR) == []


def test_a_finding_carries_the_span_category_language_and_rewrite() -> None:
    text = "Sam helpt u, want Robin heeft ziekteverlof."
    (finding,) = guard(text, NOTICE)
    assert finding.text == "ziekteverlof" and finding.written == "ziekteverlof"
    assert text.lower()[finding.span[0] : finding.span[1]] == "ziekteverlof"
    assert finding.category is Category.LEAVE_ABSENCE and finding.lang == "nl"
    assert finding.rewrite is Rewrite.WHO_FROM_WHEN
    (impression,) = guard("Sie wirkte erschöpft.", HR)
    assert impression.rewrite is Rewrite.AGREEMENTS_NOT_IMPRESSIONS and impression.lang == "de"


def test_a_date_that_is_not_allowed_is_a_finding_in_notices_only() -> None:
    allowed = [dt.date(2026, 11, 23)]
    found = guard(
        "From 23 November 2026 Sam helps; since 5 January 2026.", NOTICE, allowed_dates=allowed
    )
    assert [(f.text, f.category, f.rewrite) for f in found] == [
        ("date 2026-01-05", Category.ABSENCE_DATE, Rewrite.ALLOWED_DATES_ONLY)
    ]
    assert guard("Next contact on 5 January 2026.", HR) == []


# --- language-aware matching ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hij is arbeidsongeschikt.", "arbeidsongeschikt"),
        ("Zij is geopereerd.", "geopereerd"),
        ("RE-INTEGREERT vanaf maandag", "re-integreert"),
        ("burn-outklachten", "burn-outklachten"),
        ("Hij had nekklachten.", "nekklachten"),
        ("Elle a subi une opération du genou.", "operation du genou"),
        ("Il est hospitalisé.", "hospitalise"),
        ("Sie ist nicht einsatzfähig.", "nicht einsatzfahig"),
        ("Er ist in Behandlung.", "in behandlung"),
        ("Die Krankmeldung liegt vor.", "krankmeldung"),
        ("She was out for a while.", "out for a while"),
        ("He broke his leg.", "broke his leg"),
    ],
)
def test_inflections_compounds_and_phrases_are_found(text: str, expected: str) -> None:
    assert expected in words(text, HR) + words(text, NOTICE)


@pytest.mark.parametrize(
    "text",
    [
        "Luister naar de muziek.",  # muziek holds ziek
        "Der Hersteller liefert morgen.",  # Hersteller holds herstel
        "Please clear your browser cache.",  # cache ends like ache
        "Nous allons congeler les prix.",  # congeler starts like congé
        "Painting the office starts Monday.",
        "Please leave a message; we call you back.",
    ],
)
def test_only_whole_words_or_listed_compounds_match(text: str) -> None:
    assert guard(text, NOTICE) == [] and guard(text, HR) == []


def test_every_language_has_terms_in_every_category_it_needs() -> None:
    present = {(t.lang, t.category) for t in terms()}
    for lang in ("nl", "fr", "de", "en"):
        for category in set(Category) - {Category.ABSENCE_DATE, Category.ABOUT_THE_COLLEAGUE}:
            assert (lang, category) in present, (lang, category)


# --- smuggling, and the known limits closed -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Robin is z1ek.", "ziek"),  # digits as letters
        ("Robin is on s!ck leave.", "sick leave"),
        ("Robin has a burn0ut.", "burnout"),
        ("Robin is zi-ek.", "zi-ek"),  # a word split by a visible character
        ("Robin is zi.ek.", "zi.ek"),
        ("Robin is s ick.", "s ick"),  # partial letter-spacing
        ("Robin is k r ank.", "k r ank"),
        ("Robin is s i c k.", "s i c k"),
        ("Robin is z<b>ie</b>k.", "ziek"),
        ("Robin is kr\u200bank.", "krank"),
        ("Robin is on sіck lеave.", "sick leave"),  # Cyrillic і and е
        ("Robin is s\u0131ck.", "sick"),  # dotless ı: a Latin letter, still a look-alike
        ("Robin is in rehab \u2013 Sam helps.", "rehab"),  # a dash the table maps
        ("ROBIN IS IN REHAB", "rehab"),
    ],
)
def test_smuggled_words_are_found(text: str, expected: str) -> None:
    assert expected in words(text), words(text)


@pytest.mark.parametrize(
    "text",
    [
        "Call 06-12345678 or mail sam@example.com.",
        "Ticket #A1B2 is escalated to tier-2 support.",
        "U kunt mij bereiken via e-mail.",
        "Version 2.1.3 is live; see www.example.com/help.",
        "J'ai reçu l'e-mail de la cliente.",
    ],
)
def test_the_repairs_for_smuggling_do_not_invent_words(text: str) -> None:
    assert guard(text, NOTICE) == []


# --- names are not words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Anna Sickinger is uw aanspreekpunt.", ["Anna Sickinger"]),
        ("Mevrouw Sickinger helpt u graag.", ["Anna Sickinger"]),
        ("Krank GmbH wünscht Ihnen einen guten Tag.", ["Krank GmbH"]),
        ("Acme Health is here for you.", ["Acme Health"]),
        ("Burnout Studios vous souhaite une bonne journée.", ["Burnout Studios"]),
        ("Jan Zieken neemt uw vragen over.", ["Jan Zieken"]),
    ],
)
def test_known_names_are_never_judged(text: str, names: list[str]) -> None:
    assert guard(text, NOTICE, names=names) == []
    assert guard(text, HR, names=names) == []


def test_a_name_does_not_shield_the_same_word_used_as_a_word() -> None:
    text = "Acme Health helps you; Robin is off for health reasons."
    assert words(text, names=["Acme Health"]) == ["is off for", "health reasons"]


def test_a_reason_riding_in_on_a_value_given_as_a_name_is_still_caught() -> None:
    assert words(
        "Anna (currently on sick leave) helps you.", names=["Anna (currently on sick leave)"]
    ) == ["sick leave"]
    assert words("Sam - ziek tot maart", names=["Sam - ziek tot maart"]) == ["ziek"]


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("Anna On Sick Leave", "Anna On Sick Leave helps you.", ["sick leave"]),
        ("Tom Out Sick", "Tom Out Sick: Anna helps you.", ["sick"]),
        ("Lisa Im Krankenstand", "Lisa Im Krankenstand – Anna hilft Ihnen.", ["krankenstand"]),
        ("Sam Op Ziekteverlof", "Sam Op Ziekteverlof; Anna helpt u.", ["ziekteverlof"]),
        (
            "Team für Krankmeldungen",
            "Anna hilft Ihnen, Team für Krankmeldungen.",
            ["krankmeldungen"],
        ),
        (
            "Pôle pour Arrêts Maladie",
            "Anna vous aide, Pôle pour Arrêts Maladie.",
            ["arrets maladie"],
        ),
    ],
)
def test_a_reason_written_in_capitals_after_a_linking_word_in_a_name_is_still_caught(
    name: str, text: str, found: list[str]
) -> None:
    assert words(text, names=[name]) == found


@pytest.mark.parametrize(
    ("name", "text", "refused"),
    [
        # an organisation's name keeps its words in lower case
        ("Cabinet médical des Tilleuls", "Cabinet médical des Tilleuls : Anna vous aide.", False),
        ("Centre de santé du Parc", "Centre de santé du Parc : Anna vous aide.", False),
        ("Stichting hulp bij ziekte", "Stichting hulp bij ziekte: Anna helpt u.", False),
        # "of the" inside an English name is part of it, as "van de" is of a Dutch one
        ("Friends of the Sick Children Trust", "Dear Friends of the Sick Children Trust,", False),
        ("Society for the Blind", "Dear Society for the Blind, Anna helps you.", False),
        # a listed reason of two words or more in any name is judged
        ("Team Return-to-Work Cover", "Team Return-to-Work Cover: Anna helps you.", True),
        ("Cellule Arrêts Longue Durée", "Anna, Cellule Arrêts Longue Durée", True),
        # a one-word surname or firm stays a name
        ("Krank GmbH", "Krank GmbH wünscht Ihnen einen guten Tag.", False),
    ],
)
def test_organisation_names_keep_lower_case_words_but_no_reason_phrase(
    name: str, text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=[name, "Anna"])) is refused, text


@pytest.mark.parametrize(
    "name",
    ["Jan In 't Veld", "Anna On Call", "Acme Health Care", "Ben Off Duty", "Marie Au Bon Pain"],
)
def test_a_linking_word_in_a_name_before_no_reason_keeps_the_whole_name(name: str) -> None:
    assert guard(f"{name} helps you from Monday.", NOTICE, names=[name]) == []


# --- senses in context ------------------------------------------------------------------------


@pytest.mark.parametrize("rule", sense_rules(), ids=lambda r: f"{r.lang}: {r.sense}")
def test_every_context_rule_reads_its_example_in_the_ordinary_sense(rule: object) -> None:
    assert rule.ordinary and rule.refused  # type: ignore[attr-defined]
    names = rule.names  # type: ignore[attr-defined]
    assert guard(rule.ordinary, NOTICE, names=names) == [], rule.ordinary  # type: ignore[attr-defined]
    assert guard(rule.refused, NOTICE, names=names) != [], rule.refused  # type: ignore[attr-defined]


def test_every_language_has_context_rules() -> None:
    assert {r.lang for r in sense_rules()} == {"nl", "fr", "de", "en"}


# --- refusals in the user's language -------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "“ziekteverlof” is not allowed (leave or absence). Write who helps from when"),
        ("nl", "„ziekteverlof” is niet toegestaan (verlof of afwezigheid). Schrijf wie er vanaf"),
        ("fr", "« ziekteverlof » n'est pas autorisé (congé ou absence). Écrivez qui aide"),
        ("de", "„ziekteverlof“ ist nicht erlaubt (Urlaub oder Abwesenheit). Schreiben Sie, wer ab"),
    ],
)
def test_a_refusal_names_the_word_its_category_and_a_rewrite_in_four_languages(
    lang: str, expected: str
) -> None:
    (finding,) = guard("Robin heeft ziekteverlof.", NOTICE)
    assert i18n_privacy.refusal(finding, lang).startswith(expected)


def test_every_category_and_rewrite_has_a_translation_in_each_language() -> None:
    for lang in ("nl", "fr", "de"):
        for label in i18n_privacy.CATEGORY_LABELS.values():
            assert has(lang, label), (lang, label)
        for text in i18n_privacy.REWRITES.values():
            assert has(lang, text), (lang, text)
        assert has(lang, i18n_privacy.REFUSAL)


# --- callers pass the names they know ------------------------------------------------------


def _entry(summary: str, participant: str) -> object:
    from connector.domain.contact_log import build_entry

    now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    return build_entry(
        {
            "contact_at": now,
            "author": {"name": "Chris Example", "function": "Team lead"},
            "channel": "phone",
            "outcome": "reached",
            "purpose": "return_planning",
            "summary": summary,
            "participants": [{"role": "colleague", "name": participant}],
        },
        entry_id="e-1",
        helpdesk="acme",
        employee_email="anna@example.com",
        employee_name="Anna de Vries",
        period_id=None,
        recorded_at=now,
    )


def test_a_contact_log_entry_never_judges_the_names_it_holds() -> None:
    from connector.domain.contact_log import lint_entry

    fine = _entry("Tom Krank neemt de escalaties over; terugkeer besproken.", "Tom Krank")
    assert lint_entry(fine) == {}  # type: ignore[arg-type]
    ill = _entry("Tom Krank zegt dat Anna nog krank is.", "Tom Krank")
    assert lint_entry(ill) == {"summary": ["not allowed in the HR file: krank"]}  # type: ignore[arg-type]


def test_a_contact_log_entry_is_judged_with_the_names_the_caller_passes() -> None:
    from connector.domain.contact_log import lint_entry

    entry = _entry("Afgestemd met Burnout Studios over de overdracht.", "Chris Example")
    assert lint_entry(entry) != {}  # type: ignore[arg-type]
    assert lint_entry(entry, ["Burnout Studios"]) == {}  # type: ignore[arg-type]


# --- kinds added after the fourth unseen batch (README "Privacy guard") --------------------


@pytest.mark.parametrize(
    "text",
    [
        "Tom is not at his best at the moment, so Ana answers your questions.",
        "Marieke is niet op haar best; Ruud helpt u zolang.",
        "Herr Maier ist gerade nicht ganz auf der Höhe, Frau Koch hilft Ihnen.",
        "Julie n'est pas dans son assiette, Marc reprend vos dossiers.",
    ],
)
def test_not_being_at_ones_best_is_a_hint_of_illness_in_a_notice(text: str) -> None:
    found = {f.category for f in guard(text, NOTICE)}
    assert found and found <= {Category.SICKNESS, Category.IMPRESSIONS_OF_HEALTH}, found


@pytest.mark.parametrize(
    "text",
    [
        "Her tests came back negative.",
        "Zijn scan was schoon, zei hij.",
        "Der Test war negativ, sagte sie.",
        "Son scanner est revenu normal.",
    ],
)
def test_a_result_that_came_back_is_a_test_result_in_the_hr_file(text: str) -> None:
    assert Category.TEST_RESULTS in {f.category for f in guard(text, HR)}


@pytest.mark.parametrize(
    "text",
    [
        "After the update we expect a return to normal service tonight.",
        "Na de update verwachten we vanavond een terugkeer naar de normale werking.",
        "Nach dem Update ist die Rückkehr zum regulären Betrieb für heute Abend geplant.",
        "Après la mise à jour, le retour au fonctionnement normal est prévu ce soir.",
    ],
)
def test_a_service_returning_to_normal_operation_is_no_hint(text: str) -> None:
    assert guard(text, NOTICE) == []


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Die Migration zum neuen Server: die Operation läuft noch zwei Wochen.", HR),
        ("De operatie loopt nog tot eind januari.", HR),
        ("The operation runs until the end of January.", HR),
        ("L'opération court jusqu'à fin janvier.", HR),
        ("Sie half bei der Wiederherstellung der Datenbank nach dem Ausfall.", HR),
        ("Hij hielp met het terugzetten van de backup na de uitval.", HR),
    ],
)
def test_an_operation_that_runs_or_an_outage_of_a_system_is_no_medical_word(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy) == []


def test_someones_own_return_to_normal_hours_is_still_a_hint() -> None:
    assert words("Nach ihrer Rückkehr zum normalen Arbeitspensum übernimmt sie wieder.") != []
    assert words("Had an operation last week, she is not at her best.", HR) != []


# --- kinds added after the fifth unseen batch (README "Privacy guard") ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "Now that things are looking up for Ben, he takes his customers back in January.",
        "Lotte is nog niet helemaal de oude; Sem helpt u zolang.",
        "Herr Brandt ist noch nicht wieder bei Kräften, Frau Ernst hilft Ihnen.",
        "Anne est à nouveau sur pied mais reprend doucement ; Paul vous aide.",
        "Jan pakt het in zijn eigen tempo weer op; Eva helpt u tot dan.",
        "Frau Kurz ist noch nicht ganz die Alte, Herr Lenz übernimmt.",
        "He isn't quite himself yet, so Mia looks after your tickets.",
        "Luc est un peu raplapla, Léa prend le relais.",
        "Hanneke ligt in de lappenmand, Daan neemt het over.",
        "Die Vroni is grad ned guad beinand, drum hilft Ihnen der Franz.",
        "Nu Iris weer wat sterker is, neemt ze haar klanten terug; tot dan helpt Bas u.",
        "Maintenant que Lise a repris des forces, elle reprend ses clients en janvier.",
    ],
)
def test_indirect_and_colloquial_hints_of_illness_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "He takes Zolpidem to get to sleep.",
        "Ze slikt sinds een week een diazepammetje voor het slapen.",
        "Sie nimmt Tavor, wenn es schlimm wird.",
        "Il prend du Lyrica depuis un mois.",
        "Seit der OP am Fuß kann er nicht lange stehen.",
        "Since his op he cannot lift boxes.",
        "Ze zag er vandaag veel beter uit dan in oktober.",
        "Sie sah deutlich besser aus als im Sommer.",
        "Il a repris des couleurs depuis septembre.",
        "She had noticeably more energy than at the last review.",
        "Er ist nach zwei Stunden schon völlig platt.",
        "Ze is na een ochtend al doodop.",
        "He was knackered after the morning shift.",
        "He hasn't been himself since the move.",
        "Er wirkte beim Gespräch abgespannt.",
        "Ze gebruikt sinds kort Seroquel.",
    ],
)
def test_medication_names_an_op_and_impressions_of_health_are_refused_in_the_hr_file(
    text: str,
) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Training on the Therapy Suite booking tool is on Tuesday.", HR),
        ("De licentie van de module TherapieOnline wordt verlengd.", NOTICE),
        ("Le module Thérapie Pro de votre logiciel est mis à jour vendredi.", NOTICE),
        ("Die Lizenz für das Modul TherapiePlus Ihrer Software läuft weiter.", NOTICE),
        ("The design is signed off; from Monday Kate is your contact.", NOTICE),
        ("Het plan van aanpak voor de nieuwe koppeling ligt klaar.", NOTICE),
        ("Für den Eingriff in die Anlage braucht der Techniker einen Tag.", NOTICE),
        ("Treatment of the queue of open refunds is shared across the team.", HR),
        ("Le site est de nouveau sur pied après la coupure.", NOTICE),
        ("Der Lieferant ist finanziell angeschlagen.", NOTICE),
        ("You can explore the new reports at your own pace.", NOTICE),
        ("U kunt het portaal in uw eigen tempo verkennen.", NOTICE),
        ("Sie können das Portal in Ihrem eigenen Tempo kennenlernen.", NOTICE),
        ("The team put more energy than ever into the release.", HR),
    ],
)
def test_therapy_as_a_product_and_other_ordinary_senses_of_the_fifth_batch_pass(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy) == [], text


def test_the_own_pace_of_the_employee_is_a_hint_in_a_notice_but_an_arrangement_in_the_hr_file() -> (
    None
):
    text = "Ze werkt in haar eigen tempo aan de nieuwe artikelen."
    assert guard(text, NOTICE) != []
    assert guard(text, HR) == []


# --- kinds added after the sixth unseen batch (README "Privacy guard") ---------------------


@pytest.mark.parametrize(
    "text",
    [
        # colloquial illness, with words in between
        "Marco ligt sinds dinsdag helemaal plat, daarom helpt Eva u verder.",
        "Herr Vogt liegt schon die ganze Woche flach; Frau Lenz übernimmt.",
        "Tom has been laid low this week, so Amy will answer your tickets.",
        "Julien est sur le flanc depuis lundi ; Claire reprend vos dossiers.",
        # maternity and paternity leave in short or in Belgian words
        "Priya is on pat leave until May; Tom is your contact.",
        "Sanne is met zwangerschapsverl. tot juni; Rik helpt u.",
        "Sophie is in moederschapsrust; Marc helpt u verder.",
        "Sophie est en congé mat jusqu'en mars ; Marc vous répond.",
        "Lena ist in der Babypause; Herr Kurz ist Ihr Ansprechpartner.",
        # private matters said plainly
        "Things are tough at home for Dan right now, so Amy takes over.",
        "Lotte heeft het thuis even zwaar, dus Bas neemt het over.",
        "Claire n'a pas la vie facile en ce moment ; Paul reprend vos demandes.",
        "Herr Brandt hat es privat gerade nicht leicht; Frau Ott übernimmt.",
        # absence said without a listed word
        "Jan is er al weken niet geweest; vanaf 3 maart helpt Bas u.",
        "Ben hasn't been around since March; from 3 May Amy is your contact.",
        "Herr Maier ist seitdem nicht mehr im Büro; ab 3. Mai hilft Ihnen Frau Ott.",
        "Paul n'a plus été là depuis l'été ; Claire est votre interlocutrice.",
        # a reason in a signature's role line
        "Amy Shaw\nSupport – covering for Ben during his time away",
        "Eva de Wit\nKlantenservice – vervangt Jan tijdens zijn afwezigheid",
        "Frau Ott\nKundendienst – vertritt Herrn Maier während seiner Arbeitsunfähigkeit",
        "Claire Petit\nSupport – remplace Paul durant son incapacité",
        # recovery as a phrase, with an ordinary near word in the next clause
        "Ruben is nog aan het herstellen en neemt geen telefoon op; Yara helpt u.",
    ],
)
def test_the_sixth_batchs_kinds_of_hint_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # impressions of health, with words in between
        "Ze klonk een stuk opgewekter dan vorige keer.",
        "Hij zag er wat bleekjes uit.",
        "He sounded a lot brighter than last time.",
        "He's lost quite a lot of weight since January.",
        "Il avait la voix faible et le teint terne.",
        "Elle a perdu pas mal de poids depuis janvier.",
        "Er klang am Telefon recht matt.",
        "Er hat drei Kilo abgenommen.",
        # symptoms without a listed word
        "Sie kann sich noch nicht lange konzentrieren.",
        "Hij kan zich nog niet lang concentreren.",
        "She keeps forgetting appointments.",
        "Il oublie souvent ses rendez-vous.",
        "Ze is snel buiten adem.",
        "Er ist beim Treppensteigen schnell außer Atem.",
        "Elle a le souffle court dans l'escalier.",
        "Hij wordt draaierig als hij opstaat.",
        "He feels lightheaded when he stands up.",
        # a body part and trouble
        "Her knee has been playing up since the weekend.",
        "Der Rücken macht noch Probleme beim Sitzen.",
        "Zijn knie doet nog moeilijk bij traplopen.",
        "Son genou lui joue encore des tours.",
        # named conditions, drug classes with typos, compounds
        "Sie hat Eisenmangel und Anämie.",
        "He told me it's anaemia.",
        "Ze heeft bloedarmoede.",
        "Er hat ME/CFS.",
        "She takes anti-depressants.",
        "Er nimmt Betabloker.",
        "Hij gebruikt pijnmedicatie.",
        "Sie nimmt Schlafmedikamente.",
    ],
)
def test_the_sixth_batchs_kinds_of_medical_information_are_refused_in_the_hr_file(
    text: str,
) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "Hij gebruikt slaap\u200dmedicatie.",  # a zero-width joiner inside a compound
        "Sie nimmt Schlaf\u2060mittel.",  # a word joiner inside a compound
        "She is on b\u0435ta blockers.",  # a Cyrillic e
        "Ze heeft bl\u03bfedarmoede.",  # a Greek omicron
        "Er hat An&auml;mie.",  # a named entity inside an accented word
        "Elle prend des b&#234;tabloquants.",  # a numeric one
        "Ze heeft bloed&shy;armoede.",
    ],
)
def test_smuggling_inside_a_compound_or_an_accented_word_is_read_through(text: str) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Door een stroomstoring ligt ons netwerk sinds vanochtend plat; Eva helpt u.", NOTICE),
        ("Seit heute früh liegt unser Netzwerk flach; Frau Lenz hilft Ihnen.", NOTICE),
        ("Die Umstellung hat es uns nicht leicht gemacht; Frau Ott hilft Ihnen.", NOTICE),
        ("De migratie heeft het ons niet makkelijk gemaakt; Bas is uw contactpersoon.", NOTICE),
        ("Een reserveserver vervangt de hoofdserver tijdens zijn onderhoud; Eva helpt u.", NOTICE),
        ("Un serveur de secours remplace le serveur principal pendant sa maintenance.", NOTICE),
        ("Black Friday fever is here, so Tom joins your account team.", NOTICE),
        ("De voorverkoopkoorts slaat toe, daarom helpt Bas u.", NOTICE),
        ("La fièvre des soldes est là ; Paul vous aide.", NOTICE),
        ("Das WM-Fieber hat uns erfasst; Frau Ott hilft Ihnen.", NOTICE),
        ("After the operation to upgrade your firewall, Tom is your contact.", NOTICE),
        ("Na de ingreep op de database controleert Bas of alles werkt.", NOTICE),
        ("A return to the previous software version is planned for Sunday.", NOTICE),
        ("Le retour à l'ancienne version du logiciel est prévu dimanche.", NOTICE),
        ("Die Rückkehr zur alten Softwareversion ist für Sonntag geplant.", NOTICE),
        ("Wiederherstellung der Stammdaten aus der Sicherung ist seine erste Aufgabe.", HR),
        ("Herstel van de verwijderde klantgegevens uit de backup is zijn eerste taak.", HR),
        ("Zij doet de gezondheidscheck van het klantenbestand.", HR),
        ("Er macht den Gesundheitscheck der Kundendatenbank.", HR),
        ("Hij neemt de afhandeling van binnenkomende klachten over.", HR),
        ("The new dashboard looked a bit grey, so we agreed to review it.", HR),
        ("De planning ziet er voor april goed uit.", HR),
        ("Die Zahl der Eskalationen hat deutlich abgenommen.", HR),
        ("Sie soll sich nicht auf Eskalationen konzentrieren, sondern auf Routinefälle.", HR),
    ],
)
def test_ordinary_senses_of_the_sixth_batch_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy) == [], text


def test_the_same_words_of_the_sixth_batch_are_still_refused_where_they_are_about_a_person() -> (
    None
):
    assert guard("Tom has a fever, so Amy helps you.", NOTICE) != []
    assert guard("After her operation, Tom is your contact.", NOTICE) != []
    assert guard("Na de ingreep aan haar knie werkt ze halve dagen.", HR) != []
    assert guard("Sie hatte einen Gesundheitscheck beim Hausarzt.", HR) != []
    assert guard("Zijn klachten nemen af.", HR) != []


def test_leave_and_private_matters_of_the_sixth_batch_are_facts_of_the_process_in_the_hr_file() -> (
    None
):
    for text in (
        "Ze komt na haar moederschapsrust terug op 1 maart, eerst 20 uur per week.",
        "Her phased return after mat leave starts on 3 March with four hours a day.",
    ):
        assert guard(text, NOTICE) != [], text
        assert guard(text, HR) == [], text


def test_where_two_readings_differ_is_found_as_by_splitting_both_whole_texts() -> None:
    """``_differing_tokens`` splits only the tokens near the first and last differing
    characters; it must count the shared tokens exactly as splitting both texts would."""
    import random

    from connector.domain import privacy as privacy_module

    def by_splitting(a: str, b: str) -> tuple[int, int]:
        left, right = privacy_module._WORD_SPLIT.split(a), privacy_module._WORD_SPLIT.split(b)
        head = 0
        while head < min(len(left), len(right)) and left[head] == right[head]:
            head += 1
        tail = 0
        most = min(len(left), len(right)) - head
        while tail < most and left[len(left) - 1 - tail] == right[len(right) - 1 - tail]:
            tail += 1
        return head, tail

    rng = random.Random(16)
    alphabet = "ab c_.é<1 \n"
    for _ in range(5000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        edited = list(a)
        for _ in range(rng.randint(1, 3)):
            pos = rng.randint(0, len(edited))
            if rng.random() < 0.5 or not edited:
                edited.insert(pos, rng.choice(alphabet))
            else:
                edited[min(pos, len(edited) - 1)] = rng.choice(alphabet)
        b = "".join(edited)
        if a == b:
            continue
        _, spans = privacy_module._words_and_spans(b)
        a_words = len(privacy_module._words_and_spans(a)[0])
        assert privacy_module._differing_tokens(a, a_words, b, spans) == by_splitting(a, b), (a, b)


def test_a_second_reading_has_the_words_and_spans_of_splitting_it_whole() -> None:
    """``_respan`` reuses the words of the first reading where the two agree; its words and
    spans must be those of splitting the second reading whole."""
    import random

    from connector.domain import privacy as privacy_module

    rng = random.Random(7)
    alphabet = "ab c_.é<1 \nß"
    for _ in range(5000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        edited = list(a)
        for _ in range(rng.randint(0, 3)):
            pos = rng.randint(0, len(edited))
            roll = rng.random()
            if roll < 0.4 or not edited:
                edited.insert(pos, rng.choice(alphabet))
            elif roll < 0.7:
                edited[min(pos, len(edited) - 1)] = rng.choice(alphabet)
            else:
                del edited[min(pos, len(edited) - 1)]
        b = "".join(edited)
        words, spans = privacy_module._words_and_spans(a)
        assert privacy_module._respan(a, words, spans, b) == privacy_module._words_and_spans(b)


def test_sentence_ends_are_those_of_the_readable_pattern() -> None:
    """``_SENTENCE_END`` is written for speed; it finds what the readable pattern finds."""
    import random
    import re

    from connector.domain import privacy as privacy_module

    # a full stop after a number of one or two digits is a German ordinal day (4. Mai), no end
    readable = re.compile(r"[!?;\n]|(?<!(?<!\d)\d)(?<!(?<!\d)\d\d)\.(?=\s+\D|$)")
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice("a. !\n;1?") for _ in range(rng.randint(0, 10)))
        fast = [m.span() for m in privacy_module._SENTENCE_END.finditer(text)]
        assert fast == [m.span() for m in readable.finditer(text)], repr(text)


def test_the_names_of_many_customers_do_not_pile_up_in_memory() -> None:
    """Each notice brings its customer's name, so the compiled name patterns are bounded."""
    for n in range(600):
        guard("Bob hilft Ihnen.", Policy.NOTICE, names=["Bob Jansen", f"Kunde {n} Krank GmbH"])
    from connector.domain import privacy as privacy_module

    assert privacy_module._name_regex.cache_info().currsize <= 512
    assert guard("Krank GmbH: Bob hilft Ihnen.", Policy.NOTICE, names=["Krank GmbH"]) == []
    assert guard("Krank GmbH: Bob hilft Ihnen.", Policy.NOTICE) != []


def test_thousands_of_distinct_notices_do_not_pile_up_in_the_caches_of_texts() -> None:
    """A period's start renders a notice per customer: long texts are not kept."""
    from connector.domain import lint
    from connector.domain import privacy as privacy_module

    kept_short = lint._fold_short.cache_info().currsize
    body = "Vanaf 2 maart 2026 helpt Femke Jansen u met uw vragen over uw contract. " * 4
    for n in range(300):
        guard(f"{body} Ticket {n}.", Policy.NOTICE)
    assert lint._fold_short.cache_info().currsize - kept_short < 300
    assert lint.variants.cache_info().currsize <= 256
    assert privacy_module._word_findings.cache_info().currsize <= 256


# --- kinds added after the seventh unseen batch (README "Privacy guard") --------------------


@pytest.mark.parametrize(
    "text",
    [
        # a hint after everything that happened
        "Na alles wat Iris dit voorjaar heeft doorgemaakt, helpt Bas u voortaan.",
        "Nach allem, was Herr Kühn mitgemacht hat, übernimmt Frau Ott.",
        "Après tout ce que Paul a vécu cette année, Claire reprend vos dossiers.",
        "After all he has been through, Amy will look after your account.",
        "Given the year Ben has had, Amy is your contact for now.",
        # taking it easy, finding one's feet
        "Iris moet het voorlopig kalm aan doen; Bas helpt u verder.",
        "Herr Kühn tritt vorerst etwas kürzer; Frau Ott übernimmt.",
        "Pour que Paul retrouve ses marques, Claire reste votre contact.",
        "Nous voulons le ménager encore quelques semaines ; Claire vous répond.",
        "Ben is still finding his feet, so Amy handles your tickets.",
        "We're keeping Ben's workload light this month; Amy takes over.",
        "Iris moet wat gas terugnemen; Bas helpt u.",
        "Ben needs to pace himself, so Amy answers your tickets.",
        "Paul doit y aller mollo ; Claire vous répond.",
        "Ben has had a rough year; Amy takes over your account.",
        # recovery in new words and other forms of listed phrases
        "Iris is flink aan de beterhand; tot dan helpt Bas u.",
        "En attendant que Paul reprenne pied, Claire vous répond.",
        "Bis Herr Kühn wieder zu Kräften kommt, hilft Ihnen Frau Ott.",
        "Until Ben is quite himself again, Amy is your contact.",
        "Tot Iris weer de oude is, helpt Bas u verder.",
        "Bis Frau Kühn wieder ganz sie selbst ist, hilft Ihnen Frau Ott.",
        # US/UK leave words
        "Ben is out on FMLA until June; Amy covers your account.",
        "Ben has a fit note until Friday, so Amy will reply.",
        "Herr Kühn hat noch den gelben Schein; Frau Ott hilft Ihnen.",
        "Ben is out on PTO, so Amy will reply.",
        # an organ op
        "After Ben's hip op last month, Amy took over your tickets.",
        "Depuis son op du genou, Paul est remplacé par Claire.",
        # letter-spacing with a mark inside
        "Ben is off with s t r e s s - r e l a t e d issues; Amy helps.",
        "Iris heeft een z i e k t e - v e r l o f; Bas helpt u.",
    ],
)
def test_the_seventh_batchs_kinds_of_hint_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # a body part with a state
        "Rechterknie mag nog niet volledig belast worden.",
        "Die Schulter ist noch nicht voll belastbar.",
        "Rücken und Nacken machen beim Heben noch Probleme.",
        "Her wrist is still swollen in the mornings.",
        "Épaule droite encore immobilisée jusqu'à fin mai.",
        # drug names
        "Nimmt abends Novaminsulfon gegen die Schmerzen.",
        "Prend du Doliprane le matin.",
        "Neemt 's avonds Brufen.",
        "Taking Co-codamol at night.",
        # therapy acronyms with context
        "Started CBT in March, one session a week.",
        "Volgt CGT-sessies op donderdag.",
        "Suit une TCC depuis avril.",
        "Macht seit April eine KVT.",
        # Flemish and other care roles
        "Gesprek met de controlegeneesheer gepland op 3/6.",
        # impressions
        "Wirkte im Gespräch sehr dünnhäutig.",
        "Came across as thin-skinned in the meeting.",
        "Kwam wat lichtgeraakt over.",
        "Semblait à cran pendant l'entretien.",
    ],
)
def test_the_seventh_batchs_medical_kinds_are_refused_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a bug's or a system's diagnosis
        ("Tom neemt de diagnose van de synchronisatiefouten over.", []),
        ("Frau Ott übernimmt die Diagnose der Schnittstellenfehler.", []),
        ("Amy will handle the diagnosis of your sync errors.", []),
        # the treatment of requests and returns
        ("Frau Ott übernimmt die Behandlung Ihrer Rücksendungen.", []),
        ("Bas behandelt vanaf maandag uw retourzendingen.", []),
        # the reintegration of a module or interface
        ("Tom begeleidt de re-integratie van de betaalmodule in uw webshop.", []),
        ("Amy looks after the reintegration of the API gateway.", []),
        ("Claire s'occupe de la réintégration du module de facturation.", []),
        ("Frau Ott plant die Wiedereingliederung der Schnittstelle.", []),
        # the return of goods
        ("De terugkeer van de pakketten naar ons magazijn is gepland.", []),
        ("Die Rückkehr der Leihgeräte ins Lager ist für Freitag geplant.", []),
        ("The return of the parcels to our warehouse is planned.", []),
        ("Le retour des colis à l'entrepôt est prévu vendredi.", []),
        # rehash
        ("No need to rehash the details; Amy has all the notes.", []),
        # a doctor's title before a known name
        ("Guten Tag Doktor Berger, Frau Ott betreut Ihre Praxis.", ["Berger", "Ott"]),
        ("Dear Dr. Okafor, Amy now handles your practice's account.", ["Okafor", "Amy"]),
    ],
)
def test_the_seventh_batchs_ordinary_senses_pass_in_a_notice(text: str, names: list[str]) -> None:
    assert guard(text, NOTICE, names=names) == [], text


def test_a_doctors_title_alone_is_still_judged() -> None:
    assert guard("Ben has an appointment with the doctor; Amy helps.", NOTICE) != []


@pytest.mark.parametrize(
    "text",
    [
        # the rules of the seventh batch need a word of the ordinary sense, not any nearby word
        "Robin is nog in behandeling, uw contactpersoon is Tom.",
        "Diagnose: angeborener Herzfehler; Frau Ott hilft Ihnen.",
        "Die Diagnose betrifft das Nervensystem; Frau Ott hilft Ihnen.",
        "De re-integratie en haar takenpakket worden besproken; Bas helpt u.",
        "La réintégration sur la base du plan est prévue ; Claire vous répond.",
        "The reintegration of Ben, feedback welcome; Amy helps you meanwhile.",
    ],
)
def test_the_seventh_batchs_rules_still_refuse_the_health_sense(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "Bas houdt zijn agenda voorlopig wat lichter; evaluatie over vier weken.",
        "Tritt vorerst kürzer: vier Stunden pro Tag, Überprüfung in zwei Wochen.",
        "Workload kept light for the first month, reviewed on 1 June.",
        "Reprend doucement ses marques à mi-temps ; point d'étape le 3 juin.",
    ],
)
def test_taking_it_easy_is_an_arrangement_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) == [], text


# --- kinds added after the eighth unseen batch (README "Privacy guard") ---------------------


@pytest.mark.parametrize(
    "text",
    [
        # not at full strength, taking it easy
        "Iris draait nog niet helemaal op volle toeren; Bas helpt u verder.",
        "Iris is nog niet op volle kracht, dus Bas volgt uw dossier op.",
        "Iris moet het nog even kalmpjes aan doen; Bas helpt u.",
        "Zodat Iris nog wat kan bekomen, neemt Bas uw vragen over.",
        "Paul n'est pas encore à 100 %, Claire reprend vos demandes.",
        "Paul n'est pas encore au top, Claire vous répond.",
        "Paul doit encore se ménager ; Claire reprend vos dossiers.",
        "Herr Kühn muss es noch langsam angehen lassen; Frau Ott hilft Ihnen.",
        "De Beni isch no nöd ganz de Alt, drum hilft Ihne d'Frau Ott.",
        "Herr Kühn ist noch nicht ganz auf der Höhe; Frau Ott übernimmt.",
        "Ben isn't firing on all cylinders just yet, so Amy has your tickets.",
        "Ben is not quite at 100 % yet; Amy will reply in the meantime.",
        "Ben is not back at full strength, so Amy covers your account.",
        # part-time since the return
        "Iris is terug maar werkt voorlopig halftijds; Bas helpt u verder.",
        "Paul travaille à mi-temps depuis son retour ; Claire reprend vos dossiers.",
        "Seit ihrer Rückkehr arbeitet Frau Kühn vorerst in Teilzeit; Frau Ott hilft.",
        "Ben has been part-time since he came back, so Amy handles your account.",
        # therapies with context
        "Ben is doing PT twice a week, so Amy takes your calls.",
        "Iris gaat twee keer per week naar de kine; Bas helpt u.",
        "Paul a des séances de kiné le mardi ; Claire vous répond.",
        "Herr Kühn geht dienstags zur Physio; Frau Ott hilft Ihnen.",
        # a body part with a state
        "Zijn knie zwelt nog op na een lange dag; Bas helpt u.",
        "Sein Knie schwillt abends noch an; Frau Ott übernimmt.",
        "Ben's back is still playing up, so Amy handles your tickets.",
        "Son épaule qui lance encore l'empêche de conduire ; Claire vous répond.",
        # an impression of mood
        "Iris heeft weer meer pit en is minder down; Bas blijft uw contact.",
        "Ben seemed more upbeat on the phone; Amy stays your contact for now.",
    ],
)
def test_the_eighth_batchs_kinds_of_hint_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # a body part with a state
        "Knie ~ schwillt: Das Knie schwillt nach dem Treppensteigen an.",
        "Das Kreuz zwickt beim Heben noch.",
        "Back's been playing up since the move, asks for a new chair.",
        "Rug speelt weer op na lang zitten.",
        "Épaule qui lance le soir, demande un support d'écran.",
        # therapies with context
        "In PT on Tuesdays and Thursdays until June.",
        "Doing OT and PT, two afternoons a week.",
        "Twee keer per week naar de kine.",
        "Séances de kiné le jeudi après-midi.",
        # drug brands
        "Prend du Seroplex depuis février.",
        "Neemt Contramal tegen de pijn.",
        "Nimmt seit März Trevilor.",
        "On Lustral since January, feels slower in the mornings.",
        "Neemt 's avonds een Stilnoct.",
        "Prend du Lexomil le soir.",
        "Nimmt abends Zopiclon.",
        "Taking Zimovane at night.",
        # impressions of mood
        "Klonk beter dan vorige keer, meer pit.",
        "Avait plus d'entrain au téléphone.",
        "Wirkte am Telefon besser drauf als letzten Monat.",
        "Sounded more chipper on the call.",
    ],
)
def test_the_eighth_batchs_medical_kinds_are_refused_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # the recovery of a test environment or system
        "Tom helpt bij het herstel van de testomgeving na de mislukte update.",
        "Frau Ott übernimmt die Wiederherstellung der Staging-Umgebung.",
        "Amy looks after the recovery of the staging environment this week.",
        # the diagnosis of printers, queues, devices
        "Frau Ott übernimmt die Diagnose der Druckerwarteschlange.",
        "Bas zet de diagnose van uw labelprinter verder.",
        "Amy runs the diagnostics on your barcode scanner.",
        "Claire poursuit le diagnostic de votre imprimante de caisse.",
        # the symptoms of a bug or a system
        "Amy is looking into the symptoms of the checkout bug.",
        "Bas bekijkt de symptomen van de storing in uw kassasysteem.",
        "Claire analyse les symptômes de l'erreur de synchronisation.",
        "Frau Ott prüft die Symptome des Druckerfehlers.",
        "The symptoms you mentioned (scanner jams) are logged; Amy follows up.",
        # the burn-out of a lamp, a tube, a laser
        "The projector lamp had a burnout after 3000 hours; Amy orders a new one.",
        "Die Laserröhre hatte einen Burnout nach 1500 Betriebsstunden; Frau Ott tauscht sie.",
        "La lampe du projecteur a subi un burn-out ; Claire la remplace.",
        "De lamp van uw beamer had een burn-out; Bas vervangt ze.",
        # a sales fever
        "With Cyber Monday fever, Amy joins your account team.",
        "Met de koopjeskoorts van de solden helpt Bas u verder.",
        "Avec la fièvre des promos, Claire rejoint votre équipe.",
        "Im Ausverkauf-Fieber übernimmt Frau Ott Ihre Tickets.",
        # the treatment of a return or an RMA
        "Uw retour (RMA 4410) wordt volgende week behandeld door Bas.",
        "Your RMA is being treated by Amy from Monday.",
        # PT as a time zone
        "The kick-off is at 9:30 in PT; Amy sends the link.",
        "Ihre RMA-Rücksendung 4410 wird ab Montag behandelt.",
    ],
)
def test_the_eighth_batchs_ordinary_senses_pass_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) == [], text


@pytest.mark.parametrize(
    "text",
    [
        # the rules of the eighth batch need a word of the ordinary sense
        "Ben described his symptoms to the doctor; Amy takes over.",
        "Iris heeft last van symptomen van vermoeidheid; Bas helpt u.",
        "Paul a encore des symptômes ; Claire vous répond.",
        "After her burnout Ben starts again slowly; Amy is your contact.",
        "Iris zit in een burn-out; Bas helpt u verder.",
        "Herr Kühn hat Fieber; Frau Ott hilft Ihnen.",
        "De diagnose kwam hard aan bij Iris; Bas helpt u.",
        "Robin wordt behandeld in het ziekenhuis; Bas helpt u.",
        "Zijn herstel verloopt goed; Bas helpt u verder.",
        "Ben is still in recovery (after the surgery); Amy helps you.",
        "Ben has been in PT since May; Amy takes your calls.",
    ],
)
def test_the_eighth_batchs_rules_still_refuse_the_health_sense(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "Werkt sinds ze terug is voorlopig halftijds; evaluatie over zes weken.",
        "Depuis son retour, travaille à mi-temps ; point le 3 juin.",
        "Seit der Rückkehr in Teilzeit, Überprüfung in vier Wochen.",
        "Part-time since she came back, reviewed on 1 June.",
        "Doit encore se ménager : quatre heures par jour.",
        "Mag het nog kalmpjes aan doen: vier uur per dag.",
    ],
)
def test_part_time_since_the_return_is_an_arrangement_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) == [], text


# --- kinds added after the ninth unseen batch (README "Privacy guard") ----------------------


@pytest.mark.parametrize(
    "text",
    [
        # sidelined, back in the saddle, running on empty, taking things slower
        "Iris staat voorlopig op een laag pitje; Bas helpt u verder.",
        "Zodra Iris weer in het zadel zit, neemt ze uw dossier terug; tot dan helpt Bas.",
        "Iris staat nog even langs de zijlijn, dus Bas volgt uw vragen op.",
        "Paul remonte doucement en selle ; Claire reprend vos demandes.",
        "Paul lève encore le pied quelques semaines ; Claire vous répond.",
        "Herr Kühn sitzt vorerst auf der Ersatzbank; Frau Ott hilft Ihnen.",
        "Herr Kühn ist wieder im Sattel, aber Frau Ott bleibt noch Ihr Kontakt.",
        "Bis Herr Kühn wieder auf die Beine kommt, übernimmt Frau Ott.",
        "Ben is on the sidelines for a few weeks; Amy has your tickets.",
        "Ben is back in the saddle soon; until then Amy covers your account.",
        "Ben has been running on empty, so Amy takes over from Monday.",
        "Ben is taking things much slower for now; Amy replies in the meantime.",
        # life events as a personal reason
        "Na het overlijden van haar vader neemt Iris wat tijd; Bas helpt u.",
        "Iris zorgt momenteel voor haar moeder; Bas volgt uw dossier op.",
        "Iris is in blijde verwachting, dus Bas wordt uw contactpersoon.",
        "Après le décès de son père, Paul prend du temps ; Claire vous répond.",
        "Paul s'occupe de sa mère en ce moment ; Claire reprend vos dossiers.",
        "Frau Kühn ist guter Hoffnung; ab Juni hilft Ihnen Frau Ott.",
        "Herr Kühn pflegt zurzeit seine Mutter; Frau Ott übernimmt.",
        "After the death of his mother Ben is taking some time; Amy helps you.",
        "Ben is caring for his father at the moment, so Amy has your account.",
        "Mia is expecting her first child, so Amy becomes your contact.",
        # a gradual build-up of a colleague's work
        "Met het oog op een geleidelijke opbouw van zijn werk helpt Bas u verder.",
        "Dans le cadre d'une montée progressive de son activité, Claire reprend vos tickets.",
        "Im Rahmen eines schrittweisen Aufbaus seiner Arbeit übernimmt Frau Ott.",
        "As part of a gradual build-up of her work, Amy takes your tickets.",
        # crutches, sling, neck brace
        "Iris loopt nog op krukken; Bas komt bij u langs.",
        "Paul marche avec des béquilles ; Claire se déplace chez vous.",
        "Herr Kühn ist noch auf Krücken angewiesen; Frau Ott kommt vorbei.",
        "Ben is on crutches for a while, so Amy does the site visits.",
        "Herr Kühn trägt eine Halskrause; Frau Ott übernimmt die Besuche.",
        "Ben is wearing a neck brace; Amy does your on-site visits.",
    ],
)
def test_the_ninth_batchs_kinds_of_hint_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # crutches, sling, neck brace, a swollen knee
        "Linkerarm in mitella, typt traag.",
        "Bras droit en écharpe, tape d'une main.",
        "Trägt den Arm in einer Armschlinge.",
        "Draagt een nekkraag, kan het hoofd niet draaien.",
        "Porte une minerve depuis lundi.",
        "Knie nog dik na het sporten, geen trappen.",
        # hydrotherapy
        "Hydrotherapie op maandag en woensdag.",
        "Séances d'hydrothérapie le vendredi.",
        "Hydrotherapie zweimal pro Woche.",
        "Hydrotherapy on Fridays, leaves at 3.",
        # sleep study, CPAP, apnoea
        "Slaaponderzoek gepland, daarna mogelijk een CPAP.",
        "Polysomnographie prévue en juin.",
        "Termin im Schlaflabor nächste Woche.",
        "Uses a CPAP since the sleep study in May.",
        "Diagnosed with apnea last month.",
        # tinnitus
        "Heeft last van oorsuizen bij lawaai.",
        "Se plaint d'acouphènes avec le casque.",
        # ICD codes, AU with context
        "AU bis 30.4., Diagnose F32.1.",
        "Krankgeschrieben mit F43.2 laut Attest.",
    ],
)
def test_the_ninth_batchs_medical_kinds_are_refused_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # the relapse of a bug, an error, a fault
        "De terugval van de koppelingsfout na de patch volgt Bas voor u op.",
        "La rechute de l'erreur de connexion est traitée par Claire.",
        "Den Rückfall des Druckerfehlers nach dem Update prüft Frau Ott.",
        "Amy follows up the relapse of the sync error after the upgrade.",
        # a car's or a fleet's checkup
        "Amy books the checkup for your delivery vans from Monday.",
        "The fleet checkup for your lease cars is handled by Amy.",
        # sick as slang
        "Sick news: your new dashboard goes live on Monday!",
        "Amy built the new export and honestly, that's sick.",
        # pain points
        "Amy knows the pain points of your checkout flow.",
        "Claire connaît les points de douleur de votre entrepôt.",
        "Bas kent de pijnpunten van uw koppeling.",
        "Frau Ott kennt die Schmerzpunkte Ihrer Schnittstelle.",
        # est suivi(e) of a bug, a ticket, a request
        "Votre ticket d'export est suivi par Claire à partir de lundi.",
        "Le bug de facturation après la mise à jour est suivi par Claire.",
        # a software crutch
        "Amy will replace the old crutch script with a proper API.",
        "Die Krücke per Cronjob bleibt bis zum Release aktiv.",
        "La béquille par script reste en place jusqu'à la migration.",
        # a keyboard key, an ordinary project, a system expecting, bar stools
        "Appuyez sur la touche Entrée pour valider votre commande.",
        "Wir bringen Ihr Projekt wieder auf die Beine; Frau Ott hilft.",
        "The API is expecting a token; Amy sends you the new one.",
        "De nieuwe krukken voor de balie worden maandag geleverd.",
        "Een geleidelijke opbouw van de voorraad staat gepland.",
    ],
)
def test_the_ninth_batchs_ordinary_senses_pass_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) == [], text


@pytest.mark.parametrize(
    "text",
    [
        # the rules of the ninth batch need a word of the ordinary sense
        "Ben had a relapse last month; Amy takes over.",
        "Iris heeft een terugval gehad; Bas helpt u verder.",
        "Paul a fait une rechute ; Claire vous répond.",
        "Herr Kühn hatte einen Rückfall; Frau Ott hilft Ihnen.",
        "Ben has a checkup at the hospital; Amy helps you.",
        "Ben is sick this week; Amy helps you.",
        "Ben is in a lot of pain; Amy takes your calls.",
        "Paul a des douleurs au dos ; Claire vous répond.",
        "Herr Kühn hat Schmerzen; Frau Ott übernimmt.",
        "Paul est suivi par un psychologue ; Claire vous répond.",
        "Ben is still on crutches; Amy visits you.",
        "Paul marche encore avec des béquilles ; Claire vous répond.",
        "Herr Kühn geht an Krücken; Frau Ott kommt vorbei.",
    ],
)
def test_the_ninth_batchs_rules_still_refuse_the_health_sense(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "Geleidelijke opbouw van de werkzaamheden vanaf 1 oktober afgesproken.",
        "Montée progressive de son activité à partir du 1er octobre.",
        "Schrittweiser Aufbau der Arbeitszeit ab Oktober vereinbart.",
        "Gradual build-up of her work from 1 October agreed.",
    ],
)
def test_a_gradual_build_up_is_an_arrangement_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) == [], text


# --- kinds added after the tenth unseen batch (README "Privacy guard") ----------------------


@pytest.mark.parametrize(
    "text",
    [
        # abbreviations of sick or incapacitated, with the context that says someone is so
        "Weil Frau Brandt zurzeit AU ist, hilft Ihnen Herr Ott.",
        "Herr Kühn ist seit Dienstag AU; Frau Ott übernimmt.",
        "Herr Kühn ist AU geschrieben, Frau Ott hilft Ihnen.",
        "Iris is sinds maandag z.v.; Bas helpt u verder.",
        "Iris is zv, dus Bas volgt uw dossier op.",
        "Door de gedeeltelijke AO van Iris neemt Bas uw dossier over.",
        "Iris is voor 50% AO; Bas helpt u.",
        "Paul est en maladie ; Claire reprend vos dossiers.",
        "Paul est en AT depuis lundi ; Claire vous répond.",
        "Ben is out on STD, so Amy covers your account.",
        "Ben is on LTD for now; Amy helps you.",
        # a colleague's workload lightened during the return, reintegration plans
        "Pour alléger sa charge de travail durant sa reprise, Claire reprend vos tickets.",
        "Iris werkt halftijds volgens haar opstartplan; Bas helpt u.",
        "Om haar werkdruk te verlichten neemt Bas uw dossier over.",
        "Um ihn während seiner Rückkehr zu entlasten, übernimmt Frau Ott.",
        "Herr Kühn ist in der Wiedereingliederung; Frau Ott hilft Ihnen.",
        "To lighten her workload during her phased return, Amy takes over.",
        "Amy takes your calls while he settles back in.",
        # return-to-work interviews
        "Paul vous recontacte après son entretien de reprise.",
        "Iris belt u na haar terugkeergesprek.",
        "Herr Kühn meldet sich nach dem Rückkehrgespräch.",
        "Ben will call you after his return to work meeting.",
        # emoji with a health meaning
        "Iris is 🤒 vandaag; Bas helpt u.",
        "Paul est 🤧 cette semaine ; Claire vous répond.",
        "Herr Kühn liegt im 🏥, Frau Ott hilft Ihnen.",
        "Ben is home with 💊 and 🩹; Amy has your tickets.",
        "Ben is ♿ for now, so Amy does the site visits.",
    ],
)
def test_the_tenth_batchs_kinds_of_hint_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # lab and blood results
        "Start uitgesteld tot de bloeduitslagen er zijn.",
        "Labresultaten nog niet binnen.",
        "Attend ses résultats sanguins de lundi.",
        "Blutergebnisse kommen nächste Woche.",
        "Waiting for the blood results before adding hours.",
        # complaints tied to pregnancy
        "Minder uren door zwangerschapsklachten.",
        "Last van bekkeninstabiliteit, zit veel.",
        "Horaires adaptés pour des douleurs ligamentaires.",
        "Diabète gestationnel, pauses plus fréquentes.",
        "Weniger Stunden wegen Schwangerschaftsbeschwerden.",
        "Stunden reduziert wegen Symphysenlockerung.",
        "Hours reduced for pelvic girdle pain.",
        "Pregnancy complications, no travel.",
        # emoji
        "Kwam binnen met 🤧 en 🤒.",
        "Hat seit Montag 💊 bekommen.",
        "Back from the 🏥 on Monday.",
        "Résultats 🩸 attendus.",
    ],
)
def test_the_tenth_batchs_medical_kinds_are_refused_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # AU and AO in their ordinary senses
        "Der Versand nach AU ist ab März teurer; Frau Ott hilft Ihnen.",
        "Au plaisir de vous revoir ; Claire reprend vos dossiers.",
        "De AO van de nieuwe vestiging is klaar; Bas stuurt ze u.",
        # IT recovery, business continuity
        "Amy knows the recovery point objective of 15 minutes for your backups.",
        "Amy joins the recovery plan for the delayed release.",
        "Claire reprend le plan de reprise d'activité de votre centre de données.",
        "Frau Ott übernimmt das Wiederherstellungskonzept (Recovery) der Kundendatenbank.",
        # stress tests
        "Bas doet de stresstest van uw webshop.",
        "Frau Ott begleitet die Stresstests Ihrer Schnittstelle.",
        "Claire prépare le test de charge de votre API.",
        "Amy runs the stress test of the new API.",
        # sick as slang for things in a positive line
        "Amy saw your new designs and thinks they're sick!",
        # neutral emoji and an accessible entrance
        "Bas helpt u verder 🙂 Fijne dag 😊",
        "Amy has your tickets 👍 and the new dashboard is 🔥",
        "Onze ingang is ♿ toegankelijk; Bas ontvangt u.",
        "Unser Eingang ist ♿ barrierefrei; Frau Ott empfängt Sie.",
    ],
)
def test_the_tenth_batchs_ordinary_senses_pass_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Reviewing the stress test results for the API.",
        "Bekijkt de testresultaten van de stresstest.",
        "Prüft die Testergebnisse des Lasttests.",
        "Employee joins the recovery plan for the billing migration.",
        # the first day of absence is a date of the process (Poortwachter), not medical
        "Eerste ziektedag 4 januari 2027, plan van aanpak op 1 maart.",
        "Erster Krankheitstag 4. Januar 2027, Eingliederungsplan im März.",
        "Premier jour d'incapacité le 4 janvier 2027.",
        "First day of sickness 4 January 2027, return plan in March.",
        "Afspraken gemaakt 👍 over de uren.",
    ],
)
def test_the_tenth_batchs_ordinary_senses_and_process_dates_pass_in_the_hr_file(
    text: str,
) -> None:
    assert guard(text, HR) == [], text


@pytest.mark.parametrize(
    "text",
    [
        # the rules of the tenth batch need a word of the ordinary sense
        "Da Herr Kühn derzeit AU ist, übernimmt Frau Ott.",
        "Iris is gedeeltelijk AO; Bas helpt u.",
        "Ben is on the road to recovery; Amy helps you.",
        "Ben is following a recovery plan after his surgery; Amy helps you.",
        "Ben is sick this week; Amy helps you.",
        "She saw your designs, but Ben can't come; he's sick.",
        "Ben is ♿ for now; Amy visits you.",
        "Iris heeft last van stress; Bas helpt u.",
        "Herr Kühn hat viel Stress; Frau Ott hilft Ihnen.",
        "Eerste ziektedag was 4 januari; Bas helpt u.",
        "Erster Krankheitstag war der 4. Januar; Frau Ott hilft.",
        "Depuis sa reprise d'activité, Paul est à mi-temps ; Claire vous répond.",
    ],
)
def test_the_tenth_batchs_rules_still_refuse_the_health_sense(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "Her test results came back from the hospital.",
        "Testresultaten van het ziekenhuis afwachten.",
        "Bloeduitslagen goed, opbouw gaat door.",
    ],
)
def test_the_tenth_batchs_test_result_rule_still_refuses_medical_results(text: str) -> None:
    assert guard(text, HR) != [], text


def test_an_emoji_with_a_health_meaning_is_found_as_written_with_no_language() -> None:
    (finding,) = guard("Mia is out 🤒 so Leo Brandt helps you.", NOTICE, names=["Leo Brandt"])
    assert finding.category is Category.SICKNESS and finding.lang == ""
    assert finding.written == "🤒" and finding.describe() == "🤒"


def test_an_emoji_is_a_refused_word_in_a_notice_and_in_what_customers_may_be_told() -> None:
    from connector.domain.lint import find_reason_terms

    assert find_reason_terms("Mia is out 💊 so Leo helps from 3 May 2027.") == ["💊"]
    assert find_reason_terms("Mia is out sick, Leo helps.") == ["sick"]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # a colleague's workload lightened is a hint; the customer's workload is not
        ("To reduce Ben's workload, Amy takes over.", True),
        ("We reduce your workload with the new export; Amy helps you.", False),
        ("Amy takes over her workload from Monday.", False),
        ("Om zijn werkbelasting te verlichten neemt Bas uw dossier over.", True),
        ("Om uw werkdruk te verlichten helpt Bas u bij de export.", False),
        ("Um seine Arbeitslast zu senken, übernimmt Frau Ott.", True),
        ("Um Ihre Arbeitslast zu reduzieren, hilft Ihnen Frau Ott beim Export.", False),
        ("Afin d'alléger la charge de travail de Céline, Romain reprend vos tickets.", True),
        ("Pour alléger votre charge de travail, Claire vous aide avec l'export.", False),
        ("Romain reprend sa charge de travail dès lundi.", False),
    ],
)
def test_a_colleagues_lightened_workload_is_a_hint_a_customers_is_not(
    text: str, refused: bool
) -> None:
    assert (guard(text, NOTICE) != []) is refused, text


def test_a_phrase_with_gaps_is_looked_up_by_its_uncommon_piece_not_a_word_of_every_sentence() -> (
    None
):
    from connector.domain.privacy import terms

    gapped = [t for t in terms() if t.pieces]
    anchors = {t.pieces: t.pieces[t.part] for t in gapped}
    assert anchors[(("is",), ("zv",))] == ("zv",)
    assert anchors[(("ist",), ("au",))] == ("au",)
    # and the phrases are still found either way round
    assert guard("Kris is momenteel zv, Elke helpt u.", NOTICE, names=["Kris", "Elke"]) != []
    assert guard("Herr Vogel ist derzeit AU; Frau Lena Hoffmann hilft.", NOTICE) != []


@pytest.mark.parametrize(
    "text",
    [
        "Il a des problèmes de cœur depuis l'hiver.",
        "Elle a un œdème au genou.",
        "Er hat ein Ödem am Bein.",
        "Nog wat oedeem in de enkel.",
        "Some oedema in her ankle.",
    ],
)
def test_french_ligatures_and_swelling_are_read_like_any_spelling_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) != [], text


def test_a_ligature_is_folded_and_the_finding_shows_it_as_written() -> None:
    from connector.domain.lint import _fold

    assert _fold("Cœur ŒDÈME Æsop") == "coeur oedeme aesop"
    (finding,) = guard("Des problèmes de cœur, suivi en cours.", HR)
    assert finding.text == "problemes de coeur"
    assert finding.written == "problèmes de cœur"


def test_a_ligature_in_an_ordinary_sentence_stays_ordinary() -> None:
    assert (
        guard("Ma sœur Anna vous aide avec cœur à partir du 3 mai.", NOTICE, names=["Anna"]) == []
    )


# --- the eleventh batch's kinds, with sentences not in the corpus ------------------------------


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Iris zit nog in haar her-\nstelperiode; Bas helpt u.", NOTICE),
        ("Iris heeft last van een hersen-\n  schudding.", HR),
        ("Paul prend des antidé-\npresseurs depuis mars.", HR),
        ("Herr Kühn ist krank-\ngeschrieben; Frau Ott hilft Ihnen.", NOTICE),
        ("Ben is still in re- \r\ncovery; Amy helps you.", NOTICE),
    ],
)
def test_a_word_split_across_a_line_break_by_a_hyphen_is_glued_like_a_word_split_by_a_hyphen(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "Bas neemt uw dossier over; de klanten-\nportal blijft dezelfde.",
        "Claire suit votre dossier ; la mise à jour du logi-\nciel est prévue lundi.",
        "Frau Ott betreut Ihre Daten-\nbank und die Schnitt-\nstelle.",
        "Amy looks after the data-\nbase migration and the re-\nlease notes.",
    ],
)
def test_ordinary_words_split_across_a_line_break_stay_neutral(text: str) -> None:
    assert guard(text, NOTICE) == [], text


@pytest.mark.parametrize(
    "text",
    [
        # civic duty
        "Iris is opgeroepen voor jurydienst bij het hof van assisen; Bas helpt u.",
        "Herr Kühn ist als Schöffe am Amtsgericht; Frau Ott hilft Ihnen.",
        "Paul est juré d'assises ce mois-ci ; Claire vous répond.",
        "Ben is on jury duty this month; Amy helps you.",
        "Iris is als reservist op militaire oefening; Bas helpt u.",
        "Herr Kühn ist bei einer Reservistenübung; Frau Ott hilft Ihnen.",
        "Paul, réserviste, part trois semaines ; Claire vous répond.",
        "Ben is away on reserve duty; Amy helps you.",
        # accidents by their kind
        "Iris is na haar skiongeluk nog niet terug; Bas helpt u.",
        "Herr Kühn hatte einen Fahrradunfall; Frau Ott hilft Ihnen.",
        "Paul a eu un accident de vélo ; Claire vous répond.",
        "Ben had a bike crash; Amy helps you.",
        # a move, a wedding, a honeymoon, a sabbatical, Ramadan, a strike
        "Iris is druk met haar verhuizing; Bas helpt u.",
        "Herr Kühn zieht gerade um; Frau Ott hilft Ihnen.",
        "Paul déménage cette semaine ; Claire vous répond.",
        "Ben is moving house this week; Amy helps you.",
        "Iris is op huwelijksreis; Bas helpt u.",
        "Herr Kühn ist in den Flitterwochen; Frau Ott hilft Ihnen.",
        "Paul est en lune de miel ; Claire vous répond.",
        "Ben is on honeymoon; Amy helps you.",
        "Iris neemt een sabbatjaar; Bas helpt u.",
        "Herr Kühn ist im Sabbatjahr; Frau Ott hilft Ihnen.",
        "Paul prend un congé sabbatique ; Claire vous répond.",
        "Tijdens de ramadan werkt Iris minder uren; Bas helpt u.",
        "Während des Ramadan arbeitet Herr Kühn weniger; Frau Ott hilft Ihnen.",
        "Ben works shorter days during Ramadan; Amy helps you.",
        "Door de spoorstaking kan Iris niet komen; Bas helpt u.",
        "Wegen des Bahnstreiks kann Herr Kühn nicht kommen; Frau Ott hilft Ihnen.",
        "À cause de la grève, Paul ne peut pas venir ; Claire vous répond.",
        "Ben can't get in because of the train strike; Amy helps you.",
        # taking things slower, picking up step by step
        "Zolang Iris het wat rustiger aan doet, helpt Bas u.",
        "Zolang Iris stap voor stap haar werk weer opneemt, helpt Bas u.",
        "Solange Herr Kühn kürzer tritt, hilft Ihnen Frau Ott.",
        "Während Herr Kühn schrittweise wieder einsteigt, hilft Ihnen Frau Ott.",
        "Tant que Paul récupère des forces, Claire vous répond.",
        "En attendant que Paul reprenne progressivement, Claire vous répond.",
        "While Ben takes things a bit slower, Amy helps you.",
        "While Ben takes things easier, Amy helps you.",
    ],
)
def test_the_eleventh_batchs_reasons_and_hints_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # holiday wishes to the customer
        "Fijne zomervakantie aan uw hele team! Vanaf 1 juli helpt Bas u.",
        "Wir wünschen Ihnen schöne Osterferien! Ab dem 2. Mai hilft Ihnen Frau Ott.",
        "Bonnes vacances à toute votre équipe ! Claire vous répond dès le 2 mai.",
        "Enjoy the summer holidays! Amy looks after your tickets from 2 May.",
        # a company-wide construction holiday
        "Tijdens het bouwverlof is onze werf gesloten; Bas helpt u daarna.",
        # a dose of qualities
        "Claire suit votre dossier avec une bonne dose de patience.",
        "Amy brings a healthy dose of humour to your project.",
        # an office, warehouse or shop moves
        "Ons magazijn is aan het verhuizen naar Gent; Bas helpt u.",
        "Unser Büro zieht im März um; Frau Ott hilft Ihnen.",
        "Notre agence déménage à Namur ; Claire vous répond.",
        # a strike that delays deliveries
        "Door de staking bij bpost kunnen leveringen vertraging oplopen.",
        "Wegen des Poststreiks verzögert sich die Lieferung.",
        "En raison de la grève des transporteurs, vos livraisons ont du retard.",
        "Because of the rail strike, deliveries may be late this week.",
        # step by step about the customer's migration; a business consultant; an IT scan
        "We migreren uw gegevens stap voor stap; Bas helpt u.",
        "Frau Ott migriert Ihre Daten nach und nach; sie hilft Ihnen.",
        "Claire reprend votre migration étape par étape.",
        "We take your migration step by step; Amy helps you.",
        "Our consultant wants to see your setup before the rollout.",
        "Notre spécialiste souhaite revoir votre configuration.",
        "De resultaten van de scan van uw netwerk stuurt Bas morgen.",
        "Ramadan Mubarak to you and your team! Amy helps you from 2 May.",
    ],
)
def test_the_eleventh_batchs_ordinary_senses_pass_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) == [], text


@pytest.mark.parametrize(
    "text",
    [
        # the new rules need a word of the ordinary sense; the colleague's own stays refused
        "Iris is met vakantie; fijne dag nog, Bas helpt u.",
        "Herr Kühn ist im Urlaub; Frau Ott hilft Ihnen.",
        "Paul est en vacances ; Claire vous répond.",
        "Ben is on holiday; Amy helps you.",
        "Iris is met bouwverlof; Bas helpt u.",
        "Paul a augmenté sa dose de morphine ; Claire vous répond.",
        "Iris is aan het verhuizen; Bas helpt u.",
        "De specialist wil Iris eerst terugzien; Bas helpt u.",
        "The consultant wants to see Ben again; Amy helps you.",
        "Le spécialiste souhaite revoir Paul ; Claire vous répond.",
    ],
)
def test_the_eleventh_batchs_rules_still_refuse_the_colleagues_sense(text: str) -> None:
    assert guard(text, NOTICE) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # a hospital department or specialist, a check-up
        "Gesprek verplaatst: Iris heeft controle op de afdeling oncologie.",
        "Kontrolltermin in der Neurologie am Montag, Gespräch verschoben.",
        "Paul a rendez-vous en cardiologie lundi ; entretien déplacé.",
        "Call moved: Ben has a check-up in oncology on Monday.",
        "De specialist wil Iris eerst terugzien voor de uren omhoog gaan.",
        "Le spécialiste souhaite revoir Paul avant d'augmenter les heures.",
        "The consultant wants to see Ben again before hours go up.",
        # energy as a score, hours of sleep, lying down in the afternoon
        "Iris geeft haar energie een 3 op 10.",
        "Herr Kühn schätzt seine Energie auf 4 von 10.",
        "Paul évalue son énergie à 3 sur 10.",
        "Ben rates his energy at 4 out of 10.",
        "Iris slaapt maar vier uur per nacht.",
        "Herr Kühn kommt auf vier Stunden Schlaf.",
        "Paul dort quatre heures par nuit.",
        "Ben gets four hours a night.",
        "Iris moet 's middags even gaan liggen.",
        "Herr Kühn muss sich nachmittags hinlegen.",
        "Paul fait la sieste après le travail.",
        "Ben naps in the afternoon.",
        # a greyish look, rubbing one's temples; scan results
        "Iris zag grauw en wreef steeds over haar slapen.",
        "Herr Kühn sah grau aus und rieb sich die Schläfen.",
        "Paul avait le teint gris et se frottait les tempes.",
        "Ben looked grey and kept rubbing his temples.",
        "We wachten de uitslag van de scan af.",
    ],
)
def test_the_eleventh_batchs_indirect_medical_detail_is_refused_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) != [], text


@pytest.mark.parametrize(
    "text",
    [
        # reasons that are not medical are facts of the process in the HR file
        "Iris heeft jurydienst tot eind maart; gesprek verplaatst.",
        "Herr Kühn ist in den Flitterwochen bis 3. Mai; Gespräch danach.",
        "Paul déménage en mai ; entretien déplacé au 3 juin.",
        "Ben is on jury duty until 3 May; call moved.",
        "Phase 2 review: the HR consultant wants to see the plan by Friday.",
    ],
)
def test_the_eleventh_batchs_non_medical_reasons_pass_in_the_hr_file(text: str) -> None:
    assert guard(text, HR) == [], text


def test_an_elided_or_contracted_letter_is_not_a_fragment_but_a_quoted_split_word_still_is() -> (
    None
):
    from connector.domain.privacy import _glue_candidates, _words_and_spans

    text = "l'equipe d'anna, there's a plan and the employee's view"
    words, spans = _words_and_spans(text)
    assert _glue_candidates(text, words, None, spans) is None
    assert [f.text for f in guard("Marc is 's ick' vandaag.", NOTICE)] == ["s ick"]
    assert [f.text for f in guard("Il est m-alade, Anna vous aide.", NOTICE, names=["Anna"])]


# --- the twelfth batch's kinds, with sentences not in the corpus -------------------------------


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Iris voelt zich weer een stuk beter; Bas helpt u.", NOTICE),
        ("Herr Kühn fühlt sich besser; Frau Ott hilft Ihnen.", NOTICE),
        ("Paul se sent déjà mieux ; Claire vous répond.", NOTICE),
        ("Ben feels a lot better; Amy helps you.", NOTICE),
        ("Ben has had a rough few weeks; Amy helps you.", NOTICE),
        ("Paul prend le temps de se ressourcer ; Claire vous répond.", NOTICE),
        ("Herr Kühn nimmt sich Zeit, um Kraft zu tanken; Frau Ott hilft Ihnen.", NOTICE),
        ("Ben is taking time to recharge; Amy helps you.", NOTICE),
        ("Uit respect voor de privacy van Iris zeggen we niet meer; Bas helpt u.", NOTICE),
        ("Since early March Ben has not been reachable; Amy helps you.", NOTICE),
        ("Seit Mitte März ist Herr Kühn nicht erreichbar; Frau Ott hilft Ihnen.", NOTICE),
        ("Iris werkt voorlopig alleen 's ochtends; Bas helpt u.", NOTICE),
        ("Ben works only mornings for now; Amy helps you.", NOTICE),
        ("Iris heeft weer eetlust en is twee kilo aangekomen.", HR),
        ("Ben has his appetite back and gained two kilos.", HR),
        ("OH appointment moved to 21 Oct.", HR),
        ("Steve goes to AA meetings and cut down on drinking.", HR),
        ("Herr Kühn erzählte, dass seine Partnerin schwanger ist; sie ist schwanger.", HR),
        ("Amy told me she is pregnant.", HR),
        ("Sanne wordt behandeld voor haar rug.", HR),
    ],
)
def test_the_twelfth_batchs_hints_and_medical_details_are_refused(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy) != [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Sanne behandelt voorlopig alleen binnenkomende tickets en e-mails.", HR),
        ("We respect your privacy; uit respect voor uw privacy bewaren wij niets.", NOTICE),
        ("Since mid-March our new portal is live; Amy helps you.", NOTICE),
        ("Seit Mitte März gilt unser neues Preismodell.", NOTICE),
        ("Our office is open only mornings; notre bureau est ouvert uniquement le matin.", NOTICE),
        ("Bon appétit et bonne journée !", NOTICE),
        ("Die neue Version fühlt sich besser an.", NOTICE),
        ("Iris gaat met zwangerschapsverlof vanaf 3 mei.", HR),
    ],
)
def test_the_twelfth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy) == [], text


# --- the thirteenth batch's kinds, with sentences not in the corpus -----------------------------


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Ben will be back soon; Amy helps you.", NOTICE),
        ("Paul sera bientôt de retour ; Claire vous répond.", NOTICE),
        ("Iris is binnenkort weer terug; Bas helpt u.", NOTICE),
        ("Herr Kühn ist bald wieder da; Frau Ott hilft Ihnen.", NOTICE),
        ("Ben is doing a lot better; Amy helps you.", NOTICE),
        ("Paul prend soin de lui ; Claire vous répond.", NOTICE),
        ("Paul est encore sous traitement, donc Claire garde vos commandes.", NOTICE),
        ("Iris is nog steeds onder behandeling; Bas helpt u.", NOTICE),
        ("Ben was not available from 2 February to 14 April; Amy is your contact.", NOTICE),
        ("Paul n'était pas disponible du 2 février au 14 avril ; Claire vous répond.", NOTICE),
        ("Ben is in the clinic; Amy is your contact.", NOTICE),
        ("About your claim: Ben is in hospital, so Amy takes over.", NOTICE),
        ("Iris ligt in het ziekenhuis; uw contactpersoon is Bas.", NOTICE),
        ("Paul est à l'hôpital, vous pouvez joindre Claire.", NOTICE),
        ("Herr Kühn ist im Krankenhaus; Ihre Ansprechpartnerin ist Frau Ott.", NOTICE),
        ("Paul a envoyé un certificat médical ; Claire vous répond.", NOTICE),
        ("Iris wordt behandeld door een specialist; Bas helpt u.", NOTICE),
        ("Ben's sickness absence continues; Amy helps you.", NOTICE),
        ("Herr Kühn wartet auf die Ergebnisse der Knieuntersuchung.", HR),
        ("Iris wacht op de uitslag van het hartonderzoek.", HR),
        ("Paul avait l'air affaibli et a du mal à marcher.", HR),
        ("Ben looked weakened and struggles to walk.", HR),
    ],
)
def test_the_thirteenth_batchs_hints_and_medical_details_are_refused(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy) != [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Our webshop will be back soon; notre boutique sera bientôt de retour.", NOTICE),
        ("Dear Dr Shah, your contact for your outpatient clinic is Amy.", NOTICE),
        ("Amy is your contact for the clinic software and the patient portal.", NOTICE),
        ("Uw ziekenhuis en uw polikliniek worden vanaf nu geholpen door Bas.", NOTICE),
        ("Ihre Anfrage zur Erstattung der Krankenhauskosten bearbeitet Frau Ott.", NOTICE),
        ("Votre demande de remboursement de frais d'hospitalisation est gérée par Claire.", NOTICE),
        ("Claire a bien reçu le certificat médical que vous avez envoyé.", NOTICE),
        ("Uw vraag over het registreren van ziekmeldingen van leerlingen ligt bij Bas.", NOTICE),
        ("Your question about recording pupil sickness absence is with Amy.", NOTICE),
        ("Uw aanvraag voor een zorgwoning wordt vanaf nu behandeld door Bas de Wit.", NOTICE),
        ("Amy is your contact for the rollout on Ward 3 and the outpatient clinic.", NOTICE),
        ("Notre bureau est fermé du 24 décembre au 2 janvier ; Claire vous répond.", NOTICE),
        ("The hospital trusts' clinic software tickets stay with Amy in phase 1.", HR),
        ("Herr Kühn leitet die Untersuchung des Lieferausfalls.", HR),
    ],
)
def test_the_thirteenth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy) == [], text


def test_without_dates_the_guard_reports_the_words_and_no_date() -> None:
    text = "Anna is ziek sinds 14 oktober."
    assert [f.category for f in guard(text, NOTICE)] == [Category.SICKNESS, Category.ABSENCE_DATE]
    assert [f.category for f in guard(text, NOTICE, dates=False)] == [Category.SICKNESS]


# --- the fourteenth batch's kinds, with sentences not in the corpus -----------------------------


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # the colleague's holiday or absence
        ("Ben is on holiday until Monday; Amy is your contact.", NOTICE),
        ("Tijdens de afwezigheid van Iris helpt Bas u.", NOTICE),
        ("Paul est en vacances ; Claire vous répond.", NOTICE),
        ("Während seiner Abwesenheit hilft Ihnen Frau Ott.", NOTICE),
        ("Solange Frau Keller im Urlaub ist, haben Sie Herrn Ott als Kontakt.", NOTICE),
        # the colleague's operation or check-ups
        ("Ben's post-op check-ups are this month; Amy helps you.", NOTICE),
        ("Iris is geopereerd; Bas helpt u met uw offerte.", NOTICE),
        ("Paul a été opéré ; Claire vous répond.", NOTICE),
        ("Herr Kühn wurde operiert; Frau Ott hilft Ihnen.", NOTICE),
        # the colleague's bereavement
        ("Due to a funeral, your contact is Amy.", NOTICE),
        ("Wegens een uitvaart is uw contactpersoon Bas.", NOTICE),
        ("En raison d'obsèques, votre interlocutrice est Claire.", NOTICE),
        ("Frau Keller ist auf der Beerdigung ihres Vaters; Herr Ott hilft Ihnen.", NOTICE),
        # recovery and medical follow-up of the colleague
        ("Rachel is on the road to recovery; Amy helps you.", NOTICE),
        ("Paul est suivi par un médecin ; Céline vous répond.", NOTICE),
        # a long break with a duration
        ("After six months off, Ben is at the front desk again.", NOTICE),
        ("Na een half jaar pauze zit Iris weer aan de balie.", NOTICE),
        ("Après six mois de pause, Paul est à l'accueil.", NOTICE),
        ("Nach drei Monaten Pause betreut Herr Kühn wieder die Kasse.", NOTICE),
        # looking after oneself
        ("Ben needs to look after himself for a while; Amy helps you.", NOTICE),
        ("Iris moet het nog rustig aan doen; Bas helpt u.", NOTICE),
        ("Paul doit encore se ménager ; Claire vous répond.", NOTICE),
        ("Herr Kühn muss noch ein wenig auf sich achten.", NOTICE),
        # back on one's feet, back to one's old self
        ("Amy is back on her feet; Ben keeps your file.", NOTICE),
        ("Daan is weer aardig op de been.", NOTICE),
        ("Paul est déjà sur pied ; Claire garde vos dossiers.", NOTICE),
        ("Herr Kühn ist wieder auf den Beinen.", NOTICE),
        ("Ben is nearly back to his old self.", NOTICE),
        ("Stijn is weer bijna de oude.", NOTICE),
        ("Paul est redevenu lui-même.", NOTICE),
        ("Herr Kühn ist wieder der Alte.", NOTICE),
        # fewer hours and building up
        ("Ben is working fewer hours for now; Amy helps you.", NOTICE),
        ("Omdat Iris minder uren werkt en haar werk rustig opbouwt, helpt Bas u.", NOTICE),
        ("Paul travaille moins d'heures pour l'instant ; Claire vous répond.", NOTICE),
        ("Herr Kühn arbeitet vorerst weniger Stunden; Frau Ott hilft Ihnen.", NOTICE),
        # an absence with a duration
        ("Ben is unavailable for the next three months; Amy helps you.", NOTICE),
        ("Iris is de komende vier maanden niet bereikbaar.", NOTICE),
        ("Paul est injoignable pendant les trois prochains mois.", NOTICE),
        ("Herr Kühn ist in den nächsten zwei Monaten nicht erreichbar.", NOTICE),
        # lab values and test results
        ("His thyroid levels are stable now and the last lab check was fine.", HR),
        ("Haar schildklierwaarden zijn goed; de labcontrole was in orde.", HR),
        ("Son bilan thyroïdien est bon, les analyses de laboratoire aussi.", HR),
        ("Die Leberwerte sind besser, die Laborkontrolle war unauffällig.", HR),
        # sleep said plainly, a mind going blank
        ("Ben says he's hardly sleeping at the moment.", HR),
        ("Iris zegt dat ze nauwelijks slaapt.", HR),
        ("Paul dit qu'il dort à peine.", HR),
        ("Herr Kühn schläft kaum, sagt er.", HR),
        ("Ben says his mind goes blank in meetings.", HR),
        ("Iris heeft moeite om haar hoofd erbij te houden.", HR),
        ("Paul a parfois la tête vide en réunion.", HR),
        ("Herr Kühn sagt, sein Kopf ist leer, sobald das Telefon klingelt.", HR),
        # a sore or sensitive body part
        ("After an hour of typing his wrist is tender.", HR),
        ("Haar linkerknie is na een uur staan al gevoelig.", HR),
        ("Son poignet est encore sensible après une heure de saisie.", HR),
        ("Sein Handgelenk schmerzt nach einer Stunde Tippen.", HR),
    ],
)
def test_the_fourteenth_batchs_hints_and_medical_details_are_refused(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy) != [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # the customer's own holiday or absence
        ("Welcome back from your holiday! While you were away, Amy took over.", NOTICE),
        ("Welkom terug van vakantie! Tijdens uw afwezigheid hielp Bas.", NOTICE),
        ("Après vos vacances : pendant votre absence, Claire a repris votre compte.", NOTICE),
        ("Während Ihrer Abwesenheit haben wir Ihr Kundenkonto an Frau Ott übergeben.", NOTICE),
        # veterinary work for the customer's animals
        ("The treatment plan for your ewes continues; Amy is your named vet.", NOTICE),
        ("De behandeling van uw koeien loopt door; Bas is uw dierenarts.", NOTICE),
        ("Le traitement de vos brebis continue ; Claire est votre vétérinaire.", NOTICE),
        ("Die Behandlung Ihrer Kühe geht weiter; Frau Ott ist Ihre Tierärztin.", NOTICE),
        ("Amy is handling the post-op check-ups; she read the notes from his operation.", NOTICE),
        ("Eline helpt u met de nacontroles van uw hond na de operatie.", NOTICE),
        ("Après l'opération de votre chien, Claire assure le suivi.", NOTICE),
        ("Die Operation Ihres Hundes ist gut verlaufen; die Nachsorge übernimmt Frau Ott.", NOTICE),
        # the customer's bereavement in a funeral home's notice
        ("Amy is your contact for the arrangements for your husband's funeral.", NOTICE),
        ("Bas helpt u met de afhandeling van de uitvaart van uw moeder.", NOTICE),
        ("Claire vous accompagne pour l'organisation des obsèques de votre père.", NOTICE),
        ("Frau Ott hilft Ihnen bei allen Fragen zur Beerdigung Ihres Vaters.", NOTICE),
        # products and services
        ("Your protein recovery drink is with Amy; the rust treatment is booked.", NOTICE),
        ("Uw hersteldrank is onderweg; Bas begeleidt het herstel van de kassadata.", NOTICE),
        ("De roestbehandeling van uw bestelwagen staat gepland.", NOTICE),
        ("Votre boisson de récupération arrive ; traitement antirouille lundi.", NOTICE),
        ("Ihr Regenerationsgetränk kommt; die Rostschutzbehandlung ist am Montag.", NOTICE),
        # a request followed up by a colleague
        ("Votre demande est suivie dès aujourd'hui par Céline, votre conseillère.", NOTICE),
        ("Votre dossier est désormais suivi par Claire.", NOTICE),
        # a thing unavailable for months, a price that rises step by step
        ("This item is unavailable for the next three months.", NOTICE),
        ("De parking is de komende twee maanden niet bereikbaar.", NOTICE),
        ("Le produit est indisponible deux mois ; le tarif augmente progressivement.", NOTICE),
        ("Die Zufahrt ist in den nächsten drei Monaten nicht erreichbar.", NOTICE),
        # IT recovery and a backlog in the HR file
        ("Ben led the recovery of the payroll server after the outage.", HR),
        ("Herr Kühn hat die Wiederherstellung des Buchungssystems übernommen.", HR),
        ("Iris deed het herstel van de kassadata na de storing.", HR),
        ("Herr Kühn hat den Rückstand bei den Urlaubsanträgen behandelt.", HR),
    ],
)
def test_the_fourteenth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy) == [], text


@pytest.mark.parametrize(
    ("refused", "ordinary"),
    [
        (
            "Bas helpt u met uw hond, want Iris is geopereerd.",
            "Bas helpt u met de nacontrole van uw hond na de operatie.",
        ),
        (
            "Ab Montag hilft Ihnen Bas mit Ihrem Hund, da Frau Iris operiert wurde.",
            "Ab Montag betreut Bas die Behandlung Ihres Hundes.",
        ),
        (
            "Bas s'occupe de votre chien, car Iris a été opérée.",
            "Bas s'occupe du traitement de votre chien.",
        ),
        (
            "Bas helps you with your dog, because Iris had an operation.",
            "Bas handles the treatment plan for your dog.",
        ),
    ],
)
def test_a_context_rule_does_not_read_across_a_word_that_opens_a_reason_clause(
    refused: str, ordinary: str
) -> None:
    """The customer's dog makes "the treatment" of the dog ordinary, not the colleague's
    operation in the next clause: a context rule reads only the hit's own clause, and
    "want", "da", "car", "because" (``CLAUSE_OPENERS``) begin another one."""
    assert guard(refused, NOTICE) != [], refused
    assert guard(ordinary, NOTICE) == [], ordinary


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Because of Dave's knee sugery he is not taking calls; Zoe helps you.", NOTICE),
        ("Gert heeft na zijn hartinfract nog wat tijd nodig, dus Laura helpt je.", NOTICE),
        ("Frau Keller hatte einen Bandscheibenvorfal; Herr Ott übernimmt.", NOTICE),
        ("Mme Roux est en arret maladei ; M. Petit vous répond.", NOTICE),
        ("She takes sertaline every morning.", HR),
        ("Hij is onder behandelnig bij een fysiotherapuet.", HR),
        ("Sie hat eine Fibromyalige, sagt sie.", HR),
        ("Il prend des antidépreseurs depuis mars.", HR),
    ],
)
def test_a_long_listed_word_with_one_slip_of_the_fingers_is_refused_as_the_word_meant(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "From 17 March Grace at Oakfield Veterinary Sugery is your contact.",  # a vet's surgery
        "Data recovry of your mailbox is finished; Tom is your contact from Monday.",
        "We operate as usual from Monday and Tom answers your questions.",
        "Tom operated the new billing system for your account.",
    ],
)
def test_a_misspelt_word_is_read_in_its_ordinary_sense_by_the_context_rules_too(
    text: str,
) -> None:
    assert guard(text, NOTICE) == [], text


def test_every_listed_misspelling_stands_for_a_listed_term_and_is_no_listed_word_itself() -> None:
    listed = {t.key for t in terms()}
    misspelt = typos()
    assert len(misspelt) > 10_000
    assert {term.key for term in misspelt.values()} <= listed
    assert listed.isdisjoint(misspelt)


@pytest.mark.parametrize(
    ("refused", "ordinary"),
    [
        (
            "hi, Emma is covering ur tickets b/c Chloe is still recovering.",
            "hi, Emma is covering ur tickets; the recovery of the ticket backlog is on track.",
        ),
        (
            "Emma is covering ur tickets bc Chloe is still recovering.",
            "Emma is covering ur tickets and the SLA recovery.",
        ),
        (
            "Emma is covering ur tickets coz Chloe is still recovering, cuz she had an operation.",
            "Emma is covering ur tickets and the recovery of the queue.",
        ),
        (
            "Bas neemt uw tickets over vanwege het herstel van Iris.",
            "Bas neemt uw tickets over en bewaakt het herstel van de wachtrij.",
        ),
        (
            "Herr Vogt hilft Ihnen mit Ihrem Hund wegen der Operation von Frau Ott.",
            "Herr Vogt betreut die Operation Ihres Hundes.",
        ),
        (
            "Claire reprend vos tickets pcq Paul se rétablit.",
            "Claire reprend vos tickets et le rétablissement du SLA.",
        ),
        (
            "Claire s'occupe de votre chien parce qu'Iris a été opérée.",
            "Claire s'occupe du traitement de votre chien.",
        ),
    ],
)
def test_a_chat_spelling_of_because_opens_a_reason_clause_too(refused: str, ordinary: str) -> None:
    """b/c, bc, coz, cuz, vanwege, wegen, pcq, parce qu' begin another clause like "because":
    the customer's tickets or dog before them do not make the colleague's recovery or
    operation after them ordinary ("b/c" is read as the two words "b" "c")."""
    assert guard(refused, NOTICE) != [], refused
    assert guard(ordinary, NOTICE) == [], ordinary


@pytest.mark.parametrize(
    "text",
    [
        # an absence with a stated end
        "Michael is temporarily not available until the end of August; Rebecca helps you.",
        "Ben is away until mid-September, so Amy is your contact.",
        "Ben won't be back until September; Amy helps you.",
        "Jan is tijdelijk niet beschikbaar tot eind augustus; Hanne helpt u.",
        "Iris is tot half september niet bereikbaar; Bas helpt u.",
        "Mme Clément est temporairement indisponible jusqu'à fin août.",
        "Paul est absent jusqu'en septembre ; Claire vous répond.",
        "Frau Albrecht ist vorübergehend nicht verfügbar, voraussichtlich bis Ende August.",
        "Herr Kühn ist bis Mitte September nicht erreichbar.",
        # since when, said informally
        "hallo herr busch frau ernst ist seit februar raus ab jetzt hilft herr dietrich",
        "Frau Ernst ist seit Februar nicht mehr da.",
        "hoi joris is er sinds februari uit, vanaf nu helpt sara je",
        "Iris is er al sinds maart niet meer.",
        "hi ryan has been out since february so ashley is handling your orders",
        "Paul n'est plus là depuis février ; Claire vous répond.",
        # back part-time, taking it slow
        "Sophie's back part-time for now, so Jack is your contact.",
        "Ethan's back but taking it slow for a while, so Olivia helps you.",
        "Iris werkt weer halve dagen en neemt het nog even rustig; Bas helpt u.",
        "Iris is voorlopig halftijds aan de slag.",
        "Frau Ott ist wieder in Teilzeit da; Herr Vogt hilft Ihnen.",
        "Frau Ott lässt es langsam angehen.",
        "Paul reprend à mi-temps et y va doucement ; Claire vous répond.",
        # Swiss German sickness
        "Grüezi, d Frau Brunner isch leider no chrank, drum übernimmt de Herr Baumann.",
        "D Frau Brunner isch chrankgschribe.",
        "D Frau Brunner het e Chrankheit.",
        "D Frau Brunner isch im Spital.",
        # the colleague's benefit, cure or family (not the customer's)
        "Ben is on sick leave; Amy handles your claim.",
        "Iris ontvangt een ziektewetuitkering; Bas helpt u.",
        "Paul touche des indemnités journalières maladie ; Claire vous répond.",
        "Frau Ott bezieht Krankentagegeld; Herr Vogt hilft Ihnen.",
        "Frau Klein ist zur Kur; Herr Vogt hilft Ihnen.",
        "Paul est en cure ; Claire vous répond.",
        "Frau Klein ist bei ihrer Familie; Herr Vogt hilft Ihnen.",
        "Wir wünschen Frau Klein gute Erholung.",
        # declining to talk about health is still about health in a notice
        "Emma did not want to talk about her health; Amy helps you.",
        "Emma wilde het niet over haar gezondheid hebben.",
        "Frau Ott wollte nicht über ihre Gesundheit sprechen.",
        "Emma ne souhaitait pas parler de sa santé.",
    ],
)
def test_the_fifteenth_batchs_kinds_of_hint_are_refused_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE) != [], text


def test_an_absence_that_ends_on_a_date_reveals_the_date() -> None:
    found = guard("Ben is not available until 31 August; Amy helps you.", NOTICE)
    assert [f.category for f in found] == [Category.ABSENCE_DATE]
    assert guard("Offer valid until 31 August; Amy helps you.", NOTICE) == []


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # a thing unavailable or closed until a month; no end named
        ("This item is unavailable until the end of August.", NOTICE),
        ("Ben is unavailable until further notice; Amy helps you.", NOTICE),
        ("Dit artikel is niet beschikbaar tot eind augustus.", NOTICE),
        ("Le produit est indisponible jusqu'à fin août ; le magasin est fermé.", NOTICE),
        ("Der Artikel ist bis Ende August nicht verfügbar.", NOTICE),
        ("Das neue Update ist seit Februar raus, Herr Vogt zeigt Ihnen die Funktionen.", NOTICE),
        ("We are taking it slow with the rollout of the new portal.", NOTICE),
        # the customer's own insurance or benefit request
        ("Your income protection claim for your recent sick leave is with Priya.", NOTICE),
        ("Uw aanvraag voor een ziektewetuitkering wordt behandeld door Ahmed.", NOTICE),
        ("Votre demande d'indemnités journalières maladie est suivie par Léa.", NOTICE),
        ("Ihr Antrag auf Krankentagegeld wird von Sabine Wolf bearbeitet.", NOTICE),
        # the customer's spa or wellness trip and a family as the addressee
        ("Dear Smith family, Amy is your contact for your wellness break.", NOTICE),
        ("Beste familie Jansen, voor uw wellnessweekend is Bas uw contact.", NOTICE),
        ("Chère famille Martin, pour votre séjour en cure thermale, Claire vous répond.", NOTICE),
        ("Liebe Familie Fischer, Frau Koch hat Ihre Kur- und Wellnessreise. Gute Erholung", NOTICE),
        # a mailbox restored, a backlog dealt with
        ("Felix's mailbox was restored after the move to Exchange.", HR),
        ("Mailbox van Felix na de overstap naar Exchange hersteld.", HR),
        ("Boîte mail de Felix rétablie après la migration vers Exchange.", HR),
        ("Postfach von Felix nach dem Umzug auf Exchange wiederhergestellt.", HR),
        ("Ticket backlog processed and treated; Emma starts with an empty queue.", HR),
        ("Achterstand in het ticketsysteem weggewerkt c.q. behandeld.", HR),
        ("Retard des tickets résorbé et traité ; Emma commence avec une file vide.", HR),
        ("Rückstand im Ticketsystem abgearbeitet bzw. behandelt.", HR),
        # declining to talk about health holds no medical information
        ("Emma did not want to talk about her health, which is her right.", HR),
        ("Emma wilde het niet over haar gezondheid hebben, dat is haar goed recht.", HR),
        ("Frau Ott wollte nicht über ihre Gesundheit sprechen; nur die Planung besprochen.", HR),
        ("Emma ne souhaitait pas parler de sa santé ; seul le planning a été abordé.", HR),
    ],
)
def test_the_fifteenth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy) == [], text


# --- the sixteenth batch, by kind ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # a short prefix no longer meets common words of another language
        ("Bitte informieren Sie sofort den Absender und löschen Sie diese E-Mail.", NOTICE),
        ("De regeling wordt hernieuwd; Bas helpt u verder.", NOTICE),
        ("L'huile de la machine est changée ; Amy vous aide.", NOTICE),
        # health words in a footer or a company's business
        ("Wir empfehlen eine Reiserücktritts- und Auslandskrankenversicherung.", NOTICE),
        ("Betriebliches Gesundheitsmanagement; keine Gesundheitsdaten per E-Mail.", NOTICE),
        ("Medical devices are supplied subject to our standard terms.", NOTICE),
        ("Grace is your account manager for infusion consumables.", NOTICE),
        ("Karim livre vos seringues et dispositifs de perfusion ; dispositifs médicaux.", NOTICE),
        ("Aurélie est votre conseillère chez Mutuelle Santé Horizon.", NOTICE),
        ("Mutuelle soumise aux dispositions du Code de la mutualité.", NOTICE),
        ("Florian Schäfer, Key Account Pflege & Klinik.", NOTICE),
        ("Op onze werkzaamheden zijn de AVC 2002 van toepassing.", NOTICE),
        ("Wachtwoord vergeten? Herstel het via de app.", NOTICE),
        ("Wouter Janssens is uw adviseur. Geen familie, wel een naamgenoot!", NOTICE),
        # the customer's own leave
        ("Thanks for letting us know you're on annual leave from 30 March.", NOTICE),
        ("Vous nous avez indiqué être en congé maternité à partir d'avril.", NOTICE),
        ("U liet ons weten dat u met verlof bent; Joris is uw contactpersoon.", NOTICE),
        ("Danke für den Hinweis, dass Sie vom 30. März bis 10. April im Urlaub sind.", NOTICE),
        # a repair diagnosis and an office closure
        ("Our diagnosis shows the SSD of your laptop has failed.", NOTICE),
        ("Die Diagnose Ihres Smartphones: der Akku muss getauscht werden.", NOTICE),
        ("Wegen Betriebsurlaubs bleibt unser Lager geschlossen.", NOTICE),
        ("Pendant les congés annuels de l'entreprise, l'atelier est fermé.", NOTICE),
        # customer complaints in the HR file
        ("Danach übernimmt der Mitarbeiter zunächst nur schriftliche Beschwerden.", HR),
    ],
)
def test_the_sixteenth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy) == [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # the colleague's absence, health and leave stay refused
        ("Madame Roux est absente ; Antoine vous aide.", NOTICE),
        ("Robin est en arrêt pour une hernie discale.", NOTICE),
        ("Bas huilde aan de telefoon; Amy helpt u.", NOTICE),
        ("Ben is away for medical reasons; Amy helps you.", NOTICE),
        ("Pour des raisons de santé, Robin est absente.", NOTICE),
        ("Herr Braun ist in der Klinik; Frau Ott hilft Ihnen.", NOTICE),
        ("Zijn herstel gaat goed; Amy helpt u.", NOTICE),
        ("Ben is on annual leave; Amy helps you.", NOTICE),
        ("Madame Roux est en congé maternité ; Antoine vous aide.", NOTICE),
        ("Bas is met verlof; Amy helpt u.", NOTICE),
        ("Herr Braun ist im Urlaub; nach seiner Rückkehr übernimmt er wieder.", NOTICE),
        ("The diagnosis came as a shock to her; Amy helps you.", NOTICE),
        # the colleague is doing better, takes it slowly, gets flowers
        ("Es geht ihm schon deutlich besser, vielen Dank!", NOTICE),
        ("Het gaat al veel beter met hem, dank u!", NOTICE),
        ("Il va déjà beaucoup mieux, merci !", NOTICE),
        ("He's doing much better, thank you!", NOTICE),
        ("I'll be covering Ben's accounts while he takes things slowly.", NOTICE),
        ("Camille vous remercie pour vos messages de soutien et pour les fleurs envoyées.", NOTICE),
        ("Camille thanks you for the flowers you sent.", NOTICE),
        ("Sanne bedankt u voor de bloemen die u stuurde.", NOTICE),
        ("Frau Ott bedankt sich für die geschickten Blumen.", NOTICE),
        # a manager's impression of health in the HR file
        ("He came across as much more rested and upbeat than at our February 1:1.", HR),
        ("La salariée avait bien meilleure mine et semblait plus reposée.", HR),
        ("Hij kwam veel uitgeruster over dan vorige maand.", HR),
        ("Er wirkte deutlich erholter als im Februar.", HR),
        ("Die Beschwerden sind besser geworden.", HR),
    ],
)
def test_the_sixteenth_batchs_kinds_of_hint_are_refused(text: str, policy: Policy) -> None:
    assert guard(text, policy), text


@pytest.mark.parametrize(
    "text",
    [
        "Herr Zimmermann ist voraussichtlich ab dem 4. Mai 2026 wieder für Sie da.",
        "Tom will again be your contact from 4 May 2026.",
        "Stijn is vanaf 4 mei 2026 weer uw vaste aanspreekpunt.",
        "Camille sera de nouveau votre interlocutrice à partir du 4 mai 2026.",
    ],
)
def test_a_colleagues_return_date_is_refused_even_after_a_german_ordinal_day(text: str) -> None:
    assert any(f.category == Category.ABSENCE_DATE for f in guard(text, NOTICE)), text


@pytest.mark.parametrize(
    "text",
    [
        "Ihre Bestellung kommt am 4. Mai 2026 an. Frau Kuhn ist ab dann Ihre Ansprechpartnerin.",
        "Ab dem 4. Mai 2026 ist Frau Kuhn Ihre Ansprechpartnerin.",
    ],
)
def test_a_german_ordinal_day_in_a_business_sentence_passes(text: str) -> None:
    assert guard(text, NOTICE) == [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # taking it easy, also as a literal translation
        ("Sophie doit encore le prendre calmement ; Hugo vous aide.", NOTICE),
        ("Jonas muss es noch ruhig an tun, Lea hilft Ihnen.", NOTICE),
        ("Ben has to take it slowly for now; Amy helps you.", NOTICE),
        ("Bas moet het nog even kalm aan doen; Amy helpt u.", NOTICE),
        # fit for work and fully back again
        ("Until Ben is fit again, Amy helps you.", NOTICE),
        ("Bis Herr Braun wieder ganz einsatzfähig ist, hilft Ihnen Frau Ott.", NOTICE),
        ("Tot Bas weer helemaal inzetbaar is, helpt Amy u.", NOTICE),
        ("Jusqu'à ce que Robin soit de nouveau tout à fait apte, Antoine vous aide.", NOTICE),
        ("Until Ben is completely back, Amy is your contact.", NOTICE),
        ("Tot Bas weer volledig terug is, is Amy uw contactpersoon.", NOTICE),
        ("Bis Herr Braun wieder ganz da ist, hilft Frau Ott.", NOTICE),
        ("Jusqu'à ce que Robin soit complètement de retour, Antoine vous aide.", NOTICE),
        # hours built up again, or fewer for now
        ("Amy takes over while Ben builds his hours back up.", NOTICE),
        ("Frau Ott übernimmt, solange Herr Braun seine Stunden langsam steigert.", NOTICE),
        ("Amy neemt het over terwijl Bas zijn uren verder opbouwt.", NOTICE),
        ("Antoine reprend pendant que Robin augmente progressivement ses heures.", NOTICE),
        ("Herr Braun arbeitet derzeit nur stundenweise.", NOTICE),
        ("Robin travaille pour l'instant à horaire réduit.", NOTICE),
        ("Bas werkt voorlopig halve dagen.", NOTICE),
        ("Ben is working shorter hours for now.", NOTICE),
        # a difficult period, a gradual return
        ("After a difficult period, Ben will come back gradually.", NOTICE),
        # a manager's impression of good health is an impression of health
        ("Bas maakte een fittere indruk dan vorige maand.", HR),
        ("Er machte einen gesünderen Eindruck als im März.", HR),
        ("Elle avait l'air plus en forme qu'en février.", HR),
        ("He seemed healthier than at our last check-in.", HR),
    ],
)
def test_the_seventeenth_batchs_kinds_of_hint_are_refused(text: str, policy: Policy) -> None:
    assert guard(text, policy), text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # the sick-pay administration is a fact of the process in the HR file
        ("Payroll arranges his sick pay for the weeks of the phased return.", HR),
        ("De salarisadministratie regelt het ziekengeld voor de opbouwweken.", HR),
        ("Het UWV heeft de ziekteweekmelding ontvangen.", HR),
        ("Die Lohnbuchhaltung klärt das Krankengeld mit der Kasse.", HR),
        ("Les indemnités de maladie sont versées par la mutuelle.", HR),
        # Ms as a title; hours taken back
        ("Meeting with Ms Keller about the plan for May.", HR),
        ("Call with Ms. Jansen on Tuesday about the hours.", HR),
        ("La récupération des jours de congé est planifiée en avril.", HR),
        # a payment service back to health; tickets restored
        ("Our payment system is back to full health after the update.", NOTICE),
        ("Unsere Zahlungen wurden nach der Störung wiederhergestellt.", NOTICE),
        ("Le service de paiement a retrouvé sa santé après la panne.", NOTICE),
        ("Ons betaalplatform is weer kerngezond na het onderhoud.", NOTICE),
        ("Recovery of your deleted tickets takes a day.", NOTICE),
    ],
)
def test_the_seventeenth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Ben is still in recovery and Amy handles your tickets.",
        "Ben is still recovering, Amy handles your tickets now.",
        "Ben is recovering, Amy has accounts and files.",
        "Bas werkt aan zijn herstel en Amy beantwoordt uw vragen over uw tickets.",
        "Robin est en pleine récupération et Antoine traite vos tickets.",
        "We wish Ben a quick recovery and she will handle your tickets meanwhile.",
        "We all wish Ben a speedy recovery 🌷 Amy has your whole file.",
    ],
)
def test_a_clause_with_its_own_subject_lends_no_words_to_a_context_rule(text: str) -> None:
    assert guard(text, NOTICE, names=("Ben", "Bas", "Robin", "Amy", "Antoine")), text


@pytest.mark.parametrize(
    "text",
    [
        "Your data recovery runs tonight and Amy checks it tomorrow.",
        "Password recovery, Amy: the link is in your mailbox.",
    ],
)
def test_an_ordinary_sense_inside_its_own_clause_stays_ordinary(text: str) -> None:
    assert guard(text, NOTICE, names=("Amy",)) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Ben builds his hours back up.",
        "Ben is building her hours up again.",
        "We agreed a gradual build-up of working hours.",
    ],
)
def test_a_starred_word_outside_a_phrases_anchor_is_matched_as_a_prefix(text: str) -> None:
    assert guard(text, NOTICE), text


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("He looked a bit tired at our check-in.", "looked a bit tired"),
        ("Sie wirkte ganz schön erschöpft.", "wirkte ganz schon erschopft"),
        ("Hij klonk erg somber aan de telefoon.", "klonk erg somber"),
        ("Il semblait vraiment épuisé.", "semblait vraiment epuise"),
    ],
)
def test_a_look_with_intensifiers_in_between_is_one_impression_of_health(
    text: str, phrase: str
) -> None:
    assert [f.text for f in guard(text, HR)] == [phrase]


def test_a_gap_that_may_hold_only_intensifiers_holds_no_other_word() -> None:
    found = [f.text for f in guard("He looked into why the old process seemed so fragile.", HR)]
    assert not any(text.startswith("looked") for text in found), found


def test_a_gap_restriction_names_a_macro_after_a_phrase_with_gaps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from connector.domain import privacy

    monkeypatch.setattr(
        privacy, "_read", lambda name: "$INT = very\n[symptoms]\nlooked tired ?$INT\n"
    )
    with pytest.raises(ValueError, match="after a phrase with ~"):
        privacy._terms_in("terms.en.txt", "en")


KNOWN = (
    "Amy Smit",
    "Amy",
    "Bas",
    "Ben",
    "Tim",
    "Robin",
    "Antoine",
    "Léa",
    "Megan",
    "Frau Ott",
    "Tom",
    "Anna",
)


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # a body part that swells, limping
        ("Her ankle still swells by the evening.", HR),
        ("Zijn knie zwelt 's avonds nog op.", HR),
        ("Er humpelt noch leicht.", HR),
        ("Elle boite encore légèrement.", HR),
        ("He was limping after the long shift.", HR),
        # the colleague dropped out before; treated by someone who is not a known name
        ("Net als vorig jaar, toen Bas uitviel, helpt Amy u.", NOTICE),
        ("Comme lors de son dernier arrêt, Antoine vous aide.", NOTICE),
        ("Tim wordt behandeld door een fysiotherapeut; Amy helpt u.", NOTICE),
        ("Ben is still in treatment and his medication is changing; Amy helps you.", NOTICE),
    ],
)
def test_the_eighteenth_batchs_kinds_of_hint_are_refused(text: str, policy: Policy) -> None:
    assert guard(text, policy, names=KNOWN), text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # medical words as the modules and work of a healthcare customer's software
        (
            "Amy is your contact for the medication module and the treatment planning system.",
            NOTICE,
        ),
        ("Léa gère désormais le module de soins et la gestion des ordonnances.", NOTICE),
        ("Ihre Fragen zum Medikationsmodul beantwortet ab Mai Frau Ott.", NOTICE),
        ("Vragen over het patiëntenportaal en de behandelmodule beantwoordt Amy.", NOTICE),
        # handled by a colleague Stand-in knows
        ("Alles rond de jaarafrekening van uw contract wordt behandeld door Amy Smit.", NOTICE),
        # a building's diagnosis, a power cut, a warehouse's operations
        ("The roof survey and the site diagnosis are handled by Megan from March.", NOTICE),
        ("Le diagnostic de la toiture est fait ; Léa suit le chantier.", NOTICE),
        ("Toen de stroom uitviel, nam Amy uw melding over.", NOTICE),
        ("Sie unterstützt an zwei Vormittagen die Lager-Operations in Kassel.", HR),
        ("Elle appuie deux matinées par semaine les opérations de l'entrepôt.", HR),
    ],
)
def test_the_eighteenth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy, names=KNOWN) == [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # not being able to switch off; feeling like oneself again; positive impressions
        ("Tom says he still cannot switch off after work.", HR),
        ("Hij geeft aan dat hij zijn hoofd 's avonds niet leeg krijgt.", HR),
        ("Er sagt, er könne abends immer noch nicht abschalten.", HR),
        ("Il dit qu'il n'arrive pas à décrocher le week-end.", HR),
        ("She said she feels like myself again, in her words.", HR),
        ("Sie wirkte deutlich entspannter als im März.", HR),
        ("Er ist wieder zwäg.", HR),
        ("Elle dit : « je me sens redevenir moi-même ».", HR),
        # the colleague back on his feet, worn out, a lot on her plate
        ("Le temps que Marc se remette sur pied, Léa vous aide.", NOTICE),
        ("Jonas ist gerade total durch, Lea übernimmt.", NOTICE),
        ("Anna has a lot on her plate, so Ben takes over your tickets.", NOTICE),
    ],
)
def test_the_nineteenth_batchs_kinds_of_hint_are_refused(text: str, policy: Policy) -> None:
    assert guard(text, policy, names=KNOWN), text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # a form's "absent" field; a project's recovery phase; a healthy order book; idioms
        ("Please tick the 'absent' field on the delivery form.", NOTICE),
        ("Bitte füllen Sie im Formular das Feld „abwesend“ aus.", NOTICE),
        ("Het project zit na de storing in de herstelfase.", NOTICE),
        ("Wir freuen uns über die gesunde Auftragslage.", NOTICE),
        ("We understand you're sick of waiting for the refund.", NOTICE),
        ("U bent ziek van het wachten op de levering, dat begrijpen we.", NOTICE),
        ("En l'absence de réponse de votre part, le dossier sera clôturé.", NOTICE),
        ("Switch off the router and restart it.", NOTICE),
    ],
)
def test_the_nineteenth_batchs_ordinary_senses_pass(text: str, policy: Policy) -> None:
    assert guard(text, policy, names=KNOWN) == [], text


@pytest.mark.parametrize(
    "text",
    [
        # a compound is what its last part names: a system, a portal, a platform
        "Voor het medicatiebewakingssysteem van de apotheek is Anna uw contact.",
        "Fragen zum Medikamentenportal beantwortet Anna.",
        "Anna beheert de koppeling met het behandelingsplatform.",
        "Pour l'application de remboursement des soins, Anna est votre contact.",
        "Die Abrechnung der Behandlungen über die Schnittstelle betreut Anna.",
    ],
)
def test_healthcare_software_named_by_its_compounds_passes(text: str) -> None:
    assert guard(text, NOTICE, names=KNOWN) == [], text


def test_a_compound_whose_last_part_is_no_system_is_still_refused() -> None:
    assert words("Tom heeft medicatiegebruik besproken.") == ["medicatiegebruik"]
    assert words("Tom nimmt Medikamente.") == ["medikamente"]


def test_a_german_day_number_before_its_month_does_not_end_the_clause() -> None:
    # "ab dem 2. März": the full stop of the ordinal is no sentence end; after a plain number
    # at the end of a sentence it still is
    text = "Die neue Auszubildende Mia übernimmt ab dem 2. März zunächst leichtere Aufgaben."
    assert guard(text, NOTICE, names=("Mia",)) == []
    assert guard("Wir zählen 2. Tom übernimmt leichtere Aufgaben.", NOTICE, names=KNOWN)


def test_a_full_stop_between_digits_does_not_end_the_clause_a_context_rule_reads() -> None:
    # "Version 4.2": the digits are words of their own, the point between them no full stop
    assert guard("Die Version 4.2 hat noch ein paar Kinderkrankheiten.", NOTICE) == []
    assert guard("Die Version ist neu. Tom hat Kinderkrankheiten.", NOTICE, names=KNOWN)


#: What each blind batch from the twentieth on found, by kind, and now reads right: a line
#: for each kind, and the same words about the colleague that are still refused.
BATCH_KINDS = [
    # the twentieth batch
    # the return-to-work process by its abbreviation
    ("Tom is on a phased RTW, so Anna answers your calls this month.", NOTICE, True),
    ("Während Toms BEM-Verfahren kümmert sich Anna um Sie.", NOTICE, True),
    ("Tom est en TPT jusqu'en mai ; Anna reprend vos dossiers.", NOTICE, True),
    ("Tom volgt een re-int traject; Anna helpt u verder.", NOTICE, True),
    # an absence told as a break of some months
    ("After a break of several months, Tom is back; until then Anna helps.", NOTICE, True),
    ("Na een onderbreking van ruim twee maanden neemt Anna uw dossier over.", NOTICE, True),
    ("Après une interruption de trois mois, Tom reprend ; d'ici là, Anna vous aide.", NOTICE, True),
    ("Nach einer Unterbrechung von einigen Wochen übernimmt Anna.", NOTICE, True),
    # family or private reasons said with other nouns
    ("Wegen eines familiären Notfalls übernimmt Anna Ihre Tickets.", NOTICE, True),
    ("Aus privat bedingten Gründen ist Anna Ihre Ansprechpartnerin.", NOTICE, True),
    ("Suite à un imprévu familial, Anna reprend vos demandes.", NOTICE, True),
    ("Door een familiekwestie neemt Anna uw vragen over.", NOTICE, True),
    ("Vanwege een persoonlijke aangelegenheid helpt Anna u verder.", NOTICE, True),
    ("For family reasons, Anna takes over your tickets.", NOTICE, True),
    # letter-spaced after a possessive or an elided article
    ("Due to Tom's b u r n o u t, Anna is your contact.", NOTICE, True),
    # the twenty-first batch
    # therapy and conditions by their abbreviation; a condition that flares up
    ("Tom has an OT assessment on Thursday morning.", HR, True),
    ("Tom mentioned his IBS again.", HR, True),
    ("Tom says the pain flares up after long calls.", HR, True),
    # an operation after a possessive; the German sick note as a noun
    ("After Tom's op, Anna is your contact.", NOTICE, True),
    ("Herr Tom hat eine neue AU geschickt, Anna übernimmt.", NOTICE, True),
    # IT restoring a mailbox; healthcare practices as a portfolio; a healthcare
    # customer's scanners and call systems; a fund's GP; a company-wide closure
    ("IT finished the recovery of Tom's old mailbox.", HR, False),
    ("Tom übernimmt wieder die Kunden aus dem Bereich Arztpraxen.", HR, False),
    ("Anna looks after the MRI desk printers and the nurse call system.", NOTICE, False),
    ("Anna handles the GP/LP reporting module from Monday.", NOTICE, False),
    (
        "The whole team is off for the company shutdown week; Anna covers urgent calls.",
        NOTICE,
        False,
    ),
    ("Congé collectif en juillet : Anna assure la permanence.", NOTICE, False),
    ("Le diagnostic du technicien : un routeur défectueux. Anna vous aide.", NOTICE, False),
    # the twenty-second batch
    # figurative and technical senses: a migration's headache, a release's teething
    # troubles, a drop-in hour, a healthy queue, an infected laptop, a supplier's flu wave,
    # an interface's check-up, an outage's symptoms, eager to hear
    ("The data migration turned into a real headache; Anna takes over from Monday.", NOTICE, False),
    ("Version 5.1 hat noch Kinderkrankheiten; Anna betreut Ihr Ticket.", NOTICE, False),
    ("Tom helps at the weekly Excel clinic for the finance team.", HR, False),
    ("Toms wachtrij is gezond: acht open tickets.", HR, False),
    ("Toms laptop was besmet met ransomware; IT heeft hem opnieuw geïnstalleerd.", HR, False),
    ("Wegen einer Grippewelle beim Spediteur verzögert sich die Lieferung.", NOTICE, False),
    ("De storing had duidelijke symptomen in de logbestanden; Anna helpt u verder.", NOTICE, False),
    ("Tom is anxious to hear how the pilot went.", HR, False),
    # the same words said of the colleague
    ("Tom has had a headache all week, so Anna helps you.", NOTICE, True),
    ("Tom had a check-up at the doctor's; Anna takes his calls.", NOTICE, True),
    ("Tom was out during most of March; Anna answers now.", NOTICE, True),
    ("Tom seemed anxious during the call.", HR, True),
    ("Tom had clear symptoms all week.", HR, True),
    # the twenty-third batch
    # a body part in a notes field without an article; the colleague who could not handle
    # the requests between two dates
    ("Opmerking: last van knie bij lang zitten", HR, True),
    ("Anna n'a pas pu traiter vos demandes entre le 6 janvier et le 28 février.", NOTICE, True),
    # feverishly at work; an IT diagnosis of a laptop; leave requests as a software module
    ("Fieberhaft wird am Release gearbeitet; Tom testet.", HR, False),
    ("Diagnostic de son portable fait par l'IT, écran remplacé.", HR, False),
    ("Uw vraag over de module Verlofaanvragen beantwoordt Anna.", NOTICE, False),
    # the twenty-fourth batch
    # understatement of why the colleague stepped aside, in a notice
    ("Mijn collega heeft een stap terug moeten doen; Anna helpt u.", NOTICE, True),
    ("My colleague needed to slow down for a while, so Anna helps you.", NOTICE, True),
    ("Ma collègue doit ménager ses forces ; Anna vous aide.", NOTICE, True),
    ("Mein Kollege braucht gerade etwas Ruhe; Anna hilft Ihnen.", NOTICE, True),
    (
        "Vanaf maandag pakt Anna uw account weer op, nu ze weer op volle kracht draait.",
        NOTICE,
        True,
    ),
    # a manager's impression and care named by kind, in the HR file
    ("Tom is still a bit fragile, so the escalations stay with Anna.", HR, True),
    ("Tom is attending cardiac rehab on Tuesday mornings.", HR, True),
    ("Elle n'est pas encore tout à fait elle-même.", HR, True),
    ("Ses derniers examens sanguins sont normaux.", HR, True),
    ("De adviserend arts heeft de progressieve tewerkstelling goedgekeurd.", HR, True),
    ("Tom heeft een zware periode achter de rug.", HR, True),
    # healthcare customers' products, sites, data and courses; a Dutch month abbreviation
    ("Anna handles the Critical Illness Cover products of our insurers.", NOTICE, False),
    ("De meldingen over de wifi in de therapiezalen beantwoordt Anna.", NOTICE, False),
    ("The lab-results import for the veterinary practice is on Anna's list.", NOTICE, False),
    ("Fragen zur Online-Terminbuchung für Krankengymnastik beantwortet Anna.", NOTICE, False),
    (
        "Teamleiterin Gesundheitskunden: Tickets aus dem Gesundheitssegment gehen an Anna.",
        HR,
        False,
    ),
    ("Op di 4 mrt 2025 om 10:12 schreef Anna:", HR, False),
    # the same words about the colleague are still refused
    ("Tom zit in een revalidatiecentrum en doet fysiotherapie; Anna helpt u.", NOTICE, True),
    ("Tom wacht op zijn labuitslagen; Anna helpt u.", NOTICE, True),
    # the twenty-fifth batch
    # the colleague will be back once things settle: a hint
    (
        "Tom will be back in touch once things settle down for him; Anna helps you.",
        NOTICE,
        True,
    ),
    ("Zodra alles bij Tom weer tot rust is gekomen, belt hij u; Anna helpt u.", NOTICE, True),
    (
        "Sobald sich bei Tom alles wieder eingependelt hat, meldet er sich; Anna hilft.",
        NOTICE,
        True,
    ),
    # a condition by name; an impression of looking more rested
    ("Isst nicht mehr in der Kantine wegen ihrer Zöliakie.", HR, True),
    ("Zag er een stuk beter en uitgeruster uit dan vorige maand.", HR, True),
    # health as a topic left out; the customer's own operation; a flu-shot campaign
    ("No medical details were discussed; four hours a day from 19 May.", HR, False),
    (
        "Medewerker wilde niet over haar gezondheid praten; gesprek ging over het schema.",
        HR,
        False,
    ),
    (
        "I hope all went well after your operation; from 3 March Anna is your contact.",
        NOTICE,
        False,
    ),
    ("Anna is your contact for the flu-shot reminder campaign.", NOTICE, False),
    # the same words about the colleague are still refused
    ("Tom shared medical details of his treatment plan.", HR, True),
    ("Tom is recovering from an operation; Anna helps you.", NOTICE, True),
    # the twenty-sixth batch
    # a breakdown someone had; the Flemish huisdokter; morale "in the socks"
    ("Tom opened up that she'd had a breakdown last autumn.", HR, True),
    ("Tom liet weten dat hij bij de huisdokter zat.", HR, True),
    ("Appel avec Tom, il avait le moral dans les chaussettes.", HR, True),
    # a department, customers' complaints, a vehicle, a plant's lab values, a hoe
    ("Verfasser: Anna, Leiterin Operations | Thema: Planevaluation", HR, False),
    ("Escalaties en telefonische klachten pas in fase 3.", HR, False),
    ("Anna will arrange the recovery of your vehicle with our repairer.", NOTICE, False),
    ("Die Laborwerte des letzten Quartals liegen Anna bereits vor.", NOTICE, False),
    ("De ergonomische schoffels zijn weer op voorraad; Anna helpt u.", NOTICE, False),
    ("Ab heute betreut Anna Ihre Urlaubsbuchung im Kurhotel.", NOTICE, False),
    ("Anna regelt het herstel van uw glasvezelaansluiting.", NOTICE, False),
    # the same words about the colleague are still refused
    ("Tom had two operations last year; Anna helps you.", NOTICE, True),
    ("Tom heeft nog klachten bij lang zitten.", HR, True),
    ("Tom ist als Schöffe am Landgericht; Anna hilft Ihnen.", NOTICE, True),
    # the twenty-seventh batch
    # rehab as sessions, a groggy morning, a back that is better
    ("Tom can't work Tuesdays because of his rehab sessions at the spinal unit.", HR, True),
    ("Frau Koller muss bis September zur ambulanten Reha.", HR, True),
    ("Tom says the new tablets make him groggy in the mornings.", HR, True),
    (
        "Now that his back is a lot better, Tom takes your cases again; Anna helps until then.",
        NOTICE,
        True,
    ),
    # a boiler, a taxi contract, a system's health check, a vet clinic, a physio contract
    ("Anna is your contact for the recovery boiler at your pulp mill.", NOTICE, False),
    ("Den Vertrag über Krankenfahrten und Dialysefahrten betreut Anna.", NOTICE, False),
    ("De gezondheidscheck van uw brandmeldinstallatie plant u met Anna.", NOTICE, False),
    ("Le contrat avec une clinique vétérinaire passe à Anna.", HR, False),
    ("Anna takes back the contract with a physiotherapy clinic.", HR, False),
    # the twenty-eighth batch
    # everyday slips: Kreuzweh, dialysis, the pain clinic, curing oneself, a get-well card
    ("Andrea klagt über Kreuzweh, braucht öfter Pausen.", HR, True),
    ("Keine Termine vor 10 Uhr, Tom muss dreimal die Woche zur Dialyse.", HR, True),
    ("Tom kan op donderdag niet werken vanwege zijn afspraken bij de pijnpoli.", HR, True),
    ("Tom kuriert sich noch aus; ab Juni hilft Anna.", NOTICE, True),
    ("Wilt u Tom een beterschapskaartje sturen? Anna helpt u verder.", NOTICE, True),
    ("Tom heeft 's ochtends zijn kinéafspraken, dus Anna helpt u.", NOTICE, True),
    # lookalikes: a laptop's check-up, a healthy backlog, a file's treatment, a process's
    # sore point, restful holidays, a deposit, a fibre line, medicines as goods
    ("Toms Laptop war zum Check-up bei der IT.", HR, False),
    ("Backlog von Tom sieht gesund aus: 4 offene Tickets.", HR, False),
    ("Tom took over the treatment of the dormant accounts file.", HR, False),
    ("Point douloureux du processus : les tickets de Tom restent dans sa file.", HR, False),
    ("Ab 4. Mai betreut Sie Anna. Wir wünschen Ihnen erholsame Pfingsttage!", NOTICE, False),
    ("Anna will also take care of the recovery of your deposit.", NOTICE, False),
    ("Le rétablissement de votre connexion fibre est suivi par Anna.", NOTICE, False),
    ("Anna s'occupe de vos questions sur la commande de médicaments en ligne.", NOTICE, False),
    (
        "Anna is uw contactpersoon voor de agendasoftware van uw tandartspraktijk.",
        NOTICE,
        False,
    ),
    # the same words about the colleague are still refused
    ("Tom has a check-up at the hospital on Friday; Anna helps you.", NOTICE, True),
    ("Tom braucht noch erholsame Wochen; Anna hilft Ihnen.", NOTICE, True),
    ("Tom est suivi par un psychologue.", HR, True),
    # the twenty-ninth batch
    # one detail in a full entry: an OP in what may be told, the consultant in the next
    # contact, sleeping badly in the employee's own words
    ("Was gesagt werden darf: Kolleg:innen dürfen wissen, dass Tom eine OP hatte.", HR, True),
    ("Next contact: 9 April, by phone, after his appointment with the consultant.", HR, True),
    (
        "Eigen woorden: 'Ik slaap nog steeds heel slecht, dus liever niet om acht uur.'",
        HR,
        True,
    ),
    # load and strain as the reason, in a notice
    (
        "Anna ist Ihre Ansprechpartnerin, da Tom vorläufig nur eingeschränkt belastbar ist.",
        NOTICE,
        True,
    ),
    ("Anna neemt uw account over, zodat Tom op adem kan komen.", NOTICE, True),
    ("The workload got on top of Tom, so Anna takes over while he recharges.", NOTICE, True),
    ("Anna reprend votre compte pour qu'il puisse souffler un peu.", NOTICE, True),
    ("Anna takes over so that Tom can focus on getting better.", NOTICE, True),
    # a portfolio of clinics, access restored, software for doctors' practices, face care
    ("The healthcare clients (clinics, pharmacies) stay with Anna.", HR, False),
    ("Afspraken: portaaltoegang herstellen (IT, 17-04).", HR, False),
    (
        "Anna betreut die Praxissoftware (Terminbuchung und Abrechnung für Arztpraxen).",
        NOTICE,
        False,
    ),
    ("Anna traite vos commandes de crèmes et soins du visage.", NOTICE, False),
    # the thirtieth batch
    # a random month's slips: a cast, weight lost, an OH report, a doctor's note, tiring
    # quickly, a sore shoulder in shorthand, things outside work, dates of being out
    ("Tom darf wegen seiner Hand noch nicht lange tippen, der Gips ist erst ab.", HR, True),
    ("OH report for Tom received: fit for 3 x 4 hrs.", HR, True),
    ("Dr. note on file says max 20 hrs/wk through 4/30.", HR, True),
    ("My impression: Tom tires quickly in the afternoons.", HR, True),
    ("Tom - tjs mal à l'épaule, rappeler lundi", HR, True),
    (
        "Tom has been dealing with some things outside of work, so Anna is your rep.",
        NOTICE,
        True,
    ),
    ("Tom was out of the office from 5 January to 27 February; Anna helps you.", NOTICE, True),
    ("Seit Januar war Herr Tom leider nicht erreichbar. Ab März hilft Anna.", NOTICE, True),
    # a roster module's leave features, data recovered from a backup, e-prescriptions
    (
        "Anna kennt die offenen Punkte zur Urlaubs- und Krankheitsvertretung im Dienstplan.",
        NOTICE,
        False,
    ),
    (
        "We are now working on recovering your data from the backup; Anna is your contact.",
        NOTICE,
        False,
    ),
    (
        "Anna a lu tous vos tickets, y compris celui sur les ordonnances électroniques.",
        NOTICE,
        False,
    ),
    # the thirty-first batch
    # the formal procedure's employers: lumbago in the employee's own words, the hints
    ("Position du salarié (ses mots) : « Mes lombalgies vont mieux. »", HR, True),
    (
        "Damit Tom in Ruhe wieder ankommen kann, ist ab März Anna Ihre Ansprechpartnerin.",
        NOTICE,
        True,
    ),
    ("Tom is on light duty for now; Anna is your representative.", NOTICE, True),
    ("Pour permettre à Tom de reprendre ses marques, Anna suit votre demande.", NOTICE, True),
    ("Tom hervat momenteel progressief het werk; Anna is uw aanspreekpunt.", NOTICE, True),
    ("Wij wensen Tom veel sterkte de komende tijd! Anna helpt u.", NOTICE, True),
    # what was left out, said as such; a hospital's IT department as the customer
    (
        "Hinweis beachtet: keine Diagnosen eingetragen; nächste Stufe vereinbart.",
        HR,
        False,
    ),
    ("Reminder applied: no diagnosis recorded in this entry; schedule extended.", HR, False),
    (
        "Probleemanalyse ontvangen (zonder medische gegevens); plan van aanpak ondertekend.",
        HR,
        False,
    ),
    (
        "Anna, responsable du service informatique du Centre hospitalier, reprend le contrat.",
        NOTICE,
        False,
    ),
    # the thirty-second batch
    # written in a hurry: shorthand for the hospital and its check-ups, chat English
    ("Tom moet vrijdag naar het zkh voor controle, geen klanten inplannen.", HR, True),
    ("Tom muss am 19.5. zur Nachuntersuchung ins KH.", HR, True),
    ("Tom had a dr appt this morning, call moved to 2pm.", HR, True),
    ("Tom heeft last van z'n nek na lang zitten, vraagt sta-bureau.", HR, True),
    ("Tom sonnait un peu down au tel.", HR, True),
    ("Tom wirkte etwas down im Gespräch.", HR, True),
    ("Tom is weer back on track, maar Anna blijft uw contact.", NOTICE, True),
    ("Tom hat grad familiär einiges um die Ohren, Anna übernimmt.", NOTICE, True),
    ("Tom ist noch nicht ganz fit, Anna hilft Ihnen.", NOTICE, True),
    # a machine called sick or relapsing in jest; a request "en traitement"
    ("De laptop was echt 'ziek' (virus) maar is nu opgekuist; Anna helpt u.", NOTICE, False),
    ("Die Lizenz war quasi 'krank' (abgelaufen), jetzt erneuert.", NOTICE, False),
    ("L'imprimante a fait une rechute (bourrage papier), Anna passe jeudi.", NOTICE, False),
    ("Votre demande est en traitement chez Anna depuis ce matin.", NOTICE, False),
    ("La plateforme passe son check-up annuel (maintenance) samedi.", NOTICE, False),
    ("Testserver abgeschmiert, die IT hat ihn wiederhergestellt. Plan läuft.", HR, False),
    ("Tom s'occupe du traitement des notes de frais en attendant.", HR, False),
    # the thirty-third batch
    # sector jargon: a hand that cannot grip, trauma surgery, a tight chest, an audiogram
    ("Tom kann mit der linken Hand noch nicht richtig greifen.", HR, True),
    ("Nächste Kontrolle in der Unfallchirurgie am 14.04.", HR, True),
    ("Tom has had chest tightness in the open-plan area most days.", HR, True),
    ("Tom m'a montré son audiogramme : légère perte d'audition à gauche.", HR, True),
    ("Klonk een pak beter dan vorige maand, meer energie.", HR, True),
    # the hints: looking after oneself, distance from work, back in part, out of service
    ("Tom achtet gerade gut auf sich; Anna begleitet Sie.", NOTICE, True),
    ("Tom zorgt momenteel even goed voor zichzelf; Anna is uw contactpersoon.", NOTICE, True),
    ("Tom prend un peu soin de lui ces temps-ci; Anna vous accompagne.", NOTICE, True),
    ("Tom neemt even wat afstand van het werk; Anna beantwoordt uw vragen.", NOTICE, True),
    ("PS: Tom is weer deels terug maar doet nog even geen telefoon.", NOTICE, True),
    ("Tom is taking things one step at a time, so Anna stays your contact.", NOTICE, True),
    ("Tom sera hors service du 3 février au 15 mai; Anna traite vos réclamations.", NOTICE, True),
    ("Tom had a nasty fall; Anna helps you.", NOTICE, True),
    # medical-looking business: a diagnosed incident, a fever chart, a claimant's injury,
    # healthcare customers by their accounts, the customer's hospital pharmacy
    ("Ihre Störung ist diagnostiziert: ein Hardwaredefekt am Router.", NOTICE, False),
    ("Your incident has been diagnosed: the core switch has a fault.", NOTICE, False),
    ("The fever chart of your CPU load has been flat since the patch.", NOTICE, False),
    ("De koortscurve van uw serverbelasting ziet er weer rustig uit.", NOTICE, False),
    (
        "Le dossier de sinistre corporel de votre client (fracture suite à une chute sur le "
        "chantier) est désormais traité par Anna.",
        NOTICE,
        False,
    ),
    (
        "The personal injury claim brought by your customer (broken wrist after the fall in "
        "your warehouse) is now being handled by Anna.",
        NOTICE,
        False,
    ),
    # ...but with a colleague's name or pronoun close by, the injury may be theirs: refused
    ("Your claim is with Anna since Tom's injury.", NOTICE, True),
    ("Le serveur sera hors service samedi matin.", NOTICE, False),
    ("Sales had a fall in March; Anna sends the report.", NOTICE, False),
    ("Phase 3 brings back 6 accounts; no new clinic onboardings before then.", HR, False),
    ("Ab Stufe 3 wieder die Krankenhaus- und Apothekenkunden, 6 Accounts.", HR, False),
    ("Für Ihre Krankenhausapotheke ist ab Juni Anna Ihre Ansprechpartnerin.", NOTICE, False),
    ("Anna is uw contact voor herstellingen van de medicatiekarren.", NOTICE, False),
    # the thirty-fourth batch
    # the employee's own voice: thanks for cards and flowers, on sickness benefit (Belgium),
    # getting one's strength back, mornings only, a breakdown in their own words
    ("Thank you all for the cards and flowers! Anna helps you until May.", NOTICE, True),
    ("Bedankt voor alle kaartjes en bloemen! Tot juni helpt Anna u.", NOTICE, True),
    ("Merci pour vos cartes et vos fleurs ; Anna gère vos commandes.", NOTICE, True),
    ("Ik zit nog even op de mutualiteit, dus Anna volgt uw bestelling op.", NOTICE, True),
    ("Je suis encore en mutuelle ; Anna suit votre commande.", NOTICE, True),
    ("I'm only doing mornings while I get my strength back; ring Anna after noon.", NOTICE, True),
    ("Employee's own words: 'It was a breakdown, plain and simple.'", HR, True),
    # ordinary: a CRM that gives a headache, a request treated as a priority, a supply that
    # recovered, hospitalisation insurance, handling taken over, a florist's order
    ("Tom sagt, das neue CRM bereite ihm echt Kopfschmerzen.", HR, False),
    ("Her request for a second monitor is being treated as a priority.", HR, False),
    ("Da sich die Lieferlage erholt hat, liefern wir ab April wieder.", NOTICE, False),
    ("Pour votre contrat d'assurance hospitalisation, le contact est Anna.", NOTICE, False),
    ("Vanaf morgen neemt Anna de behandeling over.", NOTICE, False),
    ("Uw bestelling kaarten en bloemen is verzonden.", NOTICE, False),
    # the thirty-fifth batch
    # the whole e-mail and the whole entry: oncology, a weak impression, fingers that swell,
    # on a medical certificate (Belgium), a difficult family situation
    ("Ergebnis: verschoben, Termin in der onkologischen Ambulanz.", HR, True),
    ("Annexe : rapport_oncologue_mai.pdf", HR, True),
    ("Anmerkung: machte am Telefon einen gedrückten, kraftlosen Eindruck.", HR, True),
    ("Tom said his wrists and fingers still swell up after an hour of typing.", HR, True),
    ("Tom est actuellement sous certificat ; Anna est votre interlocutrice.", NOTICE, True),
    ("Omwille van een moeilijke familiesituatie is Tom niet bereikbaar.", NOTICE, True),
    # signatures and footers: a Care & Clinic division, a hospital street, a cancer charity,
    # Health & Safety training, a leave module and the export of absences
    ("Key Account Manager, Division Care & Clinic, Medilogic SA", NOTICE, False),
    ("Copitech SRL, Rue de l'Hôpital 5, 6000 Charleroi", NOTICE, False),
    ("Anna start op de vestiging Ziekenhuisweg in Enschede.", HR, False),
    ("Zorgsoft NV is trotse sponsor van Kom op tegen Kanker.", NOTICE, False),
    ("Medilogic SA soutient la Fondation contre le Cancer.", NOTICE, False),
    ("Anna est votre contact pour les formations Santé & Sécurité.", NOTICE, False),
    (
        "Anna hilft bei Fragen zum Modul Urlaubsplanung und zum Export der Fehlzeiten.",
        NOTICE,
        False,
    ),
    ("Die Klinikapotheken bleiben bis Ende Juni bei Anna.", HR, False),
    # the thirty-sixth batch
    # a plain random sample: morning medication, a course of steroids, MS by its letters,
    # "eine Weile raus", a bit of a breather, back "en pleine forme"
    ("Keine Termine vor 10 Uhr (wegen der Morgenmedikation).", HR, True),
    ("Tom mentioned he is on a course of steroids until the end of March.", HR, True),
    ("Let op: Tom heeft MS, vandaar de korte werkdagen.", HR, True),
    ("Tom ist jetzt erst mal eine Weile raus; Anna übernimmt Ihren Shop.", NOTICE, True),
    ("Tom is taking a bit of a breather, so Anna has picked up your requests.", NOTICE, True),
    ("Tom revient en pleine forme très bientôt ; Anna reprend vos tickets.", NOTICE, True),
    # insurers' and payroll offices' products, an emergency department's tickets, practice
    # software's modules, time off in lieu, debt recovery, MS Teams
    (
        "Ab April ist Frau Anna Weber Ihre persönliche Ansprechpartnerin für Krankengeld, "
        "Rehabilitationsanträge und Kostenübernahmen.",
        NOTICE,
        False,
    ),
    ("Vragen over ziekteattesten van uw werknemers kunt u aan Anna stellen.", NOTICE, False),
    ("Anna is your adviser for claims on physiotherapy and hospital stays.", NOTICE, False),
    ("Les tickets du service des urgences restent chez un collègue jusqu'au 1er juin.", HR, False),
    ("Tickets zu den Modulen 'Patientenakte' und 'Arztbrief' der Praxissoftware.", HR, False),
    ("Accord pour deux jours de récupération les 23 et 24 avril.", HR, False),
    ("Anna will handle the recovery of the outstanding balance on your account.", NOTICE, False),
    ("Die Behandlung von Eskalationen bleibt bis 30. April bei Anna.", HR, False),
    ("Tom heeft MS Teams nog niet op zijn laptop.", HR, False),
    # the thirty-seventh batch
    # lay words only: what the colleague cannot do yet, hard months, the team's wishes, a card
    ("As Tom isn't able to take calls for the time being, Anna handles the phone.", NOTICE, True),
    ("Da Tom vorerst nicht ans Telefon gehen kann, übernimmt Anna.", NOTICE, True),
    ("Die letzten Monate haben Tom viel abverlangt; Anna betreut Sie.", NOTICE, True),
    ("Tom heeft een paar pittige maanden achter de rug; Anna neemt over.", NOTICE, True),
    ("Toute l'équipe pense bien à Tom ; Anna reprend vos tickets.", NOTICE, True),
    ("Das ganze Team drückt Tom die Daumen; bis dahin hilft Anna.", NOTICE, True),
    ("P.S. If you'd like to send Tom a card, reception will pass it on.", NOTICE, True),
    ("Omdat Tom er nog niet helemaal bovenop is, helpt Anna u verder.", NOTICE, True),
    # ...and in HR entries with no medical term: sleep, a racing heart, pills, someone to talk
    # to, results back, exercises for the back, a regular appointment, welling up
    ("Tom says he still wakes around 3 every night.", HR, True),
    ("Tom vertelde dat zijn hart tekeergaat zodra de telefoon overgaat.", HR, True),
    ("Tom prend ses cachets le matin et se sent dans le coton jusqu'à 10 h.", HR, True),
    ("Tom sees someone twice a week to talk things through.", HR, True),
    ("Tom teilt mit, dass die Werte gut waren und nichts mehr zu sehen sei.", HR, True),
    ("Chaque midi, Tom fait ses exercices pour le dos.", HR, True),
    ("Niets inplannen op donderdag: Tom heeft dan zijn vaste afspraak.", HR, True),
    ("Het gesprek verliep moeizaam: Tom schoot twee keer vol.", HR, True),
    # the same everyday words about things: a plan that limps, a project put to sleep, a
    # launch that needs a breather, tight cash, a cold room on its last legs
    ("Die Schichtplanung hinkt hinterher; Tom bekommt seinen Plan am 27. März.", HR, False),
    ("The migration has been limping along; Anna will call you this week.", NOTICE, False),
    ("Le projet « Nouvelles caisses » est mis en sommeil jusqu'en juin.", HR, False),
    ("We're resting your campaign until the new budget is signed off.", NOTICE, False),
    ("La mise en ligne de votre site a besoin de souffler un peu.", NOTICE, False),
    ("En fin d'exercice, la trésorerie est souvent tendue.", NOTICE, False),
    ("De koelcel loopt al weken op zijn tandvlees; Anna komt langs.", NOTICE, False),
    # the thirty-eighth batch
    # lay words, second round: the colleague's days changed, shielded, patience "in this
    # period", strength and courage, until things settle; stairs, screens, advised habits
    ("Tom werkt de komende weken kortere dagen; Anna helpt u verder.", NOTICE, True),
    ("Tom won't be travelling or visiting customers for a while; Anna will visit.", NOTICE, True),
    ("Wir wünschen Tom viel Kraft und Mut; Ihre Bestellungen betreut Anna.", NOTICE, True),
    (
        "Nous vous remercions pour votre patience durant cette période ; Anna vous aide.",
        NOTICE,
        True,
    ),
    ("Na wat er in het najaar gebeurd is, is Anna uw contactpersoon.", NOTICE, True),
    ("Tot het voor Tom allemaal wat rustiger is geworden, helpt Anna u.", NOTICE, True),
    ("Tom can't get up the stairs without stopping halfway.", HR, True),
    ("Nach einer Stunde am Bildschirm brennen Tom die Augen.", HR, True),
    ("On a demandé à Tom de supprimer le café et de marcher chaque midi.", HR, True),
    ("Elke dinsdag heeft Tom zijn wekelijkse sessie bij de mevrouw van de praktijk.", HR, True),
    ("Tom says the pictures from last week looked fine.", HR, True),
    # ...and the same words about a helpdesk, a platform or an intern
    ("Tijdens de kerstperiode werkt onze helpdesk met kortere dagen.", NOTICE, False),
    (
        "De overstap naar ons nieuwe klantenportaal vraagt wat geduld in deze periode.",
        NOTICE,
        False,
    ),
    ("Pendant l'été, nos bureaux fonctionnent en horaire réduit.", NOTICE, False),
    ("Once things have settled down after our office move, Anna will invite you.", NOTICE, False),
    ("Tijdens het bouwverlof doen onze technici geen bezoeken ter plaatse.", NOTICE, False),
    # the thirty-ninth batch
    # a period's whole life: euphemisms for a recurring episode, tinnitus, a back that went
    # again, the colour back; wieder auf die Beine, handed back bit by bit
    ("6 May: Tom didn't pick up. Probably another one of his 'bad weeks'.", HR, True),
    ("Wahrscheinlich wieder einer seiner „schwarzen Tage“, kennen wir ja.", HR, True),
    ("Vu son « petit souci » qui revient par moments, je n'insiste pas.", HR, True),
    ("Tom houdt zijn donderdagochtend vrij voor 'je-weet-wel'.", HR, True),
    ("Frau Kraus hat nach längeren Telefonaten noch Ohrgeräusche.", HR, True),
    ("Tom rang back later: his back had gone again.", HR, True),
    ("Tom braucht noch Zeit, um wieder ganz auf die Beine zu kommen; Anna hilft.", NOTICE, True),
    ("Tom reprend petit à petit ses clients ; Anna reste votre contact.", NOTICE, True),
    ("Tom pakt het werk stap voor stap weer op; Anna blijft uw contact.", NOTICE, True),
    # ...and a cancelled video call, a nursery run, a salary recalculated, a note corrected,
    # the customer's shop closed for the holidays, bread, tickets taken on again
    ("Der Videotermin um 14:00 Uhr ist ausgefallen: der Link funktionierte nicht.", HR, False),
    ("Start at 9:30 instead of 8:00 because of nursery drop-off.", HR, False),
    ("Le traitement sera recalculé au prorata par le secrétariat social.", HR, False),
    ("Herstel van de notitie van 7 april: het gesprek vond op dinsdag plaats.", HR, False),
    ("Recovery of the overpaid March expenses is being handled by payroll.", HR, False),
    ("We've noted that your shop closes for the summer holidays in early August.", NOTICE, False),
    ("Votre commande de pain et de viennoiseries pour la cafétéria passe à Anna.", NOTICE, False),
    ("Vanaf 8 juni neemt Anna uw tickets weer op zich.", NOTICE, False),
    # the forty-sixth batch (a plain random sample, fifth round)
    ("Frau Krüger steigt im Rahmen des Hamburger Modells wieder ein; Anna hilft.", NOTICE, True),
    ("Volgens haar is de scan goed uitgekomen, geen nieuwe afwijkingen.", HR, True),
    ("Tom was van 5 januari tot en met 27 februari niet op kantoor.", NOTICE, True),
    ("La reprise de vos données vers la nouvelle plateforme est suivie par Anna.", NOTICE, False),
    ("Anna handelt uw bestellingen van verbandmiddelen en pijnstillers af.", NOTICE, False),
    # the forty-fifth batch (regional language)
    # a Flemish sick note, "nog even thuis", Australian "crook", Québec's CNESST
    ("Wegens een ziekenbriefje van Tom is Anna vanaf 16/3 uw aanspreekpunt.", NOTICE, True),
    ("Tom is nog even thuis, dus Anna neemt uw tickets over.", NOTICE, True),
    ("G'day, Tom's a bit crook so Anna is your contact.", NOTICE, True),
    ("Suite à un dossier ouvert à la CNESST pour Tom, Anna prend le relais.", NOTICE, True),
    ("Au téléphone, Tom m'a semblé encore fragile moralement.", HR, True),
    # ...and regional business words: a Spital-IT project, "sick" as slang for great, a
    # medical aid contribution, dokteren aan, a Reha-Technik division, a server stopped
    ("Tom übernimmt ab Mai wieder das Projekt «Spital-IT» als Projektleiter.", HR, False),
    ("Anna reckons your new shop fit-out plans look sick!", NOTICE, False),
    ("Medical aid contribution unchanged during the phased return.", HR, False),
    ("We dokteren nog aan het uurrooster.", HR, False),
    ("Ab Juni betreut Anna den Webshop Ihrer Reha-Technik-Sparte.", NOTICE, False),
    ("Notre serveur a été mis en arrêt pour maintenance ce week-end.", NOTICE, False),
    # the forty-third batch (lay words only, fourth round)
    # months away said plainly, a desk left empty, a new parent, a loss in the family, nights
    # without sleep, up to full speed again, messages left unanswered in the period
    ("Tom is de afgelopen maanden niet van de partij geweest; Anna helpt u.", NOTICE, True),
    ("Tom's desk has been empty since the new year; Anna is your contact.", NOTICE, True),
    ("Tom ist im Januar Vater geworden; ab März ist Anna für Sie da.", NOTICE, True),
    ("Tom vient de perdre son père ; Anna vous répond.", NOTICE, True),
    ("Tom n'arrive plus à fermer l'œil la nuit ; Anna vous aide.", NOTICE, True),
    ("Anna (standing in until Tom is up to full speed again).", NOTICE, True),
    (
        "Sorry that your messages to Tom between 5 January and 20 March went unanswered.",
        NOTICE,
        True,
    ),
    (
        "Excuses dat uw berichten aan Tom tussen 5 januari en 20 maart onbeantwoord bleven.",
        NOTICE,
        True,
    ),
    # ...in the HR file: words lost, a stiff neck, a device to breathe, someone to talk to, a
    # look that came back, something to live with
    ("Tom mentioned he still loses his words now and then on the phone.", HR, True),
    ("Tom krijgt na een uur typen een stijve nek.", HR, True),
    ("Tom schläft mit einem Gerät, das ihm nachts beim Atmen hilft.", HR, True),
    ("Tom heeft donderdag zijn gesprek bij de vrouw bij wie hij zijn verhaal kwijt kan.", HR, True),
    ("Tom heard that the last look they took came back fine.", HR, True),
    ("Volgens Tom is het iets waar hij voortaan mee moet leren leven.", HR, True),
    # ...and the same everyday words for things: a router not itself, a rollout taken slowly,
    # a server short of breath, a health check that came back clean
    ("Uw oude router is sinds de update niet helemaal zichzelf.", NOTICE, False),
    ("We doen het rustig aan met de uitrol van de nieuwe kassasoftware.", NOTICE, False),
    ("Votre serveur manque de souffle depuis la dernière mise à jour.", NOTICE, False),
    ("The quarterly health check on your tenant came back clean.", NOTICE, False),
    ("Na de storing draait de server weer op volle kracht.", NOTICE, False),
    # the forty-fourth batch
    # a realistic sample (software, telecom, insurance, banks, healthcare IT): tense muscles,
    # "en bien meilleure forme", a long-term leave in a team's name, an office not attended
    ("Tom erwähnte, dass Nacken und Schultern abends noch stark verspannt sind.", HR, True),
    ("Tom m'a paru en bien meilleure forme que le mois dernier.", HR, True),
    ("Anna\nCellule Remplacement Arrêts Longue Durée\nOptelis", NOTICE, True),
    (
        "Sorry for the slow replies between 12 January and 15 May; Tom wasn't in the office "
        "during that time.",
        NOTICE,
        True,
    ),
    (
        "Excuses voor de trage antwoorden tussen 12 januari en 15 mei; Tom was in die periode "
        "niet bereikbaar.",
        NOTICE,
        True,
    ),
    # ...and remote diagnostics, a fault's symptoms, a customer's department on leave, claims
    # handled, a mailbox restored, folders recovered
    ("Our remote diagnostic tool found a fault on your box.", NOTICE, False),
    ("Onze diagnose op afstand is klaar: uw modem draaide op oude firmware.", NOTICE, False),
    ("Danach übernimmt Tom die Ferndiagnose-Tickets.", HR, False),
    ("The symptoms you describe (the app freezing at login) match a known bug.", NOTICE, False),
    ("Les symptômes que vous décrivez correspondent à un bug connu.", NOTICE, False),
    ("Your finance team is mostly on leave in August, so we move the switchover.", NOTICE, False),
    ("Votre service comptable sera en congés en août : nous décalons la migration.", NOTICE, False),
    ("Tom reprend le traitement des sinistres simples (bris de glace).", HR, False),
    ("Tom suit le rétablissement de la messagerie pour les clients touchés.", HR, False),
    ("Voor het verdere herstel van de oudere mappen helpt Anna u.", NOTICE, False),
    # the forty-second batch
    # a plain random sample of sectors not often seen: not better yet, a scan without
    # abnormalities, an absence that began earlier, weight gained
    ("Vanaf 16 maart helpt Anna u; Tom is helaas nog niet beter.", NOTICE, True),
    ("Anna takes over your orders; Tom is still not better.", NOTICE, True),
    ("De scan van vorige week liet volgens Tom geen afwijkingen zien.", HR, True),
    ("Tom ist schon ab dem 2. Februar nicht verfügbar; Anna hilft Ihnen.", NOTICE, True),
    ("Tom is al vanaf de week van 2 februari niet beschikbaar; Anna helpt u.", NOTICE, True),
    # ...and the recipient's absence, safety paperwork, the customer's own staff's holiday
    # requests, a tenant given notice, a supply restored, an exam passed, residents' complaints
    ("In the recipient's absence the parcel is held at the pickup point.", NOTICE, False),
    ("Bei Abwesenheit des Empfängers wird die Sendung in der Filiale hinterlegt.", NOTICE, False),
    ("Anna sends you the site safety plan and the injury reporting form.", NOTICE, False),
    ("Anna stuurt u het ongevallenregister van het project.", NOTICE, False),
    ("Holiday requests from your own employees still go through the portal.", NOTICE, False),
    ("Urlaubsanträge Ihrer eigenen Mitarbeitenden tragen Sie selbst ein.", NOTICE, False),
    ("Le congé délivré à votre locataire reste valable.", NOTICE, False),
    (
        "Nach dem Stromausfall ist die Wiederherstellung der Versorgung abgeschlossen.",
        NOTICE,
        False,
    ),
    ("Le rétablissement de l'alimentation électrique est prévu jeudi.", NOTICE, False),
    ("Voor het herstel van een defecte stofzuiger rekenen we tien werkdagen.", NOTICE, False),
    ("Die Behandlung im Ausschuss ist für die nächste Sitzung vorgesehen.", NOTICE, False),
    ("The treatment of any overpayment is unchanged.", NOTICE, False),
    ("Anna heeft haar heftruckcertificaat gehaald; uitslag: geslaagd.", HR, False),
    ("Klachten van bewoners lopen voortaan via Tom.", HR, False),
    ("De kascontrole liet geen afwijkingen zien.", HR, False),
    # the forty-first batch
    # a plain random sample: cortisone, care by its abbreviation (PIA, SSM), a head not yet
    # clear, batteries not recharged, livelier again, back after a long time
    ("Tom erzählte, dass die Cortison-Dosis jetzt langsam reduziert wird.", HR, True),
    ("Frau Seidel ist weiterhin bei der PIA angebunden.", HR, True),
    ("Tom est toujours suivi au SSM et « les batteries ne sont pas encore rechargées ».", HR, True),
    ("Tom leek vandaag een stuk energieker en lachte weer tijdens het overleg.", HR, True),
    ("Herr Demir ist nach langer Zeit zurück und muss sich erst wieder eingewöhnen.", NOTICE, True),
    # ...and a pool's réhabilitation, markets recovering, meter readings, urgent requests
    ("Tom retourne sur le chantier de réhabilitation de la piscine communale.", HR, False),
    ("Wir beobachten die Erholung der Rentenmärkte weiterhin genau.", NOTICE, False),
    ("Anna s'occupe de la récupération de vos index de compteur.", NOTICE, False),
    ("Pour les urgences, Anna est joignable directement au 04 234 19 88.", NOTICE, False),
    # the fortieth batch (lay words, third round)
    # the colleague is there but on other work, kept away from calls and the front line, the
    # team keeps an eye on them; sleep, appetite, stairs, drops, sessions, the check, results
    ("Tom is still with us, but for now he's sticking to work behind the scenes.", NOTICE, True),
    (
        "Frau Krüger ist zwar im Haus, kümmert sich aber vorerst nur um interne Aufgaben.",
        NOTICE,
        True,
    ),
    ("Until things are back to normal for Tom, Anna will handle your claims.", NOTICE, True),
    ("Wir passen im Team gerade gut auf Tom auf und halten ihm den Rücken frei.", NOTICE, True),
    (
        "Tom n'est plus tout à fait lui-même ; nous avons choisi de lui laisser un peu d'air.",
        NOTICE,
        True,
    ),
    ("PS: wie Tom een kaartje wil sturen, mag dat gerust naar ons adres.", NOTICE, True),
    ("Tom berichtet, dass sie abends kaum abschalten kann und morgens wie gerädert ist.", HR, True),
    ("Tom mentioned he's gone off his food and has dropped nearly a stone.", HR, True),
    ("Tom moet om de twee uur druppels in zijn ogen doen.", HR, True),
    ("Tom still has his sessions on Tuesday and Thursday afternoons.", HR, True),
    ("Sébastien retourne pour un contrôle le 18/06.", HR, True),
    ("Tom got his results back last week: mostly fine.", HR, True),
    # ...and a school's autumn holiday
    ("Les écrans des classes seront mis à jour pendant le congé d'automne.", NOTICE, False),
    # the forty-seventh batch (writers in their second language)
    # a time word in the gap of an impression, energy in the voice, more in shape
    ("Tom klonk gisteren een stuk beter dan in maart.", HR, True),
    ("Tom sounded today much better than last month.", HR, True),
    ("Tom looked this week more in shape.", HR, True),
    ("Il y avait plus d'énergie dans sa voix.", HR, True),
    ("Mehr Energie in seiner Stimme als im Februar.", HR, True),
    # nothing left on the scan, an exercise test, tense muscles
    ("Hij zegt dat er op de scan niets meer te zien is.", HR, True),
    ("He says there is nothing left on the scan.", HR, True),
    ("Il a passé un test d'effort la semaine dernière.", HR, True),
    ("Das Belastungs-EKG war unauffällig.", HR, True),
    ("Tom hat Schulterverspannungen vom Headset.", HR, True),
    # not feeling good, a long time at home, restarting step by step
    ("Our colleague was not feeling good for some weeks; Anna helps you now.", NOTICE, True),
    ("Tom was a long time at home; from Monday Anna helps you.", NOTICE, True),
    ("Tom is restarting now step by step; Anna helps you.", NOTICE, True),
    ("Tom herstart stap voor stap; Anna helpt u verder.", NOTICE, True),
    # ...and night operations on servers, knowledge-base articles restored, a rented router
    # returned, a vehicle's accident damage, a diagnostics report
    ("Tom fait les opérations de nuit sur les serveurs.", HR, False),
    ("Tom übernimmt die Operationen im Rechenzentrum.", HR, False),
    ("Tom handles the night operations in the data centre.", HR, False),
    ("Tom works on the recovery of the knowledge base articles.", HR, False),
    ("Tom werkt aan het herstel van de kennisbank-artikels.", HR, False),
    ("De terugkeer van de gehuurde router regelt u met Anna.", NOTICE, False),
    ("Anna kümmert sich um Ihren Unfallschaden am Fahrzeug.", NOTICE, False),
    ("Anna sends you the diagnostics report every Monday.", NOTICE, False),
    # the forty-eighth batch (a plain random sample, sixth round): easing in step by step
    # without "again"; a project manager who is back is still a person
    ("Frau Roth steigt ab Montag stufenweise ein; Anna hilft Ihnen.", NOTICE, True),
    ("Our project manager is back; Anna helps you until Friday.", NOTICE, True),
    # ...and a billing backlog caught up, phone and complaints as tasks, a claim file handled,
    # a project back on track or "helemaal op schema"
    ("Inès participe à la récupération du retard de facturation.", HR, False),
    ("Telefonie en klachten volgen later in het plan.", HR, False),
    ("Anna behandelt vanaf 3 augustus uw schadedossier.", NOTICE, False),
    ("Good news: your rollout is back on track.", NOTICE, False),
    ("Goed nieuws: uw migratie zit weer helemaal op schema.", NOTICE, False),
    # the forty-ninth batch (firms whose business is sickness and absence): the customer's
    # staff's absence paperwork, plans and company-doctor appointments
    (
        "Anna verwerkt vanaf maandag de ziekmeldingen van uw medewerkers in het klantportaal.",
        NOTICE,
        False,
    ),
    ("Anna bearbeitet ab Montag die Krankmeldungen Ihrer Beschäftigten.", NOTICE, False),
    ("Anna traite dès lundi les certificats de vos travailleurs.", NOTICE, False),
    (
        "Anna processes your staff's sickness absence notifications in the employer portal.",
        NOTICE,
        False,
    ),
    # ...the consulting hours an employee plans for client companies, what an insurer
    # reimburses or a supplier rents, a contract that ended, undue payments recovered
    ("Greet plant opnieuw de spreekuren van de bedrijfsartsen voor klantbedrijven in.", HR, False),
    ("Tom verwerkt aanvragen voor terugbetaling van kinesitherapie.", HR, False),
    ("Anna s'occupe de la location de lits médicalisés.", NOTICE, False),
    ("Suite à l'arrêt de votre ancien contrat, Anna gère votre police.", NOTICE, False),
    (
        "Audrey participe à la récupération des indus ; le traitement des recours reste à Lyon.",
        HR,
        False,
    ),
    # but not when it is the colleague's, or their own appointment
    ("Tim's sickness absence means your employees now call Anna.", NOTICE, True),
    ("Tom ziet de bedrijfsarts en uw werknemers bellen Anna.", NOTICE, True),
    ("Tom is in rehabilitation and your claims go to Anna.", NOTICE, True),
    ("Greet plant haar afspraak met de bedrijfsarts in.", HR, True),
    ("Karen had her occupational health appointment.", HR, True),
    # and a family tragedy, a difficult situation at home
    ("Suite à un drame familial, Olivier a dû s'éloigner du bureau.", NOTICE, True),
    ("Door een moeilijke situatie thuis kan Sofie even niet opvolgen.", NOTICE, True),
    # the fiftieth batch (a plain random sample, seventh round): the customer's own trip and
    # the accident of the customer's van
    ("Für Ihre Urlaubsreise nach Mallorca ist jetzt Anna Ihre Ansprechpartnerin.", NOTICE, False),
    ("Uw schadedossier na het ongeval met uw bestelwagen behandelt Anna.", NOTICE, False),
    ("Tom ist im Urlaub; Anna hilft Ihnen.", NOTICE, True),
    ("Tom had een ongeval met de auto; Anna helpt u.", NOTICE, True),
    # found beside the batches: a business word a little further on ("your claims", "go") does
    # not make someone's treatment or recovery a request's or a project's
    ("After his treatment, your claims go to Anna.", NOTICE, True),
    ("Following treatment, your cover questions go to Anna.", NOTICE, True),
    ("Tom's recovery continues, your claims go to Anna.", NOTICE, True),
    ("The treatment of your request takes two days.", NOTICE, False),
    # the fifty-second batch (filled-in values): a team name that carries the reason
    ("Anna van het team Vervanging langdurig zieken helpt u.", NOTICE, True),
    ("Anna vom Team für die Langzeitkranken hilft Ihnen.", NOTICE, True),
    # diseased plants, trees and crops are a garden centre's business
    ("Anna beantwoordt ook uw vragen over de zieke buxushagen.", NOTICE, False),
    ("Anna bearbeitet auch die Reklamation der kranken Thujen.", NOTICE, False),
    ("Anna will handle your claim about the diseased maple saplings.", NOTICE, False),
    ("Anna traitera aussi la réclamation concernant les plants malades.", NOTICE, False),
    # but a colleague who is ill beside the plants is still refused
    ("Tom is ziek, de planten gaan naar Anna.", NOTICE, True),
    ("Tom ist krank und Pflanzen bestellen Sie bei Anna.", NOTICE, True),
    ("Tom est malade, les plants et arbres sont chez Anna.", NOTICE, True),
    ("Tom is sick, plants go to Anna.", NOTICE, True),
    # a painless handover is a figure of speech; a painless treatment is not
    ("Vereinbart, dass die Übergabe für die Kunden schmerzlos ablaufen soll.", HR, False),
    ("Convenu que la passation doit se faire sans douleur pour les clients.", HR, False),
    ("Die Behandlung war laut Tom schmerzlos.", HR, True),
    ("Tom a encore une douleur au genou.", HR, True),
    # a street named after a hospital, with the town after it, is an address
    (
        "Notre agence se trouve au 14 rue de l'Hôpital à Strasbourg ; Anna vous y accueille.",
        NOTICE,
        False,
    ),
    ("Unser Lager ist jetzt in der Hospitalstraße 3; Anna hilft Ihnen.", NOTICE, False),
    ("Tom est à l'hôpital à Strasbourg ; Anna vous aide.", NOTICE, True),
    ("Tom liegt im Hospital; Anna hilft Ihnen.", NOTICE, True),
    # the results of his or her scan, as the results of the scan already were
    ("Tom a reçu les résultats de son scanner, qui sont bons selon lui.", HR, True),
    ("Tom got the results of his scan last week.", HR, True),
    ("Tom hat die Ergebnisse seines Scans bekommen.", HR, True),
    ("Les résultats du scanner de vulnérabilités sont transmis à Anna.", HR, False),
    # the fifty-first batch (a plain random sample, eighth round): a difficult family or
    # personal period, and an absence until the beginning of a month
    ("Wegen einer familiären Ausnahmesituation übernimmt Anna Ihre Mandate.", NOTICE, True),
    ("Tom traverse une période familiale difficile ; Anna vous aide.", NOTICE, True),
    ("Tom maakt een moeilijke persoonlijke periode door; Anna helpt u.", NOTICE, True),
    ("Tom is going through a difficult family period; Anna helps you.", NOTICE, True),
    ("Tom was van half januari tot begin maart weg; Anna helpt u.", NOTICE, True),
    # the customer's own holiday with the formal "Sie" as its subject
    ("Frau Ott, Sie sind ja bis Ende April im Urlaub; Anna meldet sich danach.", NOTICE, False),
    ("Wie Sie wissen, ist Tom im Urlaub; Anna hilft Ihnen.", NOTICE, True),
    ("Wie Sie wissen, ist Ihr Ansprechpartner im Urlaub; Anna hilft Ihnen.", NOTICE, True),
    # "out" that ends a hyphenated business word
    ("Anna will be your contact for the office fit-out from 4 May.", NOTICE, False),
    ("Tom is out from 4 May; Anna will be your contact.", NOTICE, True),
    # the fifty-third batch (a plain random sample, ninth round): an impression with an
    # intensifier or a comparative, a back that limits sitting, PT, a scan that shows nothing
    ("Check-in with Tom. He seemed much brighter than in February.", HR, True),
    ("Tom seemed a lot calmer on the call.", HR, True),
    ("Er machte einen deutlich stabileren Eindruck als im Februar.", HR, True),
    ("Il paraissait nettement plus en forme qu'en février.", HR, True),
    ("Tom can't sit for long because of his back.", HR, True),
    ("Tom has PT on Tuesday mornings, so he starts at 11.", HR, True),
    ("D'après Tom, le dernier scanner ne montre plus rien.", HR, True),
    # but a system that seemed more stable, a colleague who takes over the handling of a
    # complaint, the synchronisation restored
    ("The new release seemed much more stable than the last one.", HR, False),
    ("Das System machte nach dem Update einen stabileren Eindruck.", HR, False),
    ("Beschwerde eines Kunden besprochen; Herr Wolf übernimmt die weitere Behandlung.", HR, False),
    ("Anna hat die Wiederherstellung der Synchronisation eingeplant.", HR, False),
    ("Der Arzt übernimmt die weitere Behandlung von Herrn Wolf.", HR, True),
    # the fifty-fourth batch (lay words only, fifth round): someone to talk things over with,
    # something taken at night, a parent to look after, nothing heavy to lift, a flat battery
    ("Tom goes to someone every week to talk things over with.", HR, True),
    ("Tom gaat elke dinsdag bij iemand praten over wat er gebeurd is.", HR, True),
    ("Tom voit quelqu'un chaque semaine pour en parler.", HR, True),
    ("Tom geht jeden Dienstag zu jemandem, um das Erlebte aufzuarbeiten.", HR, True),
    ("Tom is coming off what he takes at night, so he starts later.", HR, True),
    ("Tom neemt 's avonds iets in waar hij duf van is.", HR, True),
    ("Tom is looking after his dad, so Anna helps you.", NOTICE, True),
    ("Tom s'occupe de sa maman ; Anna prend le relais.", NOTICE, True),
    ("Tom kümmert sich gerade um seinen Vater; Anna hilft Ihnen.", NOTICE, True),
    ("Tom mustn't lift anything heavy, so Anna does the site visits.", NOTICE, True),
    ("Tom ne doit rien porter de lourd ; Anna fait les visites.", NOTICE, True),
    ("Tom zegt dat bij hem de batterij leeg was.", HR, True),
    ("Tom sagt, bei ihm sei der Akku leer gewesen.", HR, True),
    ("Wegen seines Ausfalls betreut Anna Ihr System.", NOTICE, True),
    # and the same everyday words about things: a flat battery, a team at full stretch, a
    # shop back on its feet, sales that recover
    ("De batterij van de laptop is leeg; Anna brengt een nieuwe.", HR, False),
    ("Der Akku des Headsets ist leer, Anna bestellt einen neuen.", HR, False),
    ("L'équipe facturation est à bout de souffle avec la clôture annuelle.", HR, False),
    ("Het facturatieteam loopt op zijn tandvlees met de jaarafsluiting.", HR, False),
    ("Your online shop is back on its feet and we're easing the traffic back in.", NOTICE, False),
    ("Anna takes over while our Cardiff team is brought back up to full strength.", NOTICE, False),
    (
        "Votre site marchand remonte la pente après la panne ; Anna est votre contact.",
        NOTICE,
        False,
    ),
    ("Tom remonte la pente petit à petit ; Anna est votre contact.", NOTICE, True),
    # the fifty-fifth batch (a plain random sample, tenth round, on the session's last guard):
    # a line's diagnostic, an insurance contract's waiting period, a colleague "not quite right"
    (
        "We ran a full diagnostic on your broadband and found no faults; Anna follows up.",
        NOTICE,
        False,
    ),
    (
        "Le délai de carence de votre contrat habitation est écoulé ; Anna traite vos sinistres.",
        NOTICE,
        False,
    ),
    ("Tom a une carence en fer ; Anna vous aide.", NOTICE, True),
    ("Onze collega Tom is momenteel niet helemaal in orde; Anna helpt u.", NOTICE, True),
    ("De factuur is niet helemaal in orde; Anna helpt u.", NOTICE, False),
    # the fifty-sixth batch (a plain random sample, eleventh round, on the session's final
    # guard): a back that gives trouble after sitting, a shoulder that plays up, a whole month
    # away, BEM and "reprise après arrêt" as a team's name
    ("Der Rücken macht Tom nach längerem Sitzen wieder Probleme.", HR, True),
    ("Schouder en nek van Tom speelden op na de tweede werkdag.", HR, True),
    ("Tom was out the whole of February, so Anna answers your tickets.", NOTICE, True),
    ("Die Steffi war ja den ganzen Februar weg, jetzt schreibt dir Anna.", NOTICE, True),
    ("Ihre Anfrage wurde der Gruppe BEM-Vertretung zugewiesen; Anna meldet sich.", NOTICE, True),
    ("Votre demande a été transférée à l'équipe « Reprise après arrêt ».", NOTICE, True),
    # but figures that recovered, a compressor's diagnostics, a floor treatment, a shop open
    # in the Easter holidays, a production line restarted after a stop
    ("De SLA-score is hersteld tot 96%; Anna houdt het bij.", HR, False),
    ("Die SLA-Quote hat sich auf 96 % erholt.", HR, False),
    ("The diagnostics on your compressor are complete; Anna is your contact.", NOTICE, False),
    ("The floor treatment at your office is booked; Anna handles your account.", NOTICE, False),
    ("Pendant les vacances de Pâques la boutique reste ouverte ; écrivez à Anna.", NOTICE, False),
    ("La reprise après arrêt de la ligne de production est prévue lundi.", NOTICE, False),
    ("Tom est en vacances de Pâques ; Anna vous aide.", NOTICE, True),
    # found beside the batches: an outage's system named right after it ("der Ausfall des
    # Servers") is an outage; a colleague's absence followed by what the replacement looks
    # after ("Wegen Toms Ausfall betreut Anna Ihr System") is not
    ("Nach dem Ausfall des Servers hilft Anna Ihnen.", NOTICE, False),
    ("Der Ausfall bei Ihrem Internetanschluss ist behoben; Anna hilft Ihnen.", NOTICE, False),
    ("Wegen Toms Ausfall betreut Anna Ihr System.", NOTICE, True),
    ("Wegen seines Ausfalls betreut Anna Ihren Webshop.", NOTICE, True),
]


#: Inflected forms of listed words that the lists lacked (found by
#: ``scripts/inflection_gaps.py``): plurals, past tenses, participles, comparatives.
INFLECTED_FORMS = [
    ("De zieken worden voortaan door Anna geholpen.", NOTICE),
    ("Zijn vader overleed vorige week; Anna helpt u.", NOTICE),
    ("Tom is getrouwd en Anna helpt u intussen.", NOTICE),
    ("Na een ongelukje thuis helpt Anna u.", NOTICE),
    ("Tom heeft last van slapeloze nachten.", HR),
    ("Hij slikt pilletjes tegen de pijn.", HR),
    ("Tom ist die verstorbene Mutter noch nahe; Anna hilft Ihnen.", NOTICE),
    ("Tom trauert um seinen Vater; Anna hilft Ihnen.", NOTICE),
    ("Tom hat zwei Prellungen und eine Kopfverletzungen-Nachsorge.", HR),
    ("Seine Hände zittern nicht mehr, sagt er, aber es kribbelt noch.", HR),
    ("Après deux enterrements en un mois, Anna reprend vos dossiers.", NOTICE),
    ("Tom a eu deux entorses cette année.", HR),
    ("Tom grieves his father; Anna helps you.", NOTICE),
    ("Tom had two concussions last year.", HR),
    ("The dosages are still being adjusted.", HR),
]


@pytest.mark.parametrize(("text", "policy"), INFLECTED_FORMS)
def test_an_inflected_form_of_a_listed_word_is_refused_as_the_word_is(
    text: str, policy: Policy
) -> None:
    assert guard(text, policy, names=KNOWN), text


#: An absence told by a month without a day, or by a duration: no date for the date cues to
#: find, so the words themselves must carry it.
ABSENCE_BY_MONTH = [
    ("Tom is er tot eind maart niet; Anna helpt u.", True),
    ("Tom is er een paar weken niet; Anna helpt u.", True),
    ("Tom is er vanaf april weer; tot dan helpt Anna u.", True),
    ("Tom is back in April; until then Anna helps you.", True),
    ("Tom returns in April; Anna helps you.", True),
    ("Tom won't be in the office until April; Anna helps you.", True),
    ("Tom ne sera pas là avant avril ; Anna vous aide.", True),
    ("Tom sera à nouveau là en avril ; Anna vous aide.", True),
    ("Tom ist erst ab April wieder im Haus; Anna hilft Ihnen.", True),
    ("Tom kommt im April zurück; Anna hilft Ihnen.", True),
    ("Anna helps you until March.", False),
    ("De factuur is er nog niet; Anna stuurt ze deze week.", False),
    ("The old portal is back in April; your order returns in May.", False),
]


@pytest.mark.parametrize(("text", "refused"), ABSENCE_BY_MONTH)
def test_an_absence_told_by_a_month_without_a_day_is_a_reason_in_a_notice(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=KNOWN)) is refused, text


@pytest.mark.parametrize(("text", "policy", "refused"), BATCH_KINDS)
def test_each_blind_batchs_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=KNOWN)) is refused, text


def test_a_context_rule_with_unless_words_reads_the_ordinary_sense_only_without_them() -> None:
    rule = SenseRule(
        lang="en",
        terms=("leave",),
        near=("your",),
        window=6,
        side="before",
        sense="the customer's own staff on leave",
        unless=("contact*", "<name>"),
    )
    words = ["your", "office", "manager", "is", "on", "leave"]
    assert rule.matches_context(words, 5, 5)
    assert not rule.matches_context(["your", "usual", "contact", "is", "on", "leave"], 5, 5)
    assert not rule.matches_context(["your", "manager", "xxxx", "is", "on", "leave"], 5, 5)
    assert not rule.matches_context(["the", "office", "manager", "is", "on", "leave"], 5, 5)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Thanks for letting me know your office manager is on paternity leave.", False),
        ("Uw filiaalleider is al twee weken ziek; Anna helpt u graag.", False),
        ("Votre comptable est en congé de maternité ; Anna reprend le dossier.", False),
        ("Your case handler is on leave, so Anna helps you.", True),
        ("Uw dossierbeheerder is met verlof; Anna helpt u.", True),
        ("Votre technicien est en congé ; Anna vous aide.", True),
        ("Danke, Ihr Sachbearbeiter ist im Urlaub; Anna hilft Ihnen.", True),
        ("Your usual contact is on sick leave, so Anna helps you.", True),
        ("Uw vaste contactpersoon is met verlof; Anna helpt u.", True),
        ("Your Tom is on leave; Anna helps you.", True),
        ("Votre conseillère est en congé ; Anna vous aide.", True),
        ("Ihre Kollegin ist in Elternzeit; Anna hilft Ihnen.", True),
    ],
)
def test_leave_is_the_customers_own_only_when_their_possessive_names_someone_not_ours(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=KNOWN)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # the formal capital inside a sentence is the customer's "your"
        ("Schöne Ferien! Nach Ihrer Rückkehr betreut Sie Anna.", False),
        ("Danke für den Hinweis, dass Ihre Buchhaltung in Elternzeit ist; Anna hilft.", False),
        ("Schön, dass Sie Ihre Grippe überstanden haben; Anna ist Ihre Ansprechpartnerin.", False),
        # lower case, or a capital that starts the sentence, may be "her": still refused
        ("Nach ihrer Rückkehr übernimmt Tom wieder; bis dahin hilft Anna.", True),
        ("Tom fehlt. Ihre Rückkehr ist im Mai; Anna hilft Ihnen.", True),
        # the formal "your" that names our colleague's role, or a leave during which
        ("Ihre Ansprechpartnerin ist in Elternzeit; Anna hilft Ihnen.", True),
        ("Wir teilen mit, dass Ihr Vorgang während der Elternzeit von Tom an Anna geht.", True),
    ],
)
def test_a_german_formal_your_is_read_as_the_customers(text: str, refused: bool) -> None:
    assert bool(guard(text, NOTICE, names=KNOWN)) is refused, text


GERMAN_HER = frozenset({"ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres"})


def test_no_context_rule_reads_a_lower_case_german_her_as_the_customers_your() -> None:
    """Folded, "ihrer" is "her" as often as "your": the formal "your" inside a sentence is
    read as "yhr..." (``_mark_formal_your``), and only that shows the customer's own matter."""
    assert [r.sense for r in sense_rules() if GERMAN_HER.intersection(r.near)] == []


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # "her" clinic, treatment, complaints, home: our colleague's, refused
        ("Lisa ist seit Montag in ihrer Klinik; Anna hilft Ihnen.", True),
        ("Lisa ist noch in Behandlung, ihrer Ärztin zufolge bis Mai; Anna hilft Ihnen.", True),
        ("Lisa hat Beschwerden, ihre Ärztin rät zu Ruhe; Anna hilft Ihnen.", True),
        ("Claudia ist noch zu Hause; ihr Kollege Tom hilft Ihnen.", True),
        ("Lisa ist in ihrem Krankenhaus gut versorgt; Anna hilft Ihnen.", True),
        # the same words as the customer's, with the formal capital inside the sentence
        ("Ab Montag hilft Ihnen Anna bei Fragen zu Ihrer Klinik.", False),
        ("Anna betreut ab Montag Ihre Kliniken.", False),
        ("Die Behandlung Ihres Antrags dauert zwei Tage.", False),
        ("Wir liefern Ihr Gerät direkt nach Hause.", False),
        ("Anna kennt die Beschwerden Ihrer Kunden.", False),
        # at the start of a later sentence the capital says nothing: refused, privacy first
        ("Lisa ist zurück. Ihre Reha ist vorbei; Anna hilft Ihnen.", True),
        ("Anna hilft Ihnen ab Montag. Ihre Klinik hat Lisa entlassen.", True),
        ("Lisa hat angerufen: Ihre Rückkehr ins alte Team ist für Montag geplant.", True),
        # where it opens the text (alone or after a salutation) nobody is named whom it could
        # be "her" of: the customer's
        ("Ihre Klinik wird ab Montag von Anna betreut.", False),
        ("<p>Ihre Praxis wird ab Montag von Anna betreut.</p>", False),
        ("Sehr geehrte Frau Peters,\n\nIhre Klinik wird ab Montag von Anna betreut.", False),
    ],
)
def test_a_lower_case_german_her_keeps_a_colleagues_stay_or_treatment_refused(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Lisa", "Anna", "Claudia", "Tom"])) is refused, text


@pytest.mark.parametrize(
    "text",
    [
        # a mail to the employee quoted in the HR file: "your" is theirs, and so is "Ihre"
        "We wish you well after your operation and look forward to your return.",
        "Wir wünschen Ihnen nach Ihrer Operation alles Gute.",
        "Ihre Operation ist gut verlaufen.",
        "Nous espérons que votre convalescence se passe bien.",
        "Thanks for letting us know your physiotherapist moved your sessions to Friday.",
        "Ik hoop dat uw rugblessure snel geneest.",
        # a rule's second-person neighbour ("klachten van uw klanten", "le traitement de
        # votre demande") shows nothing there either
        "We bespraken je klachten en de opbouw van je uren.",
        "Nous avons parlé de votre traitement et de vos horaires.",
        # and the specialist who wants to see someone again
        "Tom's specialist wants to see him again in May.",
    ],
)
def test_in_the_hr_file_your_medical_matter_is_the_employees_and_refused(text: str) -> None:
    """The context rules that read "your" as the customer's (``policy: notice`` in
    senses.yaml) are for notices only; in the HR file the possessive is the employee's."""
    assert guard(text, HR, names=KNOWN) != [], text
    rules = [r for r in sense_rules() if r.notice_only]
    assert rules and all("customer" in r.sense for r in rules)


@pytest.mark.parametrize(
    "text",
    [
        "Tom behandelt weer klachten van klanten.",
        "Le traitement de votre demande de reprise prend deux jours.",
        "Je reprends le traitement des dossiers lundi.",
    ],
)
def test_in_the_hr_file_the_other_neighbours_of_a_rule_still_show_the_ordinary_sense(
    text: str,
) -> None:
    assert guard(text, HR, names=KNOWN) == [], text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Sie hat deutlich abgenommen, wirkt aber motiviert.", True),
        ("Herr Vogt hat seit dem Sommer stark zugenommen.", True),
        ("Seit dem Projekt mit den Kunden hat sie merklich abgenommen.", True),
        ("Die Zahl der Rückfragen hat stark zugenommen.", False),
        ("Die Arbeitsbelastung hat deutlich abgenommen, seit Tom Aufgaben abgibt.", False),
        ("Die Wartezeiten am Telefon haben spürbar abgenommen.", False),
        ("Sie hat ein paar Kilo verloren.", True),
        ("Hij is behoorlijk aangekomen sinds de zomer.", True),
        ("Uw pakket is goed aangekomen.", False),
        ("Elle a beaucoup grossi ces derniers mois.", True),
    ],
)
def test_a_persons_weight_change_is_medical_but_a_quantity_that_grew_or_shrank_is_not(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, HR, names=["Vogt", "Tom"])) is refused, text


def test_the_formal_you_mark_keeps_every_span_and_leaves_she_and_a_sentence_start() -> None:
    text = "Sie ist neu. Frau Ott, Sie sind im Urlaub; dass Sie es wissen: sie hilft."
    marked = _mark_formal_you(text)
    assert len(marked) == len(text)
    assert marked == "Sie ist neu. Frau Ott, Yie sind im Urlaub; dass Yie es wissen: sie hilft."


def test_the_formal_your_mark_keeps_every_span_where_it_was() -> None:
    text = "Schöne Ferien! Nach Ihrer Rückkehr betreut Sie Anna; Ihre Fragen, Ihr Konto."
    marked = _mark_formal_your(text)
    assert len(marked) == len(text)
    assert marked == "Schöne Ferien! Nach Yhrer Rückkehr betreut Sie Anna; Yhre Fragen, Yhr Konto."


#: A listed phrase read across a full stop: into a sentence of its own it is two sentences'
#: words ("out" and "From 9 March"); into a short piece it is the sentence before, cut off
#: for effect, and still refused. Abbreviations, ordinals and initials end no sentence.
ACROSS_A_SENTENCE_END = [
    ("The new release is out. From 9 March Anna is your contact for it.", False),
    ("Tom is out. From 9 March Anna helps you with your orders and invoices.", False),
    ("Tom is taking some time. For himself.", True),
    ("Tom neemt wat tijd. Voor zichzelf.", True),
    ("Tom est en arrêt. Maladie.", True),
    ("Tom was burnt. Out completely.", True),
    ("Tom is out from 9 March; Anna helps you.", True),
    ("Miriam: Rücken macht z.Zt. Probleme nach langem Sitzen.", True),
]


@pytest.mark.parametrize(("text", "refused"), ACROSS_A_SENTENCE_END)
def test_a_phrase_does_not_run_across_a_sentence_end_into_a_sentence_of_its_own(
    text: str, refused: bool
) -> None:
    policy = HR if text.startswith("Miriam") else NOTICE
    assert bool(guard(text, policy, names=KNOWN)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # the pronoun "it" beside a reason is no IT department
        ("Tom had an operation and it went well; Anna helps you.", True),
        ("Tom had surgery and it went well; Anna helps you.", True),
        ("Tom's check-up showed it is nothing serious; Anna helps you.", True),
        ("Tom is with the doctor, it is nothing serious; Anna helps you.", True),
        ("Tom was in hospital and it was tough; Anna helps you.", True),
        ("TOM HAD SURGERY AND IT WENT WELL; ANNA HELPS YOU.", True),
        # "IT" in capitals is
        ("Laura joins the Thursday IT surgery hour for the new CRM.", False),
        ("Tom übernimmt ab Mai wieder das Projekt «Spital-IT».", False),
        # and the emergency department by its everyday names
        ("Tom was in A&E last week; Anna helps you.", True),
        ("Tom was op de spoed; Anna helpt u.", True),
    ],
)
def test_the_pronoun_it_is_not_the_it_department(text: str, refused: bool) -> None:
    """Folded, "IT" and "it" are one word: the capitals are marked first (``_mark_it``), and
    context rules name the mark, never the pronoun."""
    assert bool(guard(text, NOTICE, names=KNOWN + ("Laura",))) is refused, text


def test_no_context_rule_takes_the_pronoun_it_as_a_sign_of_an_ordinary_sense() -> None:
    from connector.domain import privacy as privacy_module

    signs = [r.sense for r in sense_rules() if privacy_module._any_matches(["it"], r._near)]
    assert all("wants to see" in sense for sense in signs), signs


@pytest.mark.parametrize(
    "text",
    [
        # a near word that is also a common word of another language, or of the same one
        "De check-up van Tom was goed; Anna helpt u.",  # "van": a vehicle in English
        "De testresultaten van Tom zijn goed; Anna helpt u.",  # "van", "de": articles
        "Les résultats des tests de Tom sont bons ; Anna vous aide.",
        "Die Testergebnisse der Untersuchung sind gut; Anna hilft Ihnen.",
        "Tom's holiday is over; Anna helps you until Friday.",  # "over": the season's
        "Tom is on holiday this period; Anna helps you.",
        "During Tom's absence a colleague helps you.",  # "a": absence of a thing
        "Tom is back in a few weeks; Anna helps you.",  # "in": back in stock
        "Tom start zijn behandeling over twee weken; Anna helpt u.",  # "over": overnemen
        "Tom's treatment takes a few days; Anna helps you.",  # "days": a request's
        "Tom had an operation, the customer service team helps you.",  # of a service
        # the second sweep: everyday words beside the word, in each language
        "Tom feels the recovery is slow; Anna helps you.",  # "feels": fees
        "Het herstel van Tom gaat goed, neem contact op met Anna.",  # "contact"
        "Tom suit un traitement de quelques jours ; Anna vous aide.",  # "jours"
        "Tom ist in Behandlung, auf jeden Fall bis Mai; Anna hilft Ihnen.",  # "Fall"
        "Tom est rétabli, écrivez à Anna par email.",  # "email": a mailbox restored
        "Son opération est prévue fin mars ; Anna vous aide.",  # "fin": month-end
        "Tom est en vacances jusqu'à fin mars ; Anna vous aide.",
        "Tom hatte einen kurzen Eingriff; Anna hilft Ihnen.",  # "kurz"
        "Tom ist zur Erholung weg, das Team hilft Ihnen.",  # "Team"
        "Tom has a fever, day two; Anna helps you.",  # "day": launch-day fever
        "Tom is on crutches, the job goes to Anna.",  # "job": a cron job's crutch
        "I think Tom is sick; Anna helps you.",  # "think": sick as slang for great
        "Tom's diagnosis came by phone; Anna helps you.",  # "phone": a phone's repair
        "Tom is uitgevallen, de back-office helpt u.",  # "back": a back-up
    ],
)
def test_a_near_word_that_is_a_common_word_shows_no_ordinary_sense(text: str) -> None:
    assert guard(text, NOTICE, names=KNOWN) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "De testresultaten van de nieuwe release stuurt Anna u.",
        "Les résultats des tests de charge de l'API arrivent lundi.",
        "Our office is closed over the holiday period.",
        "In the absence of a reply we close the ticket.",
        "Vanaf morgen neemt Koen de behandeling over.",
        "The summer offer is back in June.",
        "The treatment of your request takes two days.",
        "The operation of the service desk continues as usual.",
    ],
)
def test_the_business_senses_those_words_served_still_read_ordinary(text: str) -> None:
    assert guard(text, NOTICE, names=KNOWN + ("Koen",)) == [], text


@pytest.mark.parametrize(
    ("text", "names", "refused"),
    [
        # the German and Dutch genitive of a known name, without an apostrophe
        ("Frau Krankes Vertretung ist Tom.", ["Frau Kranke", "Tom"], False),
        ("Herr Kranks Kollegin hilft Ihnen.", ["Herr Krank", "Tom"], False),
        ("Doktors Team beantwortet Ihre Fragen.", ["Doktor"], False),
        # written as the name is written: the same letters as a word are still judged
        ("Ein krankes Kind: Frau Kranke hilft Ihnen.", ["Frau Kranke"], True),
        ("Tom ging naar de arts; Art helpt u.", ["Art", "Tom"], True),
        # and what follows the genitive is judged as ever
        ("Toms Krankheit: Anna hilft Ihnen.", ["Tom", "Anna"], True),
    ],
)
def test_a_known_name_in_the_genitive_is_a_name_not_a_word(
    text: str, names: list[str], refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=names)) is refused, text


def test_the_formal_sie_after_a_joining_word_opens_a_clause_as_sie_does() -> None:
    """The mark for the formal "Sie" ("yie") is a subject like the "sie" it replaces: "und Sie
    erreichen Anna" opens a clause of its own, so a context rule does not read across it."""
    for text in ("Tom ist weg und sie erreichen Anna", "Tom ist weg und Sie erreichen Anna"):
        words = _mark_formal_you(text).lower().split()
        assert list(_subject_clauses(" ".join(words), [], words)) == [3], words


@pytest.mark.parametrize(
    ("text", "names", "refused"),
    [
        ("Frau Müde ist einverstanden.", ["Simone Müde"], False),
        ("Mr Payne will answer your questions.", ["Tom Payne"], False),
        ("Mevrouw Ziek neemt uw tickets over.", ["Ilse Ziek"], False),
        ("Madame Malaise reprend vos demandes.", ["Anne Malaise"], False),
        # the word alone, or without the capital a name is written with, is still judged
        ("Frau Müde hilft, denn Tom ist müde.", ["Simone Müde", "Tom"], True),
        ("Herr müde hilft Ihnen.", ["Jan Müde"], True),
        ("Mr Payne helps: Tom is in pain.", ["Tom Payne", "Tom"], True),
    ],
)
def test_a_surname_that_is_a_listed_word_is_a_name_after_a_courtesy_title(
    text: str, names: list[str], refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=names)) is refused, text


@pytest.mark.parametrize(
    "text",
    [
        # lay words for what the HR file may not hold (none of these is in the corpus)
        "Marc zei dat zijn hart weer eens opspeelde.",
        "Ze wordt nog twee keer per nacht wakker.",
        "Er schläft kaum noch und kommt kaum aus dem Bett.",
        "His mind keeps racing at night.",
        "Il a des fourmis dans les mains quand il tape.",
        "Sein Schädel brummt nach dem Telefonieren.",
        "She has to get her stitches looked at on Monday.",
        "Elle doit faire enlever ses points de suture.",
        "Zijn benen zwellen op na een lange dag.",
        "He's gone down two belt notches since spring.",
        "Laut Anna ist ihr Zucker wieder zu hoch.",
        "Ses jambes gonflent encore le soir.",
    ],
)
def test_lay_health_details_of_the_sixth_lay_words_round_are_kept_out_of_the_hr_file(
    text: str,
) -> None:
    assert guard(text, HR, names=["Marc", "Anna"]), text


@pytest.mark.parametrize(
    "text",
    [
        # the same everyday words said of things
        "Your printers are worn out and will be replaced; Anna is your contact.",
        "De accu van uw scanner is helemaal leeg; Anna helpt u verder.",
        "Unser Büro ist an Heiligabend nur halbe Tage geöffnet.",
        "Les fourmis dans la cuisine ont été traitées; Anna vous aide.",
        "Your ticket was moved to the Support group.",
        "The screen goes blurry after the update; Anna helps you.",
        "Der Server ist nach dem Ausfall wieder auf den Beinen.",
        "L'équipe logistique tourne à flux tendu.",
        "Keep in mind racing bikes ship separately.",
        # the seventh lay-words round's
        "Das Projekt ist noch nicht richtig auf den Beinen; Anna hilft Ihnen.",
        "Das Ticketsystem krankte nach dem Update an einem Speicherproblem; Anna hilft Ihnen.",
        "Les petites maladies de jeunesse de votre pompe à chaleur sont réglées.",
        "Our new arrivals are in store: Anna helps you.",
        "The tablets you ordered ship on Monday; Anna helps you.",
        "Onze webshop draait sinds de zomer op een nieuw platform; Anna helpt u.",
    ],
)
def test_the_same_everyday_words_said_of_things_stay_ordinary_in_a_notice(text: str) -> None:
    assert guard(text, NOTICE, names=["Anna"]) == [], text


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # the seventh lay-words round's kinds, in sentences that are not in the corpus
        ("Zijn waarden zijn eindelijk weer in orde.", HR),
        ("Her numbers from the check are back to normal.", HR),
        ("He gets puffed out on the stairs.", HR),
        ("Ze heeft een paar dagen in haar bed gelegen; Anna helpt u.", NOTICE),
        ("She's not allowed behind the wheel yet, so Anna visits you.", NOTICE),
        ("Valérie vient de perdre sa maman ; Anna vous aide.", NOTICE),
        ("Tom ist noch nicht richtig auf den Beinen; Anna hilft Ihnen.", NOTICE),
        ("Tom and his partner have a new arrival; Anna helps you.", NOTICE),
        ("Il prend quelque chose pour dormir et commence à 10 h.", HR),
        ("Er hört auf dem linken Ohr noch schlecht.", HR),
    ],
)
def test_lay_details_of_the_seventh_lay_words_round_are_refused(text: str, policy: Policy) -> None:
    assert guard(text, policy, names=["Tom", "Anna", "Valérie"]), text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the twelfth random sample's kinds, in sentences that are not in the corpus
        (
            "Ab Montag betreut Anna die Anbindung der Notaufnahme an die Patientenakte.",
            NOTICE,
            False,
        ),
        ("Anna begleitet die Schulungen auf den Pflegestationen Ihrer Klinik.", NOTICE, False),
        ("Tom ist seit Montag in der Notaufnahme; Anna hilft Ihnen.", NOTICE, True),
        (
            "Wegen eines Eingriffs in unser Netz ist das Portal langsamer; Anna hilft Ihnen.",
            NOTICE,
            False,
        ),
        ("Wegen eines Eingriffs am Knie fällt Tom aus; Anna hilft Ihnen.", NOTICE, True),
        ("Anna lernt die Behandlung von Beschwerden nach dem neuen Verfahren.", HR, False),
        ("Anna joins the operations desk for the cut-over.", HR, False),
        ("Son scanner n'a rien montré de nouveau.", HR, True),
    ],
)
def test_the_twelfth_random_samples_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the eighth lay-words round's kinds, in sentences that are not in the corpus
        ("Tom says his head is like cotton wool after lunch.", HR, True),
        ("Tom meinte, sein Kopf sei nachmittags wie in Watte.", HR, True),
        ("Tom a la tête dans le coton après le déjeuner.", HR, True),
        ("Tom is three months along and feels queasy in the mornings.", HR, True),
        ("Tom has been dry for six months and keeps his evenings free.", HR, True),
        ("Tom ist seit acht Wochen trocken.", HR, True),
        ("Tom is nu drie maanden droog.", HR, True),
        ("Tom a arrêté de boire depuis l'été.", NOTICE, True),
        ("Tom laat de fles staan; Anna helpt u.", NOTICE, True),
        ("Tom moet nog eens onder het mes; Anna helpt u.", NOTICE, True),
        ("Tom muss im Herbst unters Messer; Anna hilft Ihnen.", NOTICE, True),
        ("Tom doit repasser sur le billard ; Anna vous aide.", NOTICE, True),
        ("Tom darf den Fuß noch nicht belasten.", HR, True),
        ("Tom mag zijn voet nog niet belasten.", HR, True),
        ("Tom's back went on him while moving house; Anna helps you.", NOTICE, True),
        ("Tom's sugar keeps playing up.", HR, True),
        ("Tom trägt nächste Woche ein Kästchen auf der Brust, das den Herzschlag misst.", HR, True),
        ("Tom draagt een kastje op zijn borst dat zijn hartslag meet.", HR, True),
        ("Tom a des soucis de cœur ; Anna vous aide.", NOTICE, True),
        ("Tom sukkelt met zijn rug; Anna helpt u.", NOTICE, True),
        ("Tom hat es mit dem Rücken; Anna hilft Ihnen.", NOTICE, True),
        # the same sounds said of systems and shops
        ("Onze server is nog aan het herstellen na de migratie; Anna helpt u.", NOTICE, False),
        ("Notre serveur se remet de la panne ; Anna vous aide.", NOTICE, False),
        ("Onze webshop lag in de lappenmand door een storing; Anna helpt u.", NOTICE, False),
        ("Tom lag in de lappenmand; Anna helpt u.", NOTICE, True),
        ("Notre site a eu un coup de fatigue après la panne ; Anna vous aide.", NOTICE, False),
        ("Since the roof was fixed the warehouse has been dry for three weeks.", NOTICE, False),
        ("De kelder is al twee weken droog; Anna helpt u.", NOTICE, False),
    ],
)
def test_the_eighth_lay_words_rounds_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the ninth lay-words round's kinds, in sentences that are not in the corpus
        ("Tom had his wisdom teeth out and his jaw clicks; Anna helps you.", NOTICE, True),
        ("Tom hat seit dem Zahnarzttermin eine dicke Backe; Anna hilft Ihnen.", NOTICE, True),
        ("Tom can't face the Tube yet, so Anna visits you.", NOTICE, True),
        ("Tom durft de bus niet meer op; Anna komt langs.", NOTICE, True),
        ("Tom traut sich nicht mehr aus der Wohnung.", HR, True),
        ("Tom goes to his talking sessions on Fridays.", HR, True),
        ("Tom gaat naar zijn praatsessies in Brugge.", HR, True),
        ("Tom sagt, alles dreht sich, sobald er aufsteht.", HR, True),
        ("Tom said the room spins when he stands up.", HR, True),
        ("Tom trägt jetzt ein Hörgerät.", HR, True),
        ("Tom porte un appareil auditif depuis mars.", HR, True),
        ("Tom and his wife are trying for a baby, so Anna takes your calls.", NOTICE, True),
        ("Tom doit partir tôt pour le parcours pour avoir un enfant.", HR, True),
        ("Tom leidet im Frühling unter Heuschnupfen; Anna hilft Ihnen.", NOTICE, True),
        ("Tom's iron levels: taux de fer à 7.", HR, True),
        ("Tom a une mine de papier mâché.", HR, True),
        ("Tom is looking after his mum in Cork, so Anna takes over.", NOTICE, True),
        ("Tom rijdt elke dag naar Hasselt om voor zijn moeder te zorgen.", NOTICE, True),
        ("Tom won't be back for a good while; Anna is your contact.", NOTICE, True),
        # the same sounds said of plans, lines and workshops
        ("Der Plan wurde von allen für gut befunden.", HR, False),
        ("The handover plan got a clean bill of health at the review.", HR, False),
        ("Volgende check-up van het plan op 2 juni.", HR, False),
        ("After our sales clinic in Cork, Anna takes over your account.", NOTICE, False),
        ("Die Hotline war gestern taub; Anna hilft Ihnen.", NOTICE, False),
        ("Anna bearbeitet die Anträge auf Kostenübernahme für Hörgeräte.", HR, False),
    ],
)
def test_the_ninth_lay_words_rounds_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the thirteenth random sample's kinds, in sentences that are not in the corpus
        ("Tom klagt über die Halswirbel und sitzt nur kurz.", HR, True),
        ("Die Gesundheitscheck-Termine Ihrer Anlage plant ab Montag Anna.", NOTICE, False),
        ("De jaarlijkse gezondheidscheck van de machines is in november.", NOTICE, False),
        ("Tom heeft zijn jaarlijkse gezondheidscheck; Anna helpt u.", NOTICE, True),
        ("Het project 'Operatie Voorjaar' wordt vanaf maandag begeleid door Anna.", NOTICE, False),
        ("Na zijn operatie neemt Anna het project over.", NOTICE, True),
    ],
)
def test_the_thirteenth_random_samples_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the fourteenth random sample's kinds, in sentences that are not in the corpus
        ("Tom is in a bad way since the winter; Anna takes your calls.", NOTICE, True),
        ("Der Tom ist nicht gut beinand, drum hilft Ihnen Anna.", NOTICE, True),
        ("Tom n'a plus trop le moral ces temps-ci.", HR, True),
        ("Zijn knieën doen pijn en als het druk is gaat zijn hart weer tekeer.", HR, True),
        ("Ses genoux lui font toujours mal en fin de journée.", HR, True),
        ("Tom reprend ses fonctions de manière progressive ; Anna vous aide.", NOTICE, True),
        ("Tom nimmt seine Arbeit stufenweise wieder auf; Anna hilft Ihnen.", NOTICE, True),
        # the same words in the customer's own business
        ("Anna berät Sie ab Montag zur Krankentagegeldversicherung Ihres Teams.", NOTICE, False),
        ("Anna is your adviser for the critical illness cover from Monday.", NOTICE, False),
        ("Het herstel van de straatverlichting in uw wijk volgt Anna op.", NOTICE, False),
        (
            "Die Wiederherstellung der Fahrbahn in Ihrer Straße betreut ab Montag Anna.",
            NOTICE,
            False,
        ),
        ("After the failover drill, the recovery runbook stays with Anna.", NOTICE, False),
        ("Votre demande de travaux est suivie, dès lundi, par Mme Anna Roy.", NOTICE, False),
        ("Sinds maandag is het Anna die uw erfeniszaak behandelt.", NOTICE, False),
        ("Bonjour à toute l'équipe des urgences, Anna reprend vos tickets.", NOTICE, False),
        ("Tom a été pris en charge par l'équipe des urgences ; Anna vous aide.", NOTICE, True),
        ("Wir hoffen, Sie hatten schöne Ferien; Anna hilft Ihnen ab Montag.", NOTICE, False),
        ("Anna neemt uw rechtszaak over het ongeval over.", NOTICE, False),
        ("Anna takes the tickets from the queue 'Hospitals & clinics' from Monday.", HR, False),
    ],
)
def test_the_fourteenth_random_samples_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom", "Anna Roy"], dates=False)) is refused, (
        text
    )


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the tenth lay-words round's kinds, in sentences that are not in the corpus
        ("Tom sagt, ihm schießt der Rücken beim Bücken noch immer ein.", HR, True),
        ("Tom wacht nachts schweißgebadet auf.", HR, True),
        ("Tom hebt nichts Schweres wegen seiner Schulter.", HR, True),
        ("Tom hardly eats at lunch and is visibly thinner.", HR, True),
        ("Tom's back seized up again on Monday.", HR, True),
        ("Tom cannae hold a thought after an hour, his heid is mince.", HR, True),
        ("Tom a les nerfs à vif et rumine la nuit.", HR, True),
        ("Tom dit que ses yeux le brûlent en fin de journée.", HR, True),
        ("Tom heeft 's avonds een bonkend hoofd en ziet wazig.", HR, True),
        ("Tom heeft het moeilijk met zijn ademhaling en neemt zijn pufje mee.", HR, True),
        ("Tom hasn't had a full night's sleep in weeks, so Anna takes your calls.", NOTICE, True),
        ("Tom ne ferme plus l'œil la nuit ; Anna vous répond.", NOTICE, True),
        ("Tom is pompaf, dus Anna helpt u een tijdje.", NOTICE, True),
        ("Tom remonte tout doucement la pente ; Anna vous aide.", NOTICE, True),
        # the same words said of devices, projects, colours, places and schedules
        ("Your scanner is not quite itself since the update; Anna knows the model.", NOTICE, False),
        ("Het project krabbelt op na de zomer; Anna neemt het over.", NOTICE, False),
        (
            "La batterie de votre terminal est à plat le soir ; Anna passe la changer.",
            NOTICE,
            False,
        ),
        ("Wirken die Farben im Bericht blass? Anna passt das Design an.", NOTICE, False),
        ("We know you're worried about the cut-over; Anna will call you.", NOTICE, False),
        ("Een vast belmoment geeft uw team wat ademruimte tussen de leveringen.", NOTICE, False),
        (
            "Même dans une ville endormie, votre borne doit fonctionner ; Anna vous aide.",
            NOTICE,
            False,
        ),
        ("Tom a de l'appétit pour les nouveaux outils de planification.", HR, False),
        ("Tom a rendu sa tablette et le chargeur au service IT.", HR, False),
        ("Anna herstelt de instellingen van uw account.", NOTICE, False),
    ],
)
def test_the_tenth_lay_words_rounds_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"], dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the fifteenth random sample's kinds, in sentences that are not in the corpus
        ("Tom war heute früh beim Kieferchirurgen.", HR, True),
        ("Tom m'a paru encore fatigué ; je lui ai dit de ménager ses forces.", HR, True),
        ("Tom wirkte noch müde im Gespräch.", HR, True),
        ("Tom is back but not yet fully in form, so Anna keeps your account.", NOTICE, True),
        ("Tom braucht noch etwas Schonung; Frau Anna Roy ist für Sie da.", NOTICE, True),
        ("Tom revient tranquillement, alors Anna s'occupe de vos réservations.", NOTICE, True),
        ("Tom zit niet zo goed in zijn vel; Anna helpt u.", NOTICE, True),
        # the same words as the customer's business
        ("Anna handles your lesson bookings and accident-related cancellations.", NOTICE, False),
        ("Anna beheert de pagina met geblesseerde spelers van uw club.", NOTICE, False),
        ("From Monday Anna handles the prescription order feeds and returns.", NOTICE, False),
        ("Anna is uw contact voor de medicijnvoorraad van uw apotheek.", NOTICE, False),
        ("Anna suit la campagne de dons pour la maison de convalescence.", NOTICE, False),
        ("Anna takes your orders for wedding invitations and get-well cards.", NOTICE, False),
        ("Could you send Tom a get-well card? Anna helps you meanwhile.", NOTICE, True),
    ],
)
def test_the_fifteenth_random_samples_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    names = ["Anna", "Tom", "Anna Roy"]
    assert bool(guard(text, policy, names=names, dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the eighteenth random sample's kinds (public sector and small business)
        ("Tom revient parmi nous après un long arrêt ; Anna vous aide.", NOTICE, True),
        (
            "This month we pray for the sick of our parish; Anna edits the newsletter.",
            NOTICE,
            False,
        ),
        ("Les visites aux malades restent confiées au père Olivier.", HR, False),
        ("Tom is sick; Anna leads the parish office meanwhile.", NOTICE, True),
        (
            "If your child is ill, please ring the absence line; Anna takes the calls.",
            NOTICE,
            False,
        ),
        ("Tom's child is ill, so Anna helps you.", NOTICE, True),
        ("Gespräch wegen des Warnstreiks ausgefallen; neuer Versuch am Freitag.", HR, False),
        ("Tom ist seit Wochen ausgefallen; Anna hilft Ihnen.", NOTICE, True),
        ("Kévin prend les dépannages et le traitement des fuites.", HR, False),
        (
            "After the keratin treatment, no washing for 48 hours; Anna cuts your hair.",
            NOTICE,
            False,
        ),
        (
            "Wegen des Warnstreiks im öffentlichen Dienst ist das Amt geschlossen; Anna hilft.",
            NOTICE,
            False,
        ),
        ("We zijn terug van de paasvakantie; Anna neemt uw bestellingen aan.", NOTICE, False),
        (
            "U hebt uitstel gevraagd tijdens uw ouderschapsverlof; Anna belt u.",
            NOTICE,
            False,
        ),
        ("Uw aanvraag wordt behandeld door de heer Anna Tom.", NOTICE, False),
        ("Votre dossier est suivi, à compter du 19 mai, par Anna.", NOTICE, False),
    ],
)
def test_the_eighteenth_random_samples_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"], dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the twelfth lay-words round's kinds (a manager's everyday writing)
        (
            "Anna übernimmt – und Tom geht's zum Glück schon besser, danke der Nachfrage!",
            NOTICE,
            True,
        ),
        ("PS: Tausend Dank für den Blumenstrauß an Tom!", NOTICE, True),
        ("Tom darf noch kein Auto fahren; Anna macht die Termine.", NOTICE, True),
        ("Telefonate sind für ihn noch zu viel; Anna ruft Sie an.", NOTICE, True),
        ("Phone calls are still a bit much for him; Anna will ring you.", NOTICE, True),
        ("Tom n'a pas encore le droit de reprendre le volant ; Anna passera.", NOTICE, True),
        ("Jusqu'au retour de Tom prévu le 2 juin, Anna vous aide.", NOTICE, True),
        ("Tom mag nog niks zwaars tillen; Anna installeert de scanners.", NOTICE, True),
        ("Bellen trekt hij nog niet zo goed; Anna belt u.", NOTICE, True),
        ("Die Narbe am Knie ist noch nicht richtig verheilt.", HR, True),
        ("Tom is up half the night, then a zombie till ten.", HR, True),
        ("Tom zegt: mijn rug speelt na een dag zitten nog steeds op.", HR, True),
        # the same words said of plans, a company's anniversary, a strike, the customer's holiday
        (
            "Das Update lassen wir ruhig angehen, Schritt für Schritt; Anna hilft Ihnen.",
            NOTICE,
            False,
        ),
        ("Tom möchte es nach der Reha ruhig angehen; Anna hilft Ihnen.", NOTICE, True),
        ("Bedankt voor de bloemen bij ons jubileum; Anna helpt u verder.", NOTICE, False),
        ("Comme la SNCB fait grève cette semaine, Anna vous voit en visio.", NOTICE, False),
        ("Und schönen Urlaub an der Ostsee! Anna hilft Ihnen.", NOTICE, False),
        (
            "Die Wiederherstellung Ihrer Datensicherung ist erledigt, alles wieder da.",
            NOTICE,
            False,
        ),
        ("Quick update: Anna is your account manager, no stress.", NOTICE, False),
        ("Le retour de marchandise est prévu le 2 juin ; Anna vous aide.", NOTICE, False),
    ],
)
def test_the_twelfth_lay_words_rounds_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"], dates=True)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the first names-and-smuggling round's kinds, in sentences that are not in the corpus
        ("Tom étant en AM, Anna vous répond.", NOTICE, True),
        ("I.v.m. ZV van Tom helpt Anna u.", NOTICE, True),
        ("Status: 50% AO volgens BA, herbeoordeling na afronding CGT.", HR, True),
        ("Laut Entlassbericht: Belastbarkeit 50 %, PT 2x/Wo.", HR, True),
        # the customer's own illness or return, said back to them
        ("You mentioned you were unwell last week; Anna has your quote.", NOTICE, False),
        ("Sie schrieben, dass Sie krank waren; Anna hilft Ihnen.", NOTICE, False),
        ("Anna belt u zodra u weer terug bent.", NOTICE, False),
        ("As you may know, Tom is unwell; Anna helps you.", NOTICE, True),
        ("You may have heard he is ill; Anna helps you.", NOTICE, True),
        # places, segments and job titles
        ("Your terminal goes to your shop at 4 Hospital Lane; Anna follows up.", NOTICE, False),
        ("Tom is at the hospital; Anna helps you.", NOTICE, True),
        ("Tom arbeitet im Team für Klinik- und Praxiskunden.", HR, False),
        ("Tom rejoint l'équipe du secteur hospitalier.", HR, False),
        (
            "Als Leiter Abwesenheitsmanagement nutzen Sie unser Urlaubsmodul; Anna hilft.",
            NOTICE,
            False,
        ),
    ],
)
def test_the_first_names_and_smuggling_rounds_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"], dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the seventeenth random sample's kinds, in sentences that are not in the corpus
        ("Tom a encore des rendez-vous médicaux ; Anna vous répond.", NOTICE, True),
        ("Anna traitera vos certificats médicaux.", NOTICE, False),
        ("Tom a envoyé ses certificats médicaux ; Anna vous répond.", NOTICE, True),
        ("Tom doet voorlopig alleen administratief werk; Anna helpt u.", NOTICE, True),
        ("Tom trägt noch eine Schiene am Handgelenk.", HR, True),
        # leave, care and treatment as the customer's software and business
        ("Anna helps you set up the parental leave rules for your staff.", NOTICE, False),
        ("Anna hilft bei der Einrichtung der Regeln für Elternzeit.", NOTICE, False),
        ("Anna connaît le paramétrage de vos services de cardiologie.", NOTICE, False),
        ("Anna bekijkt uw melding over de medicatielijsten in het portaal.", NOTICE, False),
        ("Anna is your contact for the planning module, he is in therapy now.", NOTICE, True),
        # an intervention on a line, a wellness programme, relapse prevention, a team
        (
            "Der geplante Eingriff an Ihrer Glasfaserleitung ist am Montag; Anna hilft.",
            NOTICE,
            False,
        ),
        ("Tom hatte einen Eingriff am Knie; Anna hilft Ihnen.", NOTICE, True),
        ("Ihr Seminar mit Wellness- und Erholungsprogramm betreut Anna.", NOTICE, False),
        ("Anna handles your grant for the relapse-prevention programme.", NOTICE, False),
        ("Tom had a relapse; Anna helps you.", NOTICE, True),
        ("Plan de traitement du backlog validé avec Tom.", HR, False),
        ("Tom travaille avec l'équipe Santé et l'équipe Opérations.", HR, False),
        (
            "De operatie rond de overstap naar het kassasysteem loopt door; Anna helpt u.",
            NOTICE,
            False,
        ),
    ],
)
def test_the_seventeenth_random_samples_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"], dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the eleventh lay-words round's kinds, in sentences that are not in the corpus
        ("Tom's back won't let him sit long; Anna helps you.", NOTICE, True),
        ("Toms Kreuz macht das Sitzen noch nicht mit; Anna hilft Ihnen.", NOTICE, True),
        ("Tom tut kaum ein Auge zu; Anna hilft Ihnen.", NOTICE, True),
        ("Tom has been in bits since the summer; Anna helps you.", NOTICE, True),
        ("Tom is doing it tough lately, so Anna takes your calls.", NOTICE, True),
        ("Tom's barely getting a wink, so Anna has your account.", NOTICE, True),
        ("Tom is on short days for now; Anna answers your tickets.", NOTICE, True),
        ("Tom est à boutte ces temps-ci ; Anna prend la relève.", NOTICE, True),
        ("Tom a beaucoup fondu ; pour le soulager, Anna vous répond.", NOTICE, True),
        ("Tom heeft het hard te verduren gehad; Anna helpt u.", NOTICE, True),
        ("Tom is terug, maar nog op halve kracht; Anna helpt u.", NOTICE, True),
        ("Tom was grey in the face and his clothes were hanging off him.", HR, True),
        ("Tom zegt dat hij rond twaalven helemaal in elkaar zakt.", HR, True),
        ("Tom tremble des mains quand le téléphone sonne.", HR, True),
        ("Tom hält es keine halbe Stunde im Sitzen aus.", HR, True),
        # the same words said of a thing, a place or a business
        ("Our router's been a bit peely-wally since the storm; Anna helps you.", NOTICE, False),
        ("The café's been in bits since the refit; Anna sets up your orders.", NOTICE, False),
        ("Votre entrepôt est à boutte avec les commandes ; Anna vous aide.", NOTICE, False),
        ("Notre serveur est encore un peu sur les genoux ; Anna vous aide.", NOTICE, False),
        ("Het klantenportaal is nog niet helemaal de oude; Anna volgt het op.", NOTICE, False),
        ("Tom's laptop looks grey since the reinstall; IT replaces it.", HR, False),
        ("Members of your programme lost a lot of weight; Anna is your contact.", NOTICE, False),
        ("Veel sterkte met de verhuis van uw winkel; Anna helpt u.", NOTICE, False),
        ("Veel sterkte aan Tom; Anna helpt u.", NOTICE, True),
    ],
)
def test_the_eleventh_lay_words_rounds_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Anna", "Tom"], dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the sixteenth random sample's kinds, in sentences that are not in the corpus:
        # health words as the topic a new contact handles for the customer
        ("Anna helps you with therapy bookings and the medication reminders.", NOTICE, False),
        ("Anna betreut Ihre Fragen zum Modul für Therapeuten.", NOTICE, False),
        ("Anna vous accompagne pour les bilans de rééducation.", NOTICE, False),
        ("Anna helpt u met de koppeling met de huisartsen.", NOTICE, False),
        ("Anna is your contact for questions while Tom is in therapy.", NOTICE, True),
        ("Anna is your contact for the planning module now that Tom is in rehab.", NOTICE, True),
        ("Anna supports you with the module until the end of his therapy.", NOTICE, True),
        ("Anna vous accompagne pendant les soins de Tom.", NOTICE, True),
        ("Anna helps you with the booking module; Tom needs medication.", NOTICE, True),
        # sick notes, sick pay and sickness insurance as payroll's and insurers' work
        ("Anna beantwortet Ihre Frage zur Krankmeldung im Lohnmodul.", NOTICE, False),
        (
            "Anna répond à votre question sur les arrêts maladie dans le module de paie.",
            NOTICE,
            False,
        ),
        ("Anna renews your group sick pay cover this spring.", NOTICE, False),
        ("Tom is on sick pay; Anna renews your cover.", NOTICE, True),
        # a thing treated, a recovery tested, a team called Operations
        ("Anna quotes the woodworm treatment for your attic.", NOTICE, False),
        ("Anna plant den nächsten Recovery-Test Ihrer Datensicherung.", NOTICE, False),
        ("Tom werkt sinds maart bij de afdeling Operations.", HR, False),
        ("Tom a subi deux opérations au genou.", HR, True),
        # fed up with a thing; lighter or calmer tasks
        ("You said you're sick of that scanner; Anna replaces it on Monday.", NOTICE, False),
        ("U wordt ziek van dit portaal, begrijpelijk; Anna helpt u.", NOTICE, False),
        ("Tom is sick, so Anna helps you.", NOTICE, True),
        ("Tom doet voorlopig lichte taken; Anna helpt u.", NOTICE, True),
        ("Tom se concentre sur des tâches plus calmes ; Anna vous répond.", NOTICE, True),
        ("Tom is only doing lighter tasks for now; Anna helps you.", NOTICE, True),
        # an organisation's name with a place word in it is a name
        ("Dear Back in Motion Physiotherapy, Anna helps you from Monday.", NOTICE, False),
    ],
)
def test_the_sixteenth_random_samples_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    names = ["Anna", "Tom", "Back in Motion Physiotherapy"]
    assert bool(guard(text, policy, names=names, dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # reasons that stood unlisted beside another finding in the corpus, as their own notices
        ("Tom ran himself into the ground last year; Anna helps you now.", True),
        ("Tom werkt korter tot hij weer wat meer fut heeft; Anna helpt u.", True),
        ("Tom recommence étape par étape ; Anna vous répond.", True),
        ("Tom recommence tout doucement ; Anna vous répond.", True),
        ("Tom has only been working mornings since he came back; Anna helps you.", True),
        ("Tom is off again, so Anna takes over your orders.", True),
        ("Tom ne reprendra ses dossiers qu'au fil des semaines ; Anna vous aide.", True),
        ("Tom reprend tout doucement ; Anna vous aide.", True),
        ("Tom findet gerade wieder in den Arbeitsalltag zurück; Anna hilft Ihnen.", True),
        ("De drukke klanten houden we nog even bij hem weg; Anna helpt u.", True),
        ("Tom houdt de moeilijke klanten nog even op afstand; Anna helpt u.", True),
        ("Until he's up to full speed, Anna is your contact.", True),
        ("Tom arbeitet sich erst langsam wieder ein; Anna hilft Ihnen.", True),
        ("Tom will be at home for a while; Anna helps you.", True),
        ("Tom arbeitet vorerst nur in Teilzeit; Anna hilft Ihnen.", True),
        ("Weil Tom gerade seine Mutter pflegt, hilft Ihnen Anna.", True),
        ("Tom ist zu lange auf Reserve gefahren; Anna hilft Ihnen.", True),
        ("Tom s'est cassé la figure dans l'escalier ; Anna vous aide.", True),
        ("Tom ménage encore ses forces ; Anna vous aide.", True),
        ("Tom revient petit à petit ; Anna reste votre contact.", True),
        ("Der Tom hat's seit Jänner mit dem Kreuz; die Anna hilft dir.", True),
        ("Tom is zijn vrolijke zelf niet meer; Anna helpt u.", True),
        ("We houden hem even uit de wind; Anna helpt u.", True),
        ("Tom ne reprendra vos dossiers que plus tard ; Anna vous aide.", True),
        ("Le projet s'est cassé la figure ; Anna reprend le dossier.", False),
        ("Tom hat sich beim Skifahren das Knie kaputtgemacht; Anna hilft Ihnen.", True),
        ("Tom liegt mit hochgelagertem Bein zu Hause; Anna hilft Ihnen.", True),
        ("Tom lag mit der Lunge flach und kommt erst allmählich wieder.", True),
        ("Tom ist bald wieder ganz fit; bis dahin hilft Ihnen Anna.", True),
        ("Tom muss noch eine Weile pausieren; Anna hilft Ihnen.", True),
        ("Tom hält sich mit Kundenkontakten noch zurück; Anna hilft Ihnen.", True),
        ("Le beau temps revient petit à petit ; Anna vous aide.", False),
        ("Das Projekt muss noch eine Weile pausieren; Anna übernimmt danach.", False),
        ("Der Drucker ist kaputt; Anna hilft Ihnen.", False),
        # the twenty-sixth session's reading of single findings
        ("Tom moest even zijn batterij opladen; Anna helpt u.", True),
        ("Tom sukkelt met zijn gezondheid; Anna helpt u.", True),
        ("En attendant qu'il reprenne, Anna s'occupe de vous.", True),
        ("Bis er wieder voll einsteigt, ist Anna Ihre Beraterin.", True),
        ("Tom ne reprendra le contact client que progressivement ; Anna vous aide.", True),
        ("Tom pakt de draad rustig op; Anna blijft uw contact.", True),
        ("Anna neemt zijn dossiers over tot hij er weer helemaal bij is.", True),
        ("Tom doet voorlopig alleen intern werk; Anna helpt u.", True),
        ("Tom is getting back on track; Anna has your tickets.", True),
        ("Tom is op controle geweest; Anna helpt u.", True),
        ("Tom isn't taking calls yet, so Anna is your contact.", True),
        ("Wegen der schwierigen Lage bei Tom übernimmt Anna.", True),
        ("Tom a repris le travail mais Anna garde vos dossiers.", True),
        ("Tom sees a coach to sort out his head; Anna helps you.", True),
        ("Tom ne fait encore que des demi-journées ; Anna vous aide.", True),
        ("Tom ist momentan nur eingeschränkt im Dienst; Anna hilft Ihnen.", True),
        ("Tom is terug, maar doet nog geen klantencontact; Anna helpt u.", True),
        ("Tom staat er thuis alleen voor; Anna helpt u.", True),
        ("Tom ne reprendra qu'à mi-temps ; Anna vous aide.", True),
        ("Le téléphone, c'est encore trop pour lui ; Anna vous répond.", True),
        ("Tom's workload has been reduced for now; Anna helps you.", True),
        ("He's phasing back in, so Anna stays your contact.", True),
        ("We don't yet know when he'll be back; Anna helps you.", True),
        ("Tom's been in the wars since Christmas; Anna helps you.", True),
        ("Tom doet voorlopig geen klantcontact meer; Anna helpt u.", True),
        ("De telefoon is nog te veel voor hem; Anna helpt u.", True),
        ("Tom retrouvera ses clients plus tard ; Anna vous aide.", True),
        ("Tom s'éloigne un moment de la relation client ; Anna vous aide.", True),
        ("Tom évite pour l'instant les appels clients ; Anna vous répond.", True),
        ("Tom n'arrive plus à suivre le rythme ; Anna vous aide.", True),
        ("Tom a eu beaucoup de mal à dormir ; Anna vous aide.", True),
        ("Tom übernimmt noch keine Kundenkonten; Anna hilft Ihnen.", True),
        ("Tom soll sich erst wieder sammeln; Anna hilft Ihnen.", True),
        ("Tom is voorlopig niet inzetbaar voor klantcontact; Anna helpt u.", True),
        ("Tot hij weer volledig meedraait, helpt Anna u.", True),
        ("Tom isn't taking calls just yet; Anna is here for you.", True),
        ("Tom ne traite plus les appels clients pour le moment ; Anna vous répond.", True),
        ("Until he's fully back, Anna will look after you.", True),
        ("Tom übernimmt vorerst keine Kundentelefonate; Anna hilft Ihnen.", True),
        ("Tom soll sich in Ruhe wieder einarbeiten; Anna hilft Ihnen.", True),
        ("Bis Tom wieder mehr Puste hat, hilft Ihnen Anna.", True),
        ("Tom ist derzeit nur eingeschränkt im Einsatz; Anna hilft Ihnen.", True),
        ("Tom kan maar een uurtje per dag naar een scherm kijken; Anna helpt u.", True),
        ("Tom darf vorerst nicht Auto fahren; Anna übernimmt die Termine.", True),
        ("Until he's fully up to speed, Anna remains your contact.", True),
        ("Anna remplace Tom, merci pour tous vos gentils messages.", True),
        ("Tom neemt nog even geen klantgesprekken aan; Anna helpt u.", True),
        ("Tom heeft geen voet meer op kantoor gezet; Anna helpt u.", True),
        ("Tom kann nicht am Bildschirm arbeiten; Anna hilft Ihnen.", True),
        ("Tom ne gère plus les clients pour l'instant ; Anna vous aide.", True),
        ("Tom werkt nog niet volledig; Anna helpt u.", True),
        ("Tom is na een moeilijke winter weer in huis; Anna helpt u.", True),
        ("Les derniers mois ont été rudes pour Tom ; Anna vous répond.", True),
        ("Tom heeft afscheid moeten nemen van zijn vader; Anna helpt u.", True),
        ("Tom hatte ziemlich zu kämpfen; Anna hilft Ihnen.", True),
        ("Tom pfeift aus dem letzten Loch; Anna hilft Ihnen.", True),
        ("Tom konzentriert sich auf ruhige Aufgaben; Anna hilft Ihnen.", True),
        ("Tom will be out for a few more weeks; Anna helps you.", True),
        ("Tom darf noch nicht viel telefonieren; Anna hilft Ihnen.", True),
        ("Tom has been in and out with his chest; Anna helps you.", True),
        ("Weil es Tom noch nicht gut geht, hilft Ihnen Anna.", True),
        ("We willen Tom de vroege telefoondienst besparen; Anna helpt u.", True),
        ("Le temps d'aménager le poste de Tom, Anna vous aide.", True),
        ("We didn't want to put pressure on him; Anna helps you.", True),
        ("Tom kan zijn rechterhand nog niet goed gebruiken; Anna helpt u.", True),
        ("Tom's body let him down this spring; Anna helps you.", True),
        ("On lui épargne les clients pressés ; Anna vous répond.", True),
        ("Tom is taking some time after a difficult stretch; Anna helps you.", True),
        ("We want to spare him for a while; Anna helps you.", True),
        ("Wir nehmen ihn für einige Zeit aus dem Kundengeschäft; Anna hilft Ihnen.", True),
        ("Tom file pas fort depuis les Fêtes ; Anna vous aide.", True),
        ("Tom heeft het een tijd flink moeilijk gehad; Anna helpt u.", True),
        ("Tom's knee gave out on the slopes; Anna helps you.", True),
        ("The workload got on top of Tom; Anna helps you.", True),
        ("Tom s'est bousillé le genou au foot ; Anna vous aide.", True),
        ("Tom fängt mit ein paar leichten Vormittagen an; Anna hilft Ihnen.", True),
        ("Afin de ménager Tom, Anna suit les dossiers à enjeux.", True),
        ("Tom ist zurzeit reduziert tätig; Anna hilft Ihnen.", True),
        ("Tom mag nog geen telefoongesprekken voeren; Anna belt u.", True),
        ("Tom darf noch nicht wieder auf Baustellen; Anna macht die Abnahme.", True),
        ("Tom arbeitet vorläufig nur am Vormittag; Anna hilft Ihnen.", True),
        ("Tom muss erst wieder Kraft schöpfen; Anna hilft Ihnen.", True),
        ("Wir nehmen ihm etwas Druck weg; Anna hilft Ihnen.", True),
        ("Tom has to watch his energy; Anna takes over.", True),
        ("Tom can't sit in a car for long; Anna does the site visits.", True),
        ("Er steigt erst nach und nach wieder ein; Anna hilft Ihnen.", True),
        ("Lange Telefonate fallen ihm schwer; Anna ruft Sie an.", True),
        ("Tom hatte einen harten Winter; Anna hilft Ihnen.", True),
        ("Tom is een tijdje niet aan de slag geweest; Anna helpt u.", True),
        ("Die Mutter von Tom ist im Dezember gestorben; Anna hilft Ihnen.", True),
        ("Tom n'arrive pas encore à décrocher le téléphone ; Anna vous répond.", True),
        ("Tom neemt voorlopig geen klantgesprekken; Anna helpt u.", True),
        ("Tom darf noch nicht telefonieren; Anna hilft Ihnen.", True),
        ("Tom can't sit at a desk for long yet; Anna helps you.", True),
        ("Den Tom hat's im Jänner ordentlich derwischt; Anna hilft Ihnen.", True),
        ("Wir möchten ihn etwas schonen; Anna hilft Ihnen.", True),
        ("Tom has been told to cut right back on his hours; Anna helps you.", True),
        ("Tom übernimmt vorerst keine Kundenbetreuung; Anna hilft Ihnen.", True),
        ("Tom won't be on the phones for a while; Anna helps you.", True),
        ("Das letzte halbe Jahr war für Tom alles andere als leicht; Anna hilft.", True),
        ("Tom doet het voorlopig wat kalmer aan; Anna helpt u.", True),
        ("Tom a passé tout le printemps loin de nous ; Anna vous aide.", True),
        ("Tom thanks you for your kind thoughts; Anna helps you.", True),
        ("Tom werkt met aangepaste uren; Anna helpt u.", True),
        ("On préfère le tenir loin du téléphone ; Anna vous répond.", True),
        ("Tom hat es übel mit dem Rücken erwischt; Anna hilft Ihnen.", True),
        ("Tom neemt voorlopig geen telefoon op; Anna helpt u.", True),
        ("Tom kann noch nicht wieder voll arbeiten; Anna hilft Ihnen.", True),
        ("Tom is keeping customer contact to a minimum; Anna helps you.", True),
        ("Tom mag nog niet te lang naar een scherm kijken; Anna helpt u.", True),
        ("Tom ne peut pas taper longtemps ; Anna rédige vos offres.", True),
        ("Haar vader kan niet meer alleen wonen; Anna helpt u.", True),
        ("Tom ne peut pas encore se déplacer ; Anna passera chez vous.", True),
        ("To keep Tom's workload manageable, Anna looks after your orders.", True),
        ("Notre collègue est éloignée du bureau ; Anna vous répond.", True),
        ("Tom arbeitet zunächst ohne Kundenkontakt; Anna hilft Ihnen.", True),
        ("Tom krijgt nauwelijks een boterham binnen; Anna helpt u.", True),
        ("Tom is back, part-time while he eases back in; Anna helps you.", True),
        ("Tom zat de laatste tijd wat in de put; Anna helpt u.", True),
        ("Tom ziet nog wat pips en grauw; Anna helpt u.", True),
        ("Tom is weer gedeeltelijk aan het werk; Anna helpt u.", True),
        ("Le téléphone reste difficile pour lui ; Anna vous appelle.", True),
        ("Unser Onlineshop läuft ohne Kundenkontakt; Anna hilft Ihnen.", False),
        ("Het project loopt zonder lastige gesprekken; Anna helpt u.", False),
        ("Le dossier reste difficile pour lui ; Anna vous aide.", False),
        ("De economie zat in de put; Anna helpt u.", False),
        ("Das Jahr war für die Branche alles andere als leicht; Anna hilft.", False),
        ("Der Server kann noch nicht wieder voll arbeiten; Anna meldet sich.", False),
        ("De winkel heeft in de zomer aangepaste uren; Anna helpt u.", False),
        ("Unser Hotline-Team hat keinen Kundenkontakt am Sonntag; Anna hilft.", False),
        ("Der Winter war hart für die Baustelle; Anna hilft Ihnen.", False),
        ("Le serveur limite les appels API ; Anna vous aide.", False),
        ("Das Lager arbeitet vorläufig nur am Vormittag; Anna hilft Ihnen.", False),
        ("Wir nehmen dem Projekt etwas Druck weg; Anna hilft Ihnen.", False),
        ("The market had a difficult stretch after the sale; Anna helps you.", False),
        ("Das Gerät kommt langsam wieder rein; Anna hilft Ihnen.", False),
        ("Le printemps revient en douceur ; Anna vous aide.", False),
        ("The shop is in and out with stock; Anna helps you.", False),
        ("U kunt de nieuwe app nog niet goed gebruiken; Anna helpt u.", False),
        ("Die Anlage läuft noch nicht gut; Anna schickt einen Techniker.", False),
        ("Het project ging na een moeilijke winter weer vooruit; Anna helpt u.", False),
        ("De machine werkt nog niet volledig; Anna plant een herstelling.", False),
        ("Ihre Kühlzelle pfeift aus dem letzten Loch; Anna schickt einen Techniker.", False),
        ("Die Firma hatte mit Lieferengpässen ziemlich zu kämpfen; Anna hilft Ihnen.", False),
        ("De machine is voorlopig niet inzetbaar; Anna plant de herstelling.", False),
        ("The new portal is not fully back yet; Anna keeps you posted.", False),
        ("Your workload has been reduced by the new tool; Anna helps you.", False),
        ("The new release is phasing back in the old menu; Anna explains it.", False),
        ("Your project is getting back on track; Anna helps you.", False),
        ("De webshop sukkelt al weken; Anna helpt u.", False),
        ("Wir betreuen vorerst keine Großkunden in Bayern; Anna hilft Ihnen.", False),
        ("Le serveur ne peut pas encore reprendre le service ; Anna vous aide.", False),
        # the same words said of things
        ("The old supplier ran the project into the ground; Anna takes over.", False),
        ("Uw module krijgt meer fut met de nieuwe rapporten; Anna helpt u.", False),
        ("Après la panne, la production recommence petit à petit ; Anna vous répond.", False),
    ],
)
def test_a_reason_is_found_on_its_own_not_only_beside_another_finding(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Anna", "Tom"], dates=False)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # the twenty-sixth session's reading of single findings in the HR corpus
        ("Tom hat Konzentrationsschwierigkeiten.", True),
        ("Volgens Tom is de scan goed uitgekomen.", True),
        ("Tom can't drive the van until he is signed off after the seizure.", True),
        ("Rug blijft opspelen bij lang zitten.", True),
        ("Tom has been on propranolol since March.", True),
        ("Tom lies awake worrying.", True),
        ("Tom a du mal à avaler le matin.", True),
        ("Tom voit flou après une heure d'écran.", True),
        ("Tom a de gros coups de barre vers 15 h.", True),
        ("Tom ne paraît pas encore stable.", True),
        ("Tom war fahrig und hat mehrmals den Faden verloren.", True),
        ("Tom wirkte abwesend. Evtl. zu früh zurück?", True),
        ("Tom raakt zijn eten amper aan.", True),
        ("Het accuutje is nog niet vol, zegt Tom.", True),
        ("Tom est lent et vaseux jusqu'à midi.", True),
        ("Tom kam mit dunklen Augenringen.", True),
        ("Tom sieht abends verschwommen.", True),
        ("Tom ne peut pas rester assis plus d'une heure.", True),
        ("Tom has to step outside to calm down.", True),
        ("Tom a son suivi chez le spécialiste le jeudi.", True),
        ("Tom grübelt viel und fühlt sich schnell überfordert.", True),
        ("Tom leek afwezig, alsof alles hem te veel was.", True),
        ("Appel avec Julie : un peu perdue, on a écourté.", True),
        ("Tom is back to walking with a stick.", True),
        ("Tom ne sort plus de chez lui et s'énerve pour un rien.", True),
        ("Tom kan nog niet lang achter elkaar zitten.", True),
        ("Tom heeft na een vergadering uren nodig om bij te komen.", True),
        ("Tom has little appetite but keeps his hours.", True),
        ("Tom touche à peine à son assiette.", True),
        ("Tom was snel geëmotioneerd.", True),
        ("Tom still gets flashing lights in his eyes.", True),
        ("Tom ligt 's nachts klaarwakker.", True),
        ("Tom cannot eat normally yet.", True),
        ("Le médecin note encore des troubles de concentration chez Tom.", True),
        ("Tom's iron is way down, which explains why he is so wiped out.", True),
        ("Tom zijn rug schiet op slot als hij dozen tilt.", True),
        ("Tom was erg vlak en stil in het overleg.", True),
        ("Tom ne supporte pas les écrans plus de deux heures.", True),
        ("Tom had his gallbladder removed in January.", True),
        ("Tom ist nach Telefonaten stundenlang zittrig.", True),
        ("Tom had some colour back and finished his lunch.", True),
        ("Tom war beim HA, Werte noch nicht ok.", True),
        ("Tom has trillende handen tijdens het gesprek.", True),
        ("Tom reste dans le brouillard jusqu'à dix heures.", True),
        ("Tom ist sehr reizbar, erzählt er.", True),
        ("Zijn hoofd wil gewoon niet meer mee, zegt Tom.", True),
        ("Tom a dit : je n'y arrive plus.", True),
        ("Tom läuft gebückt.", True),
        ("Tom starrte im Gespräch oft ins Leere.", True),
        ("Toms Knie ist noch geschwollen.", True),
        ("Tom wasn't really himself on the call.", True),
        ("Tom was snel afgeleid. Misschien nog te vroeg?", True),
        ("Tom wacht jede Nacht um vier auf.", True),
        ("Tom komt 's ochtends moeilijk op gang.", True),
        ("Tom hat am Nachmittag ziemlich fertig ausgeschaut.", True),
        ("Tom kann noch nicht lange stehen.", True),
        ("Das Bild zeigt einen Haarriss im Fuß.", True),
        ("Tom ist nicht wirklich belastbar.", True),
        ("Not sure he's coping, to be honest.", True),
        ("Langer dan een uur zitten lukt nog niet, zegt Tom.", True),
        ("Tom schoot tijdens het gesprek twee keer vol.", True),
        ("Tom dit se réveiller trempée.", True),
        ("Tom is 's ochtends zo stijf dat hij later vertrekt.", True),
        ("Tom supporte mal la chaleur de l'atelier.", True),
        ("Die Brücke ist noch nicht belastbar; Tom plant die Umleitung.", False),
        ("Der Lieferant ist nicht wirklich belastbar; Tom sucht einen zweiten.", False),
        ("Le serveur supporte mal la chaleur ; Tom commande une clim.", False),
        ("Tom probiert jetzt Hormonpflaster.", True),
        ("Selon Tom, les batteries étaient complètement vides.", True),
        ("Tom goes to a stop-smoking group on Fridays.", True),
        ("Tom raakte steeds de draad kwijt.", True),
        ("Selon Tom, presque tout est revenu dans les clous.", True),
        ("Séances de TCC le mardi pour Tom.", True),
        ("Tom kan niet lang achter elkaar typen.", True),
        ("Tom seemed jittery and run-down.", True),
        ("Tom didn't seem himself on the call.", True),
        ("Tom kan niet lang staan.", True),
        ("Treppensteigen fällt ihm noch schwer, sagt Tom.", True),
        ("Tom must have an injection dans le ventre tous les soirs.", True),
        ("In my opinion Tom don't smile like before.", True),
        ("Tom zag er precies nog niet goed uit.", True),
        ("Tom schwitzt stark und hat Mühe, dem Gespräch zu folgen.", True),
        ("Colleagues say Tom isn't eating lunch.", True),
        ("Tillen lukt nog niet, zegt Tom.", True),
        ("Tom kann die Maus kaum bedienen.", True),
        ("Tom toussait beaucoup pendant l'appel.", True),
        ("Tom leek me nog niet helemaal in orde.", True),
        ("Tom goes to AA meetings twice a week.", True),
        ("Tom loses his thread mid-sentence after an hour of reading.", True),
        ("Tom oublie ce qu'il venait faire.", True),
        ("Tom had zo'n migraine dat hij plat lag.", True),
        ("Tom schläft nachts kaum durch.", True),
        ("Traplopen lukt nog niet, zegt Tom.", True),
        ("Tom doit toujours avoir sa pompe sur lui.", True),
        ("Tom gets panicky on crowded trains.", True),
        ("Tom heeft soms stijve handen.", True),
        ("Tom suit un régime sans sel.", True),
        ("By 3pm Tom was visibly done in.", True),
        ("Tom tönte am Telefon heiser.", True),
        ("The stock market got panicky; Tom holds the order.", False),
        ("Der Prozess ist etwas verlangsamt; Tom prüft die Logs.", False),
        ("De installatie is nog niet helemaal in orde; Tom belt de installateur.", False),
        ("J'ai un bon pressentiment dans le ventre pour ce projet, dit Tom.", False),
        ("Le budget est revenu dans les clous ; Tom valide.", False),
        ("The market was jittery; Tom holds the order.", False),
        ("Die Verhandlungen gingen ins Leere; Tom ruft den Kunden an.", False),
        ("De onderhandelingen gaan nog moeizaam; Tom belt de klant.", False),
        ("De kast schiet op slot als je de deur dichtdoet.", False),
        ("Le client dort mieux depuis la mise à jour.", False),
        ("The team was wiped out by the deadlines; Tom helps.", False),
        ("Le projet est un peu perdu dans les priorités.", False),
        ("Der Server ist schnell überfordert; Tom meldet es der IT.", False),
        ("Le nouveau scanner mange peu de place.", False),
        ("The scan of the contract is attached.", False),
        ("De printer blijft opspelen; Tom belt de leverancier.", False),
        ("De scan van het contract was goed leesbaar.", False),
        ("Customs seized the goods; Tom calls the carrier.", False),
        ("La plateforme a eu un coup de barre vers 14 h.", False),
        # medical details that stood unlisted beside another finding in the HR corpus
        ("Tom seemed to be running on fumes at the review.", True),
        ("Tom said he's not great in himself these days.", True),
        ("Tom ist morgens wie benebelt.", True),
        ("Tom komt 's ochtends traag op gang.", True),
        ("Tom kommt morgens schwer in die Gänge.", True),
        ("Sa vue a baissé depuis l'hiver.", True),
        ("Tom zegt dat zijn ogen achteruit zijn gegaan.", True),
        ("Tom says his eyesight has got worse.", True),
        ("Seine Sehkraft hat nachgelassen.", True),
        ("Der letzte Bluttest von Tom war gut.", True),
        # the same words said of work
        ("Das Projekt kommt schwer in die Gänge; Tom übernimmt Phase 2.", False),
        ("De verkoop komt traag op gang; Tom neemt de nieuwe klanten.", False),
        ("Die Bildqualität des Scanners sieht schlechter aus; Tom prüft das.", False),
    ],
)
def test_a_medical_detail_is_found_on_its_own_in_the_hr_file(text: str, refused: bool) -> None:
    assert bool(guard(text, HR, names=["Tom"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a name between the thing and the state: the state is said of the person
        ("After the update of the system Tom looked pale.", HR, True),
        ("Depuis la mise à jour du serveur, Léa est un peu sur les genoux.", HR, True),
        ("Seit dem Umbau des Lagers ist Tom noch nicht belastbar.", HR, True),
        ("Na de update van het systeem zag Tom er bleek uit.", HR, True),
        ("Sinds de verhuizing van het magazijn doet Léa het wat kalm aan.", NOTICE, True),
        # the name owns the thing, or stands before it: said of the thing
        ("The server of Tom looked pale after the update.", HR, False),
        ("Toms laptop zag er na de herinstallatie grauw uit.", HR, False),
        ("Le serveur de Léa est encore un peu sur les genoux.", HR, False),
        ("The system looked pale after the update.", HR, False),
        ("Er bleek uit de logs dat de server vol was.", HR, False),
    ],
)
def test_a_state_said_after_a_name_is_said_of_the_person_not_of_the_thing_before(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Tom", "Toms", "Léa"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Bart is al een tijdje niet goed, dus Nele helpt u.", True),
        ("Het gaat niet goed met Bart; Nele helpt u.", True),
        ("Het gaat niet zo goed met de heer Jansen; Nele helpt u.", True),
        ("Herrn Vogel geht es gerade nicht gut; Nele hilft Ihnen.", True),
        ("Since the move Tom is not doing well; Nele helps you.", True),
        ("Ça ne va pas fort pour Tom ; Nele vous aide.", True),
        ("Het gaat niet goed met de levering; Nele helpt u.", False),
        ("De printer is al een tijdje niet goed; Nele helpt u.", False),
        ("Mit dem Projekt geht es nicht gut voran; Nele hilft Ihnen.", False),
        ("Our sales are not doing well this quarter; Nele helps you.", False),
        ("Votre serveur ne va pas très bien depuis la mise à jour ; Nele vous aide.", False),
    ],
)
def test_not_doing_well_said_of_a_colleague_is_a_hint_and_of_a_thing_is_not(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Bart", "Nele", "Jansen", "Vogel", "Tom"])) is refused


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # counselling without its word: someone to talk everything through with
        ("Eva heeft om de twee weken een afspraak bij de vrouw met wie ze alles uitpraat.", True),
        ("Er hat jede Woche einen Termin bei dem Mann, bei dem er alles loswerden kann.", True),
        ("Elle voit chaque mardi une dame à qui elle peut tout dire.", True),
        ("He has someone he talks everything through with every Tuesday.", True),
        ("Hij praat er wekelijks over met iemand.", True),
        # talking about what happened to a thing, or about the plan
        ("In the retro we talk about what happened during the outage.", False),
        ("Wir treffen uns, um darüber zu reden, wie die Einarbeitung läuft.", False),
        ("We spreken af om alles uit te praten over de planning.", False),
    ],
)
def test_counselling_in_lay_words_stays_out_of_the_hr_file(text: str, refused: bool) -> None:
    assert bool(guard(text, HR, names=["Eva"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the seventy-third batch's kinds (paraphrase), in sentences not in the corpus
        ("Sinds haar val van de trap mag ze niet tillen.", HR, True),
        ("Er muss mit dem Kreuz noch aufpassen.", HR, True),
        ("She has to mind her back and cannot sit for more than an hour.", HR, True),
        ("Il a encore la tête dans le brouillard.", HR, True),
        ("Hij is vorige maand twee weken opgenomen geweest.", HR, True),
        ("Marie est encore sur la mutuelle ; Léa vous aide.", NOTICE, True),
        ("Given everything her family has been going through, Tom helps you.", NOTICE, True),
        ("Kim verwacht binnenkort een kleintje; Tom helpt u.", NOTICE, True),
        ("Sandrine Leroy, chargée des reprises progressives", NOTICE, True),
        # the same words in their ordinary senses
        ("Tariq can't lift the spending limit on his card himself.", HR, False),
        ("Door de terugval in het ticketvolume gaat de opbouw sneller.", HR, False),
        ("Votre ancienne chaudière est à bout de souffle ; Léa vous conseille.", NOTICE, False),
        ("Sophie reprend le portefeuille des maisons de repos.", HR, False),
    ],
)
def test_the_seventy_third_batchs_paraphrases_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Tom", "Léa", "Tariq", "Sophie"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # the word read as ordinary once keeps that sense where it comes back bare
        (
            "The cut-over operation to our new data centre is on Saturday. During the "
            "operation the portal is down; Anna helps you from Monday.",
            False,
        ),
        (
            "Für die neue Artikelstruktur ist ein Eingriff in Ihre Datenbank nötig. Nach dem "
            "Eingriff prüfen wir die Bestände; Anna hilft Ihnen.",
            False,
        ),
        # unless the clause where it comes back speaks of a person
        (
            "The cut-over operation to our new data centre is on Saturday. Tom has an "
            "operation on Monday; Anna helps you.",
            True,
        ),
        (
            "The cut-over operation to our new data centre is on Saturday. After his "
            "operation the portal moves to Anna.",
            True,
        ),
        # or where it comes back without referring back (no definite article), even with a
        # name Stand-in does not know
        (
            "Our lab completed the data recovery. We wish Karen a speedy recovery; Anna helps you.",
            True,
        ),
        (
            "De behandeling van uw klacht is afgerond. Femke is in behandeling; Anna helpt u.",
            True,
        ),
        # nor a reason that is not also a thing: family, leave, sickness
        (
            "Liebe Familie Schuster, wegen der Familie ist Herr Franke nicht erreichbar.",
            True,
        ),
    ],
)
def test_a_word_keeps_its_ordinary_sense_through_a_text_unless_said_of_a_person(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Tom", "Anna"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the seventy-second and seventy-fourth batches' kinds, in sentences not in the corpus
        ("Ze merkt dat ze na een uur bellen helemaal leeg is.", HR, True),
        ("Er bekommt vor schwierigen Telefonaten Herzklopfen.", HR, True),
        ("She says she finally feels like herself again.", HR, True),
        ("Max hatte letzte Woche seine OP.", HR, True),
        ("Kerstin hat AU bis Ende April; Tim hilft Ihnen.", NOTICE, True),
        ("Luke has dr appts all week, so Freya helps you.", NOTICE, True),
        ("Zolang Hanne nog thuis zit, helpt Dries u.", NOTICE, True),
        ("While Katie is off with the new baby, Conor helps you.", NOTICE, True),
        ("His health was not discussed; we agreed on 4 x 5 hours.", HR, False),
        (
            "By popular demand, the old weekly view is coming back in the next release.",
            NOTICE,
            False,
        ),
        ("Trop sick la nouvelle version de l'appli ; Yanis vous aide.", NOTICE, False),
        ("Marc vous reçoit à notre agence rue de la Santé.", NOTICE, False),
    ],
)
def test_the_seventy_second_and_fourth_batchs_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    names = ["Max", "Kerstin", "Tim", "Luke", "Freya", "Hanne", "Dries", "Katie", "Conor"]
    assert bool(guard(text, policy, names=[*names, "Yanis", "Marc"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the order of a phased return (difficult customers last) told to a customer
        ("Tom neemt nog geen lastige klanten aan; Anna helpt u.", NOTICE, True),
        ("Tom übernimmt vorerst keine schwierigen Kunden; Anna hilft Ihnen.", NOTICE, True),
        ("Tom is not yet taking the difficult customers; Anna helps you.", NOTICE, True),
        (
            "Tom a repris lundi mais pas encore les clients exigeants ; Anna vous aide.",
            NOTICE,
            True,
        ),
        # the same plan in the HR file is the process itself
        ("Afspraak: Tom neemt nog geen lastige klanten aan tot fase 3.", HR, False),
        # and ordinary customers or a file taken over are no hint
        ("We hebben nog geen nieuwe klanten in Gent; Anna helpt u.", NOTICE, False),
        ("Anna a repris votre dossier lundi.", NOTICE, False),
    ],
)
def test_not_yet_the_difficult_customers_is_a_hint_in_a_notice_and_the_plan_in_the_hr_file(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Tom", "Anna"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Nadia a réduit ses heures ; Hugo vous aide.", True),
        ("Nadia has reduced her hours, so Hugo helps you.", True),
        ("Nadia arbeitet derzeit reduziert; Hugo hilft Ihnen.", True),
        ("We have reduced our opening hours; Hugo helps you.", False),
        ("Wir haben die Stunden für den Support reduziert; Hugo hilft Ihnen.", False),
    ],
)
def test_a_colleagues_reduced_hours_are_a_hint_in_a_notice(text: str, refused: bool) -> None:
    assert bool(guard(text, NOTICE, names=["Nadia", "Hugo"])) is refused, text


@pytest.mark.parametrize(
    ("text", "names", "refused"),
    [
        # a group's label whose other words tell the reason is read as words
        (
            "Ihre Anfragen bearbeitet ab sofort das Team Wiedereingliederung.",
            ["Team Wiedereingliederung"],
            True,
        ),
        (
            "Uw account valt onder Team Geleidelijke Terugkeer; Lars helpt u.",
            ["Team Geleidelijke Terugkeer", "Lars"],
            True,
        ),
        # a label with a word of its own, or no label word, stays a name
        ("Team Noord helpt u verder.", ["Team Noord"], False),
        ("The Leave Management team at Acme helps you.", ["Leave Management"], False),
        (
            "Lukas Braun vom Team Abwesenheitsmanagement hilft Ihnen.",
            ["Lukas Braun", "Team Abwesenheitsmanagement"],
            False,
        ),
        # an e-mail address that spells a known name is that name
        ("Sie erreichen ihn unter peter.kur@example.de.", ["Peter Kur"], False),
        ("Schrijf naar ziek@example.nl.", ["Peter Kur"], True),
        # an address
        ("Our office remains at 12 Rehab Road, Leeds.", [], False),
        ("Ons kantoor blijft aan de Revalidatielaan 12.", [], False),
        ("Notre agence rue du Repos 4 vous accueille.", [], False),
        ("Tom is on his way to rehab; Anna helps you.", ["Tom", "Anna"], True),
    ],
)
def test_labels_addresses_and_streets_are_read_for_what_they_are(
    text: str, names: list[str], refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        ("Er hatte ein Schleudertrauma nach dem Unfall.", HR, True),
        ("Il souffre encore d'un coup du lapin.", HR, True),
        ("Sophie helps you while Kevin is off.", NOTICE, True),
        ("Melanie betreut Sie, solange Jörg ausfällt.", NOTICE, True),
        ("Mathieu, remplaçant le temps que Samira se rétablisse", NOTICE, True),
        ("Treatment of overtime during the return period agreed with payroll.", HR, False),
        ("Said he's sick of the old ticketing system.", HR, False),
        (
            "Ryan will handle your questions about configuring leave types and sick pay rules.",
            NOTICE,
            False,
        ),
    ],
)
def test_the_seventy_fifth_and_sixth_batchs_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    names = ["Sophie", "Kevin", "Melanie", "Jörg", "Mathieu", "Samira", "Ryan"]
    assert bool(guard(text, policy, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # a return told by a day and month without a year, beside an allowed handover date
        ("Ab 24.03. ist Simon Ihr Ansprechpartner; Heike ist ab 05.05. wieder erreichbar.", True),
        ("Noah is your contact from 24/03. Jack will be reachable again from 5/5.", True),
        ("Vanaf 24/3 helpt Jelle u. Vanaf 5/5 is Marloes er weer.", True),
        # how long a colleague is away, without a date
        ("Philipp ist noch etwa einen Monat nicht erreichbar; Laura hilft Ihnen.", True),
        ("Ethan returns in the spring; until then Zoe is your contact.", True),
        ("Joris is er tot na Pasen niet. Vanaf 17 maart helpt Eline u.", True),
        ("Jules reste votre contact le temps qu'Océane puisse reprendre le téléphone.", True),
        # the handover date alone, a rating, a hand-back: no hint
        ("Ab 24.03. ist Simon Ihr Ansprechpartner.", False),
        ("Customers rate the new portal 4/5; from 24/03 Noah is your contact.", False),
        ("Ab 2. Juni übernimmt wieder Frau Albrecht Ihre Betreuung.", False),
    ],
)
def test_a_return_or_a_length_of_absence_told_by_time_words_is_refused_in_a_notice(
    text: str, refused: bool
) -> None:
    names = ["Simon", "Heike", "Noah", "Jack", "Jelle", "Marloes", "Philipp", "Laura", "Ethan"]
    names += ["Zoe", "Joris", "Eline", "Jules", "Océane", "Albrecht"]
    allowed = [dt.date(2025, 3, 24), dt.date(2025, 3, 17), dt.date(2025, 6, 2)]
    assert bool(guard(text, NOTICE, names=names, allowed_dates=allowed)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        (
            "Thomas hat eingeräumt, spielsüchtig zu sein, und besucht eine Selbsthilfegruppe.",
            HR,
            True,
        ),
        ("Maria is expecting her second; the midwife wants her to rest.", HR, True),
        ("Paul still cannot grip with his right hand.", HR, True),
        ("He says he is sleeping through the night again.", HR, True),
        ("Om Femke wat rust te gunnen neemt Lars het contact over.", NOTICE, True),
        ("Afin de permettre à Céline de se reposer, Florian reprend vos échanges.", NOTICE, True),
        ("Das sehnsüchtig erwartete Update kommt am Montag; Lars hilft Ihnen.", NOTICE, False),
    ],
)
def test_the_seventy_eighth_batchs_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    names = ["Thomas", "Maria", "Paul", "Femke", "Lars", "Céline", "Florian"]
    assert bool(guard(text, policy, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # letter-spacing across two words hides where the first ends
        ("Says she still gets p a n i c a t t a c k s on the open-plan floor.", True),
        ("He had a h e a r t a t t a c k in May.", True),
        ("The s p e c i a l o f f e r ends on Friday.", False),
    ],
)
def test_a_phrase_letter_spaced_across_its_two_words_is_found(text: str, refused: bool) -> None:
    assert bool(guard(text, HR)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Ethan was readmitted this week and will call back next week.", True),
        ("Sarah is deze week weer opgenomen en belt volgende week terug.", True),
        ("Mevrouw Koster loopt na haar nieuwe heup nog met een stok.", True),
        ("Romain a repris un peu de poids et paraît plus serein.", True),
        ("Het contact is weer opgenomen en verloopt goed.", False),
        ("We hebben de nieuwe knie-module geïnstalleerd.", False),
    ],
)
def test_the_eightieth_batchs_kinds_are_kept_out_of_the_hr_file(text: str, refused: bool) -> None:
    assert bool(guard(text, HR, names=["Ethan", "Sarah", "Koster", "Romain"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Zuletzt ist Christian alles etwas zu viel geworden; Vanessa hilft Ihnen.", True),
        ("Things had become a bit too much for Andrew lately, so Abigail helps you.", True),
        ("Het werd Joost de laatste tijd allemaal wat te veel; Ilse helpt u.", True),
        ("The workload became too much for the old server; Abigail helps you.", False),
    ],
)
def test_that_things_became_too_much_for_a_colleague_is_a_hint(text: str, refused: bool) -> None:
    names = ["Christian", "Vanessa", "Andrew", "Abigail", "Joost", "Ilse"]
    assert bool(guard(text, NOTICE, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        ("Bart zei dat het mentaal nog niet helemaal gaat.", HR, True),
        ("Herr Busch schont sich noch etwas; Frau Ludwig hilft Ihnen.", NOTICE, True),
        ("Kim is er vanaf 3 november weer volledig; tot dan helpt Luuk u.", NOTICE, True),
        ("Der Server schont sich nicht; Frau Ludwig hilft Ihnen.", NOTICE, False),
    ],
)
def test_the_eighty_first_batchs_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    names = ["Bart", "Busch", "Ludwig", "Kim", "Luuk"]
    assert bool(guard(text, policy, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "names", "refused"),
    [
        # "des", "van der", "of the" in a known name are not names of their own elsewhere
        (
            "Léo tient le registre des animaux malades.",
            ["Léo", "Ferme des Trois Chênes"],
            False,
        ),
        ("Ilse plant de behandelingen van der patiënten in.", ["Ilse", "Jan van der Berg"], False),
        ("Léo est malade ; Inès vous aide.", ["Léo", "Inès", "Ferme des Trois Chênes"], True),
        # the name itself is still masked, whole or by its own words
        ("Jan van der Berg helps you; Berg knows the file.", ["Jan van der Berg"], False),
    ],
)
def test_a_particle_of_a_known_name_is_not_a_name_on_its_own(
    text: str, names: list[str], refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the customer's or employer's own trade: animals, players, travellers, crops, claims
        ("Nina beheert de dossiers van zieke paarden in de stal.", NOTICE, False),
        ("Kai hilft Ihnen bei den Akten kranker Hunde.", NOTICE, False),
        ("Zoé suit les fiches des joueurs blessés du club.", NOTICE, False),
        ("Owen knows how your booking tool handles the illness of passengers.", NOTICE, False),
        ("Ruth answers your questions about sickness benefit claims.", NOTICE, False),
        ("Lotte verwerkt de arbeidsongeschiktheidsclaims van verzekerden.", HR, False),
        ("Mehmet assistiert in der Praxis und bereitet Eingriffe vor.", HR, False),
        ("Pieter werkt aan het herstel van beschadigde harde schijven.", HR, False),
        ("Amir leads the recovery of accident-damaged vehicles on the M6.", NOTICE, False),
        ("Elke, verpleegkundig planner, maakt de roosters.", HR, False),
        # the same words said of the colleague stay refused
        ("Nina is ziek, net als de paarden; Bas helpt u.", NOTICE, True),
        ("Kai wurde krank wie die Hunde; Eva hilft Ihnen.", NOTICE, True),
        ("Owen is as ill as his passengers were; Zoe helps you.", NOTICE, True),
        ("Ruth receives sickness benefit; Zoe helps you.", NOTICE, True),
        ("Lotte zit in de ziektewet; Bas helpt u.", NOTICE, True),
        ("Mehmet hatte zwei Eingriffe; Eva hilft Ihnen.", NOTICE, True),
        ("Pieter is recovering at home; Zoe helps you.", NOTICE, True),
        ("Amir had an accident on the M6; Zoe helps you.", NOTICE, True),
        ("Elke ziet de verpleegkundige elke week.", HR, True),
    ],
)
def test_sickness_words_of_a_customers_trade_are_read_as_that_trade(
    text: str, policy: Policy, refused: bool
) -> None:
    names = ["Nina", "Bas", "Kai", "Eva", "Zoé", "Owen", "Zoe", "Ruth", "Lotte", "Mehmet"]
    names += ["Pieter", "Amir", "Elke"]
    assert bool(guard(text, policy, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Mila helps you with the holiday packages in our catalogue.", False),
        ("Mila helpt u met de vakantiereizen en hotelboekingen.", False),
        ("Mila kennt Ihre Fragen zu Ferienwohnungen und Urlaubsangeboten.", False),
        ("Mila connaît vos questions sur les séjours et les vacances à la carte.", False),
        ("Mila is on holiday until June; Jonas helps you.", True),
        ("Mila ist bis Juni im Urlaub; Jonas hilft Ihnen.", True),
        ("Mila is met vakantie tot juni; Jonas helpt u.", True),
        ("Mila connaît le stock des ordonnances renouvelables.", False),
        ("Mila verzorgt de herhaalrecepten voor de balie.", False),
        ("Mila kennt die Anbindung an die Hausarztpraxen der Region.", False),
        ("Mila nimmt neue Medikamente; Jonas hilft Ihnen.", True),
        ("Mila is at her GP surgery today; Jonas helps you.", True),
        ("Mila zit vandaag bij de huisarts; Jonas helpt u.", True),
    ],
)
def test_holidays_prescriptions_and_doctors_a_customer_deals_in_are_its_trade(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # rest, self-care, a caught bug, still off: said of the colleague
        ("Hana needs some rest after all this; Jonas helps you.", NOTICE, True),
        ("Hana heeft nog even rust nodig; Jonas helpt u.", NOTICE, True),
        ("Hana a besoin de repos ; Jonas vous aide.", NOTICE, True),
        ("Hana möchte sich erst um sich selbst kümmern; Jonas hilft Ihnen.", NOTICE, True),
        ("Hana caught a nasty bug at the fair and is still off; Jonas helps you.", NOTICE, True),
        # ... and said of things
        ("The nightly import needs some rest between runs; Jonas moved it.", NOTICE, False),
        ("The old printer is still off; Jonas helps you.", NOTICE, False),
        ("We picked up a bug in the export module; Jonas fixed it.", NOTICE, False),
        # a lab's or a food inspector's own results and illness, among the job's words
        ("Hana's own haemoglobin was still low at the last check.", HR, True),
        ("Hana neemt de bloedafnames weer op; haar hb is nog laag.", HR, True),
        ("Hana reprend les contrôles ; sa listériose lui laisse des troubles digestifs.", HR, True),
        ("Hana schläft seit dem Umzug schlecht.", HR, True),
    ],
)
def test_rest_a_caught_bug_and_ones_own_results_are_read_as_the_colleagues(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Hana", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a register, a list, a policy or a pump named by the compound's own last part
        ("Lina helpt u met de blessureregistratie van de selectie.", NOTICE, False),
        ("Lina kennt Ihre Fragen zu Infusionspumpen und Medikamentenlisten.", NOTICE, False),
        ("Lina verwerkt de verzuimpolissen van werkgevers.", HR, False),
        # a rule of window 0 reads no neighbour: "Warteliste" and "fragen" stand beside
        ("Er steht auf der Warteliste für einen Therapieplatz.", HR, True),
        ("Bitte nach Lina fragen, solange Eva krankgeschrieben ist.", NOTICE, True),
        ("Omdat Eva nog ziek is, gaan uw vragen naar Lina.", NOTICE, True),
        # ... and still hears who the compound is said of
        ("Eva staat zelf ook op de blessurelijst; Lina helpt u.", NOTICE, True),
    ],
)
def test_a_compound_is_read_by_its_own_last_part_and_not_by_its_neighbours(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Lina", "Eva"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Morning Dora, Kim's still not 100% so Ugo has your account for now.", True),
        ("Kim is nog altijd niet 100%, Ugo helpt u verder.", True),
        ("Kim ist immer noch nicht bei 100 %; Ugo hilft Ihnen.", True),
        ("Kim n'est toujours pas à 100 %, Ugo vous aide.", True),
        ("The export is still not 100% complete; Ugo is on it.", False),
        ("We're still not 100% sure of the cut-over date; Ugo will confirm.", False),
    ],
)
def test_the_eighty_third_batchs_still_not_at_full_strength_is_a_hint(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Kim", "Ugo", "Dora"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # sickness in the colleague's family stays a hint, whatever trade the notice speaks of
        ("Anna has sick family members; Tom helps you.", True),
        ("Anna is one of the sick employees; Tom helps you.", True),
        ("Anna is at home with sick children; Tom helps you.", True),
        ("Anna heeft twee zieke kinderen thuis; Tom helpt u.", True),
        ("Anna cares for sick relatives; Tom helps you.", True),
        ("Anna meldt haar zieke kinderen af; Tom helpt u.", True),
        # ... while a childcare's or a school's reporting of sick children is its trade
        ("Tom helps you with reporting sick children in the parents' app.", False),
        ("Tom helpt u met het afmelden van zieke kinderen via de ouderapp.", False),
    ],
)
def test_sickness_in_the_colleagues_family_is_never_read_as_a_trade(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Anna", "Tom"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Anna claims sickness benefit at the moment; Tom helps you.", True),
        ("Anna is still not 100% sure she can come back; Tom helps you.", True),
        ("Anna weet nog niet of zij kan terugkomen; Tom helpt u.", True),
        ("Anna wacht op haar herhaalrecept; Tom helpt u.", True),
        ("Anna wartet auf ihr Folgerezept; Tom hilft Ihnen.", True),
        ("Sara checks the invoice and she can come back to you tomorrow.", False),
        ("Dear Ms Green, Tom will look after your sickness and injury claims.", False),
    ],
)
def test_a_benefit_claimed_or_a_return_doubted_is_a_hint_beside_insurance_words(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Anna", "Tom", "Sara", "Green"])) is refused, text


@pytest.mark.parametrize(
    "text",
    [
        # the colleague's own health beside the trade's words stays out of the HR file
        "Anna dispatches recovery trucks; she still gets flashbacks of her accident.",
        "Anna plant de ritten van de bergingswagens; ze heeft nog herbelevingen.",
        "Anna works with sick animals again, though she still looks pale.",
        "Anna bereitet Eingriffe vor; sie selbst hatte im März einen Eingriff.",
        "Anna recovers damaged drives in the lab; she is recovering well herself.",
    ],
)
def test_the_colleagues_own_health_beside_the_trades_words_is_kept_out_of_the_hr_file(
    text: str,
) -> None:
    assert guard(text, HR, names=["Anna"]) != [], text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # batch 84: until the colleague returns, a return after a holiday, a re-entry
        ("From 2 June Ben helps you until Mia returns.", NOTICE, True),
        ("Vanaf 2 juni helpt Ben u, totdat Mia terug is.", NOTICE, True),
        ("Ab 2. Juni hilft Ihnen Ben, bis Frau Mia Roth zurück ist.", NOTICE, True),
        ("Dès le 2 juin, Ben vous aide jusqu'au retour de Mia.", NOTICE, True),
        ("Mia expects to be back after Easter; Ben helps you.", NOTICE, True),
        ("Mia hofft, nach den Ferien wieder einzusteigen; Ben hilft Ihnen.", NOTICE, True),
        ("Mia devrait pouvoir reprendre en mai ; Ben vous aide.", NOTICE, True),
        # ... the cover's own length and a dated hand-back stay neutral, as dev holds them
        ("For the coming months, Ben will be your dedicated contact.", NOTICE, False),
        ("Your quote is valid for the next six weeks; Ben handles it from 2 June.", NOTICE, False),
        ("From 2 June Ben is your contact; we are closed on 25 May (bank holiday).", NOTICE, False),
        # batch 85: lay words for what one cannot do yet, sleep, energy, who one sees
        ("Mia can't sit at a screen for long yet, so Ben takes over.", NOTICE, True),
        ("Mia kann noch nicht lange am Bildschirm sitzen; Ben hilft Ihnen.", NOTICE, True),
        ("Mia sees someone in town every Thursday; Ben helps you.", NOTICE, True),
        ("Mia praat elke donderdag met iemand om de dingen weer op een rij te krijgen.", HR, True),
        ("On advice, Mia swims twice a week for her back.", HR, True),
        ("Voice was flat, not much get-up-and-go, seemed miles away.", HR, True),
        ("Mia ging seit Monaten auf dem Zahnfleisch; Ben hilft Ihnen.", NOTICE, True),
        # ... and the same words said of things
        ("The overnight backup slept badly for a few nights; Ben fixed it.", NOTICE, False),
        (
            "Unser Lager arbeitet vorerst auf Sparflamme; Ben hilft Ihnen.",
            NOTICE,
            False,
        ),
        ("Your mail server is back on its feet; Ben follows up the rest.", NOTICE, False),
    ],
)
def test_the_eighty_fourth_and_fifth_batchs_kinds_are_read_as_labelled(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Ben", "Mia", "Mia Roth"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # batch 87 (long texts): a colleague spared the pressure of difficult calls
        ("Wir möchten Martin vorerst schonen; die letzte Zeit war hart für ihn.", True),
        ("Nous souhaitons ménager Vincent et lui éviter pour l'instant la pression.", True),
        ("We want to spare him the pressure of difficult calls for now.", True),
        ("Wij willen hem de druk van moeilijke gesprekken besparen.", True),
        # ... and ordinary words of a long business e-mail
        ("Das Budget ist gesund, mit 58 % verbraucht bei 60 % der Arbeit.", False),
        ("Harry prepares the server maintenance, including the disk operation on 25 April.", False),
        ("Onderwerp: Herstel van uw projectmappen afgerond.", False),
        ("Nous vous enverrons une confirmation dès que tout sera rétabli.", False),
        ("La boulangerie sera fermée pour congés annuels du 27 juillet au 16 août.", False),
        ("Ces jours-là, les urgences peuvent être signalées à la ligne de garde.", False),
        ("The practice software is updated on 15 April, after surgery hours.", False),
        ("The database is in recovery mode until tonight.", False),
        # older leaks found by probing
        ("Harry had an operation on his back during the server maintenance.", True),
        ("Anna helps you while Pieter is in recovery mode.", True),
        ("Jana ist nach dem Projekt wieder gesund.", True),
    ],
)
def test_the_eighty_seventh_batchs_kinds_are_read_as_labelled(text: str, refused: bool) -> None:
    names = ["Martin", "Vincent", "Harry", "Anna", "Pieter", "Jana"]
    assert bool(guard(text, NOTICE, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # the customer's own care staff, treatments and medicines, after "your"
        ("Thank you for the feedback of your therapists on the test version.", False),
        ("Danke für das Feedback Ihrer Therapeuten zur Testversion.", False),
        ("Inès a repris vos ordonnances et le tiers payant.", False),
        ("Ihre Anfrage zum Krankengeld wird ab 16. März von Frau Koch bearbeitet.", False),
        # ... never the colleague's, and the hints such words had hidden are found
        ("Anna's therapist advised rest; Tom is your contact.", True),
        ("Your contact is having treatment; Tom helps you.", True),
        ("Votre conseillère suit un traitement ; Tom vous aide.", True),
        ("Tom est votre contact, afin que Julie puisse se reposer pleinement.", True),
        ("Suite à son intervention aux yeux, Julie ne peut pas encore travailler sur écran.", True),
    ],
)
def test_care_words_after_the_customers_possessive_are_the_customers(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Anna", "Tom", "Inès", "Koch", "Julie"])) is refused


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # drink given up, a walking stick, the numbers of a check-up, a farewell, a parent who
        # cannot be left alone, too many stimuli, "not herself": said of the colleague
        ("Jonas hasn't had a drink since spring; Mila takes the client dinners.", NOTICE, True),
        ("Jonas heeft het glas aan de wilgen gehangen; Mila gaat mee naar de beurs.", NOTICE, True),
        ("Jonas est sobre depuis l'été ; Mila vous accompagne aux salons.", NOTICE, True),
        ("Jonas hat aufgehört zu trinken; Mila übernimmt die Abendtermine.", NOTICE, True),
        ("Jonas still gets about with a walking stick; Mila visits you.", NOTICE, True),
        ("Jonas is nog slecht te been; Mila komt bij u langs.", NOTICE, True),
        ("Jonas: his numbers came back better, next check in May.", HR, True),
        ("Jonas: die Werte bei der letzten Kontrolle waren besser.", HR, True),
        ("Jonas a dû dire au revoir à son papa ; Mila reprend vos demandes.", NOTICE, True),
        ("Jonas musste von seiner Frau Abschied nehmen; Mila ist für Sie da.", NOTICE, True),
        ("Jonas's mum can't be left on her own now; Mila takes your calls.", NOTICE, True),
        ("Jonas werkt op een prikkelarme plek; Mila neemt de telefoon over.", NOTICE, True),
        ("Jonas klonk niet meer als zichzelf; Mila is uw contactpersoon.", NOTICE, True),
        ("Pour des raisons qui relèvent de sa sphère privée, Mila vous répond.", NOTICE, True),
        ("Jonas zit vaak in het kinderziekenhuis; Mila helpt u.", NOTICE, True),
        # ... and the same words said of things
        ("Your server made a full recovery after the outage; Mila is your contact.", NOTICE, False),
        ("Votre serveur s'est bien remis de la panne ; Mila vous répond.", NOTICE, False),
        ("Ihr Server hat sich nach dem Update gut erholt; Mila hilft Ihnen.", NOTICE, False),
        ("Your card reader had a bit of surgery and works again; Mila helps you.", NOTICE, False),
        ("Mila noteerde de waarden bij de controle van uw installatie.", NOTICE, False),
        ("Elle part avec une canne à pêche ; Mila vous aide.", NOTICE, False),
        ("Das Wetter ist trocken; Mila hilft Ihnen ab Montag.", NOTICE, False),
    ],
)
def test_paraphrases_of_drink_walking_aids_check_ups_and_farewells_are_the_colleagues(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a body part giving grief, "Rücken haben", a racing heart, picking oneself up again,
        # taking it easy for weeks: said of the colleague
        ("Jonas's knee is still giving him grief; Mila visits you.", NOTICE, True),
        ("Jonas hat immer noch Rücken.", HR, True),
        ("Jonas souffre encore du dos et porte une ceinture lombaire.", HR, True),
        ("Jonas suffers from his back when he lifts boxes.", HR, True),
        ("Jonas vertelde dat zijn hart nog steeds tekeergaat bij drukte.", HR, True),
        ("Jonas krabbelt langzaam weer op; Mila helpt u.", NOTICE, True),
        ("Jonas muss sich erst einmal schonen; Mila betreut Sie.", NOTICE, True),
        ("Door ziekte van werknemer Jonas helpt Mila u.", NOTICE, True),
        # ... and a supplier's goods, a claim's recovery, an employment-law matter
        ("Mila looks after the clinic's orders of bandages and pain relief gel.", NOTICE, False),
        (
            "Mila handles the recovery of the water-damage costs from the third party.",
            NOTICE,
            False,
        ),
        (
            "Mila übernimmt Ihre Angelegenheit zum Urlaubsanspruch Ihrer Mitarbeiterin.",
            NOTICE,
            False,
        ),
        (
            "Mila behandelt uw arbeidszaak over loondoorbetaling bij ziekte van uw werknemer.",
            NOTICE,
            False,
        ),
    ],
)
def test_body_parts_giving_grief_and_a_suppliers_or_a_lawyers_matters_are_told_apart(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a teaching hospital by its name, the train or the lift avoided, months of a
        # pregnancy, "the man she talks to", lab results awaited: said of the colleague
        ("Jonas ist dienstags im AKH; Mila hilft Ihnen.", NOTICE, True),
        ("Jonas moet geregeld naar UZ Gent; Mila helpt u.", NOTICE, True),
        ("Jonas passe ses mardis au CHUV ; Mila vous aide.", NOTICE, True),
        ("Jonas fährt nicht mehr Zug und meidet den Lift.", HR, True),
        ("Jonas ne prend plus l'ascenseur depuis son retour.", HR, True),
        ("Jonas hat mir gesagt, dass sie im vierten Monat ist.", HR, True),
        ("Jonas sees the man she talks to every Wednesday.", HR, True),
        ("Jonas attend toujours ses résultats du labo ; Mila vous répond.", NOTICE, True),
        ("Jonas is still shaky on his feet.", HR, True),
        # ... and the same words said of things and projects
        ("Die Schulung ist im vierten Monat des Projekts; Mila hilft Ihnen.", NOTICE, False),
        ("Your new store is easing into full trading hours; Mila helps you.", NOTICE, False),
        ("Votre catalogue en ligne a bien maigri ; Mila reprend votre compte.", NOTICE, False),
        ("Les écrans de votre salle de contrôle fatiguent ; Mila s'en occupe.", NOTICE, False),
    ],
)
def test_hospitals_by_name_places_avoided_and_a_pregnancys_months_are_the_colleagues(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # an address of a known name, with the first name as an initial, is a name
        ("You reach Florian Krankl at f.krankl@hoffmann-systemhaus.de.", False),
        ("Sam Doctor | Team Lead\ns.doctor@harperlowe.co.uk", False),
        ("Grace Nurse helps you: g.nurse@harperlowe.co.uk.", False),
        # ... an address whose other words are not the name is judged
        ("Write to sick-leave.cover@harperlowe.co.uk; Grace Nurse helps you.", True),
        # a digit read as a letter after a hyphen
        ("Tom is off with a burn-0ut; Grace Nurse helps you.", True),
        ("Tom heeft een burn-0ut; Grace Nurse helpt u.", True),
    ],
)
def test_an_address_of_a_known_name_is_a_name_and_a_digit_after_a_hyphen_is_read_as_a_letter(
    text: str, refused: bool
) -> None:
    names = ["Florian Krankl", "Sam Doctor", "Grace Nurse", "Tom"]
    assert bool(guard(text, NOTICE, names=names)) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # kindness that tells why: the colleague spared, a parent looked after, regular
        # appointments, a step-by-step return, a new baby, eyes or a back not yet up to it
        ("Um Jonas etwas zu schonen, übernimmt Mila das Telefon.", NOTICE, True),
        ("To take a bit of pressure off Jonas, Mila answers your calls.", NOTICE, True),
        ("Jonas kümmert sich gerade um ihren Vater; Mila ist für Sie da.", NOTICE, True),
        ("Jonas doit s'occuper de sa maman ; Mila reprend vos demandes.", NOTICE, True),
        ("Omdat Jonas regelmatig afspraken heeft, helpt Mila u.", NOTICE, True),
        ("Jonas is coming back a step at a time; Mila is your contact.", NOTICE, True),
        ("Jonas heeft thuis een pasgeboren dochtertje; Mila helpt u.", NOTICE, True),
        ("Bei Jonas macht der Rücken lange Telefonate noch nicht mit; Mila hilft.", NOTICE, True),
        ("Jonas' eyes need a break from screens; Mila is your contact.", NOTICE, True),
        ("Het werd Jonas allemaal wat veel; Mila helpt u verder.", NOTICE, True),
        # ... and in the HR file, one medical detail among the facts of the return
        ("Jonas sagt, seit die Dosis umgestellt wurde, ist ihr morgens oft übel.", HR, True),
        ("Jonas a les yeux qui brûlent après une heure d'écran.", HR, True),
        ("Jonas kan na een uur niet meer scherp zien; opbouw blijft 4 x 4 uur.", HR, True),
        ("Jonas seemed much more himself today; hours stay at four mornings.", HR, True),
        ("Jonas geht weiterhin zu seinen Gesprächen; Plan unverändert.", HR, True),
        # the same words said of systems, floors, documents and the customer's own software
        (
            "The reporting portal is still recovering from Tuesday's outage; Mila helps you.",
            NOTICE,
            False,
        ),
        ("Le portail se remet encore de la panne ; Mila vous préviendra.", NOTICE, False),
        ("Het portaal is nog aan het herstellen na de storing; Mila helpt u.", NOTICE, False),
        ("Mila has the quote for the anti-slip treatment of your floor.", NOTICE, False),
        ("Mila a le devis pour le traitement antidérapant du sol.", NOTICE, False),
        ("For the holiday-accrual report, leave the field blank; Mila helps you.", NOTICE, False),
        (
            "Uw vraag over de verlofmodule, waarin uw medewerkers hun vrije dagen aanvragen,"
            " heeft Mila.",
            NOTICE,
            False,
        ),
        (
            "Für das Verbrauchsmaterial Ihrer Praxisklinik ist Mila Ihre Ansprechpartnerin.",
            NOTICE,
            False,
        ),
        (
            "Uw winkel is tijdens de bouwvakvakantie dicht; Mila plant de update daarna.",
            NOTICE,
            False,
        ),
        ("Mila houdt elke donderdag een online spreekuur voor nieuwe gebruikers.", NOTICE, False),
        ("Jonas asked for a scan of his signed agreement.", HR, False),
        ("Julien a coordonné la récupération de la base clients.", HR, False),
        ("De recovery van uw back-up is afgerond; Mila helpt u.", NOTICE, False),
    ],
)
def test_kindly_written_hints_and_everyday_words_in_two_senses_are_told_apart(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas", "Julien"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # a thing named in a phrase of time is not the subject: the name before it is
        ("Tom is na de storing weer op de been; Anna helpt u.", True),
        ("Tom ist nach der Störung wieder auf den Beinen; Anna hilft Ihnen.", True),
        ("Tom is fighting fit again after the outage; Anna helps you.", True),
        # ... while the thing itself, or the colleague's thing, may be back on its feet
        ("Na de storing is het netwerk weer op de been; Anna helpt u.", False),
        ("Na de storing is de webshop van Tom weer op de been.", False),
        ("Nach der Störung ist das Projekt wieder auf den Beinen; Anna hilft Ihnen.", False),
    ],
)
def test_a_thing_in_a_phrase_of_time_leaves_the_name_before_it_the_subject(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Tom", "Anna"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # health or medical matters named as what was not talked about: a fact of the contact
        ("Über die Gesundheit wurde nicht gesprochen.", False),
        ("Er is niet over de gezondheid gesproken.", False),
        ("Medical matters were not discussed, as agreed.", False),
        ("Les questions médicales n'ont pas été abordées.", False),
        # ... but what was said of them is still refused
        ("Her health is poor; we talked about the plan.", True),
        ("We talked about her medical treatment.", True),
    ],
)
def test_health_named_as_a_topic_not_talked_about_is_a_fact_of_the_contact(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, HR, names=["Tom"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # the return itself told to a customer: named, welcomed, built up, in mornings only
        ("As part of Jonas's return we are spreading his work; Mila helps you.", True),
        ("Dans le cadre du retour de notre collègue Jonas, Mila vous aide.", True),
        ("Tijdens de opbouwperiode van Jonas helpt Mila u.", True),
        ("We welcome Jonas back to the team; Mila is your contact.", True),
        ("Until Jonas has built his hours back up, Mila helps you.", True),
        ("Jonas is not yet doing customer calls; Mila helps you.", True),
        ("Herr Jonas ist derzeit nur vormittags im Haus; Mila hilft Ihnen.", True),
        ("Jonas fährt gerade schrittweise hoch; Mila hilft Ihnen.", True),
        ("Jonas is voorlopig drie dagen per week terug; Mila helpt u.", True),
        ("Nous souhaitons un bon retour à Jonas ; Mila vous aide.", True),
        # ... and returns, hours and things back that are the customer's or a system's
        ("Your parcel's return label is attached; Mila helps you.", False),
        ("Nous avons noté les horaires réduits de votre magasin ; Mila vous aide.", False),
        ("Het systeem is weer terug in de lucht; Mila helpt u.", False),
        ("Fijn dat u terug bent van vakantie; Mila helpt u verder.", False),
        ("Die alte Firmware wurde wiederhergestellt; Mila hilft Ihnen.", False),
        ("L'ancienne configuration a été rétablie ; Mila vous aide.", False),
    ],
)
def test_the_return_itself_is_a_hint_in_a_notice_and_a_things_return_is_not(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # how long one can concentrate, a knee that plays up again: symptoms in the HR file
        ("Jonas can concentrate for roughly an hour; then long mails are too much.", HR, True),
        ("De concentratie houdt Jonas ongeveer een uur vol.", HR, True),
        ("Bij lang staan speelt de knie van Jonas weer op.", HR, True),
        # a customer's trade: painkillers and dressings ordered, sickness and accident cover
        # or indemnités journalières sold, an absence and illness module set up, a forklift
        # operation course
        ("Mila processes your orders of dressings and painkillers.", NOTICE, False),
        (
            "Mila bearbeitet Ihre Bestellungen von Verbandsmaterial und Schmerzmitteln.",
            NOTICE,
            False,
        ),
        ("Mila will handle your quote for sickness and accident cover.", NOTICE, False),
        (
            "Mila reprend votre offre d'assurance indemnités journalières en cas de maladie.",
            NOTICE,
            False,
        ),
        ("Mila helps you set up the Absence & Illness Reporting module.", NOTICE, False),
        ("Jonas attends forklift operation training on 12 May.", HR, False),
        # ... while the colleague's own remain refused
        ("Due to illness Jonas is away; the reporting module is with Mila.", NOTICE, True),
        ("After his accident Jonas is away; Mila helps you with your cover.", NOTICE, True),
    ],
)
def test_concentration_spans_are_symptoms_and_a_customers_insurance_or_supplies_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # Swiss German: an operation said in dialect ("schaffet" is working, not sheep),
        # "angschlage", "schlächt usgseh"
        ("D'Jonas het e Operation gha und schaffet jetzt reduziert; d'Mila hilft Ihne.", True),
        ("De Jonas isch no chli angschlage; d'Mila isch für Sie da.", True),
        ("De Jonas het hüt schlächt usgseh; d'Mila hilft Ihne.", True),
        # things restored, a till under the weather, the customer's leave balances
        ("Mila meldet sich, sobald alles wiederhergestellt ist.", False),
        ("Uw cluster die in 'degraded' stond is hersteld; Mila helpt u.", False),
        ("Your till was under the weather after the power cut; Mila keeps an eye on it.", False),
        ("Uw vraag over het verlofsaldo van uw medewerkers bekijkt Mila.", False),
        # ... and the colleague restored is still refused
        ("Jonas ist wieder ganz wiederhergestellt, alles gut; Mila hilft Ihnen.", True),
    ],
)
def test_swiss_german_dialect_is_read_and_things_restored_are_things(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # how long the colleague has been away, told through time
        ("Jonas fehlt uns schon eine ganze Weile; ab 2. Juni hilft Ihnen Mila.", True),
        ("After six months without Jonas, Mila is your contact from 2 June.", True),
        ("Jonas wordt hier al een tijdje gemist; Mila helpt u vanaf 2 juni.", True),
        ("Après la longue pause de Jonas, Mila vous aide dès le 2 juin.", True),
        ("Jonas, who we haven't seen since Christmas, is temporarily unavailable.", True),
        ("Thank you for your patience in recent months; Mila helps you from 2 June.", True),
        # a date after "since" or "back" in a sentence about things or the company, not a
        # person, is business; the customer addressed before the comma is no one it is about
        ("Dear Mr Green, since 3 February your tickets show the new Status field.", False),
        ("Sehr geehrter Herr Green, seit dem 3. Februar sehen Sie das neue Feld.", False),
        ("An Fronleichnam (19. Juni) sind wir nicht erreichbar; Mila hilft Ihnen.", False),
        ("Seit dem Sommer-Release lassen sich Inventuren per App erfassen.", False),
        # ... while a date after such a word said of someone is the absence's
        ("Since 3 February your usual contact is away; Mila helps you.", True),
        ("Sinds 3 februari is hij er niet; Mila helpt u.", True),
    ],
)
def test_time_away_is_a_hint_and_a_things_date_is_not_the_absences(
    text: str, refused: bool
) -> None:
    found = guard(
        text, NOTICE, names=["Mila", "Jonas", "Green"], allowed_dates=[dt.date(2026, 6, 2)]
    )
    assert bool(found) is refused, (text, found)


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # paraphrase without the words: the body listened to, batteries recharging, the
        # phone still too much, lying down at noon, a rhythm found again, since a fall
        ("Jonas muss im Moment sehr auf ihren Körper hören; Mila hilft Ihnen.", NOTICE, True),
        ("Jonas lädt gerade noch ihre Akkus auf; Mila ist für Sie da.", NOTICE, True),
        ("Jonas isn't up to the phones just yet; Mila helps you.", NOTICE, True),
        ("Jonas recharge encore ses batteries ; Mila vous aide.", NOTICE, True),
        ("Jonas moet luisteren naar wat zijn lijf aangeeft; Mila helpt u.", NOTICE, True),
        ("Depuis sa chute, Jonas ne peut pas rester assis ; Mila vous aide.", NOTICE, True),
        ("Jonas has been told to lie flat for an hour every afternoon.", HR, True),
        ("Jonas staat sinds februari op iets voor de zenuwen.", HR, True),
        ("Jonas zeigte ihre Pulsuhr; die schlägt bei 110 Alarm.", HR, True),
        ("Jonas now sleeps through to about five; in January she was wide awake at two.", HR, True),
        # ... the same images said of systems, planners and accounts
        (
            "Die Tourenplanung läuft seit dem Frühjahr unter Volllast; Mila hilft Ihnen.",
            NOTICE,
            False,
        ),
        (
            "We're stepping away from the old customer portal; Mila walks you through it.",
            NOTICE,
            False,
        ),
        (
            "We'll keep a close eye on your account while your tills move; Mila helps.",
            NOTICE,
            False,
        ),
        (
            "Your database has put on a lot of weight this year; Mila helps slim it down.",
            NOTICE,
            False,
        ),
        ("Iris houdt de hartslag van uw planning in de gaten; Mila helpt u.", NOTICE, False),
        ("Uw koppeling draait zwaar; Mila gaat die weer op krachten brengen.", NOTICE, False),
        ("De server lag een half uur plat; Mila helpt u.", NOTICE, False),
    ],
)
def test_paraphrases_without_the_words_are_the_colleagues_and_the_same_images_of_things_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas", "Iris"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # whole forms: health as no topic of the contact is a fact; what is said of it is not
        ("Gesundheitliche Themen wurden auf ihren Wunsch nicht besprochen.", HR, False),
        ("Gesundheit war kein Thema. Vereinbarungen: Start am 1. Dezember.", HR, False),
        ("Gezondheid was geen onderwerp; opbouw 3 x 4 uur.", HR, False),
        ("Health was not a topic; next contact 26 March.", HR, False),
        ("Gesundheitliche Themen: Rückenschmerzen und Schlafprobleme.", HR, True),
        ("Sicht der Mitarbeiterin: schläft noch sehr schlecht, Start 9:30 Uhr.", HR, True),
        ("Ze merkt dat haar concentratie na een uur beeldschermwerk wegzakt.", HR, True),
        # a colleague who must not be overloaded, in a long notice
        ("To avoid overloading Jonas over the coming weeks, Mila looks after you.", NOTICE, True),
        ("Om Jonas niet te overbelasten, helpt Mila u voortaan.", NOTICE, True),
        # the customer's backup and disaster recovery product
        (
            "Mila vous accompagne pour notre solution de sauvegarde et de reprise d'activité.",
            NOTICE,
            False,
        ),
    ],
)
def test_whole_forms_keep_health_as_no_topic_and_find_the_one_detail(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # very short texts: jottings and chat lines
        ("Knie nach OP, vorerst nur Sitzarbeit", HR, True),
        ("fit note extended to 30/4", HR, True),
        ("tension encore élevée, contrôle lundi", HR, True),
        ("Jonas : moral en baisse depuis lundi", HR, True),
        ("back from leave next wk, Mila covers till then", NOTICE, True),
        # ... and short business lines
        ("Recovery key lost - Mila helps", NOTICE, False),
        ("backup restore done, Mila", NOTICE, False),
        ("plan getekend, 4x4u vanaf 17/3", HR, False),
    ],
)
def test_very_short_jottings_are_read_as_sentences(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # absence jargon slipping into a notice
        ("Frau Jonas kehrt im Rahmen des BEM schrittweise zurück; Mila hilft Ihnen.", True),
        ("Jonas filed for STD and won't be handling accounts; Mila is your contact.", True),
        ("Jonas is on a WorkCover claim, so Mila looks after your rollout.", True),
        ("Jonas est indemnisée par la CPAM pour l'instant ; Mila prend le relais.", True),
        ("Uw contactpersoon Jonas werkt voorlopig in progressieve tewerkstelling.", True),
        # ... and the same jargon as the customer's HR or payroll software
        ("Mila helps with the FMLA leave tracking setup in your HR workspace.", False),
        ("The fit note upload button in your staff app works again; Mila helps.", False),
        ("Die Vorlage „Hamburger Modell – Stufenplan“ in Ihrer Software wurde angepasst.", False),
        ("Le calcul du mi-temps thérapeutique dans votre logiciel a été corrigé.", False),
        ("Mila helpt u met de bedrijfsarts-agenda in uw planningsmodule.", False),
        ("Your order OOO-5518 is being handled by Mila.", False),
        ("Jonas has a fit note until May; Mila helps you with your workspace.", True),
    ],
)
def test_absence_jargon_is_a_hint_unless_it_names_the_customers_software(
    text: str, refused: bool
) -> None:
    assert bool(guard(text, NOTICE, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a manager's impressions and the body in everyday words, in the HR file
        ("Beim Unterschreiben der Vereinbarung zitterten ihre Hände.", HR, True),
        ("At the team lunch Jonas barely touched his food.", HR, True),
        ("Jonas a descendu l'escalier marche par marche en se tenant à la rampe.", HR, True),
        ("Jonas is zichtbaar smaller geworden in het gezicht.", HR, True),
        # ... and in a notice, a line of personal colour
        ("Jonas walks with a stick for now, so Mila does the site visits.", NOTICE, True),
        ("Si vous avez Jonas au téléphone : sa voix est encore un peu faible.", NOTICE, True),
        ("Jonas vermijdt de trappen in uw gebouw voorlopig; Mila komt langs.", NOTICE, True),
        ("Jonas schont noch ihren Rücken; Mila stellt die Geräte auf.", NOTICE, True),
        # ... while things look better, tire and recover
        ("Your site looks much better after the redesign; Mila helps.", NOTICE, False),
        ("Votre site a bien meilleure mine depuis la refonte ; Mila vous aide.", NOTICE, False),
        (
            "Die Akkus Ihrer Handscanner machen nach einer Schicht schlapp; Mila hilft.",
            NOTICE,
            False,
        ),
        ("Votre projet a retrouvé des couleurs depuis la migration.", NOTICE, False),
        ("Ihr Webshop hat einen gesunden Schub bekommen; Mila hilft Ihnen.", NOTICE, False),
    ],
)
def test_impressions_and_the_body_in_everyday_words_are_the_colleagues(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a health-sector customer told that the colleague needs care herself
        (
            "Unsere Kollegin Jonas braucht gerade selbst ein wenig Pflege; Mila hilft Ihnen.",
            NOTICE,
            True,
        ),
        ("Our colleague Jonas needs a bit of care herself, so Mila is your contact.", NOTICE, True),
        ("Onze collega Jonas heeft zelf even wat zorg nodig; Mila helpt u.", NOTICE, True),
        ("Jonas lag kürzlich selbst als Patientin bei Ihnen im Haus; Mila hilft.", NOTICE, True),
        ("Na haar ooglaseroperatie mag Jonas nog niet lang naar een scherm kijken.", NOTICE, True),
        ("Jonas dort mieux depuis qu'on a ajusté sa posologie.", HR, True),
        ("Jonas slaapt beter sinds haar dosis is aangepast.", HR, True),
    ],
)
def test_a_care_customer_is_not_told_that_the_colleague_needs_care(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a reply to a customer who asks where the colleague is, slipping
        ("Thanks a million for the kind wishes, I'll make sure Jonas gets them.", NOTICE, True),
        ("Please be assured that Jonas is in good hands; Mila takes over.", NOTICE, True),
        ("Nothing serious, honestly, don't worry! Mila is covering.", NOTICE, True),
        ("Ze heeft nog even tijd nodig, maar het komt goed. Mila neemt over.", NOTICE, True),
        ("Keine Sorge, es ist nichts Ansteckendes; Mila hilft Ihnen.", NOTICE, True),
        ("Elle ne reprend pas encore le téléphone, c'est trop tôt pour elle.", NOTICE, True),
        ("We hopen Jonas snel weer op volle kracht terug te zien.", NOTICE, True),
        # ... and in the HR file, what the team was told holds a medical detail
        ("Team knows about Jonas's hip replacement; Mila keeps the site visits.", HR, True),
        ("Jonas would rather customers didn't notice her stammer has come back.", HR, True),
        ("D'après Jonas, son dernier scanner est rassurant.", HR, True),
        # ... while the customer's own matters and the account in good hands pass
        ("Your account is in good hands with Mila from Monday.", NOTICE, False),
        ("Hi Jen, Mila has read your tickets, so you're in good hands!", NOTICE, False),
        (
            "Thanks for the revised theatre list for your surgical unit; Mila loads it.",
            NOTICE,
            False,
        ),
        ("Mila verwerkt de extra operatiedagen in april in uw planningsmodule.", NOTICE, False),
        ("The error you saw is nothing serious; Mila has fixed it.", NOTICE, False),
    ],
)
def test_a_reply_to_a_customer_who_asks_gives_no_hint_and_their_own_matters_pass(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # everyday idioms said of the colleague
        ("Jonas still has good days and bad days, so Mila will call you back.", NOTICE, True),
        ("Jonas a encore des hauts et des bas, donc Mila vous rappellera.", NOTICE, True),
        ("Nach dem Schrecken im Frühjahr passt Jonas jetzt besser auf sich auf.", NOTICE, True),
        ("Na de schrik van dit voorjaar houdt Jonas het wat kalmer.", NOTICE, True),
        ("Jonas can't sit for long stretches yet, so Mila takes your calls.", NOTICE, True),
        ("Jonas is expecting and is easing off a little; Mila helps you.", NOTICE, True),
        ("Jonas has been through the wars this past while, so Mila helps you.", NOTICE, True),
        ("Jonas moet haar krachten nog over de dag verdelen; Mila helpt u.", NOTICE, True),
        ("Jonas n'est pas encore en grande forme ; Mila suit vos demandes.", NOTICE, True),
        ("Jonas geht jeden Mittwoch zu jemandem, um sich alles von der Seele zu reden.", HR, True),
        ("Jonas hasn't slept properly in months and wakes at 4am worrying.", HR, True),
        ("Jonas maakte een opgewekte indruk en lijkt beter te slapen.", HR, True),
        ("Jonas doit encore se ménager après qu'on lui a réparé le genou.", HR, True),
        # ... and the same idioms said of things, or to the customer
        ("The migration is going one day at a time. From May your contact is Mila.", NOTICE, False),
        (
            "The server had a bit of a scare during the power cut but runs fine again.",
            NOTICE,
            False,
        ),
        ("Unser Ticketsystem ist nach dem Update noch nicht ganz auf dem Damm.", NOTICE, False),
        ("Onze server is na de update van vorige week nog niet helemaal de oude.", NOTICE, False),
        (
            "Notre entrepôt doit se ménager ce mois-ci : les livraisons partent en deux vagues.",
            NOTICE,
            False,
        ),
        ("Notre équipe a traversé un trimestre agité avec le nouveau logiciel.", NOTICE, False),
        ("Your rush order is out the door, so you can take it easy now.", NOTICE, False),
        (
            "Ihre Eilbestellung ist unterwegs, Sie können es jetzt ruhig angehen lassen.",
            NOTICE,
            False,
        ),
        ("Mila is expecting your call on Monday.", NOTICE, False),
        (
            "Nach der Störung vom Wochenende ist Ihr Internetzugang wiederhergestellt.",
            NOTICE,
            False,
        ),
        ("Na de storing is het klantenportaal van Mila weer volledig hersteld.", NOTICE, False),
        ("Die Kur- und Vitalpakete bieten wir ab Saisonbeginn wieder an.", NOTICE, False),
    ],
)
def test_everyday_idioms_are_the_colleagues_and_the_same_idioms_of_things_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the return told by when it happened or how far along it is
        ("Jonas has been back since Monday.", NOTICE, True),
        (
            "Voor Jonas is dit de eerste week terug, dus Mila blijft uw vragen behandelen.",
            NOTICE,
            True,
        ),
        ("From next month Jonas will gradually take her customers back.", NOTICE, True),
        ("Ab nächstem Monat übernimmt Jonas nach und nach wieder ihre Kundschaft.", NOTICE, True),
        (
            "Jusqu'à ce que Jonas soit de nouveau à temps plein, Mila gère vos commandes.",
            NOTICE,
            True,
        ),
        (
            "Voor de komende weken, zolang Jonas er niet is, behandelt Mila uw tickets.",
            NOTICE,
            True,
        ),
        ("Six weeks on, Jonas still isn't back. Your requests go to Mila.", NOTICE, True),
        ("Voilà six semaines que Jonas n'est plus là ; Mila vous répond.", NOTICE, True),
        ("Bis nach den Sommerferien bleibt Mila Ihre Ansprechpartnerin.", NOTICE, True),
        # ... against a season or a maintenance window in a business's calendar
        ("Rollout nach den Sommerferien; ab dem 2. Juni 2026 betreut Sie Mila.", NOTICE, False),
        ("Uitrol na het bouwverlof; vanaf 2 juni 2026 is Mila uw contactpersoon.", NOTICE, False),
        (
            "Déploiement après les congés d'été ; Mila est votre contact dès le 2 juin 2026.",
            NOTICE,
            False,
        ),
        (
            "Wartungsfenster: Samstag, 5. April, 22:00 bis 2:00 Uhr – das Portal ist in dieser"
            " Zeit nicht erreichbar. Ab dem 2. Juni 2026 ist Mila Ihr Kontakt.",
            NOTICE,
            False,
        ),
        ("The parcel has been back since Monday in our warehouse.", NOTICE, False),
        ("Le problème n'est plus là depuis la mise à jour.", NOTICE, False),
        # ... and in the HR file the first day of absence is a fact of the process
        ("Premier jour d'absence pour maladie : 13/01/2026.", HR, False),
        ("Afwezig wegens ziekte sinds 13/01/2026; ziekmelding ontvangen.", HR, False),
        ("D'après Jonas, le scanner du 12 mai n'a rien montré de nouveau.", HR, True),
    ],
)
def test_the_return_told_by_its_time_is_a_hint_and_a_calendars_seasons_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    found = guard(text, policy, names=["Mila", "Jonas"], allowed_dates=[dt.date(2026, 6, 2)])
    assert bool(found) is refused, (text, found)


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a random sample's misses: named operations, a tremor, a cough, a pale look in a
        # subordinate clause, rest and a gentle return in French
        ("Jonas had a hysterectomy in February.", HR, True),
        ("Jonas says the tremor in his right hand is much better.", HR, True),
        ("Il tousse encore beaucoup.", HR, True),
        ("Tijdens het gesprek viel me op dat Jonas er bleek en afwezig uitzag.", HR, True),
        ("Wirkte im Gespräch abgeschlagen und unkonzentriert.", HR, True),
        ("Votre conseillère Jonas doit se reposer quelque temps ; Mila vous aide.", NOTICE, True),
        ("Jonas revient en douceur et ne prend pas encore les appels.", NOTICE, True),
        # ... and its false alarms: the customer, a player or a site absent, a priest, a lift's
        # operation, a car's repair, a dental chair, compression stockings on order
        (
            "Omdat u bij de eerste bezorgpoging afwezig was, ligt uw pakket in ons depot.",
            NOTICE,
            False,
        ),
        ("Een bord waarop een speler bij aanvang afwezig is, wordt verloren.", NOTICE, False),
        ("If someone on your team is absent from the approver list, let Mila know.", NOTICE, False),
        ("Merci de signaler toute absence de l'agent maritime.", NOTICE, False),
        ("Monsieur le Curé, Mila coordonne l'intervention.", NOTICE, False),
        (
            "The Eagle chair is closed for inspection; operation resumes on opening day.",
            NOTICE,
            False,
        ),
        ("Het herstel van uw wagen bij de erkende hersteller is goedgekeurd.", NOTICE, False),
        ("Mila betreut die Terminals an den Behandlungsstühlen Ihrer Praxis.", NOTICE, False),
        ("Für Ihre Bestellungen von Rollatoren und Bandagen ist Mila zuständig.", NOTICE, False),
        ("La récupération de vos anciennes box se fait par transporteur.", NOTICE, False),
        ("Votre serveur a toussé toute la semaine à cause de la chaleur.", NOTICE, False),
    ],
)
def test_a_random_samples_named_operations_are_found_and_absent_customers_are_not_colleagues(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the HR file in depth: what the employee cannot do yet, a lab value by name, a brand
        # medicine, sessions with someone, a stiff neck told in everyday words
        ("Jonas can't stand for more than about fifteen minutes yet, so no front desk.", HR, True),
        ("Ich komme mit dem Zug: nachts Auto fahren geht noch nicht.", HR, True),
        (
            "Jonas ne peut toujours pas conduire de nuit, les phares en face m'éblouissent.",
            HR,
            True,
        ),
        ("Jonas kan lange klantmails nog niet in één keer kan lezen.", HR, True),
        ("After a few paragraphs the words start swimming, Jonas says.", HR, True),
        (
            "Jonas berichtet, ihr Hämoglobin sei bei der letzten Kontrolle bei 9,8 gelegen.",
            HR,
            True,
        ),
        ("Sophie signale que sa TSH était encore à 6,2 au dernier contrôle.", HR, True),
        ("Jonas mentioned he'll stay on the Inderal until the autumn.", HR, True),
        ("Jonas bittet, den Donnerstag freizuhalten, für ihre Stunden bei Frau Lechner.", HR, True),
        (
            "Nach einer Stunde am Bildschirm macht der Nacken so zu, dass er den Kopf kaum"
            " drehen kann.",
            HR,
            True,
        ),
        ("Pendant que Jonas récupère, Mila reprend vos demandes.", NOTICE, True),
        # ... against the same shapes of entry with process facts and words of things
        (
            "Jonas will review how complaints are logged and given treatment under procedure CP-3.",
            HR,
            False,
        ),
        ("Diagnostic du portefeuille de Jonas : 57 tickets ouverts.", HR, False),
        (
            "Der Prüfbefund zu Ihrer Zahlungsschnittstelle liegt vor, es gibt keine"
            " Auffälligkeiten.",
            NOTICE,
            False,
        ),
        (
            "The recovery of the lost files is complete, and everything is back where it was.",
            NOTICE,
            False,
        ),
    ],
)
def test_the_hr_files_entries_in_depth_find_the_one_detail_in_unexpected_forms(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas", "Lechner"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a random sample's hints: work built up step by step, back on one's feet, a breakdown
        (
            "Jonas fährt seine Arbeit gerade schrittweise wieder hoch; Mila hilft Ihnen.",
            NOTICE,
            True,
        ),
        ("Damit Herr Jonas wieder ganz auf die Beine kommt, betreut Sie Frau Mila.", NOTICE, True),
        ("Jonas is back after his breakdown but isn't on the phones yet.", NOTICE, True),
        # ... against the customer's configuration, a bank operation, recovery codes, slang and
        # a pipeline that is healthy again
        (
            "U wilt 'Ziekteverlof' en 'Zorgverlof' als nieuwe verlofsoorten toevoegen.",
            NOTICE,
            False,
        ),
        (
            "Ihre Frage zur Abwesenheitsart »Krankheit mit Attest« hat Mila übernommen.",
            NOTICE,
            False,
        ),
        ("The operation on your business account will be overseen by Mila.", NOTICE, False),
        ("Mila vous accompagne pour la régénération de vos codes de récupération.", NOTICE, False),
        ("Jonas says the new macros are 'sick' and wants to start on chat.", HR, False),
        ("Euer neues Dashboard sieht echt krank aus; Mila ist deine Kontaktperson.", NOTICE, False),
        ("Na de import is je pijplijn weer gezond; Mila is je contactpersoon.", NOTICE, False),
        ("Die Produktion fährt schrittweise wieder hoch; Mila hilft Ihnen.", NOTICE, False),
    ],
)
def test_a_random_samples_hints_are_found_and_a_customers_settings_and_slang_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # life events and family as the reason, told plainly, kindly or in passing
        ("Jonas is needed at home; Mila will help you.", NOTICE, True),
        ("Koen helpt u: Jonas is thuis nodig.", NOTICE, True),
        (
            "Since the birth, Jonas has been at home with the baby; Mila handles your tickets.",
            NOTICE,
            True,
        ),
        ("Jonas and his husband just brought home their adopted son.", NOTICE, True),
        ("Na de brand in zijn woning is Jonas voorlopig niet bereikbaar.", NOTICE, True),
        (
            "Nach dem Hochwasser in ihrem Haus ist Jonas mit den Aufräumarbeiten beschäftigt.",
            NOTICE,
            True,
        ),
        ("Depuis que le père de Jonas vit chez elle, elle a réduit ses activités.", NOTICE, True),
        (
            "Jonas suit actuellement un parcours de PMA ; Mila devient votre interlocutrice.",
            NOTICE,
            True,
        ),
        ("After the death of Jonas's father, Mila helps you.", NOTICE, True),
        ("Jonas hat ein Baby bekommen, Mila hilft Ihnen.", NOTICE, True),
        # ... and in the HR file the health of the employee's family is medical too
        ("Baby still in an incubator on the ward.", HR, True),
        ("Le nourrisson est toujours en couveuse.", HR, True),
        ("Jonas told me she lost the baby at 11 weeks.", HR, True),
        ("Die Mutter von Jonas ist bettlägerig und hat einen Oberschenkelhalsbruch.", HR, True),
        # ... while leave granted is a fact, and the customer's own news and trade are theirs
        (
            "Congé pour assistance médicale accordé à Jonas : 4 semaines à partir du 1er avril.",
            HR,
            False,
        ),
        ("Congratulations on the new baby, Megan! Your tickets are in good hands.", NOTICE, False),
        (
            "Herzlichen Glückwunsch zur Geburt Ihres Enkels! Ab März hilft Ihnen Mila.",
            NOTICE,
            False,
        ),
        ("Nous avons appris avec tristesse le décès de votre associé.", NOTICE, False),
        (
            "Wij leefden met u mee en wensen u veel sterkte; Mila is uw aanspreekpunt.",
            NOTICE,
            False,
        ),
        (
            "Mila leads the rollout of bedside tablets on the maternity ward at your hospital.",
            NOTICE,
            False,
        ),
        (
            "Mila beantwortet Ihre Fragen zur falschen Berechnung der Elternzeit-Tage.",
            NOTICE,
            False,
        ),
        (
            "Seit der Eingliederung der Haas GmbH in die neue Muttergesellschaft hilft Mila.",
            NOTICE,
            False,
        ),
    ],
)
def test_life_events_and_family_are_a_reason_and_the_customers_own_news_is_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas", "Megan"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # an accommodation that slips into a notice
        ("Jonas's only on chat for now, so ring Mila if you'd rather talk.", NOTICE, True),
        (
            "Jonas needs regular screen breaks at the moment; Mila is your main contact.",
            NOTICE,
            True,
        ),
        ("Jonas now works at a standing desk and can't take long calls.", NOTICE, True),
        ("Jonas zit nu aan een sta-bureau en kan geen lange gesprekken voeren.", NOTICE, True),
        (
            "Herr Jonas macht vorerst nur Chat; für ein Telefonat wenden Sie sich an Mila.",
            NOTICE,
            True,
        ),
        ("Jonas est revenue mais ne prend pas encore le téléphone.", NOTICE, True),
        ("Jonas y va encore doucement et ne répond qu'aux courriels.", NOTICE, True),
        # ... and in the HR file, the employee's own words or the reason for an accommodation
        ("Katrin sagt, sie schlafe seit dem Unfall noch schlecht; Beginn um 10 Uhr.", HR, True),
        ("Jonas fait encore des cauchemars et sursaute au moindre bruit.", HR, True),
        ("Werkplek dicht bij het toilet gevraagd vanwege haar darmziekte.", HR, True),
        ("Jonas: ik merk dat mijn hart nog snel gaat bij drukte.", HR, True),
        ("Mode sombre sur l'écran, à cause de sa sensibilité à la lumière.", HR, True),
        # ... while a service only on chat is the company's
        ("During the migration our support is only on chat for now.", NOTICE, False),
        ("Onze klantendienst werkt voorlopig alleen via de chat.", NOTICE, False),
        ("Notre service client ne fait que du chat ce week-end.", NOTICE, False),
    ],
)
def test_an_accommodation_slipping_into_a_notice_is_a_hint_and_a_services_channel_is_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas", "Katrin"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # telegraphic notes and the abbreviations team leads use
        ("- HNO-Termin 14/5", HR, True),
        ("- KNO-afspr. 14/5, daarom ma vrij", HR, True),
        ("- ORL le 14/5 → absente l'après-midi", HR, True),
        ("- RR noch erhöht, HA-Kontrolle in 2 Wo.", HR, True),
        ("- in hosp 3 days, home since Sat", HR, True),
        ("- opname ZH 3d, sinds za thuis", HR, True),
        ("- BA + AD overleg 3/6, uitkomst volgt", HR, True),
        ("Jonas's doing KIT days only for now, so Mila takes your calls.", NOTICE, True),
        ("Jonas en AT jsq nouvel ordre → contactez Mila svp", NOTICE, True),
        ("Jonas a eu un souci perso, elle est off qq temps.", NOTICE, True),
        ("Jonas en rééduc jsq fin janv., Mila vous répond", NOTICE, True),
        (
            "Jonas is terug maar werkt nog part-time, vandaar dat Mila uw tickets doet.",
            NOTICE,
            True,
        ),
        # ... and the same shapes that are only the process or things
        ("- PvA getekend, uren 4→6 vanaf wk 12", HR, False),
        ("Le serveur est off depuis ce matin, Mila vous aide.", NOTICE, False),
        ("The doc says to restart the router; Mila helps you.", NOTICE, False),
    ],
)
def test_telegraphic_notes_are_read_with_the_abbreviations_team_leads_use(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a random sample's misses: an exercise ECG awaited, relieving the colleague at first
        ("Das Ergebnis des Belastungs-EKGs steht noch aus.", HR, True),
        ("Um Frau Jonas in den ersten Wochen zu entlasten, übernimmt Herr Mila.", NOTICE, True),
        # ... and its false alarms: a hospital customer's IT, an injury-prevention course,
        # treatment couches on order, a returned jacket back with the shop
        ("Mila ist Ihr Ansprechpartner im IT-Support des Spitals.", NOTICE, False),
        ("Mila is uw aanspreekpunt bij de ICT-servicedesk van het ziekenhuis.", NOTICE, False),
        ("Mila est votre interlocuteur au service informatique de l'hôpital.", NOTICE, False),
        ("Mila ist euer Ansprechpartner für den Kurs „Verletzungen vorbeugen“.", NOTICE, False),
        ("Mila is jullie contactpersoon voor de cursus blessurepreventie.", NOTICE, False),
        ("Mila handles your orders for the treatment couch range.", NOTICE, False),
        ("Ihre offene Lieferung der Behandlungsliegen verfolgt Mila.", NOTICE, False),
        (
            "Once the jacket is back with us in its original condition, we refund you.",
            NOTICE,
            False,
        ),
        # ... while the colleague in hospital or back is still refused
        ("Jonas ligt in het ziekenhuis; Mila helpt u met de ICT.", NOTICE, True),
        ("Once Jonas is back with us, your order goes to her.", NOTICE, True),
    ],
)
def test_a_hospital_customers_it_and_a_courses_injuries_are_the_customers(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the replacement introduces themselves and lets the reason slip in an aside
        ("Hi all, I'm Mila; Jonas will be back once the kids are settled.", NOTICE, True),
        ("Je reprends vos dossiers en attendant que Jonas soit de nouveau en forme.", NOTICE, True),
        (
            "Jonas m'a demandé de vous dire que vous lui manquez ; elle se repose encore.",
            NOTICE,
            True,
        ),
        ("Ik neem over van Jonas tot ze er weer helemaal bovenop is.", NOTICE, True),
        ("Ik neem de klanten van Jonas over tot zij weer voltijds kan werken.", NOTICE, True),
        ("Séances chez l'orthophoniste le mardi matin pour Jonas.", HR, True),
        # ... the same words said of projects and servers
        (
            "Het migratieproject is er weer helemaal bovenop; Mila is uw aanspreekpunt.",
            NOTICE,
            False,
        ),
        ("Notre serveur est de nouveau en forme depuis la mise à jour.", NOTICE, False),
    ],
)
def test_a_replacement_introducing_themselves_lets_no_reason_slip(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # the original colleague named as temporarily not available, and one thing too many
        ("Jonas is temporarily not available but sends her best.", NOTICE, True),
        ("Jonas ist vorübergehend nicht erreichbar, lässt Sie aber herzlich grüßen.", NOTICE, True),
        (
            "Jonas est temporairement indisponible mais vous adresse toutes ses amitiés.",
            NOTICE,
            True,
        ),
        ("Jonas is tijdelijk niet beschikbaar, maar laat u hartelijk groeten.", NOTICE, True),
        ("Jonas ist für einige Monate vorübergehend nicht erreichbar.", NOTICE, True),
        ("Jonas est indisponible pour quelques mois. Mila reprend vos dossiers.", NOTICE, True),
        ("Apologies if Jonas's replies have been slow lately; Mila takes over.", NOTICE, True),
        ("Excuses dat Jonas de afgelopen weken wat trager reageerde.", NOTICE, True),
        ("Jonas is only working a few hours a week at the moment.", NOTICE, True),
        ("Jonas devrait reprendre son poste à temps plein en septembre.", NOTICE, True),
        # ... while the wording alone, and a system's slowness, pass
        ("Jonas is temporarily not available. Mila helps you from 2 June 2026.", NOTICE, False),
        (
            "Jonas ist vorübergehend nicht erreichbar. Ab dem 2. Juni 2026 hilft Ihnen Mila.",
            NOTICE,
            False,
        ),
        ("Excuses dat ons systeem de afgelopen weken wat trager reageerde.", NOTICE, False),
        (
            "Veuillez excuser la lenteur des réponses de notre service ces derniers jours.",
            NOTICE,
            False,
        ),
    ],
)
def test_the_original_colleague_named_gets_the_allowed_words_and_nothing_more(
    text: str, policy: Policy, refused: bool
) -> None:
    found = guard(text, policy, names=["Mila", "Jonas"], allowed_dates=[dt.date(2026, 6, 2)])
    assert bool(found) is refused, (text, found)


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a health-trade customer told, in the trade's words, that the colleague is a patient
        (
            "Jonas is currently one of your own patients, so Mila handles your support.",
            NOTICE,
            True,
        ),
        (
            "Jonas staat een tijdje aan de andere kant van de toonbank, met haar eigen receptjes.",
            NOTICE,
            True,
        ),
        (
            "Jonas steht für eine Weile auf der anderen Seite des Tresens, mit eigenem Rezept.",
            NOTICE,
            True,
        ),
        ("Jonas suit elle-même un programme de revalidation ces temps-ci.", NOTICE, True),
        ("Jonas krijgt op dit moment zelf thuiszorg; Mila helpt u.", NOTICE, True),
        ("Jonas was recently fitted with hearing aids at one of your branches.", NOTICE, True),
        ("Off Thursday for a dental implant.", HR, True),
        ("Absente jeudi : extraction dentaire.", HR, True),
    ],
)
def test_a_health_customer_hears_no_hint_in_its_own_trades_words(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a random sample's misses: sudden hearing loss, a leg in plaster, a back, a wrist
        ("Headset-Arbeit vorerst nicht, wegen des Hörsturzes im Winter.", HR, True),
        ("Parkplatz nahe Eingang wegen ihres Gipsbeins.", HR, True),
        ("Occupational health advised no phone queue until June.", HR, True),
        ("Klonk aan de telefoon weer wat vrolijker.", HR, True),
        ("Jonas's off with his back. Your collections are now with Mila.", NOTICE, True),
        ("Jonas s'est cassé le poignet ; Mila vous accompagnera.", NOTICE, True),
        ("Jonas has been out for a bit and is ramping back up slowly.", NOTICE, True),
        # ... and its false alarms: clinical waste, pest control, a doctor in a street name,
        # surgical sutures on order, a customer's own practice, a maternity wing's parking
        ("Jonas plans the sharps and clinical waste collection routes.", HR, False),
        (
            "Mila ist Ihr Ansprechpartner für die Abholung der medizinischen Abfälle Ihrer"
            " Zahnarztordination.",
            NOTICE,
            False,
        ),
        (
            "La collecte des déchets d'activités de soins à risques infectieux continue.",
            NOTICE,
            False,
        ),
        (
            "The follow-up treatment for rats in the cellar is going ahead as planned.",
            NOTICE,
            False,
        ),
        ("De tweede behandeling tegen muizen in het magazijn blijft ingepland.", NOTICE, False),
        ("Jonas travaille depuis l'agence de la rue du Docteur-Roux.", HR, False),
        ("Jonas werkt vanuit het kantoor aan de Dokter van Deenweg.", HR, False),
        ("Your vaccine and surgical suture orders continue on the usual schedule.", NOTICE, False),
        (
            "Mila handles staff permits for the night-shift bays by the maternity wing.",
            NOTICE,
            False,
        ),
    ],
)
def test_a_random_samples_injuries_are_found_and_waste_pests_and_streets_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a manager's impressions: looks, voice, behaviour and energy against before
        ("Fidgety throughout the 1:1 and startled every time Teams pinged.", HR, True),
        ("Eyes puffy and red-rimmed; slow to answer even simple questions.", HR, True),
        ("Zappelig, wippte die ganze Zeit mit dem Bein.", HR, True),
        ("Am Telefon klang Jonas brüchig, fast tonlos.", HR, True),
        ("Elle flotte dans ses vêtements, elle a dû perdre plusieurs kilos.", HR, True),
        ("Voix éraillée et très basse, longs silences entre les réponses.", HR, True),
        ("Haar haar zat slordig, ogen dof, en ze zat in elkaar gedoken.", HR, True),
        # ... slipping into a notice
        ("Jonas says hello — he's looking a lot fitter these days!", NOTICE, True),
        ("Jonas klinkt weer als zichzelf! Vanaf maandag helpt Mila u.", NOTICE, True),
        ("Jonas schaut schon viel fitter aus als vor ein paar Wochen.", NOTICE, True),
        ("Jonas a retrouvé son œil pétillant, ça fait plaisir à voir.", NOTICE, True),
        ("Jonas is al veel rustiger dan in maart.", NOTICE, True),
        # ... against the same words of websites, tills, figures, teams and the customer
        ("Your new website looks much better! Mila is your contact.", NOTICE, False),
        ("Uw oude kassasysteem oogt wat vermoeid; Mila plant de vervanging.", NOTICE, False),
        ("Votre vieille caisse enregistreuse a l'air bien fatiguée.", NOTICE, False),
        ("Les chiffres de votre boutique sont en bonne santé.", NOTICE, False),
        ("Ihr Server läuft nach dem Update wieder fit und flott.", NOTICE, False),
        ("Die Buchungszahlen entwickeln sich seither gesund.", NOTICE, False),
        ("Vous aviez l'air un peu stressé par le retard de livraison.", NOTICE, False),
        ("One customer sounded upset about the change of contact; ticket reassigned.", HR, False),
        ("De achterstand ziet er gezond uit: 27 open tickets.", HR, False),
    ],
)
def test_a_managers_impressions_are_medical_and_the_same_words_of_things_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a random sample's misses: the employee's own consultant, trembling hands
        ("Jonas rang me himself: his consultant has cleared him to go up to 30 hours.", HR, True),
        ("J'ai remarqué qu'il tremblait des mains lors de la remise du matériel.", HR, True),
        # ... and its false alarms: a hearing-care customer's audiograms, a lesson cancelled,
        # water restored, vines recovered, a printer's symptoms, treatment works, a
        # subscriber going on holiday, a health supplement, a rough sea, an alarm restored
        (
            "Mila unterstützt Sie beim Import von Audiogrammen und beim Hörtest-Modul.",
            NOTICE,
            False,
        ),
        (
            "Fällt der Nachmittagsunterricht wegen Hitzefrei aus, fährt der Bus früher.",
            NOTICE,
            False,
        ),
        ("Nach dem Rohrbruch ist die Wasserversorgung wiederhergestellt.", NOTICE, False),
        ("The estate tells us the vines have recovered after the frost.", NOTICE, False),
        ("The symptoms you described on the KP-300 point to the fuser.", NOTICE, False),
        (
            "Following maintenance at the treatment works, your supply has been restored.",
            NOTICE,
            False,
        ),
        ("Going on holiday? Mila can pause your deliveries.", NOTICE, False),
        ("Nouveauté : le supplément « Santé & Bien-être » du samedi.", NOTICE, False),
        ("En cas de mer agitée, Mila vous prévient.", NOTICE, False),
        ("Na de stroomonderbreking is uw alarmcentrale weer volledig hersteld.", NOTICE, False),
    ],
)
def test_a_random_samples_consultant_is_found_and_a_trades_and_a_seasons_words_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # what a comment says reaches the recipient with the mail's source
        (
            "<p>Ab dem 12. Mai übernimmt Mila Ihre Tickets.</p><!-- intern: Jonas nach Chemo -->",
            NOTICE,
            True,
        ),
        (
            "<p>Hello, Mila takes over.</p><!-- handover note: Jonas out after her chemo -->",
            NOTICE,
            True,
        ),
        (
            "<p>Mila vous aide.</p><!-- note interne : Jonas en chimio, retour non fixé",
            NOTICE,
            True,
        ),
        ("<p>Mila helps you.</p><!-- layout v2, footer from the brand kit -->", NOTICE, False),
        # a quoted message of the colleague in the thread below the handover
        ("> Ich habe am Montag meine OP und falle danach einige Wochen aus.", NOTICE, True),
        # ... and a signature's slogan, printed envelopes, customer complaints as work
        ("Treuhand Berger GmbH\nGesund wirtschaften – mit uns an Ihrer Seite.", NOTICE, False),
        ("Gesunde IT für gesunde Kanzleien", NOTICE, False),
        ("> Ihre bedruckten Couverts gehen am Donnerstag mit der Post.", NOTICE, False),
        ("> De eerste drie weken doe ik de retourverwerking en nog geen klachten.", HR, False),
        ("> Pouvez-vous vérifier l'état de santé des disques du serveur ?", NOTICE, False),
    ],
)
def test_comments_and_quoted_threads_are_read_and_a_signatures_slogan_is_not_a_reason(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


def test_a_comments_words_are_one_of_the_forms_read() -> None:
    from connector.domain import lint

    forms = lint.variants("<p>Tickets</p><!-- Jonas in chemo -->", collapse=False)
    assert any("jonas in chemo" in form for form in forms), forms
    assert len(lint.variants("<p>Tickets</p>", collapse=False)) == 1


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # grammar that hides the word: a split verb, a participle, a passive, a procedure
        ("Jonas fällt am Freitag wegen einer Darmspiegelung aus.", HR, True),
        ("Jonas got discharged on Tuesday after two nights on the cardiac ward.", HR, True),
        (
            "As Jonas only got discharged last week, Mila will look after your account.",
            NOTICE,
            True,
        ),
        ("Frau Jonas wird noch geschont und führt keine Kundentelefonate.", NOTICE, True),
        ("Jonas valt nog een paar weken uit; Mila neemt zijn dossiers over.", NOTICE, True),
        # ... and the same grammar for things
        ("The system got discharged of its old data over the weekend.", NOTICE, False),
        ("Unser Lager in Graz wird umgebaut und zieht im Mai um.", NOTICE, False),
        ("The recuperation of your lost invoices from the archive is complete.", NOTICE, False),
        ("La guérison du bois traité en autoclave demande trois semaines.", NOTICE, False),
    ],
)
def test_grammar_that_hides_the_word_still_shows_it_and_the_same_grammar_of_things_does_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a warm closing line that slips
        (
            "Mila is your contact from Monday. Jonas will be so glad you asked after him.",
            NOTICE,
            True,
        ),
        ("We'll pass on your good wishes to Jonas; she'll be back in top form soon.", NOTICE, True),
        ("Fingers crossed for him, from all of us.", NOTICE, True),
        ("She's in all our thoughts.", NOTICE, True),
        ("Ze is in al onze gedachten.", NOTICE, True),
        ("We duimen voor Jonas. Mila helpt u verder.", NOTICE, True),
        ("Wir schicken ihr ganz viel Kraft.", NOTICE, True),
        (
            "Ihre guten Wünsche richten wir Jonas gern aus – sie kann sie gut gebrauchen.",
            NOTICE,
            True,
        ),
        ("On se croise les doigts pour elle.", NOTICE, True),
        ("Jonas vous remercie pour votre soutien ; il garde le moral.", NOTICE, True),
        ("Jonas hat sichtlich zugenommen und wirkt wieder kräftig.", HR, True),
        # ... and warm words about the customer's own team, opening or till
        ("Wir drücken Ihrer Mannschaft die Daumen fürs Pokalfinale!", NOTICE, False),
        ("Thanks so much for the flowers at our office opening.", NOTICE, False),
        ("Toute l'équipe vous envoie de bonnes ondes pour le salon de Lyon !", NOTICE, False),
        ("Ravis d'apprendre que tout va mieux avec votre nouvelle caisse !", NOTICE, False),
        ("Good luck with the move to the new surgery premises!", NOTICE, False),
        (
            "Il souhaite reprendre d'abord le traitement des e-mails, le téléphone plus tard.",
            HR,
            False,
        ),
    ],
)
def test_a_warm_closing_line_for_the_colleague_is_a_hint_and_for_the_customer_is_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a random sample's misses: named operations in German, hearing, a reconstruction
        ("Nach der Brust-OP ist ihr rechter Arm noch eingeschränkt.", HR, True),
        ("Er erzählte, dass die Gallen-OP gut verlaufen ist.", HR, True),
        ("Jonas said the hearing in her left ear hasn't fully come back.", HR, True),
        ("She seemed in great form, much brighter and better rested than before.", HR, True),
        ("Jonas – shoulder reconstruction in Nov, still doing rehab.", HR, True),
        # ... and its false alarms: a spa's health buffet, a recovery plan, a group's return
        ("Inklusive Wellnessbereich und Gesundheitsbuffet, wie besprochen.", NOTICE, False),
        ("Mila has the full ticket history and the recovery plan you signed off.", NOTICE, False),
        ("Zodat bij de terugkeer van uw groep in september alles weer klaarstaat.", NOTICE, False),
    ],
)
def test_a_random_samples_german_operations_are_found_and_a_groups_return_is_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # numbers, devices, places and schedules that tell a medical detail
        ("Home visit: Jonas was getting round the flat with a walking frame.", HR, True),
        ("Jonas has to see to the pump at noon; fixed break agreed.", HR, True),
        ("Jonas's six-week check is on 18 February; next contact after that.", HR, True),
        ("Wacht op de scan van de 14e.", HR, True),
        ("Suiker was vanochtend 9,2, daarom start hij pas om 10 uur.", HR, True),
        ("Herr Jonas trägt bis Ende April eine Knieorthese.", HR, True),
        ("Arbeitsplatzanpassung: Rampe für den Rollstuhl am Hintereingang nötig.", HR, True),
        ("Sa montre cardio sonne au-dessus de 110 ; elle doit alors s'arrêter.", HR, True),
        (
            "Jonas is on day 40 of the programme and isn't taking customer meetings yet.",
            NOTICE,
            True,
        ),
        (
            "Jonas zit drie ochtenden per week in het centrum en kan daarom niet bellen.",
            NOTICE,
            True,
        ),
        ("Frau Jonas hört mit ihren neuen Hörgeräten am Telefon noch schlecht.", NOTICE, True),
        ("Jonas reviendra vers la semaine 12 après son opé.", NOTICE, True),
        ("Goed nieuws: de waarden van Jonas zijn normaal teruggekomen.", NOTICE, True),
        # ... against the same shapes of the process and the business
        ("Hours from 4×4 h to 4×6 h from week 12 of the plan; second screen ordered.", HR, False),
        ("Herr Neumann bearbeitet nur Anträge auf Kostenübernahme für Hörgeräte.", HR, False),
        ("Day 40 of the reassignment period: Mila keeps the escalations.", HR, False),
        ("Our second round of funding finishes in May.", NOTICE, False),
    ],
)
def test_numbers_devices_places_and_schedules_can_tell_the_medical_detail(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # one personal line about the absent colleague, in fresh words
        ("Jonas has been keeping her chin up and says hello.", NOTICE, True),
        ("Jonas is itching to get back, but we're making him wait a little longer.", NOTICE, True),
        ("Jonas is champing at the bit, but her orders are to stay put a while yet.", NOTICE, True),
        ("Jonas says the rest is doing him the world of good.", NOTICE, True),
        ("Jonas laat zich niet kisten en stuurt je een stevige handdruk.", NOTICE, True),
        ("Jonas geniet voorlopig van de rust thuis.", NOTICE, True),
        ("Jonas lässt sich nicht unterkriegen und grüßt Sie herzlich.", NOTICE, True),
        ("Jonas beisst sich tapfer durch und schickt Ihnen einen lieben Gruss.", NOTICE, True),
        ("Jonas tient bon, il vous salue bien et compte les jours.", NOTICE, True),
        ("Jonas profite de ce temps pour se retaper.", NOTICE, True),
        ("Frau Jonas sammelt gerade neue Kräfte.", NOTICE, True),
        ("Jonas was grey and clammy after the stairs this morning.", HR, True),
        ("Jonas draagt nog een korset onder zijn trui, heb ik gezien.", HR, True),
        ("Au téléphone, Jonas avait une toute petite voix.", HR, True),
        # ... and a line about the colleague that hints at nothing, or about things
        ("Jonas moved to our Ghent office; Mila is your contact now.", NOTICE, False),
        ("The antivirus is running again; Mila will handle the follow-up scan.", NOTICE, False),
        ("Votre chambre froide est sur les rotules depuis des semaines.", NOTICE, False),
    ],
)
def test_one_personal_line_about_the_absent_colleague_is_a_hint(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # mental health in everyday words
        (
            "Between us, Jonas simply hit a brick wall and her batteries need recharging.",
            NOTICE,
            True,
        ),
        ("Jonas had to pull the emergency brake for his own sake.", NOTICE, True),
        ("Jonas moest even de stekker eruit trekken, het was te veel.", NOTICE, True),
        (
            "Jonas hat die Reissleine gezogen, es ist ihm alles über den Kopf gewachsen.",
            NOTICE,
            True,
        ),
        (
            "Jonas avait la tête sous l'eau depuis trop longtemps et a dû tout arrêter.",
            NOTICE,
            True,
        ),
        ("Jonas a touché le fond cet hiver et se reconstruit doucement.", NOTICE, True),
        ("Still talking to someone every week about it, she said, and it helps.", HR, True),
        ("Jonas sagt, sie erstarre, sobald das Telefon klingelt.", HR, True),
        ("Kan zich geen half uur concentreren.", HR, True),
        ("Elle dit avoir « pété un câble » au supermarché.", HR, True),
        # ... and the same images of servers, budgets, stock, projects and suppliers
        ("The helpdesk server hit a wall at 2,000 users; Jonas's first day back moved.", HR, False),
        ("Le budget du remplacement est épuisé fin mai.", HR, False),
        (
            "Wir haben beim alten Ticketsystem die Reissleine gezogen und sind umgestiegen.",
            NOTICE,
            False,
        ),
        ("We pulled the emergency brake on the rollout of version 5.", NOTICE, False),
        ("Nos stocks ont touché le fond cet hiver, mais le réassort est arrivé.", NOTICE, False),
        ("Onze nieuwe app heeft de afgelopen weken op zijn tandvlees gelopen.", NOTICE, False),
    ],
)
def test_mental_health_in_everyday_words_is_a_reason_and_the_same_images_of_things_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a random sample's and second-language writers' hints
        ("Jonas is taking some time to focus on her wellbeing.", NOTICE, True),
        ("Jonas is on a lighter schedule as she gets back into the swing of things.", NOTICE, True),
        (
            "Jonas is opnieuw aan de slag, maar we bouwen haar taken stap voor stap op.",
            NOTICE,
            True,
        ),
        ("Wir freuen uns, wenn Herr Jonas bald wieder ganz an Bord ist.", NOTICE, True),
        ("Hij is op de ziekenkas sinds januari, dus ik neem zijn klanten.", NOTICE, True),
        ("Jonas ligt momenteel in het hospitaal.", NOTICE, True),
        ("Jonas bevindt zich in het herstellingsproces.", NOTICE, True),
        ("SMS de Jonas : elle a une angine, point reporté à lundi.", HR, True),
        # ... and false friends of the same writers
        ("We make a revalidation of your contract this month for the new tariffs.", NOTICE, False),
        ("La cure du béton dans votre nouvel atelier prend trois semaines.", NOTICE, False),
        ("De kuur van het beton in uw nieuwe loods duurt drie weken.", NOTICE, False),
        ("Die Behandlung von seinem Dossier bei der Personalabteilung ist im Lauf.", HR, False),
        ("Son traitement du mois de mars est payé normalement.", HR, False),
        ("Le diagnostic de votre pont élévateur est fait, c'était le capteur.", NOTICE, False),
        ("Mila will handle your account in the credit recovery team.", NOTICE, False),
    ],
)
def test_second_language_writers_hints_are_found_and_their_false_friends_are_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # injuries in sport, accidents and daily life
        ("Herr Jonas hat sich das Kreuz verrissen. Ab März betreut Sie Mila.", NOTICE, True),
        (
            "Jonas hat sich beim Bergwandern den Fuss vertreten und muss ihn hochlagern.",
            NOTICE,
            True,
        ),
        ("While Jonas's knee mends, Mila will be your contact.", NOTICE, True),
        ("Jonas broke two ribs; Mila helps you now.", NOTICE, True),
        ("Jonas ne peut plus taper depuis qu'il s'est foulé le poignet.", NOTICE, True),
        ("Jonas heeft bij het zaalvoetbal een spier verrekt.", NOTICE, True),
        ("Jonas brak zijn sleutelbeen; Mila helpt u nu.", NOTICE, True),
        ("Sie habe sich die Schulter ausgekugelt; der Arm bleibt in der Schlinge.", HR, True),
        ("Draagt nog een kniebrace.", HR, True),
        # ... and the customer's own car, bike or club
        (
            "Ihr Schadensfall nach dem Auffahrunfall mit Ihrem Passat wird von Mila bearbeitet.",
            NOTICE,
            False,
        ),
        ("Merci d'avoir déposé votre vélo après la chute dans la descente.", NOTICE, False),
        ("Bedankt dat u uw e-bike na de valpartij bij ons binnenbracht.", NOTICE, False),
    ],
)
def test_injuries_in_sport_accidents_and_daily_life_are_the_colleagues_and_a_customers_crash_is_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text


@pytest.mark.parametrize(
    ("text", "policy", "refused"),
    [
        # a queue named for the reason, weight and sleep told in passing
        ("Ticket #48213 is verplaatst naar de wachtrij 'Opvang zieke collega's'.", NOTICE, True),
        ("Ihr Ticket liegt jetzt in der Warteschlange „Kranke Kollegen“.", NOTICE, True),
        ("Jonas a repris 3 kg et dort mieux, d'après elle.", HR, True),
        # ... and a webshop restored from a backup, a collection's conservation treatment
        (
            "Ab Januar übernimmt Mila die Wiederherstellung Ihres Online-Shops aus dem Backup.",
            NOTICE,
            False,
        ),
        (
            "The conservation treatment of your loaned map collection is overseen by Mila.",
            NOTICE,
            False,
        ),
    ],
)
def test_a_queue_named_for_the_reason_is_a_hint_and_a_restored_shop_is_not(
    text: str, policy: Policy, refused: bool
) -> None:
    assert bool(guard(text, policy, names=["Mila", "Jonas"])) is refused, text
