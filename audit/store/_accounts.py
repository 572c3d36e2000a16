"""Accounts of the field app, their sessions and the app's secrets. Functions take an open
connection. Passwords arrive hashed; changes to an account are logged without the hash.

A session row is what makes a cookie valid: logging out deletes it, and changing a password or
disabling an account deletes all of that account's rows, so every copy of an old cookie stops
working at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Row, delete, select, update

from audit.clock import utc_now
from audit.errors import ConflictError
from audit.store import _trail
from audit.store._sql import clean, clean_or_none, known
from audit.store.records import UserRecord
from audit.store.tables import app_secrets, sessions, users

UNCHANGED: Any = object()  # a keyword argument left as it is
_SHOWN = ("role", "team", "disabled")
INSPECTOR = "inspector"  # the role whose accounts enter inspections (and are handed them)


def add_user(connection: Connection, name: str, role: str, password_hash: str,
             team: str | None, by: str | None) -> UserRecord:
    if find_user(connection, name) is not None:
        raise ConflictError(f"user {name} exists already")
    connection.execute(users.insert().values(
        name=clean(name), role=role, password_hash=password_hash, team=clean_or_none(team),
        disabled=False, created_at=utc_now()))
    _trail.record(connection, by, "user", "create", item_id=name,
                  new={"role": role, "team": team})
    found = find_user(connection, name)
    assert found is not None
    return found


def update_user(connection: Connection, name: str, by: str | None, *, role: Any = UNCHANGED,
                team: Any = UNCHANGED, disabled: Any = UNCHANGED,
                password_hash: Any = UNCHANGED) -> UserRecord:
    """Change an account; a new password or disabling ends all its sessions."""
    found = known(find_user(connection, name), f"user {name}")
    values = {key: value for key, value in (("role", role), ("team", team),
                                            ("disabled", disabled),
                                            ("password_hash", password_hash))
              if value is not UNCHANGED}
    if not values:
        return found
    connection.execute(update(users).where(users.c.id == found.id).values(**values))
    if password_hash is not UNCHANGED or disabled is True:
        connection.execute(delete(sessions).where(sessions.c.user_id == found.id))
    _trail.record(connection, by, "user", "update", item_id=name,
                  old={key: getattr(found, key) for key in values if key in _SHOWN},
                  new={key: value for key, value in values.items() if key in _SHOWN}
                  | ({"password": "changed"} if "password_hash" in values else {}))
    changed = find_user(connection, name)
    assert changed is not None
    return changed


def find_user(connection: Connection, name: str) -> UserRecord | None:
    row = connection.execute(select(users).where(users.c.name == name)).first()
    return None if row is None else _user(row)


def list_users(connection: Connection) -> list[UserRecord]:
    return [_user(row) for row in connection.execute(select(users).order_by(users.c.name))]


def open_session(connection: Connection, session_id: str, user_id: int,
                 expires_at: str) -> None:
    connection.execute(sessions.insert().values(id=session_id, user_id=user_id,
                                                created_at=utc_now(), expires_at=expires_at))


def session_user(connection: Connection, session_id: str, now: str) -> UserRecord | None:
    """The enabled account a live session belongs to."""
    row = connection.execute(
        select(users).join(sessions, sessions.c.user_id == users.c.id)
        .where(sessions.c.id == session_id, sessions.c.expires_at > now,
               users.c.disabled.is_(False))).first()
    return None if row is None else _user(row)


def end_sessions(connection: Connection, *, session_id: str | None = None,
                 user_id: int | None = None, now: str | None = None) -> int:
    """Delete one session, all of one account's, or (``now``) every expired one."""
    query = delete(sessions)
    if session_id is not None:
        query = query.where(sessions.c.id == session_id)
    if user_id is not None:
        query = query.where(sessions.c.user_id == user_id)
    if now is not None:
        query = query.where(sessions.c.expires_at <= now)
    return int(connection.execute(query).rowcount or 0)


def app_secret(connection: Connection, name: str, make: Callable[[], str]) -> str:
    found = connection.scalar(select(app_secrets.c.value).where(app_secrets.c.name == name))
    if found is None:
        found = make()
        connection.execute(app_secrets.insert().values(name=name, value=found,
                                                       created_at=utc_now()))
    return str(found)


def _user(row: Row[Any]) -> UserRecord:
    return UserRecord(id=row.id, name=row.name, role=row.role, password_hash=row.password_hash,
                      disabled=bool(row.disabled), team=row.team, created_at=row.created_at)
