"""What every helpdesk adapter offers the services. Vendor specifics stay behind this."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from connector.adapters.http import VendorHttp
from connector.config import HelpdeskConfig
from connector.domain.events import Agent, CanonicalEvent, TicketSnapshot

# The value types live in the domain; re-exported here for the adapters.
from connector.domain.helpdesk import (  # noqa: F401
    NOTICE_MARKER_PREFIX,
    AppUser,
    Availability,
    Customer,
    IncomingEvent,
    InstallStep,
    OutboundNotice,
    ScopeChoices,
    TakeCheck,
    VendorResult,
    WebhookRequest,
    notice_key,
    notice_marker,
)
from connector.domain.messages import N_
from connector.errors import PayloadError, RetryableVendorError, VendorError
from connector.html_text import html_to_text, note_text, same_text
from connector.mapping import ChoiceList, VendorMapping


def is_posted_notice(notice: OutboundNotice, content: str) -> bool:
    """Whether a message the vendor lists is ``notice``: it carries the notice's hidden
    marker, or (a vendor that strips HTML comments when it stores a message) it shows the
    very same text."""
    if notice.marker and notice.marker in content:
        return True
    mine = html_to_text(notice.html) if notice.html else notice.text
    return bool(mine.strip()) and same_text(note_text(content), mine)


HttpFactory = Callable[..., VendorHttp]


def parse_vendor_time(value: Any) -> dt.datetime | None:
    """An ISO-8601 timestamp as the vendors send it (``Z`` or an offset), aware; else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def link_settings(config: HelpdeskConfig) -> dict[str, str]:
    """What a mapping's ``ticket_url`` may name besides ``{base}`` and ``{id}``: the
    helpdesk's configured account id and domain (HubSpot's ``portal_id``, ``ui_domain``),
    never its secrets."""
    return {k: config.credentials[k].reveal() for k in LINK_SETTINGS if k in config.credentials}


#: Configured values a ticket link may carry (account ids and domains, not secrets).
LINK_SETTINGS = ("portal_id", "ui_domain")


def same_host_path(url: str) -> str:
    """Path and query of a vendor's absolute next-page URL, to be fetched on our own base URL
    (credentials never go to a host the configuration did not name)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class TTLCache:
    """A tiny per-adapter cache for lookups that rarely change (own id, group memberships)."""

    def __init__(self, seconds: float = 300.0):
        self.seconds = seconds
        self._data: dict[Any, tuple[float, Any]] = {}

    def get(self, key: Any, load: Callable[[], Any]) -> Any:
        hit = self._data.get(key)
        now = time.monotonic()
        if hit is not None and now - hit[0] < self.seconds:
            return hit[1]
        value = load()
        self._data[key] = (now, value)
        return value

    def clear(self) -> None:
        self._data.clear()


class SideLoaded:
    """Customers a vendor sent along with a ticket (a side-load), kept briefly for the look-up
    that follows: the notice's requester then costs no call of its own. Each is handed out
    once and only while fresh; beyond ``size`` the oldest go first."""

    def __init__(self, seconds: float = 30.0, size: int = 256):
        self.seconds = seconds
        self.size = size
        self._data: OrderedDict[str, tuple[float, Customer]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, customer: Customer) -> None:
        with self._lock:
            self._data.pop(customer.id, None)
            self._data[customer.id] = (time.monotonic(), customer)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def take(self, customer_id: str) -> Customer | None:
        with self._lock:
            hit = self._data.pop(customer_id, None)
        if hit is None or time.monotonic() - hit[0] >= self.seconds:
            return None
        return hit[1]


class HelpdeskAdapter(ABC):
    vendor: ClassVar[str]
    #: Seconds to wait before processing an accepted event. RT posts its webhook from inside
    #: the ticket's open database transaction, so an immediate read-back sees the old state.
    processing_delay_seconds: ClassVar[float] = 0.0
    #: True when the webhook can arrive before the vendor has committed the change (RT): a
    #: fresh read that contradicts the payload is then retried a few times, not believed.
    posts_before_commit: ClassVar[bool] = False
    #: API calls per minute the connector allows itself (0: no client-side limit); the
    #: helpdesk setting ``rate_limit_per_minute`` overrides it.
    default_rate_limit_per_minute: ClassVar[int] = 0
    #: The script the helpdesk's app pages load to talk to the helpdesk (None: no app).
    app_sdk_url: ClassVar[str | None] = None

    def __init__(self, config: HelpdeskConfig, mapping: VendorMapping, http: VendorHttp):
        self.config = config
        self.mapping = mapping
        self.http = http
        self.cache = TTLCache()
        self.side_loaded = SideLoaded()

    def ticket_link(self, ticket_id: str) -> str | None:
        """Where an agent opens the ticket in the helpdesk (the mapping's ``ticket_url``),
        or None when the mapping has none."""
        pattern = self.mapping.ticket_url(self.config.url, link_settings(self.config))
        if pattern is None:
            return None
        return pattern.replace("{id}", quote(str(ticket_id), safe=""))

    @classmethod
    @abstractmethod
    def http_options(cls, config: HelpdeskConfig) -> dict[str, Any]:
        """Base URL, auth and headers for this vendor's API (see ``VendorHttp``)."""

    @classmethod
    def secret_problems(cls, config: HelpdeskConfig) -> list[str]:
        """What is wrong with the configured webhook secrets, by key (for ``standin check``)."""
        return []

    # -- inbound ---------------------------------------------------------------------------
    @abstractmethod
    def verify(self, req: WebhookRequest, now: dt.datetime, tolerance: int) -> None:
        """Raise SignatureError unless the request is authentic and fresh."""

    def parse(self, req: WebhookRequest) -> Any:
        try:
            return json.loads(req.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise PayloadError(f"body is not valid JSON: {exc}") from None
        except RecursionError:
            raise PayloadError("body is not valid JSON: nested too deeply") from None

    def split(self, req: WebhookRequest, payload: Any) -> list[IncomingEvent]:
        """One delivery → the events in it, each with its de-duplication key."""
        if not isinstance(payload, dict):
            raise PayloadError("body must be a JSON object")
        etype = self.mapping.event_type(payload, req.headers)
        return [IncomingEvent(self.dedup_key(req, payload), etype, self.stored_text(req, payload))]

    def stored_text(self, req: WebhookRequest, payload: Any) -> str:
        """The event as the inbox stores it: the body exactly as the vendor sent it, when this
        adapter's ``parse`` is the plain JSON one and the body is UTF-8 (re-encoding it was a
        tenth of a webhook's CPU under load); otherwise ``payload`` encoded again."""
        if type(self).parse is HelpdeskAdapter.parse and json.detect_encoding(req.body) == "utf-8":
            try:
                return req.body.decode("utf-8")
            except UnicodeDecodeError:  # lone surrogates: json reads them, UTF-8 does not
                pass
        return json.dumps(payload)

    def dedup_key(self, req: WebhookRequest, payload: Any) -> str:
        return "sha256:" + hashlib.sha256(req.body).hexdigest()

    # -- outbound --------------------------------------------------------------------------
    @abstractmethod
    def find_agent(self, email: str) -> Agent | None:
        """The agent with this e-mail, or None. Non-agents come back with is_agent=False."""

    @abstractmethod
    def get_ticket(self, ticket_id: str) -> TicketSnapshot: ...

    @abstractmethod
    def get_customer(self, customer_id: str) -> Customer: ...

    @abstractmethod
    def own_actor_ids(self) -> frozenset[str]:
        """Ids under which the connector's own changes appear in events (loop prevention)."""

    @abstractmethod
    def reassign(
        self, ticket: TicketSnapshot, agent: Agent, notice: OutboundNotice | None
    ) -> VendorResult:
        """Give the ticket to ``agent`` and post ``notice`` (in one call where the API allows)."""

    #: How often a customer notice is posted when its answer keeps getting lost (each
    #: repeat only after looking at the ticket and not finding the notice there).
    notice_post_attempts: ClassVar[int] = 3

    def post_notice_once(
        self, ticket_id: str, notice: OutboundNotice, post: Callable[[], Any]
    ) -> bool:
        """Post a customer notice (``post``, made with ``idempotent=False``) at most once.

        Two-call helpdesks send the notice as a call of its own. After an uncertain failure
        (a timeout, a reset, a 5xx: the vendor may have posted it) the ticket's latest
        articles are read first and the notice is posted again only when its hidden marker
        is not there. Returns True when the notice was found after a lost answer.
        """
        for attempt in range(self.notice_post_attempts):
            try:
                post()
                return False
            except RetryableVendorError as exc:
                if notice.key and self.notice_present(ticket_id, notice):
                    return True
                if exc.status == 429 or attempt + 1 >= self.notice_post_attempts:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def notice_present(self, ticket_id: str, notice: OutboundNotice) -> bool:
        """Whether ``notice`` is on the ticket already (see ``is_posted_notice``)."""
        raise NotImplementedError(f"{self.vendor}: cannot look for a posted notice")

    def get_user(self, user_id: str) -> Agent | None:
        """A user by id (e-mail and name), or None; used to know who wrote a note."""
        raise NotImplementedError(f"{self.vendor}: looking up users by id is not supported yet")

    def add_internal_note(self, ticket_id: str, text: str) -> VendorResult:
        """Post an internal (agent-only) note on a ticket."""
        raise NotImplementedError(f"{self.vendor}: internal notes are not supported yet")

    def complete_note(self, event: CanonicalEvent) -> CanonicalEvent:
        """An internal note with what its payload lacked (text, author, ticket) fetched.

        Zendesk and Zammad send everything; Freshdesk cannot name the author, RT sends no
        text, HubSpot neither text nor ticket. Called only for notes that may be contact notes.
        """
        return event

    def keep_marker_tags(self, ticket_fields: Any) -> tuple[str, ...]:
        """The keep-tag, when the mapping's ``keep_marker`` field marks the ticket.

        For helpdesks whose tickets have no tags (HubSpot): the field the mapping declares
        stands for the keep-tag, so every rule that honours the keep-tag honours it alike.
        """
        marker = self.mapping.keep_marker
        if marker is None or not marker.marks(ticket_fields):
            return ()
        return (self.config.keep_tag,)

    def resolve_event(self, event: CanonicalEvent) -> CanonicalEvent | None:
        """The event made about its ticket, where the payload names something else.

        Most vendors name the ticket and this returns the event as it is. HubSpot's
        conversation events name a thread and a message: the adapter reads which ticket the
        thread belongs to and who wrote the message. None: it concerns no ticket.
        """
        return event

    def open_tickets(self, agent_id: str) -> list[TicketSnapshot]:
        """Every unsolved ticket owned by ``agent_id`` (all pages)."""
        raise NotImplementedError(f"{self.vendor}: listing open tickets is not supported yet")

    #: Most results one listing can return (Zendesk's search stops at 1,000); None: no cap.
    #: When a listing comes back this full, the start move lists again after moving.
    listing_cap: ClassVar[int | None] = None

    def open_ticket_count(self, agent_id: str) -> int:
        """How many open tickets the agent has (the ``fewest_open`` balancing); only asked
        when the mapping declares ``capabilities.open_ticket_counts``."""
        return len(self.open_tickets(agent_id))

    def bulk_reassign(self, ticket_ids: Sequence[str], agent: Agent) -> VendorResult:
        """Give many tickets to ``agent`` without notices; per-ticket failures in ``failed``.

        This default moves them one by one through ``reassign`` (re-reading each ticket), so
        a vendor without a bulk endpoint works too; vendors with one override it. A vendor
        error on one ticket does not stop the others: it is reported for that ticket, so the
        caller can record exactly what moved.
        """
        failed: dict[str, str] = {}
        for ticket_id in ticket_ids:
            try:
                self.reassign(self.get_ticket(ticket_id), agent, None)
            except VendorError as exc:
                failed[str(ticket_id)] = str(exc)
        moved = len(ticket_ids) - len(failed)
        return VendorResult(200, f"{moved} of {len(ticket_ids)} assigned to {agent.id}", failed)

    def can_take(self, agent: Agent, groups: Collection[str]) -> TakeCheck:
        """Whether ``agent`` can own tickets in ``groups`` (checked before a period starts)."""
        raise NotImplementedError(f"{self.vendor}: checking an agent's rights is not supported")

    #: What this helpdesk calls the units an agent needs rights for (messages, README).
    group_noun: ClassVar[str] = N_("groups")

    def scope_choices(self) -> ScopeChoices:
        """The helpdesk's tags and its groups as (id, name), for the period form to offer,
        read as the mapping's ``scope_choices`` declares. A list the helpdesk did not give
        (down, refused) is named in ``failed``. NotImplementedError: the mapping declares
        none, and the form takes free text only."""
        declared = self.mapping.scope_choices
        if not declared:
            raise NotImplementedError(f"{self.vendor}: the mapping lists no tags or groups")
        found: dict[str, list[tuple[str, str]]] = {}
        failed: list[str] = []
        http = self.http.for_a_person_waiting()  # a form is waiting: no minutes of retries
        for which, spec in declared.items():
            try:
                found[which] = self._choice_list(spec, http)
            except RetryableVendorError:
                # Unreachable (down, too slow, rate-limited): the other list would only wait
                # through the same retries; the form is free text for both.
                failed.extend(k for k in declared if k not in found)
                break
            except VendorError:
                failed.append(which)  # refused (e.g. a right the user lacks): the next may answer
        return ScopeChoices(
            tags=[value for value, _ in found.get("tags", [])],
            groups=found.get("groups", []),
            failed=tuple(failed),
        )

    def _choice_list(self, spec: ChoiceList, http: VendorHttp) -> list[tuple[str, str]]:
        """(value, label) rows of one declared list, page after page (at most ``max_pages``)."""
        out: dict[str, str] = {}
        path: str = spec.path
        params: dict[str, str] | None = dict(spec.params)
        for _ in range(spec.max_pages):
            resp = http.request("GET", path, params=params)
            data = resp.json()
            rows = spec.items.search(data) or []
            for row in rows:
                value = spec.value.search(row)
                if value is None or str(value).strip() == "":
                    continue
                label = spec.label.search(row)
                out.setdefault(str(value), str(label) if label not in (None, "") else str(value))
            if spec.paging == "link":
                nxt = (resp.links.get("next") or {}).get("url")
                if not nxt:
                    break
                path, params = same_host_path(nxt), None
            elif spec.paging == "page" and params is not None:
                if spec.more is not None:
                    more = bool(spec.more.search(data))
                else:
                    per_page = int(params.get("per_page") or 0)
                    more = per_page > 0 and len(rows) >= per_page  # a full page: maybe more
                if not more:
                    break
                params["page"] = str(int(params.get("page") or 1) + 1)
            else:
                break
        return list(out.items())  # in the helpdesk's order (Zendesk: most used tags first)

    def open_ticket_groups(self, agent_id: str) -> set[str]:
        """The groups (queues, teams) of the agent's unsolved tickets."""
        return {t.group_id for t in self.open_tickets(agent_id) if t.group_id}

    #: How this helpdesk can be told that an agent is away for a period (README table):
    #: "native" (the vendor's own out-of-office/availability is set), or "none" (Stand-in's
    #: rerouting is the only line). Adapters with "native" implement ``set_availability``.
    availability: ClassVar[str] = "none"

    def set_availability(self, agent: Agent, availability: Availability) -> VendorResult:
        """Set (``away``) or clear the agent's availability in the helpdesk itself."""
        raise NotImplementedError(f"{self.vendor}: the helpdesk has no availability to set")

    def replied_since(self, ticket_id: str, agent_id: str, since: dt.datetime) -> bool | None:
        """Has ``agent_id`` written a public reply on the ticket since ``since``?

        None when the vendor cannot tell for this ticket (HubSpot: no conversation thread);
        the hand-back then falls back to ``rerouted_open`` for it and audits why.
        """
        raise NotImplementedError(f"{self.vendor}: reading ticket replies is not supported yet")

    def app_user(self, token: str, now: dt.datetime) -> AppUser:
        """The user behind a request the helpdesk's own app signed (the page inside the
        helpdesk). Raises ``SignatureError`` for a bad token; NotImplementedError where the
        helpdesk has no such app."""
        raise NotImplementedError(f"{self.vendor}: no signed helpdesk app")

    def app_package(self, **author: str) -> bytes:
        """The helpdesk app's package (a zip) that hosts the page inside the helpdesk."""
        raise NotImplementedError(f"{self.vendor}: no helpdesk app package")

    def install(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        """Create what the helpdesk needs to call the connector; idempotent."""
        raise NotImplementedError(f"{self.vendor}: install is not supported yet")
