"""HiBob: the entry's PDF in the employee's Confidential folder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.hr.base import HrTarget
from connector.adapters.hr.config import HrConfig
from connector.adapters.hr.document import HrDocument


class HiBobTarget(HrTarget):
    system = "hibob"

    @classmethod
    def http_options(cls, config: HrConfig) -> dict[str, Any]:
        creds = config.credentials
        return {
            "base_url": config.url,
            "auth": (creds["service_user_id"].reveal(), creds["token"].reveal()),
            "headers": {"Accept": "application/json"},
        }

    def employee_id(self, email: str) -> str:
        def load() -> str | None:
            data = self.http.request(
                "POST",
                "/v1/people/search",
                json={
                    "fields": ["root.id", "root.email"],
                    "filters": [
                        {"fieldPath": "root.email", "operator": "equals", "values": [email]}
                    ],
                    "showInactive": True,
                },
            ).json()
            for person in data.get("employees") or []:
                # Fields come flat (id, email) or grouped under root, by the humanReadable flag.
                root = person.get("root") if isinstance(person.get("root"), dict) else person
                if str(root.get("email", "")).lower() == email and root.get("id"):
                    return str(root["id"])
            return None

        found: str | None = self.cache.get(("employee", email), load)
        if found is None:
            self.cache.clear()
            raise self.no_employee(email)
        return found

    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        employee_id = self.employee_id(doc.entry.employee_email)
        resp = self.http.request(
            "POST",
            self.mapping["upload"]["path"].format(employee_id=employee_id),
            files={"file": (doc.file_name, doc.pdf, "application/pdf")},
        )
        body = resp.json() if resp.content else {}
        ref = body.get("id") if isinstance(body, dict) else None
        return f"document {ref}" if ref else f"employee {employee_id}: {doc.file_name}"
