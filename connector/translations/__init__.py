"""The message catalogues: every string a person reads, in nl, fr, de (and en, the msgids).

``<lang>/LC_MESSAGES/messages.po`` next to this module are the source; the wheel carries the
compiled ``messages.mo`` (``setup.py`` compiles them at build time). A checkout has no ``.mo``:
the ``.po`` is compiled in memory on first use, so a test always sees the current catalogue.
README "Translations" gives the commands to extract, update and compile.

``gettext``/``ngettext`` here are the one way in; ``connector.web.i18n`` wraps them for the page
and the API, the services take them for the texts they write (contact-log entries, daily word).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.support import NullTranslations, Translations

HERE = Path(__file__).resolve().parent
DOMAIN = "messages"
#: the languages with a catalogue; English is the msgids themselves
CATALOGUES = ("nl", "fr", "de")
LANGUAGES = ("nl", "fr", "de", "en")
DEFAULT = "en"


def N_(message: str) -> str:  # noqa: N802 (the name pybabel extract looks for)
    """Marks a msgid that is translated later (a label in a table, an enum's text)."""
    return message


def po_path(lang: str) -> Path:
    return HERE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` (the compiled .mo when installed, else the .po compiled now)."""
    if lang not in CATALOGUES:
        return NullTranslations()
    mo = po_path(lang).with_suffix(".mo")
    if mo.is_file():
        with mo.open("rb") as fp:
            return Translations(fp, domain=DOMAIN)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as fp:
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


def ngettext(lang: str, singular: str, plural: str, n: int, **values: Any) -> str:
    text = translations(normal(lang)).ngettext(singular, plural, n)
    return text % {"num": n, **values}


def translator(lang: str) -> Callable[[str], str]:
    """The plain one-argument form the domain's renderers take (``_(message)``)."""
    catalogue = translations(normal(lang))
    return catalogue.gettext


def locale(lang: str) -> Locale:
    return Locale.parse(normal(lang))


def has(lang: str, message: str) -> bool:
    """Whether the catalogue of ``lang`` translates ``message`` (tests; never for wording)."""
    catalog: dict[Any, str] = getattr(translations(normal(lang)), "_catalog", {})
    return bool(catalog.get(message))
