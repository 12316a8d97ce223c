"""Query counting for the constant-queries tests; the text of a page element."""

from contextlib import contextmanager
from html.parser import HTMLParser

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


class _ById(HTMLParser):
    """Collects the text of the element with a given id (and what is inside)."""

    def __init__(self, element_id: str):
        super().__init__()
        self.element_id, self.depth, self.parts, self.found = element_id, 0, [], 0

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in VOID
        elif dict(attrs).get("id") == self.element_id:
            self.depth, self.found = 1, self.found + 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}


def text_of(html: str, element_id: str) -> str:
    """The visible text of the element ``id=element_id``, spaces collapsed;
    fails when the page has no such element."""
    parser = _ById(element_id)
    parser.feed(html)
    assert parser.found == 1, f"#{element_id} found {parser.found} times"
    return " ".join("".join(parser.parts).split())
