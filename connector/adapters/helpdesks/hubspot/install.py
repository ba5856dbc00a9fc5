"""HubSpot: installing the webhook in the helpdesk."""

from __future__ import annotations

import dataclasses
from typing import Any

from connector.adapters.helpdesks.base import InstallStep, link_settings
from connector.adapters.helpdesks.hubspot.client import HubSpotClient, _sid
from connector.adapters.http import VendorHttp
from connector.errors import PermanentVendorError


@dataclasses.dataclass(frozen=True)
class Subscription:
    """One webhook subscription of the app, as HubSpot's webhooks API names it."""

    event_type: str
    property_name: str | None = None
    object_type_id: str | None = None  # generic ``object.*`` subscriptions (notes: 0-46)

    @property
    def label(self) -> str:
        extra = self.property_name or (
            f"object type {self.object_type_id}" if self.object_type_id else ""
        )
        return self.event_type + (f" ({extra})" if extra else "")

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"eventType": self.event_type}
        if self.property_name:
            out["propertyName"] = self.property_name
        if self.object_type_id:
            out["objectTypeId"] = self.object_type_id
        return {**out, "active": True}

    def matches(self, row: dict[str, Any]) -> bool:
        return (
            row.get("eventType") == self.event_type
            and row.get("propertyName") == self.property_name
            and _sid(row.get("objectTypeId")) == self.object_type_id
        )


# What the connector subscribes to: ticket changes, new conversation messages (customer
# replies) and created notes (a team lead's #contactlog note; generic subscription, type 0-46).
SUBSCRIPTIONS = (
    Subscription("ticket.creation"),
    Subscription("ticket.propertyChange", "hubspot_owner_id"),
    Subscription("ticket.propertyChange", "hs_pipeline_stage"),
    Subscription("conversation.newMessage"),
    Subscription("object.creation", object_type_id="0-46"),
)


#: Where a HubSpot account's pages are unless its details say otherwise (EU: app-eu1…).
DEFAULT_UI_DOMAIN = "app.hubspot.com"

#: Answers of the developer API that an admin has to fix by hand (token, scope, app id).
INSTALL_REFUSALS = {
    401: "refused the developer token",
    403: "refused the developer token (it lacks the developers-write scope)",
    404: "does not know app",
}


class HubSpotInstall(HubSpotClient):
    """HubSpot: installing the webhook in the helpdesk."""

    # -- install ---------------------------------------------------------------------------
    def install(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        """The steps below, then the account the ticket links need (``_account_step``)."""
        return [*self._install_webhook(webhook_url, dry_run=dry_run), self._account_step()]

    def _account_step(self) -> InstallStep:
        """Ticket links (period page, daily word) need the account's id and domain: read
        them (``GET /account-info/v3/details``: ``portalId``, ``uiDomain``) and say whether
        the configuration has them, or what to put there. Nothing is written."""
        where = f"the credentials of helpdesk {self.config.key!r}"
        try:
            info = self.http.request("GET", "/account-info/v3/details").json()
        except PermanentVendorError as exc:
            return InstallStep(
                "manual",
                f"HubSpot did not give the account's details ({exc.status}): put portal_id "
                f"(the Hub ID, in HubSpot's account menu) in {where} so that tickets are linked",
            )
        portal = str(info.get("portalId") or "")
        domain = str(info.get("uiDomain") or DEFAULT_UI_DOMAIN)
        have = link_settings(self.config)
        if have.get("portal_id") == portal and have.get("ui_domain", DEFAULT_UI_DOMAIN) == domain:
            return InstallStep("exists", f"ticket links to account {portal} on {domain}")
        wanted = f"portal_id: {portal!r}" + (
            f" and ui_domain: {domain!r}" if domain != DEFAULT_UI_DOMAIN else ""
        )
        return InstallStep("manual", f"put {wanted} in {where} so that tickets are linked")

    def _install_webhook(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        """Point the app's webhooks at Stand-in, subscribe it, create the keep-marker property.

        Subscriptions belong to the app and are managed on HubSpot's webhooks API with an
        OAuth token of the app's developer account (scopes ``developers-read`` and
        ``developers-write``), not the portal token and no longer a developer API key. Without
        that token, or when HubSpot refuses it (401, 403) or does not know the app (404), the
        steps are returned for an admin to do by hand.
        """
        steps = self._install_keep_marker(dry_run=dry_run)
        secret_step = InstallStep(
            "manual",
            "put the app's client secret (Auth tab of the app) in webhook_secrets of helpdesk "
            f"{self.config.key!r}; HubSpot signs the URL it calls, so behind a proxy set "
            f"public_url so that the connector sees {webhook_url}",
        )
        token = self.config.credentials.get("developer_access_token")
        if not self.app_id or not token:
            why = (
                "developer API keys are no longer accepted by HubSpot's webhooks API; "
                if self.config.credentials.get("developer_api_key")
                else ""
            )
            return [*steps, self._manual_webhooks(webhook_url, why), secret_step]
        dev = VendorHttp(
            self.http.base_url,
            headers={"Authorization": f"Bearer {token.reveal()}"},
            secrets=(token.reveal(),),
            vendor=self.vendor,
            policy=self.http.policy,
            sleep=self.http.sleep,
            observer=self.http.observer,
        )
        try:
            steps += self._install_webhooks(dev, webhook_url, dry_run=dry_run)
        except PermanentVendorError as exc:
            if exc.status not in INSTALL_REFUSALS:
                raise
            what = INSTALL_REFUSALS[exc.status]
            if exc.status == 404:
                what += f" {self.app_id} (check app_id)"
            why = f"HubSpot {what} ({exc.status}); "
            return [*steps, self._manual_webhooks(webhook_url, why), secret_step]
        return [*steps, secret_step]

    def _manual_webhooks(self, webhook_url: str, why: str) -> InstallStep:
        wanted = ", ".join(s.label for s in SUBSCRIPTIONS)
        return InstallStep(
            "manual",
            f"{why}in HubSpot, open your app (Development → Apps → the app → Webhooks), set the "
            f"target URL to {webhook_url} and create these active subscriptions: {wanted} — or "
            "put app_id and developer_access_token (an OAuth token of the app's developer "
            "account with the scopes developers-read and developers-write) in the credentials "
            "and run install again",
        )

    def _install_webhooks(
        self, dev: VendorHttp, webhook_url: str, *, dry_run: bool
    ) -> list[InstallStep]:
        base = f"/webhooks/v3/{self.app_id}"
        steps: list[InstallStep] = []
        try:
            settings = dev.request("GET", f"{base}/settings").json()
        except PermanentVendorError as exc:
            if exc.status != 404:
                raise
            settings = {}  # no settings yet (a wrong app id fails on the next call)
        if settings.get("targetUrl") == webhook_url:
            steps.append(InstallStep("exists", f"webhook target URL {webhook_url}"))
        else:
            action = "update" if settings.get("targetUrl") else "create"
            if not dry_run:
                dev.request(
                    "PUT",
                    f"{base}/settings",
                    json={"targetUrl": webhook_url, "throttling": {"maxConcurrentRequests": 10}},
                )
            steps.append(InstallStep(action, f"webhook target URL {webhook_url}"))
        existing = dev.request("GET", f"{base}/subscriptions").json().get("results") or []
        for sub in SUBSCRIPTIONS:
            match = next((row for row in existing if sub.matches(row)), None)
            if match is not None and match.get("active"):
                steps.append(InstallStep("exists", f"subscription {sub.label}"))
            elif match is not None:
                if not dry_run:
                    dev.request(
                        "PATCH", f"{base}/subscriptions/{match['id']}", json={"active": True}
                    )
                steps.append(InstallStep("update", f"subscription {sub.label}: activate"))
            else:
                if not dry_run:
                    dev.request("POST", f"{base}/subscriptions", json=sub.body())
                steps.append(InstallStep("create", f"subscription {sub.label}"))
        return steps

    def _install_keep_marker(self, *, dry_run: bool) -> list[InstallStep]:
        """The ticket property the mapping names as keep-marker (a single checkbox)."""
        marker = self.mapping.keep_marker
        if marker is None:
            return []
        what = f"ticket property {marker.field} (keep-marker: a ticket stays with its owner)"
        try:
            found = self.http.get_json_or_none(f"/crm/v3/properties/tickets/{marker.field}")
            if found is not None:
                return [InstallStep("exists", what)]
            if not dry_run:
                self._create_keep_property(marker.field)
        except PermanentVendorError as exc:
            if exc.status not in (401, 403):
                raise
            return [
                InstallStep(
                    "manual",
                    f"HubSpot refused the access token for ticket properties ({exc.status}; "
                    f"scope crm.schemas.tickets.write): create the {what} by hand, internal "
                    f"name {marker.field}, field type single checkbox",
                )
            ]
        return [InstallStep("create", what)]

    def _create_keep_property(self, name: str) -> None:
        self.http.request(
            "POST",
            "/crm/v3/properties/tickets",
            json={
                "name": name,
                "label": "Stand-in: keep with this owner",
                "description": "Checked: Stand-in never reassigns this ticket.",
                "groupName": "ticketinformation",
                "type": "bool",
                "fieldType": "booleancheckbox",
                "options": [
                    {"label": "Yes", "value": "true", "hidden": False, "displayOrder": 0},
                    {"label": "No", "value": "false", "hidden": False, "displayOrder": 1},
                ],
            },
        )
