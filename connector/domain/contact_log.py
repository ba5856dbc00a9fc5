"""Contact-log entries for the HR file (domain.md: "A contact-log entry", hard rules 2-6).

Pure: dataclasses, fixed lists, validation, redaction and the privacy lint of the free-text
fields. No I/O; the clock is an argument. Entries are append-only: a correction is a new entry
whose ``supersedes_id`` names the entry it replaces.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from connector.domain.messages import N_, Msg
from connector.domain.privacy import Finding, Policy, guard
from connector.errors import ValidationFailed

SUMMARY_MAX = 1000
SHORT_TEXT_MAX = 500
REDACTED = "[redacted]"
AUTOMATIC_AUTHOR = N_("Stand-in (automatic)")
AUTOMATIC_FUNCTION = N_("connector")


class ReadVia(enum.StrEnum):
    """How a person read contact-log entries (the access log's ``via``)."""

    API = "api"
    PAGE = "page"
    EXPORT = "export"


@dataclass(frozen=True)
class Read:
    """One read of contact-log entries by a person (the access log)."""

    at: dt.datetime
    actor: str
    via: ReadVia
    helpdesk: str
    employee_email: str
    entry_ids: tuple[str, ...]


class Channel(enum.StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    EMAIL = "email"
    LETTER = "letter"
    CHAT = "chat"
    HOME_VISIT = "home_visit"


class Initiative(enum.StrEnum):
    EMPLOYER = "employer"
    EMPLOYEE = "employee"
    OTHER = "other"


class Outcome(enum.StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    DECLINED = "declined"
    RESCHEDULED = "rescheduled"


class Purpose(enum.StrEnum):
    WELL_BEING_CHECK_IN = "well_being_check_in"
    RETURN_PLANNING = "return_planning"
    REASSIGNMENT_INFORMATION = "reassignment_information"
    PLAN_EVALUATION = "plan_evaluation"
    PRACTICAL_ARRANGEMENT = "practical_arrangement"
    AGREEMENT_FOLLOW_UP = "agreement_follow_up"
    OTHER = "other"


class Stance(enum.StrEnum):
    AGREES = "agrees"
    DISAGREES = "disagrees"
    NOT_DISCUSSED = "not_discussed"


class Role(enum.StrEnum):
    EMPLOYEE = "employee"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"
    HR = "hr"
    COLLEAGUE = "colleague"
    REPLACEMENT = "replacement"
    REPRESENTATIVE = "representative"  # a trusted person or works-council member
    OTHER = "other"


class Source(enum.StrEnum):
    API = "api"
    HELPDESK_NOTE = "helpdesk_note"
    AUTOMATIC = "automatic"


@dataclass(frozen=True)
class Participant:
    role: Role
    name: str = ""


@dataclass(frozen=True)
class Agreement:
    what: str
    who: str
    by_when: dt.date | None = None


@dataclass(frozen=True)
class EmployeeView:
    stance: Stance = Stance.NOT_DISCUSSED
    own_words: str = ""


@dataclass(frozen=True)
class NextContact:
    date: dt.date
    channel: Channel
    by_whom: str = ""


@dataclass(frozen=True)
class MayTell:
    """What may be told to colleagues and to customers (never a reason; rule 1 applies)."""

    colleagues: str = ""
    customers: str = ""


@dataclass(frozen=True)
class ContactEntry:
    id: str
    helpdesk: str
    employee_email: str
    employee_name: str
    period_id: int | None
    contact_at: dt.datetime
    recorded_at: dt.datetime
    author_name: str
    author_function: str
    channel: Channel | None
    initiative: Initiative | None
    outcome: Outcome | None
    purpose: Purpose
    summary: str
    participants: tuple[Participant, ...] = ()
    topics: tuple[Purpose, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    employee_view: EmployeeView = field(default_factory=EmployeeView)
    next_contact: NextContact | None = None
    may_tell: MayTell = field(default_factory=MayTell)
    supersedes_id: str | None = None
    source: Source = Source.API
    source_ref: str | None = None
    created_by: str = ""

    @property
    def is_automatic(self) -> bool:
        return self.source is Source.AUTOMATIC


# --- free text: which fields, redaction, lint ------------------------------------------


def text_fields(entry: ContactEntry) -> dict[str, str]:
    """Every free-text field by its API name (``agreements.0.what``); these are linted."""
    out = {"summary": entry.summary}
    for i, a in enumerate(entry.agreements):
        out[f"agreements.{i}.what"] = a.what
        out[f"agreements.{i}.who"] = a.who
    out["employee_view.own_words"] = entry.employee_view.own_words
    out["may_tell.colleagues"] = entry.may_tell.colleagues
    out["may_tell.customers"] = entry.may_tell.customers
    if entry.next_contact is not None:
        out["next_contact.by_whom"] = entry.next_contact.by_whom
    for i, p in enumerate(entry.participants):
        out[f"participants.{i}.name"] = p.name
    return {k: v for k, v in out.items() if v}


def entry_names(entry: ContactEntry) -> tuple[str, ...]:
    """The people an entry names (employee, author, participants, who agreed, who calls next):
    the guard never judges them as words (a colleague called Sickinger is not a diagnosis)."""
    names = [entry.employee_name, entry.author_name]
    names.extend(p.name for p in entry.participants)
    names.extend(a.who for a in entry.agreements)
    if entry.next_contact is not None:
        names.append(entry.next_contact.by_whom)
    return tuple(n for n in names if n)


def guard_entry(entry: ContactEntry, names: Iterable[str] = ()) -> dict[str, list[Finding]]:
    """The guard's findings per free-text field: the HR policy (rule 2), and for what may be
    told to colleagues and customers the notice policy (rule 1); empty when all is clean."""
    known = (*entry_names(entry), *names)
    found: dict[str, list[Finding]] = {}
    for name, text in text_fields(entry).items():
        if name.startswith("may_tell."):
            # What colleagues and customers may be told is a notice in all but name: rule 1
            # (no reason, no hint), dates aside (that is what the field is for).
            findings = guard(text, Policy.NOTICE, names=known, dates=False)
        else:
            findings = guard(text, Policy.HR, names=known)
        if findings:
            found[name] = findings
    return found


def lint_entry(entry: ContactEntry, names: Iterable[str] = ()) -> dict[str, list[str]]:
    """Medical information per field (rule 2), as messages; empty when the entry is clean."""
    return {
        field_name: [f"not allowed in the HR file: {w}" for w in dict.fromkeys(f.text for f in fs)]
        for field_name, fs in guard_entry(entry, names).items()
    }


def check_entry(entry: ContactEntry, names: Iterable[str] = ()) -> None:
    """Raise ``ValidationFailed`` naming each field and the words that must go."""
    found = guard_entry(entry, names)
    if found:
        refused = ValidationFailed(
            {
                field_name: [
                    f"not allowed in the HR file: {w}" for w in dict.fromkeys(f.text for f in fs)
                ]
                for field_name, fs in found.items()
            },
            "the HR file must not contain medical information (rule 2)",
        )
        refused.findings = dict(found)
        raise refused


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])", re.UNICODE)
# International (+31 6 1234 5678, 0032 470 12 34 56, +49 (0)30 1234567) and national
# (06-12345678, 020 123 4567, 0470/12.34.56, 030 1234567, 01 23 45 67 89) numbers.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[\s./-]?(?:\(0\)[\s./-]?)?|\(?0)\d{1,4}\)?"
    r"(?:[\s./-]?\d){5,10}(?![\w])"
)
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")
_TIME_LIKE = re.compile(r"\d{1,2}:\d{2}")


def _phone_sub(match: re.Match[str]) -> str:
    text = match.group()
    if _DATE_LIKE.match(text) or _TIME_LIKE.search(text):
        return text  # 01-12-2026 is a date, not a number
    digits = sum(ch.isdigit() for ch in text)
    return REDACTED if 8 <= digits <= 15 else text


def redact(text: str, known_names: Iterable[str] = ()) -> str:
    """Remove customer data (rule 5): e-mail addresses, phone numbers, known customer names.

    A known name is matched as a whole, case-insensitively, with any spacing; its first word
    alone is removed too when it is at least three letters long ("Daan de Vries", "Daan").
    """
    if not text:
        return text
    out = _EMAIL.sub(REDACTED, text)
    out = _PHONE.sub(_phone_sub, out)
    patterns: list[str] = []
    for name in known_names:
        words = [w for w in name.split() if w]
        if not words:
            continue
        patterns.append(r"\s+".join(re.escape(w) for w in words))
        if len(words) > 1 and len(words[0]) >= 3:
            patterns.append(re.escape(words[0]))
    for pattern in sorted(set(patterns), key=len, reverse=True):
        out = re.sub(rf"(?<!\w){pattern}(?!\w)", REDACTED, out, flags=re.IGNORECASE)
    return out


def redact_entry(entry: ContactEntry, known_names: Iterable[str] = ()) -> ContactEntry:
    """The entry with every customer-facing free-text field redacted."""
    from dataclasses import replace

    names = list(known_names)

    def r(text: str) -> str:
        return redact(text, names)

    return replace(
        entry,
        summary=r(entry.summary),
        agreements=tuple(replace(a, what=r(a.what), who=r(a.who)) for a in entry.agreements),
        employee_view=replace(entry.employee_view, own_words=r(entry.employee_view.own_words)),
        may_tell=MayTell(r(entry.may_tell.colleagues), r(entry.may_tell.customers)),
    )


# --- building from plain data (API and note capture share this) -------------------------


def _enum(cls: type[enum.StrEnum], value: Any, name: str, errors: dict[str, list[str]]) -> Any:
    try:
        return cls(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        errors.setdefault(name, []).append(
            Msg("%(value)s is not one of: %(choices)s", value=repr(value), choices=allowed)
        )
        return None


def _date(value: Any, name: str, errors: dict[str, list[str]]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(
            Msg("not a date (YYYY-MM-DD): %(value)s", value=repr(value))
        )
        return None


def _text(
    data: Mapping[str, Any], key: str, name: str, limit: int, errors: dict[str, list[str]]
) -> str:
    value = data.get(key)
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        errors.setdefault(name, []).append(
            Msg("at most %(limit)s characters (got %(got)s)", limit=limit, got=len(text))
        )
    return text


def build_entry(
    data: Mapping[str, Any],
    *,
    entry_id: str,
    helpdesk: str,
    employee_email: str,
    employee_name: str,
    period_id: int | None,
    recorded_at: dt.datetime,
    source: Source = Source.API,
    source_ref: str | None = None,
    created_by: str = "",
) -> ContactEntry:
    """Validate plain data into an entry; ``ValidationFailed`` lists every problem by field.

    ``data`` uses the API's names: contact_at (aware datetime), author {name, function},
    channel, initiative, outcome, purpose, topics, summary, participants [{role, name}],
    agreements [{what, who, by_when}], employee_view {stance, own_words},
    next_contact {date, channel, by_whom}, may_tell {colleagues, customers}, supersedes_id.
    """
    errors: dict[str, list[str]] = {}
    automatic = source is Source.AUTOMATIC
    contact_at = data.get("contact_at") or recorded_at
    if not isinstance(contact_at, dt.datetime) or contact_at.tzinfo is None:
        errors.setdefault("contact_at", []).append(N_("must be a date-time with a time zone"))
        contact_at = recorded_at
    elif contact_at > recorded_at + dt.timedelta(minutes=5):
        errors.setdefault("contact_at", []).append(N_("must not be in the future"))
    author = data.get("author") or {}
    author_name = _text(author, "name", "author.name", 200, errors)
    author_function = _text(author, "function", "author.function", 200, errors)
    if not author_name:
        errors.setdefault("author.name", []).append(N_("required: who wrote this entry"))
    if not author_function:
        errors.setdefault("author.function", []).append(N_("required: the author's function"))
    enums: dict[str, Any] = {}
    for key, cls in (("channel", Channel), ("initiative", Initiative), ("outcome", Outcome)):
        value = data.get(key)
        if value in (None, ""):
            if key == "initiative" and not automatic:
                enums[key] = Initiative.EMPLOYER
            elif not automatic:
                errors.setdefault(key, []).append(N_("required"))
            continue
        enums[key] = _enum(cls, value, key, errors)
    purpose = _enum(Purpose, data.get("purpose") or "", "purpose", errors)
    topics = tuple(
        t
        for i, raw in enumerate(data.get("topics") or ())
        if (t := _enum(Purpose, raw, f"topics.{i}", errors)) is not None
    )
    summary = _text(data, "summary", "summary", SUMMARY_MAX, errors)
    if not summary:
        errors.setdefault("summary", []).append(N_("required: a short factual summary"))
    participants: list[Participant] = []
    for i, p in enumerate(data.get("participants") or ()):
        role = _enum(Role, (p or {}).get("role") or "", f"participants.{i}.role", errors)
        name = _text(p or {}, "name", f"participants.{i}.name", 200, errors)
        if role is not None:
            participants.append(Participant(role, name))
    agreements: list[Agreement] = []
    for i, a in enumerate(data.get("agreements") or ()):
        what = _text(a or {}, "what", f"agreements.{i}.what", SHORT_TEXT_MAX, errors)
        who = _text(a or {}, "who", f"agreements.{i}.who", 200, errors)
        if not what:
            errors.setdefault(f"agreements.{i}.what", []).append(N_("required"))
        if not who:
            errors.setdefault(f"agreements.{i}.who", []).append(N_("required: who does it"))
        by_when = _date((a or {}).get("by_when"), f"agreements.{i}.by_when", errors)
        agreements.append(Agreement(what, who, by_when))
    view_raw = data.get("employee_view") or {}
    stance = _enum(
        Stance, view_raw.get("stance") or "not_discussed", "employee_view.stance", errors
    )
    own_words = _text(view_raw, "own_words", "employee_view.own_words", SHORT_TEXT_MAX, errors)
    next_contact = None
    nxt = data.get("next_contact")
    if nxt:
        day = _date(nxt.get("date"), "next_contact.date", errors)
        channel = _enum(Channel, nxt.get("channel") or "", "next_contact.channel", errors)
        by_whom = _text(nxt, "by_whom", "next_contact.by_whom", 200, errors)
        if day is None and "next_contact.date" not in errors:
            errors.setdefault("next_contact.date", []).append(N_("required"))
        elif day is not None and day < contact_at.date():
            errors.setdefault("next_contact.date", []).append(N_("must not be before the contact"))
        if day is not None and channel is not None:
            next_contact = NextContact(day, channel, by_whom)
    tell = data.get("may_tell") or {}
    may_tell = MayTell(
        _text(tell, "colleagues", "may_tell.colleagues", SHORT_TEXT_MAX, errors),
        _text(tell, "customers", "may_tell.customers", SHORT_TEXT_MAX, errors),
    )
    if errors:
        raise ValidationFailed(errors)
    return ContactEntry(
        id=entry_id,
        helpdesk=helpdesk,
        employee_email=employee_email.lower(),
        employee_name=employee_name,
        period_id=period_id,
        contact_at=contact_at.astimezone(dt.UTC),
        recorded_at=recorded_at,
        author_name=author_name,
        author_function=author_function,
        channel=enums.get("channel"),
        initiative=enums.get("initiative"),
        outcome=enums.get("outcome"),
        purpose=purpose,
        summary=summary,
        participants=tuple(participants),
        topics=topics,
        agreements=tuple(agreements),
        employee_view=EmployeeView(stance or Stance.NOT_DISCUSSED, own_words),
        next_contact=next_contact,
        may_tell=may_tell,
        supersedes_id=data.get("supersedes_id") or None,
        source=source,
        source_ref=source_ref,
        created_by=created_by,
    )


# --- serialisation (the stored form and the API's JSON) --------------------------------


def entry_to_dict(e: ContactEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "helpdesk": e.helpdesk,
        "employee": {"email": e.employee_email, "name": e.employee_name},
        "period_id": e.period_id,
        "contact_at": e.contact_at.isoformat(),
        "recorded_at": e.recorded_at.isoformat(),
        "author": {"name": e.author_name, "function": e.author_function},
        "participants": [{"role": p.role.value, "name": p.name} for p in e.participants],
        "channel": e.channel.value if e.channel else None,
        "initiative": e.initiative.value if e.initiative else None,
        "outcome": e.outcome.value if e.outcome else None,
        "purpose": e.purpose.value,
        "topics": [t.value for t in e.topics],
        "summary": e.summary,
        "agreements": [
            {
                "what": a.what,
                "who": a.who,
                "by_when": a.by_when.isoformat() if a.by_when else None,
            }
            for a in e.agreements
        ],
        "employee_view": {
            "stance": e.employee_view.stance.value,
            "own_words": e.employee_view.own_words,
        },
        "next_contact": (
            {
                "date": e.next_contact.date.isoformat(),
                "channel": e.next_contact.channel.value,
                "by_whom": e.next_contact.by_whom,
            }
            if e.next_contact
            else None
        ),
        "may_tell": {"colleagues": e.may_tell.colleagues, "customers": e.may_tell.customers},
        "supersedes_id": e.supersedes_id,
        "source": e.source.value,
        "source_ref": e.source_ref,
        "created_by": e.created_by,
    }


def entry_from_dict(d: Mapping[str, Any]) -> ContactEntry:
    """The inverse of ``entry_to_dict`` for stored entries (already validated once)."""

    def day(v: Any) -> dt.date | None:
        return dt.date.fromisoformat(v) if v else None

    nxt = d.get("next_contact")
    return ContactEntry(
        id=d["id"],
        helpdesk=d["helpdesk"],
        employee_email=d["employee"]["email"],
        employee_name=d["employee"]["name"],
        period_id=d.get("period_id"),
        contact_at=dt.datetime.fromisoformat(d["contact_at"]),
        recorded_at=dt.datetime.fromisoformat(d["recorded_at"]),
        author_name=d["author"]["name"],
        author_function=d["author"]["function"],
        channel=Channel(d["channel"]) if d.get("channel") else None,
        initiative=Initiative(d["initiative"]) if d.get("initiative") else None,
        outcome=Outcome(d["outcome"]) if d.get("outcome") else None,
        purpose=Purpose(d["purpose"]),
        summary=d["summary"],
        participants=tuple(Participant(Role(p["role"]), p["name"]) for p in d["participants"]),
        topics=tuple(Purpose(t) for t in d["topics"]),
        agreements=tuple(
            Agreement(a["what"], a["who"], day(a.get("by_when"))) for a in d["agreements"]
        ),
        employee_view=EmployeeView(
            Stance(d["employee_view"]["stance"]), d["employee_view"]["own_words"]
        ),
        next_contact=(
            NextContact(dt.date.fromisoformat(nxt["date"]), Channel(nxt["channel"]), nxt["by_whom"])
            if nxt
            else None
        ),
        may_tell=MayTell(d["may_tell"]["colleagues"], d["may_tell"]["customers"]),
        supersedes_id=d.get("supersedes_id"),
        source=Source(d["source"]),
        source_ref=d.get("source_ref"),
        created_by=d.get("created_by", ""),
    )


@dataclass(frozen=True)
class HrDocument:
    """An entry as the HR file gets it: a one-page PDF and its plain-text twin."""

    entry: ContactEntry
    day: str  # the contact's date in the helpdesk's time zone
    title: str
    file_name: str
    text: str
    pdf: bytes


#: English labels (msgids) of the enumerations above, said in the reader's language by the
#: page and the exports. The options themselves always come from the enums; a value without
#: a label here is shown as itself.
ENUM_LABELS: dict[str, dict[str, str]] = {
    "Channel": {
        "phone": N_("Phone"),
        "video": N_("Video call"),
        "in_person": N_("In person"),
        "email": N_("E-mail"),
        "letter": N_("Letter"),
        "chat": N_("Chat"),
        "home_visit": N_("Home visit"),
    },
    "Initiative": {
        "employer": N_("Employer"),
        "employee": N_("Employee"),
        "other": N_("Someone else"),
    },
    "Outcome": {
        "reached": N_("Reached"),
        "no_answer": N_("No answer"),
        "voicemail": N_("Voicemail left"),
        "declined": N_("Declined"),
        "rescheduled": N_("Rescheduled"),
    },
    "Purpose": {
        "well_being_check_in": N_("Well-being check-in"),
        "return_planning": N_("Return planning"),
        "reassignment_information": N_("Reassignment information"),
        "plan_evaluation": N_("Plan evaluation"),
        "practical_arrangement": N_("Practical arrangement"),
        "agreement_follow_up": N_("Follow-up of agreements"),
        "other": N_("Other"),
    },
    "Stance": {
        "agrees": N_("Agrees"),
        "disagrees": N_("Disagrees"),
        "not_discussed": N_("Not discussed"),
    },
    "Role": {
        "employee": N_("Employee"),
        "team_lead": N_("Team lead"),
        "manager": N_("Manager"),
        "hr": N_("HR"),
        "colleague": N_("Colleague"),
        "replacement": N_("Replacement"),
        "representative": N_("Trusted person or works council"),
        "other": N_("Other"),
    },
}
