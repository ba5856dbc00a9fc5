"""One exception root for the connector; specific subclasses for each kind of failure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class StandinError(Exception):
    """Root of every error the connector raises on purpose."""


class ConfigError(StandinError):
    """The configuration, a mapping or the manifest is invalid. Carries a list of reasons."""

    def __init__(self, reasons: list[str] | str):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("; ".join(self.reasons))


class ValidationFailed(StandinError):
    """Input failed validation; ``fields`` maps a field name to its messages."""

    def __init__(self, fields: dict[str, list[str]], message: str = "validation failed"):
        self.fields = fields
        # Per field, the privacy guard's typed findings when it is the guard that refused.
        self.findings: dict[str, Sequence[Any]] = {}
        super().__init__(message)


class NotFound(StandinError):
    pass


class SignatureError(StandinError):
    """A webhook's signature is missing, invalid or stale. The message never holds a secret."""


class PayloadError(StandinError):
    """A webhook body that cannot be parsed."""


class VendorError(StandinError):
    """A helpdesk or HR system answered with an error."""

    def __init__(self, message: str, *, status: int | None = None, body: str = ""):
        self.status = status
        self.body = body[:2000]
        #: The message as given: a ``Msg`` (said in the reader's language where it is shown:
        #: an audit reason, a dead letter) or plain text; ``str(exc)`` is its English.
        self.said = message
        super().__init__(message)


class RetryableVendorError(VendorError):
    """429, 5xx, timeout or connection failure: try again (after ``retry_after`` s if known)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: str = "",
        retry_after: float | None = None,
    ):
        self.retry_after = retry_after
        super().__init__(message, status=status, body=body)


class PermanentVendorError(VendorError):
    """A 4xx that retrying cannot fix."""


class PrivacyViolation(StandinError):
    """Text would reveal a reason for the reassignment, or medical data; ``words`` names it.

    ``findings`` (when the guard raised it) are the typed findings behind ``words``
    (``connector.domain.privacy.Finding``: text, span, category, language, rewrite key), so
    the API and the page can name each word's category and a rewrite in the user's language.
    """

    def __init__(self, words: list[str], findings: Sequence[Any] = ()):
        self.words = words
        self.findings = tuple(findings)
        super().__init__("text contains words that are not allowed: " + ", ".join(words))

    @classmethod
    def of(cls, findings: Sequence[Any]) -> PrivacyViolation:
        return cls(list(dict.fromkeys(f.text for f in findings)), findings)


class MailError(StandinError):
    """The mail server did not take a message. Never carries a credential."""


class RetryableMailError(MailError):
    """No answer, a refused connection or a 4xx reply: try again later."""


class PermanentMailError(MailError):
    """A 5xx reply (recipient or sender refused, authentication failed): retrying cannot fix it."""
