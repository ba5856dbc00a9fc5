"""Helpdesk adapters, registered explicitly: one vendor key names its package here
(``<vendor>/``: webhook, client, install), its mapping file, fixture folder and manifest entry."""

from __future__ import annotations

from connector.adapters.helpdesks.base import HelpdeskAdapter
from connector.adapters.helpdesks.freshdesk import FreshdeskAdapter
from connector.adapters.helpdesks.hubspot import HubSpotAdapter
from connector.adapters.helpdesks.rt import RtAdapter
from connector.adapters.helpdesks.zammad import ZammadAdapter
from connector.adapters.helpdesks.zendesk import ZendeskAdapter

ADAPTERS: dict[str, type[HelpdeskAdapter]] = {
    ZendeskAdapter.vendor: ZendeskAdapter,
    ZammadAdapter.vendor: ZammadAdapter,
    FreshdeskAdapter.vendor: FreshdeskAdapter,
    HubSpotAdapter.vendor: HubSpotAdapter,
    RtAdapter.vendor: RtAdapter,
}
