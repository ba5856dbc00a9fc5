"""The frame every /ui page shares: the blueprint, translation, the signed-in user and roles,
rendering, error pages, the language switch, and the hooks other parts use to add to the page
(``add_period_section``, ``add_nav``).

Page areas are modules of their own (``ui_sign_in``, ``ui_periods``, ``ui_templates``,
``ui_data_protection``, ``ui_contact_log``, ``ui_app``); they import this module and never
each other. ``ui.register`` attaches them all to the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from connector import translations
from connector.domain.periods import Period
from connector.domain.records import TokenInfo
from connector.errors import NotFound
from connector.web import i18n
from connector.web.auth import RANK
from connector.web.context import services

bp = Blueprint(
    "ui",
    __name__,
    url_prefix="/ui",
    template_folder="../templates",
    static_folder="../static",
    static_url_path="/static",
)
F = TypeVar("F", bound=Callable[..., Any])
FORM_ERROR = "_form"
SAMPLE_CUSTOMER = "Alex Morgan"  # a made-up name for previews


@dataclass(frozen=True)
class PeriodSection:
    """A section of the period page added by another part of the connector.

    ``context(period, period_dict)`` returns the values ``template`` needs; it is called only
    for signed-in users who may see the period and have at least ``role`` (others do not see
    the section at all). ``title`` is translated when Dutch has it.
    """

    key: str
    title: str
    template: str
    context: Callable[[Period, dict[str, Any]], dict[str, Any]]
    order: int = 100
    role: str = "viewer"


def add_period_section(app: Flask, section: PeriodSection) -> None:
    sections: list[PeriodSection] = app.extensions.setdefault("standin_ui_sections", [])
    sections.append(section)
    sections.sort(key=lambda s: s.order)


def add_nav(app: Flask, endpoint: str, label: str) -> None:
    app.extensions.setdefault("standin_ui_nav", []).append((endpoint, label))


# --- request frame ---------------------------------------------------------------------------


def _(message: str, **values: Any) -> str:
    return i18n.translate(g.get("lang", "en"), message, **values)


gettext = _


#: POSTs another site sends on purpose, proven by a token that site signed, not by our CSRF

#: token (the helpdesk app's first request; see ui_app.py).
SIGNED_POSTS = frozenset({"ui.app_sign_in"})


@bp.before_request
def _before() -> None:
    g.lang = i18n.choose(request.cookies.get(i18n.COOKIE), request.accept_languages)
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.endpoint not in SIGNED_POSTS:
        current_app.extensions["csrf"].protect()


@bp.app_template_global("_")
def _template_translate(message: str, **values: Any) -> str:
    return _(message, **values)


def readable_day(value: Any) -> str:
    """A local date (or the ``YYYY-MM-DDTHH:MM`` of a bound that is not midnight, or a local
    date-time) as the reader reads it, formatted by Babel in the page's language:
    "1 december 2026", "1 december 2026 08:30"."""
    lang = g.get("lang", "en")
    if isinstance(value, dt.datetime):
        return translations.format_moment(lang, value.replace(tzinfo=None))
    if isinstance(value, dt.date):
        return translations.format_day(lang, value)
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if "T" in str(value):
        return translations.format_moment(lang, parsed.replace(tzinfo=None))
    return translations.format_day(lang, parsed.date())


@bp.app_template_global("moment")
def readable_moment(value: Any, tz: str | None = None) -> str:
    """A moment (a datetime or its ISO text; naive means UTC) in ``tz`` (the period's time
    zone), formatted by Babel in the page's language; "—" when there is none."""
    if value in (None, ""):
        return "—"
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return translations.format_moment(g.get("lang", "en"), moment, tz or "UTC")


@bp.app_template_filter("number")
def readable_number(value: Any) -> str:
    return translations.format_number(g.get("lang", "en"), value)


@bp.app_template_global("ngettext")
def _template_ngettext(singular: str, plural: str, count: int, /, **values: Any) -> str:
    """The singular or plural form for ``count`` in the page's language, ``values`` filled in."""
    return i18n.ntranslate(g.get("lang", "en"), singular, plural, count, **values)


@bp.app_template_filter("say")
def _template_say(message: Any) -> str:
    """A message from the domain or marshmallow (a field error) in the page's language."""
    return i18n.say(g.get("lang", "en"), message)


@bp.context_processor
def _frame() -> dict[str, Any]:
    return {
        "day": readable_day,
        "lang": g.get("lang", "en"),
        "languages": i18n.LANGUAGE_NAMES,
        "user": current_user(),
        "nav": current_app.extensions.get("standin_ui_nav", []),
        "can_write": can("team_lead"),
    }


def page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    return render_template(f"ui/{template}", **values), status


@bp.errorhandler(CSRFError)
def _csrf(exc: CSRFError) -> Any:
    return page(
        "error.html",
        400,
        title=_("Form refused"),
        message=_("The form expired or was not sent from this page. Please try again."),
    )


@bp.errorhandler(NotFound)
def _not_found(exc: NotFound) -> Any:
    message = i18n.say(g.get("lang", "en"), translations.message_of(exc))
    return page("error.html", 404, title=_("Not found"), message=message)


# --- sign-in and roles -----------------------------------------------------------------------


def current_user() -> TokenInfo | None:
    if "ui_user" in g:
        user: TokenInfo | None = g.ui_user
        return user
    key = session.get("sid")
    svc = services()
    web = svc.sessions.resolve(key, svc.clock()) if isinstance(key, str) else None
    if web is None and key is not None:
        session.clear()  # signed out elsewhere, expired, idle, or its token was revoked
    info = (
        TokenInfo(web.token_id or 0, web.subject, web.role, web.helpdesks)
        if web is not None
        else None
    )
    g.ui_user = info
    return info


def can(role: str) -> bool:
    user = current_user()
    return user is not None and RANK[user.role] >= RANK[role]


def signed_in(role: str = "viewer") -> Callable[[F], F]:
    def deco(fn: F) -> F:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                if request.method == "GET":
                    flash(_("Please sign in."), "info")
                    return redirect(url_for("ui.sign_in", next=request.full_path.rstrip("?")))
                return page("error.html", 401, title=_("Sign in"), message=_("Please sign in."))
            if RANK[user.role] < RANK[role]:
                message = _(
                    "This needs the %(role)s role; you are signed in as %(have)s.",
                    role=_(role),
                    have=_(user.role),
                )
                return page("error.html", 403, title=_("Not allowed"), message=message)
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco


def actor() -> str:
    user = current_user()
    assert user is not None
    return f"token:{user.name}"


def visible_helpdesks() -> list[str]:
    user = current_user()
    keys = sorted(services().helpdesks)
    if user is None or user.helpdesks is None:
        return keys
    return [k for k in keys if k in user.helpdesks]


def safe_next(target: str | None) -> str:
    """A page of this site to go back to; anything else (another site, a scheme, a backslash
    that browsers read as a slash, control characters) sends to the periods."""
    if (
        target
        and target.startswith("/ui")
        and "\\" not in target
        and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in target)
    ):
        return target
    return url_for("ui.periods")


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"notice.variant": [...]}`` (the form's field names)."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            out.update(
                flatten_messages(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")
            )
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix or FORM_ERROR] = list(messages)
    elif isinstance(messages, list):
        for item in messages:
            out.update(flatten_messages(item, prefix))
    else:
        out[prefix or FORM_ERROR] = [str(messages)]
    return out


@bp.get("/lang/<code>")
def set_language(code: str) -> Response:
    response = redirect(safe_next(request.args.get("next")))
    if code in i18n.LANGUAGES:
        config = services().config
        response.set_cookie(
            i18n.COOKIE,
            code,
            max_age=365 * 24 * 3600,
            path="/ui",
            httponly=True,
            samesite="None" if config.ui.embed else "Lax",
            secure=current_app.session_interface.get_cookie_secure(current_app),
        )
    return response
