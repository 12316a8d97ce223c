"""What an inspector records at a generated location, and realistic failures.

Most documents are conform; ``FAILING_SHARE`` of them break one or two
measurable requirements the way inspectors find them broken.
"""

import math
import random

FAILING_SHARE = 0.15
LIVING_SPACE_M2 = {"wonen": 12.0, "logies": 10.0}  # DOMAIN.md §2.1


def _burners_needed(occupants: int) -> int:
    if occupants <= 8:
        return 4
    return math.ceil(occupants / 2) if occupants <= 30 else 16


def observations(rng: random.Random, location: dict) -> dict:
    beds, use_class = location["beds"], location["use_class"]
    occupants = beds
    if rng.random() < 0.3:
        occupants = max(1, beds - rng.randint(1, max(1, beds // 4)))
    combustion = rng.random() < 0.35
    alarm = location["housing_type"] in ("hotel_pension", "complex_units") or beds > 15
    doc = {
        "housing_type": location["housing_type"], "use_class": use_class,
        "building_origin": "existing",  # SNF 2025.2 B-2.7: 15 m² only when new
        "occupants": occupants, "beds": beds,
        "living_area_m2": round(beds * (LIVING_SPACE_M2[use_class] +
                                        rng.uniform(1, 9)), 1),
        "min_standing_height_m": round(rng.uniform(2.2, 2.7), 2),
        "all_under_one_roof": True,
        "toilets": math.ceil(occupants / 8) + (rng.random() < 0.3),
        "showers": math.ceil(occupants / 8) + (rng.random() < 0.2),
        "burners": _burners_needed(occupants) + rng.choice((0, 0, 1, 2)),
        "fridge_litres": float(round(occupants * rng.uniform(35, 70), -1)),
        "wall_sockets": occupants + rng.randint(1, 2 * occupants),
        "laundry_available": True, "drying_outside_bedroom": True,
        "extinguisher_present": True, "extinguisher_inspection_valid": True,
        "extinguisher_reob_certified": True,
        "extinguisher_distance_m": round(rng.uniform(0.5, 4.5), 1),
        "fire_blanket_present": True, "smoke_detectors_ok": True,
        "combustion_appliance_present": combustion, "fire_alarm_present": alarm,
        "info_card_present": True, "resident_information_ok": True,
        "occupancy_matches_administration": True,
        "bedrooms": _bedrooms(rng, beds, occupants),
    }  # fmt: skip
    if combustion:
        doc["co_detectors_ok"] = True
    if alarm:
        doc["fire_alarm_ok"] = True
    if rng.random() < FAILING_SHARE:
        _break(rng, doc, 1 if rng.random() < 0.7 else 2)
    return doc


def _bedrooms(rng, beds: int, occupants: int) -> list[dict]:
    rooms, left = [], occupants
    for capacity in [2] * (beds // 2) + [1] * (beds % 2):
        persons = min(capacity, left)
        left -= persons
        rooms.append({
            "area_m2": round(capacity * rng.uniform(4.2, 7.5), 1),
            "persons": persons, "bunk_beds": 0, "mattresses_ok": True,
            "wardrobes_ok": True, "chairs_ok": True,
            "sharing_consent": True,  # SNF 2025.2 B-1.5: two share by consent
        })  # fmt: skip
    return rooms


# -- realistic failures of measurable requirements ----------------------------


def _cramped(rng, doc):  # B-2.1 living space per person
    need = doc["occupants"] * LIVING_SPACE_M2[doc["use_class"]]
    doc["living_area_m2"] = round(need * rng.uniform(0.7, 0.95), 1)
    return True


def _too_few(key: str):  # B-3.1 toilets, B-3.2 showers: one per 8 occupants
    def mutate(rng, doc):
        if doc["occupants"] <= 8:  # 0 toilets is not what inspectors find
            return False
        doc[key] = math.ceil(doc["occupants"] / 8) - 1
        return True

    return mutate


def _few_burners(rng, doc):  # B-5.1
    doc["burners"] = _burners_needed(doc["occupants"]) - 1
    return True


def _small_fridge(rng, doc):  # B-5.2: 30 litres per occupant
    doc["fridge_litres"] = float(int(doc["occupants"] * 30 * rng.uniform(0.5, 0.9)))
    return True


def _few_sockets(rng, doc):  # B-5.6: one per occupant
    doc["wall_sockets"] = doc["occupants"] - 1
    return True


def _far_extinguisher(rng, doc):  # B-7.3: within 5 m
    doc["extinguisher_distance_m"] = round(rng.uniform(5.5, 9.0), 1)
    return True


def _low_ceiling(rng, doc):  # B-2.6: 2.1 m
    doc["min_standing_height_m"] = round(rng.uniform(1.9, 2.05), 2)
    return True


def _small_bedroom(rng, doc):  # B-2.5: 3.5 m² per person
    room = rng.choice([r for r in doc["bedrooms"] if r["persons"]])
    room["area_m2"] = round(room["persons"] * 3.5 * rng.uniform(0.6, 0.9), 1)
    return True


def _bunk_bed(rng, doc):  # B-1.4
    rng.choice(doc["bedrooms"])["bunk_beds"] = 1
    return True


def _crowded_bedroom(rng, doc):  # B-1.3: at most 2 persons (from 2025)
    full = [r for r in doc["bedrooms"] if r["persons"] == 2]
    if len(full) < 2:
        return False
    room, other = rng.sample(full, 2)
    room["persons"], other["persons"] = 3, 1
    room["area_m2"] = max(room["area_m2"], 12.0)
    return True


FAILURES = (
    _cramped, _too_few("toilets"), _too_few("showers"), _few_burners, _small_fridge,
    _few_sockets, _far_extinguisher, _low_ceiling, _small_bedroom, _bunk_bed,
    _crowded_bedroom,
)  # fmt: skip


def _break(rng, doc: dict, wanted: int) -> None:
    # Each returns False, changing nothing, where it does not fit the location.
    for mutate in rng.sample(FAILURES, len(FAILURES)):
        if wanted and mutate(rng, doc):
            wanted -= 1
