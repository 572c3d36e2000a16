"""Field-app accounts: roles, password rules and hashing (Argon2id via argon2-cffi; only the
hash is stored), kept in the store (``Store.add_user`` and friends, migrations 0003 and 0004).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from audit.errors import UsageError
from audit.store import Store, UserRecord

_NAME = re.compile(r"^[\w.@-]{1,64}$")  # \w is Unicode: 张三 is a name
_HASHER = PasswordHasher()
MIN_PASSWORD = 8
MAX_TEAM = 64


class Role(StrEnum):
    INSPECTOR = "inspector"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    VIEWER = "viewer"  # leadership, supervising offices: read the dashboard, change nothing


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    team: str | None = None
    disabled: bool = False

    @property
    def reviews(self) -> bool:
        """Reviewers and admins see every facility, approve and send back."""
        return self.role in (Role.REVIEWER, Role.ADMIN)

    @property
    def admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def sees_all(self) -> bool:
        """Reviewers, admins and viewers see every facility, inspection and photo."""
        return self.reviews or self.read_only

    @property
    def read_only(self) -> bool:
        """A viewer reads and changes nothing (their own password aside)."""
        return self.role is Role.VIEWER


def as_user(record: UserRecord) -> User:
    return User(record.id, record.name, Role(record.role), record.team, record.disabled)


def check_name(name: str) -> None:
    if not _NAME.match(name):
        raise UsageError(f"bad user name {name!r}: use 1-64 letters (Chinese too), digits, _ . @ -")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password must have at least {MIN_PASSWORD} characters")


def check_team(team: str | None) -> str | None:
    """The team name as stored (None for no team)."""
    team = (team or "").strip() or None
    if team is not None and (len(team) > MAX_TEAM or not team.isprintable()):
        raise UsageError(f"bad team name {team!r}: use up to {MAX_TEAM} printable characters")
    return team


def add_user(store: Store, name: str, password: str, role: Role | str, *,
             team: str | None = None, by: str | None = None) -> User:
    """Create an account; UsageError for a bad name or short password, ConflictError for a
    taken name."""
    check_name(name)
    check_password(password)
    record = store.add_user(name, role=str(Role(role)), password_hash=_HASHER.hash(password),
                            team=check_team(team), by=by)
    return as_user(record)


def set_password(store: Store, name: str, password: str, *, by: str | None = None) -> None:
    """A new password; every session of the user ends (a lost phone is logged out)."""
    check_password(password)
    if store.user(name) is None:
        raise UsageError(f"no user {name}")
    store.update_user(name, by=by, password_hash=_HASHER.hash(password))


def get_user(store: Store, name: str) -> User | None:
    found = store.user(name)
    return None if found is None else as_user(found)


def list_users(store: Store) -> list[User]:
    return [as_user(record) for record in store.users()]


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when the password is right and the account enabled; None otherwise (the same
    work either way)."""
    found = store.user(name)
    stored = found.password_hash if found is not None else _dummy_hash()
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if found is None or found.disabled:
        return None
    if _HASHER.check_needs_rehash(stored):
        store.update_user(name, by=name, password_hash=_HASHER.hash(password))
    return as_user(found)


def session_key(store: Store) -> str:
    """The key that signs session cookies, made once per database and kept in it, so sessions
    survive a restart and every server process over the same store accepts them."""
    return store.app_secret("session")


@cache
def _dummy_hash() -> str:
    """A hash of the hasher's parameters to verify against when the name is unknown. Made at
    the first unknown name, not at import: a hash costs ~0.2 s of CPU, and every command line
    start imported this module."""
    return _HASHER.hash("not a real password; keeps timing equal for unknown names")
