"""Demo: two growers certified under the agricultural mark (DOMAIN.md §6),
housing their own seasonal staff in touring caravans and units.

Both were certified about eight months ago (AGRI 2024.1). Van der Linden had
a caravan finding repaired by letter last month and has one open finding at
its year-round units; Peelland has one open at a caravan field. Open findings
run 28 days under the agricultural mark.
"""

import copy
from datetime import date, datetime, time, timedelta

from snf.auth import services as auth
from snf.certificates import services
from snf.certificates.demo import _administrative
from snf.certificates.keys import signer
from snf.certificates.marks import set_company_mark
from snf.database import AMSTERDAM
from snf.inspections import findings, locations
from snf.inspections.demo import BEDROOM, CONFORM, INSPECTOR, _done

VAN_DER_LINDEN = "Fruitteelt Van der Linden BV"
PEELLAND = "Aspergekwekerij Peelland BV"
GROWER_USER = "teler@vanderlinden.example"
ADMIN = "admin@snf.example"

# company, street, number, postcode, town, housing type, use class, season, beds
GROWER_LOCATIONS = [
    (VAN_DER_LINDEN, "Appelweg", 4, "4191 NA", "Geldermalsen", "touring_caravan",
     "logies", "seasonal", 12),
    (VAN_DER_LINDEN, "Appelweg", 6, "4191 NA", "Geldermalsen", "residential_units",
     "wonen", "year_round", 6),
    (PEELLAND, "Kranenbroek", 12, "5961 NB", "Horst", "touring_caravan", "logies",
     "seasonal", 12),
    (PEELLAND, "Kranenbroek", 14, "5961 NB", "Horst", "touring_caravan", "logies",
     "seasonal", 8),
]  # fmt: skip


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), AMSTERDAM)


def _observed(row, **changes) -> dict:
    """A conform visit: two per bedroom, enough room, all facilities."""
    beds = row[8]
    doc = copy.deepcopy(CONFORM)
    doc.update(
        housing_type=row[5], use_class=row[6], housing_season=row[7],
        occupants=beds, beds=beds, living_area_m2=16.0 * beds,
        toilets=max(1, beds // 6), showers=max(1, beds // 6),
        burners=4 if beds <= 8 else beds // 2, fridge_litres=40.0 * beds,
        wall_sockets=2 * beds, bedrooms=[BEDROOM] * (beds // 2),
    )  # fmt: skip
    doc.update(changes)
    return doc


def load_agri_demo(now: datetime) -> None:
    """The growers, their locations, certificates and findings (idempotent)."""
    first = GROWER_LOCATIONS[0]
    if locations.find_by_address(first[3], first[2]) is not None:
        return
    today = now.astimezone(AMSTERDAM).date()
    inspector = auth.find_user_by_email(INSPECTOR)
    places = {}
    for name in (VAN_DER_LINDEN, PEELLAND):
        company = auth.find_organisation(name)
        set_company_mark(None, company, "AGRI", now=now)
        rows = [row for row in GROWER_LOCATIONS if row[0] == name]
        places[name] = _certify(company, rows, inspector, today - timedelta(days=240))
    _repaired_caravan(places[VAN_DER_LINDEN][0], inspector, today)
    _open_finding(places[VAN_DER_LINDEN][1], inspector, today - timedelta(days=10))
    _open_finding(places[PEELLAND][0], inspector, today - timedelta(days=12))


def _register(company, row, now):
    data = dict(zip(("street", "house_number", "postcode", "town", "housing_type",
                     "use_class", "season", "beds"), row[1:], strict=True))  # fmt: skip
    return locations.register_location(None, company, data, now=now)[0], row


def _certify(company, rows, inspector, applied: date) -> list:
    body = inspector.organisation
    application = services.apply(None, company, body, today=applied, now=_at(applied))
    places = [_register(company, row, _at(applied)) for row in rows]
    _administrative(company, inspector, applied + timedelta(days=3))
    for location, row in places:
        _done(location, inspector, "initial", applied + timedelta(days=5),
              _observed(row), _at(applied))  # fmt: skip
    services.mark_fee_paid(None, application, today=applied, now=_at(applied))
    issued = applied + timedelta(days=10)
    services.issue_certificate(
        None, company, today=issued, now=_at(issued), sign=signer()
    )
    return places


def _repaired_caravan(place, inspector, today: date) -> None:
    """Last month: a caravan field one toilet short; the letter was accepted."""
    location, row = place
    on = today - timedelta(days=35)
    visit = _done(location, inspector, "periodic", on,
                  _observed(row, toilets=1), _at(on))  # fmt: skip
    major = next(f for f in visit.findings if f.severity == "major")
    grower = auth.find_user_by_email(GROWER_USER)
    later = _at(on + timedelta(days=6))
    findings.submit_repair_letter(
        grower, major, "Een tweede toiletunit is bij de caravans geplaatst "
        "(factuur en foto bijgevoegd).", now=later,
    )  # fmt: skip
    staff = auth.find_user_by_email(ADMIN)
    findings.accept_repair(staff, major, "", now=later + timedelta(days=2))


def _open_finding(place, inspector, on: date) -> None:
    """Too many people for the fridges: a major finding, 28 days to close."""
    location, row = place
    _done(location, inspector, "periodic", on,
          _observed(row, fridge_litres=10.0 * row[8]), _at(on))  # fmt: skip
