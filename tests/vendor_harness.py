"""One harness for the vendor tests: each vendor's desk (config entry, how it signs a delivery,
a delivery of a given event type), and the `post`, `drain` and services helpers every vendor
test file used to copy.

A desk posts exactly what its helpdesk sends (the signing helpers live beside each vendor's API
fixtures in tests/<vendor>_api.py); tests assert the canonical event and the exact outbound
calls against the `vendor` fixture (a strict `responses` mock at the HTTP boundary).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from connector.adapters.signatures import sign_zammad
from connector.config import parse_config
from connector.mapping import credential_keys
from connector.wiring import Services
from connector.worker import Worker
from tests import freshdesk_api, hubspot_api, rt_api, zammad_api
from tests.conftest import ZENDESK_SECRET
from tests.support import build_test_services, fixture_json, zendesk_headers

PUBLIC_URL = "https://standin.example.com"

#: (body, now) → the headers the helpdesk sends with that body.
Signer = Callable[[bytes, dt.datetime], dict[str, str]]
#: event type → (body, extra headers) of a delivery of that type, built from a captured one.
Typed = Callable[[str], tuple[bytes, dict[str, str]]]


@dataclass(frozen=True)
class Desk:
    """One configured helpdesk of a vendor, as the tests post to it."""

    vendor: str
    key: str
    entry: dict[str, Any]
    sign: Signer
    typed: Typed

    @property
    def path(self) -> str:
        return f"/webhooks/{self.key}"

    def post(
        self, client: Any, body: bytes, now: dt.datetime, headers: dict[str, str] | None = None
    ) -> Any:
        """POST ``body`` as the helpdesk would (signed at ``now``) or with explicit headers."""
        return client.post(self.path, data=body, headers=self.sign(body, now) | (headers or {}))

    def post_type(self, client: Any, event_type: str, now: dt.datetime) -> Any:
        """POST a captured delivery rewritten to carry ``event_type``."""
        body, extra = self.typed(event_type)
        return self.post(client, body, now, extra)


def _zendesk_typed(event_type: str) -> tuple[bytes, dict[str, str]]:
    payload = fixture_json("zendesk", "ticket_created.json")
    payload["type"] = event_type
    return json.dumps(payload).encode(), {}


def _freshdesk_typed(event_type: str) -> tuple[bytes, dict[str, str]]:
    payload = fixture_json("freshdesk", "ignored_priority_changed.json")
    payload["standin"]["rule"] = event_type
    return json.dumps(payload).encode(), {}


def _hubspot_typed(event_type: str) -> tuple[bytes, dict[str, str]]:
    [event] = copy.deepcopy(fixture_json("hubspot", "ignored_contact_property_change.json"))
    kind, _, prop = event_type.partition(":")
    event.pop("eventType", None)
    event["subscriptionType"] = kind
    event.pop("propertyName", None)
    event.pop("propertyValue", None)
    if prop:
        event["propertyName"], event["propertyValue"] = prop, "x"
    return json.dumps([event]).encode(), {}


def _zammad_typed(event_type: str) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(fixture_json("zammad", "ticket_created_owner_employee.json")).encode()
    return body, {"X-Zammad-Trigger": event_type}


def _rt_typed(event_type: str) -> tuple[bytes, dict[str, str]]:
    payload = fixture_json("rt", "ticket_created_for_employee.json")
    payload["type"] = event_type
    return rt_api.rt_body(payload), {}


def _zammad_sign(body: bytes, now: dt.datetime) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Zammad-Delivery": hashlib.sha256(body).hexdigest()[:32],
        "X-Hub-Signature": sign_zammad(ZAMMAD_TOKEN, body),
    }


def _rt_sign(body: bytes, now: dt.datetime) -> dict[str, str]:
    msg_id = f"rt-{json.loads(body)['transaction']['id']}"
    return rt_api.rt_headers(body, RT_SECRET, now, msg_id)


ZAMMAD_TOKEN = "standin-zammad-signature-token"
RT_SECRET = "whsec_c3RhbmRpbi1ydC10ZXN0LXNlY3JldC0zMmJ5dGVzISE="

DESKS: dict[str, Desk] = {
    "zendesk": Desk(
        "zendesk",
        "acme",
        {
            "vendor": "zendesk",
            "url": "https://acme.zendesk.com",
            "credentials": {"email": "ops@acme.example", "api_token": "zd-api-token-123"},
            "webhook_secrets": [ZENDESK_SECRET],
        },
        lambda body, now: zendesk_headers(body, ZENDESK_SECRET, now),
        _zendesk_typed,
    ),
    "freshdesk": Desk(
        "freshdesk",
        "klantbv",
        {
            "vendor": "freshdesk",
            "url": "https://klantbv.freshdesk.com",
            "credentials": {"api_key": "fd-api-key-123"},
            "webhook_secrets": [freshdesk_api.SECRET],
        },
        lambda body, now: {
            "Content-Type": "application/json",
            "X-Standin-Secret": freshdesk_api.SECRET,
        },
        _freshdesk_typed,
    ),
    "hubspot": Desk(
        "hubspot",
        "hubspotdesk",
        {
            "vendor": "hubspot",
            "url": hubspot_api.BASE,
            "credentials": {"access_token": "pat-eu1-test-token", "app_id": hubspot_api.APP_ID},
            "webhook_secrets": [hubspot_api.SECRET],
        },
        lambda body, now: hubspot_api.hubspot_headers(
            body, f"{PUBLIC_URL}/webhooks/hubspotdesk", now
        ),
        _hubspot_typed,
    ),
    "zammad": Desk(
        "zammad",
        "zammaddesk",
        {
            "vendor": "zammad",
            "url": zammad_api.URL,
            "credentials": {"api_token": zammad_api.API_TOKEN},
            "webhook_secrets": [ZAMMAD_TOKEN],
        },
        _zammad_sign,
        _zammad_typed,
    ),
    "rt": Desk(
        "rt",
        "rtdesk",
        {
            "vendor": "rt",
            "url": rt_api.RT_URL,
            "credentials": {"user": "standin", "password": "standin-api-pw"},
            "webhook_secrets": [RT_SECRET],
        },
        _rt_sign,
        _rt_typed,
    ),
}


def desk_config(db_url: str, *desks: Desk, **top: Any) -> Any:
    """A configuration naming these desks (Amsterdam time, Dutch), public URL set."""
    helpdesks = {d.key: {"timezone": "Europe/Amsterdam", "locale": "nl", **d.entry} for d in desks}
    return parse_config(
        {"database_url": db_url, "public_url": PUBLIC_URL, "helpdesks": helpdesks, **top},
        credential_keys=credential_keys(),
    )


@contextmanager
def services_for(config: Any, clock: Any, sleeps: Any) -> Iterator[Services]:
    """Services over ``config`` with the test clock and sleeps; the engine disposed after."""
    svc = build_test_services(config, clock, sleeps)
    for adapter in svc.helpdesks.values():
        if hasattr(adapter, "clock"):
            adapter.clock = clock  # adapters that read the time themselves use the test clock
    try:
        yield svc
    finally:
        svc.store.engine.dispose()


def drain(services: Services, clock: Any | None = None) -> int:
    """Run the worker until the inbox is empty. With ``clock``, first wait the longest
    processing delay of the configured helpdesks (RT posts before it commits)."""
    if clock is not None:
        delay = max((a.processing_delay_seconds for a in services.helpdesks.values()), default=0)
        if delay:
            clock.advance(seconds=delay)
    return Worker(services, "test-worker").drain()


def metric(client: Any, name: str, **labels: str) -> float:
    """The value of one sample on /metrics (0.0 when the sample is absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    prefix = f"{name}{{{wanted}}} "
    for line in client.get("/metrics").get_data(as_text=True).splitlines():
        if line.startswith(prefix):
            return float(line[len(prefix) :])
    return 0.0


def customer_facing_posts(calls: Any) -> list[Any]:
    """The POSTs among ``responses`` calls that a customer could see: the team lead's internal
    notes (Freshdesk private note, Zammad internal article, RT comment) are not among them."""
    out = []
    for call in calls:
        request = call.request
        if request.method != "POST":
            continue
        url = request.url.split("?")[0]
        try:
            body = json.loads(request.body or b"{}")
        except (TypeError, ValueError):
            body = {}
        internal = isinstance(body, dict) and (
            body.get("private") is True or body.get("internal") is True
        )
        if internal or url.endswith("/comment"):
            continue
        out.append(call)
    return out
