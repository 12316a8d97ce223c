"""Rate-limit counters in a database, shared by every process of an install.

A ``limits`` storage for Flask-Limiter: ``snfdb+sqlite:///path`` (a small
database file of its own next to the app's, so counting never waits for the
app's write lock) or ``snfdb+postgresql+psycopg://...`` (the app's database;
the table comes with the migrations). Redis (``redis://``) works as well and
suits a busy register best.
"""

import threading
import time

from limits.storage import Storage
from sqlalchemy import (
    Column,
    Float,
    Integer,
    String,
    Table,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from snf.extensions import db

counters = Table(
    "rate_limits",
    db.metadata,
    Column("key", String(255), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("expires_at", Float, nullable=False),
)
PREFIX = "snfdb+"
# get_expiry answers from the row get read just before, if that was this recent.
SAME_READ_S = 0.5


def counter_storage(uri: str):
    """The limits storage at ``uri``. Asking this module rather than limits
    makes sure ``DatabaseStorage`` (the snfdb+ schemes) is defined first."""
    from limits.storage import storage_from_string

    return storage_from_string(uri)


def default_uri(database_uri: str, instance_path: str) -> str:
    if database_uri.startswith("sqlite"):
        return f"{PREFIX}sqlite:///{instance_path}/ratelimits.db"
    return PREFIX + database_uri


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL is still safe from a crashed process; only a power
    # cut may lose the last counts, which for rate limits is harmless. FULL
    # made every counted request wait for an fsync (a quarter of a lookup).
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _counting(insert):
    """Count ``amount`` on ``key``, starting a new window if its window ended
    (``now``, ``until``): built once, every value bound (building the
    statement cost more than running it)."""
    amount = bindparam("amount", type_=Integer())
    now, until = bindparam("now", type_=Float()), bindparam("until", type_=Float())
    fresh = counters.c.expires_at <= now
    statement = insert(counters).values(
        key=bindparam("key", type_=String(255)), count=amount, expires_at=until
    )
    return statement.on_conflict_do_update(
        index_elements=[counters.c.key],
        set_={
            "count": case((fresh, amount), else_=counters.c.count + amount),
            "expires_at": case((fresh, until), else_=counters.c.expires_at),
        },
    ).returning(counters.c.count, counters.c.expires_at)


_READ = select(counters.c.count, counters.c.expires_at).where(
    counters.c.key == bindparam("key", type_=String(255)),
    counters.c.expires_at > bindparam("now", type_=Float()),
)


class DatabaseStorage(Storage):
    """Fixed-window counters: one row per key, reset when its window ends.

    For the X-RateLimit headers Flask-Limiter reads a counter with ``get``
    and at once its window with ``get_expiry``, right after counting the
    request with ``incr``: the row ``incr`` wrote (it returns count and
    window) answers both, so a counted request costs one statement. The
    headers then show the count as this request left it. A ``get`` that does
    not follow its key's ``incr`` reads the row, and that read answers the
    ``get_expiry`` after it.
    """

    STORAGE_SCHEME = ["snfdb+sqlite", "snfdb+postgresql", "snfdb+postgresql+psycopg"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._last_read = threading.local()
        self.engine = create_engine(uri[len(PREFIX) :], pool_pre_ping=True)
        insert = sqlite_insert
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            counters.create(self.engine, checkfirst=True)
        else:
            insert = pg_insert
        self._counting = _counting(insert)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        values = {"key": key, "amount": amount, "now": now, "until": now + expiry}
        with self.engine.begin() as connection:
            row = connection.execute(self._counting, values).one()
        self._last_read.counted = (key, time.monotonic(), row)
        return int(row.count)

    def _just_counted(self, key: str):
        """The row this thread's ``incr`` of ``key`` just returned (once)."""
        last, self._last_read.counted = getattr(self._last_read, "counted", None), None
        if last and last[0] == key and time.monotonic() - last[1] < SAME_READ_S:
            return last
        return None

    def _row(self, key: str):
        with self.engine.connect() as connection:
            values = {"key": key, "now": time.time()}
            return connection.execute(_READ, values).first()

    def get(self, key: str) -> int:
        counted = self._just_counted(key)
        row = counted[2] if counted else self._row(key)
        self._last_read.row = (key, time.monotonic(), row)
        return int(row.count) if row else 0

    def get_expiry(self, key: str) -> float:
        last, self._last_read.row = getattr(self._last_read, "row", None), None
        if last and last[0] == key and time.monotonic() - last[1] < SAME_READ_S:
            row = last[2]
        else:
            row = self._row(key)
        return float(row.expires_at) if row else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(counters)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(counters).where(counters.c.key == key))
