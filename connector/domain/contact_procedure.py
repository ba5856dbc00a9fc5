"""The contact procedure (issue 21, item 4): how contact with the employee goes in a period.

Belgian practice of re-integration: at the start of a period the team lead records who makes
contact, how often, through which channel, what is and is not discussed, and the employee's
wish for less contact for a while with the date to check in again. Contact is never a check
on the employee; the worker may decline.

Pure: a value object, its validation and the rule ``next_contact_due`` (the clock and the
period's time zone are arguments). The two short texts are HR-file data: the privacy guard's
HR policy applies (no medical information, rule 2).

Which contact-log entries count as a contact made (``counts_as_contact``): every entry a
person wrote (from the API, the page or a helpdesk note), whatever its outcome, that no later
entry corrects. An attempt that reached no one still counts: the procedure asks the lead to
note how the planned check-in went, and chasing again after "no answer" would be pressure.
Automatic entries (period facts, weekly summaries, this procedure's own agreement) never
count. When the latest contact names a next contact date, that date is the next one due
instead of the interval.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from connector.domain.contact_log import Channel, ContactEntry
from connector.domain.privacy import Finding, Policy, guard
from connector.errors import ValidationFailed

TEXT_MAX = 300  # two texts and the framing stay within a contact-log summary (1000)
NAME_MAX = 100
EVERY_MAX = 52

#: The channels a procedure may agree on (a subset of the contact log's).
CHANNELS = (Channel.PHONE, Channel.VIDEO, Channel.EMAIL, Channel.IN_PERSON)


class Unit(enum.StrEnum):
    DAYS = "days"
    WEEKS = "weeks"


class DueState(enum.StrEnum):
    DUE = "due"  # the next contact is due on ``date`` (today or later)
    OVERDUE = "overdue"  # it was planned for ``date``, in the past: a kind note, no alarm
    PAUSED = "paused"  # the employee asked for less contact; check in again on ``date``
    NONE = "none"  # no procedure agreed


@dataclass(frozen=True)
class ContactProcedure:
    """What was agreed; ``agreed_on`` is the local day it was (last) agreed. An empty
    ``by_whom`` is the team lead (whoever leads the period), the default."""

    by_whom: str
    every: int
    unit: Unit
    channel: Channel
    agreed_on: dt.date
    discussed: str = ""
    not_discussed: str = ""
    less_contact: bool = False
    check_in_on: dt.date | None = None

    @property
    def interval(self) -> dt.timedelta:
        return dt.timedelta(days=self.every * (7 if self.unit is Unit.WEEKS else 1))


@dataclass(frozen=True)
class ContactDue:
    """The typed decision: the state, its date, and who contacts the employee through what."""

    state: DueState
    date: dt.date | None = None
    by_whom: str = ""
    channel: Channel | None = None


NO_PROCEDURE = ContactDue(DueState.NONE)


def counts_as_contact(entry: ContactEntry, corrected: set[str]) -> bool:
    """A contact made: written by a person and not corrected by a later entry."""
    return not entry.is_automatic and entry.id not in corrected


def next_contact_due(
    procedure: ContactProcedure | None,
    contacts: Iterable[ContactEntry],
    today: dt.date,
    tz: ZoneInfo,
) -> ContactDue:
    """When the next contact is due on ``today`` (a local day in ``tz``)."""
    if procedure is None:
        return NO_PROCEDURE
    entries = list(contacts)
    corrected = {e.supersedes_id for e in entries if e.supersedes_id}
    made = [e for e in entries if counts_as_contact(e, corrected)]
    last = max(made, key=lambda e: e.contact_at, default=None)
    last_day = last.contact_at.astimezone(tz).date() if last is not None else None
    if last is not None and last_day is not None and last_day >= procedure.agreed_on:
        due = last.next_contact.date if last.next_contact else last_day + procedure.interval
    else:
        due = procedure.agreed_on + procedure.interval
    if procedure.less_contact and procedure.check_in_on is not None:
        if today < procedure.check_in_on:
            return ContactDue(
                DueState.PAUSED, procedure.check_in_on, procedure.by_whom, procedure.channel
            )
        if last_day is None or last_day < procedure.check_in_on:
            due = procedure.check_in_on
    state = DueState.DUE if due >= today else DueState.OVERDUE
    return ContactDue(state, due, procedure.by_whom, procedure.channel)


# --- building from plain data (the API and the page share this) ------------------------------


def _date(value: Any, name: str, errors: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(f"not a date (YYYY-MM-DD): {value!r}")
        return None


def _text(data: Mapping[str, Any], key: str, limit: int, errors: dict[str, list[str]]) -> str:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        errors.setdefault(key, []).append("must be text")
        return ""
    text = (value or "").strip()
    if len(text) > limit:
        errors.setdefault(key, []).append(f"at most {limit} characters (got {len(text)})")
    return text


def build_procedure(
    data: Mapping[str, Any], *, today: dt.date, default_by_whom: str
) -> ContactProcedure:
    """Validate plain data (the API's names); ``ValidationFailed`` names every bad field.

    ``by_whom`` (default: ``default_by_whom``; empty means "the team lead"), ``every``
    (1 to 52), ``unit`` (days, weeks), ``channel`` (phone, video, email, in_person),
    ``discussed``, ``not_discussed``, ``less_contact`` and ``check_in_on`` (required with
    ``less_contact``; not before ``today``).
    """
    errors: dict[str, list[str]] = {}
    by_whom = _text(data, "by_whom", NAME_MAX, errors) or default_by_whom.strip()[:NAME_MAX]
    every = data.get("every")
    if isinstance(every, bool) or not isinstance(every, int):
        errors["every"] = ["required: a whole number of days or weeks"]
        every = 1
    elif not 1 <= every <= EVERY_MAX:
        errors["every"] = [f"must be from 1 to {EVERY_MAX}"]
    try:
        unit = Unit(str(data.get("unit") or "").strip().lower())
    except ValueError:
        errors["unit"] = ["must be one of: days, weeks"]
        unit = Unit.WEEKS
    allowed = ", ".join(c.value for c in CHANNELS)
    try:
        channel = Channel(str(data.get("channel") or "").strip().lower())
    except ValueError:
        channel = Channel.PHONE
        errors["channel"] = [f"must be one of: {allowed}"]
    if channel not in CHANNELS and "channel" not in errors:
        errors["channel"] = [f"must be one of: {allowed}"]
    discussed = _text(data, "discussed", TEXT_MAX, errors)
    not_discussed = _text(data, "not_discussed", TEXT_MAX, errors)
    less_contact = data.get("less_contact", False)
    if not isinstance(less_contact, bool):
        errors["less_contact"] = ["must be true or false"]
        less_contact = False
    check_in_on = _date(data.get("check_in_on"), "check_in_on", errors)
    if check_in_on is not None and check_in_on < today:
        errors["check_in_on"] = [f"must not be before today ({today.isoformat()})"]
    if less_contact and check_in_on is None and "check_in_on" not in errors:
        errors["check_in_on"] = ["required with less_contact: the date to check in again"]
    if errors:
        raise ValidationFailed(errors)
    return ContactProcedure(
        by_whom=by_whom,
        every=every,
        unit=unit,
        channel=channel,
        agreed_on=today,
        discussed=discussed,
        not_discussed=not_discussed,
        less_contact=less_contact,
        check_in_on=check_in_on if less_contact else None,
    )


def guard_procedure(procedure: ContactProcedure, names: Iterable[str] = ()) -> None:
    """The HR policy on the two free texts (rule 2); ``ValidationFailed`` with the findings."""
    known = (procedure.by_whom, *names)
    found: dict[str, list[Finding]] = {}
    for key in ("discussed", "not_discussed"):
        text = getattr(procedure, key)
        if text and (findings := guard(text, Policy.HR, names=known)):
            found[key] = findings
    if found:
        refused = ValidationFailed(
            {
                key: [f"not allowed in the HR file: {w}" for w in dict.fromkeys(f.text for f in fs)]
                for key, fs in found.items()
            },
            "the HR file must not contain medical information (rule 2)",
        )
        refused.findings = dict(found)
        raise refused


# --- the stored form and the API's JSON ------------------------------------------------------


def procedure_to_dict(p: ContactProcedure) -> dict[str, Any]:
    return {
        "by_whom": p.by_whom,
        "every": p.every,
        "unit": p.unit.value,
        "channel": p.channel.value,
        "agreed_on": p.agreed_on.isoformat(),
        "discussed": p.discussed,
        "not_discussed": p.not_discussed,
        "less_contact": p.less_contact,
        "check_in_on": p.check_in_on.isoformat() if p.check_in_on else None,
    }


def procedure_from_dict(d: Mapping[str, Any]) -> ContactProcedure:
    return ContactProcedure(
        by_whom=d["by_whom"],
        every=int(d["every"]),
        unit=Unit(d["unit"]),
        channel=Channel(d["channel"]),
        agreed_on=dt.date.fromisoformat(d["agreed_on"]),
        discussed=d.get("discussed", ""),
        not_discussed=d.get("not_discussed", ""),
        less_contact=bool(d.get("less_contact")),
        check_in_on=dt.date.fromisoformat(d["check_in_on"]) if d.get("check_in_on") else None,
    )


def due_to_dict(due: ContactDue) -> dict[str, Any]:
    return {
        "state": due.state.value,
        "date": due.date.isoformat() if due.date else None,
        "by_whom": due.by_whom or None,
        "channel": due.channel.value if due.channel else None,
    }


def changed_fields(old: ContactProcedure | None, new: ContactProcedure) -> list[str]:
    """The names of the fields that differ (for the audit: names only, never the free text)."""
    if old is None:
        return ["created"]
    a, b = procedure_to_dict(old), procedure_to_dict(new)
    return [k for k in b if k != "agreed_on" and a.get(k) != b[k]]
