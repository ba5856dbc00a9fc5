"""One error shape everywhere: {"error": {"status", "code", "message", "fields"?}}.

``message`` and the per-field messages are in the language the request's Accept-Language asks
for (nl, fr, de, en; English when it asks for none of them): the connector's own messages
(``Msg`` and marked msgids) and marshmallow's fixed ones come from the message catalogues;
``code`` stays the same in every language (branch on it, never on the wording).

When the privacy guard refused, ``error.findings`` (per field, like ``fields``) names each
refused word with its category, language, a suggested rewrite and a sentence in the
language the request's Accept-Language asks for (nl, fr, de, en)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, has_request_context, jsonify, request
from marshmallow import ValidationError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from connector.errors import (
    NotFound,
    PayloadError,
    PrivacyViolation,
    SignatureError,
    ValidationFailed,
    VendorError,
)
from connector.translations import N_, Msg, message_of
from connector.web import i18n, i18n_privacy

log = logging.getLogger(__name__)
DB_RETRY_AFTER_SECONDS = 5


def error_body(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The error shape every answer uses (the Flask views and the webhook gate alike)."""
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def error_response(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> tuple[Response, int]:
    """The error answer, its message and field messages in the request's language."""
    lang = request_language()
    said = i18n.say_fields(lang, fields) if fields else fields
    return jsonify(error_body(status, code, i18n.say(lang, message), said)), status


def request_language() -> str:
    """nl, fr, de or en, as the request's Accept-Language asks (English outside a request)."""
    return i18n_privacy.choose(request.accept_languages) if has_request_context() else "en"


DATABASE_DOWN = (OperationalError, InterfaceError, DisconnectionError)
DATABASE_DOWN_MESSAGE = N_("the database is unavailable; nothing was stored, please retry shortly")
INTERNAL_ERROR = N_("internal error; see the server log")
VALIDATION_FAILED = N_("validation failed")


def http_error(exc: HTTPException, max_body: int) -> tuple[int, str, str]:
    """Status, code and message for a werkzeug HTTP error; a 413 names the body limit."""
    code = (exc.name or "error").lower().replace(" ", "_")
    message = exc.description or exc.name or "error"
    if exc.code == 413:
        message = f"request body is larger than the limit of {max_body} bytes"
    return exc.code or 500, code, message


def register(app: Flask) -> None:
    @app.errorhandler(ValidationFailed)
    def _validation(exc: ValidationFailed) -> Any:
        if exc.findings:  # the privacy guard refused: name each word, its category, a rewrite
            lang = request_language()
            fields = i18n.say_fields(lang, exc.fields)
            body = error_body(422, "validation_failed", i18n.say(lang, message_of(exc)), fields)
            body["error"]["findings"] = i18n_privacy.describe_fields(exc.findings, lang)
            return jsonify(body), 422
        return error_response(422, "validation_failed", message_of(exc), exc.fields)

    @app.errorhandler(ValidationError)
    def _marshmallow(exc: ValidationError) -> Any:
        fields = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        return error_response(422, "validation_failed", VALIDATION_FAILED, fields)

    @app.errorhandler(PrivacyViolation)
    def _privacy(exc: PrivacyViolation) -> Any:
        lang = request_language()
        refused = {"text": [Msg("not allowed: %(word)s", word=w) for w in exc.words]}
        body = error_body(
            422,
            "privacy_violation",
            i18n.say(lang, message_of(exc)),
            i18n.say_fields(lang, refused),
        )
        body["error"]["findings"] = {"text": i18n_privacy.describe_all(exc.findings, lang)}
        return jsonify(body), 422

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound) -> Any:
        return error_response(404, "not_found", message_of(exc))

    @app.errorhandler(SignatureError)
    def _signature(exc: SignatureError) -> Any:
        return error_response(401, "bad_signature", str(exc))

    @app.errorhandler(PayloadError)
    def _payload(exc: PayloadError) -> Any:
        return error_response(400, "bad_payload", message_of(exc))

    @app.errorhandler(VendorError)
    def _vendor(exc: VendorError) -> Any:
        log.warning("vendor error in request: %s", exc)
        return error_response(502, "vendor_error", str(exc))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    def _database_down(exc: Exception) -> Any:
        # The database is unreachable (restarting, failing over, SQLite locked too long):
        # nothing was stored, so say so and when to come back. Helpdesks retry on 503.
        log.warning("database unavailable: %s", type(exc).__name__)
        resp, status = error_response(503, "database_unavailable", DATABASE_DOWN_MESSAGE)
        resp.headers["Retry-After"] = str(DB_RETRY_AFTER_SECONDS)
        return resp, status

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        resp, status = error_response(*http_error(exc, app.config["MAX_CONTENT_LENGTH"]))
        if status == 413:  # the rest of the body is not read: the connection cannot be reused
            resp.headers["Connection"] = "close"
        if status == 405:  # RFC 9110: a 405 lists the methods the resource does answer
            allow = dict(exc.get_headers()).get("Allow")
            if allow:
                resp.headers["Allow"] = allow
        return resp, status

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Any:
        log.exception("unhandled error")
        return error_response(500, "internal_error", INTERNAL_ERROR)
