"""The start move on every helpdesk at its fewest calls, under 429 bursts and the vendor's
own limits (bench/start_move.py, small): counts only, nothing here depends on timing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.start_move import VENDORS, run


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_start_move_of_250_tickets_stays_within_a_tenth_of_the_vendors_minimum(
    vendor: str, sqlite_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "standin.db"
    shutil.copyfile(sqlite_template, db)
    result = run(vendor, 250, db_url=f"sqlite:///{db}", time_scale=0.01, burst_every=20)
    assert (result.moved, result.left_behind, result.lost) == (250, 0, 0)
    assert result.calls <= 1.1 * result.minimum
    # A 429 costs one call, no more (fewer when a look-up was cached by the period check).
    assert result.calls <= result.minimum + result.refused
    assert result.state["status"] == "done" and result.state["moved"] == 250


def test_zammad_without_bulk_update_pays_one_429_in_twenty_and_no_more(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """Zammad moves one ticket per call: 503 calls at the minimum, so every 20th is refused
    and waited out, and each refusal costs exactly one extra call."""
    db = tmp_path / "standin.db"
    shutil.copyfile(sqlite_template, db)
    result = run("zammad", 250, db_url=f"sqlite:///{db}", time_scale=0.01, burst_every=20)
    assert result.refused > 0
    assert result.calls == result.minimum + result.refused
    assert result.lost == 0 and result.left_behind == 0
