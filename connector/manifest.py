"""The plugin manifest (manifest.yaml): its schema, and the cross-check with the mappings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from connector.errors import ConfigError
from connector.resources import top_level
from connector.yaml_files import load_yaml

MANIFEST_PATH = top_level("manifest.yaml")


class _Setting(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True)
    secret = fields.Boolean(required=True)
    required = fields.Boolean(load_default=False)


class _Vendor(Schema):
    class Meta:
        unknown = RAISE

    title = fields.String(required=True)
    credentials = fields.List(fields.Nested(_Setting(partial=("required",))), required=True)
    signature = fields.String(required=True)
    events = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    scopes = fields.List(fields.String(), required=True)


class ManifestSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9-]*$"))
    title = fields.String(required=True)
    version = fields.String(required=True, validate=validate.Regexp(r"^\d+\.\d+\.\d+$"))
    description = fields.String(required=True)
    vendor_url = fields.Url(required=True)
    privacy = fields.Dict(required=True)
    endpoints = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    ui = fields.Dict(required=True)
    settings = fields.List(fields.Nested(_Setting), required=True)
    vendors = fields.Dict(keys=fields.String(), values=fields.Nested(_Vendor), required=True)


def load_manifest(path: Path = MANIFEST_PATH) -> dict[str, Any]:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        data: dict[str, Any] = ManifestSchema().load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"manifest.yaml: cannot read: {exc}") from None
    except ValidationError as exc:
        raise ConfigError([f"manifest.yaml: {k}: {v}" for k, v in _flat(exc.messages)]) from None
    return data


def cross_check(manifest: dict[str, Any]) -> list[str]:
    """Manifest ↔ mappings ↔ adapters: the same vendors, events and credentials everywhere."""
    from connector import __version__
    from connector.adapters.helpdesks import ADAPTERS
    from connector.mapping import available_vendors, load_mapping

    problems: list[str] = []
    if manifest["version"] != __version__:
        problems.append(f"manifest.yaml: version {manifest['version']} != package {__version__}")
    listed = set(manifest["vendors"])
    for vendor in sorted(listed ^ set(available_vendors())):
        problems.append(f"vendor {vendor!r} is in only one of manifest.yaml and mappings/")
    for vendor in sorted(listed ^ set(ADAPTERS)):
        problems.append(
            f"vendor {vendor!r} is in only one of manifest.yaml and the adapter registry"
        )
    for vendor in sorted(listed & set(available_vendors())):
        mapping = load_mapping(vendor)
        entry = manifest["vendors"][vendor]
        if set(entry["events"]) != set(mapping.events):
            problems.append(
                f"manifest.yaml: vendors.{vendor}.events differ from mappings/{vendor}.yaml"
            )
        declared = {c["name"] for c in entry["credentials"]}
        missing = set(mapping.credentials) - declared
        if missing:
            problems.append(
                f"manifest.yaml: vendors.{vendor}.credentials lacks {', '.join(sorted(missing))}"
            )
    return problems


def _flat(messages: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(messages, dict):
        out: list[tuple[str, Any]] = []
        for k, v in messages.items():
            out.extend(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return [(prefix, messages)]
