"""The port for sending e-mail: a message in plain text and HTML, in one language.

Kept small so every feature that mails a person (failure notifications now, a daily digest
later) builds a ``Mail`` and hands it to whatever ``Mailer`` ``wiring.py`` chose (SMTP in
production, a real SMTP server on loopback in tests). ``send`` raises
``RetryableMailError`` when trying again may help and ``PermanentMailError`` when it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    text: str  # the plain-text part (always sent)
    html: str | None = None  # the HTML alternative, when there is one
    lang: str = "en"  # Content-Language
    headers: dict[str, str] = field(default_factory=dict)  # e.g. List-Id, X-Stand-In-Kind


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...
