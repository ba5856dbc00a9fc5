"""manifest.yaml is valid and agrees with mappings/, the adapter registry and the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from connector.adapters.helpdesks import ADAPTERS
from connector.errors import ConfigError
from connector.manifest import MANIFEST_PATH, cross_check, load_manifest
from connector.mapping import available_vendors
from tests.support import FIXTURES


def test_the_manifest_is_valid_and_agrees_with_mappings_and_adapters() -> None:
    manifest = load_manifest()
    assert cross_check(manifest) == []
    assert set(manifest["vendors"]) == set(available_vendors()) == set(ADAPTERS)


@pytest.mark.parametrize("vendor", sorted(ADAPTERS))
def test_each_vendor_key_names_its_mapping_package_and_fixture_folder(vendor: str) -> None:
    root = MANIFEST_PATH.parent
    assert (root / "mappings" / f"{vendor}.yaml").is_file()
    package = root / "connector" / "adapters" / "helpdesks" / vendor
    for module in ("__init__", "webhook", "client", "install"):
        assert (package / f"{module}.py").is_file(), f"{vendor}/{module}.py is missing"
    assert ADAPTERS[vendor].__module__ == f"connector.adapters.helpdesks.{vendor}"
    assert ADAPTERS[vendor].vendor == vendor
    assert any((FIXTURES / vendor).glob("*.json")), f"tests/fixtures/{vendor}/ has no payloads"
    assert (FIXTURES / vendor / "SOURCES.md").is_file() or (
        FIXTURES / vendor / "README.md"
    ).is_file()


def test_every_credential_holding_a_token_is_marked_secret() -> None:
    for vendor, entry in load_manifest()["vendors"].items():
        for cred in entry["credentials"]:
            if any(w in cred["name"] for w in ("token", "key", "secret", "password")):
                assert cred["secret"], f"{vendor}.{cred['name']} must be secret"


def test_a_manifest_with_an_unknown_key_is_refused_with_its_path(tmp_path: Path) -> None:
    raw = yaml.safe_load(MANIFEST_PATH.read_text())
    raw["vendors"]["zendesk"]["colour"] = "green"
    bad = tmp_path / "manifest.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError) as info:
        load_manifest(bad)
    assert any("vendors.zendesk" in r and "colour" in r for r in info.value.reasons)


def test_a_manifest_whose_events_drift_from_the_mapping_is_reported() -> None:
    manifest = load_manifest()
    manifest["vendors"]["zendesk"]["events"] = manifest["vendors"]["zendesk"]["events"][:-1]
    assert cross_check(manifest) == [
        "manifest.yaml: vendors.zendesk.events differ from mappings/zendesk.yaml"
    ]
