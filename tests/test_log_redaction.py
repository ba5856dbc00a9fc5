"""Credentials never reach a log line through a URL: the access log and every other line."""

from __future__ import annotations

import datetime as dt
import io
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from connector.logs import JsonFormatter, RedactingFormatter, gunicorn_logger_class, redact_urls

SECRETS = ["sti_abcdSECRET", "k3y-v4lue", "acc-t0ken", "s1gnature", "hunter2"]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("GET /ui/sign-in?token=sti_abcdSECRET HTTP/1.1", "/ui/sign-in?token=***"),
        ("GET /api/v1/periods?helpdesk=acme&api_key=k3y-v4lue", "helpdesk=acme&api_key=***"),
        ("https://h.example/cb?Access_Token=acc-t0ken&lang=nl", "Access_Token=***&lang=nl"),
        ("POST /webhooks/acme?sig=s1gnature;x=1", "sig=***;x=***"),
        ("https://ops:hunter2@acme.zendesk.com/api/v2", "https://***@acme.zendesk.com"),
        ("GET /x?sti_abcdSECRET", "/x?***"),
    ],
)
def test_every_query_value_and_userinfo_is_blanked_whatever_its_name(line: str, kept: str) -> None:
    redacted = redact_urls(line)
    assert kept in redacted
    assert not any(secret in redacted for secret in SECRETS)


def test_text_without_urls_is_left_alone() -> None:
    assert redact_urls("why? because. mail a@b.example") == "why? because. mail a@b.example"


@pytest.mark.parametrize("formatter", [JsonFormatter(), RedactingFormatter("%(message)s")])
def test_any_log_line_has_its_urls_redacted(formatter: logging.Formatter) -> None:
    record = logging.LogRecord(
        "connector.x",
        logging.WARNING,
        __file__,
        1,
        "vendor call %s failed",
        ("https://ops:hunter2@h.example/a?api_key=k3y-v4lue",),
        None,
    )
    record.url = "https://h.example/b?access_token=acc-t0ken"
    out = formatter.format(record)
    assert not any(secret in out for secret in SECRETS)
    assert "h.example/a?api_key=***" in out


def test_the_gunicorn_access_log_blanks_tokens_in_the_request_line_and_referer() -> None:
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = gunicorn_logger_class()(cfg)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)  # type: ignore[attr-defined]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/ui/sign-in?token=sti_abcdSECRET",
        "PATH_INFO": "/ui/sign-in",
        "QUERY_STRING": "token=sti_abcdSECRET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://h.example/p?access_token=acc-t0ken",
    }
    req = SimpleNamespace(headers=[], method="GET", path="/ui/sign-in", query="token=x")
    resp = SimpleNamespace(
        status="200 OK", response_length=10, sent=10, headers=[], status_code=200
    )
    logger.access(resp, req, environ, dt.timedelta(seconds=0.01))
    line = stream.getvalue()
    assert "/ui/sign-in?token=***" in line
    assert "access_token=***" in line
    assert not any(secret in line for secret in SECRETS)
