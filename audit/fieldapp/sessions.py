"""Server-side sessions: the signed cookie carries a random token, the store keeps its hash.

A request is logged in only while the store has the session: logging out deletes it, and a
new password or a disabled account deletes all of the user's sessions (``Store.update_user``),
so a copied or stolen cookie stops working at once, on every device.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import session

from audit.fieldapp.users import User, as_user
from audit.fieldapp.web import store

LIFETIME = timedelta(hours=12)
_KEY = "sid"


def begin(user: User) -> None:
    """A fresh session for ``user`` (nothing of the old one is kept but the language)."""
    _clear()
    token = secrets.token_urlsafe(32)
    expires = (datetime.now(UTC) + LIFETIME).isoformat(timespec="seconds")
    store().open_session(_hash(token), user.id, expires_at=expires)
    session[_KEY] = token
    session.permanent = True


def current() -> User | None:
    """The user of this request's session, if it is still live."""
    token = session.get(_KEY)
    if not isinstance(token, str) or not token:
        return None
    found = store().session_user(_hash(token))
    return None if found is None else as_user(found)


def end() -> None:
    token = session.get(_KEY)
    if isinstance(token, str) and token:
        store().end_session(_hash(token))
    _clear()


def _clear() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
