"""Helpdesk adapters, registered explicitly: one vendor key per mapping file and module."""

from __future__ import annotations

from connector.adapters.helpdesks.base import HelpdeskAdapter
from connector.adapters.helpdesks.rt import RtAdapter
from connector.adapters.helpdesks.zendesk import ZendeskAdapter

ADAPTERS: dict[str, type[HelpdeskAdapter]] = {
    ZendeskAdapter.vendor: ZendeskAdapter,
    RtAdapter.vendor: RtAdapter,
}
