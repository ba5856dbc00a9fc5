"""API schemas (strict: unknown fields are errors) and the JSON views of domain objects."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from connector.domain.balancing import Capacity, capacity_report
from connector.domain.messages import N_
from connector.domain.periods import (
    HANDBACK_POLICIES,
    MENTIONS,
    HandbackSettings,
    NoticeSettings,
    Period,
)

S = TypeVar("S", bound=Schema)


@functools.cache
def schema(cls: type[S]) -> S:
    """One instance per schema class, shared by every request: making one copies each
    declared field (a third of the CPU of a refused request), and loading keeps nothing on
    the instance (no hook here stores state on ``self``)."""
    return cls()


class StrictBoolean(fields.Boolean):
    """JSON ``true`` or ``false``, as the document says: marshmallow's Boolean would also
    take 0, 1, "yes", "on" and more (the page converts its checkboxes before loading)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class NoticeSettingsSchema(Schema):
    class Meta:
        unknown = RAISE

    enabled = StrictBoolean()
    variant = fields.String(validate=validate.OneOf(["formal", "informal"]))
    per = fields.String(validate=validate.OneOf(["customer", "ticket"]))
    name_original_agent = StrictBoolean(
        metadata={"description": "the older switch for mention: unavailable"}
    )
    mention = fields.String(
        validate=validate.OneOf(MENTIONS),
        metadata={
            "description": "how the notice mentions the employee, as agreed with them (recorded "
            "in the contact log): none (default), unavailable ('temporarily not available'), "
            "still_works ('still works on your account; for contact, <replacement> helps you "
            "for now'); never a reason"
        },
    )
    show_end_date = StrictBoolean()
    at_start = StrictBoolean(
        metadata={"description": "notify customers of tickets moved at the start (default true)"}
    )


_values = fields.List(
    fields.String(validate=validate.Length(min=1, max=200)), validate=validate.Length(max=500)
)


class ScopeFilterSchema(Schema):
    class Meta:
        unknown = RAISE

    tags = _values
    groups = _values
    priorities = fields.List(
        fields.String(validate=validate.OneOf(["low", "normal", "high", "urgent"]))
    )
    customers = fields.List(
        fields.String(validate=validate.Length(min=1, max=320)),
        metadata={"description": "e-mail address, @domain, or organisation id"},
    )


class FilterList(fields.Field):
    """A list of scope filters (any may match); a single filter object is a one-item list."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        items = [value] if isinstance(value, dict) else value
        if not isinstance(items, list) or len(items) > 50:
            raise ValidationError(N_("must be a filter object or a list of at most 50 of them"))
        out, problems = [], {}
        for i, item in enumerate(items):
            try:
                out.append(schema(ScopeFilterSchema).load(item))
            except ValidationError as exc:
                problems[i] = exc.messages
        if problems:
            raise ValidationError(problems)
        return out


class ScopeSchema(Schema):
    class Meta:
        unknown = RAISE

    include = FilterList(metadata={"description": "filters; a ticket matching any is rerouted"})
    # ``exclude`` is a Schema attribute in marshmallow, hence the other attribute name.
    exclude_ = FilterList(
        data_key="exclude", metadata={"description": "filters; a ticket matching any stays"}
    )

    @post_load
    def _keys(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if "exclude_" in data:
            data["exclude"] = data.pop("exclude_")
        return data


class CapacitySchema(Schema):
    """A gradual return: how much new work the employee takes back per local day."""

    class Meta:
        unknown = RAISE

    per_day = fields.Integer(
        strict=True,
        validate=validate.Range(min=0, max=100000),
        metadata={"description": "at most this many new tickets a day"},
    )
    percent = fields.Integer(
        strict=True,
        validate=validate.Range(min=0, max=100),
        metadata={"description": "this percentage of the day's new tickets in scope"},
    )

    @validates_schema
    def _one(self, data: dict[str, Any], **_: Any) -> None:
        if len(data) != 1:
            raise ValidationError(N_("give exactly one of per_day or percent"), "capacity")


class PhaseSchema(Schema):
    class Meta:
        unknown = RAISE

    from_ = fields.String(
        required=True,
        data_key="from",
        validate=validate.Length(min=1, max=40),
        metadata={"description": "date or date-time the phase starts (period's time zone)"},
    )
    until = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "optional end (date inclusive); default: the next phase"},
    )
    name = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "optional name for the team lead's page, e.g. routine work"},
    )
    scope = fields.Nested(ScopeSchema, required=True, metadata={"description": "still rerouted"})
    capacity = fields.Nested(CapacitySchema, load_default=None)

    @post_load
    def _keys(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["from"] = data.pop("from_")
        return data


class ExtraReplacementSchema(Schema):
    class Meta:
        unknown = RAISE

    replacement = fields.Email(required=True, metadata={"description": "agent e-mail"})
    scope = fields.Nested(
        ScopeSchema,
        load_default=dict,
        metadata={"description": "the tickets this replacement takes (default: any)"},
    )


class BalancingSchema(Schema):
    class Meta:
        unknown = RAISE

    strategy = fields.String(
        load_default="round_robin",
        validate=validate.OneOf(["round_robin", "fewest_open", "share"]),
        metadata={"description": "how tickets are shared among the eligible replacements"},
    )
    shares = fields.Dict(
        keys=fields.Email(),
        values=fields.Integer(strict=True, validate=validate.Range(min=1, max=1000)),
        validate=validate.Length(max=21),
        metadata={"description": "share strategy: replacement e-mail → weight"},
    )
    primary_scope = fields.Nested(
        ScopeSchema, metadata={"description": "the tickets the first replacement takes"}
    )


class HandbackSchema(Schema):
    class Meta:
        unknown = RAISE

    policy = fields.String(validate=validate.OneOf(list(HANDBACK_POLICIES)))
    notice = StrictBoolean(metadata={"description": "send the hand-back notice"})


class PlainFieldsSchema(Schema):
    """A notice in plain fields, with the placeholders {customer_name}, {replacement_first_name},
    {replacement_name}, {start}, {until}, {contact}, {company}; a hand-back notice: {customer_name},
    {usual_contact}, {start}, {contact}, {company}."""

    class Meta:
        unknown = RAISE

    subject = fields.String(load_default="", validate=validate.Length(max=300))
    greeting = fields.String(load_default="", validate=validate.Length(max=2_000))
    greeting_no_name = fields.String(load_default="", validate=validate.Length(max=2_000))
    main = fields.String(load_default="", validate=validate.Length(max=2_000))
    reach = fields.String(load_default="", validate=validate.Length(max=2_000))
    reach_no_contact = fields.String(load_default="", validate=validate.Length(max=2_000))
    closing = fields.String(load_default="", validate=validate.Length(max=2_000))


class TemplateCreateSchema(Schema):
    class Meta:
        unknown = RAISE

    helpdesk = fields.String(required=True)
    kind = fields.String(load_default="notice", validate=validate.OneOf(["notice", "handback"]))
    variant = fields.String(load_default="formal", validate=validate.OneOf(["formal", "informal"]))
    lang = fields.String(required=True, validate=validate.OneOf(["nl", "fr", "de", "en"]))
    subject = fields.String(load_default="", validate=validate.Length(max=300))
    text = fields.String(load_default="", validate=validate.Length(max=20_000))
    html = fields.String(load_default="", validate=validate.Length(max=20_000))
    plain = fields.Nested(
        "PlainFieldsSchema",
        data_key="fields",
        attribute="fields",  # loaded as "fields", without shadowing marshmallow's module here
        load_default=None,
        allow_none=True,
        metadata={
            "description": "plain fields (a notice written without template code); the text "
            "and HTML bodies are made from them, and subject, text and html are then ignored"
        },
    )
    activate = StrictBoolean(load_default=True)

    @validates_schema
    def _template_code_or_fields(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("fields"):
            return
        needed = ("subject", "text")
        missing = {name: ["required (or give fields)"] for name in needed if not data.get(name)}
        if missing:
            raise ValidationError(missing)


class PreviewSchema(Schema):
    class Meta:
        unknown = RAISE

    period_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    ticket_id = fields.String(
        load_default=None,
        # It goes into the helpdesk API's URL path: no slashes, dots or other surprises.
        validate=validate.Regexp(
            r"^[A-Za-z0-9_-]{1,64}$", error=N_("a ticket id is 1 to 64 letters, digits, - or _")
        ),
        metadata={"description": "a real ticket"},
    )
    lang = fields.String(load_default=None, validate=validate.OneOf(["nl", "fr", "de", "en"]))
    customer_name = fields.String(load_default=None, validate=validate.Length(max=200))
    kind = fields.String(load_default="notice", validate=validate.OneOf(["notice", "handback"]))


ACCEPT_DOC = (
    "the helpdesk is asked whether the replacement can take the employee's open tickets "
    "(active agent; rights in the groups/queues/teams of those tickets; a seat where the "
    "vendor has one). What is missing answers 422 on replacement, unless this is true: then "
    "the period is saved and the findings stay in its warnings"
)


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
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=40),
        metadata={
            "description": "date (inclusive, whole day) or date-time (exclusive); null or "
            'left out: open-ended, "until further notice", until a team lead dates or ends it'
        },
    )
    timezone = fields.String(
        load_default=None, metadata={"description": "IANA name; default: the helpdesk's"}
    )
    scope = fields.Nested(ScopeSchema, load_default=dict)
    notice = fields.Nested(NoticeSettingsSchema, load_default=dict)
    phases = fields.List(
        fields.Nested(PhaseSchema), load_default=list, validate=validate.Length(max=20)
    )
    handback = fields.Nested(HandbackSchema, load_default=dict)
    move_on_replacement_change = StrictBoolean(load_default=True)
    replacements = fields.List(
        fields.Nested(ExtraReplacementSchema),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "more replacements beside the first"},
    )
    balancing = fields.Nested(BalancingSchema, load_default=dict)
    accept_warnings = StrictBoolean(load_default=False, metadata={"description": ACCEPT_DOC})


class PeriodPatchSchema(Schema):
    class Meta:
        unknown = RAISE

    replacement = fields.Email()
    starts_at = fields.String(validate=validate.Length(min=1, max=40))
    ends_at = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=40),
        metadata={
            "description": "a new end (after starts_at, not in the past; to end now, POST "
            ".../end); null: open-ended again, until further notice"
        },
    )
    timezone = fields.String()
    scope = fields.Nested(ScopeSchema)
    notice = fields.Nested(NoticeSettingsSchema)
    phases = fields.List(fields.Nested(PhaseSchema), validate=validate.Length(max=20))
    handback = fields.Nested(HandbackSchema)
    move_on_replacement_change = StrictBoolean()
    replacements = fields.List(
        fields.Nested(ExtraReplacementSchema), validate=validate.Length(max=20)
    )
    balancing = fields.Nested(BalancingSchema)
    accept_warnings = StrictBoolean(load_default=False, metadata={"description": ACCEPT_DOC})


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
    ends_at = fields.String(allow_none=True, metadata={"description": "null: until further notice"})
    starts_at_local = fields.String()
    ends_at_local = fields.String(allow_none=True)
    open_ended = StrictBoolean(
        metadata={"description": "no end yet (until further notice) and not ended"}
    )
    timezone = fields.String()
    status = fields.String()
    ended_early_at = fields.String(allow_none=True)
    created_by = fields.String()
    scope = fields.Dict()
    notice = fields.Dict()
    phases = fields.List(fields.Dict())
    handback = fields.Dict()
    move_on_replacement_change = StrictBoolean()
    start_move = fields.Dict(metadata={"description": "status, total, moved, failed, skipped"})
    handback_result = fields.Dict(allow_none=True)
    phase_moves = fields.Dict(
        metadata={"description": "hand-backs at phase boundaries: boundary (UTC) → progress"}
    )
    replacements = fields.List(fields.Dict(), metadata={"description": "id, email, name, scope"})
    balancing = fields.Dict()
    capacity_days = fields.List(
        fields.Dict(),
        metadata={"description": "per local day: returned to the employee, plan"},
    )
    warnings = fields.List(
        fields.String(),
        metadata={
            "description": "on create, change and get: cycles of replacements, and what the "
            "helpdesk said the replacement lacks (groups/queues/teams without rights, not an "
            "active agent, no seat) or could not tell, kept once a team lead accepted it"
        },
    )


ErrorBody = Schema.from_dict(
    {
        "status": fields.Integer(),
        "code": fields.String(),
        "message": fields.String(),
        "fields": fields.Dict(
            keys=fields.String(),
            metadata={"description": "field → messages (nested objects for nested fields)"},
        ),
        "findings": fields.Dict(
            keys=fields.String(),
            values=fields.List(fields.Dict()),
            metadata={
                "description": "when the privacy guard refused: field → findings, each with "
                "text, written, span, category, category_label, language, rewrite, suggestion "
                "and message (in the request's Accept-Language: nl, fr, de or en)"
            },
        ),
    },
    name="ErrorBody",
)


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody, required=True)


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


class DeadEventOut(Schema):
    id = fields.Integer()
    helpdesk = fields.String()
    event_type = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    received_at = fields.String()


class TemplateOut(Schema):
    id = fields.Integer()
    helpdesk = fields.String()
    kind = fields.String()
    variant = fields.String()
    lang = fields.String()
    version = fields.Integer()
    subject = fields.String()
    text = fields.String()
    html = fields.String()
    plain = fields.Nested(  # the plain fields; null for template code
        PlainFieldsSchema, data_key="fields", attribute="fields", allow_none=True
    )
    mode = fields.String(validate=validate.OneOf(["plain", "advanced"]))
    active = StrictBoolean()
    created_by = fields.String()
    created_at = fields.String()


class PreviewOut(Schema):
    lang = fields.String()
    subject = fields.String()
    text = fields.String()
    html = fields.String()


class DryRunCountsOut(Schema):
    total = fields.Integer(metadata={"description": "the employee's open tickets"})
    moved = fields.Integer(metadata={"description": "would go to the replacement"})
    escalated = fields.Integer(metadata={"description": "would go to the fallback agent"})
    kept = fields.Integer(metadata={"description": "would stay (keep-marker, scope, ...)"})
    unassignable = fields.Integer(metadata={"description": "nobody could take them"})
    already_told = fields.Integer(metadata={"description": "customers told before (no notice)"})


class DryRunTicketOut(Schema):
    ticket_id = fields.String()
    move = fields.String(validate=validate.OneOf(["reroute", "escalate", "no_fallback", "skip"]))
    reason = fields.String()
    to_agent = fields.String(allow_none=True)
    notice = fields.String(
        validate=validate.OneOf(
            [
                "send",
                "already_told",
                "not_a_customer",
                "no_requester",
                "blocked",
                "off",
                "not_moved",
            ]
        )
    )
    language = fields.String(allow_none=True)


class DryRunCheckOut(Schema):
    ok = fields.Boolean()
    refusals = fields.List(fields.String())
    notes = fields.List(fields.String())


class DryRunShareOut(Schema):
    agent_id = fields.String()
    name = fields.String()
    tickets = fields.Integer(metadata={"description": "open tickets it would get"})
    customers = fields.Integer(metadata={"description": "distinct customers among them"})


class DryRunOut(Schema):
    """What the start of a period would do; nothing is written to the helpdesk or stored."""

    by_replacement = fields.List(
        fields.Nested(DryRunShareOut),
        metadata={
            "description": "per replacement (every one of the period's, in its order), the "
            "tickets and customers it would get: the same balancing as the start move, "
            "each customer kept with one replacement"
        },
    )

    as_of = fields.String(allow_none=True)
    counts = fields.Nested(DryRunCountsOut)
    customers_by_language = fields.Dict(keys=fields.String(), values=fields.Integer())
    tickets = fields.List(
        fields.Nested(DryRunTicketOut), metadata={"description": "the first 200 tickets"}
    )
    tickets_total = fields.Integer()
    replacement_check = fields.Nested(DryRunCheckOut)


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
        "ends_at": p.ends_at.isoformat() if p.ends_at is not None else None,
        "starts_at_local": p.starts_at.astimezone(tz).isoformat(),
        "ends_at_local": p.ends_at.astimezone(tz).isoformat() if p.ends_at is not None else None,
        "open_ended": p.open_ended,
        "timezone": p.timezone,
        "status": p.status(now),
        "ended_early_at": p.ended_early_at.isoformat() if p.ended_early_at else None,
        "created_by": p.created_by,
        "scope": p.scope,
        "notice": dataclasses.asdict(NoticeSettings.of(p)),
        "phases": p.phases,
        "handback": dataclasses.asdict(HandbackSettings.of(p)),
        "move_on_replacement_change": p.move_on_replacement_change,
        "start_move": start_move_json(p, now),
        "handback_result": handback_json(p),
        "phase_moves": dict(p.state.get("phase_moves") or {}),
        "replacements": p.replacements,
        "balancing": p.balancing,
        "capacity_days": capacity_days_json(p),
    }


def capacity_days_json(p: Period) -> list[dict[str, Any]]:
    """Per local day of a phase with a capacity: how many came back against the plan."""
    counts = dict((p.state.get("balance") or {}).get("capacity") or {})
    out: list[dict[str, Any]] = []
    for phase in p.phases:
        cap = Capacity.of(phase)
        if cap is None:
            continue
        days = {d: v for d, v in counts.items() if d >= str(phase.get("from", ""))[:10]}
        out.extend(
            {"day": r.day, "returned": r.returned, "plan": r.plan}
            for r in capacity_report(cap, days)
        )
    return out


def start_move_json(p: Period, now: dt.datetime) -> dict[str, Any]:
    """Progress of moving the employee's open tickets at the start."""
    progress = dict(p.state.get("start_move") or {})
    out: dict[str, Any] = {"status": "pending", "total": 0, "moved": 0, "failed": 0, "skipped": 0}
    out.update(
        {
            k: progress[k]
            for k in ("status", "total", "moved", "failed", "skipped", "error")
            if k in progress
        }
    )
    if not progress:
        out["status"] = "scheduled" if now < p.starts_at else "pending"
        if p.ends_before(now):
            out["status"] = "not_run"
    done = p.state.get("start_moved_at")
    out["finished_at"] = done.isoformat() if isinstance(done, dt.datetime) else None
    return out


def handback_json(p: Period) -> dict[str, Any] | None:
    at = p.state.get("handed_back_at")
    if not isinstance(at, dt.datetime):
        return None
    return {**dict(p.state.get("handback_result") or {}), "at": at.isoformat()}


#: A database id as the routes accept it (the document says the same).
DATABASE_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def id_param(name: str) -> dict[str, Any]:
    """An OpenAPI path parameter holding a database id."""
    return {"name": name, "in": "path", "required": True, "schema": dict(DATABASE_ID)}
