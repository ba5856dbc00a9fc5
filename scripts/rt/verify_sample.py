#!/usr/bin/env python3
"""Standard Webhooks signature check for what the RT scrip sends (standard library only).

verify_sample.py SECRET received.jsonl   # verifies every recorded request
verify_sample.py --selftest              # official Standard Webhooks test vector only
"""

import base64
import hashlib
import hmac
import json
import sys

OFFICIAL = {
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "timestamp": "1614265330",
    "body": '{"test": 2432232314}',
    "signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}


def sign(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify(secret: str, msg_id: str, timestamp: str, body: bytes, signature_header: str) -> bool:
    expected = sign(secret, msg_id, timestamp, body)
    return any(
        hmac.compare_digest(expected, s) for s in signature_header.split() if s.startswith("v1,")
    )


def selftest() -> None:
    v = OFFICIAL
    got = sign(v["secret"], v["id"], v["timestamp"], v["body"].encode())
    assert got == v["signature"], got
    assert verify(
        v["secret"], v["id"], v["timestamp"], v["body"].encode(), "v1,bogus " + v["signature"]
    )
    print("official vector OK:", got)


def main(argv: list[str]) -> int:
    selftest()
    if argv[:1] == ["--selftest"]:
        return 0
    secret, path = argv
    bad = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            h = rec["headers"]
            body = rec["body"].encode("utf-8")
            ok = verify(
                secret, h["webhook-id"], h["webhook-timestamp"], body, h["webhook-signature"]
            )
            bad += not ok
            evt = json.loads(body)
            print(
                f"{'OK ' if ok else 'BAD'} {h['webhook-id']} {evt['type']} ticket={evt['ticket']['id']}"
            )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
