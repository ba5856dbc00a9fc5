"""The one HTTP client every vendor and HR adapter uses: timeouts, retries, clean errors.

Retries 429, 5xx, timeouts and connection failures with exponential backoff and full jitter,
honouring ``Retry-After`` (seconds or an HTTP date). A wait longer than ``max_inline_wait``
is not slept here: it becomes a ``RetryableVendorError`` so the job is rescheduled instead of
holding a worker. Any other 4xx is a ``PermanentVendorError`` carrying the vendor's message.
Error messages never include credentials: only method, path and the vendor's answer, and
that answer with every credential this client sends blanked out (a vendor may echo the token
it refused; the message ends up in dead-letter reasons, the audit and the API).

Two guards found by the fault tests (tests/test_faults.py):

- A call that is not idempotent (``idempotent=False``: e.g. a Zendesk update that carries a
  customer notice as a comment) is repeated here only when the vendor cannot have acted on
  it: a 429, or a connection that was never made. After a timeout, a reset, a 5xx or an
  unreadable answer the vendor may have applied it, so the error goes to the job, which
  re-reads the ticket before acting again: a second notice is never posted blindly.
- The whole call, body included, must finish within ``deadline`` seconds: a vendor that
  trickles its answer byte by byte cannot hold a worker for longer than that. A 2xx answer
  labelled JSON that does not parse is a retryable failure naming the cause, not a crash.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import datetime as dt
import email.utils
import functools
import json as jsonlib
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from connector.domain.messages import Msg
from connector.errors import PermanentVendorError, RetryableVendorError

if TYPE_CHECKING:
    import requests

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
REDACTED = "[redacted]"
_SECRET_HEADER_WORDS = ("auth", "token", "key", "secret", "cookie", "password")
_MIN_SECRET_CHARS = 6  # shorter values ("X", "x") would blank out ordinary words


_MIN_RUN_CHARS = 8  # a run this long of a credential's characters is blanked, in any case


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every credential blanked, also when a vendor echoes it altered.

    Any run of at least 8 characters (the whole secret when it is shorter) that occurs in a
    secret is blanked, case-insensitively: an upper-cased, lower-cased, truncated or partly
    quoted token is caught as well as the exact one. Overlapping and adjacent runs merge.
    """
    lowered = text.lower()
    grams: dict[int, set[str]] = {}
    # "Bearer X" or "token=X": the credential is X; its scheme and separators are not secret.
    words = {w.lower() for s in secrets for w in re.split(r"[\s=]+", s)}
    for secret in {w for w in words if len(w) >= _MIN_SECRET_CHARS}:
        size = min(_MIN_RUN_CHARS, len(secret))
        grams.setdefault(size, set()).update(
            secret[i : i + size] for i in range(len(secret) - size + 1)
        )
    spans: list[tuple[int, int]] = []
    for size, wanted in grams.items():
        spans += [
            (i, i + size) for i in range(len(lowered) - size + 1) if lowered[i : i + size] in wanted
        ]
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in _merged(sorted(spans)):
        out += [text[pos:start], REDACTED]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _merged(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    start, end = spans[0]
    for s, e in spans[1:]:
        if s <= end:
            end = max(end, e)
        else:
            yield start, end
            start, end = s, e
    yield start, end


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
        deadline: float | None = None,
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
        self.deadline = deadline if deadline is not None else timeout[0] + timeout[1]
        self.sleep = sleep
        self.observer = observer
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self.limit = limit
        #: Longest wait behind the rate limit before a call (None: as long as it takes).
        self.max_limit_wait: float | None = None
        self._auth = auth
        self._headers = dict(headers or {})

    @functools.cached_property
    def session(self) -> requests.Session:
        """The session (kept connections), made at the first call: requests and urllib3 are
        imported then, not by every process start (a web process that never calls a vendor
        does not load them; they took about 45 ms of a start)."""
        import requests

        session = requests.Session()
        # The environment (proxies, CA bundle) is read once here instead of on every request:
        # requests' per-call merge of it cost about 0.5 ms of CPU per vendor call.
        session.trust_env = False
        session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if ca_bundle:
            session.verify = ca_bundle
        session.auth = self._auth
        session.headers.update(self._headers)
        return session

    def for_a_person_waiting(
        self, timeout: tuple[float, float] = (2.0, 5.0), max_limit_wait: float = 1.0
    ) -> VendorHttp:
        """The same client (session, rate limit, credentials) for a call a person waits on,
        such as a form's suggestions: one attempt, short timeouts, and no long wait behind the
        rate limit. Background work keeps the full retry policy; a page must not hang for
        minutes of retries when the helpdesk is down or busy."""
        self.session  # noqa: B018 - made now, so that both clients share it
        quick = copy.copy(self)
        quick.policy = dataclasses.replace(self.policy, max_attempts=1, max_inline_wait=0.0)
        quick.timeout = timeout
        quick.deadline = timeout[0] + timeout[1]
        quick.max_limit_wait = max_limit_wait
        return quick

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
        idempotent: bool = True,
    ) -> requests.Response:
        import requests  # loaded by the session already; here for its exception classes

        url = self.url(path)
        shown = f"{method} {urlsplit(url).path}"
        last: RetryableVendorError | None = None
        for attempt in range(self.policy.max_attempts):
            if self.limit is not None:
                pause = self.limit.reserve()
                if self.max_limit_wait is not None and pause > self.max_limit_wait:
                    raise RetryableVendorError(
                        Msg(
                            "%(vendor)s: %(call)s not sent: the rate limit is used up for "
                            "%(seconds)s s",
                            vendor=self.vendor,
                            call=shown,
                            seconds=f"{pause:.0f}",
                        ),
                        retry_after=pause,
                    )
                if pause > 0:
                    self.sleep(pause)
            started = time.perf_counter()
            # May this failure be repeated here? Only when the vendor cannot have acted on it.
            repeatable = idempotent
            try:
                resp = self._send(method, url, json, params, data, files, headers)
                self._read_body(resp, started + self.deadline)
            except (requests.Timeout, requests.ConnectionError, _TooSlow) as exc:
                self._observe(method, None, started)
                cause = Msg("too slow") if isinstance(exc, _TooSlow) else type(exc).__name__
                last = RetryableVendorError(
                    Msg(
                        "%(vendor)s: %(call)s failed: %(cause)s",
                        vendor=self.vendor,
                        call=shown,
                        cause=cause,
                    )
                )
                wait = self.policy.backoff(attempt, self.rng)
                repeatable = idempotent or _never_sent(exc)
            else:
                self._observe(method, resp.status_code, started)
                if resp.status_code < 400:
                    if _is_json(resp) and not _parses(resp.content):
                        last = RetryableVendorError(
                            Msg(
                                "%(vendor)s: %(call)s answered %(status)s with a body that is "
                                "not valid JSON",
                                vendor=self.vendor,
                                call=shown,
                                status=resp.status_code,
                            ),
                            status=resp.status_code,
                            body=self._redact(resp.text, headers)[:2000],
                        )
                        wait = self.policy.backoff(attempt, self.rng)
                    else:
                        return resp
                else:
                    body = self._redact(resp.text, headers)[:2000]
                    if resp.status_code not in RETRY_STATUSES:
                        raise PermanentVendorError(
                            _answered(self.vendor, shown, resp.status_code, body),
                            status=resp.status_code,
                            body=body,
                        )
                    retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                    last = RetryableVendorError(
                        _answered(self.vendor, shown, resp.status_code, body),
                        status=resp.status_code,
                        body=body,
                        retry_after=retry_after,
                    )
                    wait = (
                        retry_after
                        if retry_after is not None
                        else self.policy.backoff(attempt, self.rng)
                    )
                    # 429: refused before any work was done (Zendesk, and every vendor here).
                    repeatable = idempotent or resp.status_code == 429
            if (
                not repeatable
                or attempt + 1 >= self.policy.max_attempts
                or wait > self.policy.max_inline_wait
            ):
                break
            self.sleep(wait)
        assert last is not None
        raise last

    def _send(
        self,
        method: str,
        url: str,
        json: Any,
        params: Mapping[str, Any] | None,
        data: Any,
        files: Any,
        headers: Mapping[str, str] | None,
    ) -> requests.Response:
        """One HTTP exchange through the session's adapter (and its kept connections).

        The request is prepared from the session's headers and credentials, read once in
        ``__init__``, rather than by ``Session.request``, which merged the session's
        settings, hooks and cookie jar into every call (about a fifth of a vendor call's
        CPU). The vendors' APIs are stateless: no cookie is sent back."""
        import requests

        sent_headers = self.session.headers
        if headers:  # as Session.request merges them: case-insensitive, None removes one
            sent_headers = requests.structures.CaseInsensitiveDict(sent_headers)
            sent_headers.update(headers)
            for name in [k for k, v in sent_headers.items() if v is None]:
                del sent_headers[name]
        if params is None and data is None and files is None and _PLAIN_URL.fullmatch(url):
            prepared = _prepared(method, url, sent_headers, json, self.session.auth)
        else:
            prepared = requests.Request(
                method,
                url,
                headers=sent_headers,
                json=json,
                params=params,
                data=data,
                files=files,
                auth=self.session.auth,
            ).prepare()
        return self.session.send(
            prepared,
            timeout=self.timeout,
            stream=True,
            proxies=self.session.proxies,
            verify=self.session.verify,
            allow_redirects=True,
        )

    def get_json_or_none(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``path`` as JSON, or None when the vendor answers 404 (no such user, contact…)."""
        try:
            return self.request("GET", path, params=params).json()
        except PermanentVendorError as exc:
            if exc.status == 404:
                return None
            raise

    @staticmethod
    def _read_body(resp: requests.Response, deadline: float) -> None:
        """Read the whole answer now, giving up at ``deadline`` (a body sent slowly)."""
        import requests
        from urllib3.exceptions import HTTPError, ReadTimeoutError

        raw = resp.raw
        read = getattr(raw, "read1", None) or raw.read
        chunks: list[bytes] = []
        try:
            while True:
                chunk = read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if time.perf_counter() > deadline:
                    raise _TooSlow()
        except _TooSlow:
            resp.close()
            raise
        except ReadTimeoutError as exc:
            resp.close()
            raise requests.ReadTimeout(str(exc)) from exc
        except (HTTPError, OSError) as exc:  # a reset or a cut-off body while reading
            resp.close()
            raise requests.ConnectionError(str(exc)) from exc
        resp._content = b"".join(chunks)  # noqa: SLF001 - what requests does when not streaming
        resp._content_consumed = True  # type: ignore[attr-defined]  # noqa: SLF001
        resp.close()

    def _redact(self, text: str, headers: Mapping[str, str] | None) -> str:
        sent = credential_values(self.session.auth, [self.session.headers, headers or {}])
        return redact(text, [*self.secrets, *sent])

    def _observe(self, method: str, status: int | None, started: float) -> None:
        if self.observer is not None:
            self.observer(self.vendor, method, status, time.perf_counter() - started)


def _answered(vendor: str, call: str, status: int, body: str) -> Msg:
    """ "zendesk: PUT /api/v2/tickets/5.json answered 422: {...}": the vendor's own words
    (its body, shortened) quoted in a sentence said in the reader's language."""
    return Msg(
        "%(vendor)s: %(call)s answered %(status)s: %(body)s",
        vendor=vendor,
        call=call,
        status=status,
        body=_short(body),
    )


def _short(body: str, limit: int = 300) -> str:
    text = " ".join(body.split())
    return text if len(text) <= limit else text[:limit] + "…"


class _TooSlow(Exception):
    """The answer did not arrive completely within the call's deadline."""


def _never_sent(exc: BaseException) -> bool:
    """A failure before the request reached the vendor: no connection was ever made."""
    import requests
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError)


#: A URL that requests' own preparation would send as it is: a lower-case host, a path (at
#: least "/") of plain characters, no query, no percent escapes (``requote_uri`` would touch
#: those).
_PLAIN_URL = re.compile(r"https?://[a-z0-9.\-]+(?::[0-9]+)?/[A-Za-z0-9\-._~/:@!$&'()*+,]*")


def _prepared(
    method: str, url: str, headers: Mapping[str, Any], json: Any, auth: Any
) -> requests.PreparedRequest:
    """The request ``requests.Request(...).prepare()`` makes for a plain URL (``_PLAIN_URL``)
    and at most a JSON body, made without its URL parsing, parameter encoding and cookie
    handling, which a worker would otherwise pay on both calls of every rerouted event (the
    ticket's read and its update; README, Benchmarks). Anything else goes through
    ``prepare()``."""
    import requests
    from requests.cookies import RequestsCookieJar
    from requests.hooks import default_hooks

    prepared = requests.PreparedRequest()
    prepared.method = method.upper()
    prepared.url = url
    prepared.headers = requests.structures.CaseInsensitiveDict(headers)
    prepared._cookies = RequestsCookieJar()  # type: ignore[attr-defined]  # noqa: SLF001 - as prepare_cookies() sets it
    prepared.hooks = default_hooks()
    body = None
    if json is not None:
        body = jsonlib.dumps(json, allow_nan=False).encode("utf-8")
        if "content-type" not in prepared.headers:
            prepared.headers["Content-Type"] = "application/json"
    prepared.body = body
    prepared.prepare_content_length(body)
    prepared.prepare_auth(auth, url)
    return prepared


def _is_json(resp: requests.Response) -> bool:
    return bool(resp.content) and "json" in resp.headers.get("Content-Type", "").lower()


def _parses(content: bytes) -> bool:
    try:
        jsonlib.loads(content)
    except ValueError:
        return False
    return True
