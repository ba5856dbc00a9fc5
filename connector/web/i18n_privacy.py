"""The privacy guard's refusals in nl, fr, de and en: each refused word, its category and a
suggested rewrite (issue 16, item 5). Part of the catalogue in ``connector/web/i18n.py``:
the English text is the key, as everywhere there; ``MESSAGES`` is merged into that catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from connector.domain.privacy import Category, Finding, Rewrite

LANGUAGES = ("en", "nl", "fr", "de")

CATEGORY_LABELS: dict[Category, str] = {
    Category.SICKNESS: "illness",
    Category.LEAVE_ABSENCE: "leave or absence",
    Category.REINTEGRATION: "return or reintegration",
    Category.PERSONAL_CIRCUMSTANCES: "personal circumstances",
    Category.ABSENCE_DATE: "a date that reveals the absence",
    Category.RECOVERY: "recovery",
    Category.DIAGNOSIS: "diagnosis or condition",
    Category.SYMPTOMS: "symptoms",
    Category.BODY_COMPLAINTS: "complaints of the body",
    Category.TREATMENT_MEDICATION: "treatment or medication",
    Category.CARE_APPOINTMENTS: "care providers and appointments",
    Category.TEST_RESULTS: "test results",
    Category.IMPRESSIONS_OF_HEALTH: "impressions of health",
    Category.ORDINARY: "an ordinary word",
}

REWRITES: dict[Rewrite, str] = {
    Rewrite.WHO_FROM_WHEN: (
        "Write who helps from when, for example: “Sam is your contact from 7 January.”"
    ),
    Rewrite.ALLOWED_DATES_ONLY: (
        "Mention only the date from which the new contact helps (and the end date if the"
        " period shows it)."
    ),
    Rewrite.FACTS_OF_WORK: (
        "Record facts about work only: what was agreed, tasks, hours, the next contact."
    ),
    Rewrite.AGREEMENTS_NOT_IMPRESSIONS: (
        "Write what was agreed, not how the employee looked, sounded or seemed."
    ),
}

REFUSAL = "“%(word)s” is not allowed (%(category)s). %(rewrite)s"

MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "illness": "ziekte",
        "leave or absence": "verlof of afwezigheid",
        "return or reintegration": "terugkeer of re-integratie",
        "personal circumstances": "persoonlijke omstandigheden",
        "a date that reveals the absence": "een datum die de afwezigheid verraadt",
        "recovery": "herstel",
        "diagnosis or condition": "diagnose of aandoening",
        "symptoms": "klachten of symptomen",
        "complaints of the body": "lichamelijke klachten",
        "treatment or medication": "behandeling of medicatie",
        "care providers and appointments": "zorgverleners en afspraken",
        "test results": "onderzoeksuitslagen",
        "impressions of health": "indrukken over de gezondheid",
        "an ordinary word": "een gewoon woord",
        REWRITES[Rewrite.WHO_FROM_WHEN]: (
            "Schrijf wie er vanaf wanneer helpt, bijvoorbeeld: „Vanaf 7 januari is Sam uw"
            " aanspreekpunt.”"
        ),
        REWRITES[Rewrite.ALLOWED_DATES_ONLY]: (
            "Noem alleen de datum vanaf wanneer de nieuwe contactpersoon helpt (en de einddatum"
            " als de periode die toont)."
        ),
        REWRITES[Rewrite.FACTS_OF_WORK]: (
            "Leg alleen feiten over het werk vast: wat is afgesproken, taken, uren, het"
            " volgende contact."
        ),
        REWRITES[Rewrite.AGREEMENTS_NOT_IMPRESSIONS]: (
            "Schrijf wat is afgesproken, niet hoe de medewerker eruitzag, klonk of overkwam."
        ),
        REFUSAL: "„%(word)s” is niet toegestaan (%(category)s). %(rewrite)s",
    },
    "fr": {
        "illness": "maladie",
        "leave or absence": "congé ou absence",
        "return or reintegration": "retour ou réintégration",
        "personal circumstances": "circonstances personnelles",
        "a date that reveals the absence": "une date qui révèle l'absence",
        "recovery": "rétablissement",
        "diagnosis or condition": "diagnostic ou affection",
        "symptoms": "symptômes",
        "complaints of the body": "douleurs ou problèmes physiques",
        "treatment or medication": "traitement ou médicaments",
        "care providers and appointments": "soignants et rendez-vous médicaux",
        "test results": "résultats d'examens",
        "impressions of health": "impressions sur la santé",
        "an ordinary word": "un mot ordinaire",
        REWRITES[Rewrite.WHO_FROM_WHEN]: (
            "Écrivez qui aide à partir de quand, par exemple : « Sam est votre interlocuteur à"
            " partir du 7 janvier. »"
        ),
        REWRITES[Rewrite.ALLOWED_DATES_ONLY]: (
            "N'indiquez que la date à partir de laquelle le nouvel interlocuteur aide (et la"
            " date de fin si la période l'affiche)."
        ),
        REWRITES[Rewrite.FACTS_OF_WORK]: (
            "Ne notez que des faits liés au travail : ce qui a été convenu, les tâches, les"
            " heures, le prochain contact."
        ),
        REWRITES[Rewrite.AGREEMENTS_NOT_IMPRESSIONS]: (
            "Écrivez ce qui a été convenu, pas l'air qu'avait la personne ni l'impression"
            " qu'elle donnait."
        ),
        REFUSAL: "« %(word)s » n'est pas autorisé (%(category)s). %(rewrite)s",
    },
    "de": {
        "illness": "Krankheit",
        "leave or absence": "Urlaub oder Abwesenheit",
        "return or reintegration": "Rückkehr oder Wiedereingliederung",
        "personal circumstances": "persönliche Umstände",
        "a date that reveals the absence": "ein Datum, das die Abwesenheit verrät",
        "recovery": "Genesung",
        "diagnosis or condition": "Diagnose oder Erkrankung",
        "symptoms": "Symptome",
        "complaints of the body": "körperliche Beschwerden",
        "treatment or medication": "Behandlung oder Medikamente",
        "care providers and appointments": "Ärzte, Therapeuten und Termine",
        "test results": "Untersuchungsergebnisse",
        "impressions of health": "Eindrücke zur Gesundheit",
        "an ordinary word": "ein gewöhnliches Wort",
        REWRITES[Rewrite.WHO_FROM_WHEN]: (
            "Schreiben Sie, wer ab wann hilft, zum Beispiel: „Ab 7. Januar ist Sam Ihr"
            " Ansprechpartner.“"
        ),
        REWRITES[Rewrite.ALLOWED_DATES_ONLY]: (
            "Nennen Sie nur das Datum, ab dem die neue Ansprechperson hilft (und das Enddatum,"
            " wenn der Zeitraum es zeigt)."
        ),
        REWRITES[Rewrite.FACTS_OF_WORK]: (
            "Halten Sie nur Fakten zur Arbeit fest: Vereinbarungen, Aufgaben, Stunden, den"
            " nächsten Kontakt."
        ),
        REWRITES[Rewrite.AGREEMENTS_NOT_IMPRESSIONS]: (
            "Schreiben Sie, was vereinbart wurde, nicht wie die Person aussah, klang oder wirkte."
        ),
        REFUSAL: "„%(word)s“ ist nicht erlaubt (%(category)s). %(rewrite)s",
    },
}


def _t(lang: str, message: str) -> str:
    return MESSAGES.get(lang, {}).get(message, message)


def refusal(finding: Finding, lang: str) -> str:
    """One sentence in ``lang`` naming the refused word, its category and a rewrite."""
    return _t(lang, REFUSAL) % {
        "word": finding.describe(),
        "category": _t(lang, CATEGORY_LABELS[finding.category]),
        "rewrite": _t(lang, REWRITES[finding.rewrite]),
    }


def describe(finding: Finding, lang: str) -> dict[str, Any]:
    """A finding as the API returns it (the enums' values, and the sentence in ``lang``)."""
    return {
        "text": finding.text,
        "written": finding.describe(),
        "span": list(finding.span),
        "category": finding.category.value,
        "category_label": _t(lang, CATEGORY_LABELS[finding.category]),
        "language": finding.lang or None,
        "rewrite": finding.rewrite.value,
        "suggestion": _t(lang, REWRITES[finding.rewrite]),
        "message": refusal(finding, lang),
    }


def describe_all(findings: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    return [describe(f, lang) for f in findings if isinstance(f, Finding)]


def describe_fields(
    findings: Mapping[str, Sequence[Any]], lang: str
) -> dict[str, list[dict[str, Any]]]:
    return {name: describe_all(found, lang) for name, found in findings.items()}


def choose(accept_language: Any, default: str = "en") -> str:
    """The best of nl, fr, de and en for a request's Accept-Language header."""
    best = accept_language.best_match(LANGUAGES) if accept_language else None
    return str(best or default)
