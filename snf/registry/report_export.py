"""A verifier's report as a spreadsheet, in the reader's language.

The columns say what they mean: "registered" is the answer ABU asks for (yes
only when the company was registered on the date checked), "well-formed" only
says the number has the shape of a KvK number. Yes/no are words, not Python's
True/False; every row carries the date checked.
"""

from collections.abc import Iterable, Iterator
from datetime import date

from flask_babel import gettext as _

from snf.csvout import csv_lines
from snf.i18n import STATUS_LABELS
from snf.registry.models import VerificationReport
from snf.registry.verify import describe_problem


def problem_text(result: dict) -> str:
    """Why a number was malformed, in the reader's language (reports made
    before reasons were kept as codes show the text they stored)."""
    if "error_code" in result:
        return describe_problem(result["error_code"], result.get("error_params", {}))
    return result.get("error", "")


def as_date(value) -> date | None:
    """A stored date (reports keep them as ISO text)."""
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def status_text(result: dict) -> str:
    status = result.get("status")
    return str(STATUS_LABELS.get(status, status or ""))


def file_name(report: VerificationReport, only_problems: bool) -> str:
    """Named after the date checked (not the day it was made)."""
    suffix = "-problems" if only_problems else ""
    return f"snf-check-{report.as_of.isoformat()}{suffix}-{report.id}.csv"


def report_lines(report: VerificationReport, results: Iterable[dict]) -> Iterator[str]:
    yes, no = _("yes"), _("no")
    header = (
        _("KvK number"),
        _("Registered on the date checked"),
        _("Status"),
        _("Company"),
        _("Certificate"),
        _("Valid until"),
        _("Number well-formed"),
        _("Problem with the number"),
        _("Listed before"),
        _("Date checked"),
    )
    rows = (
        (
            r.get("kvk") if r.get("kvk") is not None else "",
            yes if r.get("registered") else no,
            status_text(r) if r.get("valid") else "",
            r.get("name") or "",
            r.get("certificate_number") or "",
            r.get("valid_until") or "",
            yes if r.get("valid") else no,
            "" if r.get("valid") else problem_text(r),
            yes if r.get("duplicate") else no,
            report.as_of.isoformat(),
        )
        for r in results
    )
    # A file for people (Excel): the byte order mark keeps accents readable.
    return csv_lines(header, rows, bom=True)
