"""Why a status changed, stored as a code with parameters and rendered in the
reader's language (page, PDF, CSV, API with Accept-Language).

A reason the system composes (enforcement, issuing, applying) is a
``Reason(code, params)``; a reason SNF staff type is kept as typed, in
``StatusChange.reason``. Dates in ``params`` are ISO strings, shown the way
the reader's language writes them.
"""

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from flask_babel import format_date, ngettext
from flask_babel import gettext as _


class Reason(NamedTuple):
    code: str
    params: dict


def reason(key: str, /, **params) -> Reason:
    """A reason to store; dates become ISO strings (JSON keeps them)."""
    if key not in RENDERERS:
        raise KeyError(f"unknown reason code {key!r}")
    stored = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    return Reason(key, stored)


def day(value) -> str:
    """A date the way the reader's language writes it: 6 december 2026."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, "d MMMM y")


def _strike_off(p: dict) -> str:
    return ngettext(
        "Suspended since %(since)s and finding %(code)s still open after %(num)d day",
        "Suspended since %(since)s and finding %(code)s still open after %(num)d days",
        int(p["days"]),
        since=day(p["since"]),
        code=p["code"],
    )


RENDERERS: dict[str, Callable[[dict], str]] = {
    "applied": lambda p: _("Application for registration"),
    "issued": lambda p: _("Certificate %(n)s issued", n=p["number"]),
    "registered": lambda p: _("Registered after inspection"),
    "major_urgent": lambda p: _(
        "Major finding %(code)s at an urgent inspection", code=p["code"]
    ),
    "major_overdue": lambda p: _(
        "Major finding %(code)s not closed by %(due)s",
        code=p["code"],
        due=day(p["due"]),
    ),
    "major_closed": lambda p: _(
        "Major finding %(code)s closed: repair letter accepted", code=p["code"]
    ),
    "suspension_unresolved": _strike_off,
    "not_renewed": lambda p: _(
        "Certificate %(n)s not renewed; valid until %(d)s",
        n=p["number"],
        d=day(p["valid_until"]),
    ),
    "renewed": lambda p: _(
        "Renewed after the administrative inspection of %(d)s",
        d=day(p["inspected_on"]),
    ),
    "renewed_yearly": lambda p: _("Renewed after the yearly administrative inspection"),
}


def render(code: str | None, params: dict | None, text: str | None = "") -> str:
    """The reason in the current language; a typed reason as typed."""
    renderer = RENDERERS.get(code or "")
    if renderer is None:
        return text or ""
    try:
        return renderer(params or {})
    except (KeyError, TypeError, ValueError):
        return text or code  # a damaged row still shows something, never a 500


def text_of(change) -> str:
    """The reason of a ``StatusChange`` (or a row with the same columns)."""
    return render(change.reason_code, change.reason_params, change.reason)
