"""The OpenAPI document, generated from the marshmallow schemas with apispec."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import connector
from connector.web import schemas
from connector.web.schemas import DATABASE_ID, id_param


# What an id column holds on both engines; the routes answer 404 outside it (DatabaseId).
def _filter_list(converter: Any, field: Any, **_: Any) -> dict[str, Any]:
    """A scope's ``include``/``exclude``: one filter object, or a list of at most 50 of them
    (never null). The generic converter would say "anything" for this custom field."""
    if not isinstance(field, schemas.FilterList):
        return {}
    one = converter.resolve_nested_schema(schemas.ScopeFilterSchema)
    return {"oneOf": [one, {"type": "array", "maxItems": 50, "items": one}]}


def _exact_nullable(node: Any) -> None:
    """apispec writes an optional nested object (``allow_none``) for OpenAPI 3.0 as
    ``anyOf: [<ref>, {type: object, nullable: true}]``, whose second branch lets any object
    through (``{}`` too). Narrow that branch to null itself."""
    if isinstance(node, dict):
        for choice in node.get("anyOf", []):
            if choice == {"type": "object", "nullable": True}:
                choice["enum"] = [None]
        for value in node.values():
            _exact_nullable(value)
    elif isinstance(node, list):
        for value in node:
            _exact_nullable(value)


def _name_helpdesks(doc: dict[str, Any], helpdesks: tuple[str, ...]) -> None:
    """Every ``helpdesk`` a request names is one of the configured helpdesk keys."""
    if not helpdesks:
        return
    enum = {"enum": list(helpdesks)}
    for name in ("PeriodCreate", "TemplateCreate", "ContactEntryCreate", "ContactEntrySupersede"):
        prop = doc["components"]["schemas"][name]["properties"]["helpdesk"]
        prop.update(enum if "nullable" not in prop else {"enum": [*helpdesks, None]})
    for item in doc["paths"].values():
        for op in item.values():
            for param in op.get("parameters", []):
                if param["name"] == "helpdesk":
                    param["schema"].update(enum)


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": "ErrorOut"}}}


def _unavailable() -> dict[str, Any]:
    """503: the database is unreachable; nothing was stored; come back after Retry-After."""
    retry = {"description": "seconds to wait", "schema": {"type": "integer", "minimum": 1}}
    return _error("the database is unavailable: nothing stored, retry") | {
        "headers": {"Retry-After": {**retry, "required": True}}
    }


def _op(
    summary: str,
    *,
    body: str | dict[str, Any] | None = None,
    ok: str | dict[str, Any] | None = None,
    code: int = 200,
    params: list[dict[str, Any]] | None = None,
    role: str = "viewer",
) -> dict[str, Any]:
    """One operation with every answer it can give: the success and the error shape."""
    responses: dict[str, Any] = {
        str(code): {
            "description": "OK",
            **({"content": {"application/json": {"schema": ok}}} if ok else {}),
        },
        "401": _error("missing or unknown token"),
        "403": _error("the token's role is too low, or it may not use this helpdesk"),
        "422": _error("validation failed; fields name each problem"),
        "503": _unavailable(),
    }
    if body:
        responses["400"] = _error("the body is not a JSON object")
        responses["413"] = _error("the body is larger than max_body_bytes")
    if any(p.get("in") == "path" for p in params or []):
        responses["404"] = _error("no such item, or not visible to this token")
    op: dict[str, Any] = {
        "summary": summary,
        "description": f"Needs a token with the {role} role or higher.",
        "security": [{"bearer": []}],
        "responses": responses,
    }
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = params
    return op


_DAILY_WORD: dict[str, Any] = {
    "type": "object",
    "required": [
        "recipient",
        "enabled",
        "lang",
        "day",
        "subject",
        "greeting",
        "has_news",
        "sections",
        "text",
        "html",
    ],
    "properties": {
        "recipient": {"type": "string", "enum": ["replacement", "team_lead"]},
        "enabled": {"type": "boolean"},
        "lang": {"type": "string", "enum": ["en", "nl", "fr", "de"]},
        "day": {"type": "string", "format": "date"},
        "subject": {"type": "string"},
        "greeting": {"type": "string"},
        "has_news": {"type": "boolean"},
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title", "items"],
                "properties": {
                    "title": {"type": "string"},
                    "items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["text", "url"],
                            "properties": {
                                "text": {"type": "string"},
                                "url": {"type": "string", "nullable": True},
                            },
                        },
                    },
                },
            },
        },
        "text": {"type": "string"},
        "html": {"type": "string"},
    },
}


_NOTICE_SENT: dict[str, Any] = {
    "type": "object",
    "required": ["customer_id", "lang", "subject", "text", "html", "sent_at"],
    "properties": {
        "customer_id": {"type": "string"},
        "lang": {"type": "string", "enum": ["nl", "fr", "de", "en"]},
        "subject": {"type": "string"},
        "text": {"type": "string", "description": "the plain-text body as sent"},
        "html": {"type": "string", "description": "the HTML body as sent"},
        "sent_at": {"type": "string", "format": "date-time"},
    },
}
_PERIOD_NOTICES: dict[str, Any] = {
    "type": "object",
    "required": ["notices"],
    "properties": {
        "notices": {
            "type": "array",
            "maxItems": 200,
            "items": {
                "type": "object",
                "required": ["key", "ticket_id", "lang", "status", "at", "sent"],
                "properties": {
                    "key": {
                        "type": "string",
                        "description": "customer:<id> or ticket:<id> (once per customer or "
                        "per ticket, the period's setting)",
                    },
                    "ticket_id": {"type": "string"},
                    "lang": {"type": "string", "nullable": True},
                    "status": {"type": "string", "enum": ["intended", "sent", "blocked"]},
                    "at": {"type": "string", "format": "date-time"},
                    "sent": {
                        **_NOTICE_SENT,
                        "nullable": True,
                        "description": "the notice as posted; null until it is posted, and "
                        "after the retention period (deleted with the period's customer data)",
                    },
                },
            },
        }
    },
}

_DAILY_WORD_OWN: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "enabled": {"type": "boolean", "nullable": True},
        "lang": {"type": "string", "enum": ["en", "nl", "fr", "de", None], "nullable": True},
        "note_ticket": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^\\S(.*\\S)?$",
            "nullable": True,
            "description": "Post the word as an internal note on this helpdesk ticket instead "
            "of e-mailing it (where the helpdesk has notes); null: e-mail.",
        },
        "hour": {
            "type": "integer",
            "minimum": 0,
            "maximum": 23,
            "nullable": True,
            "description": "The local hour, in the period's time zone, from which the word "
            "is sent; null: the configured scheduler.daily_word_hour.",
        },
        "replacement": {
            "type": "boolean",
            "nullable": True,
            "description": "Whether the replacement gets their word (null: yes).",
        },
        "team_lead": {
            "type": "boolean",
            "nullable": True,
            "description": "Whether the team lead gets theirs (null: yes).",
        },
    },
}
_OWN_KEYS = ["enabled", "lang", "note_ticket", "hour", "replacement", "team_lead"]
_DAILY_WORD_SETTINGS: dict[str, Any] = {
    "type": "object",
    "required": ["own", "effective"],
    "properties": {
        "own": {**_DAILY_WORD_OWN, "required": _OWN_KEYS},
        "effective": {
            "type": "object",
            "required": [*_OWN_KEYS, "channel", "note_possible"],
            "properties": {
                "enabled": {"type": "boolean"},
                "hour": {"type": "integer", "minimum": 0, "maximum": 23},
                "lang": {"type": "string", "enum": ["en", "nl", "fr", "de"]},
                "note_ticket": {"type": "string", "nullable": True},
                "replacement": {"type": "boolean"},
                "team_lead": {"type": "boolean"},
                "channel": {"type": "string", "enum": ["email", "note"]},
                "note_possible": {
                    "type": "boolean",
                    "description": "Whether this helpdesk can carry the word as a note.",
                },
            },
        },
    },
}


def _list_of(key: str, item: str, **extra: Any) -> dict[str, Any]:
    """A JSON object holding one list, e.g. ``{"periods": [...]}``."""
    return {
        "type": "object",
        "required": [key],
        "properties": {key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}}
        | extra,
    }


def openapi_document(helpdesks: Iterable[str] = ()) -> dict[str, Any]:
    """The document; with the configured helpdesk keys, every ``helpdesk`` names one of them."""
    return _document(tuple(helpdesks))


_WEBHOOK_ACCEPTED = {
    "type": "object",
    "required": ["accepted", "duplicates", "ignored"],
    "properties": {
        name: {"type": "integer", "minimum": 0, "description": what}
        for name, what in (
            ("accepted", "events stored for the worker"),
            ("duplicates", "events already received (same delivery or event id)"),
            ("ignored", "event types the connector does not act on"),
        )
    },
}
_ALLOW_POST = {"Allow": {"required": True, "schema": {"type": "string", "enum": ["POST"]}}}


@cache
def _document(helpdesks: tuple[str, ...]) -> dict[str, Any]:
    # apispec is imported when the document is first asked for, not at every start.
    from apispec import APISpec
    from apispec.ext.marshmallow import MarshmallowPlugin

    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Stand-in API",
        version=connector.__version__,
        openapi_version="3.0.3",
        plugins=[plugin],
    )
    assert plugin.converter is not None
    plugin.converter.add_attribute_function(_filter_list)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name in (
        "PeriodCreateSchema",
        "PeriodPatchSchema",
        "PeriodOut",
        "ErrorOut",
        "AuditOut",
        "DeadEventOut",
        "TemplateCreateSchema",
        "TemplateOut",
        "PreviewSchema",
        "PreviewOut",
        "DryRunOut",
    ):
        spec.components.schema(name.removesuffix("Schema"), schema=getattr(schemas, name))
    pid = [id_param("period_id")]
    spec.path(
        "/api/v1/periods",
        operations={
            "get": _op(
                "List periods",
                ok=_list_of("periods", "PeriodOut"),
                params=[
                    {"name": "helpdesk", "in": "query", "schema": {"type": "string"}},
                    {"name": "status", "in": "query", "schema": {"type": "string"}},
                ],
            ),
            "post": _op(
                "Create a period", body="PeriodCreate", ok="PeriodOut", code=201, role="team_lead"
            ),
        },
    )
    spec.path(
        "/api/v1/periods/{period_id}",
        operations={
            "get": _op("Get a period", ok="PeriodOut", params=pid),
            "patch": _op(
                "Change a period", body="PeriodPatch", ok="PeriodOut", params=pid, role="team_lead"
            ),
        },
    )
    spec.path(
        "/api/v1/periods/{period_id}/end",
        operations={
            "post": _op("End a period early", ok="PeriodOut", params=pid, role="team_lead"),
        },
    )
    spec.path(
        "/api/v1/periods/{period_id}/notices",
        operations={
            "get": _op(
                "The period's customer notices, each with the notice as sent",
                ok=_PERIOD_NOTICES,
                params=pid,
            ),
        },
    )
    spec.path(
        "/api/v1/periods/{period_id}/daily-word",
        operations={
            "get": _op(
                "Preview today's daily word to the replacement or the team lead",
                ok=_DAILY_WORD,
                params=[
                    *pid,
                    {
                        "name": "recipient",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["replacement", "team_lead"]},
                    },
                ],
            ),
        },
    )
    spec.path(
        "/api/v1/periods/{period_id}/daily-word/settings",
        operations={
            "get": _op("The period's daily-word settings", ok=_DAILY_WORD_SETTINGS, params=pid),
            "put": _op(
                "Set the period's daily-word settings (null: the default)",
                body=_DAILY_WORD_OWN,
                ok=_DAILY_WORD_SETTINGS,
                params=pid,
                role="team_lead",
            ),
        },
    )

    fresh = _op(
        "What the start of this period would do (no writes)",
        body="PeriodCreate",
        ok="DryRunOut",
        role="team_lead",
    )
    fresh["responses"]["502"] = _error("the helpdesk could not be asked for the tickets")
    spec.path("/api/v1/periods/dry-run", operations={"post": fresh})
    edit = _op(
        "What the start of a saved period would do, with a proposed edit (no writes)",
        body="PeriodPatch",
        ok="DryRunOut",
        params=pid,
        role="team_lead",
    )
    edit["requestBody"]["required"] = False
    edit["responses"]["502"] = _error("the helpdesk could not be asked for the tickets")
    spec.path("/api/v1/periods/{period_id}/dry-run", operations={"post": edit})
    whole = dict(DATABASE_ID)
    spec.path(
        "/api/v1/audit",
        operations={
            "get": _op(
                "Audit records, newest first",
                ok=_list_of("audit", "AuditOut", next_before_id={**whole, "nullable": True}),
                params=[
                    {"name": "period_id", "in": "query", "schema": whole},
                    {"name": "ticket_id", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {**whole, "maximum": 1000}},
                    {"name": "before_id", "in": "query", "schema": whole},
                ],
            )
        },
    )
    spec.path(
        "/api/v1/events/dead",
        operations={"get": _op("Dead-lettered events", ok=_list_of("events", "DeadEventOut"))},
    )
    spec.path(
        "/api/v1/events/{event_id}/replay",
        operations={
            "post": _op(
                "Replay a dead-lettered event",
                code=202,
                role="admin",
                params=[id_param("event_id")],
            ),
        },
    )
    spec.path(
        "/api/v1/templates",
        operations={
            "get": _op("Notice template versions", ok=_list_of("templates", "TemplateOut")),
            "post": _op(
                "Save a template version (sandbox-checked and privacy-linted)",
                body="TemplateCreate",
                ok="TemplateOut",
                code=201,
                role="team_lead",
            ),
        },
    )
    spec.path(
        "/api/v1/templates/{template_id}/activate",
        operations={
            "post": _op(
                "Make a template version the active one",
                ok="TemplateOut",
                role="team_lead",
                params=[id_param("template_id")],
            )
        },
    )
    preview = _op("Render the notice a customer would get", body="Preview", ok="PreviewOut")
    preview["responses"]["404"] = _error("no such period, or not visible to this token")
    preview["responses"]["502"] = _error("the helpdesk could not be asked for the ticket")
    spec.path("/api/v1/notices/preview", operations={"post": preview})
    spec.path(
        "/webhooks/{helpdesk}",
        operations={
            "post": {
                "summary": "Receive a helpdesk webhook (signed with the vendor's scheme)",
                "parameters": [
                    {
                        "name": "helpdesk",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "202": {
                        "description": "accepted (also for deliberately ignored event types)",
                        "content": {"application/json": {"schema": _WEBHOOK_ACCEPTED}},
                    },
                    "400": _error("malformed body"),
                    "401": _error("bad or stale signature"),
                    "404": _error("unknown helpdesk"),
                    "405": _error("a method other than POST") | {"headers": _ALLOW_POST},
                    "413": _error("larger than max_body_bytes (the connection is closed)"),
                    "503": _unavailable(),
                },
            }
        },
    )
    from connector.web import contact_log_api, data_protection_api

    contact_log_api.add_openapi(spec, _op)
    data_protection_api.add_openapi(spec, _op)
    doc = spec.to_dict()
    _exact_nullable(doc)
    _name_helpdesks(doc, helpdesks)
    return doc
