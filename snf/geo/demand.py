"""Demand beside supply (API 1.2, "Demand"): twice a year a company states,
per municipality, how many labour migrants it employs there and how many of
them it houses. A statement for a period replaces the earlier one."""

import re
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from snf import audit
from snf.errors import ValidationError
from snf.extensions import db
from snf.geo.models import DemandReport, Municipality

PERIOD = re.compile(r"^(\d{4})H([12])\Z")


def period_of(day: date) -> str:
    """The half-year a date falls in: 2026-12-31 -> 2026H2."""
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def previous_period(period: str) -> str:
    """2026H2 -> 2026H1, 2026H1 -> 2025H2."""
    year, half = int(period[:4]), period[-1]
    return f"{year}H1" if half == "2" else f"{year - 1}H2"


def check_period(period: str) -> str:
    if not PERIOD.match(period or ""):
        message = _(
            "A period is a year and its half, e.g. 2026H2 for July to December 2026."
        )
        raise ValidationError(message, {"period": [message]})
    return period


def _check_lines(lines: list[dict]) -> None:
    codes = [line["code"] for line in lines]
    known = set(db.session.scalars(select(Municipality.code).where(
        Municipality.code.in_(codes))))  # fmt: skip
    errors = {}
    for n, line in enumerate(lines):
        if line["code"] not in known:
            errors[f"municipalities.{n}.code"] = [_("Not a known municipality.")]
        elif line["housed"] > line["employed"]:
            errors[f"municipalities.{n}.housed"] = [
                _("At most the number employed there.")
            ]
        elif codes.count(line["code"]) > 1:
            errors[f"municipalities.{n}.code"] = [
                _("This municipality is listed twice.")
            ]
    if errors:
        raise ValidationError(_("The statement has errors."), errors)


def report_demand(actor, company, period: str, lines: list[dict], *, now: datetime):
    """Replace the company's statement for ``period`` by ``lines``
    (``{"code", "employed", "housed"}``)."""
    check_period(period)
    _check_lines(lines)
    mine = (DemandReport.company_id == company.id, DemandReport.period == period)
    db.session.execute(delete(DemandReport).where(*mine))
    for line in lines:
        db.session.add(DemandReport(
            company_id=company.id, period=period, municipality_code=line["code"],
            employed=line["employed"], housed=line["housed"], reported_at=now,
            reported_by_id=getattr(actor, "id", None)))  # fmt: skip
    db.session.flush()
    audit.record(actor, "demand.report", "organisation", company.id, now=now,
                 after={"period": period, "municipalities": lines})  # fmt: skip
    return list_demand(company.id, period)


def list_demand(company_id: int, period: str) -> list[dict]:
    query = (
        select(DemandReport)
        .where(DemandReport.company_id == company_id, DemandReport.period == period)
        .order_by(DemandReport.municipality_code)
    )
    return [
        {"code": r.municipality_code, "employed": r.employed, "housed": r.housed}
        for r in db.session.scalars(query)
    ]


def demand_by_municipality(period: str) -> dict[str, tuple[int, int]]:
    """(employed, housed) per municipality for ``period``: one query."""
    query = (
        select(DemandReport.municipality_code, func.sum(DemandReport.employed),
               func.sum(DemandReport.housed))
        .where(DemandReport.period == period)
        .group_by(DemandReport.municipality_code)
    )  # fmt: skip
    return {code: (int(e), int(h)) for code, e, h in db.session.execute(query)}


def reporting_companies(period: str) -> set[int]:
    query = select(DemandReport.company_id).where(DemandReport.period == period)
    return set(db.session.scalars(query.distinct()))
