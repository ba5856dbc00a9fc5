"""Brute force on /ui sign-in: five failures per address or token prefix, then 429 for a while."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from connector.adapters.models import SignInFailure
from connector.config import parse_config
from connector.domain.throttle import ThrottlePolicy, sign_in_keys, verdict, worst
from connector.errors import ConfigError
from connector.mapping import credential_keys
from connector.web import create_app
from tests.conftest import make_config
from tests.support import build_test_services
from tests.test_ui import csrf_of

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
POLICY = ThrottlePolicy(max_failures=5, window=dt.timedelta(minutes=15))


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


# -- the rule ---------------------------------------------------------------------------------


def test_four_failures_in_the_window_still_allow_a_fifth_attempt() -> None:
    assert verdict([at(0), at(1), at(2), at(3)], at(4), POLICY).allowed


def test_five_failures_in_the_window_refuse_until_the_oldest_leaves_it() -> None:
    failures = [at(0), at(1), at(2), at(3), at(4)]
    refused = verdict(failures, at(5), POLICY)
    assert not refused.allowed
    assert refused.retry_after == 10 * 60  # at(0) leaves the window at at(15)
    assert verdict(failures, at(15), POLICY).allowed


def test_failures_older_than_the_window_do_not_count() -> None:
    assert verdict([at(-30), at(-20), at(-16), at(1), at(2)], at(3), POLICY).allowed


def test_the_wait_is_counted_from_the_fifth_newest_failure() -> None:
    failures = [at(0), at(1), at(2), at(3), at(4), at(6), at(7)]
    assert verdict(failures, at(8), POLICY).retry_after == 9 * 60  # at(2) leaves at at(17)


def test_the_strictest_key_decides() -> None:
    refused = verdict([at(m) for m in range(5)], at(5), POLICY)
    assert worst([verdict([], at(5), POLICY), refused]) == refused


def test_keys_are_hashed_and_separate_the_address_from_the_token_prefix() -> None:
    address, prefix = sign_in_keys("203.0.113.7", "sti_abcdEFGHsecret-rest")
    assert "203.0.113.7" not in address and "sti_abcd" not in prefix
    assert sign_in_keys("198.51.100.1", "sti_abcdOTHER")[1] == prefix
    assert sign_in_keys("203.0.113.7", "sti_zzzz")[0] == address


# -- the web page -----------------------------------------------------------------------------


def attempt(client: Any, token: str, address: str = "203.0.113.7") -> Any:
    page = client.get("/ui/sign-in").get_data(as_text=True)
    return client.post(
        "/ui/sign-in",
        data={"token": token, "csrf_token": csrf_of(page)},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_sixth_failed_sign_in_from_one_address_is_429_with_retry_after(
    client: Any, clock: Any
) -> None:
    for i in range(5):
        assert attempt(client, f"sti_wrong{i}-guess").status_code == 401
        clock.advance(seconds=30)
    resp = attempt(client, "sti_wrong5-guess")
    assert resp.status_code == 429
    assert resp.headers["Retry-After"] == str(15 * 60 - 5 * 30)
    page = resp.get_data(as_text=True)
    assert "Too many failed sign-in attempts. Please wait 13 minutes and try again." in page
    assert resp.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_while_refused_even_the_right_token_is_not_checked_and_after_the_window_it_works(
    client: Any, clock: Any, tokens: dict[str, str]
) -> None:
    for i in range(5):
        attempt(client, f"sti_wrong{i}-guess")
    assert attempt(client, tokens["team_lead"]).status_code == 429
    clock.advance(minutes=15)
    resp = attempt(client, tokens["team_lead"])
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/ui/periods")


def test_refused_attempts_do_not_extend_the_wait(client: Any, clock: Any) -> None:
    for i in range(5):
        attempt(client, f"sti_wrong{i}-guess")
    for _ in range(20):
        clock.advance(seconds=40)
        assert attempt(client, "sti_more-guesses").status_code == 429
    clock.advance(seconds=15 * 60 - 20 * 40)
    assert attempt(client, "sti_later-guess").status_code == 401


def test_another_address_is_not_locked_out_by_someone_elses_failures(
    client: Any, tokens: dict[str, str]
) -> None:
    for i in range(5):
        attempt(client, f"sti_wr{i}ng-guess", address="203.0.113.7")
    assert attempt(client, "sti_x-guess", address="203.0.113.7").status_code == 429
    assert attempt(client, tokens["viewer"], address="198.51.100.20").status_code == 303


def test_guessing_one_token_prefix_from_many_addresses_is_throttled_too(
    client: Any, services: Any
) -> None:
    for i in range(5):
        resp = attempt(client, f"sti_abcd-guess-{i}", address=f"198.51.100.{i}")
        assert resp.status_code == 401
    resp = attempt(client, "sti_abcd-guess-6", address="198.51.100.99")
    assert resp.status_code == 429
    assert attempt(client, "sti_efgh-guess", address="198.51.100.99").status_code == 401


@pytest.mark.both_engines
def test_the_failures_are_counted_in_the_database_shared_by_every_web_process(
    services: Any, clock: Any
) -> None:
    first = create_app(services=services, TESTING=True).test_client()
    second = create_app(services=services, TESTING=True).test_client()
    for i in range(3):
        attempt(first, f"sti_one{i}-guess")
    for i in range(2):
        attempt(second, f"sti_two{i}-guess")
    assert attempt(first, "sti_three-guess").status_code == 429
    assert attempt(second, "sti_three-guess").status_code == 429


def test_the_database_keeps_only_hashes_and_forgets_failures_after_the_window(
    client: Any, services: Any, clock: Any
) -> None:
    attempt(client, "my-password-pasted-by-mistake")
    clock.advance(minutes=16)
    attempt(client, "sti_wrong-guess")
    with services.store.session() as s:
        keys = [r.key for r in s.execute(select(SignInFailure)).scalars()]
    assert len(keys) == 2  # the first attempt's two rows were dropped at the second failure
    assert all(len(k) == 64 and "sti_" not in k and "203.0" not in k for k in keys)


def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(
    db_url: str, clock: Any, sleeps: Any
) -> None:
    config = dataclasses.replace(make_config(db_url), trusted_proxies=1)
    svc = build_test_services(config, clock, sleeps)
    client = create_app(services=svc, TESTING=True).test_client()

    def via_proxy(token: str, client_address: str) -> Any:
        page = client.get("/ui/sign-in").get_data(as_text=True)
        return client.post(
            "/ui/sign-in",
            data={"token": token, "csrf_token": csrf_of(page)},
            headers={"X-Forwarded-For": client_address},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
        )

    for i in range(5):
        via_proxy(f"sti_w{i}ong-guess", "203.0.113.7")
    assert via_proxy("sti_zzzz-guess", "203.0.113.7").status_code == 429
    assert via_proxy("sti_yyyy-guess", "198.51.100.3").status_code == 401
    svc.store.engine.dispose()


def test_trusted_proxies_must_be_a_small_whole_number() -> None:
    assert parse_config({"trusted_proxies": 1}, credential_keys=credential_keys()).trusted_proxies
    for bad in ("1", -1, 9, True):
        with pytest.raises(ConfigError) as info:
            parse_config({"trusted_proxies": bad}, credential_keys=credential_keys())
        assert "trusted_proxies: must be a whole number from 0 to 5" in str(info.value)


@pytest.mark.both_engines
def test_forty_parallel_wrong_tokens_check_at_most_five_guesses(app: Any, services: Any) -> None:
    """The check and the count are one atomic step: parallel guesses cannot all pass the check
    before any of them is counted (before, 40 parallel guesses checked 8 tokens)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    gate = threading.Barrier(40, timeout=60)

    def guess(i: int) -> int:
        client = app.test_client()
        page = client.get("/ui/sign-in").get_data(as_text=True)
        gate.wait()
        return int(
            client.post(
                "/ui/sign-in",
                data={"token": f"sti_race-guess-{i}", "csrf_token": csrf_of(page)},
                environ_base={"REMOTE_ADDR": "203.0.113.50"},
            ).status_code
        )

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(guess, range(40), timeout=120))
    assert set(answers) <= {401, 429}
    assert answers.count(401) <= POLICY.max_failures
    assert answers.count(429) >= 40 - POLICY.max_failures
    with services.store.session() as s:
        rows = s.execute(select(SignInFailure)).scalars().all()
    assert len(rows) == 2 * answers.count(401)  # refused attempts are not failures
