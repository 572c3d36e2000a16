"""SQLAlchemy engines tuned for the store: SQLite in WAL mode with real transactions, or
PostgreSQL through psycopg 3.

SQLite notes. Python's sqlite3 module opens transactions lazily and never before DDL, which
makes migrations non-atomic and turns a read-then-write transaction into a lock upgrade that
fails at once with "database is locked" whatever the busy timeout. So the driver's own
transaction handling is switched off and we emit ``BEGIN`` ourselves: ``BEGIN IMMEDIATE`` on the
writer engine (takes the write lock up front, waiting up to the busy timeout), plain deferred
``BEGIN`` for readers (which WAL never blocks).
"""

from __future__ import annotations

import sqlite3
import time
from functools import partial
from typing import Any

from sqlalchemy import Engine, create_engine, event

from audit.store.location import Location

WRITE_OPTION = "a11y_audit_write"
DEFAULT_BUSY_TIMEOUT_S = 30.0
_PG_CONNECT_TIMEOUT_S = 10


def create_store_engine(location: Location, *, busy_timeout_s: float) -> Engine:
    """An engine for ``location``; use ``writer(engine)`` for transactions that write."""
    if location.dialect == "sqlite":
        return _sqlite_engine(location, busy_timeout_s)
    connect_args = {} if "connect_timeout" in location.url.query else {
        "connect_timeout": _PG_CONNECT_TIMEOUT_S}
    return create_engine(location.url, pool_pre_ping=True, connect_args=connect_args)


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) whose transactions announce that they will write."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _sqlite_engine(location: Location, busy_timeout_s: float) -> Engine:
    engine = create_engine(location.url, connect_args={
        "timeout": busy_timeout_s,  # sqlite3 turns this into the busy timeout
        "check_same_thread": False,  # the pool hands a connection to one thread at a time
    })
    event.listen(engine, "connect", partial(_sqlite_on_connect, busy_timeout_s=busy_timeout_s))
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any, *, busy_timeout_s: float) -> None:
    dbapi_connection.isolation_level = None  # we say BEGIN ourselves, see the module docstring
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        _ensure_wal(cursor, busy_timeout_s)
        # In WAL mode NORMAL loses no committed transaction when a process is killed; only a
        # power cut may lose the last few, and the database stays consistent either way.
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _ensure_wal(cursor: sqlite3.Cursor, timeout_s: float) -> None:
    """Switch a new database to WAL mode (the mode then sticks to the file).

    Switching needs an exclusive lock, and SQLite reports "database is locked" at once instead
    of calling the busy handler when another process holds the file (say, several processes
    creating the same new database together); so retry until the busy timeout is spent.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
            continue
        if mode != "wal":
            raise sqlite3.OperationalError(f"cannot switch to WAL journal mode (stays {mode})")
        return
