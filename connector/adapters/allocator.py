"""The C allocator (glibc's malloc) of a long-lived process: how many arenas it keeps, and
giving back to the system what a burst of work freed.

Both are Linux/glibc calls made through ``ctypes``; elsewhere (or with another C library)
they do nothing, which costs memory, never correctness.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Any

_M_ARENA_MAX = -8
_lock = threading.Lock()


def _libc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


def limit_arenas(arenas: int = 2) -> None:
    """Let the C allocator keep at most ``arenas`` arenas. By default every thread that
    allocates gets one of its own, up to eight per core, and keeps what it freed; a web
    process of eight request threads and its event workers then holds some 10 MiB more than
    with two (``bench/footprint.py --period``). The GIL serialises most allocations anyway.
    Set before the web processes are forked, so they inherit it; ``MALLOC_ARENA_MAX`` in
    the environment wins."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    libc = _libc()
    if libc is not None:
        with contextlib.suppress(AttributeError):
            libc.mallopt(_M_ARENA_MAX, arenas)


def give_back_freed_memory() -> bool:
    """Return to the system the pages that freed memory left unused in the allocator's heaps
    (``malloc_trim``): after a burst of webhooks a process otherwise keeps them resident,
    a few MiB, until it ends. Called when the process has gone quiet, never on the hot path
    (it walks the heaps: milliseconds). True when the call was made."""
    libc = _libc()
    if libc is None or not _lock.acquire(blocking=False):
        return False  # another thread is trimming: once is enough
    try:
        libc.malloc_trim(0)
        return True
    except AttributeError:
        return False
    finally:
        _lock.release()
