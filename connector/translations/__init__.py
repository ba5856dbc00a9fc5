"""The message catalogues: every string a person reads, in nl, fr, de (and en, the msgids).

``<lang>/LC_MESSAGES/messages.po`` next to this module are the source; the wheel carries the
compiled ``messages.mo`` (``setup.py`` compiles them at build time). A checkout has no ``.mo``:
the ``.po`` is compiled in memory on first use, so a test always sees the current catalogue.
README "Translations" gives the commands to extract, update and compile.

``gettext``/``ngettext`` here are the one way in; ``connector.web.i18n`` wraps them for the page
and the API, the services take them for the texts they write (contact-log entries, daily word).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.support import NullTranslations, Translations

from connector.domain.messages import C_, N_, Msg

__all__ = ["C_", "N_", "Msg", "pgettext", "gettext", "ngettext", "say", "translator"]

HERE = Path(__file__).resolve().parent
DOMAIN = "messages"
#: the languages with a catalogue; English is the msgids themselves
CATALOGUES = ("nl", "fr", "de")
LANGUAGES = ("nl", "fr", "de", "en")
DEFAULT = "en"
#: The keywords ``pybabel extract`` looks for (README "Translations" gives the same on its
#: command line): the gettext family, ``N_``/``Msg`` (a msgid translated later) and ``C_``
#: (a msgid with a context).
EXTRACT_KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "Msg": None,
    "C_": ((1, "c"), 2),
}


def po_path(lang: str) -> Path:
    return HERE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` (the compiled .mo when installed, else the .po compiled now)."""
    if lang not in CATALOGUES:
        return NullTranslations()
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    # the wheel has only the .mo; a checkout's .mo (pybabel compile) only while it is current
    if mo.is_file() and (not po.is_file() or po.stat().st_mtime <= mo.stat().st_mtime):
        with mo.open("rb") as fp:
            return Translations(fp, domain=DOMAIN)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def normal(lang: str | None) -> str:
    """``lang`` if it has a catalogue or is English ("nl-BE" → "nl"), else English."""
    code = (lang or "").replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT


def gettext(lang: str, message: str, **values: Any) -> str:
    text = translations(normal(lang)).gettext(message)
    return text % values if values else text


def pgettext(lang: str, context: str, message: str, **values: Any) -> str:
    text = str(translations(normal(lang)).pgettext(context, message))
    return text % values if values else text


def ngettext(lang: str, singular: str, plural: str, n: int, /, **values: Any) -> str:
    text = translations(normal(lang)).ngettext(singular, plural, n)
    return text % {"num": n, **values}


def say(lang: str, message: Any) -> str:
    """A message from the domain, the services or marshmallow in ``lang``: a ``Msg`` by its
    msgid and values (each value said too), any other text by itself as the msgid."""
    if isinstance(message, Msg):
        values = {k: _said_value(lang, v) for k, v in message.values.items()}
        return gettext(lang, message.msgid, **values)
    return gettext(lang, str(message))


def _said_value(lang: str, value: Any) -> Any:
    """A ``Msg``'s value as the reader reads it: a message said, a date formatted (a moment
    is formatted in its own time zone: the writer gives it in the period's)."""
    if isinstance(value, Msg):
        return say(lang, value)
    if isinstance(value, dt.datetime):
        return format_moment(lang, value)
    if isinstance(value, dt.date):
        return format_day(lang, value)
    return value


def message_of(exc: BaseException) -> Any:
    """The message an exception was raised with, still a ``Msg`` when it was one."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)


def translator(lang: str) -> Callable[[str], str]:
    """The plain one-argument form the domain's renderers take (``_(message)``)."""
    catalogue = translations(normal(lang))
    return catalogue.gettext


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    """``ngettext(singular, plural, n)`` of ``lang``'s catalogue (the caller fills values in)."""
    return translations(normal(lang)).ngettext


#: The Babel locale of each language: English dates as in Europe ("1 December 2026", 24 h).
LOCALES = {"nl": "nl", "fr": "fr", "de": "de", "en": "en_GB"}


def locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[normal(lang)])


def _local(moment: dt.datetime, tz: str | None) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(tz)) if tz else moment


def format_day(lang: str, day: dt.date | dt.datetime, tz: str | None = None) -> str:
    """A date as a person reads it: nl "1 december 2026", fr "1 décembre 2026", de "1. Dezember
    2026", en "1 December 2026" (a moment's day in ``tz``)."""
    if isinstance(day, dt.datetime):
        day = _local(day, tz).date() if tz or day.tzinfo else day.date()
    return babel_dates.format_date(day, "long", locale=locale(lang))


def format_short_day(lang: str, day: dt.date) -> str:
    """A day in a chart's label or a table: nl "1 dec", de "1. Dez.", en "1 Dec"."""
    return babel_dates.format_skeleton("MMMd", day, locale=locale(lang))


def format_moment(lang: str, moment: dt.datetime, tz: str | None = None) -> str:
    """A moment as a person reads it, in ``tz`` (the period's time zone): the long date and
    the time, "1 december 2026 08:30" (nl), "1. Dezember 2026 08:30" (de)."""
    if tz is not None or moment.tzinfo is not None:
        moment = _local(moment, tz)
    day = babel_dates.format_date(moment.date(), "long", locale=locale(lang))
    time = babel_dates.format_time(moment.time(), "short", locale=locale(lang))
    return f"{day} {time}"


def format_number(lang: str, number: float) -> str:
    """A number with the locale's separators: nl "1.234", fr "1 234", en "1,234"."""
    return babel_numbers.format_decimal(number, locale=locale(lang))


def has(lang: str, message: str) -> bool:
    """Whether the catalogue of ``lang`` translates ``message`` (tests; never for wording)."""
    catalog: dict[Any, str] = getattr(translations(normal(lang)), "_catalog", {})
    return bool(catalog.get(message))
