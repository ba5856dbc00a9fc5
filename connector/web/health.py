from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from connector.web.context import services
from connector.web.errors import error_response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Any:
    try:
        services().store.ping()
    except Exception:
        return error_response(503, "not_ready", "database unavailable")
    return jsonify({"status": "ready"})


@bp.get("/metrics")
def metrics() -> Any:
    body = current_app.extensions["standin_metrics"].render()
    return Response(body, mimetype="text/plain; version=0.0.4")
