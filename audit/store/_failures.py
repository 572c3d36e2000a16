"""Turn database driver errors into StoreError messages that name the database, not secrets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, NoSuchModuleError, SQLAlchemyError

from audit.errors import StoreError
from audit.store.location import redact


@contextmanager
def translated(action: str, display: str) -> Iterator[None]:
    """Re-raise SQLAlchemy/driver errors as ``StoreError("cannot <action> database <name>: …")``."""
    try:
        yield
    except NoSuchModuleError as err:
        raise StoreError(f"cannot {action} database {display}: no driver ({err})") from None
    except SQLAlchemyError as err:
        raise StoreError(f"cannot {action} database {display}: {reason(err)}") from err


def reason(err: BaseException) -> str:
    """The driver's own words on one line, without any password it might quote."""
    cause = err.orig if isinstance(err, DBAPIError) and err.orig is not None else err
    text = " ".join(str(cause).split()) or type(cause).__name__
    return redact(text)
