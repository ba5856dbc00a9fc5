"""Flask app factory. No work at import time: everything is built in ``create_app``."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from connector.config import Config
from connector.wiring import Services, build_services


def create_app(
    config: Config | None = None, *, services: Services | None = None, **overrides: Any
) -> Flask:
    from connector.web import (
        api,
        contact_log_api,
        data_protection_api,
        errors,
        health,
        ui,
        webhooks,
    )

    if services is None:
        if config is None:
            from connector.config import load_config
            from connector.mapping import credential_keys

            config = load_config(None, credential_keys=credential_keys())
        services = build_services(config)
    app = Flask(__name__)
    app.json = BoundedJSONProvider(app)
    app.url_map.converters["int"] = DatabaseId  # before any route is added
    app.config.update(
        MAX_CONTENT_LENGTH=services.config.max_body_bytes,
        JSON_SORT_KEYS=False,
        **overrides,
    )
    # The webhook endpoint is answered in plain WSGI in front of Flask (see webhooks.py);
    # inside ProxyFix, so it sees the client's scheme and host like the views do.
    app.wsgi_app = webhooks.WebhookGate(app.wsgi_app, services)  # type: ignore[method-assign]
    if services.config.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = services.config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.extensions["standin"] = services
    app.extensions["standin_metrics"] = services.metrics
    errors.register(app)
    _request_ids(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(contact_log_api.bp)
    app.register_blueprint(data_protection_api.bp)
    app.register_blueprint(health.bp)
    ui.register(app)
    logging.getLogger(__name__).debug("app created for %r", services.config)
    return app


class BoundedJSONProvider(DefaultJSONProvider):
    """Request bodies nested too deeply for the parser are bad JSON (400), not a 500."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON is nested too deeply") from None


class DatabaseId(IntegerConverter):
    """``<int:…>`` in every route: 1 to 2**31-1, what an id column holds on both engines.

    Anything else answers 404 like an unknown id, instead of overflowing the driver (500).
    (Raised here rather than via ``max=``: Werkzeug then answers 405 for other methods.)
    """

    def to_python(self, value: str) -> Any:
        number = super().to_python(value)
        if not 1 <= number < 2**31:
            raise NotFound()
        return number


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
