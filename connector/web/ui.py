"""The team-lead web page under /ui: server-rendered, a session made from an API token.

Views stay thin: periods go through ``PeriodService`` and the API's marshmallow schemas, notice
templates through ``NoticeService``, so the rules and their messages are the API's.

Other parts of the connector add to the page without editing it (see ``page.py``):
``add_period_section(app, PeriodSection(...))`` adds a section to the period page (e.g. the
contact log or the HR sync status), ``add_nav(app, endpoint, label)`` a link in the header.
"""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from werkzeug.wrappers import Response

# Each page area adds its routes to the page's blueprint when imported; none imports another.
from connector.web import (  # noqa: F401
    ui_app,
    ui_contact_log,
    ui_contact_procedure,
    ui_data_protection,
    ui_periods,
    ui_security,
    ui_sign_in,
    ui_templates,
)
from connector.web.context import services
from connector.web.page import bp


def register(app: Flask) -> None:
    """Attach the web page to ``app`` (called by the app factory)."""
    config = app.extensions["standin"].config
    ui_security.configure(app, config)
    app.extensions.setdefault("standin_ui_sections", [])
    app.extensions.setdefault(
        "standin_ui_nav", [("ui.periods", "Periods"), ("ui.templates", "Notice templates")]
    )
    ui_contact_log.install(app)
    ui_contact_procedure.install(app)
    app.register_blueprint(bp)
    # A person who opens the server's address finds the page (and, on a first run, what to do).
    app.add_url_rule("/", "root", lambda: redirect(url_for("ui.index")))
    if config.oidc is not None:
        from authlib.integrations.flask_client import OAuth

        oauth = OAuth(app)
        oauth.register(
            "oidc",
            client_id=config.oidc.client_id,
            client_secret=config.oidc.client_secret.reveal(),
            server_metadata_url=f"{config.oidc.issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile groups", "code_challenge_method": "S256"},
        )
        app.extensions["standin_oidc"] = oauth.oidc

    @app.after_request
    def _ui_headers(response: Response) -> Response:
        # On the app, not the blueprint: 404s, 405s and 413s under /ui have no blueprint.
        if request.path == "/ui" or request.path.startswith("/ui/"):
            ui_security.security_headers(response, services().config)
            ui_app.install_csp(response)
        return response
