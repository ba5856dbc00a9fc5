"""Freshdesk: installing the webhook in the helpdesk."""

from __future__ import annotations

import copy
import json
from typing import Any

from connector.adapters.helpdesks.base import InstallStep
from connector.adapters.helpdesks.freshdesk.client import FreshdeskClient, install_spec
from connector.errors import PermanentVendorError

_TYPE_NAMES = {1: "Ticket Creation", 3: "Time Triggers", 4: "Ticket Updates"}
_PERFORMERS = {1: "Agent", 2: "Requester", 3: "Agent or Requester", 4: "System"}


def _event_text(event: dict[str, Any]) -> str:
    name = {
        "responder_id": "Agent is updated",
        "reply_sent": "Reply is sent",
        "note_type": "Note is added",
        "status": "Status is changed",
    }.get(str(event.get("field_name")), str(event.get("field_name")))
    if event.get("value"):
        name += f" ({event['value']})"
    elif event.get("from"):
        name += " from Any to Any"
    return name


class FreshdeskInstall(FreshdeskClient):
    """Freshdesk: installing the webhook in the helpdesk."""

    # -- install ---------------------------------------------------------------------------
    def webhook_body(self, rule_key: str) -> dict[str, Any]:
        """The template with ``standin.rule`` filled in: what Freshdesk renders and sends."""
        body: dict[str, Any] = copy.deepcopy(install_spec(self.mapping)["template"])
        body["standin"]["rule"] = rule_key
        return body

    def rule_request(self, rule: dict[str, Any], webhook_url: str, position: int) -> dict[str, Any]:
        spec = install_spec(self.mapping)
        req: dict[str, Any] = {"name": rule["name"], "position": position, "active": True}
        if rule.get("performer"):
            req["performer"] = copy.deepcopy(rule["performer"])
        if rule.get("events"):
            req["events"] = copy.deepcopy(rule["events"])
        req["conditions"] = [copy.deepcopy(spec["condition"])]
        req["actions"] = [
            {
                "field_name": "trigger_webhook",
                "request_type": "POST",
                "url": webhook_url,
                "content_type": "JSON",
                "content_layout": "advanced",
                "custom_headers": {spec["secret_header"]: self.config.webhook_secrets[0].reveal()},
                "content": self.webhook_body(rule["key"]),
            }
        ]
        return req

    def _rules(self, automation_type: int) -> list[dict[str, Any]]:
        path: str | None = f"/api/v2/automations/{automation_type}/rules"
        rows: list[dict[str, Any]] = []
        pages = 0
        while path and pages < 50:
            resp = self.http.request("GET", path)
            rows.extend(resp.json() or [])
            path = resp.links.get("next", {}).get("url")  # Freshdesk paginates with Link
            pages += 1
        return rows

    def install(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        """Create the automation rules that call the connector; idempotent by rule name.

        Ticket-update rules go first (position 1: all matching update rules run anyway). The
        ticket-creation rule goes last: creation rules stop at the first match by default, and
        a first-position catch-all would silence the account's own creation rules; last, it
        also sees the agent the other rules chose. So the admin must switch creation rules to
        "Execute all matching rules" — a setting the API cannot change (a manual step).
        Without an admin key (or on a plan without the Automations API), every rule becomes a
        manual step with the exact values to enter.
        """
        spec = install_spec(self.mapping)
        steps: list[InstallStep] = []
        existing: dict[int, list[dict[str, Any]]] = {}
        try:
            for t in sorted({int(r["automation_type"]) for r in spec["rules"]}):
                existing[t] = self._rules(t)
        except PermanentVendorError as exc:
            if exc.status not in (401, 403, 404):
                raise
            reason = f"the Automations API answered {exc.status}"
            return [self._manual_rule(r, webhook_url, reason) for r in spec["rules"]] + [
                self._manual_creation_setting()
            ]
        for rule in spec["rules"]:
            atype = int(rule["automation_type"])
            rows = existing[atype]
            where = f"automation rule {rule['name']!r} ({_TYPE_NAMES.get(atype, atype)})"
            if any(r.get("name") == rule["name"] for r in rows):
                steps.append(
                    InstallStep(
                        "exists",
                        f"{where}: left as it is (to change its URL or secret, edit its "
                        "'Trigger webhook' action, or delete it and run install again)",
                    )
                )
                continue
            position = len(rows) + 1 if atype == 1 else 1
            if not dry_run:
                self.http.request(
                    "POST",
                    f"/api/v2/automations/{atype}/rules",
                    json=self.rule_request(rule, webhook_url, position),
                )
            steps.append(InstallStep("create", f"{where} calling {webhook_url}"))
        steps.append(self._manual_creation_setting())
        return steps

    def _manual_creation_setting(self) -> InstallStep:
        return InstallStep(
            "manual",
            "In Freshdesk: Admin → Workflows → Automations → Ticket Creation, set 'Execute all "
            "matching rules' (the default, 'Execute the first matching rule', lets any earlier "
            "rule shadow 'Stand-in: ticket created'). If you must keep 'first matching rule', "
            "add the 'Trigger webhook' action of 'Stand-in: ticket created' to every creation "
            "rule above it instead.",
        )

    def _manual_rule(self, rule: dict[str, Any], webhook_url: str, reason: str) -> InstallStep:
        atype = int(rule["automation_type"])
        spec = install_spec(self.mapping)
        lines = [
            f"{reason}; create this rule by hand: Admin → Workflows → Automations → "
            f"{_TYPE_NAMES.get(atype, atype)} → New rule, name {rule['name']!r}.",
        ]
        if atype == 4:
            performer = _PERFORMERS.get(int(rule["performer"]["type"]), "Anyone")
            lines.append(f"  When an action is performed by: {performer}.")
            lines.extend(
                f"  Involves any of these events: {_event_text(e)}." for e in rule["events"]
            )
        lines.append(
            "  On tickets with these properties: Status is any of Open, Pending, Resolved, Closed."
        )
        lines.append(
            f"  Perform these actions: Trigger webhook — Request type POST, URL {webhook_url}, "
            f"Custom headers: {spec['secret_header']}: <your first webhook secret>, Encoding "
            "JSON, Content: Advanced, with exactly this body:"
        )
        lines.append(json.dumps(self.webhook_body(rule["key"]), indent=2))
        return InstallStep("manual", "\n".join(lines))
