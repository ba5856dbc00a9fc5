"""Webhook signature schemes: each ``sign_*`` beside its ``verify_*``.

All comparisons are constant-time; every failure raises ``SignatureError`` with a reason that
names the header or the cause, never a secret or the expected signature.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import unquote

from dateutil import parser as dateparser

from connector.errors import SignatureError


def _b64_hmac_sha256(key: bytes, message: bytes) -> str:
    return base64.b64encode(hmac.digest(key, message, "sha256")).decode()  # one-shot, in C


def _any_matches(given: str, candidates: Iterable[str]) -> bool:
    ok = False
    for expected in candidates:  # no early exit: time does not reveal which secret matched
        ok |= hmac.compare_digest(given.encode(), expected.encode())
    return ok


def _header(headers: Mapping[str, str], name: str, hint: str = "") -> str:
    """A required header (names are looked up lower-cased, shown as the vendor writes them)."""
    value = headers.get(name.lower())
    if not value:
        raise SignatureError(f"missing header {name}{hint}")
    return value


def _check_fresh(ts: dt.datetime, now: dt.datetime, tolerance: int) -> None:
    if abs((now - ts).total_seconds()) > tolerance:
        raise SignatureError(f"signature timestamp outside the allowed ±{tolerance} s window")


# -- Zendesk -------------------------------------------------------------------------------
def sign_zendesk(secret: str, timestamp: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, TIMESTAMP + BODY)); the older docs' BODY + TIMESTAMP is wrong."""
    return _b64_hmac_sha256(secret.encode(), timestamp.encode() + body)


def _iso8601(text: str) -> dt.datetime:
    """Python's own parser first (Zendesk's ``2026-11-22T09:00:00Z`` form, several times
    faster on every webhook), dateutil for the rarer ISO 8601 forms it does not take."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return dateparser.isoparse(text)


def verify_zendesk(
    headers: Mapping[str, str],
    body: bytes,
    secrets: Iterable[str],
    now: dt.datetime,
    tolerance: int = 300,
) -> None:
    sig = _header(headers, "x-zendesk-webhook-signature")
    ts_text = _header(headers, "x-zendesk-webhook-signature-timestamp")
    try:
        ts = _iso8601(ts_text)
    except (ValueError, OverflowError):
        raise SignatureError("x-zendesk-webhook-signature-timestamp is not ISO 8601") from None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=dt.UTC)
    _check_fresh(ts, now, tolerance)
    if not _any_matches(sig.strip(), (sign_zendesk(s, ts_text, body) for s in secrets)):
        raise SignatureError("x-zendesk-webhook-signature does not match")


# -- HubSpot v3 ----------------------------------------------------------------------------
_HUBSPOT_DECODE = (
    "%3A",
    "%2F",
    "%3F",
    "%40",
    "%21",
    "%24",
    "%27",
    "%28",
    "%29",
    "%2A",
    "%2C",
    "%3B",
)


def hubspot_uri(url: str) -> str:
    """HubSpot signs the URL with exactly these percent-escapes decoded, and no others."""
    out = url
    for esc in _HUBSPOT_DECODE:
        out = out.replace(esc, unquote(esc)).replace(esc.lower(), unquote(esc))
    return out


def sign_hubspot_v3(secret: str, method: str, url: str, body: bytes, timestamp_ms: str) -> str:
    message = method.upper().encode() + hubspot_uri(url).encode() + body + timestamp_ms.encode()
    return _b64_hmac_sha256(secret.encode(), message)


def verify_hubspot_v3(
    headers: Mapping[str, str],
    method: str,
    url: str,
    body: bytes,
    secrets: Iterable[str],
    now: dt.datetime,
    tolerance: int = 300,
) -> None:
    sig = _header(headers, "X-HubSpot-Signature-v3")
    ts_text = _header(headers, "X-HubSpot-Request-Timestamp")
    try:
        # Whole seconds, as HubSpot's SDK reads it (``float(timestamp) // 1000``).
        ts = dt.datetime.fromtimestamp(int(ts_text) // 1000, dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise SignatureError("X-HubSpot-Request-Timestamp is not milliseconds") from None
    # HubSpot's SDK (``Signature.is_valid``) accepts a request younger than 5 minutes, and
    # any timestamp ahead of its clock. A sender's clock ahead of ours is accepted here too,
    # but only within the same window: a far-future timestamp would keep a captured request
    # replayable for as long as it lies ahead.
    age = (now - ts).total_seconds()
    if age >= tolerance:
        raise SignatureError(
            f"signature timestamp outside the allowed {tolerance} s window ({int(age)} s old)"
        )
    if -age > tolerance:
        raise SignatureError(
            f"signature timestamp outside the allowed {tolerance} s window "
            f"({int(-age)} s ahead of our clock)"
        )
    if not _any_matches(
        sig.strip(), (sign_hubspot_v3(s, method, url, body, ts_text) for s in secrets)
    ):
        raise SignatureError("X-HubSpot-Signature-v3 does not match")


# -- Zammad --------------------------------------------------------------------------------
def sign_zammad(token: str, body: bytes) -> str:
    return "sha1=" + hmac.new(token.encode(), body, hashlib.sha1).hexdigest()


def verify_zammad(headers: Mapping[str, str], body: bytes, secrets: Iterable[str]) -> None:
    """Zammad signs without a timestamp; replays are caught by X-Zammad-Delivery de-duplication."""
    sig = _header(headers, "X-Hub-Signature", " (set an HMAC token on the webhook)")
    if not _any_matches(sig.strip().lower(), (sign_zammad(s, body) for s in secrets)):
        raise SignatureError("X-Hub-Signature does not match")


# -- Standard Webhooks ---------------------------------------------------------------------
def standard_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_…`` secret: the base64 after the prefix. Padding may be left
    out (the reference library accepts that too); the URL-safe alphabet is read as well."""
    raw = (secret[len("whsec_") :] if secret.startswith("whsec_") else secret).strip()
    padded = raw + "=" * (-len(raw) % 4)
    for alt in (None, b"-_"):
        try:
            key = base64.b64decode(padded, altchars=alt, validate=True)
        except (binascii.Error, ValueError):
            continue
        if key:
            return key
    raise SignatureError("a configured Standard Webhooks secret is not base64 after whsec_")


def sign_standard(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    content = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + _b64_hmac_sha256(standard_key(secret), content)


def verify_standard(
    headers: Mapping[str, str],
    body: bytes,
    secrets: Iterable[str],
    now: dt.datetime,
    tolerance: int = 300,
) -> None:
    msg_id = _header(headers, "webhook-id")
    ts_text = _header(headers, "webhook-timestamp")
    sig = _header(headers, "webhook-signature")
    try:
        ts = int(ts_text)
        when = dt.datetime.fromtimestamp(ts, dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise SignatureError("webhook-timestamp is not unix seconds") from None
    _check_fresh(when, now, tolerance)
    expected = [sign_standard(s, msg_id, ts, body) for s in secrets]
    given = [part for part in sig.split() if part.startswith("v1,")]
    if not given:
        raise SignatureError("webhook-signature has no v1 signature")
    if not any(_any_matches(g, expected) for g in given):
        raise SignatureError("webhook-signature does not match")


# -- shared secret header / Basic auth (Freshdesk) -----------------------------------------
def verify_shared_secret(
    headers: Mapping[str, str], secrets: Iterable[str], header: str = "x-standin-secret"
) -> None:
    """Freshdesk has no signature: the automation rule sends a secret header (or Basic auth)."""
    given = headers.get(header)
    if given is None:
        auth = headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(auth[6:].strip()).decode()
            except (binascii.Error, UnicodeDecodeError):
                raise SignatureError("Authorization header is not valid Basic auth") from None
            given = decoded.split(":", 1)[1] if ":" in decoded else decoded
    if not given:
        raise SignatureError(f"missing header {header} (or Basic auth)")
    if not _any_matches(given, secrets):
        raise SignatureError(f"{header} does not match")
