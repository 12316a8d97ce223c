"""Query counting for the constant-queries tests."""

from contextlib import contextmanager

from sqlalchemy import event

from snf.extensions import db


@contextmanager
def count_queries():
    statements = []

    def listener(conn, cursor, statement, *args):
        if (
            not statement.lstrip()
            .upper()
            .startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))
        ):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)
