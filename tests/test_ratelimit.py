"""Rate-limit counters are shared by every process: they live in a database."""

import time

from snf.ratelimit import DatabaseStorage, default_uri


def test_two_processes_count_together(tmp_path):
    uri = f"snfdb+sqlite:///{tmp_path}/limits.db"
    first, second = DatabaseStorage(uri), DatabaseStorage(uri)
    assert first.incr("login:ip:1", 60) == 1
    assert second.incr("login:ip:1", 60) == 2
    assert first.get("login:ip:1") == 2
    assert second.get_expiry("login:ip:1") > time.time()
    second.clear("login:ip:1")
    assert first.get("login:ip:1") == 0
    assert first.check()


def test_a_window_that_ended_starts_again(tmp_path):
    storage = DatabaseStorage(f"snfdb+sqlite:///{tmp_path}/limits.db")
    storage.incr("k", 1)
    storage.incr("k", 1)
    time.sleep(1.05)
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1


def test_default_storage_follows_the_database():
    assert default_uri("sqlite:////srv/snf.db", "/srv/instance") == (
        "snfdb+sqlite:////srv/instance/ratelimits.db"
    )
    assert default_uri("postgresql+psycopg://db/snf", "/x") == (
        "snfdb+postgresql+psycopg://db/snf"
    )


def _counting(storage) -> list[str]:
    from sqlalchemy import event

    statements = []
    event.listen(
        storage.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, *_a: statements.append(sql),
    )
    return statements


def test_headers_read_a_counter_and_its_window_with_one_statement(tmp_path):
    storage = DatabaseStorage(f"snfdb+sqlite:///{tmp_path}/limits.db")
    storage.incr("k", 60)
    statements = _counting(storage)
    assert storage.get("k") == 1
    assert storage.get_expiry("k") > time.time()
    assert len(statements) == 1
    # A window asked for on its own (or for another key) is read afresh.
    assert storage.get_expiry("k") > time.time()
    storage.get("k")
    assert storage.get_expiry("other") <= time.time() + 1
    assert len(statements) == 4


def test_counters_file_does_not_wait_for_fsync(tmp_path):
    from sqlalchemy import text

    storage = DatabaseStorage(f"snfdb+sqlite:///{tmp_path}/limits.db")
    with storage.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
