"""Engine set-up: SQLite pragmas and write locking, shared by app and tests."""

import fcntl
import os
import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import has_request_context, request
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# The advisory lock that orders writers on PostgreSQL (and the audit chain).
WRITE_LOCK = 7_201_412


def _writing() -> bool:
    """Requests that may write, and every CLI command or job."""
    return not (has_request_context() and request.method in READ_ONLY_METHODS)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine, busy_timeout_ms)
    elif engine.dialect.name == "postgresql":
        configure_postgres(engine)


def configure_postgres(engine: Engine) -> None:
    """Writers take one advisory lock when their transaction begins.

    READ COMMITTED alone lets two requests read the same draft revision and
    both write (a lost update), or both submit one inspection. Taking the lock
    first, as SQLite's BEGIN IMMEDIATE does, makes every writer see what the
    one before it committed; the audit chain queues writers on this lock
    anyway, so taking it up front costs little and rules out deadlocks
    between row locks and the chain.
    """

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if _writing():
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for writers.

    pysqlite starts transactions lazily and as DEFERRED; a deferred transaction
    that read first and then writes fails at once with "database is locked"
    when another process wrote meanwhile, whatever the busy timeout. So we
    take transaction control ourselves: requests that may write (and CLI
    commands) take the write lock up front and wait for it; read-only requests
    stay concurrent.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    queue = WriterQueue(engine.url.database, busy_timeout_ms)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if not _writing():
            connection.exec_driver_sql("BEGIN")
            return
        queue.enter(connection)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            queue.leave(connection)
            raise

    for name in ("commit", "rollback"):
        event.listen(engine, name, queue.leave)


class WriterQueue:
    """Writers of one SQLite file take their turn, across threads and processes.

    SQLite's busy handler polls every 25-100 ms, so a writer waiting beside a
    busy one may never find the lock free and fails after the timeout. Here a
    writer first takes a turnstile, then the write lock, then lets go of the
    turnstile: a writer that just finished cannot come back in before the one
    already holding the turnstile (two small files next to the database).
    """

    POLL = 0.001

    def __init__(self, database: str | None, timeout_ms: int):
        usable = database not in (None, "", ":memory:")
        self.path = f"{database}.writelock" if usable else None
        self.timeout = timeout_ms / 1000
        self.held: dict[int, int] = {}

    def _take(self, path: str, deadline: float) -> int:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise TimeoutError(
                        "another writer held the database too long"
                    ) from None
                time.sleep(self.POLL)

    @staticmethod
    def _drop(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def enter(self, connection) -> None:
        if self.path is None:
            return
        deadline = time.monotonic() + self.timeout
        turnstile = self._take(self.path + ".turnstile", deadline)
        try:
            self.held[id(connection)] = self._take(self.path, deadline)
        finally:
            self._drop(turnstile)

    def leave(self, connection) -> None:
        fd = self.held.pop(id(connection), None)
        if fd is not None:
            self._drop(fd)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend.

    SQLite keeps no zone; values are stored as naive UTC and handed back aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use snf.database.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    """Today in the Netherlands: dates of legal effect are Dutch dates."""
    return datetime.now(AMSTERDAM).date()
