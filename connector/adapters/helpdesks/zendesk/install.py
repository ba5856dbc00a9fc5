"""Zendesk: installing the webhook and the app (its package and its signed sign-in)."""

from __future__ import annotations

import datetime as dt
import hmac

from connector.adapters.helpdesks.base import AppUser, InstallStep
from connector.adapters.helpdesks.zendesk import app as zendesk_app
from connector.adapters.helpdesks.zendesk.client import ZendeskClient
from connector.errors import SignatureError

WEBHOOK_NAME = "Stand-in connector"
EVENT_SUBSCRIPTIONS = (
    "zen:event-type:ticket.created",
    "zen:event-type:ticket.agent_assignment_changed",
    "zen:event-type:ticket.comment_added",
    "zen:event-type:ticket.status_changed",
)


def _install(adapter: ZendeskInstall, webhook_url: str, dry_run: bool) -> list[InstallStep]:
    """Create (or re-point) the event webhook and check the configured signing secret."""
    http = adapter.http
    found = http.request("GET", "/api/v2/webhooks", params={"filter[name_contains]": "Stand-in"})
    hook = next(
        (w for w in found.json().get("webhooks", []) if w.get("name") == WEBHOOK_NAME), None
    )
    wanted = {
        "name": WEBHOOK_NAME,
        "status": "active",
        "endpoint": webhook_url,
        "http_method": "POST",
        "request_format": "json",
        "subscriptions": list(EVENT_SUBSCRIPTIONS),
    }
    steps: list[InstallStep] = []
    if hook is None:
        steps.append(InstallStep("create", f"event webhook {WEBHOOK_NAME!r} → {webhook_url}"))
        if dry_run:
            steps.append(InstallStep("manual", "then put its signing secret in webhook_secrets"))
            return steps
        hook = http.request("POST", "/api/v2/webhooks", json={"webhook": wanted}).json()["webhook"]
    else:
        differs = [k for k in ("endpoint", "status", "subscriptions") if hook.get(k) != wanted[k]]
        if differs:
            steps.append(InstallStep("update", f"webhook {hook['id']}: {', '.join(differs)}"))
            if not dry_run:
                http.request("PATCH", f"/api/v2/webhooks/{hook['id']}", json={"webhook": wanted})
        else:
            steps.append(InstallStep("exists", f"event webhook {hook['id']} → {webhook_url}"))
    if dry_run:
        return steps
    secret = http.request("GET", f"/api/v2/webhooks/{hook['id']}/signing_secret").json()[
        "signing_secret"
    ]["secret"]
    configured = [s.reveal() for s in adapter.config.webhook_secrets]
    if any(hmac.compare_digest(secret, c) for c in configured):
        steps.append(InstallStep("exists", "the webhook's signing secret is in webhook_secrets"))
    else:
        # The secret is shown only to the admin running install, never logged or stored here.
        steps.append(
            InstallStep(
                "manual",
                "add the webhook's signing secret to "
                f"helpdesks.{adapter.config.key}.webhook_secrets "
                f"(e.g. ZENDESK_WEBHOOK_SECRET={secret}) and restart",
            )
        )
    return steps


class ZendeskInstall(ZendeskClient):
    """Zendesk: installing the webhook and the app (its package and its signed sign-in)."""

    def install(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        return _install(self, webhook_url, dry_run)

    def app_user(self, token: str, now: dt.datetime) -> AppUser:
        app = self.config.app
        if app is None:
            raise SignatureError(f"helpdesks.{self.config.key}.app is not configured")
        verified = zendesk_app.verify_token(
            token,
            public_key_pem=app.public_key,
            helpdesk_url=self.config.url,
            installation_id=app.installation_id,
            now=now,
        )
        # The role is read now, not taken from the token: a demoted agent is demoted here too.
        found = self.http.get_json_or_none(f"/api/v2/users/{verified.user_id}.json")
        if found is None:
            raise SignatureError("the app token names a user this helpdesk does not have")
        u = found["user"]
        custom = u.get("custom_role_id")
        return AppUser(
            id=str(u["id"]),
            email=str(u.get("email") or ""),
            name=str(u.get("name") or ""),
            role=str(u.get("role") or ""),
            custom_role=str(custom) if custom else None,
            active=bool(u.get("active", True)) and not u.get("suspended", False),
            token_expires_at=verified.expires_at,
        )

    def app_package(self, **author: str) -> bytes:
        return zendesk_app.package(self.config.key, **author)
