"""``standin init``: the answers a new admin gives, turned into a config and an env file.

Pure where it can be: ``write_setup`` takes the answers and writes two files; the prompting,
the connection test and the install live in the CLI. Secrets go only into the env file
(mode 0600); the config names them as ``${NAME}`` references and points at the env file.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from cryptography.fernet import Fernet


@dataclass(frozen=True)
class HelpdeskAnswers:
    key: str  # appears in /webhooks/<key>
    vendor: str
    url: str
    credentials: dict[str, str]  # credential key -> value
    secret_keys: frozenset[str]  # which credentials are secret (from the manifest)
    webhook_secret: str
    timezone: str = "Europe/Amsterdam"
    locale: str = "nl"
    public_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def env_name(key: str, what: str) -> str:
    """``STANDIN_<HELPDESK>_<WHAT>`` in the shell's alphabet."""
    return "STANDIN_" + re.sub(r"[^A-Z0-9]+", "_", f"{key}_{what}".upper()).strip("_")


def generated_secret() -> str:
    """A webhook secret for helpdesks where Stand-in chooses it (Standard Webhooks form)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def config_and_env(
    a: HelpdeskAnswers, folder: Path | None = None
) -> tuple[dict[str, object], dict[str, str]]:
    """The config mapping (references only) and the env values (the secrets)."""
    env: dict[str, str] = {}
    creds: dict[str, str] = {}
    for name, value in a.credentials.items():
        if name in a.secret_keys:
            var = env_name(a.key, name)
            env[var] = value
            creds[name] = f"${{{var}}}"
        else:
            creds[name] = value
    secret_var = env_name(a.key, "webhook_secret")
    env[secret_var] = a.webhook_secret
    env["STANDIN_SECRET_KEY"] = secrets.token_hex(32)
    env["STANDIN_DATA_KEY"] = Fernet.generate_key().decode()  # what adapters.sealing reads
    helpdesk: dict[str, object] = {
        "vendor": a.vendor,
        "url": a.url,
        "credentials": creds,
        "webhook_secrets": [f"${{{secret_var}}}"],
        "timezone": a.timezone,
        "locale": a.locale,
        **a.extra,
    }
    config: dict[str, object] = {
        "database_url": f"sqlite:///{folder / 'standin.db'}" if folder else "sqlite:///standin.db",
        "env_file": "standin.env",
        "helpdesks": {a.key: helpdesk},
        "ui": {"secret_key": "${STANDIN_SECRET_KEY}"},
        "data_keys": ["${STANDIN_DATA_KEY}"],
    }
    if a.public_url:
        config["public_url"] = a.public_url
    return config, env


def write_setup(a: HelpdeskAnswers, folder: Path, *, force: bool = False) -> tuple[Path, Path]:
    """Write ``standin.yaml`` and ``standin.env`` (0600) into ``folder``; never overwrite
    an existing file unless ``force``."""
    config, env = config_and_env(a, folder)
    config_path, env_path = folder / "standin.yaml", folder / "standin.env"
    for p in (config_path, env_path):
        if p.exists() and not force:
            raise FileExistsError(f"{p} exists; move it away or pass --force")
    header = "# Written by `standin init`. Secrets are in standin.env (keep it private).\n"
    config_path.write_text(header + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    fd = os.open(env_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("# Secrets for standin.yaml (read through env_file). Keep this file private.\n")
        for name, value in env.items():
            f.write(f"{name}={_quoted(value)}\n")
    os.chmod(env_path, 0o600)
    return config_path, env_path


def _quoted(value: str) -> str:
    """Single-quoted for python-dotenv: no ``$`` expansion; backslash and quote escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
