"""The skip policy itself: a skip on the list passes, anything else is named."""

from tests.skip_policy import allowed_reasons, unlisted


def test_a_listed_reason_is_allowed_and_another_is_not():
    allowed = allowed_reasons("sqlite")
    skips = [
        ("tests/a.py::t", "needs PostgreSQL: set SNF_TEST_DATABASE_URL"),
        ("tests/b.py::t", "node is not on PATH: the browser's rule engine cannot run"),
    ]
    assert unlisted(skips, allowed) == [skips[1]]


def test_browser_skips_are_allowed_only_in_the_postgresql_pass():
    reason = "browser tests skipped: they ran in the SQLite pass (own database)"
    assert unlisted([("t", reason)], allowed_reasons("postgresql")) == []
    assert unlisted([("t", reason)], allowed_reasons("sqlite")) == [("t", reason)]
