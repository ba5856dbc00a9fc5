"""The one HTTP client every vendor and HR adapter uses: timeouts, retries, clean errors.

Retries 429, 5xx, timeouts and connection failures with exponential backoff and full jitter,
honouring ``Retry-After`` (seconds or an HTTP date). A wait longer than ``max_inline_wait``
is not slept here: it becomes a ``RetryableVendorError`` so the job is rescheduled instead of
holding a worker. Any other 4xx is a ``PermanentVendorError`` carrying the vendor's message.
Error messages never include credentials: only method, path and the vendor's answer, and
that answer with every credential this client sends blanked out (a vendor may echo the token
it refused; the message ends up in dead-letter reasons, the audit and the API).
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from connector.errors import PermanentVendorError, RetryableVendorError

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
REDACTED = "[redacted]"
_SECRET_HEADER_WORDS = ("auth", "token", "key", "secret", "cookie", "password")
_MIN_SECRET_CHARS = 6  # shorter values ("X", "x") would blank out ordinary words


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced (longest first)."""
    for secret in sorted(
        {s for s in secrets if len(s) >= _MIN_SECRET_CHARS}, key=len, reverse=True
    ):
        text = text.replace(secret, REDACTED)
    return text


def credential_values(auth: Any, headers: Iterable[Mapping[str, Any]]) -> list[str]:
    """What a request carries as credentials, in every form a vendor might echo it."""
    values: list[str] = []
    if isinstance(auth, tuple) and len(auth) == 2:
        user, password = (str(a) for a in auth)
        values += [user, password, base64.b64encode(f"{user}:{password}".encode()).decode()]
    for mapping in headers:
        for name, value in mapping.items():
            if not any(word in name.lower() for word in _SECRET_HEADER_WORDS):
                continue
            values.append(str(value))
            for part in str(value).split()[1:]:  # "Bearer X", "Token token=X", "Basic X"
                values += [part, part.split("=", 1)[-1]]
    return values


CallObserver = Callable[[str, str, int | None, float], None]


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_inline_wait: float = 30.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**attempt)]."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))


class RateLimit:
    """A token bucket shared by all calls of one adapter: stay under the vendor's limit
    instead of running into 429s. ``burst`` calls may go at once; then one per 60/rate s.
    Limits are per process; several processes on one account should split the rate."""

    def __init__(
        self,
        per_minute: float,
        *,
        burst: int | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self.rate = per_minute / 60.0
        self.capacity = float(burst if burst is not None else max(1, int(per_minute // 4)))
        self.tokens = self.capacity
        self.monotonic = monotonic
        self.last = monotonic()
        self.lock = threading.Lock()

    def reserve(self) -> float:
        """Take one call's token; return how long to wait before making the call."""
        with self.lock:
            now = self.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now
            self.tokens -= 1.0
            return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class VendorHttp:
    def __init__(
        self,
        base_url: str,
        *,
        vendor: str,
        auth: Any = None,
        headers: Mapping[str, str] | None = None,
        policy: RetryPolicy | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        sleep: Callable[[float], None] = time.sleep,
        observer: CallObserver | None = None,
        rng: random.Random | None = None,
        limit: RateLimit | None = None,
        secrets: Iterable[str] = (),
    ):
        self.base_url = base_url.rstrip("/")
        #: Configured credentials to blank out of error messages, besides auth and headers.
        self.secrets = tuple(str(s) for s in secrets)
        self.vendor = vendor
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self.sleep = sleep
        self.observer = observer
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self.limit = limit
        self.session = requests.Session()
        self.session.auth = auth
        if headers:
            self.session.headers.update(headers)

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        data: Any = None,
        files: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        url = self.url(path)
        shown = f"{method} {urlsplit(url).path}"
        last: RetryableVendorError | None = None
        for attempt in range(self.policy.max_attempts):
            if self.limit is not None:
                pause = self.limit.reserve()
                if pause > 0:
                    self.sleep(pause)
            started = time.perf_counter()
            try:
                resp = self.session.request(
                    method,
                    url,
                    json=json,
                    params=params,
                    data=data,
                    files=files,
                    headers=headers,
                    timeout=self.timeout,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                self._observe(method, None, started)
                last = RetryableVendorError(f"{self.vendor}: {shown} failed: {type(exc).__name__}")
                wait = self.policy.backoff(attempt, self.rng)
            else:
                self._observe(method, resp.status_code, started)
                if resp.status_code < 400:
                    return resp
                body = self._redact(resp.text, headers)[:2000]
                if resp.status_code not in RETRY_STATUSES:
                    raise PermanentVendorError(
                        f"{self.vendor}: {shown} answered {resp.status_code}: {_short(body)}",
                        status=resp.status_code,
                        body=body,
                    )
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                last = RetryableVendorError(
                    f"{self.vendor}: {shown} answered {resp.status_code}: {_short(body)}",
                    status=resp.status_code,
                    body=body,
                    retry_after=retry_after,
                )
                wait = (
                    retry_after
                    if retry_after is not None
                    else self.policy.backoff(attempt, self.rng)
                )
            if attempt + 1 >= self.policy.max_attempts or wait > self.policy.max_inline_wait:
                break
            self.sleep(wait)
        assert last is not None
        raise last

    def _redact(self, text: str, headers: Mapping[str, str] | None) -> str:
        sent = credential_values(self.session.auth, [self.session.headers, headers or {}])
        return redact(text, [*self.secrets, *sent])

    def _observe(self, method: str, status: int | None, started: float) -> None:
        if self.observer is not None:
            self.observer(self.vendor, method, status, time.perf_counter() - started)


def _short(body: str, limit: int = 300) -> str:
    text = " ".join(body.split())
    return text if len(text) <= limit else text[:limit] + "…"
