"""What every view needs: the store, the catalogue, the user, the language, safe redirects,
the login throttle."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from audit.checklist import Catalogue
from audit.fieldapp.throttle import LoginThrottle
from audit.fieldapp.users import User
from audit.i18n import LANGUAGES, Messages, best_lang, load_words, short
from audit.store import Store

EXTENSION = "a11y_audit"
WORDS = Path(__file__).parent / "i18n"  # the app's words: <lang>.yaml, keys as in audit.i18n
_NOT_IN_A_PATH = re.compile(r"[\x00-\x20\x7f\\]")  # controls, spaces, backslashes


def throttle() -> LoginThrottle:
    found: LoginThrottle = current_app.extensions[EXTENSION]["throttle"]
    return found


def store() -> Store:
    found: Store = current_app.extensions[EXTENSION]["store"]
    return found


def catalogue() -> Catalogue:
    found: Catalogue = current_app.extensions[EXTENSION]["catalogue"]
    return found


def settings() -> dict[str, Any]:
    found: dict[str, Any] = current_app.extensions[EXTENSION]
    return found


def user() -> User:
    found: User = g.user
    return found


def load_messages(folder: Path = WORDS) -> dict[str, Messages]:
    """The app's words in every language, from ``folder/<lang>.yaml``."""
    return {lang: Messages(lang, load_words(folder / f"{lang}.yaml"),
                           source=str(folder / f"{lang}.yaml")) for lang in LANGUAGES}


def language() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    return best_lang(value for value, _q in request.accept_languages)


def messages() -> Messages:
    """The words of the user's language (a missing key is an error, ``MissingText``)."""
    found: Messages = current_app.extensions[EXTENSION]["messages"][language()]
    return found


def t(key: str, **values: object) -> str:
    return messages().t(key, **values)


def cl() -> str:
    """The language code for checklist texts."""
    return short(language())


def whole_number(text: str | None, digits: int = 12) -> int | None:
    """A form's or address's field as a whole number of at most ``digits`` ASCII digits;
    None for anything else (``str.isdigit`` also takes "²", which ``int`` refuses)."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(rf"[0-9]{{1,{digits}}}", text) else None


def safe_next(target: str | None, default: str = "facilities.index") -> str:
    """A path on this site to go back to; anything else gives the default.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
    ``/\\t/evil.example`` or ``/\\\\evil.example`` would leave the site: a target with any
    control character, space or backslash is refused outright, and what is left must be a
    path (``/...``) that does not name a host (``//host``).
    """
    if not target or _NOT_IN_A_PATH.search(target):
        return url_for(default)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for(default)
    return target


def see_other(endpoint: str, **values: Any) -> Response:
    return redirect(url_for(endpoint, **values), code=303)
