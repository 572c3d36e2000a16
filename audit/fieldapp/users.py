"""Field-app accounts, review comments and the session key, in the store's tables ``users``,
``inspection_reviews`` and ``app_secrets`` (migration 0003). Passwords are hashed with
Argon2id (argon2-cffi); only the hash is stored.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select, update

from audit.clock import utc_now
from audit.errors import UsageError
from audit.store._engine import writer
from audit.store.tables import app_secrets, inspection_reviews, users

_NAME = re.compile(r"^[\w.@-]{1,64}$")  # \w is Unicode: 张三 is a name
_HASHER = PasswordHasher()
MIN_PASSWORD = 8


class Role(StrEnum):
    INSPECTOR = "inspector"
    REVIEWER = "reviewer"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role

    @property
    def reviews(self) -> bool:
        """Reviewers and admins approve, send back, and edit other people's inspections."""
        return self.role in (Role.REVIEWER, Role.ADMIN)


@dataclass(frozen=True)
class Review:
    reviewer: str
    action: str
    comment: str | None
    created_at: str


def add_user(engine: Engine, name: str, password: str, role: Role | str) -> User:
    """Create an account; UsageError for a bad name, short password or a taken name."""
    if not _NAME.match(name):
        raise UsageError(f"bad user name {name!r}: use 1-64 letters (Chinese too), digits, _ . @ -")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password must have at least {MIN_PASSWORD} characters")
    role = Role(role)
    with writer(engine).begin() as connection:
        if connection.scalar(select(users.c.id).where(users.c.name == name)) is not None:
            raise UsageError(f"user {name} exists already")
        connection.execute(users.insert().values(
            name=name, role=str(role), password_hash=_HASHER.hash(password),
            created_at=utc_now()))
    found = get_user(engine, name)
    assert found is not None
    return found


def set_password(engine: Engine, name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password must have at least {MIN_PASSWORD} characters")
    with writer(engine).begin() as connection:
        done = connection.execute(update(users).where(users.c.name == name).values(
            password_hash=_HASHER.hash(password)))
    if done.rowcount == 0:
        raise UsageError(f"no user {name}")


def get_user(engine: Engine, name: str) -> User | None:
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.name == name)).first()
    return None if row is None else User(row.id, row.name, Role(row.role))


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as connection:
        rows = connection.execute(select(users).order_by(users.c.name)).all()
    return [User(row.id, row.name, Role(row.role)) for row in rows]


def authenticate(engine: Engine, name: str, password: str) -> User | None:
    """The user when the password is right; None otherwise (same work either way)."""
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.name == name)).first()
    stored = row.password_hash if row is not None else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _HASHER.check_needs_rehash(stored):
        set_password(engine, name, password)
    return User(row.id, row.name, Role(row.role))


def add_review(engine: Engine, inspection_id: int, reviewer: str, action: str,
               comment: str | None) -> None:
    with writer(engine).begin() as connection:
        connection.execute(inspection_reviews.insert().values(
            inspection_id=inspection_id, reviewer=reviewer, action=action,
            comment=comment or None, created_at=utc_now()))


def reviews_of(engine: Engine, inspection_id: int) -> list[Review]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(inspection_reviews)
            .where(inspection_reviews.c.inspection_id == inspection_id)
            .order_by(inspection_reviews.c.id)).all()
    return [Review(r.reviewer, r.action, r.comment, r.created_at) for r in rows]


def session_key(engine: Engine) -> str:
    """The key that signs session cookies, made once per database and kept in it, so sessions
    survive a restart and every server process over the same store accepts them."""
    with writer(engine).begin() as connection:
        found = connection.scalar(select(app_secrets.c.value).where(
            app_secrets.c.name == "session"))
        if found is None:
            found = secrets.token_hex(32)
            connection.execute(app_secrets.insert().values(name="session", value=found,
                                                           created_at=utc_now()))
    return str(found)


_DUMMY_HASH = _HASHER.hash("not a real password; keeps timing equal for unknown names")
