"""Flask app factory. No work at import time: everything is built in ``create_app``."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from connector.config import Config
from connector.wiring import Services, build_services


def create_app(
    config: Config | None = None, *, services: Services | None = None, **overrides: Any
) -> Flask:
    from connector.web import api, contact_log_api, errors, health, ui, webhooks

    if services is None:
        if config is None:
            from connector.config import load_config
            from connector.mapping import credential_keys

            config = load_config(None, credential_keys=credential_keys())
        services = build_services(config)
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=services.config.max_body_bytes,
        JSON_SORT_KEYS=False,
        **overrides,
    )
    app.extensions["standin"] = services
    app.extensions["standin_metrics"] = services.metrics
    errors.register(app)
    _request_ids(app)
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(contact_log_api.bp)
    app.register_blueprint(health.bp)
    ui.register(app)
    logging.getLogger(__name__).debug("app created for %r", services.config)
    return app


def _request_ids(app: Flask) -> None:
    from flask import Response, request

    from connector.logs import new_request_id, request_id

    @app.before_request
    def _start() -> None:
        request_id.set(new_request_id(request.headers.get("X-Request-Id")))

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = request_id.get()
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
