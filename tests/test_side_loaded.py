"""Customers a helpdesk sent along with a ticket are kept briefly for the look-up that follows."""

from __future__ import annotations

from connector.adapters.helpdesks.base import Customer, SideLoaded


def customer(cid: str, locale: str = "nl") -> Customer:
    return Customer(id=cid, locale=locale, is_end_user=True, email=f"{cid}@example.org")


def test_a_side_loaded_customer_is_handed_out_once() -> None:
    kept = SideLoaded()
    kept.put(customer("7001"))
    assert kept.take("7001") == customer("7001")
    assert kept.take("7001") is None  # the next look-up asks the helpdesk again


def test_a_newer_side_load_of_the_same_customer_replaces_the_older() -> None:
    kept = SideLoaded()
    kept.put(customer("7001", "nl"))
    kept.put(customer("7001", "fr-BE"))
    found = kept.take("7001")
    assert found is not None and found.locale == "fr-BE"


def test_a_side_loaded_customer_past_its_freshness_is_not_used() -> None:
    kept = SideLoaded(seconds=0.0)
    kept.put(customer("7001"))
    assert kept.take("7001") is None


def test_beyond_its_size_the_oldest_side_load_goes_first() -> None:
    kept = SideLoaded(size=2)
    for cid in ("1", "2", "3"):
        kept.put(customer(cid))
    assert kept.take("1") is None
    assert kept.take("2") is not None and kept.take("3") is not None
