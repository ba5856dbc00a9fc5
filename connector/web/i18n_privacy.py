"""The privacy guard's refusals in nl, fr, de and en: each refused word, its category and a
suggested rewrite (issue 16, item 5). The English text is the msgid; the translations are in
the message catalogues (``connector/translations``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from connector.domain.privacy import Category, Finding, Rewrite
from connector.translations import LANGUAGES, N_, gettext

CATEGORY_LABELS: dict[Category, str] = {
    Category.SICKNESS: N_("illness"),
    Category.LEAVE_ABSENCE: N_("leave or absence"),
    Category.REINTEGRATION: N_("return or reintegration"),
    Category.PERSONAL_CIRCUMSTANCES: N_("personal circumstances"),
    Category.ABSENCE_DATE: N_("a date that reveals the absence"),
    Category.ABOUT_THE_COLLEAGUE: N_("more about the colleague than that they are not available"),
    Category.RECOVERY: N_("recovery"),
    Category.DIAGNOSIS: N_("diagnosis or condition"),
    Category.SYMPTOMS: N_("symptoms"),
    Category.BODY_COMPLAINTS: N_("complaints of the body"),
    Category.TREATMENT_MEDICATION: N_("treatment or medication"),
    Category.CARE_APPOINTMENTS: N_("care providers and appointments"),
    Category.TEST_RESULTS: N_("test results"),
    Category.IMPRESSIONS_OF_HEALTH: N_("impressions of health"),
    Category.ORDINARY: N_("an ordinary word"),
}

REWRITES: dict[Rewrite, str] = {
    Rewrite.WHO_FROM_WHEN: N_(
        "Write who helps from when, for example: “Sam is your contact from 7 January.”"
    ),
    Rewrite.ALLOWED_DATES_ONLY: N_(
        "Mention only the date from which the new contact helps (and the end date if the"
        " period shows it)."
    ),
    Rewrite.FACTS_OF_WORK: N_(
        "Record facts about work only: what was agreed, tasks, hours, the next contact."
    ),
    Rewrite.AGREEMENTS_NOT_IMPRESSIONS: N_(
        "Write what was agreed, not how the employee looked, sounded or seemed."
    ),
    Rewrite.MENTION_ONLY: N_(
        "Where the notice names the colleague, say only that they are temporarily not"
        " available, or leave them out: nothing about how they are or why."
    ),
}

REFUSAL = N_("“%(word)s” is not allowed (%(category)s). %(rewrite)s")


def _t(lang: str, message: str) -> str:
    return gettext(lang, message)


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
