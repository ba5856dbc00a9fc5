"""The small syntax team leads use to write a contact-log entry as an internal helpdesk note.

::

    #contactlog
    employee: anna@example.com
    channel: phone
    outcome: reached
    purpose: well_being_check_in
    topics: return_planning, practical_arrangement
    view: agrees
    agreement: Anna takes routine tickets first | Anna | 2026-12-01
    next: 2026-12-07 video Chris
    tell colleagues: Bob handles Anna's customers for now.

    Short factual summary of the contact, after one blank line.

The first line is the marker (configurable, ``hr.note_marker``). Header lines are
``key: value`` up to the first blank line; everything after it is the summary. Keys are
case-insensitive; ``agreement`` may repeat. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from connector.domain.messages import N_

DEFAULT_MARKER = "#contactlog"

KEYS = {
    "employee": "employee",
    "when": "when",
    "channel": "channel",
    "initiative": "initiative",
    "outcome": "outcome",
    "purpose": "purpose",
    "topics": "topics",
    "participants": "participants",
    "view": "view",
    "own words": "own_words",
    "words": "own_words",
    "agreement": "agreement",
    "next": "next",
    "tell colleagues": "tell_colleagues",
    "tell customers": "tell_customers",
    "function": "function",
    "supersedes": "supersedes",
}

SYNTAX_HELP = (
    "Write the note like this (one blank line before the summary):\n"
    "#contactlog\n"
    "employee: <the employee's e-mail>\n"
    "channel: phone | video | in_person | email | letter | chat | home_visit\n"
    "outcome: reached | no_answer | voicemail | declined | rescheduled\n"
    "purpose: well_being_check_in | return_planning | reassignment_information | "
    "plan_evaluation | practical_arrangement | agreement_follow_up | other\n"
    "view: agrees | disagrees | not_discussed   (optional)\n"
    "agreement: what | who | YYYY-MM-DD   (optional, may repeat)\n"
    "next: YYYY-MM-DD <channel> [by whom]   (optional)\n"
    "\n"
    "A short factual summary. No medical information, no customer names."
)


@dataclass
class ParsedNote:
    employee: str
    when: str | None
    data: dict[str, Any]
    problems: dict[str, list[str]] = field(default_factory=dict)


def starts_with_marker(body: str | None, marker: str = DEFAULT_MARKER) -> bool:
    if not body:
        return False
    first = body.lstrip().split("\n", 1)[0].strip()
    return first.lower() == marker.strip().lower()


_KEY_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$")


def parse_note(body: str, marker: str = DEFAULT_MARKER) -> ParsedNote:
    """Read a marked note. Problems are collected per key, not raised (the author is told)."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").lstrip().split("\n")
    problems: dict[str, list[str]] = {}
    if not lines or lines[0].strip().lower() != marker.strip().lower():
        problems.setdefault("marker", []).append(f"the first line must be {marker}")
    header: list[str] = []
    rest_at = len(lines)
    for i, line in enumerate(lines[1:], start=1):
        if not line.strip():
            rest_at = i + 1
            break
        header.append(line)
    summary = "\n".join(lines[rest_at:]).strip()
    values: dict[str, Any] = {"agreement": []}
    for line in header:
        m = _KEY_LINE.match(line)
        key = KEYS.get(m.group(1).lower()) if m else None
        if m is None or key is None:
            shown = line.strip()[:60]
            problems.setdefault("syntax", []).append(
                f"unknown line {shown!r} (lines are key: value; a blank line starts the summary)"
            )
            continue
        if key == "agreement":
            values["agreement"].append(m.group(2))
        elif key in values:
            problems.setdefault(key, []).append(f"{m.group(1)} is given twice")
        else:
            values[key] = m.group(2)
    employee = str(values.get("employee") or "").strip().lower()
    if not employee:
        problems.setdefault("employee", []).append(N_("add a line employee: <e-mail>"))
    data: dict[str, Any] = {
        "summary": summary,
        "channel": values.get("channel"),
        "initiative": values.get("initiative"),
        "outcome": values.get("outcome"),
        "purpose": values.get("purpose"),
        "topics": [t.strip() for t in str(values.get("topics") or "").split(",") if t.strip()],
        "employee_view": {"stance": values.get("view"), "own_words": values.get("own_words")},
        "may_tell": {
            "colleagues": values.get("tell_colleagues"),
            "customers": values.get("tell_customers"),
        },
        "supersedes_id": (values.get("supersedes") or "").strip() or None,
    }
    if values.get("function"):
        data["author_function"] = values["function"]
    if values.get("participants"):
        data["participants"] = _participants(values["participants"])
    agreements = []
    for i, raw in enumerate(values["agreement"]):
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) not in (2, 3):
            problems.setdefault(f"agreements.{i}", []).append(
                N_("write agreement: what | who | YYYY-MM-DD (the date is optional)")
            )
            continue
        agreements.append(
            {"what": parts[0], "who": parts[1], "by_when": parts[2] if len(parts) == 3 else None}
        )
    data["agreements"] = agreements
    if values.get("next"):
        words = str(values["next"]).split(None, 2)
        if len(words) < 2:
            problems.setdefault("next_contact", []).append(
                N_("write next: YYYY-MM-DD <channel> [by whom]")
            )
        else:
            data["next_contact"] = {
                "date": words[0],
                "channel": words[1],
                "by_whom": words[2] if len(words) > 2 else "",
            }
    return ParsedNote(employee, values.get("when"), data, problems)


def _participants(raw: str) -> list[dict[str, str]]:
    """``employee, hr (Mila Jansen)`` → roles with optional names."""
    out = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"^([\w ]+?)\s*(?:\((.*)\))?$", part)
        role, name = (m.group(1), m.group(2) or "") if m else (part, "")
        out.append({"role": role.strip().replace(" ", "_"), "name": name.strip()})
    return out
