"""Bulk verification: thousands of KvK numbers in one request, in input order.

Every number is answered on its own line: a malformed one with the reason,
a duplicate again (marked), an unknown one as ``not_registered``. The lookup
is one query whatever the size of the list: the numbers travel as one JSON
parameter and are joined in the database.
"""

import csv
import io
import json
import re
from collections import Counter
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import bindparam, select, text

from snf.auth.models import Organisation
from snf.errors import ValidationError
from snf.extensions import db
from snf.registry.services import register_query

MAX_NUMBERS = 50_000
# A malformed value is echoed so the caller finds it, but never at length: a
# 20 MB "number" must not come back as a 20 MB answer.
ECHO_MAX = 20


class TooMany(ValueError):
    pass


def check_number(value) -> tuple[str, dict] | None:
    """Why a value is not a KvK number, as a code and its parameters (see
    ``describe_problem``), or None when it is one."""
    if type(value) is str and len(value) == 8 and value.isascii() and value.isdigit():
        return None  # the common case, twice per number: no further checks
    if value is None:
        return "null", {}
    if isinstance(value, bool) or not isinstance(value, str):
        return "not_string", {}
    stripped = value.strip()
    if stripped == "":
        return "empty", {}
    if any(c.isspace() for c in stripped):
        return "spaces", {}
    if not stripped.isascii() or not stripped.isdigit():
        return "not_digits", {}
    if len(stripped) != 8:
        return "length", {"n": len(stripped)}
    return None


# Worded when read, one of them per malformed number (a bulk check of
# 10,000 numbers may hold a thousand malformed ones).
_PROBLEMS = {
    "null": _l("empty (null)"),
    "not_string": _l(
        "not a string: send KvK numbers as 8-digit strings (a number "
        "loses its leading zeros)"
    ),
    "empty": _l("empty"),
    "spaces": _l("contains spaces"),
    "not_digits": _l("contains characters other than digits"),
}
_NOT_A_NUMBER = _l("not a KvK number")


def describe_problem(code: str, params: dict) -> str:
    """The reason a number is malformed, in the reader's language."""
    if code == "length":
        return ngettext(
            "has %(num)d digit; a KvK number has 8",
            "has %(num)d digits; a KvK number has 8",
            params["n"],
        )
    return str(_PROBLEMS.get(code, _NOT_A_NUMBER))


def _numbers_table(numbers: list[str]):
    """A one-column relation of the given numbers, in a single bind parameter."""
    payload = json.dumps(numbers)
    if db.session.get_bind().dialect.name == "postgresql":
        sql = "SELECT jsonb_array_elements_text(CAST(:numbers AS jsonb)) AS kvk"
    else:
        sql = "SELECT value AS kvk FROM json_each(:numbers)"
    clause = text(sql).bindparams(bindparam("numbers", payload))
    return clause.columns(kvk=Organisation.kvk.type).subquery()


def lookup(numbers: list[str], day: date) -> dict[str, dict]:
    """The register's row on ``day`` for each known number (one query)."""
    if not numbers:
        return {}
    wanted = _numbers_table(numbers)
    query = register_query(day).where(Organisation.kvk.in_(select(wanted.c.kvk)))
    c = query.selected_columns
    query = query.with_only_columns(
        c.kvk, c.name, c.mark, c.status, c.certificate_number, c.valid_until
    )
    rows = db.session.execute(query)
    names = tuple(rows.keys())  # once, not per row (Row._asdict asks each time)
    return {row.kvk: dict(zip(names, row, strict=True)) for row in rows}


def echo(raw):
    """The value as sent, cut to ECHO_MAX characters; lists and objects by
    their kind only."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float | str):
        text = raw if isinstance(raw, str) else repr(raw)
        return raw if len(text) <= ECHO_MAX else text[:ECHO_MAX] + "…"
    return "[list]" if isinstance(raw, list) else "{object}"


def _result(raw, found: dict, seen: set, described: dict) -> dict:
    problem = check_number(raw)
    if problem:
        code, params = problem
        key = (code, params.get("n"))
        if key not in described:  # worded once per kind of problem a call
            described[key] = describe_problem(code, params)
        return {
            "kvk": echo(raw),
            "valid": False,
            "error": described[key],
            "error_code": code,
            "error_params": params,
        }
    kvk = raw.strip()
    row = found.get(kvk)
    result = {
        "kvk": kvk,
        "valid": True,
        "status": row["status"] if row else "not_registered",
        "registered": bool(row and row["status"] == "registered"),
        "name": row["name"] if row else None,
        "mark": row["mark"] if row else None,
        "certificate_number": row["certificate_number"] if row else None,
        "valid_until": row["valid_until"] if row else None,
    }
    if kvk in seen:
        result["duplicate"] = True
    seen.add(kvk)
    return result


def verify(numbers: list, day: date) -> dict:
    """``{"as_of", "results", "summary"}`` as in API.md."""
    if len(numbers) > MAX_NUMBERS:
        raise TooMany(_("At most %(n)d numbers per request.", n=MAX_NUMBERS))
    valid = sorted({n.strip() for n in numbers if check_number(n) is None})
    found = lookup(valid, day)
    seen: set = set()
    described: dict = {}
    results = [_result(raw, found, seen, described) for raw in numbers]
    summary = Counter("invalid" if not r["valid"] else r["status"] for r in results)
    return {
        "as_of": day,
        "results": results,
        "summary": dict(summary),
        "count": len(results),
    }


def typed_numbers(typed: str | None, upload) -> list[str]:
    """The numbers of a form: typed (separated by spaces, commas or
    semicolons) and those of an uploaded CSV file, when one came."""
    numbers = [n for n in re.split(r"[\s,;]+", typed or "") if n]
    if upload and getattr(upload, "filename", ""):
        text = upload.read().decode("utf-8-sig", errors="replace")
        numbers += numbers_from_csv(text)
    return numbers


def numbers_from_csv(data: str) -> list[str]:
    """The ``kvk`` column of a CSV, or its first column when there is no header."""
    sample = data[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [row for row in csv.reader(io.StringIO(data), dialect) if row]
    except csv.Error as exc:
        message = _("The CSV file could not be read: %(e)s", e=str(exc))
        raise ValidationError(message, {"file": [message]}) from exc
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    if "kvk" in header:
        column = header.index("kvk")
        return [row[column] if column < len(row) else "" for row in rows[1:]]
    return [row[0] for row in rows]
