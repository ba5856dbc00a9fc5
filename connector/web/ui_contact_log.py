"""The employee's contact log on the period page, its form, the lint's answer and HR replay.

HR data is confidential: everything here needs the team_lead role, as the contact-log API
does; a viewer does not even see the section. The form posts API-shaped data through the
API's own schema (``ContactEntryCreateSchema``), then ``ContactLogService``: the same
validation, redaction and privacy lint, the same per-field messages. "Check" runs the
service's ``check`` (redaction preview and lint, nothing stored); saving runs them again.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, flash, g, jsonify, redirect, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from connector.domain.contact_log import (
    ENUM_LABELS,
    SHORT_TEXT_MAX,
    SUMMARY_MAX,
    Channel,
    ContactEntry,
    Initiative,
    Outcome,
    Purpose,
    ReadVia,
    Role,
    Stance,
)
from connector.domain.messages import N_, Msg
from connector.domain.periods import Period
from connector.errors import NotFound, ValidationFailed
from connector.services.contact_log import ContactLogService, EntryCheck
from connector.translations import format_moment
from connector.web import i18n_privacy
from connector.web.contact_log_api import ContactEntryCreateSchema
from connector.web.context import services
from connector.web.page import (
    FORM_ERROR,
    PeriodSection,
    _,
    actor,
    add_period_section,
    bp,
    current_user,
    flatten_messages,
    page,
    signed_in,
    visible_helpdesks,
)
from connector.web.schemas import schema

AGREEMENT_ROWS = 3  # empty rows shown on a new entry; a correction gets one more than it has

FIELD_LABELS: dict[str, str] = {
    "contact_at": N_("Date and time of the contact"),
    "author.name": N_("Your name"),
    "author.function": N_("Your function"),
    "channel": N_("Channel"),
    "initiative": N_("Initiative"),
    "outcome": N_("Outcome"),
    "purpose": N_("Purpose"),
    "topics": N_("Topics"),
    "participants": N_("Participants"),
    "summary": N_("Summary"),
    "employee_view.stance": N_("The employee's view"),
    "employee_view.own_words": N_("In the employee's own words"),
    "next_contact.date": N_("Next contact: date"),
    "next_contact.channel": N_("Next contact: channel"),
    "next_contact.by_whom": N_("Next contact: by whom"),
    "may_tell.colleagues": N_("What may be told to colleagues"),
    "may_tell.customers": N_("What may be told to customers"),
}


def install(app: Flask) -> None:
    """Add the contact-log section to the period page (team leads and admins only)."""
    add_period_section(
        app,
        PeriodSection(
            "contact-log-entries",
            N_("Contact log"),
            "ui/_contact_log.html",
            _section,
            order=50,
            role="team_lead",
        ),
    )


def _svc() -> ContactLogService:
    contact_log = services().contact_log
    assert contact_log is not None
    return contact_log


def label(kind: type[enum.StrEnum] | str, value: str | None) -> str:
    """The translated label of an enumeration value (``label(Channel, "phone")``)."""
    if value is None:
        return "—"
    name = kind if isinstance(kind, str) else kind.__name__
    return _(ENUM_LABELS.get(name, {}).get(value, value.replace("_", " ")))


def options(kind: type[enum.StrEnum]) -> list[tuple[str, str]]:
    return [(m.value, label(kind, m.value)) for m in kind]


def field_label(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "agreements" and parts[1].isdigit():
        what = {"what": _("what"), "who": _("who"), "by_when": _("by when")}.get(parts[2], "")
        return _("Agreement %(n)s: %(what)s", n=int(parts[1]) + 1, what=what)
    if len(parts) == 3 and parts[0] == "participants":
        return _("Participants") + ": " + label(Role, parts[1])
    return _(FIELD_LABELS.get(name, name))


# --- the section on the period page ----------------------------------------------------------


def _local(moment: dt.datetime | str | None, tz: str) -> str:
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return format_moment(g.get("lang", "en"), moment, tz)


def _delivery(row: Mapping[str, Any], tz: str) -> dict[str, Any]:
    status = {"processing": "pending", "sent": "delivered"}.get(row["status"], row["status"])
    return {
        "id": row["id"],
        "target": row["target"],
        "status": status,
        "attempts": row["attempts"],
        "sent_at": _local(row.get("sent_at"), tz),
        "next_attempt_at": _local(row.get("next_attempt_at"), tz),
        "reason": row.get("last_error") or "",
    }


def _section(period: Period, as_dict: dict[str, Any]) -> dict[str, Any]:
    svc = _svc()
    visible = tuple(visible_helpdesks())
    rows = [
        (e, by)
        for e, by in svc.log.entries([period.helpdesk], period.employee_email)
        if e.period_id == period.id
    ]
    services().access_log.record(
        services().clock(),
        actor(),
        ReadVia.PAGE,
        period.helpdesk,
        period.employee_email,
        [e.id for e, _by in rows],
    )
    when = {e.id: _local(e.contact_at, period.timezone) for e, _by in rows}
    deliveries = svc.deliveries([e.id for e, _by in rows], visible)
    entries = [
        {
            "entry": e,
            "when": when[e.id],
            "recorded": _local(e.recorded_at, period.timezone),
            "superseded_by": [(i, when.get(i, "")) for i in by],
            "supersedes": (e.supersedes_id, when.get(e.supersedes_id or "", "")),
            "deliveries": [_delivery(d, period.timezone) for d in deliveries.get(e.id, [])],
        }
        for e, by in rows
    ]
    return {"entries": entries, "targets": svc.targets, "label": label, "tz": period.timezone}


# --- the form --------------------------------------------------------------------------------


def _form_values(entry: ContactEntry | None, tz: str) -> dict[str, Any]:
    """The form's fields (named as the API names them) for a new entry or a correction."""
    user = current_user()
    now = services().clock().astimezone(ZoneInfo(tz))
    rows = AGREEMENT_ROWS
    if entry is None:
        values: dict[str, Any] = {
            "contact_at": now.strftime("%Y-%m-%dT%H:%M"),
            "author.name": user.name if user else "",
            "author.function": _("Team lead"),
            "initiative": Initiative.EMPLOYER.value,
            "employee_view.stance": Stance.NOT_DISCUSSED.value,
            "participants": {Role.EMPLOYEE.value: "", Role.TEAM_LEAD.value: ""},
            "topics": [],
        }
    else:
        values = {
            "contact_at": entry.contact_at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M"),
            "author.name": entry.author_name,
            "author.function": entry.author_function,
            "channel": entry.channel.value if entry.channel else "",
            "initiative": entry.initiative.value if entry.initiative else "",
            "outcome": entry.outcome.value if entry.outcome else "",
            "purpose": entry.purpose.value,
            "topics": [t.value for t in entry.topics],
            "participants": {p.role.value: p.name for p in entry.participants},
            "summary": entry.summary,
            "employee_view.stance": entry.employee_view.stance.value,
            "employee_view.own_words": entry.employee_view.own_words,
            "may_tell.colleagues": entry.may_tell.colleagues,
            "may_tell.customers": entry.may_tell.customers,
        }
        if entry.next_contact:
            values["next_contact.date"] = entry.next_contact.date.isoformat()
            values["next_contact.channel"] = entry.next_contact.channel.value
            values["next_contact.by_whom"] = entry.next_contact.by_whom
        for i, a in enumerate(entry.agreements):
            values[f"agreements.{i}.what"] = a.what
            values[f"agreements.{i}.who"] = a.who
            values[f"agreements.{i}.by_when"] = a.by_when.isoformat() if a.by_when else ""
        rows = max(rows, len(entry.agreements) + 1)
    values["agreement_rows"] = rows
    return values


def _values_from(form: MultiDict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: form.get(k, "").strip()
        for k in (
            "contact_at",
            "author.name",
            "author.function",
            "channel",
            "initiative",
            "outcome",
            "purpose",
            "summary",
            "employee_view.stance",
            "employee_view.own_words",
            "next_contact.date",
            "next_contact.channel",
            "next_contact.by_whom",
            "may_tell.colleagues",
            "may_tell.customers",
        )
    }
    values["topics"] = form.getlist("topics")
    values["participants"] = {
        role: form.get(f"participants.{role}.name", "").strip()
        for role in form.getlist("participants")
    }
    try:
        rows = min(max(int(form.get("agreement_rows", AGREEMENT_ROWS)), 1), 20)
    except ValueError:
        rows = AGREEMENT_ROWS
    for i in range(rows):
        for part in ("what", "who", "by_when"):
            values[f"agreements.{i}.{part}"] = form.get(f"agreements.{i}.{part}", "").strip()
    values["agreement_rows"] = rows
    return values


def _api_data(
    values: Mapping[str, Any], period: Period
) -> tuple[dict[str, Any], dict[str, str], dict[str, list[str]]]:
    """The API's JSON body for the form, how its list positions map back to form fields,
    and problems found on the way (a date-time that is not one)."""
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {
        "helpdesk": period.helpdesk,
        "employee": period.employee_email,
        "period_id": period.id,
        "author": {k: values[f"author.{k}"] for k in ("name", "function") if values[f"author.{k}"]},
        "initiative": values["initiative"] or "employer",
        "topics": list(values["topics"]),
        "employee_view": {
            "stance": values["employee_view.stance"] or "not_discussed",
            "own_words": values["employee_view.own_words"],
        },
        "may_tell": {
            "colleagues": values["may_tell.colleagues"],
            "customers": values["may_tell.customers"],
        },
    }
    for key in ("channel", "outcome", "purpose", "summary"):
        if values[key]:
            data[key] = values[key]
    if values["contact_at"]:
        try:
            local = dt.datetime.fromisoformat(values["contact_at"])
        except ValueError:
            errors["contact_at"] = [_("Enter a date and time, e.g. 2026-11-23 09:30.")]
        else:
            if local.tzinfo is None:
                local = local.replace(tzinfo=ZoneInfo(period.timezone))
            data["contact_at"] = local.isoformat()
    renames: dict[str, str] = {}
    participants: list[dict[str, str]] = []
    for role, name in values["participants"].items():
        renames[f"participants.{len(participants)}"] = f"participants.{role}"
        participants.append({"role": role, "name": name})
    data["participants"] = participants
    agreements: list[dict[str, Any]] = []
    for i in range(values["agreement_rows"]):
        row = {p: values[f"agreements.{i}.{p}"] for p in ("what", "who", "by_when")}
        if any(row.values()):
            renames[f"agreements.{len(agreements)}"] = f"agreements.{i}"
            # an empty part is left out: the schema then says it is required
            agreements.append({k: v for k, v in row.items() if v})
    data["agreements"] = agreements
    nxt = {p: values[f"next_contact.{p}"] for p in ("date", "channel", "by_whom")}
    if any(nxt.values()):
        data["next_contact"] = {k: v for k, v in nxt.items() if v or k == "by_whom"}
    return data, renames, errors


def _to_form_fields(
    errors: Mapping[str, list[str]], renames: Mapping[str, str]
) -> dict[str, list[str]]:
    """Messages keyed by the form's field names; those about no field go to the form."""
    out: dict[str, list[str]] = {}
    for key, messages in errors.items():
        parts = key.split(".")
        if len(parts) >= 2 and ".".join(parts[:2]) in renames:
            key = ".".join([renames[".".join(parts[:2])], *parts[2:]])
        if key in ("helpdesk", "employee", "period_id", "supersedes_id", "_schema"):
            out.setdefault(FORM_ERROR, []).extend(messages)
        else:
            out.setdefault(key, []).extend(messages)
    return out


def _validated(
    values: Mapping[str, Any], period: Period
) -> tuple[dict[str, Any] | None, dict[str, str], dict[str, list[str]]]:
    """The API schema's answer: (loaded data, renames, None) or (None, renames, errors)."""
    data, renames, errors = _api_data(values, period)
    if errors:
        return None, renames, errors
    try:
        return schema(ContactEntryCreateSchema).load(data), renames, {}
    except ValidationError as exc:
        return None, renames, _to_form_fields(flatten_messages(exc.messages), renames)


def _localised(exc: ValidationFailed) -> dict[str, list[str]]:
    """The fields' messages, the privacy guard's refusals in the page's language."""
    lang = g.get("lang", "en")
    sentences = {
        name: [i18n_privacy.refusal(f, lang) for f in found] for name, found in exc.findings.items()
    }
    return {**exc.fields, **sentences}


def _refusals(result: EntryCheck) -> dict[str, list[str]]:
    """Per field, each refused word with its category and a rewrite, in the page's language."""
    lang = g.get("lang", "en")
    sentences = {
        name: [i18n_privacy.refusal(f, lang) for f in found]
        for name, found in result.findings.items()
    }
    return {**result.refused, **sentences}


def _answer(result: EntryCheck, renames: Mapping[str, str]) -> dict[str, Any]:
    """The lint's answer as the page shows it (and the JSON endpoint returns it): each
    refused word with its category and a suggested rewrite, in the page's language."""
    refused = _to_form_fields(_refusals(result), renames)
    redacted = _to_form_fields({k: [v] for k, v in result.redacted.items()}, renames)
    return {
        "ok": result.ok,
        "message": _("Nothing would be refused.")
        if result.ok
        else _("Saving would be refused: remove the words named below."),
        "refused": [
            {"field": k, "label": field_label(k), "messages": v} for k, v in refused.items()
        ],
        "redacted": [
            {"field": k, "label": field_label(k), "text": v[0]} for k, v in redacted.items()
        ],
        "redacted_intro": _("Customer data would be redacted; stored as:"),
        "nothing_redacted": _("Nothing would be redacted."),
    }


def _problems_answer(errors: Mapping[str, list[str]]) -> dict[str, Any]:
    return {
        "ok": False,
        "message": _("Please correct the fields marked below."),
        "refused": [
            {"field": k, "label": field_label(k) if k != FORM_ERROR else "", "messages": v}
            for k, v in errors.items()
        ],
        "redacted": [],
        "redacted_intro": "",
        "nothing_redacted": "",
    }


def _period_and_old(
    period_id: int, entry_id: str | None
) -> tuple[Period, ContactEntry | None, list[str]]:
    svc = services()
    visible = tuple(visible_helpdesks())
    period = svc.periods.get(period_id, visible)
    if entry_id is None:
        return period, None, []
    old, by = _svc().get(entry_id, visible)
    if old.period_id != period.id:
        raise NotFound(
            Msg(
                "no contact-log entry %(entry_id)s in period %(period_id)s",
                entry_id=entry_id,
                period_id=period_id,
            )
        )
    return period, old, by


def _render(
    period: Period,
    old: ContactEntry | None,
    values: Mapping[str, Any],
    errors: Mapping[str, list[str]] | None = None,
    answer: Mapping[str, Any] | None = None,
    status: int = 200,
    superseded_by: list[str] | None = None,
) -> Any:
    return page(
        "contact_log_form.html",
        status,
        period=period,
        old=old,
        superseded_by=superseded_by or [],
        values=values,
        errors=errors or {},
        answer=answer,
        channels=options(Channel),
        initiatives=options(Initiative),
        outcomes=options(Outcome),
        purposes=options(Purpose),
        stances=options(Stance),
        roles=options(Role),
        field_label=field_label,
        summary_max=SUMMARY_MAX,
        short_max=SHORT_TEXT_MAX,
        check_url=url_for(
            "ui.contact_log_check", period_id=period.id, correcting=old.id if old else None
        ),
    )


def _form_view(period_id: int, entry_id: str | None) -> Any:
    period, old, by = _period_and_old(period_id, entry_id)
    if request.method == "GET":
        return _render(period, old, _form_values(old, period.timezone), superseded_by=by)
    values = _values_from(request.form)
    data, renames, errors = _validated(values, period)
    if data is None:
        return _render(period, old, values, errors, _problems_answer(errors), 422)
    svc = _svc()
    visible = tuple(visible_helpdesks())
    try:
        if request.form.get("action") == "check":
            result = svc.check(data, actor(), supersedes=old.id if old else None, helpdesks=visible)
            errors = _to_form_fields(_refusals(result), renames)
            return _render(period, old, values, errors, _answer(result, renames))
        if old is None:
            entry = svc.create(data, actor())
        else:
            entry = svc.supersede(old.id, data, actor(), visible)
    except ValidationFailed as exc:
        errors = _to_form_fields(_localised(exc), renames)
        return _render(period, old, values, errors, _problems_answer(errors), 422)
    flash(_("The contact-log entry was saved."), "success")
    return redirect(
        url_for("ui.period_detail", period_id=period_id, _anchor=f"entry-{entry.id}"), 303
    )


@bp.route("/periods/<int:period_id>/contact-log/new", methods=["GET", "POST"])
@signed_in("team_lead")
def contact_log_new(period_id: int) -> Any:
    return _form_view(period_id, None)


@bp.route("/periods/<int:period_id>/contact-log/<entry_id>/correct", methods=["GET", "POST"])
@signed_in("team_lead")
def contact_log_correct(period_id: int, entry_id: str) -> Any:
    return _form_view(period_id, entry_id)


@bp.post("/periods/<int:period_id>/contact-log/check")
@signed_in("team_lead")
def contact_log_check(period_id: int) -> Any:
    """The lint's answer as JSON for the form's "Check" button: nothing is stored or sent."""
    period, old, _by = _period_and_old(period_id, request.args.get("correcting") or None)
    data, renames, errors = _validated(_values_from(request.form), period)
    if data is None:
        return jsonify(_problems_answer(errors)), 422
    try:
        result = _svc().check(
            data,
            actor(),
            supersedes=old.id if old else None,
            helpdesks=tuple(visible_helpdesks()),
        )
    except ValidationFailed as exc:
        return jsonify(_problems_answer(_to_form_fields(exc.fields, renames))), 422
    return jsonify(_answer(result, renames))


@bp.post("/periods/<int:period_id>/hr/<int:item_id>/replay")
@signed_in("team_lead")
def hr_replay(period_id: int, item_id: int) -> Any:
    """Queue a dead-lettered HR delivery of one of this period's entries again."""
    svc = services()
    visible = tuple(visible_helpdesks())
    period = svc.periods.get(period_id, visible)
    ids = {
        e.id
        for e, _by in _svc().log.entries([period.helpdesk], period.employee_email)
        if e.period_id == period.id
    }
    dead = [
        row
        for rows in _svc().deliveries(list(ids), visible).values()
        for row in rows
        if row["id"] == item_id and row["status"] == "dead"
    ]
    if not dead:
        raise NotFound(
            Msg(
                "no dead-lettered HR delivery %(item_id)s in period %(period_id)s",
                item_id=item_id,
                period_id=period_id,
            )
        )
    row = _svc().replay(item_id, visible)
    svc.wake.set()
    flash(_("The delivery to %(target)s is queued again.", target=row["target"]), "success")
    return redirect(
        url_for("ui.period_detail", period_id=period_id, _anchor=f"entry-{row['entry_id']}"), 303
    )
