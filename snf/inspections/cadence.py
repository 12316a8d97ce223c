"""How often locations are inspected, per mark (DOMAIN.md §3, §6).

Under both marks every location has a location inspection at least once a
year (``services.due_locations``). The agricultural mark adds unannounced
audits of 10% of its locations each year. Which ones is drawn reproducibly:
the locations are ordered by a hash of the year and their id, and the first
tenth (rounded up) is drawn, so the draw is the same on every page, in every
process and on every day of the year, and nobody can choose it.
"""

import hashlib
import math
from datetime import date

from sqlalchemy import extract, select
from sqlalchemy.orm import selectinload

from snf.auth.models import Organisation
from snf.extensions import db
from snf.inspections.models import Inspection, Location

# Share of a mark's locations audited unannounced each year.
UNANNOUNCED_SHARE = {"SNF": 0.0, "AGRI": 0.10}


def draw_key(year: int, location_id: int) -> str:
    """The place of a location in the year's draw (lowest first)."""
    return hashlib.sha256(f"{year}:{location_id}".encode()).hexdigest()


def draw(year: int, location_ids, share: float) -> list[int]:
    """The ids drawn for the year: ``share`` of them, rounded up."""
    ids = sorted(set(location_ids), key=lambda id_: draw_key(year, id_))
    return ids[: math.ceil(len(ids) * share)]


def unannounced_draw(year: int, mark: str = "AGRI") -> list[Location]:
    """The locations of companies under ``mark`` drawn for an unannounced
    audit in ``year``, in the order of the draw (two queries)."""
    share = UNANNOUNCED_SHARE.get(mark, 0.0)
    ids = db.session.scalars(
        select(Location.id)
        .join(Organisation, Organisation.id == Location.company_id)
        .where(Organisation.mark == mark)
    )
    drawn = draw(year, ids, share)
    if not drawn:
        return []
    query = (
        select(Location)
        .where(Location.id.in_(drawn))
        .options(selectinload(Location.company))
    )
    found = {loc.id: loc for loc in db.session.scalars(query)}
    return [found[id_] for id_ in drawn]


def unannounced_due(today: date, mark: str = "AGRI") -> list[Location]:
    """This year's drawn locations without an unannounced inspection this
    year (planned or done): what SNF staff still have to plan."""
    visited = set(
        db.session.scalars(
            select(Inspection.location_id).where(
                Inspection.announced.is_(False),
                Inspection.location_id.is_not(None),
                extract("year", Inspection.scheduled_for) == today.year,
            )
        )
    )
    return [loc for loc in unannounced_draw(today.year, mark) if loc.id not in visited]
