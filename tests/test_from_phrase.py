"""The start of a period in a notice reads "from today" on the day it starts (issue #17 item 4)."""

import datetime as dt

import pytest

from connector.domain.notices import from_phrase

UTC = dt.UTC
START = dt.datetime(2026, 12, 4, 8, 0, tzinfo=UTC)  # 09:00 in Amsterdam


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "vanaf vandaag"),
        ("en", "from today"),
        ("fr", "à partir d'aujourd'hui"),
        ("de", "ab heute"),
    ],
)
def test_a_notice_sent_on_the_start_day_says_from_today(lang: str, expected: str) -> None:
    sent = dt.datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    assert from_phrase(START, sent, "Europe/Amsterdam", lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "vanaf 4 december 2026"),
        ("en", "from 4 December 2026"),
        ("fr", "à partir du 4 décembre 2026"),
        ("de", "ab dem 4. Dezember 2026"),
    ],
)
def test_a_notice_sent_before_the_start_day_gives_the_date(lang: str, expected: str) -> None:
    sent = dt.datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    assert from_phrase(START, sent, "Europe/Amsterdam", lang) == expected


def test_the_start_day_is_the_day_in_the_periods_time_zone_not_in_utc() -> None:
    # 23:30 UTC on 3 December is already 4 December in Amsterdam.
    sent = dt.datetime(2026, 12, 3, 23, 30, tzinfo=UTC)
    assert from_phrase(START, sent, "Europe/Amsterdam", "nl") == "vanaf vandaag"
    assert from_phrase(START, sent, "UTC", "nl") == "vanaf 4 december 2026"
