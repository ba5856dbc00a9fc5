"""The OpenAPI document, generated from the marshmallow schemas with apispec."""

from __future__ import annotations

from functools import cache
from typing import Any

import connector
from connector.web import schemas


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": "ErrorOut"}}}


def _op(
    summary: str,
    *,
    body: str | None = None,
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


def _list_of(key: str, item: str, **extra: Any) -> dict[str, Any]:
    """A JSON object holding one list, e.g. ``{"periods": [...]}``."""
    return {
        "type": "object",
        "required": [key],
        "properties": {key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}}
        | extra,
    }


@cache
def openapi_document() -> dict[str, Any]:
    # apispec is imported when the document is first asked for, not at every start.
    from apispec import APISpec
    from apispec.ext.marshmallow import MarshmallowPlugin

    spec = APISpec(
        title="Stand-in API",
        version=connector.__version__,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
    )
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
    ):
        spec.components.schema(name.removesuffix("Schema"), schema=getattr(schemas, name))
    pid = [{"name": "period_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
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
    whole = {"type": "integer", "minimum": 1}
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
                params=[
                    {
                        "name": "event_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
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
                params=[
                    {
                        "name": "template_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
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
                    "202": {"description": "accepted (also for deliberately ignored event types)"},
                    "400": {"description": "malformed body"},
                    "401": {"description": "bad signature"},
                    "404": {"description": "unknown helpdesk"},
                    "405": {"description": "a method other than POST"},
                    "413": {"description": "too large"},
                    "503": {"description": "the database is unavailable: nothing stored, retry"},
                },
            }
        },
    )
    from connector.web import contact_log_api, data_protection_api

    contact_log_api.add_openapi(spec, _op)
    data_protection_api.add_openapi(spec, _op)
    return spec.to_dict()
