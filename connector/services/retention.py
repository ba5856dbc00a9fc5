"""Keep only what is needed, for as long as needed: every kind of record under one policy."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from connector.services.ports import Purge, RecordRetention

log = logging.getLogger(__name__)


class Retention:
    def __init__(
        self,
        records: RecordRetention,
        sessions: Purge,
        contact_log_purge: Callable[..., int],
    ):
        self.records = records
        self.sessions = sessions
        self.contact_log_purge = contact_log_purge

    def run(self, now: dt.datetime, *, dry_run: bool = False) -> dict[str, int]:
        """Rows deleted per kind, or with ``dry_run`` how many are due now."""
        report = self.records.run(now, dry_run=dry_run)
        report["contact_log_copies"] = self.contact_log_purge(now, dry_run=dry_run)
        report["sessions"] = self.sessions.purge(now, dry_run=dry_run)
        if not dry_run and any(report.values()):
            log.info(
                "retention: deleted %s",
                ", ".join(f"{k} {v}" for k, v in report.items() if v),
            )
        return report
