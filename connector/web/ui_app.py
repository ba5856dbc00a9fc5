"""The page inside the helpdesk: the helpdesk's own app loads these URLs in its frames.

The first request of a location is a POST the helpdesk signed (Zendesk ``signedUrls``: a JWT
in the form field ``token``); Stand-in verifies it, maps the helpdesk user's role, opens a
server-side session bound to that sign-in method and helpdesk, and answers with the
location's page. The token is the request's proof of origin, so these POSTs carry no CSRF
token of ours; each token signs in once.

Locations: ``nav_bar`` (the page itself), ``ticket_sidebar`` (was this ticket rerouted, from
whom, for which period; set a period for its agent), ``user_sidebar`` (this agent's periods).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import abort, current_app, g, make_response, redirect, request, session, url_for
from werkzeug.wrappers import Response

from connector.domain.sign_in import Access, SignInMethod, access_for_helpdesk_role
from connector.errors import SignatureError, VendorError
from connector.services.helpdesk_port import HelpdeskAdapter
from connector.translations import format_day, format_moment
from connector.web.context import services
from connector.web.page import bp, current_user, gettext, page

log = logging.getLogger(__name__)
LOCATIONS = ("ticket_sidebar", "user_sidebar", "nav_bar")
_ = gettext


def _adapter(helpdesk: str) -> HelpdeskAdapter:
    adapter = services().helpdesks.get(helpdesk)
    if adapter is None or adapter.app_sdk_url is None or adapter.config.app is None:
        abort(404)
    return adapter


@bp.post("/app/<helpdesk>/<location>")
def app_sign_in(helpdesk: str, location: str) -> Any:
    """The helpdesk's signed first request: sign in, then show the location."""
    if location not in LOCATIONS:
        abort(404)
    adapter = _adapter(helpdesk)
    app = adapter.config.app
    assert app is not None
    svc = services()
    now = svc.clock()
    token = request.form.get("token", "")
    refused = _("This page could not confirm that it was opened from your helpdesk.")
    try:
        user = adapter.app_user(token, now)
    except SignatureError as exc:
        log.info("helpdesk app sign-in refused for %s: %s", helpdesk, exc)
        return page("error.html", 401, title=_("Sign in"), message=refused)
    except VendorError as exc:
        log.warning("helpdesk app sign-in: the helpdesk did not answer: %s", exc)
        message = _("Your helpdesk did not answer. Please try again.")
        return page("error.html", 502, title=_("Sign in"), message=message)
    access = access_for_helpdesk_role(
        user.role, user.custom_role, app.roles, app.custom_roles, helpdesk
    )
    if not user.active or not isinstance(access, Access):
        message = _("Your account has no Stand-in role. Ask your admin to add you.")
        return page("error.html", 403, title=_("Not allowed"), message=message)
    if not svc.sessions.first_use_of_signed_token(token, user.token_expires_at):
        log.info("helpdesk app sign-in refused for %s: token replayed", helpdesk)
        return page("error.html", 401, title=_("Sign in"), message=refused)
    session.clear()
    session.permanent = True
    session["sid"] = svc.sessions.create(
        now,
        method=SignInMethod.HELPDESK_APP,
        subject=user.email or user.name or user.id,
        role=access.role,
        helpdesks=access.helpdesks,
    )
    # The helpdesk's query (origin, app_guid) stays: its SDK needs it to talk to the frame.
    target = url_for("ui.app_location", helpdesk=helpdesk, location=location)
    query = request.query_string.decode("ascii", "replace")
    return redirect(f"{target}?{query}" if query else target, 303)


def _signed_in_adapter(helpdesk: str) -> HelpdeskAdapter:
    """The helpdesk of a page inside it, for a user signed in for that helpdesk; otherwise
    the request ends here (404 unknown helpdesk or app, 401 please open it again)."""
    adapter = _adapter(helpdesk)
    user = current_user()
    if user is None or (user.helpdesks is not None and helpdesk not in user.helpdesks):
        body, status = page(
            "error.html",
            401,
            title=_("Sign in"),
            message=_("Open this page from your helpdesk again to sign in."),
        )
        abort(make_response(body, status))
    return adapter


@bp.get("/app/<helpdesk>/<location>")
def app_location(helpdesk: str, location: str) -> Any:
    if location not in LOCATIONS:
        abort(404)
    adapter = _signed_in_adapter(helpdesk)
    if location == "nav_bar":
        return redirect(url_for("ui.periods", helpdesk=helpdesk))
    return page(
        "app_location.html",
        sdk=adapter.app_sdk_url,
        kind=location,
        base=url_for("ui.app_location", helpdesk=helpdesk, location="x").rsplit("/", 1)[0],
    )


@bp.get("/app/<helpdesk>/tickets/<ticket_id>")
def app_ticket(helpdesk: str, ticket_id: str) -> Any:
    """Was this ticket rerouted, from whom, for which period; set a period for its agent."""
    adapter = _signed_in_adapter(helpdesk)
    if not ticket_id.isdigit():
        abort(404)
    moves = services().repositories.lifecycle.ticket_reroutes(helpdesk, ticket_id)
    assignee = None
    try:
        ticket = adapter.get_ticket(ticket_id)
        if ticket.assignee_id:
            assignee = adapter.get_user(ticket.assignee_id)
    except VendorError as exc:
        log.info("helpdesk app: ticket %s not read: %s", ticket_id, exc)
    rows = [
        {
            "period": p,
            "employee": p.employee_name or p.employee_email,
            "to": p.replacement_name or p.replacement_email,
            "moved": _local(m.moved_at, p.timezone),
            "back": _local(m.handed_back_at, p.timezone) if m.handed_back_at else "",
            "from_day": format_day(g.get("lang", "en"), p.starts_at, p.timezone),
        }
        for p, m in moves
    ]
    return page(
        "app_ticket.html",
        helpdesk=helpdesk,
        ticket_id=ticket_id,
        moves=rows,
        assignee=assignee,
    )


def _local(moment: dt.datetime, timezone: str) -> str:
    return format_moment(g.get("lang", "en"), moment, timezone)


@bp.get("/app/<helpdesk>/agents/<user_id>")
def app_agent(helpdesk: str, user_id: str) -> Any:
    """This agent's periods, as the employee or as the replacement."""
    adapter = _signed_in_adapter(helpdesk)
    if not user_id.isdigit():
        abort(404)
    agent = None
    try:
        agent = adapter.get_user(user_id)
    except VendorError as exc:
        log.info("helpdesk app: user %s not read: %s", user_id, exc)
    periods = [
        p
        for p in services().repositories.periods.periods([helpdesk])
        if user_id in (p.employee_id, p.replacement_id)
        or (agent is not None and agent.email.lower() in (p.employee_email, p.replacement_email))
    ]
    return page("app_agent.html", helpdesk=helpdesk, agent=agent, periods=periods)


def install_csp(response: Response) -> Response:
    """The location pages load the helpdesk's app SDK: allow that one script origin there."""
    args = request.view_args or {}
    if request.endpoint == "ui.app_location" and response.status_code == 200:
        sdk = current_app.extensions["standin"].helpdesks[args["helpdesk"]].app_sdk_url
        origin = "/".join(sdk.split("/", 3)[:3])
        csp = response.headers.get("Content-Security-Policy", "")
        response.headers["Content-Security-Policy"] = csp.replace(
            "script-src 'self'", f"script-src 'self' {origin}"
        )
    return response
