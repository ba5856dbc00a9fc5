"""Signing in to the /ui page: with an API token, with OIDC, with an invitation; signing out."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import (
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from connector.domain import throttle
from connector.domain.messages import N_
from connector.domain.sign_in import (
    Access,
    Refusal,
    SignInMethod,
    access_for_groups,
    claimed_groups,
)
from connector.errors import NotFound
from connector.web.context import services
from connector.web.page import (
    _,
    bp,
    page,
    safe_next,
)

log = logging.getLogger(__name__)
#: Failed sign-ins allowed per client address and per token prefix within the window.
SIGN_IN_THROTTLE = throttle.ThrottlePolicy(max_failures=5, window=dt.timedelta(minutes=15))


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
        reserved = svc.repositories.tokens.reserve_sign_in_attempt(
            keys, now, now - policy.window, allow
        )
        if reserved is None:
            verdict = verdicts[-1]
            minutes = max(1, -(-verdict.retry_after // 60))
            message = _(
                "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again.",
                minutes=minutes,
            )
            body, status = page("sign_in.html", 429, error=message, next_url=next_url)
            return body, status, {"Retry-After": str(verdict.retry_after)}
        info = svc.repositories.tokens.check_token(token, now)
        if info is None:
            return page(
                "sign_in.html", 401, error=_("Unknown or revoked token."), next_url=next_url
            )
        svc.repositories.tokens.forget_sign_in_attempt(reserved)
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
        return redirect(safe_next(next_url), 303)
    return page(
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
        raise NotFound(N_("single sign-on is not configured"))
    session["oidc_next"] = safe_next(request.args.get("next"))
    return client.authorize_redirect(_external_url("ui.sign_in_oidc_callback"))


@bp.get("/sign-in/oidc/callback")
def sign_in_oidc_callback() -> Any:
    """Back from the provider: the ID token is verified by Authlib (signature with the
    provider's keys, issuer, audience, expiry, nonce), then the groups decide the role."""
    from authlib.integrations.base_client.errors import OAuthError

    client = current_app.extensions.get("standin_oidc")
    oidc = services().config.oidc
    if client is None or oidc is None:
        raise NotFound(N_("single sign-on is not configured"))
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        claims.update(client.userinfo(token=token))
    except OAuthError as exc:
        log.info("single sign-on refused: %s", exc.error)
        return page(
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
        return page("error.html", 403, title=_("Not allowed"), message=message)
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
    return redirect(safe_next(next_url), 303)


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
        return page("invite.html", 200 if found else 410, invitation=found)
    used = svc.invitations.redeem(code, now)
    if used is None:
        return page("invite.html", 410, invitation=None)
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
