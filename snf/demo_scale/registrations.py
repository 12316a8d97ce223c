"""Applications, certificates and status changes from the planned histories.

Core inserts in batches, in dependency order: applications (the ``apply``
changes name them as their cause), certificates with their numbers, signed
payloads and the locations they cover, then the status changes of all
companies sorted by effective date. Each company's changes are thus inserted
in date order, and the change feed (ordered by id) runs in time order too.
"""

import re
from bisect import bisect_right
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from snf.certificates.lifecycle import NOT_REGISTERED, TRANSITIONS
from snf.certificates.models import (
    Application,
    Certificate,
    CertificateLocation,
    StatusChange,
)
from snf.certificates.services import DEFAULT_MARK, NUMBER_PREFIX
from snf.database import AMSTERDAM
from snf.demo_scale.history import ABU_DAY, Period
from snf.demo_scale.run import BATCH, Run, insert_rows
from snf.errors import Conflict
from snf.extensions import db
from snf.norms.models import Norm, NormVersion

NORM = "SNF"
_NUMBER = re.compile(rf"{NUMBER_PREFIX}-(\d{{4}})-(\d+)")


def at(day: date) -> datetime:
    """The UTC moment a change of ``day`` was recorded (10:00 in Amsterdam)."""
    return datetime.combine(day, time(10, 0), AMSTERDAM).astimezone(UTC)


def periods(run: Run) -> list[tuple[dict, Period]]:
    return [(c, p) for c in run.companies for p in c["periods"]]


def insert_applications(run: Run) -> dict:
    planned = periods(run)
    rows = [
        {
            "company_id": company["id"],
            "inspection_body_id": company["body_id"],
            "state": "issued" if period.registered_on else "open",
            "applied_on": period.applied_on,
            "entry_fee_paid_on": period.fee_paid_on,
            "created_at": at(period.applied_on),
        }  # fmt: skip
        for company, period in planned
    ]
    ids = insert_rows(Application.__table__, rows, True)
    for (_company, period), id_ in zip(planned, ids, strict=True):
        period.application_id = id_
    run.advance(len(rows))
    return {"applications": len(rows)}


def _last_serials() -> dict[int, int]:
    """Per year, the highest serial in use (the demo's and earlier runs')."""
    query = select(Certificate.number).where(
        Certificate.number.like(f"{NUMBER_PREFIX}-%")
    )
    serials: dict[int, int] = {}
    for number in db.session.scalars(query):
        if match := _NUMBER.fullmatch(number):
            year, serial = int(match[1]), int(match[2])
            serials[year] = max(serials.get(year, 0), serial)
    return serials


class _Versions:
    """The published versions of the norm by date, read once."""

    def __init__(self):
        query = (
            select(NormVersion.effective_from, NormVersion.id)
            .join(Norm)
            .where(Norm.code == NORM, NormVersion.status != "draft")
            .where(NormVersion.effective_from.is_not(None))
            .order_by(NormVersion.effective_from)
        )
        rows = db.session.execute(query).all()
        self._days, self._ids = [r[0] for r in rows], [r[1] for r in rows]

    def id_on(self, day: date) -> int:
        index = bisect_right(self._days, day) - 1
        if index < 0:
            raise Conflict(f"No {NORM} version in force on {day}: load the norms.")
        return self._ids[index]


def _certificate(run: Run, company: dict, period: Period, version_id: int) -> dict:
    valid_from = at(period.registered_on)
    covered = [loc for loc in company["locations"] if loc["created_at"] <= valid_from]
    row = {
        "number": period.number, "company_id": company["id"],
        "application_id": period.application_id, "norm_version_id": version_id,
        "valid_from": period.registered_on, "valid_until": period.valid_until,
        "issued_at": at(period.issued_on), "locations_count": len(covered),
        "beds": sum(loc["beds"] for loc in covered), "covered": covered,
    }  # fmt: skip
    row["payload"] = run.sign(
        {
            "number": row["number"],
            "kvk": company["kvk"],
            "mark": company.get("mark") or DEFAULT_MARK,
            "valid_until": row["valid_until"],
            "issued_at": row["issued_at"],
        }
    )
    return row


def insert_certificates(run: Run) -> dict:
    """One certificate per registration, numbered per year in issue order."""
    issued = [(c, p) for c, p in periods(run) if p.registered_on]
    issued.sort(key=lambda cp: (cp[1].registered_on, cp[0]["kvk"]))
    serials, versions, links = _last_serials(), _Versions(), 0
    for start in range(0, len(issued), BATCH):
        rows = []
        for company, period in issued[start : start + BATCH]:
            year = period.registered_on.year
            serials[year] = serials.get(year, 0) + 1
            period.number = f"{NUMBER_PREFIX}-{year}-{serials[year]:05d}"
            version_id = versions.id_on(period.registered_on)
            rows.append(_certificate(run, company, period, version_id))
        ids = insert_rows(Certificate.__table__, rows, True)
        covered = []
        for (_company, period), row, id_ in zip(
            issued[start : start + BATCH], rows, ids, strict=True
        ):
            period.certificate_id = id_
            covered += [
                {"certificate_id": id_, "location_id": loc["id"], "beds": loc["beds"]}
                for loc in row["covered"]
            ]
        insert_rows(CertificateLocation.__table__, covered)
        links += len(covered)
        run.advance(len(rows))
    return {"certificates": len(issued), "cert_locations": links}


def _change_row(company: dict, period: Period, change) -> dict:
    effective, action, (code, params) = change
    applying = action == "apply"
    if "number" in params:
        params = {**params, "number": period.number}
    return {
        "company_id": company["id"], "status": TRANSITIONS[action][1],
        "effective": effective, "action": action,
        "reason": "", "reason_code": code, "reason_params": params,
        "certificate_id": None if applying else period.certificate_id,
        "cause_type": "application" if applying else None,
        "cause_id": period.application_id if applying else None,
        "recorded_at": at(effective), "recorded_by_id": None,
    }  # fmt: skip


def insert_status_changes(run: Run) -> dict:
    keyed = _keyed_changes(run)
    keyed.sort(key=lambda item: item[0])
    rows = [
        _change_row(company, period, change) for _k, company, period, change in keyed
    ]
    for start in range(0, len(rows), BATCH):
        insert_rows(StatusChange.__table__, rows[start : start + BATCH])
        run.advance(len(rows[start : start + BATCH]))
    return {"status_changes": len(rows), **history_counts(run)}


def _keyed_changes(run: Run) -> list:
    # (effective, company, position): same-day changes of a company keep their order.
    keyed = []
    for order, company in enumerate(run.companies):
        for period in company["periods"]:
            for change in period.changes:
                keyed.append(((change[0], order, len(keyed)), company, period, change))
    return keyed


def status_on(planned: list[Period], day: date) -> str:
    """The status the planned history gives on ``day``."""
    status = NOT_REGISTERED
    for period in planned:
        for effective, action, _reason in period.changes:
            if effective <= day:
                status = TRANSITIONS[action][1]
    return status


def history_counts(run: Run) -> dict:
    today = run.now.astimezone(AMSTERDAM).date()
    histories = [company["periods"] for company in run.companies]
    return {
        "registered_today": sum(status_on(h, today) == "registered" for h in histories),
        "registered_abu_day": sum(
            status_on(h, ABU_DAY) == "registered" for h in histories
        ),
        "ever_struck_off": sum(
            any(a == "strike_off" for p in h for _d, a, _r in p.changes)
            for h in histories
        ),
    }
