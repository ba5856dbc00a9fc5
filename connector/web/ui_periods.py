"""The period pages: the overview, the form (new, edit, preview, agent lookup), one period,
ending it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from flask import (
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    url_for,
)
from marshmallow import ValidationError
from werkzeug.exceptions import NotFound

from connector import translations
from connector.domain.daily_word import Recipient, render_text
from connector.domain.helpdesk import Customer, ScopeChoices
from connector.domain.messages import N_, Msg
from connector.domain.moves import Move
from connector.domain.periods import (
    MENTION_NONE,
    MENTION_UNAVAILABLE,
    MENTIONS,
    HandbackSettings,
    NoticeSettings,
    Period,
    parse_moment,
    zone,
)
from connector.domain.scope import DIMENSION_LABELS
from connector.errors import PrivacyViolation, ValidationFailed, VendorError
from connector.services import exports
from connector.services.daily_word import DailyWordSettings
from connector.web import i18n_privacy, period_form, ui_charts
from connector.web.context import services
from connector.web.page import (
    FORM_ERROR,
    SAMPLE_CUSTOMER,
    _,
    actor,
    bp,
    can,
    flatten_messages,
    page,
    readable_day,
    readable_moment,
    signed_in,
    visible_helpdesks,
)
from connector.web.schemas import (
    PeriodCreateSchema,
    PeriodPatchSchema,
    period_json,
    schema,
)

# --- periods overview ------------------------------------------------------------------------


NO_END = "Give an end date or tick until further notice."


def _local_text(p: Period, moment: dt.datetime | None, *, is_end: bool) -> str:
    """A period bound as a team lead typed it: a date for whole days, else a date-time; ""
    for an open end (until further notice)."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(p.timezone))
    if local.time() == dt.time(0, 0):
        return (local.date() - dt.timedelta(days=1 if is_end else 0)).isoformat()
    return local.strftime("%Y-%m-%dT%H:%M")


def _row(p: Period, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": p.id,
        "helpdesk": p.helpdesk,
        "employee": p.employee_name or p.employee_email,
        "employee_email": p.employee_email,
        "replacement": p.replacement_name or p.replacement_email,
        "replacement_email": p.replacement_email,
        "starts": _local_text(p, p.starts_at, is_end=False),
        "ends": _local_text(p, p.effective_end, is_end=True),
        "timezone": p.timezone,
        "status": p.status(now),
        "team": p.scope.get("team") if isinstance(p.scope, Mapping) else None,
    }


def _date_arg(name: str) -> dt.date | None:
    raw = request.args.get(name)
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@bp.get("/periods")
@signed_in()
def periods() -> Any:
    svc = services()
    now = svc.clock()
    visible = visible_helpdesks()
    wanted = request.args.get("helpdesk") or ""
    scope = [wanted] if wanted in visible else visible
    items = svc.repositories.periods.periods(scope)
    teams = sorted({str(r["team"]) for r in map(lambda p: _row(p, now), items) if r["team"]})
    team = request.args.get("team") or ""
    if team:
        items = [p for p in items if str(p.scope.get("team") or "") == team]
    # The picture's days are the helpdesk's days; with several, the periods' own zone if they
    # share one, else UTC (said next to the heading).
    zones = {svc.helpdesks[k].config.timezone for k in scope} if len(scope) == 1 else set()
    zones = zones or {p.timezone for p in items}
    tz = zones.pop() if len(zones) == 1 else "UTC"
    today = now.astimezone(ZoneInfo(tz)).date()
    try:
        weeks = min(max(int(request.args.get("weeks", 12)), 4), 52)
    except ValueError:
        weeks = 12
    start = ui_charts.monday(_date_arg("from") or today - dt.timedelta(weeks=2))
    statuses = {s: _(s) for s in ("active", "scheduled", "ended")}
    picture = ui_charts.timeline(
        items,
        now,
        start=start,
        weeks=weeks,
        tz=tz,
        status_label=statuses,
        open_label=_("until further notice"),
        lang=g.get("lang", "en"),
    )
    rows = [_row(p, now) for p in sorted(items, key=lambda p: (p.starts_at, p.id or 0))]
    shift = dt.timedelta(weeks=max(weeks // 2, 1))
    nav_args: dict[str, Any] = {"helpdesk": wanted or None, "team": team or None, "weeks": weeks}
    return page(
        "periods.html",
        picture=picture,
        rows=rows,
        helpdesks=visible,
        helpdesk=wanted,
        teams=teams,
        team=team,
        tz=tz,
        earlier=url_for("ui.periods", **{**nav_args, "from": (start - shift).isoformat()}),
        later=url_for("ui.periods", **{**nav_args, "from": (start + shift).isoformat()}),
        this_week=url_for("ui.periods", **nav_args),
    )


# --- the period form -------------------------------------------------------------------------


def _known_agents(helpdesks: list[str]) -> list[tuple[str, str]]:
    """(e-mail, name) of every agent seen in the periods of these helpdesks."""
    seen: dict[str, str] = {}
    for p in services().repositories.periods.periods(helpdesks):
        seen.setdefault(p.employee_email, p.employee_name)
        seen.setdefault(p.replacement_email, p.replacement_name)
    return sorted(seen.items())


def _notice_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    return {
        "enabled": form.get("notice.enabled") == "on",
        "variant": form.get("notice.variant", "formal"),
        "per": form.get("notice.per", "customer"),
        "mention": form.get("notice.mention")
        or (
            MENTION_UNAVAILABLE if form.get("notice.name_original_agent") == "on" else MENTION_NONE
        ),
        "show_end_date": form.get("notice.show_end_date") == "on",
    }


def _older_switch(form: Mapping[str, str]) -> str:
    """The mention a form with the older "name the original agent" checkbox asks for."""
    return MENTION_UNAVAILABLE if form.get("notice.name_original_agent") == "on" else MENTION_NONE


def _notice_values(settings: NoticeSettings) -> dict[str, Any]:
    """The notice settings as the form shows them (the older switch read as its mention)."""
    return dataclasses.asdict(settings) | {"mention": settings.employee_mention}


def _form_values(p: Period | None, helpdesk: str) -> dict[str, Any]:
    if p is None:
        return {
            "helpdesk": helpdesk,
            "employee": "",
            "replacement": "",
            "starts_at": "",
            "ends_at": "",
            "open_ended": False,
            "timezone": "",
            "notice": _notice_values(NoticeSettings()),
            "scope": period_form.form_scope({}),
            "phases": period_form.form_phases([]),
            "handback": dataclasses.asdict(HandbackSettings()),
            "several": period_form.form_several([], {}),
        }
    return {
        "helpdesk": p.helpdesk,
        "employee": p.employee_email,
        "replacement": p.replacement_email,
        "starts_at": _local_text(p, p.starts_at, is_end=False),
        "ends_at": _local_text(p, p.ends_at, is_end=True),
        "open_ended": p.ends_at is None,
        "timezone": p.timezone,
        "notice": _notice_values(NoticeSettings.of(p)),
        "scope": period_form.form_scope(p.scope),
        "phases": period_form.form_phases(p.phases),
        "handback": dataclasses.asdict(HandbackSettings.of(p)),
        "several": period_form.form_several(p.replacements, p.balancing),
    }


def _shown_replacements(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API's extra replacements (``replacement``: e-mail) as the form's rows read them."""
    return [{"email": e.get("replacement", ""), "scope": e.get("scope") or {}} for e in entries]


def _plan_from_form(form: Mapping[str, str], initial: Mapping[str, Any]) -> dict[str, Any]:
    """Scope, phases and hand-back as the API takes them; a part the form showed read-only
    (set through the API in another shape) is left out, so it stays as it is."""
    out: dict[str, Any] = {"handback": period_form.handback_from_form(form)}
    if initial["scope"]["editable"]:
        out["scope"] = period_form.scope_from_form(form)
    if initial["phases"]["editable"]:
        out["phases"] = period_form.phases_from_form(form)
    if initial.get("several", {}).get("editable", True):
        out |= period_form.several_from_form(form)
    return out


#: How the period form names each way of mentioning the employee (translated on the page).
MENTION_LABELS = {
    "none": N_("Not at all (default)"),
    "unavailable": N_("“<first name> is temporarily not available”"),
    "still_works": N_(
        "“<first name> still works on your account; for contact, <replacement> helps you for now”"
    ),
}


def _render_form(
    period: Period | None,
    values: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
    dry_run: dict[str, Any] | None = None,
) -> Any:
    svc = services()
    visible = visible_helpdesks()
    started = period is not None and period.starts_at <= svc.clock()
    return page(
        "period_form.html",
        status,
        period=period,
        values=values,
        errors=errors or {},
        dry_run=dry_run,
        move_labels={
            Move.REROUTE.value: _("moves to the replacement"),
            Move.ESCALATE.value: _("goes to the fallback agent"),
            Move.NO_FALLBACK.value: _("nobody can take it"),
            Move.SKIP.value: _("stays with the employee"),
        },
        helpdesks=[svc.helpdesks[k].config for k in visible],
        agents=_known_agents(visible),
        started=started,
        mentions=[(m, _(MENTION_LABELS[m])) for m in MENTIONS],
        choices=_scope_choices(values.get("helpdesk") or ""),
        keep_tag=next(
            (svc.helpdesks[k].config.keep_tag for k in visible if k == values.get("helpdesk")),
            "standin_keep",
        ),
    )


def _scope_choices(helpdesk: str) -> dict[str, Any]:
    """The helpdesk's real tags and groups for the scope inputs' suggestions, as its mapping
    declares them, kept five minutes (the adapter's cache); none when the helpdesk cannot
    tell (the inputs stay free text). ``unreachable``: it was asked and did not answer, which
    the form says."""
    adapter = services().helpdesks.get(helpdesk)
    if adapter is None or helpdesk not in visible_helpdesks():
        return {"tags": [], "groups": [], "unreachable": False}

    def load() -> ScopeChoices | None:
        try:
            return adapter.scope_choices()
        except NotImplementedError:
            return None
        except VendorError:  # kept as long as an answer would be: no retry on every page view
            return ScopeChoices([], [], ("tags", "groups"))

    found = adapter.cache.get(("scope_choices",), load)
    if found is None:
        return {"tags": [], "groups": [], "unreachable": False}
    return {
        "tags": [(t, t) for t in found.tags],
        "groups": list(found.groups),
        "unreachable": bool(found.failed),
    }


@bp.route("/periods/new", methods=["GET", "POST"])
@signed_in("team_lead")
def period_new() -> Any:
    visible = visible_helpdesks()
    if request.method == "GET":
        chosen = request.args.get("helpdesk") or ""
        values = _form_values(None, chosen if chosen in visible else "")
        values["employee"] = request.args.get("employee", "").strip()[:320]  # from the helpdesk app
        return _render_form(None, values)
    form = request.form
    values = {
        "helpdesk": form.get("helpdesk", ""),
        "employee": form.get("employee", "").strip(),
        "replacement": form.get("replacement", "").strip(),
        "starts_at": form.get("starts_at", "").strip(),
        "ends_at": form.get("ends_at", "").strip(),
        "open_ended": form.get("open_ended") == "on",
        "timezone": form.get("timezone", "").strip(),
        "notice": _notice_from_form(form),
        "accept_warnings": form.get("accept_warnings") == "on",
    }
    blank = _form_values(None, "")
    plan = _plan_from_form(form, blank)
    values |= {
        "scope": period_form.form_scope(plan.get("scope", {})),
        "phases": period_form.form_phases(plan.get("phases", [])),
        "handback": plan["handback"],
        "several": period_form.form_several(
            _shown_replacements(plan.get("replacements", [])), plan.get("balancing", {})
        ),
    }
    shown = ("scope", "phases", "handback", "several")  # the form's rows; the API gets ``plan``
    data = {k: v for k, v in values.items() if k not in shown and (v != "" or k != "timezone")}
    data |= {k: v for k, v in plan.items() if v}
    open_ended = bool(data.pop("open_ended"))
    for key in ("employee", "replacement", "starts_at", "ends_at"):
        if data.get(key) == "":
            data.pop(key)  # the schema then says "Missing data for required field."
    if open_ended:
        data["ends_at"] = None  # until further notice
    svc = services()
    # The API takes no end as "until further notice"; the form asks for the tick.
    no_end = {"ends_at": [_(NO_END)]} if not open_ended and "ends_at" not in data else {}
    try:
        try:
            loaded = schema(PeriodCreateSchema).load(data)
        except ValidationError as exc:
            raise ValidationFailed({**flatten_messages(exc.messages), **no_end}) from None
        if no_end:
            raise ValidationFailed(no_end)
        if loaded["helpdesk"] not in visible:
            raise ValidationFailed(
                {
                    "helpdesk": [
                        Msg("unknown helpdesk %(helpdesk)s", helpdesk=repr(loaded["helpdesk"]))
                    ]
                }
            )
        if form.get("action") == "dry_run":
            result = svc.dry_run.run(svc.dry_run.proposed(loaded), svc.clock())
            return _render_form(None, values, dry_run=result.as_json())
        period = svc.periods.create(loaded, actor())
    except ValidationError as exc:
        return _render_form(None, values, flatten_messages(exc.messages), 422)
    except ValidationFailed as exc:
        return _render_form(None, values, exc.fields, 422)
    except VendorError as exc:
        return _render_form(None, values, {FORM_ERROR: [str(exc)]}, 502)
    flash(_("The period was saved."), "success")
    return redirect(url_for("ui.period_detail", period_id=period.id), 303)


@bp.route("/periods/<int:period_id>/edit", methods=["GET", "POST"])
@signed_in("team_lead")
def period_edit(period_id: int) -> Any:
    svc = services()
    period = svc.periods.get(period_id, tuple(visible_helpdesks()))
    initial = _form_values(period, period.helpdesk)
    if request.method == "GET":
        return _render_form(period, initial)
    form = request.form
    values = {
        **initial,
        "replacement": form.get("replacement", initial["replacement"]).strip(),
        "starts_at": form.get("starts_at", initial["starts_at"]).strip(),
        "ends_at": form.get("ends_at", initial["ends_at"]).strip(),
        "open_ended": form.get("open_ended") == "on",
        "timezone": form.get("timezone", "").strip() or initial["timezone"],
        "notice": _notice_from_form(form),
    }
    # Only what the team lead changed is sent, as a PATCH to the API would be.
    data: dict[str, Any] = {
        k: values[k]
        for k in ("replacement", "starts_at", "ends_at", "timezone")
        if values[k] != initial[k]
    }
    if values["open_ended"]:
        values["ends_at"] = ""
        if not initial["open_ended"]:
            data["ends_at"] = None  # until further notice again
        else:
            data.pop("ends_at", None)
    missing_end = not values["open_ended"] and not values["ends_at"]
    # Only the settings the form shows are compared; others (e.g. at_start) are kept as they are.
    if values["notice"] != {k: initial["notice"].get(k) for k in values["notice"]}:
        data["notice"] = values["notice"]
    plan = _plan_from_form(form, initial)
    unchanged = {
        "scope": {k: v for k, v in period.scope.items() if k in ("include", "exclude")},
        "phases": [{k: v for k, v in ph.items() if v not in (None, "")} for ph in period.phases],
        "handback": initial["handback"],
        "replacements": [
            {"replacement": r.get("email"), **({"scope": r["scope"]} if r.get("scope") else {})}
            for r in period.replacements
        ],
        "balancing": {"strategy": period.balancing.get("strategy") or "round_robin"},
    }
    data |= {key: wanted for key, wanted in plan.items() if wanted != unchanged[key]}
    values |= {
        "scope": period_form.form_scope(plan["scope"]) if "scope" in plan else initial["scope"],
        "phases": period_form.form_phases(plan["phases"])
        if "phases" in plan
        else initial["phases"],
        "handback": plan["handback"],
        "several": period_form.form_several(
            _shown_replacements(plan["replacements"]), plan["balancing"]
        )
        if "replacements" in plan
        else initial["several"],
    }
    if form.get("accept_warnings") == "on":
        values["accept_warnings"] = data["accept_warnings"] = True
    try:
        if missing_end:
            raise ValidationFailed({"ends_at": [_(NO_END)]})  # (the API: until further notice)
        loaded = schema(PeriodPatchSchema).load(data)
        if form.get("action") == "dry_run":
            result = svc.dry_run.run(svc.dry_run.edited(period, loaded), svc.clock())
            return _render_form(period, values, dry_run=result.as_json())
        svc.periods.update(period_id, loaded, actor(), tuple(visible_helpdesks()))
    except ValidationError as exc:
        return _render_form(period, values, flatten_messages(exc.messages), 422)
    except ValidationFailed as exc:
        return _render_form(period, values, exc.fields, 422)
    except VendorError as exc:
        return _render_form(period, values, {FORM_ERROR: [str(exc)]}, 502)
    flash(_("The period was saved."), "success")
    return redirect(url_for("ui.period_detail", period_id=period_id), 303)


@bp.get("/agents")
@signed_in("team_lead")
def agent_lookup() -> Any:
    """Ask the helpdesk about one e-mail address (the form calls this when a field is left)."""
    helpdesk = request.args.get("helpdesk", "")
    email = request.args.get("email", "").strip()
    svc = services()
    if helpdesk not in visible_helpdesks() or "@" not in email:
        return jsonify({"found": False, "message": "enter an agent e-mail address"}), 400
    try:
        agent = svc.helpdesks[helpdesk].find_agent(email)
    except VendorError as exc:
        return jsonify({"found": False, "message": f"the helpdesk could not be asked: {exc}"})
    if agent is None:
        return jsonify({"found": False, "message": f"no user with e-mail {email} in {helpdesk}"})
    if not agent.is_agent:
        return jsonify({"found": False, "name": agent.name, "message": "not an active agent"})
    return jsonify({"found": True, "name": agent.name, "message": f"{agent.name} (agent)"})


def _agent_name(helpdesk: str, email: str) -> str:
    known = dict(_known_agents([helpdesk]))
    if email.lower() in known:
        return known[email.lower()]
    try:
        agent = services().helpdesks[helpdesk].find_agent(email) if "@" in email else None
    except VendorError:
        agent = None
    return agent.name if agent is not None else email


@bp.post("/periods/preview")
@signed_in("viewer")
def period_preview() -> Any:
    """The notice a customer would get for the form as it stands (rendered by NoticeService)."""
    svc = services()
    form = request.form
    visible = visible_helpdesks()
    base: Period | None = None
    if form.get("period_id", "").isdigit():
        base = svc.periods.get(int(form["period_id"]), tuple(visible))
    helpdesk = base.helpdesk if base else form.get("helpdesk", "")
    if helpdesk not in visible:
        return jsonify({"error": "choose a helpdesk"}), 422
    adapter = svc.helpdesks[helpdesk]
    tz_name = form.get("timezone", "").strip() or (base.timezone if base else None)
    tz_name = tz_name or adapter.config.timezone
    now = svc.clock()
    try:
        tz = zone(tz_name)
        starts = (
            parse_moment(form["starts_at"], tz, is_end=False)
            if form.get("starts_at", "").strip()
            else (base.starts_at if base else now)
        )
        ends: dt.datetime | None = (
            parse_moment(form["ends_at"], tz, is_end=True)
            if form.get("ends_at", "").strip()
            else starts + dt.timedelta(days=28)
        )
        if form.get("open_ended") == "on":
            ends = None  # until further notice
    except ValueError as exc:
        return jsonify({"error": str(exc)}), 422
    replacement = form.get("replacement", "").strip() or (base.replacement_email if base else "")
    employee = form.get("employee", "").strip() or (base.employee_email if base else "")
    notice = _notice_from_form(form)
    period = Period(
        id=None,
        helpdesk=helpdesk,
        employee_email=employee,
        employee_id="",
        employee_name=_agent_name(helpdesk, employee) if notice["mention"] != MENTION_NONE else "",
        replacement_email=replacement,
        replacement_id="",
        replacement_name=_agent_name(helpdesk, replacement) if replacement else "…",
        starts_at=starts,
        ends_at=ends,
        timezone=tz_name,
        notice=notice,
    )
    lang = form.get("preview_lang") or adapter.config.locale
    if lang not in ("nl", "fr", "de", "en"):
        lang = adapter.config.locale
    day = max(now, starts).astimezone(tz).date()
    try:
        rendered = svc.notices.render(
            period,
            adapter.config,
            Customer("sample", lang, True, name=SAMPLE_CUSTOMER),
            day,
            ticket_reference="12345",
            lang=lang,
        )
    except PrivacyViolation as exc:
        lang = g.get("lang", "en")
        refusals = [i18n_privacy.refusal(f, lang) for f in exc.findings]
        return jsonify({"error": " ".join(refusals) or str(exc)}), 422
    except ValidationFailed as exc:
        return jsonify({"error": "; ".join(m for ms in exc.fields.values() for m in ms)}), 422
    # What the customer gets: every helpdesk posts the HTML part as it is when there is one
    # (the page shows it), else the text (the page shows it as text).
    return jsonify(
        {
            "lang": rendered.lang,
            "subject": rendered.subject,
            "text": rendered.text,
            "html": rendered.html,
            "shown": "html" if rendered.html else "text",
        }
    )


# --- one period ------------------------------------------------------------------------------


@bp.get("/periods/<int:period_id>")
@signed_in()
def period_detail(period_id: int) -> Any:
    return _detail_page(period_id)


def _detail_page(
    period_id: int,
    status: int = 200,
    dw_errors: dict[str, list[str]] | None = None,
    dw_values: dict[str, Any] | None = None,
) -> Any:
    svc = services()
    now = svc.clock()
    period = svc.periods.get(period_id, tuple(visible_helpdesks()))
    as_dict = period_json(period, now)
    records = svc.repositories.audit.audit_records(
        visible_helpdesks(), period_id=period_id, limit=1000
    )
    sections = [
        (s, s.context(period, as_dict))
        for s in current_app.extensions.get("standin_ui_sections", [])
        if can(s.role)
    ]
    return page(
        "period_detail.html",
        status,
        period=period,
        phase_now=_phase_status(period, now),
        phase_lines=ui_charts.phases_of(period, label=phase_in_words),
        row=_row(period, now),
        start_move=as_dict.get("start_move"),
        start_move_facts=_start_move_facts(as_dict.get("start_move"), period),
        day=readable_day,
        moment=lambda m: local_moment(m, period),
        action=lambda a: exports.action_label(a, g.get("lang", "en")),
        reason=lambda record: audit_reason(record, period),
        capacity_days=as_dict.get("capacity_days") or [],
        chart=ui_charts.reroutes_per_day(records, period, now, lang=g.get("lang", "en")),
        notices=svc.repositories.notices.notice_counts(period_id),
        moved_tickets=_moved_tickets(svc, period),
        notified=_notified(svc, period),
        audit=records[:200],
        sections=sections,
        warnings=svc.periods.warnings(period),
        **_daily_words(period, now, dw_errors or {}, dw_values),
    )


def audit_reason(record: Mapping[str, Any], period: Period) -> str:
    """A recorded audit reason as the lead reads it: in the page's language, its moments as
    local dates and times in the period's time zone (the record itself stays as it is)."""
    return exports.audit_reason_text(record, g.get("lang", "en"), period.timezone)


def local_moment(value: Any, period: Period) -> str:
    """A moment as the lead reads it: the long date in the page's language and the time, in
    the period's time zone (never ISO, never UTC); "—" when there is none."""
    if value in (None, ""):
        return "—"
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return readable_moment(moment, period.timezone)


def _start_move_facts(move: Any, period: Period) -> list[tuple[str, str]]:
    """The start move's state in words: known keys labelled, its status named, its end time
    local (the state itself keeps machine keys and an ISO time)."""
    if not isinstance(move, dict):
        return []
    labels = {
        "status": _("Status"),
        "total": _("Open tickets"),
        "moved": _("Moved"),
        "failed": _("Could not be moved"),
        "skipped": _("Stayed"),
        "finished_at": _("Finished"),
    }
    statuses = {
        "pending": _("not started yet"),
        "running": _("running"),
        "done": _("done"),
        "cancelled": _("cancelled"),
    }
    facts = []
    for key, label in labels.items():
        if key not in move:
            continue
        value = move[key]
        if key == "status":
            shown = statuses.get(str(value), str(value))
        elif key == "finished_at":
            shown = local_moment(value, period)
        else:
            shown = str(value)
        facts.append((label, shown))
    return facts


def _daily_words(
    period: Period,
    now: dt.datetime,
    errors: dict[str, list[str]] | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The daily word for the period page: each recipient's text of today, and the settings
    form (what is in force, or what the lead just sent with its ``errors``)."""
    service = services().daily_word
    if service is None:
        return {"daily_words": []}
    settings = service.settings_of(period)
    assert period.id is not None
    effective = service.period_settings(period)["effective"]
    form = values or {
        "enabled": settings.enabled,
        "replacement": settings.replacement,
        "team_lead": settings.team_lead,
        "hour": settings.hour,
        "channel": effective["channel"],
        "note_ticket": settings.note_ticket or "",
    }
    return {
        "daily_words": [
            (label, render_text(service.preview(period, recipient, now)))
            for label, recipient in (
                (_("To the replacement"), Recipient.REPLACEMENT),
                (_("To the team lead"), Recipient.TEAM_LEAD),
            )
            if getattr(settings, recipient.value)
        ],
        "daily_word_hour": settings.hour if settings.enabled else None,
        "daily_word_off_for": [
            label
            for label, recipient in (
                (_("the replacement"), Recipient.REPLACEMENT),
                (_("the team lead"), Recipient.TEAM_LEAD),
            )
            if not getattr(settings, recipient.value)
        ],
        "dw_form": form,
        "dw_errors": errors or {},
        "dw_note_possible": effective["note_possible"],
        "dw_channel": effective["channel"],
    }


@bp.post("/periods/<int:period_id>/daily-word")
@signed_in("team_lead")
def period_daily_word(period_id: int) -> Any:
    """The period's daily-word settings from the form on the period page (audited by the
    service). A value equal to the helpdesk's default is stored as "the default" (null), so a
    later change of the configuration still reaches this period."""
    svc = services()
    service = svc.daily_word
    period = svc.periods.get(period_id, tuple(visible_helpdesks()))
    if service is None:
        raise NotFound(_("The daily word is not configured."))
    form = request.form
    values: dict[str, Any] = {
        "enabled": form.get("enabled") == "on",
        "replacement": form.get("replacement") == "on",
        "team_lead": form.get("team_lead") == "on",
        "hour": form.get("hour", "").strip(),
        "channel": form.get("channel", "email"),
        "note_ticket": form.get("note_ticket", "").strip(),
    }
    errors: dict[str, list[str]] = {}
    hour: int | None = None
    if values["hour"].isdigit() and 0 <= int(values["hour"]) <= 23:
        hour = int(values["hour"])
        values["hour"] = hour
    else:
        errors["hour"] = [_("Choose an hour from 0 to 23.")]
    possible = service.period_settings(period)["effective"]["note_possible"]
    if values["channel"] not in ("email", "note") or (values["channel"] == "note" and not possible):
        errors["channel"] = [_("Choose e-mail or, where the helpdesk has notes, a note.")]
    note_ticket = values["note_ticket"] if values["channel"] == "note" else ""
    if values["channel"] == "note" and not (
        note_ticket and len(note_ticket) <= 64 and " " not in note_ticket
    ):
        errors["note_ticket"] = [_("Give the number of the ticket that carries the note.")]
    if errors:
        return _detail_page(period_id, 422, errors, values)
    base = service.settings.get(period.helpdesk) or DailyWordSettings()
    chosen: dict[str, Any] = {
        "enabled": values["enabled"],
        "replacement": values["replacement"],
        "team_lead": values["team_lead"],
        "hour": hour,
        "note_ticket": note_ticket or None,
    }
    # The helpdesk's default is kept as "the default" (null), not copied into the period.
    own = {k: (None if v == getattr(base, k) else v) for k, v in chosen.items()}
    try:
        service.change_settings(period, own, actor(), svc.clock())
    except ValidationFailed as exc:
        return _detail_page(period_id, 422, dict(exc.fields), values)
    flash(_("The daily word settings were saved."), "success")
    return redirect(url_for("ui.period_detail", period_id=period_id) + "#h-daily-word", 303)


def _moved_tickets(svc: Any, period: Period) -> list[dict[str, Any]]:
    """The tickets the period moved (first 200), each with its link into the helpdesk."""
    assert period.id is not None
    adapter = svc.helpdesks.get(period.helpdesk)
    rows = svc.repositories.lifecycle.reroutes(period.id)[:200]
    return [
        {
            "ticket_id": r.ticket_id,
            "moved_at": r.moved_at,
            "moved_at_local": local_moment(r.moved_at, period),
            "to_agent": r.to_agent,
            "outcome": r.outcome,
            "url": adapter.ticket_link(r.ticket_id) if adapter is not None else None,
        }
        for r in rows
    ]


def _notified(svc: Any, period: Period) -> list[dict[str, Any]]:
    """The period's notices (first 200): customer, ticket linked into the helpdesk, language,
    status and, once posted, the notice as sent (subject and text)."""
    assert period.id is not None
    adapter = svc.helpdesks.get(period.helpdesk)
    sent = {
        (s["ticket_id"], s["customer_id"]): s
        for s in svc.repositories.notices.sent_notices(period.id)
    }
    out = []
    for n in svc.repositories.notices.notices(period.id):
        customer = n["key"].removeprefix("customer:") if n["key"].startswith("customer:") else ""
        as_sent = sent.get((n["ticket_id"], customer)) or next(
            (s for (t, _c), s in sent.items() if t == n["ticket_id"]), None
        )
        out.append(
            n
            | {
                "customer": customer,
                "url": adapter.ticket_link(n["ticket_id"]) if adapter is not None else None,
                "sent": as_sent,
            }
        )
    return out


def _filters_in_words(filters: Any) -> str:
    """A scope's filters as the lead reads them: "tags: vip, legal; groups: Billing"."""
    return "; ".join(
        _(
            "%(what)s: %(values)s",
            what=_(DIMENSION_LABELS.get(dim) or dim),
            values=", ".join(map(str, values)),
        )
        for f in filters or []
        if isinstance(f, Mapping)
        for dim, values in f.items()
        if isinstance(values, list)
    )


def phase_in_words(raw: Mapping[str, Any], index: int) -> str:
    """One phase as the lead reads it: its number (and name), what the employee takes back
    (tickets of a scope, a number or a share of new tickets a day) and what is still rerouted."""
    name = str(raw.get("name") or "")
    label = _("Phase %(n)s", n=index + 1) + (f" ({name})" if name else "")
    scope: Mapping[str, Any] = raw["scope"] if isinstance(raw.get("scope"), Mapping) else {}
    parts = []
    if back := _filters_in_words(scope.get("exclude")):
        parts.append(_("the employee has taken back %(what)s", what=back))
    if only := _filters_in_words(scope.get("include")):
        parts.append(_("still rerouted only for %(what)s", what=only))
    cap: Mapping[str, Any] = raw["capacity"] if isinstance(raw.get("capacity"), Mapping) else {}
    if cap.get("per_day") not in (None, ""):
        n = int(cap["per_day"])
        ngettext = translations.plural_translator(g.get("lang", "en"))
        per_day = ngettext(
            "the employee takes %(n)s new ticket a day",
            "the employee takes %(n)s new tickets a day",
            n,
        )
        parts.append(per_day % {"n": n})
    elif cap.get("percent") not in (None, ""):
        parts.append(_("the employee takes %(percent)s%% of new tickets", percent=cap["percent"]))
    if not parts:
        parts.append(_("everything is still rerouted"))
    return label + ": " + "; ".join(parts)


def _phase_status(period: Period, now: dt.datetime) -> dict[str, Any] | None:
    """The phase in force and the next change, in words for the period page."""
    from connector.domain.scope import active_phase, phase_boundaries

    if not period.phases:
        return None
    tz = zone(period.timezone)
    current = active_phase(period, now)
    upcoming = [m for m in phase_boundaries(period) if m > now]
    following = next(
        (
            i
            for i, raw in enumerate(period.phases)
            if upcoming and parse_moment(str(raw["from"]), tz, is_end=False) == upcoming[0]
        ),
        None,
    )
    return {
        "now": phase_in_words(period.phases[current.index], current.index)
        if current is not None
        else None,
        "next_at": upcoming[0].astimezone(tz).date() if upcoming else None,
        "next": phase_in_words(period.phases[following], following)
        if following is not None
        else None,
    }


@bp.route("/periods/<int:period_id>/end", methods=["GET", "POST"])
@signed_in("team_lead")
def period_end(period_id: int) -> Any:
    svc = services()
    now = svc.clock()
    period = svc.periods.get(period_id, tuple(visible_helpdesks()))
    if request.method == "POST":
        try:
            svc.periods.end(period_id, actor(), tuple(visible_helpdesks()))
        except ValidationFailed as exc:
            return page(
                "error.html",
                422,
                title=_("End early"),
                message="; ".join(m for ms in exc.fields.values() for m in ms),
            )
        flash(_("The period was ended."), "success")
        return redirect(url_for("ui.period_detail", period_id=period_id), 303)
    records = svc.repositories.audit.audit_records(
        visible_helpdesks(), period_id=period_id, limit=10_000
    )
    tickets = sorted(
        {str(r["ticket_id"]) for r in records if r["action"] == "rerouted" and r["ticket_id"]},
        key=lambda t: (len(t), t),
    )
    as_dict = period_json(period, now)
    return page(
        "period_end.html",
        period=period,
        row=_row(period, now),
        tickets=tickets,
        handback=as_dict.get("handback") or {},
    )
