"""The team-lead web page under /ui: server-rendered, a session made from an API token.

Views stay thin: periods go through ``PeriodService`` and the API's marshmallow schemas, notice
templates through ``NoticeService``, so the rules and their messages are the API's.

Other parts of the connector add to the page without editing this module:
``add_period_section(app, PeriodSection(...))`` adds a section to the period page (e.g. the
contact log or the HR sync status), ``add_nav(app, endpoint, label)`` a link in the header.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from connector.adapters.helpdesks.base import Customer
from connector.adapters.session_store import SignInMethod
from connector.domain import throttle
from connector.domain.notices import ALLOWED_VARIABLES, builtin_template, validate_template
from connector.domain.periods import (
    MENTION_NONE,
    MENTIONS,
    HandbackSettings,
    NoticeSettings,
    Period,
    parse_moment,
    zone,
)
from connector.domain.records import TokenInfo
from connector.domain.sign_in import Access, Refusal, access_for_groups, claimed_groups
from connector.errors import NotFound, PrivacyViolation, ValidationFailed, VendorError
from connector.web import i18n, i18n_privacy, period_form, ui_charts, ui_security
from connector.web.auth import RANK
from connector.web.context import services
from connector.web.schemas import (
    PeriodCreateSchema,
    PeriodPatchSchema,
    TemplateCreateSchema,
    period_json,
)

log = logging.getLogger(__name__)
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
#: Failed sign-ins allowed per client address and per token prefix within the window.
SIGN_IN_THROTTLE = throttle.ThrottlePolicy(max_failures=5, window=dt.timedelta(minutes=15))
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


def register(app: Flask) -> None:
    """Attach the web page to ``app`` (called by the app factory)."""
    config = app.extensions["standin"].config
    ui_security.configure(app, config)
    app.extensions.setdefault("standin_ui_sections", [])
    app.extensions.setdefault(
        "standin_ui_nav", [("ui.periods", "Periods"), ("ui.templates", "Notice templates")]
    )
    from connector.web import ui_app, ui_contact_log  # their routes join this blueprint

    ui_contact_log.install(app)
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


@bp.context_processor
def _frame() -> dict[str, Any]:
    return {
        "lang": g.get("lang", "en"),
        "languages": i18n.LANGUAGE_NAMES,
        "user": current_user(),
        "nav": current_app.extensions.get("standin_ui_nav", []),
        "can_write": _can("team_lead"),
    }


def _page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    return render_template(f"ui/{template}", **values), status


#: For the page's other modules (the helpdesk app's pages): render a page, translate a message.
page = _page


@bp.errorhandler(CSRFError)
def _csrf(exc: CSRFError) -> Any:
    return _page(
        "error.html",
        400,
        title=_("Form refused"),
        message=_("The form expired or was not sent from this page. Please try again."),
    )


@bp.errorhandler(NotFound)
def _not_found(exc: NotFound) -> Any:
    return _page("error.html", 404, title=_("Not found"), message=str(exc))


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


def _can(role: str) -> bool:
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
                return _page("error.html", 401, title=_("Sign in"), message=_("Please sign in."))
            if RANK[user.role] < RANK[role]:
                message = _(
                    "This needs the %(role)s role; you are signed in as %(have)s.",
                    role=_(role),
                    have=_(user.role),
                )
                return _page("error.html", 403, title=_("Not allowed"), message=message)
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco


def _actor() -> str:
    user = current_user()
    assert user is not None
    return f"token:{user.name}"


def _visible_helpdesks() -> list[str]:
    user = current_user()
    keys = sorted(services().helpdesks)
    if user is None or user.helpdesks is None:
        return keys
    return [k for k in keys if k in user.helpdesks]


def _safe_next(target: str | None) -> str:
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


@bp.get("/")
def index() -> Response:
    return redirect(url_for("ui.periods"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    next_url = request.values.get("next")
    if request.method == "POST":
        svc = services()
        now = svc.clock()
        token = request.form.get("token", "").strip()
        policy = SIGN_IN_THROTTLE
        keys = throttle.sign_in_keys(request.remote_addr or "", token)
        verdicts: list[throttle.Verdict] = []

        def allow(failures: dict[str, list[dt.datetime]]) -> bool:
            verdicts.append(
                throttle.worst(throttle.verdict(f, now, policy) for f in failures.values())
            )
            return verdicts[-1].allowed

        # Counted as a failure before the token is checked, in one atomic step with the check:
        # parallel guesses cannot all see "fewer than five" (the attempt is taken back on success).
        reserved = svc.store.reserve_sign_in_attempt(keys, now, now - policy.window, allow)
        if reserved is None:
            verdict = verdicts[-1]
            minutes = max(1, -(-verdict.retry_after // 60))
            message = _(
                "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again.",
                minutes=minutes,
            )
            body, status = _page("sign_in.html", 429, error=message, next_url=next_url)
            return body, status, {"Retry-After": str(verdict.retry_after)}
        info = svc.store.check_token(token, now)
        if info is None:
            return _page(
                "sign_in.html", 401, error=_("Unknown or revoked token."), next_url=next_url
            )
        svc.store.forget_sign_in_attempt(reserved)
        session.clear()  # a fresh session: nothing from before sign-in carries over
        session.permanent = True
        session["sid"] = svc.sessions.create(
            now,
            method=SignInMethod.TOKEN,
            subject=info.name,
            role=info.role,
            helpdesks=info.helpdesks,
            token_id=info.id,
        )
        return redirect(_safe_next(next_url), 303)
    return _page(
        "sign_in.html",
        next_url=next_url,
        first_run=not services().helpdesks,
        oidc=services().config.oidc,
    )


@bp.get("/sign-in/oidc")
def sign_in_oidc() -> Any:
    """Off to the company's identity provider (authorization code with PKCE, state, nonce)."""
    client = current_app.extensions.get("standin_oidc")
    if client is None:
        raise NotFound("single sign-on is not configured")
    session["oidc_next"] = _safe_next(request.args.get("next"))
    return client.authorize_redirect(_external_url("ui.sign_in_oidc_callback"))


@bp.get("/sign-in/oidc/callback")
def sign_in_oidc_callback() -> Any:
    """Back from the provider: the ID token is verified by Authlib (signature with the
    provider's keys, issuer, audience, expiry, nonce), then the groups decide the role."""
    from authlib.integrations.base_client.errors import OAuthError

    client = current_app.extensions.get("standin_oidc")
    oidc = services().config.oidc
    if client is None or oidc is None:
        raise NotFound("single sign-on is not configured")
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        claims.update(client.userinfo(token=token))
    except OAuthError as exc:
        log.info("single sign-on refused: %s", exc.error)
        return _page(
            "sign_in.html", 401, error=_("Single sign-on did not succeed. Please try again.")
        )
    access = access_for_groups(
        claimed_groups(claims, oidc.groups_claim), oidc.roles, oidc.helpdesks
    )
    if not isinstance(access, Access):
        message = {
            Refusal.NO_ROLE: _("Your account has no Stand-in role. Ask your admin to add you."),
            Refusal.NO_HELPDESK: _(
                "Your account is not linked to any helpdesk. Ask your admin to add you."
            ),
        }[access]
        return _page("error.html", 403, title=_("Not allowed"), message=message)
    next_url = session.get("oidc_next")
    svc = services()
    session.clear()
    session.permanent = True
    session["sid"] = svc.sessions.create(
        svc.clock(),
        method=SignInMethod.OIDC,
        subject=str(claims.get("email") or claims.get("name") or claims.get("sub")),
        role=access.role,
        helpdesks=access.helpdesks,
    )
    return redirect(_safe_next(next_url), 303)


def _external_url(endpoint: str) -> str:
    """This page's address as the outside sees it (``public_url`` when set)."""
    public = services().config.public_url.rstrip("/")
    path = url_for(endpoint)
    return f"{public}{path}" if public else url_for(endpoint, _external=True)


@bp.route("/invite/<code>", methods=["GET", "POST"])
def invitation(code: str) -> Any:
    """A one-time sign-in link: shown first, used only by the button (link previews and
    mail scanners that open links do not use it up)."""
    svc = services()
    now = svc.clock()
    if request.method == "GET":
        found = svc.invitations.peek(code, now)
        return _page("invite.html", 200 if found else 410, invitation=found)
    used = svc.invitations.redeem(code, now)
    if used is None:
        return _page("invite.html", 410, invitation=None)
    session.clear()
    session.permanent = True
    session["sid"] = svc.sessions.create(
        now,
        method=SignInMethod.INVITATION,
        subject=used.name,
        role=used.role,
        helpdesks=used.helpdesks,
    )
    return redirect(url_for("ui.periods"), 303)


@bp.post("/sign-out")
def sign_out() -> Response:
    key = session.get("sid")
    if isinstance(key, str):
        services().sessions.end(key)  # the server forgets it: copies of the cookie are dead too
    session.clear()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("ui.sign_in"), 303)


@bp.get("/periods/<int:period_id>/audit.<fmt>")
@signed_in("viewer")
def period_audit_file(period_id: int, fmt: str) -> Any:
    """The audit trail as a file, in the page's language and the period's time zone."""
    from connector.services.exports import pick_language
    from connector.web.data_protection_api import period_audit_file as audit_file

    return audit_file(period_id, fmt, pick_language(g.get("lang")), tuple(_visible_helpdesks()))


@bp.get("/data-protection")
@signed_in("admin")
def data_protection() -> Any:
    """Admins: what is held about one employee, who read it, export and erasure."""
    svc = services()
    employee = request.args.get("employee", "").strip().lower()[:320]
    held = None
    reads: list[dict[str, Any]] = []
    if employee:
        visible = tuple(_visible_helpdesks())
        periods = svc.data_subjects.data.period_ids(visible, employee)
        entries = svc.data_subjects.contact_log.log.entries(visible, employee)
        if periods or entries:
            held = {"periods": len(periods), "entries": len(entries)}
        reads = [
            {
                "when": r.at.strftime("%Y-%m-%d %H:%M UTC"),
                "actor": r.actor,
                "via": _(r.via.value),
                "count": len(r.entry_ids),
            }
            for r in svc.access_log.reads(visible, employee)
        ]
    return _page("data_protection.html", employee=employee, held=held, reads=reads)


@bp.get("/data-protection/export.<fmt>")
@signed_in("admin")
def data_export(fmt: str) -> Any:
    from connector.services.data_subjects import export_pdf
    from connector.web.data_protection_api import download

    if fmt not in ("json", "pdf"):
        raise NotFound("no such format")
    employee = request.args.get("employee", "")
    data = services().data_subjects.export(tuple(_visible_helpdesks()), employee, _actor())
    if fmt == "json":
        return jsonify(data)
    pdf = export_pdf(data, g.get("lang", "en"))
    return download(pdf, "application/pdf", f"standin-export-{data['exported_at'][:10]}.pdf")


@bp.post("/data-protection/erase")
@signed_in("admin")
def data_erase() -> Any:
    form = request.form
    employee = form.get("employee", "")
    try:
        counts = services().data_subjects.erase(
            tuple(_visible_helpdesks()),
            employee,
            form.get("mode", ""),
            form.get("confirm", ""),
            _actor(),
        )
    except ValidationFailed as exc:
        flash("; ".join(m for msgs in exc.fields.values() for m in msgs), "error")
        return redirect(url_for("ui.data_protection", employee=employee), 303)
    flash(
        _(
            "Done: %(periods)s periods and %(entries)s contact-log entries.",
            periods=counts["periods"],
            entries=counts["contact_log_entries"],
        ),
        "success",
    )
    return redirect(url_for("ui.data_protection"), 303)


@bp.get("/lang/<code>")
def set_language(code: str) -> Response:
    response = redirect(_safe_next(request.args.get("next")))
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


# --- periods overview ------------------------------------------------------------------------


def _local_text(p: Period, moment: dt.datetime, *, is_end: bool) -> str:
    """A period bound as a team lead typed it: a date for whole days, else a date-time."""
    local = moment.astimezone(ZoneInfo(p.timezone))
    if local.time() == dt.time(0, 0):
        return (local.date() - dt.timedelta(days=1 if is_end else 0)).isoformat()
    return local.strftime("%Y-%m-%dT%H:%M")


def _row(p: Period, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": p.id,
        "helpdesk": p.helpdesk,
        "employee": p.employee_name or p.employee_email,
        "employee_email": p.employee_email,
        "replacement": p.replacement_name or p.replacement_email,
        "replacement_email": p.replacement_email,
        "starts": _local_text(p, p.starts_at, is_end=False),
        "ends": _local_text(p, p.effective_end, is_end=True),
        "timezone": p.timezone,
        "status": p.status(now),
        "phases": ui_charts.phases_of(p),
        "team": p.scope.get("team") if isinstance(p.scope, Mapping) else None,
    }


def _date_arg(name: str) -> dt.date | None:
    raw = request.args.get(name)
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@bp.get("/periods")
@signed_in()
def periods() -> Any:
    svc = services()
    now = svc.clock()
    visible = _visible_helpdesks()
    wanted = request.args.get("helpdesk") or ""
    scope = [wanted] if wanted in visible else visible
    items = svc.store.periods(scope)
    teams = sorted({str(r["team"]) for r in map(lambda p: _row(p, now), items) if r["team"]})
    team = request.args.get("team") or ""
    if team:
        items = [p for p in items if str(p.scope.get("team") or "") == team]
    # The picture's days are the helpdesk's days; with several, the periods' own zone if they
    # share one, else UTC (said next to the heading).
    zones = {svc.helpdesks[k].config.timezone for k in scope} if len(scope) == 1 else set()
    zones = zones or {p.timezone for p in items}
    tz = zones.pop() if len(zones) == 1 else "UTC"
    today = now.astimezone(ZoneInfo(tz)).date()
    try:
        weeks = min(max(int(request.args.get("weeks", 12)), 4), 52)
    except ValueError:
        weeks = 12
    start = ui_charts.monday(_date_arg("from") or today - dt.timedelta(weeks=2))
    statuses = {s: _(s) for s in ("active", "scheduled", "ended")}
    picture = ui_charts.timeline(items, now, start=start, weeks=weeks, tz=tz, status_label=statuses)
    rows = [_row(p, now) for p in sorted(items, key=lambda p: (p.starts_at, p.id or 0))]
    shift = dt.timedelta(weeks=max(weeks // 2, 1))
    nav_args: dict[str, Any] = {"helpdesk": wanted or None, "team": team or None, "weeks": weeks}
    return _page(
        "periods.html",
        picture=picture,
        rows=rows,
        helpdesks=visible,
        helpdesk=wanted,
        teams=teams,
        team=team,
        tz=tz,
        earlier=url_for("ui.periods", **{**nav_args, "from": (start - shift).isoformat()}),
        later=url_for("ui.periods", **{**nav_args, "from": (start + shift).isoformat()}),
        this_week=url_for("ui.periods", **nav_args),
    )


# --- the period form -------------------------------------------------------------------------


def _known_agents(helpdesks: list[str]) -> list[tuple[str, str]]:
    """(e-mail, name) of every agent seen in the periods of these helpdesks."""
    seen: dict[str, str] = {}
    for p in services().store.periods(helpdesks):
        seen.setdefault(p.employee_email, p.employee_name)
        seen.setdefault(p.replacement_email, p.replacement_name)
    return sorted(seen.items())


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"notice.variant": [...]}`` (the form's field names)."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            out.update(_flatten(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}"))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix or FORM_ERROR] = list(messages)
    elif isinstance(messages, list):
        for item in messages:
            out.update(_flatten(item, prefix))
    else:
        out[prefix or FORM_ERROR] = [str(messages)]
    return out


def _notice_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    return {
        "enabled": form.get("notice.enabled") == "on",
        "variant": form.get("notice.variant", "formal"),
        "per": form.get("notice.per", "customer"),
        "mention": form.get("notice.mention")
        or ("unavailable" if form.get("notice.name_original_agent") == "on" else MENTION_NONE),
        "show_end_date": form.get("notice.show_end_date") == "on",
    }


def _notice_values(settings: NoticeSettings) -> dict[str, Any]:
    """The notice settings as the form shows them (the older switch read as its mention)."""
    return dataclasses.asdict(settings) | {"mention": settings.employee_mention}


def _form_values(p: Period | None, helpdesk: str) -> dict[str, Any]:
    if p is None:
        return {
            "helpdesk": helpdesk,
            "employee": "",
            "replacement": "",
            "starts_at": "",
            "ends_at": "",
            "timezone": "",
            "notice": _notice_values(NoticeSettings()),
            "scope": period_form.form_scope({}),
            "phases": period_form.form_phases([]),
            "handback": dataclasses.asdict(HandbackSettings()),
        }
    return {
        "helpdesk": p.helpdesk,
        "employee": p.employee_email,
        "replacement": p.replacement_email,
        "starts_at": _local_text(p, p.starts_at, is_end=False),
        "ends_at": _local_text(p, p.ends_at, is_end=True),
        "timezone": p.timezone,
        "notice": _notice_values(NoticeSettings.of(p)),
        "scope": period_form.form_scope(p.scope),
        "phases": period_form.form_phases(p.phases),
        "handback": dataclasses.asdict(HandbackSettings.of(p)),
    }


def _plan_from_form(form: Mapping[str, str], initial: Mapping[str, Any]) -> dict[str, Any]:
    """Scope, phases and hand-back as the API takes them; a part the form showed read-only
    (set through the API in another shape) is left out, so it stays as it is."""
    out: dict[str, Any] = {"handback": period_form.handback_from_form(form)}
    if initial["scope"]["editable"]:
        out["scope"] = period_form.scope_from_form(form)
    if initial["phases"]["editable"]:
        out["phases"] = period_form.phases_from_form(form)
    return out


#: How the period form names each way of mentioning the employee (translated on the page).
MENTION_LABELS = {
    "none": "Not at all (default)",
    "unavailable": "“<first name> is temporarily not available”",
    "still_works": "“<first name> still works on your account; for contact, <replacement> helps "
    "you for now”",
}


def _render_form(
    period: Period | None,
    values: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Any:
    svc = services()
    visible = _visible_helpdesks()
    started = period is not None and period.starts_at <= svc.clock()
    return _page(
        "period_form.html",
        status,
        period=period,
        values=values,
        errors=errors or {},
        helpdesks=[svc.helpdesks[k].config for k in visible],
        agents=_known_agents(visible),
        started=started,
        mentions=[(m, _(MENTION_LABELS[m])) for m in MENTIONS],
        keep_tag=next(
            (svc.helpdesks[k].config.keep_tag for k in visible if k == values.get("helpdesk")),
            "standin_keep",
        ),
    )


@bp.route("/periods/new", methods=["GET", "POST"])
@signed_in("team_lead")
def period_new() -> Any:
    visible = _visible_helpdesks()
    if request.method == "GET":
        chosen = request.args.get("helpdesk") or ""
        values = _form_values(None, chosen if chosen in visible else "")
        values["employee"] = request.args.get("employee", "").strip()[:320]  # from the helpdesk app
        return _render_form(None, values)
    form = request.form
    values = {
        "helpdesk": form.get("helpdesk", ""),
        "employee": form.get("employee", "").strip(),
        "replacement": form.get("replacement", "").strip(),
        "starts_at": form.get("starts_at", "").strip(),
        "ends_at": form.get("ends_at", "").strip(),
        "timezone": form.get("timezone", "").strip(),
        "notice": _notice_from_form(form),
        "accept_warnings": form.get("accept_warnings") == "on",
    }
    blank = _form_values(None, "")
    plan = _plan_from_form(form, blank)
    values |= {
        "scope": period_form.form_scope(plan.get("scope", {})),
        "phases": period_form.form_phases(plan.get("phases", [])),
        "handback": plan["handback"],
    }
    shown = ("scope", "phases", "handback")  # the form's rows; the API gets ``plan``
    data = {k: v for k, v in values.items() if k not in shown and (v != "" or k != "timezone")}
    data |= {k: v for k, v in plan.items() if v}
    for key in ("employee", "replacement", "starts_at", "ends_at"):
        if data.get(key) == "":
            data.pop(key)  # the schema then says "Missing data for required field."
    svc = services()
    try:
        loaded = PeriodCreateSchema().load(data)
        if loaded["helpdesk"] not in visible:
            raise ValidationFailed({"helpdesk": [f"unknown helpdesk {loaded['helpdesk']!r}"]})
        period = svc.periods.create(loaded, _actor())
    except ValidationError as exc:
        return _render_form(None, values, _flatten(exc.messages), 422)
    except ValidationFailed as exc:
        return _render_form(None, values, exc.fields, 422)
    except VendorError as exc:
        return _render_form(None, values, {FORM_ERROR: [str(exc)]}, 502)
    flash(_("The period was saved."), "success")
    return redirect(url_for("ui.period_detail", period_id=period.id), 303)


@bp.route("/periods/<int:period_id>/edit", methods=["GET", "POST"])
@signed_in("team_lead")
def period_edit(period_id: int) -> Any:
    svc = services()
    period = svc.periods.get(period_id, tuple(_visible_helpdesks()))
    initial = _form_values(period, period.helpdesk)
    if request.method == "GET":
        return _render_form(period, initial)
    form = request.form
    values = {
        **initial,
        "replacement": form.get("replacement", initial["replacement"]).strip(),
        "starts_at": form.get("starts_at", initial["starts_at"]).strip(),
        "ends_at": form.get("ends_at", initial["ends_at"]).strip(),
        "timezone": form.get("timezone", "").strip() or initial["timezone"],
        "notice": _notice_from_form(form),
    }
    # Only what the team lead changed is sent, as a PATCH to the API would be.
    data: dict[str, Any] = {
        k: values[k]
        for k in ("replacement", "starts_at", "ends_at", "timezone")
        if values[k] != initial[k]
    }
    # Only the settings the form shows are compared; others (e.g. at_start) are kept as they are.
    if values["notice"] != {k: initial["notice"].get(k) for k in values["notice"]}:
        data["notice"] = values["notice"]
    plan = _plan_from_form(form, initial)
    unchanged = {
        "scope": {k: v for k, v in period.scope.items() if k in ("include", "exclude")},
        "phases": [{k: v for k, v in ph.items() if v not in (None, "")} for ph in period.phases],
        "handback": initial["handback"],
    }
    data |= {key: wanted for key, wanted in plan.items() if wanted != unchanged[key]}
    values |= {
        "scope": period_form.form_scope(plan["scope"]) if "scope" in plan else initial["scope"],
        "phases": period_form.form_phases(plan["phases"])
        if "phases" in plan
        else initial["phases"],
        "handback": plan["handback"],
    }
    if form.get("accept_warnings") == "on":
        values["accept_warnings"] = data["accept_warnings"] = True
    try:
        loaded = PeriodPatchSchema().load(data)
        svc.periods.update(period_id, loaded, _actor(), tuple(_visible_helpdesks()))
    except ValidationError as exc:
        return _render_form(period, values, _flatten(exc.messages), 422)
    except ValidationFailed as exc:
        return _render_form(period, values, exc.fields, 422)
    except VendorError as exc:
        return _render_form(period, values, {FORM_ERROR: [str(exc)]}, 502)
    flash(_("The period was saved."), "success")
    return redirect(url_for("ui.period_detail", period_id=period_id), 303)


@bp.get("/agents")
@signed_in("team_lead")
def agent_lookup() -> Any:
    """Ask the helpdesk about one e-mail address (the form calls this when a field is left)."""
    helpdesk = request.args.get("helpdesk", "")
    email = request.args.get("email", "").strip()
    svc = services()
    if helpdesk not in _visible_helpdesks() or "@" not in email:
        return jsonify({"found": False, "message": "enter an agent e-mail address"}), 400
    try:
        agent = svc.helpdesks[helpdesk].find_agent(email)
    except VendorError as exc:
        return jsonify({"found": False, "message": f"the helpdesk could not be asked: {exc}"})
    if agent is None:
        return jsonify({"found": False, "message": f"no user with e-mail {email} in {helpdesk}"})
    if not agent.is_agent:
        return jsonify({"found": False, "name": agent.name, "message": "not an active agent"})
    return jsonify({"found": True, "name": agent.name, "message": f"{agent.name} (agent)"})


def _agent_name(helpdesk: str, email: str) -> str:
    known = dict(_known_agents([helpdesk]))
    if email.lower() in known:
        return known[email.lower()]
    try:
        agent = services().helpdesks[helpdesk].find_agent(email) if "@" in email else None
    except VendorError:
        agent = None
    return agent.name if agent is not None else email


@bp.post("/periods/preview")
@signed_in("viewer")
def period_preview() -> Any:
    """The notice a customer would get for the form as it stands (rendered by NoticeService)."""
    svc = services()
    form = request.form
    visible = _visible_helpdesks()
    base: Period | None = None
    if form.get("period_id", "").isdigit():
        base = svc.periods.get(int(form["period_id"]), tuple(visible))
    helpdesk = base.helpdesk if base else form.get("helpdesk", "")
    if helpdesk not in visible:
        return jsonify({"error": "choose a helpdesk"}), 422
    adapter = svc.helpdesks[helpdesk]
    tz_name = form.get("timezone", "").strip() or (base.timezone if base else None)
    tz_name = tz_name or adapter.config.timezone
    now = svc.clock()
    try:
        tz = zone(tz_name)
        starts = (
            parse_moment(form["starts_at"], tz, is_end=False)
            if form.get("starts_at", "").strip()
            else (base.starts_at if base else now)
        )
        ends = (
            parse_moment(form["ends_at"], tz, is_end=True)
            if form.get("ends_at", "").strip()
            else starts + dt.timedelta(days=28)
        )
    except ValueError as exc:
        return jsonify({"error": str(exc)}), 422
    replacement = form.get("replacement", "").strip() or (base.replacement_email if base else "")
    employee = form.get("employee", "").strip() or (base.employee_email if base else "")
    notice = _notice_from_form(form)
    period = Period(
        id=None,
        helpdesk=helpdesk,
        employee_email=employee,
        employee_id="",
        employee_name=_agent_name(helpdesk, employee) if notice["mention"] != MENTION_NONE else "",
        replacement_email=replacement,
        replacement_id="",
        replacement_name=_agent_name(helpdesk, replacement) if replacement else "…",
        starts_at=starts,
        ends_at=ends,
        timezone=tz_name,
        notice=notice,
    )
    lang = form.get("preview_lang") or adapter.config.locale
    if lang not in ("nl", "fr", "de", "en"):
        lang = adapter.config.locale
    day = max(now, starts).astimezone(tz).date()
    try:
        rendered = svc.notices.render(
            period,
            adapter.config,
            Customer("sample", lang, True, name=SAMPLE_CUSTOMER),
            day,
            ticket_reference="12345",
            lang=lang,
        )
    except PrivacyViolation as exc:
        lang = g.get("lang", "en")
        refusals = [i18n_privacy.refusal(f, lang) for f in exc.findings]
        return jsonify({"error": " ".join(refusals) or str(exc)}), 422
    except ValidationFailed as exc:
        return jsonify({"error": "; ".join(m for ms in exc.fields.values() for m in ms)}), 422
    return jsonify({"lang": rendered.lang, "subject": rendered.subject, "text": rendered.text})


# --- one period ------------------------------------------------------------------------------


@bp.get("/periods/<int:period_id>")
@signed_in()
def period_detail(period_id: int) -> Any:
    svc = services()
    now = svc.clock()
    period = svc.periods.get(period_id, tuple(_visible_helpdesks()))
    as_dict = period_json(period, now)
    records = svc.store.audit_records(_visible_helpdesks(), period_id=period_id, limit=1000)
    sections = [
        (s, s.context(period, as_dict))
        for s in current_app.extensions.get("standin_ui_sections", [])
        if _can(s.role)
    ]
    return _page(
        "period_detail.html",
        period=period,
        phase_now=_phase_status(period, now),
        row=_row(period, now),
        start_move=as_dict.get("start_move"),
        chart=ui_charts.reroutes_per_day(records, period, now),
        notices=svc.store.notice_counts(period_id),
        audit=records[:200],
        sections=sections,
        warnings=svc.periods.warnings(period),
    )


def _phase_status(period: Period, now: dt.datetime) -> dict[str, Any] | None:
    """The phase in force and the next change, in words for the period page."""
    from connector.domain.scope import active_phase, phase_boundaries

    if not period.phases:
        return None
    tz = zone(period.timezone)

    def describe(index: int) -> str:
        raw = period.phases[index]
        back = period_form.takes_back(raw)
        name = str(raw.get("name") or "")
        label = _("Phase %(n)s", n=index + 1) + (f" ({name})" if name else "")
        if back:
            label += ": " + _("the employee has taken back %(what)s", what=back)
        return label

    current = active_phase(period, now)
    upcoming = [m for m in phase_boundaries(period) if m > now]
    following = next(
        (
            i
            for i, raw in enumerate(period.phases)
            if upcoming and parse_moment(str(raw["from"]), tz, is_end=False) == upcoming[0]
        ),
        None,
    )
    return {
        "now": describe(current.index) if current is not None else None,
        "next_at": upcoming[0].astimezone(tz).date().isoformat() if upcoming else None,
        "next": describe(following) if following is not None else None,
    }


@bp.route("/periods/<int:period_id>/end", methods=["GET", "POST"])
@signed_in("team_lead")
def period_end(period_id: int) -> Any:
    svc = services()
    now = svc.clock()
    period = svc.periods.get(period_id, tuple(_visible_helpdesks()))
    if request.method == "POST":
        try:
            svc.periods.end(period_id, _actor(), tuple(_visible_helpdesks()))
        except ValidationFailed as exc:
            return _page(
                "error.html",
                422,
                title=_("End early"),
                message="; ".join(m for ms in exc.fields.values() for m in ms),
            )
        flash(_("The period was ended."), "success")
        return redirect(url_for("ui.period_detail", period_id=period_id), 303)
    records = svc.store.audit_records(_visible_helpdesks(), period_id=period_id, limit=10_000)
    tickets = sorted(
        {str(r["ticket_id"]) for r in records if r["action"] == "rerouted" and r["ticket_id"]},
        key=lambda t: (len(t), t),
    )
    as_dict = period_json(period, now)
    return _page(
        "period_end.html",
        period=period,
        row=_row(period, now),
        tickets=tickets,
        handback=as_dict.get("handback") or {},
    )


# --- notice templates ------------------------------------------------------------------------

KINDS = ("notice", "handback")
VARIANTS = ("formal", "informal")
LANGS = ("nl", "fr", "de", "en")


def _one_of(value: str | None, allowed: tuple[str, ...], default: str | None = None) -> str:
    return value if value in allowed and value is not None else (default or allowed[0])


def _lint_by_part(data: Mapping[str, str], names: Sequence[str] = ()) -> dict[str, list[str]]:
    """Which part (subject, text, html) holds the words the privacy guard refused: each word,
    its category and a suggested rewrite, in the page's language."""
    out: dict[str, list[str]] = {}
    lang = g.get("lang", "en")
    for part in ("subject", "text", "html"):
        try:
            validate_template(data.get(part) or "", data["lang"], html=part == "html", names=names)
        except PrivacyViolation as exc:
            out[part] = [i18n_privacy.refusal(f, lang) for f in exc.findings] or [
                f"not allowed: {', '.join(exc.words)}"
            ]
        except ValidationFailed:
            continue
    return out


@bp.route("/templates", methods=["GET", "POST"])
@signed_in()
def templates() -> Any:
    svc = services()
    visible = _visible_helpdesks()
    source = request.form if request.method == "POST" else request.args
    helpdesk = str(source.get("helpdesk") or "")
    if request.method == "POST" and helpdesk not in visible:
        # Never fall back to another helpdesk when saving: that saved it for the wrong one.
        return _page(
            "error.html",
            403,
            title=_("Not allowed"),
            message=_("You may not manage the helpdesk %(helpdesk)s.", helpdesk=helpdesk or "-"),
        )
    helpdesk = helpdesk if helpdesk in visible else (visible[0] if visible else "")
    hd = svc.helpdesks.get(helpdesk)
    key: dict[str, str] = {
        "helpdesk": helpdesk,
        "kind": _one_of(source.get("kind"), KINDS),
        "variant": _one_of(source.get("variant"), VARIANTS),
        "lang": _one_of(source.get("lang"), LANGS, hd.config.locale if hd else "en"),
    }
    versions = [
        t
        for t in svc.store.templates([key["helpdesk"]])
        if all(t[k] == key[k] for k in ("kind", "variant", "lang"))
    ]
    active = next((t for t in versions if t["active"]), None)
    errors: dict[str, list[str]] = {}
    status = 200
    if active is not None:
        values = {k: active[k] for k in ("subject", "text", "html")}
    else:
        built = builtin_template(key["kind"], key["variant"], key["lang"])
        values = {"subject": built.subject, "text": built.text, "html": built.html}
    values["activate"] = True
    if request.method == "POST":
        if not _can("team_lead"):
            return _page(
                "error.html",
                403,
                title=_("Not allowed"),
                message=_(
                    "This needs the %(role)s role; you are signed in as %(have)s.",
                    role=_("team_lead"),
                    have=_(current_user().role),  # type: ignore[union-attr]
                ),
            )
        values = {
            "subject": request.form.get("subject", ""),
            "text": request.form.get("text", ""),
            "html": request.form.get("html", ""),
            "activate": request.form.get("activate") == "on",
        }
        try:
            data = TemplateCreateSchema().load({**key, **values})
            activate = data.pop("activate")
            saved = svc.notices.save_template(data, _actor())
        except ValidationError as exc:
            errors, status = _flatten(exc.messages), 422
        except ValidationFailed as exc:
            errors, status = dict(exc.fields), 422
            if "template" in errors:  # the lint's words, shown next to the part that has them
                errors.update(
                    _lint_by_part({**key, **values}, svc.notices.names_of(key["helpdesk"]))
                )
        else:
            if activate:
                saved = svc.store.activate_template(saved["id"])
            flash(_("Version %(version)s was saved.", version=saved["version"]), "success")
            back: dict[str, Any] = dict(key)
            return redirect(url_for("ui.templates", **back), 303)
    return _page(
        "templates.html",
        status,
        key=key,
        values=values,
        errors=errors,
        versions=list(reversed(versions)),
        active=active,
        helpdesks=visible,
        kinds=KINDS,
        variants=VARIANTS,
        langs=LANGS,
        variables=sorted(ALLOWED_VARIABLES),
    )


@bp.post("/templates/<int:template_id>/activate")
@signed_in("team_lead")
def template_activate(template_id: int) -> Any:
    svc = services()
    row = svc.store.template(template_id)
    if row is None or row["helpdesk"] not in _visible_helpdesks():
        raise NotFound(f"no template {template_id}")
    svc.store.activate_template(template_id)
    flash(_("Version %(version)s is now active.", version=row["version"]), "success")
    key: dict[str, Any] = {k: row[k] for k in ("helpdesk", "kind", "variant", "lang")}
    return redirect(url_for("ui.templates", **key), 303)
