"""A notice written in plain fields: the one source of both its text and its HTML body.

Pure. A team lead writes a few sentences (subject, greeting with and without the customer's
name, the main sentence, how to reach the replacement with and without a contact line, the
closing) with a handful of named placeholders such as ``{replacement_first_name}``. The
generator chooses the greeting and the reach sentence, writes "until further notice" when the
period shows no end date, and adds the sentence about the original agent that the period's
``mention`` setting allows (never a reason: domain.md rule 1). The plain-text body and the
HTML body (escaped, one ``<p>`` per paragraph, ``<br>`` per line break) are made from the same
paragraphs, so the two can never say different things.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from connector.domain.privacy import Finding, Policy, guard

#: The fields, in the order they appear in the notice (subject first).
FIELDS = (
    "subject",
    "greeting",
    "greeting_no_name",
    "main",
    "reach",
    "reach_no_contact",
    "closing",
)
REQUIRED_FIELDS = frozenset({"subject", "greeting_no_name", "main", "closing"})
MAX_FIELD_CHARS = 2_000

#: Placeholder → the notice variable it shows (``until`` and ``usual_contact`` are made by
#: the generator).
VARIABLE_OF: dict[str, str] = {
    "customer_name": "customer_name",
    "replacement_first_name": "replacement_first_name",
    "replacement_name": "replacement_name",
    "usual_contact": "original_agent_first_name",
    "start": "start_date",
    "until": "end_date",
    "contact": "replacement_contact",
    "company": "company",
}
#: The placeholders each kind of notice may use. The hand-back notice names nobody but the
#: usual contact (and only as the period allows): no replacement, no end date.
PLACEHOLDERS_BY_KIND: dict[str, tuple[str, ...]] = {
    "notice": (
        "customer_name",
        "replacement_first_name",
        "replacement_name",
        "start",
        "until",
        "contact",
        "company",
    ),
    "handback": ("customer_name", "usual_contact", "start", "contact", "company"),
}
#: The notice's placeholders (kept for callers of before).
PLACEHOLDERS: dict[str, str] = {p: VARIABLE_OF[p] for p in PLACEHOLDERS_BY_KIND["notice"]}

#: ``{usual_contact}`` when the period does not allow naming the employee (or no name is
#: known), per language and formality: never a name, never a reason.
USUAL_CONTACT: dict[tuple[str, str], str] = {
    ("nl", "formal"): "uw vaste contactpersoon",
    ("nl", "informal"): "je vaste contactpersoon",
    ("fr", "formal"): "votre interlocuteur habituel",
    ("fr", "informal"): "ton interlocuteur habituel",
    ("de", "formal"): "Ihre gewohnte Ansprechperson",
    ("de", "informal"): "deine gewohnte Ansprechperson",
    ("en", "formal"): "the person who usually helps you",
    ("en", "informal"): "the person who usually helps you",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")

#: "until <end date>" and "until further notice", per language.
UNTIL: dict[str, tuple[str, str]] = {
    "nl": ("tot en met {date}", "tot nader bericht"),
    "fr": ("jusqu'au {date} inclus", "jusqu'à nouvel ordre"),
    "de": ("bis einschließlich {date}", "bis auf Weiteres"),
    "en": ("until {date}", "until further notice"),
}

#: The only two things a notice may say about the original agent (rule 1), per language and
#: formality; which one is the period's ``mention`` setting, agreed with the employee.
MENTION_SENTENCES: dict[tuple[str, str], dict[str, str]] = {
    ("nl", "formal"): {
        "unavailable": "{name} is tijdelijk niet beschikbaar.",
        "still_works": "{name} werkt nog steeds aan uw dossier; voor contact help ik u voorlopig.",
    },
    ("nl", "informal"): {
        "unavailable": "{name} is tijdelijk niet beschikbaar.",
        "still_works": "{name} werkt nog steeds aan je dossier; voor contact help ik je voorlopig.",
    },
    ("fr", "formal"): {
        "unavailable": "{name} est temporairement indisponible.",
        "still_works": "{name} continue de suivre votre dossier ; pour tout contact, "
        "je vous aide pour le moment.",
    },
    ("fr", "informal"): {
        "unavailable": "{name} est temporairement indisponible.",
        "still_works": "{name} continue de suivre ton dossier ; pour tout contact, "
        "je t'aide pour le moment.",
    },
    ("de", "formal"): {
        "unavailable": "{name} ist vorübergehend nicht erreichbar.",
        "still_works": "{name} arbeitet weiterhin an Ihrem Anliegen; für den Kontakt bin ich "
        "vorerst für Sie da.",
    },
    ("de", "informal"): {
        "unavailable": "{name} ist vorübergehend nicht erreichbar.",
        "still_works": "{name} arbeitet weiterhin an deinem Anliegen; für den Kontakt bin ich "
        "vorerst für dich da.",
    },
    ("en", "formal"): {
        "unavailable": "{name} is temporarily not available.",
        "still_works": "{name} still works on your account; for contact, I am here to help "
        "you for now.",
    },
    ("en", "informal"): {
        "unavailable": "{name} is temporarily not available.",
        "still_works": "{name} still works on your account; for contact, I'm here to help "
        "you for now.",
    },
}


def field_problems(fields: Mapping[str, object], kind: str = "notice") -> dict[str, list[str]]:
    """What is wrong with the fields themselves, per field (empty when nothing is): a
    required field left empty, an unknown field or placeholder (for this ``kind`` of notice),
    a stray brace, too long."""
    allowed = PLACEHOLDERS_BY_KIND.get(kind, PLACEHOLDERS_BY_KIND["notice"])
    problems: dict[str, list[str]] = {}
    for name in fields:
        if name not in FIELDS:
            problems.setdefault(name, []).append("not a notice field")
    for name in FIELDS:
        value = fields.get(name) or ""
        if not isinstance(value, str):
            problems.setdefault(name, []).append("must be text")
            continue
        if name in REQUIRED_FIELDS and not value.strip():
            problems.setdefault(name, []).append("required")
        if len(value) > MAX_FIELD_CHARS:
            problems.setdefault(name, []).append(f"longer than {MAX_FIELD_CHARS} characters")
        if name == "subject" and "\n" in value.strip():
            problems.setdefault(name, []).append("must be one line")
        unknown = sorted({m for m in _PLACEHOLDER.findall(value) if m not in allowed})
        if unknown:
            problems.setdefault(name, []).append(
                "unknown placeholder "
                + ", ".join("{" + u + "}" for u in unknown)
                + "; use "
                + ", ".join("{" + p + "}" for p in allowed)
            )
        elif "{" in _PLACEHOLDER.sub("", value) or "}" in _PLACEHOLDER.sub("", value):
            problems.setdefault(name, []).append(
                "a brace { or } only as part of a placeholder such as {customer_name}"
            )
    return problems


_CAPITALISED = frozenset({"usual_contact"})
_SENTENCE_START = re.compile(r"(?:^|\n|[.!?]\s+)$")


def _fill(source: str, values: Mapping[str, str]) -> str:
    """``source`` with its placeholders filled in; "your usual contact" starts with a capital
    where it starts a sentence or a line (a name is left as written)."""

    def one(m: re.Match[str]) -> str:
        value = values.get(m.group(1), "")
        if m.group(1) in _CAPITALISED and value and _SENTENCE_START.search(source[: m.start()]):
            return value[0].upper() + value[1:]
        return value

    return _PLACEHOLDER.sub(one, source)


def _placeholder_values(
    context: Mapping[str, object], lang: str, variant: str = "formal"
) -> dict[str, str]:
    """Each placeholder's text for this notice (``context``: the notice's variables, dates
    already written in ``lang``)."""
    out = {p: str(context.get(v) or "") for p, v in VARIABLE_OF.items()}
    with_date, open_ended = UNTIL[lang]
    end = context.get("end_date")
    out["until"] = with_date.format(date=end) if end else open_ended
    out["usual_contact"] = out["usual_contact"] or USUAL_CONTACT[(lang, variant)]
    return out


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split on blank lines) of non-empty lines: a line a missing value left
    empty (``{company}`` without a company) disappears."""
    out: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append(lines)
    return out


def compose(
    fields: Mapping[str, str],
    context: Mapping[str, object],
    lang: str,
    variant: str,
    kind: str = "notice",
) -> tuple[str, str, str]:
    """The notice's subject, plain-text body and HTML body from ``fields``.

    ``context``: the notice's variables (dates written in ``lang``); ``original_agent_first_name``
    and ``mention`` are present only when the period allows naming the original agent. The
    notice adds the mention sentence about them; the hand-back names them through
    ``{usual_contact}`` ("your usual contact" when they may not be named).
    """
    values = _placeholder_values(context, lang, variant)
    greeting = fields.get("greeting") or "" if context.get("customer_name") else ""
    greeting = greeting or fields.get("greeting_no_name") or ""
    main = _fill(fields.get("main") or "", values).strip()
    agent, mention = context.get("original_agent_first_name"), context.get("mention")
    if agent and kind == "notice":  # only when the period allows it; "unavailable" by default
        sentences = MENTION_SENTENCES[(lang, variant)]
        sentence = sentences.get(str(mention or "unavailable"), sentences["unavailable"])
        main = f"{main} {sentence.format(name=agent)}".strip()
    reach = fields.get("reach") or "" if context.get("replacement_contact") else ""
    reach = reach or fields.get("reach_no_contact") or ""
    paragraphs: list[list[str]] = []
    for part in (_fill(greeting, values), main, _fill(reach, values)):
        paragraphs.extend(_paragraphs(part))
    paragraphs.extend(_paragraphs(_fill(fields.get("closing") or "", values)))
    text = "\n\n".join("\n".join(lines) for lines in paragraphs)
    body = "\n".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in lines) + "</p>"
        for lines in paragraphs
    )
    subject = " ".join(_fill(fields.get("subject") or "", values).split())
    return subject, text, body


def field_findings(
    fields: Mapping[str, str],
    sample: Mapping[str, object],
    lang: str,
    *,
    names: Iterable[str] = (),
    allowed_dates: Iterable[object] = (),
    variant: str = "formal",
) -> dict[str, list[Finding]]:
    """The privacy guard's refusals per field (rule 1): each field as written (a literal date
    there is never allowed) and filled in with ``sample`` values."""
    known = tuple(names)
    dates = tuple(allowed_dates)
    values = _placeholder_values(sample, lang, variant)
    out: dict[str, list[Finding]] = {}
    for name in FIELDS:
        source = fields.get(name) or ""
        if not source.strip():
            continue
        found: list[Finding] = []
        for text, allowed in ((source, ()), (_fill(source, values), dates)):
            for finding in guard(
                text,
                Policy.NOTICE,
                names=known,
                allowed_dates=allowed,  # type: ignore[arg-type]
                strict_dates=True,
            ):
                if finding.text not in {f.text for f in found}:
                    found.append(finding)
        if found:
            out[name] = found
    return out
