"""Regions: municipalities that made one agreement on places to realise
(DOMAIN.md §5). A revised agreement is a new row; the earlier ones stay."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from snf import audit
from snf.errors import Conflict, NotFound, ValidationError
from snf.extensions import db
from snf.geo.models import Municipality, Region, RegionAgreement, RegionMunicipality


def _loaded():
    return select(Region).options(
        selectinload(Region.members), selectinload(Region.agreements)
    )


def list_regions() -> list[Region]:
    """Every region with its municipalities and agreements (three queries)."""
    return list(db.session.scalars(_loaded().order_by(Region.name)))


def get_region(code: str) -> Region:
    region = db.session.scalar(_loaded().where(Region.code == code))
    if region is None:
        raise NotFound(_("No region has the code %(code)s.", code=code))
    return region


def _snapshot(region: Region) -> dict:
    agreement = region.agreement
    return {
        "code": region.code,
        "name": region.name,
        "municipalities": region.municipality_codes,
        "agreement": None if agreement is None else _terms(agreement),
    }


def _terms(agreement) -> dict:
    return {
        "places": agreement.places,
        "start": agreement.start.isoformat(),
        "target": agreement.target.isoformat(),
    }


def _check_municipalities(codes) -> list[str]:
    codes = sorted({str(code).strip().upper() for code in codes})
    if not codes:
        message = _("Choose at least one municipality.")
        raise ValidationError(message, {"municipalities": [message]})
    known = set(db.session.scalars(
        select(Municipality.code).where(Municipality.code.in_(codes))
    ))  # fmt: skip
    unknown = [code for code in codes if code not in known]
    if unknown:
        message = _("Unknown municipality codes: %(codes)s.", codes=", ".join(unknown))
        raise ValidationError(message, {"municipalities": [message]})
    return codes


def _check_agreement(terms: dict | None) -> None:
    if terms is None:
        return
    if terms["target"] <= terms["start"]:
        message = _("The target date comes after the start date.")
        raise ValidationError(message, {"target": [message]})


def create_region(actor, data: dict, *, now: datetime) -> Region:
    """A new region from ``{"code", "name", "municipalities", "agreement"}``."""
    if db.session.scalar(select(Region.id).where(Region.code == data["code"])):
        message = _("A region with the code %(code)s exists.", code=data["code"])
        raise Conflict(message, {"code": [message]})
    region = Region(code=data["code"], name=data["name"], created_at=now)
    db.session.add(region)
    _apply(actor, region, data, now)
    db.session.flush()
    audit.record(actor, "region.create", "region", region.code, now=now,
                 after=_snapshot(region))  # fmt: skip
    return region


def update_region(actor, region: Region, data: dict, *, now: datetime) -> Region:
    """Change the name or the municipalities; different terms of agreement
    are recorded as a revision."""
    before = _snapshot(region)
    if data.get("agreement") is None and region.agreement is not None:
        message = _("An agreement is revised, never removed.")
        raise ValidationError(message, {"agreement": [message]})
    region.name = data["name"]
    _apply(actor, region, data, now)
    db.session.flush()
    audit.record(actor, "region.update", "region", region.code, now=now,
                 before=before, after=_snapshot(region))  # fmt: skip
    return region


def _apply(actor, region: Region, data: dict, now: datetime) -> None:
    codes = _check_municipalities(data.get("municipalities") or [])
    terms = data.get("agreement")
    _check_agreement(terms)
    if codes != region.municipality_codes:
        region.members = [RegionMunicipality(municipality_code=c) for c in codes]
    if terms is not None and (
        region.agreement is None or _terms(region.agreement) != _iso(terms)
    ):
        region.agreements.append(
            RegionAgreement(places=terms["places"], start=terms["start"],
                            target=terms["target"], recorded_at=now,
                            recorded_by_id=getattr(actor, "id", None))
        )  # fmt: skip


def _iso(terms: dict) -> dict:
    return {
        "places": terms["places"],
        "start": _day(terms["start"]).isoformat(),
        "target": _day(terms["target"]).isoformat(),
    }


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
