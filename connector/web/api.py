"""/api/v1: JSON, bearer tokens with roles, one error shape. Views stay thin."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, jsonify, request

from connector.domain.daily_word import Recipient, render_html, render_text
from connector.domain.messages import N_, Msg
from connector.domain.periods import Period
from connector.errors import NotFound, PayloadError, ValidationFailed, VendorError
from connector.web import i18n
from connector.web.auth import actor, allowed_helpdesks, require
from connector.web.context import helpdesk_filter, services
from connector.web.errors import error_response, request_language
from connector.web.openapi import openapi_document
from connector.web.schemas import (
    PeriodCreateSchema,
    PeriodPatchSchema,
    PreviewSchema,
    TemplateCreateSchema,
    period_json,
    schema,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None:
        raise PayloadError("body must be JSON (Content-Type: application/json)")
    if not isinstance(data, dict):
        raise PayloadError("body must be a JSON object")
    return data


def _check_helpdesk(key: str) -> None:
    allowed = allowed_helpdesks()
    if allowed is not None and key not in allowed:
        raise ValidationFailed(
            {"helpdesk": [Msg("this token may not use helpdesk %(helpdesk)s", helpdesk=repr(key))]}
        )


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document(services().helpdesks))


@bp.get("/periods")
@require("viewer")
def list_periods() -> Any:
    svc = services()
    now = svc.clock()
    allowed = allowed_helpdesks()
    wanted = helpdesk_filter()
    scope = [wanted] if wanted else None
    if allowed is not None:
        scope = [h for h in (scope or list(allowed)) if h in allowed]
    status = request.args.get("status")
    items = [period_json(p, now) for p in svc.repositories.periods.periods(scope)]
    if status:
        items = [p for p in items if p["status"] == status]
    return jsonify({"periods": items})


def _with_warnings(period: Period) -> dict[str, Any]:
    """The period as JSON with what a team lead should know about it, in the request's
    language (as the error messages are)."""
    svc = services()
    lang = request_language()
    warnings = [i18n.say(lang, warning) for warning in svc.periods.warnings(period)]
    return period_json(period, svc.clock()) | {"warnings": warnings}


@bp.post("/periods")
@require("team_lead")
def create_period() -> Any:
    data = schema(PeriodCreateSchema).load(_json_body())
    _check_helpdesk(data["helpdesk"])
    svc = services()
    period = svc.periods.create(data, actor())
    return jsonify(_with_warnings(period)), 201


@bp.get("/periods/<int:period_id>")
@require("viewer")
def get_period(period_id: int) -> Any:
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    return jsonify(_with_warnings(period))


@bp.get("/periods/<int:period_id>/notices")
@require("viewer")
def period_notices(period_id: int) -> Any:
    """The period's customer notices (first 200): each record's customer key, ticket,
    language and status and, once posted, the notice as sent (subject, text, HTML, when)."""
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    assert period.id is not None
    sent = svc.repositories.notices.sent_notices(period.id)
    out = []
    for n in svc.repositories.notices.notices(period.id):
        customer = n["key"].removeprefix("customer:") if n["key"].startswith("customer:") else None
        as_sent = next(
            (
                s
                for s in sent
                if s["ticket_id"] == n["ticket_id"] and customer in (None, s["customer_id"])
            ),
            None,
        )
        out.append(
            {
                "key": n["key"],
                "ticket_id": n["ticket_id"],
                "lang": n["lang"] or None,
                "status": n["status"],
                "at": _iso(n["at"]),
                "sent": None
                if as_sent is None
                else {
                    "customer_id": as_sent["customer_id"],
                    "lang": as_sent["lang"],
                    "subject": as_sent["subject"],
                    "text": as_sent["text"],
                    "html": as_sent["html"],
                    "sent_at": _iso(as_sent["sent_at"]),
                },
            }
        )
    return jsonify({"notices": out})


def _iso(moment: Any) -> str:
    return moment.isoformat() if hasattr(moment, "isoformat") else str(moment)


@bp.patch("/periods/<int:period_id>")
@require("team_lead")
def patch_period(period_id: int) -> Any:
    data = schema(PeriodPatchSchema).load(_json_body())
    svc = services()
    period = svc.periods.update(period_id, data, actor(), allowed_helpdesks())
    return jsonify(_with_warnings(period))


@bp.post("/periods/dry-run")
@require("team_lead")
def dry_run_new_period() -> Any:
    """What the start of this (unsaved) period would do: no vendor or database writes."""
    data = schema(PeriodCreateSchema).load(_json_body())
    _check_helpdesk(data["helpdesk"])
    svc = services()
    period = svc.dry_run.proposed(data)
    return jsonify(svc.dry_run.run(period, svc.clock()).as_json())


@bp.post("/periods/<int:period_id>/dry-run")
@require("team_lead")
def dry_run_period(period_id: int) -> Any:
    """The same for a saved period, with an optional proposed edit (scope, notice,
    replacement)."""
    raw = request.get_json(silent=True) if request.get_data() else {}
    if not isinstance(raw, dict):
        raise PayloadError("body must be a JSON object")
    data = schema(PeriodPatchSchema).load(raw) if raw else {}
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    period = svc.dry_run.edited(period, data)
    return jsonify(svc.dry_run.run(period, svc.clock()).as_json())


@bp.post("/periods/<int:period_id>/end")
@require("team_lead")
def end_period(period_id: int) -> Any:
    svc = services()
    period = svc.periods.end(period_id, actor(), allowed_helpdesks())
    return jsonify(period_json(period, svc.clock()))


@bp.get("/periods/<int:period_id>/daily-word")
@require("viewer")
def daily_word(period_id: int) -> Any:
    """The daily word the replacement or the team lead gets (or would get) today."""
    recipient = request.args.get("recipient", "team_lead")
    if recipient not in {r.value for r in Recipient}:
        raise ValidationFailed({"recipient": ["must be replacement or team_lead"]})
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    if svc.daily_word is None:
        raise NotFound(N_("the daily word is not configured"))
    word = svc.daily_word.preview(period, Recipient(recipient), svc.clock())
    return jsonify(
        {
            "recipient": word.recipient.value,
            "enabled": svc.daily_word.settings_of(period).enabled,
            "lang": word.lang,
            "day": word.day.isoformat(),
            "subject": word.subject,
            "greeting": word.greeting,
            "has_news": word.has_news,
            "sections": [
                {"title": s.title, "items": [{"text": i.text, "url": i.url} for i in s.items]}
                for s in word.sections
            ],
            "text": render_text(word),
            "html": render_html(word),
        }
    )


def _daily_word_service() -> Any:
    service = services().daily_word
    if service is None:
        raise NotFound(N_("the daily word is not configured"))
    return service


@bp.get("/periods/<int:period_id>/daily-word/settings")
@require("viewer")
def daily_word_settings(period_id: int) -> Any:
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    return jsonify(_daily_word_service().period_settings(period))


@bp.put("/periods/<int:period_id>/daily-word/settings")
@require("team_lead")
def change_daily_word_settings(period_id: int) -> Any:
    data = _json_body()
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    return jsonify(_daily_word_service().change_settings(period, data, actor(), svc.clock()))


def _int_arg(name: str, default: int | None, lo: int = 1, hi: int = 1000) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed({name: ["must be a whole number"]}) from None
    if not lo <= value <= hi:
        raise ValidationFailed({name: [Msg("must be from %(lo)s to %(hi)s", lo=lo, hi=hi)]})
    return value


@bp.get("/audit")
@require("viewer")
def audit() -> Any:
    svc = services()
    limit = _int_arg("limit", 100) or 100
    records = svc.repositories.audit.audit_records(
        allowed_helpdesks(),
        period_id=_int_arg("period_id", None, 1, 2**31 - 1),
        ticket_id=request.args.get("ticket_id"),
        limit=limit,
        before_id=_int_arg("before_id", None, 1, 2**31 - 1),
    )
    nxt = records[-1]["id"] if len(records) == limit else None
    # The API keeps its English ``reason``; the msgid and values behind it are the page's.
    shown = [{k: v for k, v in r.items() if k != "reason_msg"} for r in records]
    return jsonify({"audit": shown, "next_before_id": nxt})


@bp.get("/events/dead")
@require("viewer")
def dead_events() -> Any:
    return jsonify({"events": services().store.dead_events(allowed_helpdesks())})


@bp.post("/events/<int:event_id>/replay")
@require("admin")
def replay(event_id: int) -> Any:
    svc = services()
    dead = {e["id"] for e in svc.store.dead_events(allowed_helpdesks(), limit=10_000)}
    if event_id not in dead or not svc.store.replay(event_id, svc.clock()):
        raise NotFound(Msg("no dead-lettered event %(event_id)s", event_id=event_id))
    svc.wake.set()
    return jsonify({"replayed": event_id}), 202


@bp.get("/templates")
@require("viewer")
def list_templates() -> Any:
    return jsonify({"templates": services().repositories.templates.templates(allowed_helpdesks())})


@bp.post("/templates")
@require("team_lead")
def create_template() -> Any:
    """Save a new template version; it is sandbox-checked and privacy-linted first (422)."""
    data = schema(TemplateCreateSchema).load(_json_body())
    svc = services()
    if data["helpdesk"] not in svc.helpdesks:
        raise ValidationFailed(
            {"helpdesk": [Msg("unknown helpdesk %(helpdesk)s", helpdesk=repr(data["helpdesk"]))]}
        )
    allowed = allowed_helpdesks()
    if allowed is not None and data["helpdesk"] not in allowed:
        return error_response(
            403, "forbidden", f"this token may not use helpdesk {data['helpdesk']!r}"
        )
    activate = data.pop("activate")
    saved = svc.notices.save_template(data, actor())
    if activate:
        saved = svc.notices.activate_template(saved["id"], actor())
    return jsonify(saved), 201


@bp.post("/templates/<int:template_id>/activate")
@require("team_lead")
def activate_template(template_id: int) -> Any:
    svc = services()
    row = svc.repositories.templates.template(template_id)
    allowed = allowed_helpdesks()
    if row is None or (allowed is not None and row["helpdesk"] not in allowed):
        raise NotFound(Msg("no template %(template_id)s", template_id=template_id))
    return jsonify(svc.notices.activate_template(template_id, actor()))


def _ticket_to_preview(adapter: Any, ticket_id: str) -> Any:
    """The ticket, or a 422 naming ``ticket_id`` when the helpdesk has no such ticket (other
    helpdesk failures stay 502: the preview cannot be made right now)."""
    try:
        return adapter.get_ticket(ticket_id)
    except VendorError as exc:
        if exc.status == 404:
            raise ValidationFailed(
                {
                    "ticket_id": [
                        Msg(
                            "no ticket %(id)s in helpdesk %(helpdesk)s",
                            id=ticket_id,
                            helpdesk=adapter.config.key,
                        )
                    ]
                }
            ) from None
        raise


@bp.post("/notices/preview")
@require("viewer")
def preview_notice() -> Any:
    """Render the notice a customer would get, for a period and a real or sample ticket."""
    data = schema(PreviewSchema).load(_json_body())
    svc = services()
    period = svc.periods.get(data["period_id"], allowed_helpdesks())
    adapter = svc.helpdesks[period.helpdesk]
    customer = None
    if data["ticket_id"]:
        ticket = _ticket_to_preview(adapter, data["ticket_id"])
        if ticket.requester_id:
            customer = adapter.get_customer(ticket.requester_id)
    if customer is None and data["customer_name"]:
        from connector.domain.helpdesk import Customer

        customer = Customer("sample", data["lang"], True, name=data["customer_name"])
    day = max(svc.clock(), period.starts_at).astimezone(ZoneInfo(period.timezone)).date()
    rendered = svc.notices.render(
        period,
        adapter.config,
        customer,
        day,
        ticket_reference=data["ticket_id"] or "",
        lang=data["lang"],
        kind=data["kind"],
    )
    return jsonify(
        {
            "lang": rendered.lang,
            "subject": rendered.subject,
            "text": rendered.text,
            "html": rendered.html,
        }
    )
