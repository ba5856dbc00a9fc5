"""The contact procedure on the period page (issue 21, item 4): the next contact due, said
kindly, and a form to agree or change how contact with the employee goes.

The section shows every reader the next contact due (the API gives a viewer the schedule
too); what is and is not discussed, and the form, are for team leads and admins (HR-file
data). Saving goes through ``ContactProcedureService.save``: the same validation, privacy
guard, audit and contact-log entry as the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, flash, g, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from connector.domain.contact_log import Channel
from connector.domain.contact_procedure import (
    CHANNELS,
    EVERY_MAX,
    NAME_MAX,
    TEXT_MAX,
    ContactProcedure,
    DueState,
    Unit,
)
from connector.domain.contact_procedure_messages import (
    EVERY,
    due_sentence,
    spoken_day,
)
from connector.domain.periods import Period
from connector.errors import ValidationFailed
from connector.services.contact_procedure import ContactProcedureService
from connector.web import i18n_privacy
from connector.web.context import services
from connector.web.page import (
    FORM_ERROR,
    PeriodSection,
    _,
    actor,
    add_period_section,
    bp,
    can,
    page,
    signed_in,
    visible_helpdesks,
)

CHANNEL_LABELS = {
    Channel.PHONE: "Phone",
    Channel.VIDEO: "Video call",
    Channel.EMAIL: "E-mail",
    Channel.IN_PERSON: "In person",
}
UNIT_LABELS = {Unit.DAYS: "days", Unit.WEEKS: "weeks"}
FIELD_LABELS = {
    "by_whom": "Who makes contact",
    "every": "How often: every",
    "unit": "Days or weeks",
    "channel": "Through which channel",
    "discussed": "What is discussed",
    "not_discussed": "What is not discussed",
    "less_contact": "The employee wishes less contact for a while",
    "check_in_on": "Check in again on",
}


def install(app: Flask) -> None:
    """Add the contact procedure to the period page, before the contact log."""
    add_period_section(
        app,
        PeriodSection(
            "contact-procedure",
            "Contact procedure",
            "ui/_contact_procedure.html",
            _section,
            order=45,
            role="viewer",
        ),
    )


def _svc() -> ContactProcedureService:
    return services().contact_procedures


def _translate(message: str) -> str:
    return _(message)


def _section(period: Period, as_dict: dict[str, Any]) -> dict[str, Any]:
    svc = _svc()
    lang = g.get("lang", "en")
    procedure = svc.get(period)
    due = svc.due(period, services().clock())
    employee = period.employee_name or period.employee_email
    return {
        "procedure": procedure,
        "sentence": due_sentence(due, employee, lang, _translate),
        "overdue": due.state is DueState.OVERDUE,
        "facts": _facts(procedure, lang) if procedure else [],
        "texts": can("team_lead"),
    }


def _facts(p: ContactProcedure, lang: str) -> list[tuple[str, str]]:
    every = _(EVERY[(p.unit, p.every == 1)], n=p.every)
    facts = [
        (_(FIELD_LABELS["by_whom"]), p.by_whom or _("the team lead")),
        (_("How often"), every),
        (_(FIELD_LABELS["channel"]), _(CHANNEL_LABELS.get(p.channel, p.channel.value))),
        (_("Agreed on"), spoken_day(p.agreed_on, lang)),
    ]
    if p.less_contact and p.check_in_on:
        facts.append((_("Less contact until"), spoken_day(p.check_in_on, lang)))
    return facts


# --- the form --------------------------------------------------------------------------------


def _form_values(procedure: ContactProcedure | None) -> dict[str, Any]:
    if procedure is None:
        # Empty: the team lead (a sign-in name may be a token's, not a person's).
        return {
            "by_whom": "",
            "every": "1",
            "unit": Unit.WEEKS.value,
            "channel": Channel.PHONE.value,
            "discussed": "",
            "not_discussed": "",
            "less_contact": False,
            "check_in_on": "",
        }
    return {
        "by_whom": procedure.by_whom,
        "every": str(procedure.every),
        "unit": procedure.unit.value,
        "channel": procedure.channel.value,
        "discussed": procedure.discussed,
        "not_discussed": procedure.not_discussed,
        "less_contact": procedure.less_contact,
        "check_in_on": procedure.check_in_on.isoformat() if procedure.check_in_on else "",
    }


def _values_from(form: MultiDict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: form.get(k, "").strip()
        for k in ("by_whom", "every", "unit", "channel", "discussed", "not_discussed")
    }
    values["less_contact"] = form.get("less_contact") == "yes"
    values["check_in_on"] = form.get("check_in_on", "").strip()
    return values


def _data(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    data = dict(values)
    try:
        data["every"] = int(values["every"])
    except ValueError:
        errors["every"] = [_("Enter a whole number, e.g. 2.")]
    data["check_in_on"] = values["check_in_on"] or None
    return data, errors


def _localised(exc: ValidationFailed) -> dict[str, list[str]]:
    lang = g.get("lang", "en")
    sentences = {
        name: [i18n_privacy.refusal(f, lang) for f in found] for name, found in exc.findings.items()
    }
    return {**exc.fields, **sentences}


def _field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


def _render(
    period: Period, values: Mapping[str, Any], errors: Mapping[str, list[str]], status: int = 200
) -> Any:
    return page(
        "contact_procedure_form.html",
        status,
        period=period,
        values=values,
        errors=errors,
        channels=[(c.value, _(CHANNEL_LABELS[c])) for c in CHANNELS],
        units=[(u.value, _(UNIT_LABELS[u])) for u in Unit],
        label=_field_label,
        every_max=EVERY_MAX,
        name_max=NAME_MAX,
        text_max=TEXT_MAX,
    )


@bp.route("/periods/<int:period_id>/contact-procedure", methods=["GET", "POST"])
@signed_in("team_lead")
def contact_procedure_form(period_id: int) -> Any:
    period = services().periods.get(period_id, tuple(visible_helpdesks()))
    if request.method == "GET":
        return _render(period, _form_values(_svc().get(period)), {})
    values = _values_from(request.form)
    data, errors = _data(values)
    if errors:
        return _render(period, values, errors, 422)
    try:
        _svc().save(period, data, actor(), "")
    except ValidationFailed as exc:
        errors = _localised(exc)
        if not set(errors) <= set(FIELD_LABELS):
            errors = {(k if k in FIELD_LABELS else FORM_ERROR): v for k, v in errors.items()}
        return _render(period, values, errors, 422)
    flash(_("The contact procedure was saved and noted in the contact log."), "success")
    return redirect(
        url_for("ui.period_detail", period_id=period_id, _anchor="h-contact-procedure"), 303
    )
