"""The public register, read-only: every list is a constant number of queries.

A company is in the register once it has a status history; its status on a
date comes from that history (snf.certificates.lifecycle).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from snf.auth.models import Organisation
from snf.certificates.lifecycle import statuses_on
from snf.certificates.models import Certificate, StatusChange
from snf.extensions import db
from snf.norms.models import Norm, NormVersion

REGISTER_STATUSES = ("applied", "registered", "suspended", "struck_off", "expired")


def _latest_certificates(day: date):
    """Per company, the newest certificate issued on or before ``day``."""
    ranked = (
        select(
            Certificate.id,
            Certificate.company_id,
            func.row_number()
            .over(
                partition_by=Certificate.company_id,
                order_by=(Certificate.valid_from.desc(), Certificate.id.desc()),
            )
            .label("rank"),
        )
        .where(Certificate.valid_from <= day)
        .subquery()
    )
    return select(ranked.c.id, ranked.c.company_id).where(ranked.c.rank == 1).subquery()


def _registered_since(day: date):
    """Per company, the date of its latest registration on or before ``day``."""
    return (
        select(StatusChange.company_id, func.max(StatusChange.effective).label("since"))
        .where(StatusChange.action == "register", StatusChange.effective <= day)
        .group_by(StatusChange.company_id)
        .subquery()
    )


def register_query(day: date):
    """One row per company in the register on ``day``, with its certificate."""
    status = statuses_on(day)
    latest = _latest_certificates(day)
    since = _registered_since(day)
    return (
        select(
            Organisation.id,
            Organisation.kvk,
            Organisation.name,
            Organisation.town,
            status.c.status,
            since.c.since.label("registered_since"),
            Certificate.number.label("certificate_number"),
            Certificate.valid_from,
            Certificate.valid_until,
            Certificate.locations_count.label("locations"),
            Certificate.beds,
            (Norm.code + " " + NormVersion.version).label("norm_version"),
        )
        .join(status, status.c.company_id == Organisation.id)
        .outerjoin(since, since.c.company_id == Organisation.id)
        .outerjoin(latest, latest.c.company_id == Organisation.id)
        .outerjoin(Certificate, Certificate.id == latest.c.id)
        .outerjoin(NormVersion, NormVersion.id == Certificate.norm_version_id)
        .outerjoin(Norm, Norm.id == NormVersion.norm_id)
    )


def search(day: date, *, q="", town="", status="", page=1, per_page=25):
    """A page of the register and the total: two queries."""
    query = register_query(day)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(
            Organisation.name.ilike(like) | (Organisation.kvk == q.strip())
        )
    if town:
        query = query.where(Organisation.town.ilike(town.strip()))
    if status:
        query = query.where(query.selected_columns.status == status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(
        query.order_by(Organisation.name, Organisation.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [row._asdict() for row in rows], {
        "page": page,
        "per_page": per_page,
        "total": total or 0,
    }


@dataclass
class CompanyRecord:
    row: dict
    history: list[dict]


def company_record(kvk: str, day: date) -> CompanyRecord | None:
    """A company as the register shows it on ``day``, with its history up to
    that day (``to`` is the day the next change took effect)."""
    row = db.session.execute(register_query(day).where(Organisation.kvk == kvk)).first()
    if row is None:
        return None
    changes = db.session.scalars(
        select(StatusChange)
        .where(StatusChange.company_id == row.id, StatusChange.effective <= day)
        .order_by(StatusChange.effective, StatusChange.id)
    ).all()
    history = [
        {
            "status": c.status,
            "from": c.effective,
            "reason": c.reason,
            "to": changes[i + 1].effective if i + 1 < len(changes) else None,
        }
        for i, c in enumerate(changes)
    ]
    return CompanyRecord(row._asdict(), history)


def changes_since(cursor: int, limit: int) -> list[dict]:
    """Status changes in the order they were recorded, after ``cursor``."""
    query = (
        select(
            StatusChange.id,
            Organisation.kvk,
            Organisation.name,
            StatusChange.status,
            StatusChange.effective,
            StatusChange.reason,
        )
        .join(Organisation, Organisation.id == StatusChange.company_id)
        .where(StatusChange.id > cursor)
        .order_by(StatusChange.id)
        .limit(limit)
    )
    return [row._asdict() for row in db.session.execute(query)]


def certified_totals(day: date) -> dict:
    """Registered companies, locations and beds on ``day`` (one query)."""
    rows = register_query(day).subquery()
    query = select(
        func.count(),
        func.coalesce(func.sum(rows.c.locations), 0),
        func.coalesce(func.sum(rows.c.beds), 0),
    ).where(rows.c.status == "registered")
    companies, locations, beds = db.session.execute(query).one()
    return {"companies": companies, "locations": int(locations), "beds": int(beds)}
