"""Data protection through the API: audit exports, an employee's export and erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import NotFound as HttpNotFound

from connector.domain.messages import Msg
from connector.errors import PayloadError, ValidationFailed
from connector.services.data_subjects import export_pdf
from connector.services.exports import LANGUAGES, audit_export, pick_language
from connector.web.auth import actor, allowed_helpdesks, require
from connector.web.context import services

if TYPE_CHECKING:
    from apispec import APISpec

bp = Blueprint("data_protection", __name__, url_prefix="/api/v1")
FORMATS = ("csv", "pdf")


def download(content: bytes, media_type: str, name: str) -> Response:
    return Response(
        content,
        mimetype=media_type.split(";")[0],
        headers={
            "Content-Type": media_type,
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def period_audit_file(period_id: int, fmt: str, lang: str, helpdesks: Any) -> Response:
    """A period's audit as a file (the API and the page share this)."""
    if fmt not in FORMATS:
        raise HttpNotFound()
    svc = services()
    period = svc.periods.get(period_id, helpdesks)
    records = svc.repositories.audit.audit_records(helpdesks, period_id=period_id, limit=100_000)
    return download(*audit_export(period, records, lang, svc.clock(), fmt))


def _lang_arg() -> str | None:
    """``lang``: absent (then Accept-Language decides) or one of nl, fr, de, en (422)."""
    lang = request.args.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise ValidationFailed(
            {"lang": [Msg("must be one of %(choices)s", choices=", ".join(LANGUAGES))]}
        )
    return lang


@bp.get("/periods/<int:period_id>/audit.<fmt>")
@require("viewer")
def period_audit(period_id: int, fmt: str) -> Response:
    lang = pick_language(_lang_arg(), request.accept_languages)
    return period_audit_file(period_id, fmt, lang, allowed_helpdesks())


@bp.get("/employees/<email>/export")
@require("admin")
def employee_export(email: str) -> Any:
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "pdf"):
        raise ValidationFailed({"format": ["must be json or pdf"]})
    wanted = _lang_arg()
    data = services().data_subjects.export(allowed_helpdesks(), email, actor())
    if fmt == "json":
        return jsonify(data)
    lang = pick_language(wanted, request.accept_languages)
    name = f"standin-export-{data['exported_at'][:10]}.pdf"
    return download(export_pdf(data, lang), "application/pdf", name)


@bp.post("/employees/<email>/erase")
@require("admin")
def employee_erase(email: str) -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise PayloadError("the body must be a JSON object with mode and confirm")
    counts = services().data_subjects.erase(
        allowed_helpdesks(),
        email,
        str(body.get("mode", "")),
        str(body.get("confirm", "")),
        actor(),
    )
    return jsonify({"erased": counts, "mode": body.get("mode")})


def add_openapi(spec: APISpec, op: Any) -> None:
    from connector.web.schemas import id_param

    pid = id_param("period_id")
    fmt = {
        "name": "fmt",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": list(FORMATS)},
    }
    lang = {
        "name": "lang",
        "in": "query",
        "schema": {"type": "string", "enum": ["nl", "fr", "de", "en"]},
    }
    audit = op("A period's audit as CSV or PDF (reader's language, period's zone)",
               params=[pid, fmt, lang], role="viewer")  # fmt: skip
    audit["responses"]["200"]["content"] = {
        "text/csv": {"schema": {"type": "string"}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    }
    spec.path("/api/v1/periods/{period_id}/audit.{fmt}", operations={"get": audit})
    email = {"name": "email", "in": "path", "required": True, "schema": {"type": "string"}}
    export = op(
        "Everything Stand-in holds about one employee (JSON or PDF); recorded as a read",
        params=[
            email,
            {
                "name": "format",
                "in": "query",
                "schema": {"type": "string", "enum": ["json", "pdf"]},
            },
            lang,
        ],
        role="admin",
    )
    export["responses"]["200"]["content"] = {
        "application/json": {"schema": {"type": "object"}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    }
    spec.path("/api/v1/employees/{email}/export", operations={"get": export})
    spec.components.schema(
        "Erase",
        {
            "type": "object",
            "required": ["mode", "confirm"],
            "properties": {
                "mode": {"type": "string", "enum": ["erase", "anonymise"]},
                "confirm": {"type": "string", "description": "the employee's e-mail again"},
            },
        },
    )
    erase = op(
        "Erase or anonymise what Stand-in holds about one employee (their periods must have ended)",
        body="Erase",
        params=[email],
        role="admin",
    )
    spec.path("/api/v1/employees/{email}/erase", operations={"post": erase})
