"""The municipality of a location: found from postcode + house number through
the CBS table (snf.geo), or set by staff; re-mapped after a new import."""

from collections import Counter
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from snf import audit
from snf.errors import ValidationError
from snf.extensions import db
from snf.geo import services as geo
from snf.inspections.models import Location

UNSET = object()


def take_municipality(actor, data: dict):
    """The municipality asked for by hand in ``data``: UNSET when not asked,
    None to go back to the CBS table, or a code. Only staff set it."""
    if "municipality" not in data:
        return UNSET
    code = data.get("municipality") or None
    if actor is not None and actor.role != "admin":
        message = _("Only SNF staff set the municipality; it follows the address.")
        raise ValidationError(message, {"municipality": [message]})
    return None if code is None else geo.get_municipality(code).code


def assign_municipality(location: Location, by_hand=UNSET) -> None:
    """Set the location's municipality: the one given by hand, or the one of
    its address (also after the address changed)."""
    if by_hand is not UNSET:
        location.municipality_by_hand = by_hand is not None
        if by_hand is not None:
            location.municipality_code = by_hand
    if not location.municipality_by_hand:
        location.municipality_code = geo.find_municipality_code(
            location.postcode, location.house_number
        )


def remap_locations(*, now: datetime) -> Counter:
    """After an import: every location not set by hand gets the municipality
    of its address again. Returns how many moved, by (old code, new code)."""
    find = geo.municipality_finder()
    moved: Counter = Counter()
    rows = db.session.execute(
        select(Location.id, Location.postcode, Location.house_number,
               Location.municipality_code).where(~Location.municipality_by_hand)
    ).all()  # fmt: skip
    changes = []
    for location_id, postcode, number, old in rows:
        new = find(postcode, number)
        if new != old:
            moved[old, new] += 1
            changes.append({"id": location_id, "municipality_code": new})
    if changes:
        db.session.execute(update(Location), changes)
    audit.record(None, "location.remap", "geography", "cbs", now=now,
                 after={f"{o}>{n}": c for (o, n), c in moved.items()})  # fmt: skip
    return moved
