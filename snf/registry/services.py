"""The public register, read-only: every list is a constant number of queries.

A company is in the register once it has a status history; its status on a
date comes from that history (snf.certificates.lifecycle).
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Date, Integer, String, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from snf.auth.models import Organisation
from snf.certificates.lifecycle import change_id_on
from snf.certificates.models import Certificate, StatusChange
from snf.certificates.reasons import text_of
from snf.extensions import db
from snf.norms.models import Norm, NormVersion

REGISTER_STATUSES = ("applied", "registered", "suspended", "struck_off", "expired")


def _latest_certificate_id(day):
    """Per company (correlated): its newest certificate issued on or before ``day``."""
    return (
        select(Certificate.id)
        .where(Certificate.company_id == Organisation.id, Certificate.valid_from <= day)
        .order_by(Certificate.valid_from.desc(), Certificate.id.desc())
        .limit(1)
        .correlate(Organisation)
        .scalar_subquery()
    )


def _registered_since(day):
    """Per company (correlated): its latest registration on or before ``day``."""
    return (
        select(func.max(StatusChange.effective))
        .where(
            StatusChange.company_id == Organisation.id,
            StatusChange.action == "register",
            StatusChange.effective <= day,
        )
        .correlate(Organisation)
        .scalar_subquery()
    )


def register_query(day):
    """One row per company in the register on ``day``, with its certificate; the
    cost is per row returned (index seeks), not per company in the register."""
    current = aliased(StatusChange, name="current_status")
    latest_change = change_id_on(day, Organisation.id).correlate(Organisation)
    return (
        select(
            Organisation.id,
            Organisation.kvk,
            Organisation.name,
            Organisation.town,
            Organisation.mark,
            current.status,
            _registered_since(day).label("registered_since"),
            Certificate.number.label("certificate_number"),
            Certificate.valid_from,
            Certificate.valid_until,
            Certificate.locations_count.label("locations"),
            Certificate.beds,
            (Norm.code + " " + NormVersion.version).label("norm_version"),
        )
        .select_from(Organisation)
        .join(current, current.id == latest_change)
        .outerjoin(Certificate, Certificate.id == _latest_certificate_id(day))
        .outerjoin(NormVersion, NormVersion.id == Certificate.norm_version_id)
        .outerjoin(Norm, Norm.id == NormVersion.norm_id)
    )


@cache
def _company_by_kvk():
    """Built once per process: building this select costs more than running it."""
    query = register_query(bindparam("day", type_=Date()))
    return query.where(Organisation.kvk == bindparam("kvk"))


def _contains(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@cache
def _search_statements(by_text: bool, by_town: bool, by_status: bool, by_mark: bool):
    """The count and the page of a search, built once per process for each
    combination of filters (building the register's select cost more than
    running it); every value is a bound parameter."""
    query = register_query(bindparam("day", type_=Date()))
    if by_text:
        like = bindparam("like", type_=String())
        query = query.where(
            or_(
                Organisation.name.ilike(like, escape="\\"),
                Organisation.town.ilike(like, escape="\\"),
                Organisation.kvk.like(like, escape="\\"),
            )
        )
    if by_town:
        query = query.where(Organisation.town.ilike(bindparam("town", type_=String())))
    if by_status:
        status = bindparam("status", type_=String())
        query = query.where(query.selected_columns.status == status)
    if by_mark:
        query = query.where(Organisation.mark == bindparam("mark", type_=String()))
    count = select(func.count()).select_from(query.subquery())
    page = (
        query.order_by(Organisation.name, Organisation.id)
        .limit(bindparam("limit", type_=Integer()))
        .offset(bindparam("offset", type_=Integer()))
    )
    return count, page


def search(day: date, *, q="", town="", status="", mark="", page=1, per_page=25):
    """A page of the register and the total: two queries. ``q`` is any part of
    a name, town or KvK number; ``town`` a whole town; ``status`` a status;
    ``mark`` SNF or AGRI."""
    q, town = q.strip(), town.strip()
    count, rows_query = _search_statements(
        bool(q), bool(town), bool(status), bool(mark)
    )
    params = {"day": day}
    if q:
        params["like"] = _contains(q)
    if town:
        params["town"] = town
    if status:
        params["status"] = status
    if mark:
        params["mark"] = mark
    total = db.session.scalar(count, params)
    paging = {"limit": per_page, "offset": (page - 1) * per_page}
    rows = db.session.execute(rows_query, {**params, **paging}).all()
    return [row._asdict() for row in rows], {
        "page": page,
        "per_page": per_page,
        "total": total or 0,
    }


EXPORT_FIELDS = (
    "kvk",
    "name",
    "town",
    "mark",
    "status",
    "registered_since",
    "certificate_number",
    "valid_until",
    "locations",
    "beds",
)


def export_rows(
    day: date, *, batch: int = 500, scope: Callable[[], ContextManager] = nullcontext
) -> Iterator[dict]:
    """Every company in the register on ``day`` (the open data), by name, in
    batches of ``batch`` rows: constant memory whatever the size of the
    register, one query per batch (keyset paging, not offsets). Each batch is
    read inside ``scope()``: a streamed answer passes a fresh application
    context, as the request's own has ended by the time it is read."""
    after = None
    while True:
        query = register_query(day)
        if after is not None:
            name, key = after
            query = query.where(
                or_(
                    Organisation.name > name,
                    and_(Organisation.name == name, Organisation.id > key),
                )
            )
        query = query.order_by(Organisation.name, Organisation.id).limit(batch)
        with scope():
            rows = [row._asdict() for row in db.session.execute(query)]
        for row in rows:
            yield {field: row[field] for field in EXPORT_FIELDS}
        if len(rows) < batch:
            return
        after = (rows[-1]["name"], rows[-1]["id"])


def register_entry(kvk: str) -> dict | None:
    """A company the register knows (it has a status history), whatever the
    date: its name and the first day it appears, or None."""
    query = (
        select(Organisation.kvk, Organisation.name, func.min(StatusChange.effective))
        .join(StatusChange, StatusChange.company_id == Organisation.id)
        .where(Organisation.kvk == kvk)
        .group_by(Organisation.id, Organisation.kvk, Organisation.name)
    )
    row = db.session.execute(query).first()
    if row is None:
        return None
    return {"kvk": row[0], "name": row[1], "first_day": row[2]}


@dataclass
class CompanyRecord:
    row: dict
    history: list[dict]


@cache
def _history():
    """A company's status changes up to a day, oldest first (built once)."""
    return (
        select(StatusChange)
        .where(
            StatusChange.company_id == bindparam("company", type_=Integer()),
            StatusChange.effective <= bindparam("day", type_=Date()),
        )
        .order_by(StatusChange.effective, StatusChange.id)
    )


def company_record(kvk: str, day: date) -> CompanyRecord | None:
    """A company as the register shows it on ``day``, with its history up to
    that day (``to`` is the day the next change took effect)."""
    row = db.session.execute(_company_by_kvk(), {"day": day, "kvk": kvk}).first()
    if row is None:
        return None
    changes = db.session.scalars(_history(), {"company": row.id, "day": day}).all()
    history = [
        {
            "status": c.status,
            "from": c.effective,
            "reason": text_of(c),
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
            Organisation.mark,
            StatusChange.status,
            StatusChange.effective,
            StatusChange.reason,
            StatusChange.reason_code,
            StatusChange.reason_params,
        )
        .join(Organisation, Organisation.id == StatusChange.company_id)
        .where(StatusChange.id > cursor)
        .order_by(StatusChange.id)
        .limit(limit)
    )
    # The reason in the reader's language (Accept-Language on the API).
    return [
        {**row._asdict(), "reason": text_of(row)} for row in db.session.execute(query)
    ]


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
