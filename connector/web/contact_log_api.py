"""/api/v1/contact-log and /api/v1/hr: the employee's HR file, team leads and admins only.

Contact-log entries are confidential HR data: a viewer token gets 403 on every route here,
except the period's contact procedure (issue 21, item 4), whose schedule a viewer may read
without its two free texts (what is and is not discussed).
Entries are append-only: a correction is POST /contact-log/<id>/supersede with a full entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, jsonify, request
from marshmallow import RAISE, Schema, fields, validate

from connector.domain.contact_log import (
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
    entry_to_dict,
)
from connector.domain.contact_procedure import (
    CHANNELS,
    EVERY_MAX,
    NAME_MAX,
    TEXT_MAX,
    ContactProcedure,
    Unit,
    due_to_dict,
    procedure_to_dict,
)
from connector.domain.messages import Msg
from connector.errors import PayloadError, ValidationFailed
from connector.web.auth import RANK, actor, allowed_helpdesks, require, token
from connector.web.context import helpdesk_filter, services
from connector.web.schemas import StrictBoolean, schema

if TYPE_CHECKING:
    from apispec import APISpec

bp = Blueprint("contact_log", __name__, url_prefix="/api/v1")

NO_MEDICAL = "no medical information: no diagnosis, symptoms, treatment or appointments"


def _one_of(cls: Any) -> validate.OneOf:
    return validate.OneOf([m.value for m in cls])


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class AuthorSchema(_Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    function = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "the author's function, e.g. Team lead"},
    )


class ParticipantSchema(_Strict):
    role = fields.String(required=True, validate=_one_of(Role))
    name = fields.String(load_default="", validate=validate.Length(max=200))


class AgreementSchema(_Strict):
    what = fields.String(required=True, validate=validate.Length(min=1, max=SHORT_TEXT_MAX))
    who = fields.String(required=True, validate=validate.Length(min=1, max=200))
    by_when = fields.Date(load_default=None, allow_none=True)


class EmployeeViewSchema(_Strict):
    stance = fields.String(load_default="not_discussed", validate=_one_of(Stance))
    own_words = fields.String(load_default="", validate=validate.Length(max=SHORT_TEXT_MAX))


class NextContactSchema(_Strict):
    date = fields.Date(required=True)
    channel = fields.String(required=True, validate=_one_of(Channel))
    by_whom = fields.String(load_default="", validate=validate.Length(max=200))


class MayTellSchema(_Strict):
    colleagues = fields.String(load_default="", validate=validate.Length(max=SHORT_TEXT_MAX))
    customers = fields.String(
        load_default="",
        validate=validate.Length(max=SHORT_TEXT_MAX),
        metadata={"description": "never a reason (rule 1)"},
    )


class ContactEntryCreateSchema(_Strict):
    helpdesk = fields.String(required=True)
    employee = fields.Email(required=True, metadata={"description": "the employee's e-mail"})
    period_id = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "default: the period covering contact_at"},
    )
    contact_at = fields.AwareDateTime(required=True)
    author = fields.Nested(AuthorSchema, required=True)
    participants = fields.List(fields.Nested(ParticipantSchema), load_default=list)
    channel = fields.String(required=True, validate=_one_of(Channel))
    initiative = fields.String(load_default="employer", validate=_one_of(Initiative))
    outcome = fields.String(required=True, validate=_one_of(Outcome))
    purpose = fields.String(required=True, validate=_one_of(Purpose))
    topics = fields.List(fields.String(validate=_one_of(Purpose)), load_default=list)
    summary = fields.String(
        required=True,
        validate=validate.Length(min=1, max=SUMMARY_MAX),
        metadata={"description": f"short and factual; {NO_MEDICAL}; no customer data"},
    )
    agreements = fields.List(fields.Nested(AgreementSchema), load_default=list)
    employee_view = fields.Nested(EmployeeViewSchema, load_default=dict)
    next_contact = fields.Nested(NextContactSchema, load_default=None, allow_none=True)
    may_tell = fields.Nested(MayTellSchema, load_default=dict)


class ContactEntrySupersedeSchema(ContactEntryCreateSchema):
    helpdesk = fields.String(load_default=None)
    employee = fields.Email(load_default=None)


class ContactProcedureSchema(_Strict):
    """How contact with the employee goes in the period (issue 21, item 4)."""

    by_whom = fields.String(
        load_default="",
        validate=validate.Length(max=NAME_MAX),
        metadata={"description": "who makes contact (a name); empty: the team lead"},
    )
    every = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=EVERY_MAX)
    )
    unit = fields.String(required=True, validate=_one_of(Unit))
    channel = fields.String(required=True, validate=validate.OneOf([c.value for c in CHANNELS]))
    discussed = fields.String(
        load_default="",
        validate=validate.Length(max=TEXT_MAX),
        metadata={"description": f"what is discussed; {NO_MEDICAL}"},
    )
    not_discussed = fields.String(
        load_default="",
        validate=validate.Length(max=TEXT_MAX),
        metadata={"description": f"what is not discussed; {NO_MEDICAL}"},
    )
    less_contact = StrictBoolean(
        load_default=False,
        metadata={"description": "the employee wishes less contact for a while"},
    )
    check_in_on = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "with less_contact: the day to check in again (not past)"},
    )


def _json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise PayloadError("body must be a JSON object (Content-Type: application/json)")
    return data


def entry_json(entry: ContactEntry, superseded_by: list[str]) -> dict[str, Any]:
    out = entry_to_dict(entry)
    out["superseded_by"] = superseded_by
    out["current"] = not superseded_by
    return out


def _check_helpdesk(key: str) -> None:
    allowed = allowed_helpdesks()
    if allowed is not None and key not in allowed:
        raise ValidationFailed(
            {"helpdesk": [Msg("this token may not use helpdesk %(helpdesk)s", helpdesk=repr(key))]}
        )


@bp.post("/contact-log")
@require("team_lead")
def create_entry() -> Any:
    data = schema(ContactEntryCreateSchema).load(_json_body())
    _check_helpdesk(data["helpdesk"])
    svc = services()
    assert svc.contact_log is not None
    entry = svc.contact_log.create(data, actor())
    return jsonify(entry_json(entry, [])), 201


@bp.get("/contact-log")
@require("team_lead")
def list_entries() -> Any:
    helpdesk = request.args.get("helpdesk", "")
    employee = request.args.get("employee", "").strip().lower()
    errors = {}
    if not helpdesk:
        errors["helpdesk"] = ["required: the helpdesk key"]
    elif helpdesk not in services().helpdesks:
        errors["helpdesk"] = [Msg("unknown helpdesk %(helpdesk)s", helpdesk=repr(helpdesk))]
    if not employee:
        errors["employee"] = ["required: the employee's e-mail"]
    if errors:
        raise ValidationFailed(errors)
    _check_helpdesk(helpdesk)
    svc = services()
    assert svc.contact_log is not None
    rows = svc.contact_log.log.entries([helpdesk], employee)
    svc.access_log.record(
        svc.clock(), actor(), ReadVia.API, helpdesk, employee, [e.id for e, _by in rows]
    )
    return jsonify({"entries": [entry_json(e, by) for e, by in rows]})


@bp.get("/contact-log/<entry_id>")
@require("team_lead")
def get_entry(entry_id: str) -> Any:
    svc = services()
    assert svc.contact_log is not None
    entry, by = svc.contact_log.get(entry_id, allowed_helpdesks())
    svc.access_log.record(
        svc.clock(), actor(), ReadVia.API, entry.helpdesk, entry.employee_email, [entry.id]
    )
    return jsonify(entry_json(entry, by))


@bp.get("/contact-log/access")
@require("admin")
def access_log() -> Any:
    """Who read which contact-log entries, newest first (admins only)."""
    employee = request.args.get("employee", "").strip().lower() or None
    helpdesk = helpdesk_filter()
    if helpdesk:
        _check_helpdesk(helpdesk)
    reads = services().access_log.reads([helpdesk] if helpdesk else allowed_helpdesks(), employee)
    return jsonify(
        {
            "reads": [
                {
                    "at": r.at.isoformat(),
                    "actor": r.actor,
                    "via": r.via.value,
                    "helpdesk": r.helpdesk,
                    "employee": r.employee_email,
                    "entry_ids": list(r.entry_ids),
                }
                for r in reads
            ]
        }
    )


@bp.post("/contact-log/<entry_id>/supersede")
@require("team_lead")
def supersede_entry(entry_id: str) -> Any:
    data = schema(ContactEntrySupersedeSchema).load(_json_body())
    svc = services()
    assert svc.contact_log is not None
    entry = svc.contact_log.supersede(entry_id, data, actor(), allowed_helpdesks())
    return jsonify(entry_json(entry, [])), 201


def procedure_json(
    procedure: ContactProcedure | None, due: dict[str, Any], *, texts: bool
) -> dict[str, Any]:
    """The procedure and the next contact due; a viewer reads no free text (HR-file data)."""
    shown = procedure_to_dict(procedure) if procedure else None
    if shown is not None and not texts:
        shown.pop("discussed")
        shown.pop("not_discussed")
    return {"procedure": shown, "next_contact": due}


@bp.get("/periods/<int:period_id>/contact-procedure")
@require("viewer")
def get_contact_procedure(period_id: int) -> Any:
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    procedures = svc.contact_procedures
    due = due_to_dict(procedures.due(period, svc.clock()))
    return jsonify(
        procedure_json(procedures.get(period), due, texts=RANK[token().role] >= RANK["team_lead"])
    )


@bp.put("/periods/<int:period_id>/contact-procedure")
@require("team_lead")
def put_contact_procedure(period_id: int) -> Any:
    data = schema(ContactProcedureSchema).load(_json_body())
    svc = services()
    period = svc.periods.get(period_id, allowed_helpdesks())
    procedure = svc.contact_procedures.save(period, data, actor(), "")
    due = due_to_dict(svc.contact_procedures.due(period, svc.clock()))
    return jsonify(procedure_json(procedure, due, texts=True))


@bp.get("/hr/dead")
@require("team_lead")
def dead_deliveries() -> Any:
    svc = services()
    assert svc.contact_log is not None
    return jsonify({"deliveries": svc.contact_log.log.outbox(allowed_helpdesks(), "dead")})


@bp.post("/hr/outbox/<int:item_id>/replay")
@require("team_lead")
def replay_delivery(item_id: int) -> Any:
    """Team leads replay from the period page too; a replay re-sends the same stored entry."""
    svc = services()
    assert svc.contact_log is not None
    svc.contact_log.replay(item_id, allowed_helpdesks())
    svc.wake.set()
    return jsonify({"replayed": item_id}), 202


_DATE_OR_NULL = {"type": "string", "format": "date", "nullable": True}
PROCEDURE_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["procedure", "next_contact"],
    "properties": {
        "procedure": {
            "type": "object",
            "nullable": True,
            "required": ["by_whom", "every", "unit", "channel", "agreed_on", "less_contact"],
            "properties": {
                "by_whom": {"type": "string", "description": "empty: the team lead"},
                "every": {"type": "integer", "minimum": 1, "maximum": EVERY_MAX},
                "unit": {"type": "string", "enum": [u.value for u in Unit]},
                "channel": {"type": "string", "enum": [c.value for c in CHANNELS]},
                "agreed_on": {"type": "string", "format": "date"},
                "discussed": {"type": "string", "description": "team leads and admins only"},
                "not_discussed": {"type": "string", "description": "team leads and admins only"},
                "less_contact": {"type": "boolean"},
                "check_in_on": _DATE_OR_NULL,
            },
        },
        "next_contact": {
            "type": "object",
            "required": ["state", "date", "by_whom", "channel"],
            "properties": {
                "state": {
                    "type": "string",
                    "enum": ["due", "overdue", "paused", "none"],
                    "description": "due on date; overdue since date (said kindly); paused "
                    "until the check-in date at the employee's wish; none: no procedure",
                },
                "date": _DATE_OR_NULL,
                "by_whom": {"type": "string", "nullable": True},
                "channel": {"type": "string", "nullable": True},
            },
        },
    },
}


def add_openapi(spec: APISpec, op: Any) -> None:
    """Document these routes in the served OpenAPI document."""
    from connector.web.schemas import id_param

    spec.components.schema("ContactEntryCreate", schema=ContactEntryCreateSchema)
    spec.components.schema("ContactEntrySupersede", schema=ContactEntrySupersedeSchema)
    spec.components.schema("ContactProcedure", schema=ContactProcedureSchema)
    pid = [id_param("period_id")]
    spec.path(
        "/api/v1/periods/{period_id}/contact-procedure",
        operations={
            "get": op(
                "The period's contact procedure and the next contact due (a viewer gets no "
                "free text)",
                params=pid,
                ok=PROCEDURE_OUT,
            ),
            "put": op(
                "Agree or change the contact procedure (privacy-linted, audited, recorded in "
                "the contact log)",
                body="ContactProcedure",
                params=pid,
                ok=PROCEDURE_OUT,
                role="team_lead",
            ),
        },
    )
    eid = [{"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string"}}]
    # Blank is missing: the view strips the e-mail and names both when absent (422).
    some = {"type": "string", "minLength": 1, "pattern": r"\S"}
    q = [
        {"name": "helpdesk", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "employee", "in": "query", "required": True, "schema": some},
    ]
    spec.path(
        "/api/v1/contact-log",
        operations={
            "get": op("Contact-log entries of one employee", params=q, role="team_lead"),
            "post": op(
                "Record a contact-log entry (redacted, privacy-linted)",
                body="ContactEntryCreate",
                code=201,
                role="team_lead",
            ),
        },
    )
    spec.path(
        "/api/v1/contact-log/{entry_id}",
        operations={"get": op("One contact-log entry", params=eid, role="team_lead")},
    )
    spec.path(
        "/api/v1/contact-log/access",
        operations={
            "get": op(
                "Who read which contact-log entries (the access log), newest first",
                params=[
                    {"name": "helpdesk", "in": "query", "schema": {"type": "string"}},
                    {"name": "employee", "in": "query", "schema": {"type": "string"}},
                ],
                role="admin",
            )
        },
    )
    spec.path(
        "/api/v1/contact-log/{entry_id}/supersede",
        operations={
            "post": op(
                "Correct an entry with a full new one (append-only)",
                body="ContactEntrySupersede",
                code=201,
                params=eid,
                role="team_lead",
            )
        },
    )
    spec.path(
        "/api/v1/hr/dead", operations={"get": op("Dead-lettered HR deliveries", role="team_lead")}
    )
    spec.path(
        "/api/v1/hr/outbox/{item_id}/replay",
        operations={
            "post": op(
                "Replay a dead-lettered HR delivery",
                code=202,
                role="team_lead",
                params=[id_param("item_id")],
            )
        },
    )
