"""What every HR target offers the dispatcher: deliver one rendered entry, return a reference."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from connector.adapters.helpdesks.base import TTLCache
from connector.adapters.hr.config import HrConfig
from connector.adapters.hr.document import HrDocument, build_document
from connector.adapters.http import VendorHttp
from connector.domain.contact_log import ContactEntry
from connector.domain.messages import Msg
from connector.errors import PermanentVendorError


class HrTarget(ABC):
    system: ClassVar[str]

    def __init__(self, config: HrConfig, mapping: dict[str, Any], http: VendorHttp):
        self.config = config
        self.mapping = mapping
        self.http = http
        self.cache = TTLCache(seconds=600.0)

    @classmethod
    @abstractmethod
    def http_options(cls, config: HrConfig) -> dict[str, Any]:
        """Base URL, auth and headers for this system's API (see ``VendorHttp``)."""

    @classmethod
    def secret_problems(cls, config: HrConfig) -> list[str]:
        """What is wrong with the configured secrets, by key (for ``standin check``)."""
        return []

    @property
    def file_name_template(self) -> str:
        return str(self.mapping.get("file_name") or "contact-log-{date}-{entry_id}.pdf")

    def document(self, entry: ContactEntry, timezone: str) -> HrDocument:
        """The entry rendered for this system (its file name), dated in ``timezone``."""
        return build_document(entry, timezone, self.file_name_template)

    def title(self, doc: HrDocument) -> str:
        template = self.mapping.get("title_template")
        if not template:
            return doc.title
        return f"{str(template).format(date=doc.day)} - {doc.entry.employee_name}"

    def secret(self, key: str) -> str:
        return self.config.credentials[key].reveal()

    @abstractmethod
    def deliver(self, doc: HrDocument, now: dt.datetime) -> str:
        """Put the document in the employee's confidential place; return the system's ref."""

    def no_employee(self, email: str) -> PermanentVendorError:
        return PermanentVendorError(
            Msg(
                "%(system)s: no employee with work e-mail %(email)s; check the address in the "
                "HR system, then replay",
                system=self.system,
                email=email,
            )
        )
