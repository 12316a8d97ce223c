"""Housing locations: registered by companies, one primarily responsible."""

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from snf import audit
from snf.auth.models import Organisation
from snf.errors import Conflict, ValidationError, found
from snf.extensions import db
from snf.inspections.geography import assign_municipality, take_municipality
from snf.inspections.models import Location, LocationRequest, LocationUser
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
    "season",
    "beds",
)
# Touring caravans only under the agricultural mark (DOMAIN.md §2, §6).
CARAVAN = "touring_caravan"

# Sent once a new location has its id, with the app as sender and
# ``location=`` and ``now=``: packages above this one (residents) connect to it
# for their app, so this package imports nothing of theirs.
location_registered = Namespace().signal("location-registered")


def _snapshot(location: Location) -> dict:
    names = (*FIELDS, "municipality_code", "municipality_by_hand")
    return {name: getattr(location, name) for name in names}


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
    values["season"] = values.get("season") or "year_round"
    return values


def check_housing_type(company: Organisation, values: dict) -> None:
    """Refuse (422 on ``housing_type``) a touring caravan of a company that is
    not certified under the agricultural mark: under SNF every facility must
    be under one roof."""
    if values.get("housing_type") == CARAVAN and company.mark != "AGRI":
        message = _(
            "Touring caravans are allowed only under the agricultural mark "
            "(AGRI); this company is certified under SNF."
        )
        raise ValidationError(message, {"housing_type": [message]})


@dataclass
class Added:
    """What ``add_location`` did: a company's request (pending), a new
    location (``created``), or a known address linked through an approved
    request."""

    location: Location | None
    request: LocationRequest | None
    created: bool = False


def add_location(actor, company: Organisation, data: dict, *, now: datetime) -> Added:
    """Add an address to a company, for the page and the API alike. A company
    always asks (``request_location``: the same answer whether or not the
    address is known); staff register a new address at once and link a known
    one through a request they approve themselves."""
    if actor.role != "admin":
        take_municipality(actor, data)  # refused: only staff set it
        return Added(None, request_location(actor, company, data, now=now))
    values = _clean(data)
    key = (values["postcode"], values["house_number"], values["house_letter"],
           values["house_addition"])  # fmt: skip
    if find_by_address(*key) is None:
        location, created = register_location(actor, company, data, now=now)
        return Added(location, None, created)
    asked = request_location(actor, company, data, now=now)
    return Added(approve_location_request(actor, asked, now=now), asked)


def register_location(actor, company: Organisation, data: dict, *, now: datetime):
    """Register a location for a company directly; returns ``(location,
    created)``. For SNF staff, the demo and approved requests: companies go
    through ``request_location``, which tells them nothing about the address.

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
    check_housing_type(company, values)
    _check_bag_id_free(values.get("bag_id"))
    by_hand = take_municipality(actor, data)
    location = Location(company=company, **values)
    assign_municipality(location, by_hand)
    db.session.add(location)
    db.session.flush()
    app = current_app._get_current_object()
    location_registered.send(app, location=location, now=now)
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


# A company may not move its location to another address (or BAG id): the
# "another location has this address" answer would tell it which addresses are
# registered (F1 of issue 14). It registers the new address instead; staff
# correct addresses.
FIXED_FOR_COMPANIES = ("postcode", "house_number", "house_letter", "house_addition",
                       "bag_id")  # fmt: skip


def _check_identity_kept(actor, before: dict, values: dict) -> None:
    if getattr(actor, "role", None) != "company":
        return
    for name in FIXED_FOR_COMPANIES:
        if values.get(name) != before.get(name):
            message = _(
                "The address of a location is not changed here: register the new "
                "address as a location, or ask SNF to correct it."
            )
            raise ValidationError(message, {name: [message]})


def update_location(actor, location: Location, data: dict, *, now) -> Location:
    before = _snapshot(location)
    values = _clean({**before, **data})
    _check_identity_kept(actor, _clean(before), values)
    check_housing_type(location.company, values)
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
    by_hand = take_municipality(actor, data)
    for name, value in values.items():
        setattr(location, name, value)
    assign_municipality(location, by_hand)
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
    return found(
        db.session.get(Location, location_id), _("This location does not exist.")
    )


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
        select(Location)
        .where(Location.company_id == company_id)
        .options(selectinload(Location.municipality))  # the API answers name it
        .order_by(Location.id)
    )
    return list(db.session.scalars(query))


# -- requests: how a company registers an address -----------------------------


def request_location(actor, company: Organisation, data: dict, *, now: datetime):
    """A company asks to register an address; returns the LocationRequest.

    The answer is the same whether or not the address is registered already
    and by whom (F1 of issue 14): a known address waits for its primarily
    responsible company (or SNF), a new one for SNF. Nothing about other
    companies or other addresses (not even a BAG id) is checked here."""
    if company.kind != "company":
        raise ValidationError(_("Only companies register locations."))
    values = _clean(data)
    check_housing_type(company, values)
    key = (values["postcode"], values["house_number"], values["house_letter"],
           values["house_addition"])  # fmt: skip
    existing = find_by_address(*key)
    if existing is not None and _uses(company, existing):
        message = _("Your company already has this address.")
        raise ValidationError(message, {"house_number": [message]})
    waiting = _pending_request(company, key)
    if waiting is not None:
        return waiting
    request = LocationRequest(
        company=company,
        location=existing,
        requested_by_id=getattr(actor, "id", None),
        created_at=now,
        **values,
    )
    db.session.add(request)
    db.session.flush()
    after = {**values, "company_id": company.id, "location_id": request.location_id}
    audit.record(
        actor, "location_request.create", "location_request", request.id, now=now,
        after=after,
    )  # fmt: skip
    return request


def _uses(company: Organisation, location: Location) -> bool:
    return location.company_id == company.id or any(
        link.company_id == company.id for link in location.users
    )


def _pending_request(company, key) -> LocationRequest | None:
    postcode, number, letter, addition = key
    return db.session.scalar(
        select(LocationRequest).where(
            LocationRequest.company_id == company.id,
            LocationRequest.status == "pending",
            LocationRequest.postcode == postcode,
            LocationRequest.house_number == number,
            LocationRequest.house_letter == letter,
            LocationRequest.house_addition == addition,
        )
    )


def get_location_request(request_id: int) -> LocationRequest:
    return found(
        db.session.get(LocationRequest, request_id), _("This request does not exist.")
    )


def incoming_requests_query(user):
    """Pending requests this user decides on, oldest first: for staff every
    one, for a company those for addresses it is primarily responsible for."""
    query = (
        select(LocationRequest)
        .where(LocationRequest.status == "pending")
        .order_by(LocationRequest.created_at, LocationRequest.id)
    )
    if user.role == "admin":
        return query
    if user.role != "company":
        return query.where(False)
    mine = select(Location.id).where(Location.company_id == user.organisation_id)
    return query.where(LocationRequest.location_id.in_(mine))


def outgoing_requests_query(user):
    """The requests of the user's own company, newest first."""
    if user.role != "company":
        return select(LocationRequest).where(False)
    return (
        select(LocationRequest)
        .where(LocationRequest.company_id == user.organisation_id)
        .order_by(LocationRequest.created_at.desc(), LocationRequest.id.desc())
    )


def list_location_requests_for(user) -> list[LocationRequest]:
    """What waits for this user's decision, oldest first (for the work queue)."""
    return list(db.session.scalars(incoming_requests_query(user)))


def approve_location_request(actor, request: LocationRequest, *, now: datetime):
    """Approve: a new address becomes a location of the requester (primarily
    responsible); a known one gets the requester linked as a user."""
    _check_pending(request)
    data = {name: getattr(request, name) for name in FIELDS}
    location, _created = register_location(actor, request.company, data, now=now)
    request.location = location
    _decide(actor, request, "approved", None, now)
    return location


def reject_location_request(actor, request: LocationRequest, *, reason, now):
    """Refuse; the requester sees "not approved", never who decided or why."""
    _check_pending(request)
    _decide(actor, request, "rejected", (reason or "").strip() or None, now)


def _check_pending(request: LocationRequest) -> None:
    if request.status != "pending":
        raise Conflict(_("This request has been decided already."))


def _decide(actor, request: LocationRequest, status: str, reason, now) -> None:
    request.status = status
    request.reason = reason
    request.decided_at = now
    request.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(
        actor, f"location_request.{status}", "location_request", request.id,
        now=now, after={"status": status, "location_id": request.location_id,
                        "reason": reason},
    )  # fmt: skip
