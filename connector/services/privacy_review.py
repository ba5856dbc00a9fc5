"""What is already stored that the privacy guard would refuse today (issue 16, item 8).

Templates and contact-log entries were checked by the guard of their day. When the guard
learns more (new words, new senses), older texts are not silently kept: ``standin check``
lists every stored template version and contact-log entry the guard would now refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from connector.config import HelpdeskConfig
from connector.domain.contact_log import guard_entry
from connector.domain.notices import NoticeTemplate, plain_field_findings, validate_template
from connector.errors import PrivacyViolation, ValidationFailed
from connector.services.contact_log import guard_names
from connector.services.notices import helpdesk_names
from connector.services.ports import ContactLogRepo, PeriodRepo, TemplateRepo


@dataclass(frozen=True)
class StoredRefusal:
    """One stored text the guard refuses: what it is, which field, and the words."""

    what: str  # "template" or "contact-log entry"
    ref: str  # e.g. "acme notice/formal/nl version 3 (active)" or "entry <id> (acme, ...)"
    field: str
    words: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.what} {self.ref}, {self.field}: {', '.join(self.words)}"


def review_stored(
    templates: TemplateRepo,
    periods: PeriodRepo,
    helpdesks: Mapping[str, HelpdeskConfig],
    log: ContactLogRepo,
) -> list[StoredRefusal]:
    """Every stored template version and contact-log entry the guard would refuse now
    (``log`` opens the sealed entries)."""
    out: list[StoredRefusal] = []
    for row in templates.templates(None):
        template = NoticeTemplate(
            row["lang"], row["subject"], row["text"], row["html"], row["kind"], row["variant"]
        )
        ref = (
            f"{row['helpdesk']} {row['kind']}/{row['variant']}/{row['lang']} version "
            f"{row['version']}" + (" (active)" if row["active"] else "")
        )
        names = helpdesk_names(helpdesks.get(row["helpdesk"]))
        if row.get("fields"):  # plain fields: each judged as written and filled in
            by_field = plain_field_findings(row["fields"], row["lang"], names, row["variant"])
            for name, found in by_field.items():
                words = tuple(dict.fromkeys(f.text for f in found))
                out.append(StoredRefusal("template", ref, f"fields.{name}", words))
            continue
        for part in ("subject", "text", "html"):
            try:
                validate_template(
                    getattr(template, part),
                    template.lang,
                    html=part == "html",
                    names=names,
                    kind=template.kind,
                )
            except PrivacyViolation as exc:
                out.append(StoredRefusal("template", ref, part, tuple(exc.words)))
            except ValidationFailed:
                continue  # not a privacy question; saving it again would say why
    for entry, superseded_by in log.entries(None):
        names = guard_names(periods, entry, helpdesks.get(entry.helpdesk))
        ref = f"{entry.id} ({entry.helpdesk}, {entry.employee_email}, {entry.contact_at:%Y-%m-%d})"
        if superseded_by:
            ref += f" superseded by {', '.join(superseded_by)}"
        for field_name, findings in guard_entry(entry, names).items():
            words = tuple(dict.fromkeys(f.text for f in findings))
            out.append(StoredRefusal("contact-log entry", ref, field_name, words))
    return out
