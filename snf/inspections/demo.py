"""Demo: locations, today's inspections for the demo inspector, submitted
inspections with findings, and a repair letter waiting for SNF."""

import copy
from datetime import date, datetime, timedelta

from snf.auth import services as auth
from snf.database import AMSTERDAM
from snf.inspections import findings, locations, services

BEDROOM = {
    "area_m2": 9.0,
    "persons": 2,
    "bunk_beds": 0,
    "mattresses_ok": True,
    "wardrobes_ok": True,
    "chairs_ok": True,
    "sharing_consent": True,
}

CONFORM = {
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "building_origin": "existing",
    "occupants": 6,
    "beds": 6,
    "living_area_m2": 96.0,
    "min_standing_height_m": 2.5,
    "all_under_one_roof": True,
    "toilets": 1,
    "showers": 1,
    "burners": 4,
    "fridge_litres": 220.0,
    "wall_sockets": 12,
    "laundry_available": True,
    "drying_outside_bedroom": True,
    "extinguisher_present": True,
    "extinguisher_inspection_valid": True,
    "extinguisher_reob_certified": True,
    "extinguisher_distance_m": 3.0,
    "fire_blanket_present": True,
    "smoke_detectors_ok": True,
    "combustion_appliance_present": True,
    "co_detectors_ok": True,
    "fire_alarm_present": False,
    "info_card_present": True,
    "resident_information_ok": True,
    "occupancy_matches_administration": True,
    "bedrooms": [{**BEDROOM, "area_m2": 10.5}, BEDROOM, {**BEDROOM, "area_m2": 8.0}],
    "answers": {"B-2.3": True, "B-2.4": True, "B-4.1": True, "B-8.1": True},
}

LOCATIONS = [
    # company, street, number, postcode, town, housing type, use class, beds
    (
        "Westland Flex Huisvesting BV",
        "Havenstraat",
        12,
        "2671 CK",
        "Naaldwijk",
        "regular_dwelling",
        "wonen",
        6,
    ),
    (
        "Westland Flex Huisvesting BV",
        "Zwartendijk",
        40,
        "2681 LP",
        "Monster",
        "complex_units",
        "wonen",
        24,
    ),
    (
        "Westland Flex Huisvesting BV",
        "Duinweg",
        3,
        "3253 LN",
        "Ouddorp",
        "holiday_park",
        "logies",
        8,
    ),
    (
        "Brabant Uitzendgroep BV",
        "Ringbaan-West",
        101,
        "5041 LB",
        "Tilburg",
        "regular_dwelling",
        "wonen",
        5,
    ),
    (
        "Brabant Uitzendgroep BV",
        "Industrieweg",
        8,
        "5145 PD",
        "Waalwijk",
        "hotel_pension",
        "logies",
        40,
    ),
    (
        "Zeeuwse Oogst Huisvesting BV",
        "Strandweg",
        21,
        "4493 MB",
        "Kamperland",
        "holiday_park",
        "logies",
        8,
    ),
]

# Not in LOCATIONS (whose order the demo steps unpack): the what-if's example.
FLIPPING = (
    "Oude Haven Flex BV",
    "Kickersbloem",
    3,
    "3221 LC",
    "Hellevoetsluis",
    "holiday_park",
    "logies",
    8,
)

# Waalwijk's hotel became housing after 1 July 2025: SNF 2025.2 asks 15 m² there.
CONVERTED_HOTEL_SINCE = "2025-09-01"
INSPECTOR = "inspecteur@keurmerk.example"
OTHER_INSPECTOR = "inspecteur@noordkeuring.example"
COMPANY_USER = "bedrijf@westlandflex.example"
HOLIDAY_PARK = {
    "housing_type": "holiday_park",
    "use_class": "logies",
    "occupants": 8,
    "beds": 8,
    "living_area_m2": 90.0,
    "fridge_litres": 300.0,
}


def _observations(**changes) -> dict:
    doc = copy.deepcopy(CONFORM)
    doc.update(changes)
    return doc


def _today(now: datetime):
    return now.astimezone(AMSTERDAM).date()


def _places() -> list:
    return [locations.find_by_address(row[3], row[2]) for row in LOCATIONS]


def load_inspection_history(now: datetime) -> None:
    """Locations and the inspections of the past year (before certification)."""
    first = LOCATIONS[0]
    if locations.find_by_address(first[3], first[2]) is not None:
        return
    today = _today(now)
    places = [_register(row, now) for row in LOCATIONS]
    inspector = auth.find_user_by_email(INSPECTOR)
    other = auth.find_user_by_email(OTHER_INSPECTOR)
    naaldwijk, monster, ouddorp, tilburg, _waalwijk, kamperland = places
    # Brabant also houses people at Westland's first address: it reports it.
    locations.link_company(None, naaldwijk, tilburg.company, now=now)
    year_ago = today - timedelta(days=390)
    _done(naaldwijk, inspector, "initial", year_ago, CONFORM, now)
    _done(monster, inspector, "initial", year_ago, _monster(3, BEDROOM), now)
    _done(
        ouddorp,
        inspector,
        "initial",
        year_ago,
        _observations(**HOLIDAY_PARK, bedrooms=[BEDROOM] * 4),
        now,
    )
    _done(
        tilburg,
        other,
        "periodic",
        today - timedelta(days=200),
        _observations(occupants=5, beds=5),
        now,
    )
    _inspect_bunk_beds_in_2023(kamperland, other, now)


def _monster(toilets: int, bedroom: dict) -> dict:
    """Monster's complex of units: 18 occupants in nine bedrooms."""
    return _observations(
        housing_type="complex_units",
        occupants=18,
        beds=18,
        toilets=toilets,
        showers=3,
        burners=10,
        living_area_m2=260.0,
        fridge_litres=600.0,
        wall_sockets=30,
        bedrooms=[bedroom] * 9,
    )


def _inspect_bunk_beds_in_2023(kamperland, inspector, now: datetime) -> None:
    # Inspected under SNF 2021.1 in 2023 with bunk beds: fine then, a major
    # under 2024.1. Kamperland's bunk beds went before its renewal inspection
    # (see snf.certificates.demo_queues); Oude Haven's park, never inspected
    # since, keeps them. The what-if page compares both versions on the latest
    # observations: conform under 2021.1, not under 2024.1, so it is listed as
    # flipping.
    bunk = {**BEDROOM, "area_m2": 7.0, "bunk_beds": 1}
    with_bunks = _observations(
        **HOLIDAY_PARK, existing_holiday_park=True, bedrooms=[bunk] * 4
    )
    _done(kamperland, inspector, "initial", date(2023, 8, 14), with_bunks, now)
    flipping = _register(FLIPPING, now)
    _done(flipping, inspector, "initial", date(2023, 8, 16), with_bunks, now)


def load_recent_inspections(now: datetime) -> None:
    """After certification: last month's findings, an urgent visit, the plan."""
    today = _today(now)
    places = _places()
    naaldwijk, monster, ouddorp, _tilburg, waalwijk, _kamperland = places
    if any(i.status == "planned" for i in _planned_for(naaldwijk)):
        return
    inspector = auth.find_user_by_email(INSPECTOR)
    other = auth.find_user_by_email(OTHER_INSPECTOR)
    _find_toilets_short(monster, inspector, today, now)
    _urgent_overcrowding_visit(waalwijk, other, today, now)
    _plan_upcoming((naaldwijk, monster, ouddorp), inspector, today, now)


def _find_toilets_short(monster, inspector, today, now: datetime) -> None:
    # Last month: too many occupants for the toilets (major) and no chairs (minor).
    last = _done(
        monster,
        inspector,
        "periodic",
        today - timedelta(days=26),
        _monster(2, {**BEDROOM, "chairs_ok": False}),
        now,
    )
    major = next(f for f in last.findings if f.severity == "major")
    findings.submit_repair_letter(
        auth.find_user_by_email(COMPANY_USER),
        major,
        "Een derde toilet is geplaatst op de begane grond "
        "(factuur en foto bijgevoegd).",
        now=now,
    )


def _urgent_overcrowding_visit(waalwijk, inspector, today, now: datetime) -> None:
    # An urgent visit after a complaint about overcrowding: more occupants than
    # beds, and (SNF 2025.2) under 15 m² per person in a hotel converted into
    # housing in September 2025: two major findings.
    _done(
        waalwijk,
        inspector,
        "urgent",
        today - timedelta(days=3),
        _observations(
            housing_type="hotel_pension",
            use_class="logies",
            building_origin="converted",
            taken_into_use_on=CONVERTED_HOTEL_SINCE,
            occupants=46,
            beds=40,
            living_area_m2=600.0,
            toilets=6,
            showers=6,
            burners=16,
            fridge_litres=1500.0,
            wall_sockets=60,
        ),
        now,
        announced=False,
    )


def _planned_for(location):
    from sqlalchemy import select

    from snf.extensions import db
    from snf.inspections.models import Inspection

    return db.session.scalars(
        select(Inspection).where(Inspection.location_id == location.id)
    )


def _register(row, now):
    company_name, street, number, postcode, town, housing, use, beds = row
    company = auth.find_organisation(company_name)
    data = {
        "street": street,
        "house_number": number,
        "postcode": postcode,
        "town": town,
        "housing_type": housing,
        "use_class": use,
        "beds": beds,
    }
    location, _created = locations.register_location(None, company, data, now=now)
    return location


def _done(location, inspector, kind, on, observations, now, announced=True):
    """An inspection carried out and submitted on ``on``."""
    inspection = services.schedule_inspection(
        None,
        company=location.company,
        location=location,
        kind=kind,
        announced=announced,
        scheduled_for=on,
        inspector=inspector,
        now=now,
    )
    services.start_inspection(inspector, inspection, today=on, now=now)
    services.save_observations(
        inspector, inspection, observations, if_match=None, now=now
    )
    services.submit_inspection(inspector, inspection, now=now)
    return inspection


def _plan_upcoming(places, inspector, today, now) -> None:
    naaldwijk, monster, ouddorp = places
    for location, kind, days in (
        (naaldwijk, "periodic", 0),
        (ouddorp, "periodic", 0),
        (monster, "reinspection", 1),
    ):
        services.schedule_inspection(
            None,
            company=location.company,
            location=location,
            kind=kind,
            announced=True,
            scheduled_for=today + timedelta(days=days),
            inspector=inspector,
            now=now,
        )
