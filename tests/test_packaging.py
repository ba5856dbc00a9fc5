"""The connector finds its top-level data (mappings/, manifest.yaml) installed or not."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from connector import resources


def test_a_checkout_reads_mappings_and_manifest_from_the_top_of_the_repository() -> None:
    repo = Path(__file__).resolve().parent.parent
    assert resources.top_level("mappings") == repo / "mappings"
    assert resources.top_level("manifest.yaml") == repo / "manifest.yaml"


def test_an_installed_package_prefers_the_copies_its_wheel_carries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mappings").mkdir()
    monkeypatch.setattr(resources, "BUNDLED", tmp_path)
    assert resources.top_level("mappings") == tmp_path / "mappings"


def test_the_built_wheel_carries_every_mapping_and_the_manifest(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(repo)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("standin-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"connector/_bundled/{p.relative_to(repo).as_posix()}"
        for p in [repo / "manifest.yaml", *(repo / "mappings").rglob("*.yaml")]
    }
    assert expected <= names, sorted(expected - names)
