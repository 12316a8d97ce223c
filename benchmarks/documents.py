"""Observation documents the measures share (a helper: imports no measure)."""

from snf.inspections.demo import BEDROOM


def _bedroom(area_m2: float) -> dict:
    return {**BEDROOM, "area_m2": area_m2}


CONFORM_4_BEDROOMS = {
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "occupants": 8,
    "beds": 8,
    "living_area_m2": 112.5,
    "min_standing_height_m": 2.45,
    "all_under_one_roof": True,
    "toilets": 1,
    "showers": 2,
    "burners": 4,
    "fridge_litres": 320.0,
    "wall_sockets": 14,
    "laundry_available": True,
    "drying_outside_bedroom": True,
    "extinguisher_present": True,
    "extinguisher_inspection_valid": True,
    "extinguisher_reob_certified": True,
    "extinguisher_distance_m": 2.5,
    "fire_blanket_present": True,
    "smoke_detectors_ok": True,
    "combustion_appliance_present": True,
    "co_detectors_ok": True,
    "fire_alarm_present": False,
    "info_card_present": True,
    "resident_information_ok": True,
    "occupancy_matches_administration": True,
    "bedrooms": [_bedroom(9.5), _bedroom(8.0), _bedroom(11.2), _bedroom(7.6)],
    "answers": {"B-2.3": True, "B-2.4": True, "B-4.1": True, "B-8.1": True},
}
