"""The store's methods for the field app's accounts, sessions and secrets (mixed into Store).

Passwords are hashed by the caller (``audit.fieldapp.users``); the store keeps hashes only.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection

from audit.clock import utc_now
from audit.store import _accounts, _trail
from audit.store.records import UserRecord

UNCHANGED: Any = _accounts.UNCHANGED


class Accounts:
    """Mixed into ``Store``, which provides the transactions."""

    def _write(self) -> AbstractContextManager[Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    def add_user(self, name: str, *, role: str, password_hash: str, team: str | None = None,
                 by: str | None = None) -> UserRecord:
        """A new account; ConflictError when the name is taken."""
        with self._write() as connection:
            return _accounts.add_user(connection, name, role, password_hash, team, by)

    def update_user(self, name: str, *, by: str | None, role: Any = UNCHANGED,
                    team: Any = UNCHANGED, disabled: Any = UNCHANGED,
                    password_hash: Any = UNCHANGED) -> UserRecord:
        """Change what is given; a new password or disabling ends all the user's sessions."""
        with self._write() as connection:
            return _accounts.update_user(connection, name, by, role=role, team=team,
                                         disabled=disabled, password_hash=password_hash)

    def user(self, name: str) -> UserRecord | None:
        with self._read() as connection:
            return _accounts.find_user(connection, name)

    def users(self) -> list[UserRecord]:
        with self._read() as connection:
            return _accounts.list_users(connection)

    def open_session(self, session_id: str, user_id: int, *, expires_at: str) -> None:
        """Record a session (``session_id``: a hash of the token the cookie carries); expired
        ones are swept at the same time."""
        with self._write() as connection:
            _accounts.end_sessions(connection, now=utc_now())
            _accounts.open_session(connection, session_id, user_id, expires_at)

    def session_user(self, session_id: str) -> UserRecord | None:
        """The account of a live session; None when it ended, expired or was disabled."""
        with self._read() as connection:
            return _accounts.session_user(connection, session_id, utc_now())

    def end_session(self, session_id: str) -> None:
        with self._write() as connection:
            _accounts.end_sessions(connection, session_id=session_id)

    def end_sessions(self, name: str, *, by: str | None = None) -> int:
        """End every session of a user (a lost phone), logged as done by ``by``; how many
        there were."""
        with self._write() as connection:
            found = _accounts.find_user(connection, name)
            if found is None:
                return 0
            ended = _accounts.end_sessions(connection, user_id=found.id)
            _trail.record(connection, by, "user", "logout", item_id=found.name,
                          new={"sessions": ended})
            return ended

    def app_secret(self, name: str,
                   make: Callable[[], str] = lambda: secrets.token_hex(32)) -> str:
        """A secret kept in the database (made once, by ``make``), e.g. the cookie key."""
        with self._write() as connection:
            return _accounts.app_secret(connection, name, make)
