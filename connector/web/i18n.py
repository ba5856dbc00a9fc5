"""The page's and the API's languages: nl, fr, de and en, from the Babel message catalogues in
``connector/translations`` (English is the msgid). ``translate`` and ``choose`` are the API the
views use; the catalogues are read by ``connector.translations``.

``tests/test_translations.py`` checks that every msgid has a translation in nl, fr and de and
that ``pybabel extract`` finds no msgid the catalogue lacks.
"""

from __future__ import annotations

import re
from typing import Any

from connector.translations import LANGUAGES, N_, gettext, ngettext
from connector.translations import say as _say

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch", "en": "English"}
COOKIE = "standin_lang"

#: msgids that reach ``_()`` as a value (a role, a status, a select's option, a kind), marked
#: here so that ``pybabel extract`` finds them.
DYNAMIC = (
    # roles
    N_("admin"),
    N_("team_lead"),
    N_("viewer"),
    # a period's status
    N_("active"),
    N_("scheduled"),
    N_("ended"),
    # a notice's status
    N_("intended"),
    N_("sent"),
    N_("blocked"),
    # notice template kinds and variants, and who a notice goes to once
    N_("notice"),
    N_("handback"),
    N_("formal"),
    N_("informal"),
    N_("customer"),
    N_("ticket"),
    # how the work is shared between several replacements
    N_("round_robin"),
    N_("fewest_open"),
    N_("share"),
    # how the contact log was read (data protection)
    N_("api"),
    N_("page"),
    N_("export"),
    # the sign-in provider's default label (config.OidcConfig.label)
    N_("your company account"),
    # marshmallow's fixed field errors (said by ``say`` on the page and in the API)
    N_("Missing data for required field."),
    N_("Unknown field."),
    N_("Field may not be null."),
    N_("Invalid input type."),
    N_("Invalid value."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid boolean."),
    N_("Not a valid datetime."),
    N_("Not a valid date."),
    N_("Not a valid email address."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Invalid input."),
    N_("String does not match expected pattern."),
)

#: marshmallow's validators format their messages (``Must be one of: formal, informal.``):
#: each template as a pattern and the msgid it is said with.
MARSHMALLOW_TEMPLATES = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        (r"Must be one of: (?P<choices>.*)\.", N_("Must be one of: %(choices)s.")),
        (
            r"Length must be between (?P<min>\d+) and (?P<max>\d+)\.",
            N_("Length must be between %(min)s and %(max)s."),
        ),
        (r"Length must be (?P<equal>\d+)\.", N_("Length must be %(equal)s.")),
        (r"Longer than maximum length (?P<max>\d+)\.", N_("Longer than maximum length %(max)s.")),
        (
            r"Shorter than minimum length (?P<min>\d+)\.",
            N_("Shorter than minimum length %(min)s."),
        ),
        (
            r"Must be greater than or equal to (?P<min>\S+) and less than or equal to "
            r"(?P<max>\S+)\.",
            N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
        ),
        (
            r"Must be greater than or equal to (?P<min>\S+)\.",
            N_("Must be greater than or equal to %(min)s."),
        ),
        (
            r"Must be less than or equal to (?P<max>\S+)\.",
            N_("Must be less than or equal to %(max)s."),
        ),
    )
)


def translate(lang: str, message: str, **values: Any) -> str:
    """``message`` in ``lang`` (itself when the catalogue lacks it), ``%(name)s`` filled in."""
    return gettext(lang, message, **values)


def ntranslate(lang: str, singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The singular or plural form for ``n`` in ``lang``; ``%(num)s`` is ``n``."""
    return ngettext(lang, singular, plural, n, **values)


def say(lang: str, message: Any) -> str:
    """A message from the domain, the services or marshmallow (a ``Msg`` or a msgid) in ``lang``;
    a marshmallow validator's formatted message by its template."""
    said = _say(lang, message)
    if said == message and isinstance(message, str):
        for pattern, msgid in MARSHMALLOW_TEMPLATES:
            match = pattern.fullmatch(message)
            if match:
                return gettext(lang, msgid, **match.groupdict())
    return said


def say_fields(lang: str, fields: Any) -> Any:
    """Per-field messages (nested dicts and lists, as marshmallow and ValidationFailed give
    them) with every message said in ``lang``."""
    if isinstance(fields, dict):
        return {key: say_fields(lang, value) for key, value in fields.items()}
    if isinstance(fields, list | tuple):
        return [say_fields(lang, value) for value in fields]
    if isinstance(fields, str):
        return _say(lang, fields)
    return fields


def choose(cookie: str | None, accept_language: Any) -> str:
    """The cookie's language if valid, else the browser's best match, else English."""
    if cookie in LANGUAGES:
        return str(cookie)
    best = accept_language.best_match(LANGUAGES) if accept_language else None
    return str(best or "en")
