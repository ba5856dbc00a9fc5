"""The OpenAPI document, generated from the marshmallow schemas with apispec."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

import connector
from connector.web import schemas


def _op(
    summary: str,
    *,
    body: str | None = None,
    ok: str | None = None,
    code: int = 200,
    params: list[dict[str, Any]] | None = None,
    role: str = "viewer",
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "description": f"Needs a token with the {role} role or higher.",
        "security": [{"bearer": []}],
        "responses": {
            str(code): {
                "description": "OK",
                **({"content": {"application/json": {"schema": ok}}} if ok else {}),
            },
            "401": {
                "description": "missing or unknown token",
                "content": {"application/json": {"schema": "ErrorOut"}},
            },
            "422": {
                "description": "validation failed; fields name each problem",
                "content": {"application/json": {"schema": "ErrorOut"}},
            },
        },
    }
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = params
    return op


@cache
def openapi_document() -> dict[str, Any]:
    spec = APISpec(
        title="Stand-in API",
        version=connector.__version__,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name in ("PeriodCreateSchema", "PeriodPatchSchema", "PeriodOut", "ErrorOut", "AuditOut"):
        spec.components.schema(name.removesuffix("Schema"), schema=getattr(schemas, name))
    pid = [{"name": "period_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    spec.path(
        "/api/v1/periods",
        operations={
            "get": _op("List periods", ok="PeriodOut"),
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
        "/api/v1/audit", operations={"get": _op("Audit records, newest first", ok="AuditOut")}
    )
    spec.path("/api/v1/events/dead", operations={"get": _op("Dead-lettered events")})
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
                    "413": {"description": "too large"},
                },
            }
        },
    )
    from connector.web.contact_log_api import add_openapi

    add_openapi(spec, _op)
    return spec.to_dict()
