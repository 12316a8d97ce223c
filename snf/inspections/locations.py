"""Housing locations: registered by companies, one primarily responsible."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from snf import audit
from snf.auth.models import Organisation
from snf.errors import NotFound, ValidationError
from snf.extensions import db
from snf.inspections.models import Location, LocationUser
from snf.validators import normalise_postcode

FIELDS = (
    "street",
    "house_number",
    "house_letter",
    "house_addition",
    "postcode",
    "town",
    "bag_id",
    "housing_type",
    "use_class",
    "beds",
)


def _snapshot(location: Location) -> dict:
    return {name: getattr(location, name) for name in FIELDS}


def find_by_address(postcode, house_number, letter="", addition="") -> Location | None:
    query = select(Location).where(
        Location.postcode == normalise_postcode(postcode),
        Location.house_number == house_number,
        Location.house_letter == (letter or "").upper(),
        Location.house_addition == (addition or "").upper(),
    )
    return db.session.scalar(query)


def _clean(data: dict) -> dict:
    values = {name: data.get(name) for name in FIELDS if name in data}
    values["postcode"] = normalise_postcode(values.get("postcode", ""))
    values["house_letter"] = (values.get("house_letter") or "").upper()
    values["house_addition"] = (values.get("house_addition") or "").upper()
    values["bag_id"] = values.get("bag_id") or None
    return values


def register_location(actor, company: Organisation, data: dict, *, now: datetime):
    """Register a location for a company; returns ``(location, created)``.

    An address that is already registered is not duplicated: the company is
    linked to it as a user, and the first company stays primarily responsible.
    """
    if company.kind != "company":
        raise ValidationError(_("Only companies register locations."))
    values = _clean(data)
    existing = find_by_address(
        values["postcode"],
        values["house_number"],
        values["house_letter"],
        values["house_addition"],
    )
    if existing is not None:
        link_company(actor, existing, company, now=now)
        return existing, False
    _check_bag_id_free(values.get("bag_id"))
    location = Location(company=company, **values)
    db.session.add(location)
    db.session.flush()
    audit.record(
        actor,
        "location.create",
        "location",
        location.id,
        now=now,
        after=_snapshot(location),
    )
    return location, True


def _check_bag_id_free(bag_id, location_id=None) -> None:
    if not bag_id:
        return
    other = db.session.scalar(select(Location).where(Location.bag_id == bag_id))
    if other is not None and other.id != location_id:
        message = _("This BAG id belongs to another registered address.")
        raise ValidationError(message, {"bag_id": [message]})


def link_company(actor, location: Location, company: Organisation, *, now) -> None:
    if location.company_id == company.id:
        return
    if any(link.company_id == company.id for link in location.users):
        return
    location.users.append(LocationUser(company=company))
    db.session.flush()
    audit.record(
        actor,
        "location.report",
        "location",
        location.id,
        now=now,
        after={"reported_by": company.id},
    )


def update_location(actor, location: Location, data: dict, *, now) -> Location:
    before = _snapshot(location)
    values = _clean({**before, **data})
    same = find_by_address(
        values["postcode"],
        values["house_number"],
        values["house_letter"],
        values["house_addition"],
    )
    if same is not None and same.id != location.id:
        message = _("Another location has this address.")
        raise ValidationError(message, {"house_number": [message]})
    _check_bag_id_free(values.get("bag_id"), location.id)
    for name, value in values.items():
        setattr(location, name, value)
    db.session.flush()
    audit.record(
        actor,
        "location.update",
        "location",
        location.id,
        now=now,
        before=before,
        after=_snapshot(location),
    )
    return location


def get_location(location_id: int) -> Location:
    location = db.session.get(Location, location_id)
    if location is None:
        raise NotFound(_("This location does not exist."))
    return location


def locations_query(user):
    """The locations a user may see, as a select() to page and filter."""
    query = select(Location).order_by(
        Location.town, Location.street, Location.house_number
    )
    if user.role == "company":
        linked = select(LocationUser.location_id).where(
            LocationUser.company_id == user.organisation_id
        )
        query = query.where(
            or_(Location.company_id == user.organisation_id, Location.id.in_(linked))
        )
    elif user.role != "admin":
        query = query.where(False)
    return query


def list_company_locations(company_id: int) -> list[Location]:
    query = (
        select(Location).where(Location.company_id == company_id).order_by(Location.id)
    )
    return list(db.session.scalars(query))
