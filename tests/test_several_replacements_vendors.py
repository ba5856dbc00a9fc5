"""#21: a start move balanced across three replacements on the vendors' local fake servers,
under the vendor's limits and 429 bursts: the split is within one of round-robin's and no
customer is split across replacements."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.start_move import DESKS, LIMITS, limit_fake, scaled_services
from connector.scheduler import Scheduler

#: Where each fake keeps a ticket's requester (to give the tickets several customers; one
#: customer for every ticket would rightly send them all to one replacement). HubSpot's
#: listing carries no requester: each ticket counts on its own.
REQUESTER_FIELD = {"zendesk": "requester_id", "freshdesk": "requester_id", "zammad": "customer_id"}
REPLACEMENTS = ("bob", "carla", "dora")


def start_move(vendor: str, tickets: int, customers: int, db: Path) -> tuple[Any, dict[int, int]]:
    """Anna's period starts with bob, carla and dora as replacements (round-robin); returns
    the desk and ticket → customer."""
    desk: Any = DESKS[vendor]()
    fake = desk.fake
    if vendor == "zendesk":  # the bench's Zendesk desk has only anna and bob
        for n, name in enumerate(("carla", "dora"), start=2):
            desk.ids[name] = 9001 + n
            fake.add_user(desk.ids[name], name.title(), f"{name}@example.com")
    limit = LIMITS[vendor]
    time_scale = 0.01
    limit_fake(fake, limit, time_scale)  # with a 429 burst every 20 calls
    fake.start()
    customer_of: dict[int, int] = {}
    for tid in range(1, tickets + 1):
        desk.add(tid, "anna")
        customer_of[tid] = 7100 + tid % customers
        if vendor in REQUESTER_FIELD:
            fake.tickets[tid][REQUESTER_FIELD[vendor]] = customer_of[tid]
        elif vendor == "rt":
            fake.tickets[tid]["Requestor"] = [f"customer{customer_of[tid]}"]
    svc = scaled_services(desk, limit, time_scale, f"sqlite:///{db}")
    now = dt.datetime.now(dt.UTC)
    try:
        svc.periods.create(
            {
                "helpdesk": "desk",
                "employee": "anna@example.com",
                "replacement": "bob@example.com",
                "replacements": [
                    {"replacement": "carla@example.com"},
                    {"replacement": "dora@example.com"},
                ],
                "balancing": {"strategy": "round_robin"},
                "starts_at": (now - dt.timedelta(minutes=1)).isoformat(),
                "ends_at": (now + dt.timedelta(days=30)).isoformat(),
                "notice": {"at_start": False},
                "accept_warnings": True,
            },
            "test",
        )
        Scheduler(svc, owner="test").tick()
    finally:
        svc.store.engine.dispose()
        fake.stop()
    return desk, customer_of


def owners(desk: Any, tickets: int) -> dict[int, str]:
    out: dict[int, str] = {}
    for name in ("anna", *REPLACEMENTS):
        for tid in desk.owned_by(name):
            out[int(tid)] = name
    assert len(out) == tickets, "every ticket has exactly one of the four owners"
    return out


def test_a_start_move_of_1000_zendesk_tickets_is_shared_within_one_and_keeps_customers_whole(
    sqlite_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "standin.db"
    shutil.copyfile(sqlite_template, db)
    # 1,000 distinct customers: the round-robin split is of tickets.
    desk, _ = start_move("zendesk", 1000, 1000, db)
    split = Counter(owners(desk, 1000).values())
    assert "anna" not in split
    assert max(split.values()) - min(split.values()) <= 1, split


def test_a_customer_with_several_tickets_is_not_split_across_replacements_on_zendesk(
    sqlite_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "standin.db"
    shutil.copyfile(sqlite_template, db)
    # 300 customers with several tickets each: the strategy shares out customers.
    desk, customer_of = start_move("zendesk", 1000, 300, db)
    owner = owners(desk, 1000)
    per_customer: dict[int, set[str]] = {}
    for tid, name in owner.items():
        per_customer.setdefault(customer_of[tid], set()).add(name)
    assert all(len(names) == 1 for names in per_customer.values())
    customers_per = Counter(next(iter(names)) for names in per_customer.values())
    assert set(customers_per) == set(REPLACEMENTS)
    assert max(customers_per.values()) - min(customers_per.values()) <= 1, customers_per


@pytest.mark.parametrize("vendor", ["freshdesk", "hubspot", "zammad", "rt"])
def test_the_start_move_is_shared_within_one_on_the_other_helpdesks(
    vendor: str, sqlite_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "standin.db"
    shutil.copyfile(sqlite_template, db)
    desk, _ = start_move(vendor, 120, 120, db)
    split = Counter(owners(desk, 120).values())
    assert set(split) == set(REPLACEMENTS)
    assert max(split.values()) - min(split.values()) <= 1, split
