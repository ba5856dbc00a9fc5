"""Signature schemes against the vendors' official vectors, and one test per failure mode."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from connector.adapters.signatures import (
    hubspot_uri,
    sign_hubspot_v3,
    sign_standard,
    sign_zendesk,
    verify_standard,
    verify_zendesk,
)
from connector.errors import SignatureError

NOW = dt.datetime(2021, 7, 25, 10, 0, 30, tzinfo=dt.UTC)

# Zendesk's published example (older docs) signs BODY + TIMESTAMP: it must not verify.
ZD_OLD_SECRET = "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA="
ZD_OLD_BODY = b'{"say": "hello"}'
ZD_OLD_TS = "2021-07-25T10:00:00Z"
ZD_OLD_SIG = "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw="


def zd_headers(sig: str, ts: str = ZD_OLD_TS) -> dict[str, str]:
    return {"x-zendesk-webhook-signature": sig, "x-zendesk-webhook-signature-timestamp": ts}


def test_the_old_zendesk_docs_example_is_signed_body_then_timestamp() -> None:
    import base64
    import hashlib
    import hmac

    old_order = base64.b64encode(
        hmac.new(ZD_OLD_SECRET.encode(), ZD_OLD_BODY + ZD_OLD_TS.encode(), hashlib.sha256).digest()
    ).decode()
    assert old_order == ZD_OLD_SIG


def test_the_old_zendesk_docs_example_is_rejected_under_the_current_scheme() -> None:
    with pytest.raises(SignatureError, match="does not match"):
        verify_zendesk(zd_headers(ZD_OLD_SIG), ZD_OLD_BODY, [ZD_OLD_SECRET], NOW)


def test_a_zendesk_signature_over_timestamp_then_body_verifies() -> None:
    sig = sign_zendesk(ZD_OLD_SECRET, ZD_OLD_TS, ZD_OLD_BODY)
    verify_zendesk(zd_headers(sig), ZD_OLD_BODY, [ZD_OLD_SECRET], NOW)


def test_any_of_several_zendesk_secrets_verifies_during_rotation() -> None:
    sig = sign_zendesk("new-secret", ZD_OLD_TS, ZD_OLD_BODY)
    verify_zendesk(zd_headers(sig), ZD_OLD_BODY, ["old-secret", "new-secret"], NOW)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            {"x-zendesk-webhook-signature-timestamp": ZD_OLD_TS},
            "missing header x-zendesk-webhook-signature",
        ),
        (
            {"x-zendesk-webhook-signature": "abc"},
            "missing header x-zendesk-webhook-signature-timestamp",
        ),
        (zd_headers("abc", "yesterday"), "not ISO 8601"),
        (zd_headers("abc", "2021-07-25T09:54:59Z"), "outside the allowed ±300 s"),
        (zd_headers("abc", "2021-07-25T10:06:00Z"), "outside the allowed ±300 s"),
    ],
)
def test_a_zendesk_request_with_a_bad_header_is_refused_with_the_cause(
    headers: dict[str, str], message: str
) -> None:
    with pytest.raises(SignatureError, match=message):
        verify_zendesk(headers, ZD_OLD_BODY, [ZD_OLD_SECRET], NOW)


def test_a_tampered_zendesk_body_is_refused() -> None:
    sig = sign_zendesk(ZD_OLD_SECRET, ZD_OLD_TS, ZD_OLD_BODY)
    with pytest.raises(SignatureError, match="does not match"):
        verify_zendesk(zd_headers(sig), b'{"say": "hullo"}', [ZD_OLD_SECRET], NOW)


def test_a_zendesk_signature_error_never_contains_the_secret_or_expected_value() -> None:
    with pytest.raises(SignatureError) as info:
        verify_zendesk(zd_headers("wrong"), ZD_OLD_BODY, [ZD_OLD_SECRET], NOW)
    assert ZD_OLD_SECRET not in str(info.value)
    assert sign_zendesk(ZD_OLD_SECRET, ZD_OLD_TS, ZD_OLD_BODY) not in str(info.value)


def test_standard_webhooks_official_vector_signs_and_verifies() -> None:
    key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    sig = sign_standard(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}')
    assert sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    headers = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,bogus " + sig,
    }
    verify_standard(
        headers, b'{"test": 2432232314}', [key], dt.datetime.fromtimestamp(1614265330, dt.UTC)
    )


def test_hubspot_v3_official_sdk_vector() -> None:
    sig = sign_hubspot_v3(
        "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
        "POST",
        "https://www.example.com/webhook_uri",
        b"{'example_field':'example_value'}",
        "15000000",
    )
    assert sig == "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="


def test_hubspot_uri_decodes_exactly_the_listed_escapes() -> None:
    assert (
        hubspot_uri("https://x.test/hook%3Fa%3Db%40c%2Fd%20e")
        == "https://x.test/hook?a%3Db@c/d%20e"
    )


def test_an_unpadded_whsec_secret_signs_as_the_reference_library_verifies_it() -> None:
    from standardwebhooks import Webhook

    key = base64.b64encode(b"a 23 byte secret key...").decode()
    assert key.endswith("=")
    unpadded = "whsec_" + key.rstrip("=")
    body = b'{"entry": "7f1c"}'
    ts = 1614265330
    sig = sign_standard(unpadded, "msg_1", ts, body)
    assert sig == sign_standard("whsec_" + key, "msg_1", ts, body)
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(ts), "webhook-signature": sig}
    fresh = {**headers, "webhook-timestamp": str(int(dt.datetime.now(dt.UTC).timestamp()))}
    fresh["webhook-signature"] = sign_standard(
        unpadded, "msg_1", int(fresh["webhook-timestamp"]), body
    )
    assert Webhook(unpadded).verify(body, fresh) == {"entry": "7f1c"}  # the reference agrees
    verify_standard(headers, body, [unpadded], dt.datetime.fromtimestamp(ts, dt.UTC))


def test_a_whsec_secret_that_is_not_base64_is_refused_without_echoing_it() -> None:
    with pytest.raises(SignatureError) as info:
        sign_standard("whsec_not*base64!", "m", 1, b"{}")
    assert "not*base64!" not in str(info.value)
