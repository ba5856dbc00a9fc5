"""BambooHR: the entry's PDF as an employee file in an HR-only category, share=no."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.hr.base import HrTarget
from connector.adapters.hr.config import HrConfig
from connector.adapters.hr.document import HrDocument


class BambooHrTarget(HrTarget):
    system = "bamboohr"

    @classmethod
    def http_options(cls, config: HrConfig) -> dict[str, Any]:
        return {
            "base_url": config.url,
            # BambooHR: the API key is the user name; the password is ignored.
            "auth": (config.credentials["api_key"].reveal(), "x"),
            "headers": {"Accept": "application/json"},
        }

    def employee_ids(self) -> dict[str, str]:
        """Work e-mail → employee id, from one custom report (cached for ten minutes)."""

        def load() -> dict[str, str]:
            lookup = self.mapping["lookup"]
            data = self.http.request(
                "POST",
                lookup["path"],
                params=lookup["params"],
                json={"title": "Stand-in employee lookup", "fields": ["id", lookup["email_field"]]},
            ).json()
            return {
                str(row.get(lookup["email_field"]) or "").lower(): str(row[lookup["id_field"]])
                for row in data.get("employees", [])
                if row.get(lookup["email_field"])
            }

        result: dict[str, str] = self.cache.get("directory", load)
        return result

    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        email = doc.entry.employee_email
        employee_id = self.employee_ids().get(email)
        if employee_id is None:
            self.cache.clear()  # a new hire may be missing from a cached report
            employee_id = self.employee_ids().get(email)
        if employee_id is None:
            raise self.no_employee(email)
        upload = self.mapping["upload"]
        resp = self.http.request(
            "POST",
            upload["path"].format(employee_id=employee_id),
            data={
                "category": self.config.category,
                "fileName": doc.file_name,
                "share": upload["share"],
            },
            files={"file": (doc.file_name, doc.pdf, "application/pdf")},
        )
        return resp.headers.get("Location") or f"employee {employee_id}: {doc.file_name}"
