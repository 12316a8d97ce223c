"""Observation documents that the parity test judges in Python and JavaScript.

Every document is judged under every shipped version, for the whole norm and
for each part. A document is ``{"name", "date", "lang", "observations"}``;
the observations are what the checklist form holds (JSON: numbers, booleans,
text, ``bedrooms`` and the ``answers``/``not_applicable``/``notes`` maps).
Some hold invalid values on purpose: the server answers 422 for those, the
browser counts them as not recorded and lists the same errors.

``EDGE_VERSION`` is a version document written for the rule engine's edge
cases (runtime errors, non-boolean rules, params set per rule, optional
inputs, placeholders that give text, lists and whole numbers). A map shown
in an explanation is left out: the Python bindings give its keys in a random
order (test_js_parity.py checks how format_value shows a map).
"""

from snf.inspections.demo import BEDROOM

YES = {
    "A-1.1": True,
    "A-2.1": True,
    "A-3.1": True,
    "B-2.3": True,
    "B-2.4": True,
    "B-4.1": True,
    "B-8.1": True,
}


def bed(**overrides) -> dict:
    return {**BEDROOM, "area_m2": 10.0, **overrides}


def full(**overrides) -> dict:
    """A location that complies with every shipped version."""
    doc = {
        "housing_type": "regular_dwelling",
        "use_class": "wonen",
        "housing_season": "year_round",
        "existing_holiday_park": False,
        "building_origin": "existing",
        "occupants": 4,
        "beds": 4,
        "living_area_m2": 80.0,
        "min_standing_height_m": 2.4,
        "all_under_one_roof": True,
        "toilets": 1,
        "showers": 1,
        "burners": 4,
        "fridge_litres": 150.0,
        "wall_sockets": 6,
        "laundry_available": True,
        "drying_outside_bedroom": True,
        "extinguisher_present": True,
        "extinguisher_inspection_valid": True,
        "extinguisher_reob_certified": True,
        "extinguisher_distance_m": 3.5,
        "fire_blanket_present": True,
        "smoke_detectors_ok": True,
        "combustion_appliance_present": True,
        "co_detectors_ok": True,
        "fire_alarm_present": False,
        "info_card_present": True,
        "resident_information_ok": True,
        "occupancy_matches_administration": True,
        "bedrooms": [bed(), bed(area_m2=12.5)],
        "answers": dict(YES),
    }
    doc.update(overrides)
    return doc


def case(name, observations, date="2025-06-01", lang="en") -> dict:
    return {"name": name, "date": date, "lang": lang, "observations": observations}


def pair(name, passes, fails, date="2025-06-01", lang="en", **common) -> list:
    """A threshold on both sides: the same location, once just in, once out."""
    return [
        case(f"{name} passes", full(**common, **passes), date, lang),
        case(f"{name} fails", full(**common, **fails), date, lang),
    ]


DOCUMENTS = [
    case("nothing recorded", {}),
    case("nothing recorded (nl)", {}, lang="nl"),
    case("complies", full()),
    case("complies (nl)", full(), lang="nl"),
    case("complies before the phase-ins", full(), date="2021-08-31"),
    case("unknown language falls back to English", full(occupants=5), lang="fr"),
    # -- each numeric threshold on both sides ----------------------------------
    *pair(
        "occupants per bed", {"occupants": 8, "beds": 8}, {"occupants": 9, "beds": 8}
    ),
    *pair(
        "living space, wonen",
        {"occupants": 3, "living_area_m2": 36.0},
        {"occupants": 3, "living_area_m2": 35.9},
        lang="nl",
        use_class="wonen",
    ),
    *pair(
        "living space, logies",
        {"occupants": 3, "living_area_m2": 30.0},
        {"occupants": 3, "living_area_m2": 29.9},
        use_class="logies",
    ),
    *pair(
        "bedroom area, two persons",
        {"bedrooms": [bed(persons=2, area_m2=7.0)]},
        {"bedrooms": [bed(persons=2, area_m2=6.9)]},
    ),
    *pair(
        "bedroom area, one person",
        {"bedrooms": [bed(persons=1, area_m2=3.5)]},
        {"bedrooms": [bed(persons=1, area_m2=3.4)]},
        lang="nl",
    ),
    *pair(
        "holiday-park exception on its last day",
        {"bedrooms": [bed(persons=2, area_m2=5.4)]},
        {"bedrooms": [bed(persons=2, area_m2=5.3)]},
        date="2023-12-31",
        housing_type="holiday_park",
        existing_holiday_park=True,
    ),
    case(
        "holiday-park exception is gone on 2024-01-01",
        full(
            housing_type="holiday_park",
            existing_holiday_park=True,
            bedrooms=[bed(persons=2, area_m2=5.4)],
        ),
        date="2024-01-01",
    ),
    *pair(
        "holiday-park exception not for three persons",
        {"bedrooms": [bed(persons=3, area_m2=10.5)]},
        {"bedrooms": [bed(persons=3, area_m2=10.4)]},
        date="2023-12-31",
        housing_type="holiday_park",
        existing_holiday_park=True,
    ),
    *pair(
        "standing height",
        {"min_standing_height_m": 2.1},
        {"min_standing_height_m": 2.09},
        lang="nl",
    ),
    *pair(
        "year-round living space before 2026",
        {"occupants": 3, "living_area_m2": 39.0},
        {"occupants": 3, "living_area_m2": 38.9},
        date="2025-12-31",
    ),
    *pair(
        "year-round living space from 2026",
        {"occupants": 3, "living_area_m2": 45.0},
        {"occupants": 3, "living_area_m2": 44.9},
        date="2026-01-01",
    ),
    *pair(
        "toilets",
        {"toilets": 1, "occupants": 8, "beds": 9},
        {"toilets": 1, "occupants": 9, "beds": 9},
    ),
    *pair(
        "showers",
        {"showers": 2, "occupants": 16, "beds": 17, "living_area_m2": 300.0},
        {"showers": 2, "occupants": 17, "beds": 17, "living_area_m2": 300.0},
        lang="nl",
    ),
    *pair(
        "burners up to 8 occupants",
        {"burners": 4, "occupants": 8, "beds": 8},
        {"burners": 3, "occupants": 8, "beds": 8},
    ),
    *pair(
        "burners for 9 occupants",
        {"burners": 5, "occupants": 9, "beds": 9, "toilets": 2, "showers": 2},
        {"burners": 4, "occupants": 9, "beds": 9, "toilets": 2, "showers": 2},
        lang="nl",
    ),
    *pair(
        "burners for 31 occupants",
        {"burners": 16, "occupants": 31, "beds": 31},
        {"burners": 15, "occupants": 31, "beds": 31},
    ),
    case(
        "burners for 30 and 200 occupants",
        full(burners=15, occupants=30, beds=200, toilets=25, showers=25),
    ),
    case("burners for 200 occupants", full(burners=15, occupants=200, beds=200)),
    *pair(
        "fridge space",
        {"fridge_litres": 240.0, "occupants": 8, "beds": 8},
        {"fridge_litres": 239.9, "occupants": 8, "beds": 8},
    ),
    *pair(
        "wall sockets",
        {"wall_sockets": 8, "occupants": 8, "beds": 8},
        {"wall_sockets": 7, "occupants": 8, "beds": 8},
        lang="nl",
    ),
    *pair(
        "extinguisher distance",
        {"extinguisher_distance_m": 5.0},
        {"extinguisher_distance_m": 5.1},
    ),
    # -- phase-in dates on both sides ------------------------------------------
    case(
        "two persons per bedroom, day before it applies",
        full(bedrooms=[bed(persons=3, area_m2=12.0)]),
        date="2024-12-31",
    ),
    case(
        "two persons per bedroom, first day",
        full(bedrooms=[bed(persons=3, area_m2=12.0)]),
        date="2025-01-01",
        lang="nl",
    ),
    case("information card, day before", full(info_card_present=False), "2021-08-31"),
    case("information card, first day", full(info_card_present=False), "2021-09-01"),
    # -- conditions (`when`) ---------------------------------------------------
    case(
        "no extinguisher, no combustion appliance, a fire alarm",
        full(
            extinguisher_present=False,
            extinguisher_inspection_valid=None,
            extinguisher_distance_m=None,
            combustion_appliance_present=False,
            co_detectors_ok=False,
            fire_alarm_present=True,
            fire_alarm_ok=False,
        ),
        lang="nl",
    ),
    case(
        "condition recorded, the rest missing",
        {"extinguisher_present": True, "combustion_appliance_present": True},
    ),
    case(
        "seasonal agricultural housing",
        full(
            housing_season="seasonal",
            occupants=2,
            beds=2,
            living_area_m2=24.0,
            bedrooms=[bed(persons=4, area_m2=14.0)],
        ),
        date="2026-01-01",
    ),
    case("season not recorded", full(housing_season=None), date="2026-01-01"),
    # -- missing inputs, answers, not applicable -------------------------------
    case(
        "some inputs missing",
        {
            "occupants": 5,
            "use_class": "logies",
            "toilets": 1,
            "answers": {"A-1.1": False},
        },
    ),
    case(
        "yes/no answers with notes",
        full(
            answers={"A-1.1": True, "A-2.1": False, "B-2.4": False, "B-8.1": True},
            notes={
                "A-2.1": "  loonstrook ontbreekt  ",
                "B-8.1": "   ",
                "B-2.4": "kapot",
            },
        ),
        lang="nl",
    ),
    case(
        "not applicable answers",
        full(
            not_applicable={
                "A-3.1": "  no manager needed  ",
                "B-2.5": "no bedrooms",
                "B-7.1": "checked elsewhere",
                "B-9.2": "not yet",
            },
            bedrooms=[],
        ),
    ),
    # -- bedrooms --------------------------------------------------------------
    case(
        "bedrooms: passing and failing rooms",
        full(
            occupants=9,
            beds=9,
            toilets=2,
            showers=2,
            burners=5,
            fridge_litres=300.0,
            wall_sockets=9,
            living_area_m2=120.0,
            bedrooms=[
                bed(),
                bed(persons=3, area_m2=9.0, bunk_beds=1, mattresses_ok=False),
                bed(persons=1, area_m2=3.4, chairs_ok=False),
                bed(persons=3, area_m2=11.965, bunk_beds=2, wardrobes_ok=False),
            ],
        ),
    ),
    case(
        "bedrooms: passing and failing rooms (nl)",
        full(
            bedrooms=[
                bed(persons=3, area_m2=9.0, bunk_beds=1, mattresses_ok=False),
                bed(),
                bed(persons=0, area_m2=-0.0),
            ]
        ),
        lang="nl",
    ),
    case("bedrooms: none recorded", full(bedrooms=[])),
    case(
        "bedrooms: a room without its area",
        full(bedrooms=[bed(), {"persons": 2, "mattresses_ok": True}]),
        lang="nl",
    ),
    # -- every housing type, and one the norm does not allow -------------------
    *[
        case(f"housing type {kind}", full(housing_type=kind, all_under_one_roof=False))
        for kind in (
            "regular_dwelling",
            "hotel_pension",
            "complex_units",
            "residential_units",
            "holiday_park",
            "other",
        )
    ],
    case(
        "touring caravan: agriculture only",
        full(housing_type="touring_caravan", all_under_one_roof=False),
    ),
    case(
        "touring caravan (nl)",
        full(housing_type="touring_caravan", all_under_one_roof=False),
        lang="nl",
    ),
    # -- formatting ------------------------------------------------------------
    case(
        "decimals and rounding",
        full(
            occupants=7,
            beds=7,
            living_area_m2=83.333,
            min_standing_height_m=2.095,
            fridge_litres=209.99,
            extinguisher_distance_m=4.999,
        ),
        lang="nl",
    ),
    case(
        "large and whole values",
        full(occupants=1, beds=5000, living_area_m2=100000.0, fridge_litres=100000),
    ),
    case("integers written as doubles", full(occupants=3.0, beds=4.0, toilets=1.0)),
    # -- SNF 2025.2: 15 m² in new and converted buildings, consent to share ---
    *pair(
        "15 m2 in a building converted on the first day",
        {"occupants": 4, "living_area_m2": 60.0},
        {"occupants": 4, "living_area_m2": 59.9},
        date="2025-09-01",
        building_origin="converted",
        taken_into_use_on="2025-07-01",
    ),
    *pair(
        "15 m2 in a new build (nl)",
        {"occupants": 3, "living_area_m2": 45.0},
        {"occupants": 3, "living_area_m2": 44.9},
        date="2026-02-01",
        lang="nl",
        building_origin="new_build",
        taken_into_use_on="2026-01-15",
    ),
    case(
        "new build taken into use the day before 2025-07-01",
        full(
            building_origin="new_build",
            taken_into_use_on="2025-06-30",
            living_area_m2=50.0,
        ),
        date="2025-09-01",
    ),
    case(
        "existing housing needs no date and 12 m2",
        full(building_origin="existing", occupants=4, living_area_m2=48.0),
        date="2025-09-01",
        lang="nl",
    ),
    case(
        "converted without a date is not answered",
        full(building_origin="converted"),
        date="2025-09-01",
    ),
    case(
        "origin not recorded",
        {**full(), "building_origin": None},
        date="2025-09-01",
    ),
    *pair(
        "two in a bedroom with written consent",
        {"bedrooms": [bed(persons=2, sharing_consent=True)]},
        {"bedrooms": [bed(persons=2, sharing_consent=False)]},
        date="2025-07-01",
    ),
    *pair(
        "consent to share (nl)",
        {"bedrooms": [bed(persons=1, sharing_consent=False), bed(persons=2)]},
        {"bedrooms": [bed(persons=1), bed(persons=2, sharing_consent=False)]},
        date="2025-12-01",
        lang="nl",
    ),
    case(
        "consent not recorded for a shared bedroom",
        full(bedrooms=[{k: v for k, v in bed().items() if k != "sharing_consent"}]),
        date="2025-09-01",
    ),
    case(
        "invalid dates and origins",
        {
            "building_origin": "office",
            "taken_into_use_on": "2025-02-30",
            "bedrooms": [bed(sharing_consent="yes")],
        },
        date="2025-09-01",
    ),
    *[
        case(f"invalid date {value!r}", full(taken_into_use_on=value), "2025-09-01")
        for value in (
            "01-07-2025",
            "20250701",
            20250701,
            "2025-07-01T00:00",
            "0999-01-01",
        )
    ],
    # -- invalid values: not recorded here, a 422 on the server ----------------
    case(
        "invalid values",
        {
            "occupants": 0,
            "beds": 2.5,
            "living_area_m2": "80",
            "min_standing_height_m": -1.0,
            "toilets": True,
            "showers": 1001,
            "extinguisher_distance_m": 1000.5,
            "use_class": "kantoor",
            "laundry_available": "yes",
            "colour": "blue",
            "answers": {"A-1.1": "yes", "a-2.1": True, "A-3.1": True},
            "not_applicable": {"B-2.3": "   ", "B-2.4": 3, "B-8.1": "x" * 2001},
            "notes": ["not", "a", "map"],
            "bedrooms": [bed(area_m2=1000.1, persons=-1), "room", bed(colour="red")],
        },
    ),
    case(
        "invalid values (nl)",
        {
            "housing_type": "castle",
            "occupants": 6000,
            "wall_sockets": 20001,
            "bedrooms": {"area_m2": 10.0},
            "answers": [],
            "not_applicable": {"B-9.1": "ok", "B-1.1": None},
            "notes": {"A-1.1": 5},
        },
        lang="nl",
    ),
    case("too many bedrooms", full(bedrooms=[bed()] * 501)),
    case("not an object", ["occupants", 3]),
    case("nulls are not recorded", {"occupants": None, "beds": 3, "bedrooms": None}),
]

# -- a version for the engine's edge cases -----------------------------------

EVERYONE = [
    "regular_dwelling",
    "hotel_pension",
    "complex_units",
    "residential_units",
    "holiday_park",
    "other",
]


def _requirement(code, part, rule, severity="major", **extra) -> dict:
    return {
        "code": code,
        "title": {"nl": f"Eis {code}", "en": f"Requirement {code}"},
        "guidance": {"nl": "", "en": ""},
        "severity": severity,
        "part": part,
        "applies_to": extra.pop("applies_to", EVERYONE),
        "effective_from": extra.pop("effective_from", None),
        "rule": rule,
    }


def _rule(inputs, check, en, nl=None, **extra) -> dict:
    return {
        "inputs": inputs,
        "check": check,
        "explain": {"nl": nl or en, "en": en},
        **extra,
    }


EDGE_VERSION = {
    "norm": {"code": "EDGE", "name": "Edge cases", "sector": "general"},
    "version": "2099.1",
    "status": "published",
    "effective_from": "2020-01-01",
    "settings": {
        "major_finding_days": 30,
        "suspension_days": 30,
        "minor_becomes_major": False,
    },
    "sections": [
        {
            "code": "E-1",
            "title": {"nl": "Randgevallen", "en": "Edge cases"},
            "requirements": [
                _requirement("E-1.1", "administrative", None, severity="minor"),
                _requirement(
                    "E-1.2",
                    "location",
                    _rule(
                        ["occupants", "beds"],
                        "occupants <= beds * limit",
                        "{occupants / beds} per bed (at most {limit}); "
                        "{int(occupants / beds)} whole; {{literal}}",
                        "{occupants / beds} per bed (hoogstens {limit})",
                        params={"limit": 1.0},
                    ),
                ),
                _requirement(
                    "E-1.3",
                    "location",
                    _rule(
                        ["occupants", "beds"],
                        "occupants <= beds * limit",
                        "at most {limit} per bed; {occupants > beds}; {use_class}",
                        params={"limit": 2.0},
                        optional_inputs={"use_class": "unknown"},
                    ),
                    effective_from="2024-06-01",
                ),
                _requirement(
                    "E-1.4",
                    "location",
                    _rule(["occupants"], "occupants + 1.0", "{occupants + 1.0}"),
                ),
                _requirement(
                    "E-1.5",
                    "location",
                    _rule(
                        ["occupants", "use_class"],
                        "use_class == 1.0 || occupants > 2.0",
                        "class {use_class}: {[occupants, 0.0 - occupants, 2.5]}",
                    ),
                ),
                _requirement(
                    "E-1.10",
                    "location",
                    _rule(
                        ["occupants"],
                        "occupants > 2.0",
                        "{occupants}",
                        when="occupants",
                    ),
                ),
                _requirement(
                    "E-1.6",
                    "location",
                    _rule(
                        ["use_class", "occupants"],
                        "occupants > 0.0",
                        "{occupants}",
                        when="use_class < 1.0",
                    ),
                ),
                _requirement(
                    "E-1.7",
                    "location",
                    _rule(
                        ["bedrooms", "living_area_m2"],
                        "bedrooms.all(b, b.bunk_beds == 0.0) && date <= until",
                        "{size(bedrooms)} rooms, persons {bedrooms.map(b, b.persons)}; "
                        "{living_area_m2 / 3.0} m² a third; until {until}; on {date}",
                        params={"until": "2025-12-31", "flag": True},
                    ),
                ),
                _requirement(
                    "E-1.8",
                    "location",
                    _rule(
                        ["occupants"],
                        "occupants >= flag",
                        "{occupants}",
                        params={"flag": 1.0},
                    ),
                ),
                _requirement(
                    "E-1.11",
                    "location",
                    _rule(
                        ["occupants", "beds"],
                        "occupants <= beds * 4.0",
                        "{occupants / beds} per bed",
                    ),
                    severity="minor",
                ),
                _requirement(
                    "E-1.12",
                    "location",
                    _rule(
                        ["occupants", "beds"],
                        "occupants > 0.0",
                        "{int(occupants) / int(beds)} per bed, "
                        "{int(occupants) % int(beds)} left",
                    ),
                ),
                _requirement(
                    "E-1.13",
                    "location",
                    _rule(
                        [],
                        "item.area_m2 > 8.0",
                        "{item.area_m2 / item.persons} m² each",
                        each="bedrooms",
                        item_inputs=["area_m2", "persons"],
                    ),
                ),
                _requirement(
                    "E-1.14",
                    "location",
                    _rule(
                        ["occupants", "beds", "use_class"],
                        "occupants > 0.0",
                        "{int(occupants) / int(beds)} and {use_class < 1.0}",
                    ),
                ),
                _requirement(
                    "E-1.15",
                    "location",
                    _rule(
                        ["use_class"],
                        "item.persons >= 0.0",
                        "{int(item.area_m2) / int(item.persons)}; "
                        "{use_class < item.area_m2}",
                        each="bedrooms",
                        item_inputs=["area_m2", "persons"],
                    ),
                ),
                _requirement(
                    "E-1.9",
                    "location",
                    _rule(
                        [],
                        "item.area_m2 >= item.persons * 4.0",
                        "{item.persons} persons; {item.area_m2 / item.persons} m² each",
                        each="bedrooms",
                        item_inputs=["area_m2", "persons"],
                        when="existing_holiday_park",
                        optional_inputs={"existing_holiday_park": True},
                    ),
                    applies_to=["holiday_park", "other"],
                ),
            ],
        }
    ],
}

EDGE_DOCUMENTS = [
    case("edge: nothing recorded", {}),
    case(
        "edge: everything recorded",
        {
            "occupants": 3,
            "beds": 2,
            "use_class": "wonen",
            "living_area_m2": 10.0,
            "bedrooms": [bed(persons=2, area_m2=7.0), bed(persons=1, area_m2=4.0)],
            "answers": {"E-1.1": True},
        },
    ),
    case(
        "edge: zero beds, bunk beds",
        {
            "occupants": 2,
            "beds": 0,
            "living_area_m2": 1.0,
            "bedrooms": [bed(persons=0, area_m2=3.0, bunk_beds=1)],
            "use_class": "logies",
            "housing_type": "holiday_park",
        },
        date="2026-01-01",
        lang="nl",
    ),
    case(
        "edge: a room without bunk beds recorded",
        {
            "occupants": 1,
            "beds": 1,
            "living_area_m2": 12.0,
            "bedrooms": [{"area_m2": 9.0, "persons": 2}],
            "existing_holiday_park": False,
        },
        date="2024-05-31",
    ),
    case(
        "edge: not allowed housing type",
        {"housing_type": "touring_caravan", "occupants": 1, "beds": 1},
    ),
]
