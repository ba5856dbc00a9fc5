"""Encryption at rest for what the HR file holds (the contact log's entries).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) through ``MultiFernet``: the first
key seals, every key opens, so a key is rotated by putting the new one first, re-sealing
(``standin data-key rotate``) and then dropping the old one. Keys come from
``STANDIN_DATA_KEYS`` (comma-separated, newest first), else from a key file created on first
use (mode 0600) — fine for a single machine, but keep it outside the database's backups.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from connector.errors import ConfigError

log = logging.getLogger(__name__)
ENV = "STANDIN_DATA_KEYS"
SEALED = "sealed"  # the one key of a sealed JSON value: {"sealed": "<fernet token>"}


class Sealer:
    def __init__(self, keys: Sequence[str]):
        if not keys:
            raise ConfigError(f"{ENV}: at least one key is needed")
        try:
            fernets = [Fernet(k.encode()) for k in keys]
            self._newest = fernets[0]
            self._fernet = MultiFernet(fernets)
        except (ValueError, TypeError):
            raise ConfigError(
                f"{ENV}: each key must be a Fernet key (32 url-safe base64 bytes; "
                "make one with `standin data-key new`)"
            ) from None

    def seal(self, value: Mapping[str, Any]) -> dict[str, str]:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return {SEALED: self._fernet.encrypt(data).decode()}

    def open(self, stored: Mapping[str, Any]) -> dict[str, Any]:
        """The value; rows written before sealing (a plain dict) come back as they are."""
        token = stored.get(SEALED) if len(stored) == 1 else None
        if not isinstance(token, str):
            return dict(stored)
        try:
            opened: dict[str, Any] = json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken:
            raise ConfigError(
                f"a sealed contact-log entry cannot be opened with the keys in {ENV} "
                "(was a key dropped before `standin data-key rotate`?)"
            ) from None
        return opened

    def reseal(self, stored: Mapping[str, Any]) -> dict[str, str] | None:
        """The value sealed with the newest key, or None when it already is."""
        token = stored.get(SEALED) if len(stored) == 1 else None
        if isinstance(token, str):
            try:
                self._newest.decrypt(token.encode())
                return None  # already sealed with the newest key
            except InvalidToken:
                return {SEALED: self._fernet.rotate(token.encode()).decode()}
        return self.seal(stored)


def new_key() -> str:
    return Fernet.generate_key().decode()


def sealer_from(env: Mapping[str, str] = os.environ, key_file: Path | None = None) -> Sealer:
    """Keys from the environment, else the key file (created with a new key when missing)."""
    listed = [k.strip() for k in env.get(ENV, "").split(",") if k.strip()]
    if listed:
        return Sealer(listed)
    path = key_file or Path("standin.key")
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(new_key() + "\n")
        log.warning(
            "no %s set: generated a data key in %s; back it up apart from the database "
            "(without it the contact log cannot be read)",
            ENV,
            path,
        )
    keys = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    return Sealer(keys)
