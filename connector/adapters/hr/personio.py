"""Personio: the entry's PDF as a document in an HR-only category on the employee's profile."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connector.adapters.hr.base import HrTarget
from connector.adapters.hr.config import HrConfig
from connector.adapters.hr.document import HrDocument
from connector.domain.messages import Msg
from connector.errors import PermanentVendorError


class PersonioTarget(HrTarget):
    system = "personio"

    @classmethod
    def http_options(cls, config: HrConfig) -> dict[str, Any]:
        return {"base_url": config.url, "headers": {"Accept": "application/json"}}

    def token(self) -> str:
        """A bearer token from /v1/auth (fetched per delivery: uploads are few)."""
        data = self.http.request(
            "POST",
            "/v1/auth",
            json={
                "client_id": self.secret("client_id"),
                "client_secret": self.secret("client_secret"),
            },
        ).json()
        token = (data.get("data") or {}).get("token")
        if not data.get("success") or not token:
            raise PermanentVendorError(
                Msg("personio: /v1/auth gave no token; check the credentials")
            )
        return str(token)

    def employee_id(self, email: str, bearer: dict[str, str]) -> str:
        def load() -> str | None:
            data = self.http.request(
                "GET", "/v1/company/employees", params={"email": email}, headers=bearer
            ).json()
            for row in data.get("data") or []:
                attrs = row.get("attributes") or {}
                if str((attrs.get("email") or {}).get("value", "")).lower() == email:
                    return str(attrs["id"]["value"])
            return None

        found: str | None = self.cache.get(("employee", email), load)
        if found is None:
            self.cache.clear()
            raise self.no_employee(email)
        return found

    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        bearer = {"Authorization": f"Bearer {self.token()}"}
        employee_id = self.employee_id(doc.entry.employee_email, bearer)
        resp = self.http.request(
            "POST",
            self.mapping["upload"]["path"],
            data={
                "title": self.title(doc),
                # Personio has no idempotency key: the entry id in the comment lets HR spot
                # a duplicate after a lost answer.
                "comment": f"Stand-in contact log entry {doc.entry.id}",
                "employee_id": employee_id,
                "category_id": self.config.category,
                "date": doc.day,
            },
            files={"file": (doc.file_name, doc.pdf, "application/pdf")},
            headers=bearer,
        )
        body = resp.json() if resp.content else {}
        ref = (body.get("data") or {}).get("id") if isinstance(body, dict) else None
        return f"document {ref}" if ref else f"employee {employee_id}: {doc.file_name}"
