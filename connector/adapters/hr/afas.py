"""AFAS Profit: a dossier item (KnSubject) linked to the employee, text plus the PDF."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from connector.adapters.hr.base import HrTarget
from connector.adapters.hr.config import HrConfig
from connector.adapters.hr.document import HrDocument


def afas_token_header(token: str) -> str:
    """AFAS wants the whole XML token base64-encoded after the word AfasToken."""
    return "AfasToken " + base64.b64encode(token.strip().encode()).decode()


class AfasTarget(HrTarget):
    system = "afas"

    @classmethod
    def http_options(cls, config: HrConfig) -> dict[str, Any]:
        return {
            "base_url": config.url,
            "headers": {
                "Authorization": afas_token_header(config.credentials["token"].reveal()),
                "Accept": "application/json",
            },
        }

    def employee_id(self, email: str) -> str:
        lookup = self.mapping["lookup"]
        connector = self.config.employee_connector or lookup["connector"]

        def load() -> str | None:
            data = self.http.request(
                "GET",
                f"/connectors/{connector}",
                params={
                    "filterfieldids": lookup["email_field"],
                    "filtervalues": email,
                    "operatortypes": "1",
                    "skip": "0",
                    "take": "2",
                },
            ).json()
            rows = data.get("rows") or []
            return str(rows[0][lookup["id_field"]]) if len(rows) == 1 else None

        found: str | None = self.cache.get(("employee", email), load)
        if found is None:
            self.cache.clear()
            raise self.no_employee(email)
        return found

    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        employee_id = self.employee_id(doc.entry.employee_email)
        subject = self.mapping["subject"]
        category: Any = int(self.config.category) if self.config.category.isdigit() else None
        body = {
            "KnSubject": {
                "Element": {
                    "Fields": {
                        "StId": category if category is not None else self.config.category,
                        "Ds": self.title(doc)[:80],
                        "SbTx": doc.text,
                        "Da": doc.entry.contact_at.strftime("%Y-%m-%dT%H:%M:%S"),
                    },
                    # As AFAS's own examples shape it: sub-object elements as arrays, and the
                    # link with DoCRM so the item lands in the employee's dossier.
                    "Objects": [
                        {
                            "KnSubjectLink": {
                                "Element": [
                                    {
                                        "Fields": {
                                            "DoCRM": True,
                                            "SfTp": subject["link_type"],
                                            "SfId": employee_id,
                                        }
                                    }
                                ]
                            }
                        },
                        {
                            "KnSubjectAttachment": {
                                "Element": [
                                    {
                                        "Fields": {
                                            "FileName": doc.file_name,
                                            "FileStream": base64.b64encode(doc.pdf).decode(),
                                        }
                                    }
                                ]
                            }
                        },
                    ],
                }
            }
        }
        resp = self.http.request("POST", subject["path"], json=body)
        data = resp.json() if resp.content else {}
        ref = ((data.get("results") or {}).get("KnSubject") or {}).get("SbId")
        return f"dossier item {ref}" if ref else f"employee {employee_id}: {doc.file_name}"
