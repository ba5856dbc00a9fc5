"""Sign-in throttling: a pure rule over the failures the database remembers.

After ``max_failures`` failed sign-ins for one key (a client address, or the first characters
of the token tried) within ``window``, further attempts for that key are refused until the
oldest of those failures leaves the window. Refused attempts are not failures themselves, so
waiting always helps; a successful sign-in does not wipe the count (else one valid low-rank
token would reset the counter between guesses).

Keys are stored hashed: an address is personal data, and a "token" typed into the form may
be something else entirely (a password pasted by mistake).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN_PREFIX_CHARS = 8  # what ``standin token list`` shows: "sti_" and four characters


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # whole seconds until an attempt is allowed again


def verdict(failures: Iterable[dt.datetime], now: dt.datetime, policy: ThrottlePolicy) -> Verdict:
    """May one more attempt be made for a key with these failure times?"""
    recent = sorted(t for t in failures if now - policy.window < t <= now)
    if len(recent) < policy.max_failures:
        return Verdict(True)
    free_at = recent[-policy.max_failures] + policy.window
    return Verdict(False, max(1, math.ceil((free_at - now).total_seconds())))


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The strictest of several keys' verdicts (all must allow)."""
    refused = [v for v in verdicts if not v.allowed]
    return max(refused, key=lambda v: v.retry_after) if refused else Verdict(True)


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"standin-sign-in:{kind}:{value}".encode()).hexdigest()


def sign_in_keys(address: str, token: str) -> tuple[str, str]:
    """The two counters one attempt counts against: its client address and its token prefix."""
    return _key("address", address), _key("prefix", token.strip()[:TOKEN_PREFIX_CHARS])
