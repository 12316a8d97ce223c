"""The yearly planning run (a job on the schedule, 2 January): how many
locations fall due for their yearly location inspection in the year, per
inspection body, and how many the agricultural mark draws for an unannounced
audit; each body's inspectors and SNF staff are mailed their part. A period
runs once: the run is kept (``PlanningRun``), and asking again returns it.
"""

from datetime import date, timedelta

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from snf.auth.models import Organisation, User
from snf.auth.recipients import staff_addresses
from snf.extensions import db
from snf.inspections import cadence, planning
from snf.inspections.models import Inspection, Location, PlanningRun
from snf.notify import notify, register_notification

YEARLY = timedelta(days=365)
DUE_PATH = "/inspections/due"


def _due_count(year_end: date, body_id: int | None = None) -> int:
    """Locations whose last location inspection is a year old by
    ``year_end`` (or that never had one); of one body's companies if given."""
    last = (
        select(Inspection.location_id, func.max(Inspection.inspected_on).label("last"))
        .where(Inspection.status == "submitted", Inspection.kind != "administrative")
        .group_by(Inspection.location_id)
        .subquery()
    )
    query = (
        select(func.count(Location.id))
        .outerjoin(last, last.c.location_id == Location.id)
        .where(last.c.last.is_(None) | (last.c.last <= year_end - YEARLY))
    )
    if body_id is not None:
        query = query.where(planning.chosen_body_sql(Location.company_id, body_id))
    return db.session.scalar(query) or 0


def _bodies() -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == "inspection_body")
    return list(db.session.scalars(query.order_by(Organisation.name)))


def _inspectors(body_id: int) -> list[str]:
    query = select(User.email).where(
        User.organisation_id == body_id,
        User.role == "inspector",
        User.active.is_(True),
    )
    return list(db.session.scalars(query.order_by(User.email)))


def count_year(year: int) -> dict:
    """What the year asks for: due locations in all and per body, and the
    unannounced audits drawn (a constant number of queries per body)."""
    year_end = date(year, 12, 31)
    bodies = {str(b.id): _due_count(year_end, b.id) for b in _bodies()}
    return {
        "period": str(year),
        "due": _due_count(year_end),
        "bodies": bodies,
        "drawn": len(cadence.unannounced_draw(year)),
    }


def find_run(period: str) -> PlanningRun | None:
    return db.session.scalar(select(PlanningRun).where(PlanningRun.period == period))


def plan_year(year: int, *, url: str, now, progress) -> dict:
    """Run the planning of ``year`` once: count, tell bodies and staff, keep
    the run. Asked again, it returns the kept result and tells nobody."""
    done = find_run(str(year))
    if done is not None:
        return {**done.result, "already_run": True}
    result = count_year(year)
    bodies = _bodies()
    for index, body in enumerate(bodies, start=1):
        params = {"year": year, "count": result["bodies"][str(body.id)], "url": url}
        notify("planning_body", to=_inspectors(body.id), params=params)
        progress(index, len(bodies) + 1)
    staff = {"year": year, "due": result["due"], "drawn": result["drawn"], "url": url}
    notify("planning_staff", to=staff_addresses(), params=staff)
    db.session.add(PlanningRun(period=str(year), ran_at=now, result=result))
    db.session.flush()
    progress(1, 1)
    return result


def _body_mail(params: dict) -> tuple[str, str]:
    return (
        _("SNF planning %(year)d", year=params["year"]),
        ngettext(
            "In %(year)d, %(num)d location of the companies that chose your "
            "inspection body is due for its yearly location inspection. "
            "Plan it at %(url)s.",
            "In %(year)d, %(num)d locations of the companies that chose your "
            "inspection body are due for their yearly location inspection. "
            "Plan them at %(url)s.",
            params["count"],
            year=params["year"],
            url=params["url"],
        ),
    )


def _staff_mail(params: dict) -> tuple[str, str]:
    return (
        _("SNF planning %(year)d", year=params["year"]),
        _(
            "In %(year)d, %(due)d locations are due for their yearly location "
            "inspection, and %(drawn)d locations are drawn for an unannounced "
            "audit, which SNF plans. See %(url)s.",
            year=params["year"],
            due=params["due"],
            drawn=params["drawn"],
            url=params["url"],
        ),
    )


def init_app(app: Flask) -> None:
    register_notification(app, "planning_body", _body_mail)
    register_notification(app, "planning_staff", _staff_mail)
