"""The ``Mailer`` over SMTP (stdlib ``smtplib``): STARTTLS, implicit TLS or plain (loopback).

Credentials come from the config, where they may only be ``${ENV}`` references; they are
never logged and never part of an error: a failure is described by the server's reply code
and the host, not by what was sent.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from connector.config import SmtpConfig
from connector.errors import PermanentMailError, RetryableMailError
from connector.services.mailer import Mail

log = logging.getLogger(__name__)


def build_message(mail: Mail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(mail.to)
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    for name, value in mail.headers.items():
        msg[name] = value
    msg.set_content(mail.text)
    if mail.html:
        msg.add_alternative(mail.html, subtype="html")
    msg["Content-Language"] = mail.lang  # after the content: set_content clears Content-*
    return msg


class SmtpMailer:
    def __init__(self, config: SmtpConfig):
        self.config = config

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        context = ssl.create_default_context()
        if cfg.security == "ssl":
            return smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=cfg.timeout_seconds, context=context
            )
        client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout_seconds)
        if cfg.security == "starttls":
            client.starttls(context=context)
        return client

    def send(self, mail: Mail) -> None:
        cfg = self.config
        where = f"SMTP {cfg.host}:{cfg.port}"
        msg = build_message(mail, cfg.sender)
        try:
            with self._connect() as client:
                if cfg.username:
                    client.login(cfg.username, cfg.password.reveal() if cfg.password else "")
                refused = client.send_message(msg)
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentMailError(f"{where}: authentication refused ({exc.smtp_code})") from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            err = RetryableMailError if all(400 <= c < 500 for c in codes) else PermanentMailError
            raise err(f"{where}: recipients refused ({', '.join(map(str, codes))})") from None
        except smtplib.SMTPResponseException as exc:
            err = RetryableMailError if 400 <= exc.smtp_code < 500 else PermanentMailError
            raise err(f"{where}: the server answered {exc.smtp_code}") from None
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise RetryableMailError(f"{where}: {type(exc).__name__}") from None
        if refused:  # some recipients took it, some did not: those are told in the error
            codes = sorted({code for code, _ in refused.values()})
            raise PermanentMailError(
                f"{where}: {len(refused)} recipient(s) refused ({', '.join(map(str, codes))})"
            )
        log.info("mail sent", extra={"recipients": len(mail.to)})
