"""What a resident may expect, generated from the norm version in force.

One sentence template per requirement code, filled with that version's
thresholds (the rule's ``params``) and worded in the reader's language at
the edge: a new version with another threshold changes every card and page
without a text being touched. Requirements without a template (the company's
administration, daylight, ...) are not listed: they say little to a resident.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from snf.certificates.services import certificate_mark
from snf.extensions import db
from snf.inspections.models import Location
from snf.norms.models import NormVersion, Requirement
from snf.norms.services import find_version_in_force


def _n(value) -> str:
    return format_decimal(float(value), format="#,##0.##")


def _living_space(p: dict, location: Location) -> str:
    key = f"living_space_{location.use_class}_m2"
    return _("At least %(m2)s m² of living space per person.", m2=_n(p[key]))


TEMPLATES: dict[str, Callable[[dict, Location], str]] = {
    "B-1.1": lambda p, loc: _(
        "Your own bed: no more people live here than there are beds (%(beds)d).",
        beds=loc.beds,
    ),
    "B-1.3": lambda p, loc: _(
        "At most %(n)s persons in one bedroom.", n=_n(p["max_persons_per_bedroom"])
    ),
    "B-1.4": lambda p, loc: _("No bunk beds."),
    "B-1.5": lambda p, loc: _(
        "A bedroom of your own, unless you agreed in writing to share it."
    ),
    "B-2.1": _living_space,
    "B-2.5": lambda p, loc: _(
        "At least %(m2)s m² of bedroom floor per person.",
        m2=_n(p["bedroom_area_per_person_m2"]),
    ),
    "B-3.1": lambda p, loc: _(
        "At least one toilet for every %(n)s residents.",
        n=_n(p["occupants_per_toilet"]),
    ),
    "B-3.2": lambda p, loc: _(
        "At least one shower for every %(n)s residents.",
        n=_n(p["occupants_per_shower"]),
    ),
    "B-5.1": lambda p, loc: _(
        "At least %(n)s cooking burners (more when more than %(up_to)s people "
        "live here).",
        n=_n(p["burners_minimum"]),
        up_to=_n(p["burners_minimum_up_to"]),
    ),
    "B-5.2": lambda p, loc: _(
        "At least %(litres)s litres of fridge and freezer space per resident.",
        litres=_n(p["fridge_litres_per_occupant"]),
    ),
    "B-5.3": lambda p, loc: _("A mattress of at least 80 × 200 cm for every resident."),
    "B-5.4": lambda p, loc: _(
        "A wardrobe for every resident, lockable when it is outside the bedroom."
    ),
    "B-4.2": lambda p, loc: _("A washing machine you can use."),
    "B-7.3": lambda p, loc: _(
        "A fire extinguisher within %(m)s m of the cooking place.",
        m=_n(p["max_extinguisher_distance_m"]),
    ),
    "B-7.5": lambda p, loc: _("A fire blanket at the cooking place."),
    "B-7.6": lambda p, loc: _("Working smoke detectors."),
}


@dataclass(frozen=True)
class Right:
    requirement: str
    text: str


def version_for(location: Location, today: date) -> NormVersion | None:
    """The version of the location's company's mark in force today."""
    return find_version_in_force(certificate_mark(location.company), today)


@dataclass(frozen=True)
class _Row:
    code: str
    params: dict
    applies_to: tuple
    effective_from: date | None


@lru_cache(maxsize=64)
def _rows(version_id: int, _published_at) -> tuple[_Row, ...]:
    """The requirements of a version that a template words. Kept per process:
    only published versions are in force, and those never change (the time
    of publication in the key: a test database may reuse an id)."""
    query = (
        select(Requirement)
        .where(Requirement.version_id == version_id)
        .order_by(Requirement.position)
    )
    return tuple(
        _Row(r.code, dict((r.rule or {}).get("params") or {}),
             tuple(r.applies_to or ()), r.effective_from)
        for r in db.session.scalars(query)
        if r.code in TEMPLATES
    )  # fmt: skip


def _applies(row: _Row, location: Location, today: date) -> bool:
    if row.effective_from is not None and row.effective_from > today:
        return False
    return not row.applies_to or location.housing_type in row.applies_to


def rights_for(location: Location, today: date) -> list[Right]:
    """The rights of a resident at ``location`` today, in the current locale."""
    version = version_for(location, today)
    if version is None:
        return []
    return list(
        _worded(
            version.id, version.published_at, location.housing_type,
            location.use_class, location.beds, today, str(get_locale()),
        )
    )  # fmt: skip


@lru_cache(maxsize=512)
def _worded(version_id, published_at, housing_type, use_class, beds, today, _lang):
    """The rights as sentences; the same for every location alike in what the
    templates read, so kept per process (the language is in the key)."""
    place = Location(housing_type=housing_type, use_class=use_class, beds=beds)
    rights = []
    for row in _rows(version_id, published_at):
        if not _applies(row, place, today):
            continue
        try:
            rights.append(Right(row.code, TEMPLATES[row.code](row.params, place)))
        except KeyError:  # a version that renamed a threshold
            continue
    return tuple(rights)
