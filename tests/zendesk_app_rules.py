"""Zendesk's published rules for an app package, as its own validator applies them.

Transcribed (not copied) from zendesk/zendesk_apps_support — the library Zendesk's app
upload and ZCLI validate with (see tests/fixtures/zendesk/SOURCES.md): the manifest
(validations/manifest.rb, manifest/parameter.rb, app_version.rb, location.rb) and the
translation files (validations/translations.rb). ``problems(zip_bytes)`` lists every breach.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any
from urllib.parse import urlsplit

REQUIRED = ("author", "defaultLocale")
BOOLEANS = ("requirementsOnly", "marketingOnly", "singleInstall", "signedUrls", "private")
STRINGS = ("defaultLocale", "version", "frameworkVersion", "terms_conditions_url")
PARAMETER_TYPES = ("text", "password", "checkbox", "url", "number", "multiline", "hidden")
SERVED_VERSIONS = ("0.5", "1.0", "2.0")
SUPPORT_LOCATIONS = (
    "top_bar",
    "nav_bar",
    "ticket_sidebar",
    "new_ticket_sidebar",
    "user_sidebar",
    "organization_sidebar",
    "background",
    "modal",
    "ticket_editor",
    "system_top_bar",
    "ticket_module",
)
VALID_LOCALE = re.compile(r"^[a-z]{2}(-\w{2,3})?$")


def problems(package: bytes) -> list[str]:
    z = zipfile.ZipFile(io.BytesIO(package))
    names = set(z.namelist())
    if "manifest.json" not in names:
        return ["missing manifest.json at the top of the package"]
    try:
        manifest: dict[str, Any] = json.loads(z.read("manifest.json"))
    except ValueError as exc:
        return [f"manifest.json is not JSON: {exc}"]
    out: list[str] = []
    out += [f"manifest: missing {k}" for k in REQUIRED if manifest.get(k) is None]
    out += [
        f"manifest: {k} must be true or false"
        for k in BOOLEANS
        if k in manifest and not isinstance(manifest[k], bool)
    ]
    out += [
        f"manifest: {k} must be a string"
        for k in STRINGS
        if k in manifest and not isinstance(manifest[k], str)
    ]
    author = manifest.get("author") or {}
    for k in ("name", "email", "url"):
        if k in author and not isinstance(author[k], str):
            out.append(f"manifest: author {k} must be a string")
    if author.get("url") and urlsplit(author["url"]).scheme not in ("http", "https"):
        out.append("manifest: author url is not a URL")
    locale = manifest.get("defaultLocale")
    if isinstance(locale, str):
        if not VALID_LOCALE.match(locale):
            out.append(f"manifest: invalid defaultLocale {locale!r}")
        elif f"translations/{locale}.json" not in names:
            out.append(f"missing translations/{locale}.json for the default locale")
    out += _locations(manifest, names)
    version = manifest.get("frameworkVersion")
    if version is None:
        out.append("manifest: missing frameworkVersion")
    elif version not in SERVED_VERSIONS:
        out.append(f"manifest: frameworkVersion {version!r} is not served")
    out += _parameters(manifest)
    out += _translations(z, names, private=bool(manifest.get("private")))
    return out


def _locations(manifest: dict[str, Any], names: set[str]) -> list[str]:
    out: list[str] = []
    hosts = manifest.get("location") or {}
    if not hosts:
        return ["manifest: missing location"]
    for host, locations in hosts.items():
        if host != "support":
            out.append(f"manifest: unknown host {host!r}")
            continue
        for name, options in locations.items():
            if name not in SUPPORT_LOCATIONS:
                out.append(f"manifest: invalid location {name!r}")
            url = options.get("url") if isinstance(options, dict) else options
            if not isinstance(url, str) or not url:
                out.append(f"manifest: location {name} has no url")
                continue
            flexible = options.get("flexible") if isinstance(options, dict) else None
            if flexible is not None and not isinstance(flexible, bool):
                out.append(f"manifest: location {name} flexible must be true or false")
            if "{{setting." in url:
                continue
            parts = urlsplit(url)
            if parts.scheme:
                if parts.scheme != "https" and parts.hostname != "localhost":
                    out.append(f"manifest: location {name} url must be https")
            elif not (parts.path.startswith("assets/") and parts.path in names):
                out.append(f"manifest: location {name} url {url!r} is not in assets/")
    return out


def _parameters(manifest: dict[str, Any]) -> list[str]:
    params = manifest.get("parameters")
    if params is None:
        return []
    if not isinstance(params, list):
        return ["manifest: parameters must be an array"]
    out: list[str] = []
    seen: set[str] = set()
    for p in params:
        name = p.get("name")
        if name in seen:
            out.append(f"manifest: duplicate parameter {name!r}")
        seen.add(name)
        if name == "name":
            out.append("manifest: a parameter may not be called 'name'")
        if p.get("type", "text") not in PARAMETER_TYPES:
            out.append(f"manifest: parameter {name} has an invalid type")
        for flag in ("required", "secure"):
            if flag in p and not isinstance(p[flag], bool):
                out.append(f"manifest: parameters.{name}.{flag} must be true or false")
        if p.get("type") == "hidden" and p.get("required"):
            out.append(f"manifest: hidden parameter {name} cannot be required")
    return out


def _translations(z: zipfile.ZipFile, names: set[str], *, private: bool) -> list[str]:
    out: list[str] = []
    for name in sorted(names):
        match = re.match(r"^translations/(.*)\.json$", name)
        if not match:
            continue
        if not VALID_LOCALE.match(match.group(1)):
            out.append(f"{name}: invalid locale")
            continue
        try:
            data = json.loads(z.read(name))
        except ValueError:
            out.append(f"{name}: not JSON")
            continue
        if not isinstance(data, dict):
            out.append(f"{name}: not a JSON object")
            continue
        if name == "translations/en.json":
            required = (
                ["name"]
                if private
                else ["name", "short_description", "installation_instructions", "long_description"]
            )
            missing = [k for k in required if k not in (data.get("app") or {})]
            if missing:
                out.append(f"{name}: missing app.{', app.'.join(missing)}")
    return out
