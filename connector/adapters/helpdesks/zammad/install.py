"""Zammad: installing the webhook in the helpdesk."""

from __future__ import annotations

from typing import Any

from connector.adapters.helpdesks.base import InstallStep
from connector.adapters.helpdesks.zammad.client import ZammadClient

WEBHOOK_NAME = "Stand-in connector"
MANAGED_NOTE = "Managed by Stand-in."


# One trigger per event: conditions inside one trigger are AND-ed. The names are the event
# types in mappings/zammad.yaml (Zammad sends the trigger's name in X-Zammad-Trigger).
TRIGGERS: dict[str, dict[str, Any]] = {
    "Stand-in: ticket created": {
        "ticket.action": {"operator": "is", "value": "create"},
    },
    "Stand-in: owner changed": {
        "ticket.action": {"operator": "is", "value": "update"},
        "ticket.owner_id": {"operator": "has changed", "pre_condition": "", "value": ""},
    },
    "Stand-in: state changed": {
        "ticket.action": {"operator": "is", "value": "update"},
        "ticket.state_id": {"operator": "has changed", "value": ""},
    },
    "Stand-in: article created": {
        "ticket.action": {"operator": "is", "value": "update"},
        "article.action": {"operator": "is", "value": "create"},
    },
}


class ZammadInstall(ZammadClient):
    """Zammad: installing the webhook in the helpdesk."""

    # -- install ---------------------------------------------------------------------------
    def install(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        """The signed webhook plus one trigger per event; creates or fixes only what differs."""
        steps: list[InstallStep] = []
        token = self.config.webhook_secrets[0].reveal()
        wanted = {
            "name": WEBHOOK_NAME,
            "endpoint": webhook_url,
            "signature_token": token,
            "ssl_verify": True,
            "active": True,
            "note": f"{MANAGED_NOTE} Do not edit.",
        }
        hooks = self.http.request("GET", "/api/v1/webhooks").json()
        hook = next((h for h in hooks or [] if h.get("name") == WEBHOOK_NAME), None)
        where = f"webhook {WEBHOOK_NAME!r} → {webhook_url} (signed with the first webhook secret)"
        webhook_id: str | None
        if hook is None:
            steps.append(InstallStep("create", where))
            webhook_id = None if dry_run else self._send("POST", "/api/v1/webhooks", wanted)
        else:
            webhook_id = str(hook["id"])
            stale = (
                hook.get("endpoint") != webhook_url
                or not hook.get("active")
                or hook.get("signature_token") not in (None, token)  # not shown by all versions
            )
            if stale:
                steps.append(InstallStep("update", where))
                if not dry_run:
                    self._send("PUT", f"/api/v1/webhooks/{webhook_id}", wanted)
            else:
                steps.append(InstallStep("exists", where))
        triggers = self.http.request("GET", "/api/v1/triggers").json()
        by_name = {t.get("name"): t for t in triggers or []}
        for name, condition in TRIGGERS.items():
            body = {
                "name": name,
                "activator": "action",
                "execution_condition_mode": "selective",
                "condition": condition,
                "perform": {"notification.webhook": {"webhook_id": webhook_id or "?"}},
                "active": True,
                "note": MANAGED_NOTE,
            }
            where = f"trigger {name!r} → webhook {WEBHOOK_NAME!r}"
            have = by_name.get(name)
            if have is None:
                steps.append(InstallStep("create", where))
                if not dry_run:
                    self._send("POST", "/api/v1/triggers", body)
                continue
            target = ((have.get("perform") or {}).get("notification.webhook") or {}).get(
                "webhook_id"
            )
            if webhook_id is not None and str(target) == webhook_id and have.get("active"):
                steps.append(InstallStep("exists", where))
                continue
            steps.append(InstallStep("update", where))
            if not dry_run:
                self._send("PUT", f"/api/v1/triggers/{have['id']}", body)
        steps.append(
            InstallStep(
                "manual",
                "give each replacement agent 'full' access to the groups of the employee's "
                "tickets (Admin → Users → Group permissions): Zammad silently leaves a ticket "
                "unassigned when its new owner lacks it (Stand-in then reports it as failed)",
            )
        )
        return steps

    def _send(self, method: str, path: str, body: dict[str, Any]) -> str:
        return str(self.http.request(method, path, json=body).json()["id"])
