"""The one way the app writes CSV: streamed line by line, every text cell made
safe for spreadsheets.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read as a formula by Excel and LibreOffice (a company named
``=HYPERLINK(...)`` would run when a verifier opens the file). Such text cells
get a leading apostrophe, which spreadsheets hide and treat as "text"
(OWASP's advice). Numbers and dates are written as they are: they cannot be
formulas, and a quote would spoil them for machines.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> Any:
    """``value`` as written into a CSV cell: text that a spreadsheet would
    read as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False
) -> Iterator[str]:
    """The header and then each row as one CSV line; constant memory, so a
    Response can stream it. ``bom`` starts the file with a UTF-8 byte order
    mark, which Excel needs to read accents in a file meant for people."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Sequence[Any]) -> str:
        writer.writerow([safe_cell(cell) for cell in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield (BOM if bom else "") + line(header)
    for row in rows:
        yield line(row)
