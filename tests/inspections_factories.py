"""Factories for locations, inspections and findings."""

import io
import itertools
from datetime import date

from PIL import Image

from snf.database import utcnow
from snf.inspections import locations, services
from snf.inspections.demo import BEDROOM
from tests.factories import make_organisation, make_user

_numbers = itertools.count(1)

# Conform under SNF 2024.1 and 2025.2 (existing housing, consent to share).
CONFORM_2024 = {
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "building_origin": "existing",
    "occupants": 4,
    "beds": 4,
    "living_area_m2": 60.0,
    "min_standing_height_m": 2.4,
    "all_under_one_roof": True,
    "toilets": 1,
    "showers": 1,
    "burners": 4,
    "fridge_litres": 150.0,
    "wall_sockets": 8,
    "laundry_available": True,
    "drying_outside_bedroom": True,
    "extinguisher_present": True,
    "extinguisher_inspection_valid": True,
    "extinguisher_reob_certified": True,
    "extinguisher_distance_m": 2.0,
    "fire_blanket_present": True,
    "smoke_detectors_ok": True,
    "combustion_appliance_present": False,
    "fire_alarm_present": False,
    "info_card_present": True,
    "resident_information_ok": True,
    "occupancy_matches_administration": True,
    "bedrooms": [dict(BEDROOM), dict(BEDROOM)],
    "answers": {"B-2.3": True, "B-2.4": True, "B-4.1": True, "B-8.1": True},
}


def location_data(**overrides) -> dict:
    n = next(_numbers)
    data = {
        "street": "Dorpsstraat",
        "house_number": n,
        "postcode": "2671 AB",
        "town": "Naaldwijk",
        "housing_type": "regular_dwelling",
        "use_class": "wonen",
        "beds": 8,
    }
    data.update(overrides)
    return data


def make_location(company=None, **overrides):
    company = company or make_organisation("company")
    location, _created = locations.register_location(
        None, company, location_data(**overrides), now=utcnow()
    )
    return location


def request_known_address(owner=None, asker=None):
    """A company asks to be linked to an address another company already runs."""
    known = make_location(owner or make_organisation("company"))
    asker = asker or make_organisation("company")
    address = location_data(
        street=known.street, house_number=known.house_number,
        postcode=known.postcode, town=known.town,
    )  # fmt: skip
    user = make_user(role="company", organisation=asker)
    return locations.request_location(user, asker, address, now=utcnow())


def make_inspection(location=None, inspector=None, kind="periodic", **overrides):
    location = location or make_location()
    inspector = inspector or make_user(role="inspector")
    values = {"announced": True, "scheduled_for": date(2025, 6, 2)}
    values.update(overrides)
    return services.schedule_inspection(
        None,
        company=location.company,
        location=location,
        kind=kind,
        inspector=inspector,
        now=utcnow(),
        **values,
    )


def started(inspection, on=date(2025, 6, 2)):
    services.start_inspection(inspection.inspector, inspection, today=on, now=utcnow())
    return inspection


def submitted(inspection, observations=None, on=date(2025, 6, 2)):
    started(inspection, on)
    services.save_observations(
        inspection.inspector,
        inspection,
        observations or CONFORM_2024,
        if_match=None,
        now=utcnow(),
    )
    return services.submit_inspection(inspection.inspector, inspection, now=utcnow())


def png_bytes(size=(40, 30), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()
