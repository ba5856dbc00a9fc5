"""API schemas (strict: unknown fields are errors) and the JSON views of domain objects."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import RAISE, Schema, fields, validate

from connector.domain.periods import NoticeSettings, Period


class NoticeSettingsSchema(Schema):
    class Meta:
        unknown = RAISE

    enabled = fields.Boolean()
    variant = fields.String(validate=validate.OneOf(["formal", "informal"]))
    per = fields.String(validate=validate.OneOf(["customer", "ticket"]))
    name_original_agent = fields.Boolean(
        metadata={"description": "name the original agent as 'temporarily not available'"}
    )
    show_end_date = fields.Boolean()


class TemplateCreateSchema(Schema):
    class Meta:
        unknown = RAISE

    helpdesk = fields.String(required=True)
    kind = fields.String(load_default="notice", validate=validate.OneOf(["notice", "handback"]))
    variant = fields.String(load_default="formal", validate=validate.OneOf(["formal", "informal"]))
    lang = fields.String(required=True, validate=validate.OneOf(["nl", "fr", "de", "en"]))
    subject = fields.String(required=True, validate=validate.Length(min=1, max=300))
    text = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    html = fields.String(load_default="", validate=validate.Length(max=20_000))
    activate = fields.Boolean(load_default=True)


class PreviewSchema(Schema):
    class Meta:
        unknown = RAISE

    period_id = fields.Integer(required=True)
    ticket_id = fields.String(load_default=None, metadata={"description": "a real ticket"})
    lang = fields.String(load_default=None, validate=validate.OneOf(["nl", "fr", "de", "en"]))
    customer_name = fields.String(load_default=None, validate=validate.Length(max=200))
    kind = fields.String(load_default="notice", validate=validate.OneOf(["notice", "handback"]))


class PeriodCreateSchema(Schema):
    class Meta:
        unknown = RAISE

    helpdesk = fields.String(
        required=True, metadata={"description": "helpdesk key from the config"}
    )
    employee = fields.Email(required=True, metadata={"description": "agent e-mail of the employee"})
    replacement = fields.Email(required=True, metadata={"description": "agent e-mail"})
    starts_at = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "date (whole day) or date-time; local to timezone unless offset"},
    )
    ends_at = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "date (inclusive, whole day) or date-time (exclusive)"},
    )
    timezone = fields.String(
        load_default=None, metadata={"description": "IANA name; default: the helpdesk's"}
    )
    scope = fields.Dict(load_default=dict)
    notice = fields.Nested(NoticeSettingsSchema, load_default=dict)


class PeriodPatchSchema(Schema):
    class Meta:
        unknown = RAISE

    replacement = fields.Email()
    starts_at = fields.String(validate=validate.Length(min=1, max=40))
    ends_at = fields.String(validate=validate.Length(min=1, max=40))
    timezone = fields.String()
    scope = fields.Dict()
    notice = fields.Nested(NoticeSettingsSchema)


class AgentOut(Schema):
    email = fields.String()
    id = fields.String()
    name = fields.String()


class PeriodOut(Schema):
    id = fields.Integer()
    helpdesk = fields.String()
    employee = fields.Nested(AgentOut)
    replacement = fields.Nested(AgentOut)
    starts_at = fields.String()
    ends_at = fields.String()
    starts_at_local = fields.String()
    ends_at_local = fields.String()
    timezone = fields.String()
    status = fields.String()
    ended_early_at = fields.String(allow_none=True)
    created_by = fields.String()
    scope = fields.Dict()


ErrorBody = Schema.from_dict(
    {
        "status": fields.Integer(),
        "code": fields.String(),
        "message": fields.String(),
        "fields": fields.Dict(keys=fields.String(), values=fields.List(fields.String())),
    },
    name="ErrorBody",
)


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody)


class AuditOut(Schema):
    id = fields.Integer()
    at = fields.String()
    helpdesk = fields.String()
    action = fields.String()
    period_id = fields.Integer(allow_none=True)
    event_id = fields.Integer(allow_none=True)
    ticket_id = fields.String(allow_none=True)
    from_agent = fields.String(allow_none=True)
    to_agent = fields.String(allow_none=True)
    reason = fields.String()
    vendor_status = fields.Integer(allow_none=True)
    vendor_response = fields.String(allow_none=True)
    actor = fields.String()


def period_json(p: Period, now: dt.datetime) -> dict[str, Any]:
    tz = ZoneInfo(p.timezone)
    return {
        "id": p.id,
        "helpdesk": p.helpdesk,
        "employee": {"email": p.employee_email, "id": p.employee_id, "name": p.employee_name},
        "replacement": {
            "email": p.replacement_email,
            "id": p.replacement_id,
            "name": p.replacement_name,
        },
        "starts_at": p.starts_at.isoformat(),
        "ends_at": p.ends_at.isoformat(),
        "starts_at_local": p.starts_at.astimezone(tz).isoformat(),
        "ends_at_local": p.ends_at.astimezone(tz).isoformat(),
        "timezone": p.timezone,
        "status": p.status(now),
        "ended_early_at": p.ended_early_at.isoformat() if p.ended_early_at else None,
        "created_by": p.created_by,
        "scope": p.scope,
        "notice": dataclasses.asdict(NoticeSettings.of(p)),
    }
