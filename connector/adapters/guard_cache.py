"""The privacy guard's built tables, kept on disk between processes.

Building the word lists and the automaton costs about half a second of CPU in every process
that guards a text (each web and worker process, each `standin check`), and leaves some 10 MiB
more behind than loading them, which costs a fraction of that. The cache is a directory of
this user's: ``STANDIN_CACHE_DIR``, else ``$XDG_CACHE_HOME/standin``, else
``~/.cache/standin``; ``STANDIN_CACHE_DIR=off`` turns it off.

A file is read only if this user owns it and the directory, and neither is writable by
anyone else: the tables are a pickle, and a pickle written by someone else could run code.
Files are written whole (a temporary file renamed into place) and tables of older versions
are removed, so the directory holds one file of about 8 MB.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "privacy-tables-"
SUFFIX = ".pickle"


def cache_dir(environ: Mapping[str, str]) -> Path | None:
    """The cache directory the environment names; None when it turns the cache off."""
    named = environ.get("STANDIN_CACHE_DIR", "").strip()
    if named.lower() in {"off", "none", "0"}:
        return None
    if named:
        return Path(named)
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path(environ.get("HOME") or Path.home()) / ".cache"
    return base / "standin"


def from_environment(environ: Mapping[str, str]) -> FileTableCache | None:
    """The cache the environment names (``cache_dir``); None when it turns the cache off."""
    directory = cache_dir(environ)
    return FileTableCache(directory) if directory is not None else None


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class FileTableCache:
    """``privacy.TableCache`` in a directory of this user's."""

    def __init__(self, directory: Path):
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{PREFIX}{key}{SUFFIX}"

    def holds(self, key: str) -> bool:
        """Whether tables for ``key`` are kept here (without reading them)."""
        return self._path(key).is_file()

    def _directory_is_private(self) -> bool:
        try:
            info = os.stat(self.directory, follow_symlinks=False)
        except OSError:
            return False
        return stat.S_ISDIR(info.st_mode) and _private(info)

    def load(self, key: str) -> bytes | None:
        if not self._directory_is_private():
            return None
        try:
            fd = os.open(self._path(key), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not (stat.S_ISREG(info.st_mode) and _private(info)):
                log.warning("privacy tables in %s ignored: not this user's alone", self.directory)
                return None
            return file.read()

    def save(self, key: str, make: Callable[[], bytes]) -> None:
        """Keep what ``make`` returns under ``key``; it is called only once the directory is
        there and this user's alone (pickling the tables costs about half a second)."""
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._directory_is_private():
                log.warning(
                    "privacy tables not cached: %s is not this user's alone", self.directory
                )
                return
            blob = make()
            fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tables-")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(blob)
                os.replace(temporary, self._path(key))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            for old in self.directory.glob(f"{PREFIX}*{SUFFIX}"):
                if old.name != self._path(key).name:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("privacy tables not cached in %s: %s", self.directory, exc.strerror)
