"""Messages a person reads, written in English by the domain and the services and said in the
reader's language by the web layer (``connector.web.i18n.say``).

``Msg("must be after %(field)s", field="starts_at")`` is a ``str`` (the English text: logs, the
audit, anything that only wants text keep working) that also carries its msgid and values, so
the page and the API can look it up in the message catalogues. ``N_`` marks a msgid that is
translated later. Both are found by ``pybabel extract`` (README "Translations").
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
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


def to_record(message: object) -> dict[str, Any] | None:
    """A ``Msg`` as JSON to keep (``{"msgid", "values"}``); None for plain text. A date value
    is kept as ``{"date": ...}`` and a message value as ``{"msg": ...}`` so that both are said
    again when read; a moment is kept as its ISO text (the reader shows it in the period's
    time zone); anything else that JSON cannot hold is kept as its text."""
    if not isinstance(message, Msg):
        return None
    return {"msgid": message.msgid, "values": {k: _kept(v) for k, v in message.values.items()}}


def from_record(record: Mapping[str, Any]) -> Msg:
    """The ``Msg`` that :func:`to_record` kept."""
    values = record.get("values") or {}
    return Msg(str(record["msgid"]), **{k: _restored(v) for k, v in values.items()})


def _kept(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"msg": to_record(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, enum.Enum):
        return _kept(value.value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _restored(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"msg"}:
        return from_record(value["msg"])
    if isinstance(value, dict) and set(value) == {"date"}:
        return dt.date.fromisoformat(value["date"])
    return value


def joined(parts: Sequence[str], separator: str) -> str:
    """``parts`` joined by ``separator``, a msgid with ``%(first)s`` and ``%(second)s`` (such
    as ``"%(first)s and %(second)s"``): a ``Msg`` each part of which is said in the reader's
    language, where ``str.join`` would fix the English."""
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        out = Msg(separator, first=out, second=part)
    return out


#: Separators for :func:`joined` (marked here so that ``pybabel extract`` finds them).
AND = N_("%(first)s and %(second)s")
OR = N_("%(first)s, or %(second)s")
LIST = N_("%(first)s, %(second)s")
LINES = N_("%(first)s\n%(second)s")
SEMICOLONS = N_("%(first)s; %(second)s")


def split_joined(message: str, separator: str) -> list[str]:
    """The parts that :func:`joined` put together with ``separator``, each still a message."""
    if isinstance(message, Msg) and message.msgid == separator:
        return [*split_joined(message.values["first"], separator), message.values["second"]]
    return [message] if message else []
