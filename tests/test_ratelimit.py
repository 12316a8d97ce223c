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
