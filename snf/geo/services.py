"""Municipalities: finding the one an address lies in, listing them."""

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import func, select

from snf.errors import ValidationError
from snf.extensions import db
from snf.geo.addresses import compact_postcode
from snf.geo.models import AddressMunicipality, Municipality

ROW = AddressMunicipality


def list_municipalities(*, include_ended: bool = False) -> list[Municipality]:
    query = select(Municipality).order_by(Municipality.name)
    if not include_ended:
        query = query.where(Municipality.active)
    return list(db.session.scalars(query))


def get_municipality(code: str, field: str = "municipality") -> Municipality:
    """The municipality of a CBS code (GM0983); a field error otherwise."""
    found = db.session.get(Municipality, str(code or "").strip().upper())
    if found is None:
        message = _("No municipality has the code %(code)s.", code=code)
        raise ValidationError(message, {field: [message]})
    return found


def _known():
    # Only codes of the list: an address file newer than the list may name a
    # municipality it does not have yet (``unknown_codes`` reports them).
    return select(ROW.municipality_code).join(
        Municipality, Municipality.code == ROW.municipality_code
    )


def _most_common(where) -> str | None:
    query = (
        _known()
        .where(*where)
        .group_by(ROW.municipality_code)
        .order_by(func.count().desc(), ROW.municipality_code)
        .limit(1)
    )
    return db.session.scalar(query)


def find_municipality_code(postcode: str, house_number: int, cache=None):
    """The CBS code of the municipality an address lies in: the address
    itself in the CBS table, else the most common one of its postcode (a new
    house number), else of its four digits (the demo file, a new street).
    ``cache`` (a dict) keeps the answers per postcode across many calls."""
    code = compact_postcode(postcode)
    exact = db.session.scalar(
        _known().where(ROW.postcode == code, ROW.house_number == house_number)
    )
    if exact is not None or len(code) != 6 or not code[:4].isdigit():
        return exact
    cache = {} if cache is None else cache
    if code not in cache:
        cache[code] = _most_common([ROW.postcode == code])
    if cache[code] is not None:
        return cache[code]
    area = code[:4]
    if area not in cache:
        upper = str(int(area) + 1)
        cache[area] = _most_common([ROW.postcode >= area, ROW.postcode < upper])
    return cache[area]


def municipality_finder() -> Callable[[str, int], str | None]:
    """``find_municipality_code`` for a whole re-map: the postcode answers
    are asked once."""
    cache: dict = {}

    def find(postcode: str, house_number: int) -> str | None:
        return find_municipality_code(postcode, house_number, cache)

    return find


def municipality_names() -> dict[str, str]:
    query = select(Municipality.code, Municipality.name)
    return {row[0]: row[1] for row in db.session.execute(query)}


def unknown_codes() -> dict[str, int]:
    """Codes in the address table that the list of municipalities lacks, with
    their number of lines (load the list of the same year)."""
    query = (
        select(ROW.municipality_code, func.count())
        .outerjoin(Municipality, Municipality.code == ROW.municipality_code)
        .where(Municipality.code.is_(None))
        .group_by(ROW.municipality_code)
        .order_by(ROW.municipality_code)
    )
    return {row[0]: row[1] for row in db.session.execute(query)}
