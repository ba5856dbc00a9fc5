"""The helpdesk port: one configured helpdesk as the services use it.

``connector.adapters.helpdesks.base.HelpdeskAdapter`` (one subclass per vendor) implements it;
wiring builds the adapters and hands them to the services as this Protocol. Apart from
``ports.py`` because it names the configuration and the vendor mapping it carries (``ports.py``
depends on the domain only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol

from connector.config import HelpdeskConfig
from connector.domain.events import Agent, CanonicalEvent, TicketSnapshot
from connector.domain.helpdesk import (
    AppUser,
    Availability,
    Customer,
    IncomingEvent,
    OutboundNotice,
    ScopeChoices,
    TakeCheck,
    VendorResult,
    WebhookRequest,
)
from connector.mapping import VendorMapping


class Cache(Protocol):
    def get(self, key: Any, load: Callable[[], Any]) -> Any: ...


class HelpdeskAdapter(Protocol):
    """One configured helpdesk: the vendor's API and its webhooks."""

    config: HelpdeskConfig
    mapping: VendorMapping

    @property
    def cache(self) -> Cache:
        """Look-ups that rarely change (own id, group memberships, the fallback agent)."""
        ...

    @property
    def vendor(self) -> str: ...

    @property
    def processing_delay_seconds(self) -> float: ...

    @property
    def posts_before_commit(self) -> bool: ...

    @property
    def app_sdk_url(self) -> str | None: ...

    @property
    def listing_cap(self) -> int | None: ...

    @property
    def group_noun(self) -> str: ...

    @property
    def availability(self) -> str:
        """ "native" or "none" (see the adapters' base class)."""
        ...

    def ticket_link(self, ticket_id: str) -> str | None: ...

    # inbound
    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None: ...

    def parse(self, req: WebhookRequest) -> Any: ...

    def split(self, req: WebhookRequest, payload: Any) -> list[IncomingEvent]: ...

    def resolve_event(self, event: CanonicalEvent) -> CanonicalEvent | None: ...

    def complete_note(self, event: CanonicalEvent) -> CanonicalEvent: ...

    # reading
    def find_agent(self, email: str) -> Agent | None: ...

    def get_user(self, user_id: str) -> Agent | None: ...

    def get_ticket(self, ticket_id: str) -> TicketSnapshot: ...

    def get_customer(self, customer_id: str) -> Customer: ...

    def own_actor_ids(self) -> frozenset[str]: ...

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]: ...

    def open_ticket_count(self, agent_id: str) -> int: ...

    def open_ticket_groups(self, agent_id: str) -> set[str]: ...

    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck: ...

    def scope_choices(self) -> ScopeChoices: ...

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool | None: ...

    def app_user(self, token: str, now: dt.datetime) -> AppUser: ...

    # writing
    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult: ...

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult: ...

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult: ...

    def set_availability(self, agent: Agent, availability: Availability) -> VendorResult: ...
