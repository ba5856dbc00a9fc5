"""Session cookie, CSRF and security headers for the web page (/ui).

- The secret key comes from ``ui.secret_key`` in the config, else ``$STANDIN_SECRET_KEY``;
  without either a random key is generated with a warning (sessions then end on restart and
  are not shared between processes: fine for local use only).
- The session cookie is HttpOnly, limited to /ui, SameSite=Lax — or SameSite=None when the
  page is embedded in a helpdesk iframe (``ui.embed``), which browsers accept only with
  Secure, so embedding always sets Secure. Otherwise the cookie is Secure when the request
  came over https, when ``public_url`` is https, or when ``ui.secure_cookies`` is true.
- CSRF: Flask-WTF's ``CSRFProtect``, applied to /ui only (the API uses bearer tokens and the
  webhooks signatures, neither is sent by a browser on its own).
- Headers on every /ui response: a strict CSP (no inline script or style; frame-ancestors
  from the config when embedded, else 'none'), X-Content-Type-Options, Referrer-Policy, and
  X-Frame-Options DENY unless embedding is on.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets

from flask import Flask, Request, request
from flask.sessions import NullSession, SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from connector.config import Config

log = logging.getLogger(__name__)
SESSION_COOKIE = "standin_session"


def secret_key(config: Config) -> str:
    if config.ui.secret_key:
        return config.ui.secret_key.reveal()
    env = os.environ.get("STANDIN_SECRET_KEY", "")
    if env:
        if len(env) < 32:
            log.warning("STANDIN_SECRET_KEY is shorter than 32 characters; use a random value")
        return env
    log.warning(
        "no ui.secret_key in the config and no STANDIN_SECRET_KEY: using a random key; "
        "web sessions end when the process restarts and are not shared between processes"
    )
    return secrets.token_hex(32)


class UiSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session with a Secure flag decided per request.

    Only the pages under /ui have sessions (the cookie's path is /ui). Webhooks and the API
    get Flask's null session: no cookie parsing or signing on the hot ingest path.
    """

    def __init__(self, config: Config):
        self.config = config
        # One shared null session: it holds nothing and refuses writes, so it is safe to share
        # between requests and threads, and saves building one per webhook.
        self._null = NullSession()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not request.path.startswith("/ui"):
            return self._null
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        ui = self.config.ui
        return bool(
            ui.embed
            or ui.secure_cookies
            or self.config.public_url.startswith("https://")
            or (request and request.is_secure)
        )


def configure(app: Flask, config: Config) -> CSRFProtect:
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(config)
    app.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_PATH="/ui",
        SESSION_COOKIE_SAMESITE="None" if config.ui.embed else "Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=config.ui.session_hours),
        WTF_CSRF_CHECK_DEFAULT=False,  # only /ui checks, in its before_request
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the session
    )
    app.session_interface = UiSessionInterface(config)
    return CSRFProtect(app)


def frame_ancestors(config: Config) -> str:
    if not config.ui.embed:
        return "'none'"
    origins = config.ui.frame_ancestors or tuple(h.url for h in config.helpdesks.values())
    return " ".join(["'self'", *origins])


def security_headers(response: Response, config: Config) -> Response:
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
        f"frame-ancestors {frame_ancestors(config)}"
    )
    response.headers["Content-Security-Policy"] = csp
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if config.ui.embed:
        response.headers.pop("X-Frame-Options", None)
    else:
        response.headers["X-Frame-Options"] = "DENY"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response
