"""Encryption at rest for what the HR file holds (the contact log's entries).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) through ``MultiFernet``: the first
key seals, every key opens, so a key is rotated by putting the new one first, re-sealing
(``standin data-key rotate``) and then dropping the old one. Keys come from
``STANDIN_DATA_KEYS`` (comma-separated, newest first), else from a key file created on first
use (mode 0600) — fine for a single machine, but keep it outside the database's backups.

``cryptography`` is imported at the first seal or open, not with this module: its library
holds some 7 MiB in every process that loads it, and a restart or an ingest-only process
that has not written or read a contact-log entry yet does not need it.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connector.errors import ConfigError

if TYPE_CHECKING:
    from cryptography.fernet import Fernet, MultiFernet

log = logging.getLogger(__name__)
ENV = "STANDIN_DATA_KEYS"
SEALED = "sealed"  # the one key of a sealed JSON value: {"sealed": "<fernet token>"}


def _is_fernet_key(key: str) -> bool:
    """What ``Fernet(key)`` accepts: 32 bytes in url-safe base64 (checked without loading
    ``cryptography``, so that a wrong key still stops the start)."""
    try:
        return len(base64.urlsafe_b64decode(key.encode())) == 32
    except (binascii.Error, ValueError):
        return False


class Sealer:
    def __init__(self, keys: Sequence[str]):
        if not keys:
            raise ConfigError(f"{ENV}: at least one key is needed")
        if not all(isinstance(k, str) and _is_fernet_key(k) for k in keys):
            raise ConfigError(
                f"{ENV}: each key must be a Fernet key (32 url-safe base64 bytes; "
                "make one with `standin data-key new`)"
            )
        self._keys = tuple(keys)
        self._lock = threading.Lock()
        self._built: tuple[Fernet, MultiFernet] | None = None

    def _fernets(self) -> tuple[Fernet, MultiFernet]:
        """The newest key's Fernet and one for all keys, made at the first use."""
        with self._lock:
            if self._built is None:
                from cryptography.fernet import Fernet, MultiFernet

                fernets = [Fernet(k.encode()) for k in self._keys]
                self._built = (fernets[0], MultiFernet(fernets))
            return self._built

    @property
    def _newest(self) -> Fernet:
        return self._fernets()[0]

    @property
    def _fernet(self) -> MultiFernet:
        return self._fernets()[1]

    def seal(self, value: Mapping[str, Any]) -> dict[str, str]:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return {SEALED: self._fernet.encrypt(data).decode()}

    def open(self, stored: Mapping[str, Any]) -> dict[str, Any]:
        """The value; rows written before sealing (a plain dict) come back as they are."""
        token = stored.get(SEALED) if len(stored) == 1 else None
        if not isinstance(token, str):
            return dict(stored)
        from cryptography.fernet import InvalidToken

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
            from cryptography.fernet import InvalidToken

            try:
                self._newest.decrypt(token.encode())
                return None  # already sealed with the newest key
            except InvalidToken:
                return {SEALED: self._fernet.rotate(token.encode()).decode()}
        return self.seal(stored)


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def sealer_from(env: Mapping[str, str] = os.environ, key_file: Path | None = None) -> Sealer:
    """Keys from the environment, else the key file (created with a new key when missing)."""
    listed = [k.strip() for k in env.get(ENV, "").split(",") if k.strip()]
    if listed:
        return Sealer(listed)
    path = key_file or Path("standin.key")
    if not path.exists() and _create_key_file(path):
        log.warning(
            "no %s set: generated a data key in %s; back it up apart from the database "
            "(without it the contact log cannot be read)",
            ENV,
            path,
        )
    keys = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    return Sealer(keys)


def _create_key_file(path: Path) -> bool:
    """Put a new key file at ``path`` (mode 0600), whole or not at all; False when another
    process got there first (several ``standin worker`` processes started at once). The key is
    written to a file of its own and linked into place: a file created empty and then written
    would let a process starting a moment later read no key, or write a second one."""
    key = new_key() + "\n"
    fd, written = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(key)
        try:
            os.link(written, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: created empty, then written
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return False
            with os.fdopen(fd, "w") as f:
                f.write(key)
        return True
    finally:
        os.unlink(written)
