"""Stand-in as a Zendesk app: the package Zendesk installs, and the signed first request.

The app is "server-side": each location's URL is Stand-in's own page (Stand-in's address
comes from the app's setting ``standin_url``). With ``signedUrls`` Zendesk POSTs the first
request of a location with a form field ``token``: a JWT signed RS256 with the app's private
key, whose public key an admin copies from ``GET /api/v2/apps/{app_id}/public_key.pem``; its
audience names the app installation. Stand-in verifies it, looks the user up through the API
(their role there is the source of truth) and opens a server-side session.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from connector.errors import SignatureError

#: The locations Stand-in serves inside Zendesk Support, with their page in Stand-in.
LOCATIONS = ("ticket_sidebar", "user_sidebar", "nav_bar")
FRAMEWORK_VERSION = "2.0"
#: How far the token's times may be off our clock (Zendesk's and ours drift a little).
LEEWAY = dt.timedelta(seconds=60)
#: The longest a token may be valid, whatever its ``exp`` says.
MAX_LIFETIME = dt.timedelta(minutes=10)

TRANSLATIONS = {
    "en": ("Stand-in", "Who helps a returning colleague's customers, and from when."),
    "nl": ("Stand-in", "Wie de klanten van een terugkerende collega helpt, en vanaf wanneer."),
    "fr": ("Stand-in", "Qui aide les clients d'un collègue qui reprend, et à partir de quand."),
    "de": ("Stand-in", "Wer die Kunden einer zurückkehrenden Kollegin betreut, und ab wann."),
}


@dataclass(frozen=True)
class AppToken:
    """What a verified token says: which user, in which location of which installation."""

    user_id: str
    location: str
    expires_at: dt.datetime


def audience(helpdesk_url: str, installation_id: int) -> str:
    host = urlsplit(helpdesk_url).netloc
    return f"https://{host}/api/v2/apps/installations/{installation_id}.json"


def verify_token(
    token: str, *, public_key_pem: str, helpdesk_url: str, installation_id: int, now: dt.datetime
) -> AppToken:
    """The token's claims once signature, algorithm, issuer, audience and times hold.

    Only RS256 is accepted (a token claiming HS256 with the public key as secret, or
    ``none``, is refused). Times are checked against ``now`` (the caller's clock), not the
    system's. Raises ``SignatureError`` naming the failed check, never echoing the token.
    """
    if not token or len(token) > 8192:
        raise SignatureError("no signed app token in the request")
    import jwt  # lazily: PyJWT with cryptography's x509 only for the Zendesk app's requests

    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            public_key_pem,
            algorithms=["RS256"],
            audience=audience(helpdesk_url, installation_id),
            options={"verify_exp": False, "verify_iat": False, "require": ["exp", "iat", "aud"]},
        )
    except jwt.InvalidAudienceError:
        raise SignatureError("the app token is for another app installation") from None
    except jwt.InvalidSignatureError:
        raise SignatureError("the app token is not signed by this app's key") from None
    except jwt.PyJWTError as exc:
        raise SignatureError(f"the app token is not valid ({type(exc).__name__})") from None
    host = urlsplit(helpdesk_url).netloc
    if claims.get("iss") not in (host, f"https://{host}"):
        raise SignatureError("the app token comes from another helpdesk")
    issued = dt.datetime.fromtimestamp(int(claims["iat"]), dt.UTC)
    expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
    if expires + LEEWAY < now:
        raise SignatureError("the app token has expired")
    if issued - LEEWAY > now or expires - issued > MAX_LIFETIME:
        raise SignatureError("the app token's times are not plausible")
    user_id = _user_id(claims)
    if user_id is None:
        raise SignatureError("the app token names no user")
    context = claims.get("context")
    location = context.get("location") if isinstance(context, dict) else None
    return AppToken(user_id, str(location or ""), expires)


def _user_id(claims: dict[str, Any]) -> str | None:
    """The signed-in user: ``sub`` as the user's API URL, or a ``user`` object with an id.

    Zendesk documents the token's claims loosely; both shapes are read (unverified detail).
    """
    user = claims.get("user")
    if isinstance(user, dict) and str(user.get("id", "")).isdigit():
        return str(user["id"])
    match = re.search(r"/users/(\d+)(?:\.json)?$", str(claims.get("sub") or ""))
    if match:
        return match.group(1)
    sub = str(claims.get("sub") or "")
    return sub if sub.isdigit() else None


# --- the package ---------------------------------------------------------------------------


def manifest(
    helpdesk_key: str, *, author_name: str, author_email: str, author_url: str
) -> dict[str, Any]:
    """``manifest.json``: a private app, three locations on Stand-in's own pages."""
    base = "{{setting.standin_url}}/ui/app/" + helpdesk_key
    return {
        "name": "Stand-in",
        "author": {"name": author_name, "email": author_email, "url": author_url},
        "defaultLocale": "en",
        "private": True,
        "location": {
            "support": {where: {"url": f"{base}/{where}", "flexible": True} for where in LOCATIONS}
        },
        "version": "1.0.0",
        "frameworkVersion": FRAMEWORK_VERSION,
        "signedUrls": True,
        "parameters": [
            {"name": "standin_url", "type": "url", "required": True, "secure": False},
        ],
    }


def package(
    helpdesk_key: str,
    *,
    author_name: str = "Stand-in",
    author_email: str = "admin@example.com",
    author_url: str = "https://example.com",
) -> bytes:
    """The app's zip, ready for Zendesk's "Upload private app"."""
    files: dict[str, bytes] = {
        "manifest.json": json.dumps(
            manifest(
                helpdesk_key,
                author_name=author_name,
                author_email=author_email,
                author_url=author_url,
            ),
            indent=2,
        ).encode(),
        "assets/logo.png": _png(320, 320),
        "assets/logo-small.png": _png(128, 128),
    }
    for lang, (name, description) in TRANSLATIONS.items():
        text = {
            "app": {
                "name": name,
                "short_description": description,
                "long_description": description,
                "installation_instructions": _INSTALL[lang],
                "parameters": {"standin_url": {"label": _URL_LABEL[lang]}},
            }
        }
        files[f"translations/{lang}.json"] = json.dumps(text, ensure_ascii=False, indent=2).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


_URL_LABEL = {
    "en": "Stand-in's address (https://…)",
    "nl": "Adres van Stand-in (https://…)",
    "fr": "Adresse de Stand-in (https://…)",
    "de": "Adresse von Stand-in (https://…)",
}
_INSTALL = {
    "en": "Enter Stand-in's address. Then give Stand-in this app's public key and installation "
    "id (helpdesks.<key>.app in its configuration).",
    "nl": "Vul het adres van Stand-in in. Geef Stand-in daarna de publieke sleutel en het "
    "installatienummer van deze app (helpdesks.<key>.app in de configuratie).",
    "fr": "Indiquez l'adresse de Stand-in. Donnez ensuite à Stand-in la clé publique et le "
    "numéro d'installation de cette app (helpdesks.<key>.app dans sa configuration).",
    "de": "Geben Sie die Adresse von Stand-in ein. Hinterlegen Sie danach den öffentlichen "
    "Schlüssel und die Installations-ID dieser App in Stand-in (helpdesks.<key>.app).",
}


def _png(width: int, height: int) -> bytes:
    """A plain square logo (Stand-in's blue), made here so the package needs no binary file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes((0x1F, 0x4E, 0x8C)) * width
    raw = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
