"""Messages a person reads, written in English by the domain and the services and said in the
reader's language by the web layer (``connector.web.i18n.say``).

``Msg("must be after %(field)s", field="starts_at")`` is a ``str`` (the English text: logs, the
audit, anything that only wants text keep working) that also carries its msgid and values, so
the page and the API can look it up in the message catalogues. ``N_`` marks a msgid that is
translated later. Both are found by ``pybabel extract`` (README "Translations").
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:  # noqa: N802 (the name pybabel extract looks for)
    """Marks ``message`` as a msgid; it is translated where it is shown."""
    return message


def C_(context: str, message: str) -> tuple[str, str]:  # noqa: N802
    """Marks ``message`` as a msgid in ``context`` (a word that differs by use, like "From" as
    a date's start and as the agent a ticket came from); translated with ``pgettext``."""
    return (context, message)


class Msg(str):
    """An English message with its msgid and values (see the module's docstring)."""

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, **values: Any) -> Msg:
        obj = super().__new__(cls, msgid % values if values else msgid)
        obj.msgid = msgid
        obj.values = values
        return obj

    def __reduce__(self) -> Any:
        return (_rebuild, (self.msgid, self.values))


def _rebuild(msgid: str, values: dict[str, Any]) -> Msg:
    return Msg(msgid, **values)
