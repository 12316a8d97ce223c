"""Rate-limit counters are shared by every process: they live in a database."""

import time

from snf.ratelimit import SAME_READ_S, DatabaseStorage, default_uri


def test_two_processes_count_together(tmp_path):
    uri = f"snfdb+sqlite:///{tmp_path}/limits.db"
    first, second = DatabaseStorage(uri), DatabaseStorage(uri)
    assert first.incr("login:ip:1", 60) == 1
    assert second.incr("login:ip:1", 60) == 2
    time.sleep(SAME_READ_S)  # a later read, not the headers of that request
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
    DatabaseStorage(f"snfdb+sqlite:///{tmp_path}/limits.db").incr("k", 60)
    statements = _counting(storage)
    assert storage.get("k") == 1
    assert storage.get_expiry("k") > time.time()
    assert len(statements) == 1
    # A window asked for on its own (or for another key) is read afresh.
    assert storage.get_expiry("k") > time.time()
    storage.get("k")
    assert storage.get_expiry("other") <= time.time() + 1
    assert len(statements) == 4


def test_a_counted_request_gets_its_headers_without_another_statement(tmp_path):
    """Flask-Limiter counts a request (incr), then reads counter and window
    for the headers (get, get_expiry): the row incr wrote answers both, once;
    after that, or for another key, the counter is read again."""
    storage = DatabaseStorage(f"snfdb+sqlite:///{tmp_path}/limits.db")
    other = DatabaseStorage(f"snfdb+sqlite:///{tmp_path}/limits.db")
    statements = _counting(storage)
    assert storage.incr("k", 60) == 1
    other.incr("k", 60)  # another process counts meanwhile
    assert storage.get("k") == 1  # as this request left it
    assert time.time() < storage.get_expiry("k") <= time.time() + 60
    assert len(statements) == 1
    assert storage.get("k") == 2  # read afresh
    storage.incr("k", 60)
    assert storage.get("other") == 0
    assert storage.get("k") == 3  # the incr was followed by another key's read
    assert len(statements) == 5


def test_counters_file_does_not_wait_for_fsync(tmp_path):
    from sqlalchemy import text

    storage = DatabaseStorage(f"snfdb+sqlite:///{tmp_path}/limits.db")
    with storage.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_each_answer_says_how_many_requests_remain(rate_limited, tmp_path):
    """The headers come from the row that counted the request: every answer
    of the register says what this request left, down to the refusal."""
    limited = rate_limited(
        RATELIMIT_STORAGE_URI=f"snfdb+sqlite:///{tmp_path}/limits.db",
        RATELIMIT_REGISTRY="3/minute",
        SNF_REGISTER_CACHE_SECONDS=0,
    )
    client = limited.test_client()
    url = "/api/v1/registry/companies?q=zzz-nothing"
    answers = [client.get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    for answer in answers:
        reset = int(answer.headers["X-RateLimit-Reset"])
        assert time.time() - 1 <= reset <= time.time() + 61
