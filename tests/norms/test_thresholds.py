"""The shipped versions: every numeric threshold, the phase-ins, stable codes.

Every numeric requirement of every shipped version is tested just on each side
of its threshold.
The cases are written by hand from DOMAIN.md §2.1 and §6, not derived from the
params, so a changed threshold in the data shows up here. A numeric requirement
(one whose rule reads a number observation) without a case fails the suite.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from snf.norms.loader_data import load_shipped_versions
from snf.norms.observations import LIST_FIELDS, VOCABULARY
from snf.norms.rules import compile_version

SHIPPED = {f"{d['norm']['code']} {d['version']}": d for d in load_shipped_versions()}
VERSIONS = {label: compile_version(doc) for label, doc in SHIPPED.items()}


def bed(**overrides) -> dict:
    room = {
        "area_m2": 10.0,
        "persons": 2,
        "bunk_beds": 0,
        "mattresses_ok": True,
        "wardrobes_ok": True,
        "chairs_ok": True,
    }
    return {**room, **overrides}


def has_param(name):
    return lambda req: name in req.rule.params


@dataclass
class Case:
    passes: dict
    fails: dict
    on: dt.date | None = None
    only: object = None  # a predicate on the compiled requirement
    housing_type: str = "regular_dwelling"
    common: dict = field(default_factory=dict)


def per_eight(key: str) -> list[Case]:
    return [
        Case({key: 1, "occupants": 8}, {key: 1, "occupants": 9}),
        Case({key: 2, "occupants": 16}, {key: 2, "occupants": 17}),
        Case({key: 2, "occupants": 16}, {key: 1, "occupants": 16}),
    ]


def burners(occupants: int, needed: int) -> Case:
    return Case(
        {"occupants": occupants, "burners": needed},
        {"occupants": occupants, "burners": needed - 1},
    )


HOLIDAY_PARK = {"existing_holiday_park": True}
YEAR_ROUND = {"housing_season": "year_round"}

BOUNDARIES: dict[str, list[Case]] = {
    "B-1.1": [Case({"occupants": 8, "beds": 8}, {"occupants": 9, "beds": 8})],
    "B-1.3": [
        Case(
            {"bedrooms": [bed(persons=2), bed(persons=1)]},
            {"bedrooms": [bed(persons=2), bed(persons=3)]},
            on=dt.date(2025, 1, 1),
            common=YEAR_ROUND,
        )
    ],
    "B-1.4": [Case({"bedrooms": [bed(bunk_beds=0)]}, {"bedrooms": [bed(bunk_beds=1)]})],
    # SNF 2025.2: one person per bedroom unless the residents agreed in writing.
    "B-1.5": [
        Case(
            {"bedrooms": [bed(persons=1, sharing_consent=False)]},
            {"bedrooms": [bed(persons=2, sharing_consent=False)]},
        ),
        Case(
            {"bedrooms": [bed(persons=2, sharing_consent=True)]},
            {"bedrooms": [bed(persons=2, sharing_consent=False)]},
        ),
    ],
    "B-2.1": [
        Case(
            {"occupants": 3, "living_area_m2": 36.0},
            {"occupants": 3, "living_area_m2": 35.9},
            common={"use_class": "wonen"},
        ),
        Case(
            {"occupants": 3, "living_area_m2": 30.0},
            {"occupants": 3, "living_area_m2": 29.9},
            common={"use_class": "logies"},
        ),
    ],
    "B-2.5": [
        Case(
            {"bedrooms": [bed(persons=2, area_m2=7.0)]},
            {"bedrooms": [bed(persons=2, area_m2=6.9)]},
        ),
        Case(
            {"bedrooms": [bed(persons=1, area_m2=3.5)]},
            {"bedrooms": [bed(persons=1, area_m2=3.4)]},
        ),
        # The holiday-park exception: 2.7 m² per person, at most 2 persons.
        Case(
            {"bedrooms": [bed(persons=2, area_m2=5.4)]},
            {"bedrooms": [bed(persons=2, area_m2=5.3)]},
            on=dt.date(2023, 12, 31),
            only=has_param("holiday_park_exception_until"),
            housing_type="holiday_park",
            common=HOLIDAY_PARK,
        ),
        Case(
            {"bedrooms": [bed(persons=3, area_m2=10.5)]},
            {"bedrooms": [bed(persons=3, area_m2=10.4)]},
            on=dt.date(2023, 12, 31),
            housing_type="holiday_park",
            common=HOLIDAY_PARK,
        ),
    ],
    "B-2.6": [
        Case({"min_standing_height_m": 2.1}, {"min_standing_height_m": 2.09}),
    ],
    "B-2.7": [
        # AGRI 2024.1: year-round housing, 13 m² and 15 m² from 2026-01-01.
        Case(
            {"occupants": 3, "living_area_m2": 39.0},
            {"occupants": 3, "living_area_m2": 38.9},
            on=dt.date(2025, 12, 31),
            only=has_param("year_round_living_space_m2"),
            common=YEAR_ROUND,
        ),
        Case(
            {"occupants": 3, "living_area_m2": 45.0},
            {"occupants": 3, "living_area_m2": 44.9},
            on=dt.date(2026, 1, 1),
            only=has_param("year_round_living_space_m2"),
            common=YEAR_ROUND,
        ),
        # SNF 2025.2: 15 m² in new and converted buildings from 2025-07-01.
        Case(
            {"occupants": 3, "living_area_m2": 45.0},
            {"occupants": 3, "living_area_m2": 44.9},
            only=has_param("new_build_living_space_m2"),
            common={"building_origin": "converted", "taken_into_use_on": "2025-07-01"},
        ),
        Case(
            {"occupants": 8, "living_area_m2": 120.0},
            {"occupants": 9, "living_area_m2": 120.0},
            only=has_param("new_build_living_space_m2"),
            common={"building_origin": "new_build", "taken_into_use_on": "2026-03-01"},
        ),
    ],
    "B-3.1": per_eight("toilets"),
    "B-3.2": per_eight("showers"),
    "B-5.1": [
        burners(1, 4),
        burners(8, 4),
        burners(9, 5),
        burners(10, 5),
        burners(30, 15),
        burners(31, 16),
        burners(200, 16),
        Case({"occupants": 8, "burners": 4}, {"occupants": 9, "burners": 4}),
    ],
    "B-5.2": [
        Case(
            {"occupants": 8, "fridge_litres": 240.0},
            {"occupants": 8, "fridge_litres": 239.9},
        )
    ],
    "B-5.6": [
        Case({"occupants": 8, "wall_sockets": 8}, {"occupants": 8, "wall_sockets": 7})
    ],
    "B-7.3": [
        Case(
            {"extinguisher_distance_m": 5.0},
            {"extinguisher_distance_m": 5.1},
            common={"extinguisher_present": True},
        )
    ],
}


def is_numeric(req) -> bool:
    rule = req.rule
    if rule is None:
        return False
    fields = [VOCABULARY[name] for name in rule.inputs]
    if rule.each:
        fields += [LIST_FIELDS[rule.each][name] for name in rule.item_inputs]
    return any(f.kind in ("number", "integer") for f in fields)


NUMERIC = [
    pytest.param(label, req.code, id=f"{label} {req.code}")
    for label, version in VERSIONS.items()
    for req in version.requirements
    if is_numeric(req)
]


def outcome(version, code, observations, on, housing_type):
    evaluation = version.evaluate(observations, on, housing_type=housing_type)
    return {r.requirement: r for r in evaluation.results}[code]


def first_day(version, req) -> dt.date:
    return max(version.effective_from, req.effective_from or dt.date.min)


def test_every_shipped_version_has_numeric_requirements():
    assert {label for label, *_ in (p.values for p in NUMERIC)} == set(VERSIONS)


@pytest.mark.parametrize(("label", "code"), NUMERIC)
def test_numeric_requirement_passes_at_and_fails_just_past_its_threshold(label, code):
    version = VERSIONS[label]
    req = version.requirement(code)
    assert code in BOUNDARIES, f"numeric requirement {code} has no boundary case"
    cases = [c for c in BOUNDARIES[code] if c.only is None or c.only(req)]
    assert cases
    for case in cases:
        on = max(case.on or dt.date.min, first_day(version, req))
        for observations, expected in ((case.passes, "pass"), (case.fails, "fail")):
            doc = {**case.common, **observations}
            result = outcome(version, code, doc, on, case.housing_type)
            assert result.outcome == expected, (doc, on, result.explanation)


def test_information_card_is_phased_in_on_2021_09_01():
    version = VERSIONS["SNF 2021.1"]
    doc = {"info_card_present": False}
    before = outcome(version, "B-9.2", doc, dt.date(2021, 8, 31), None)
    after = outcome(version, "B-9.2", doc, dt.date(2021, 9, 1), None)
    assert before.outcome == "not_applicable"
    assert "2021-09-01" in before.explanation
    assert after.outcome == "fail"


def test_two_persons_per_bedroom_is_phased_in_on_2025_01_01():
    version = VERSIONS["SNF 2024.1"]
    doc = {"bedrooms": [bed(persons=3, area_m2=12.0)]}
    assert outcome(version, "B-1.3", doc, dt.date(2024, 12, 31), None).outcome == (
        "not_applicable"
    )
    assert outcome(version, "B-1.3", doc, dt.date(2025, 1, 1), None).outcome == "fail"


@pytest.mark.parametrize("label", ["SNF 2017.1", "SNF 2021.1", "AGRI 2023.1"])
def test_holiday_park_exception_holds_until_2023_12_31_and_is_gone_after(label):
    version = VERSIONS[label]
    doc = {**HOLIDAY_PARK, "bedrooms": [bed(persons=2, area_m2=6.0)]}
    last_day = outcome(version, "B-2.5", doc, dt.date(2023, 12, 31), "holiday_park")
    next_day = outcome(version, "B-2.5", doc, dt.date(2024, 1, 1), "holiday_park")
    assert last_day.outcome == "pass"
    assert next_day.outcome == "fail"
    assert "7.0 m² required" in next_day.explanation


def test_holiday_park_exception_needs_existing_holiday_park_housing():
    version = VERSIONS["SNF 2021.1"]
    doc = {"bedrooms": [bed(persons=2, area_m2=6.0)]}
    on = dt.date(2022, 1, 1)
    assert outcome(version, "B-2.5", doc, on, "holiday_park").outcome == "fail"
    assert outcome(version, "B-2.5", doc, on, "regular_dwelling").outcome == "fail"
    doc = {**doc, **HOLIDAY_PARK}
    assert outcome(version, "B-2.5", doc, on, "regular_dwelling").outcome == "fail"
    assert outcome(version, "B-2.5", doc, on, "holiday_park").outcome == "pass"


def test_holiday_park_exception_is_gone_in_2024_1():
    version = VERSIONS["SNF 2024.1"]
    doc = {**HOLIDAY_PARK, "bedrooms": [bed(persons=2, area_m2=6.0)]}
    result = outcome(version, "B-2.5", doc, dt.date(2024, 1, 1), "holiday_park")
    assert result.outcome == "fail"


def test_agricultural_year_round_living_space_rises_to_15_m2_on_2026_01_01():
    version = VERSIONS["AGRI 2024.1"]
    doc = {**YEAR_ROUND, "occupants": 2, "living_area_m2": 28.0}
    before = outcome(version, "B-2.7", doc, dt.date(2025, 12, 31), None)
    after = outcome(version, "B-2.7", doc, dt.date(2026, 1, 1), None)
    assert before.outcome == "pass"
    assert after.outcome == "fail"
    assert after.explanation.endswith("at least 15.0 m² required")


def test_agricultural_year_round_rules_do_not_apply_to_seasonal_housing():
    version = VERSIONS["AGRI 2024.1"]
    doc = {
        "housing_season": "seasonal",
        "use_class": "wonen",
        "occupants": 2,
        "living_area_m2": 24.0,
        "bedrooms": [bed(persons=4, area_m2=14.0)],
    }
    on = dt.date(2026, 1, 1)
    assert outcome(version, "B-2.7", doc, on, None).outcome == "not_applicable"
    assert outcome(version, "B-1.3", doc, on, None).outcome == "not_applicable"
    assert outcome(version, "B-2.1", doc, on, None).outcome == "pass"


def test_requirement_codes_are_stable_across_versions():
    def codes(label):
        return {
            req["code"]: section["code"]
            for section in SHIPPED[label]["sections"]
            for req in section["requirements"]
        }

    order = ["SNF 2014.1", "SNF 2017.1", "SNF 2021.1", "SNF 2024.1", "SNF 2025.2"]
    for older, newer in zip(order, order[1:], strict=False):
        old, new = codes(older), codes(newer)
        assert old.items() <= new.items(), (older, newer)
    assert codes("AGRI 2023.1").items() <= codes("AGRI 2024.1").items()


def test_shipped_versions_and_their_settings():
    assert sorted(SHIPPED) == [
        "AGRI 2023.1",
        "AGRI 2024.1",
        "SNF 2014.1",
        "SNF 2017.1",
        "SNF 2021.1",
        "SNF 2024.1",
        "SNF 2025.2",
    ]
    assert SHIPPED["AGRI 2024.1"]["effective_from"] == dt.date(2024, 8, 15)
    assert SHIPPED["SNF 2025.2"]["effective_from"] == dt.date(2025, 7, 1)
    assert SHIPPED["SNF 2025.2"]["settings"]["major_finding_days"] == 30
    assert SHIPPED["AGRI 2023.1"]["settings"]["major_finding_days"] == 28
    assert SHIPPED["SNF 2024.1"]["settings"]["major_finding_days"] == 30


def test_results_follow_the_checklist_order():
    evaluation = VERSIONS["SNF 2021.1"].evaluate({}, dt.date(2022, 3, 1))
    codes = [
        req["code"]
        for section in SHIPPED["SNF 2021.1"]["sections"]
        for req in section["requirements"]
    ]
    assert [r.requirement for r in evaluation.results] == codes
    assert evaluation.results[0].section == "A-1"


# -- SNF 2025.2 (DOMAIN.md §2.1, rows dated 2025-07-01, our reading) -------------


def test_15_m2_holds_for_buildings_taken_into_use_from_2025_07_01_only():
    version = VERSIONS["SNF 2025.2"]
    on = dt.date(2025, 9, 1)
    doc = {"building_origin": "new_build", "occupants": 4, "living_area_m2": 50.0}
    before = outcome(
        version, "B-2.7", {**doc, "taken_into_use_on": "2025-06-30"}, on, None
    )
    from_day = outcome(
        version, "B-2.7", {**doc, "taken_into_use_on": "2025-07-01"}, on, None
    )
    assert before.outcome == "pass"
    assert from_day.outcome == "fail"
    assert from_day.explanation == (
        "taken into use as housing on 2025-07-01; from 2025-07-01 at least 15.0 m² "
        "per person: 4 occupants in 50.0 m² is 12.5 m² per person"
    )
    # 12.5 m² per person is enough under B-2.1 for the same dwelling.
    assert outcome(
        version, "B-2.1", {**doc, "use_class": "wonen"}, on, None
    ).outcome == ("pass")


def test_15_m2_does_not_apply_to_existing_housing_and_needs_the_date_otherwise():
    version = VERSIONS["SNF 2025.2"]
    on = dt.date(2025, 9, 1)
    doc = {"occupants": 4, "living_area_m2": 48.0}
    existing = outcome(
        version, "B-2.7", {**doc, "building_origin": "existing"}, on, None
    )
    assert existing.outcome == "not_applicable"
    assert existing.explanation == "Applies only to newly built and converted buildings"
    undated = outcome(
        version, "B-2.7", {**doc, "building_origin": "converted"}, on, None
    )
    assert undated.outcome == "not_answered"
    assert undated.explanation == "Not recorded: taken into use as housing on"
    unknown = outcome(version, "B-2.7", doc, on, None)
    assert unknown.explanation == "Not recorded: newly built or converted"


def test_15_m2_explanation_names_the_numbers_in_dutch():
    version = VERSIONS["SNF 2025.2"]
    doc = {
        "building_origin": "converted",
        "taken_into_use_on": "2025-10-01",
        "occupants": 46,
        "living_area_m2": 600.0,
    }
    result = version.evaluate(doc, dt.date(2026, 1, 5), lang="nl").results
    [b27] = [r for r in result if r.requirement == "B-2.7"]
    assert b27.outcome == "fail"
    assert b27.explanation == (
        "in gebruik als huisvesting sinds 2025-10-01; vanaf 2025-07-01 minimaal "
        "15,0 m² per persoon: 46 bewoners op 600,0 m² is 13,04 m² per persoon"
    )


def test_sharing_a_bedroom_needs_written_consent_and_stays_at_most_two():
    version = VERSIONS["SNF 2025.2"]
    on = dt.date(2025, 7, 1)
    alone = {"bedrooms": [bed(persons=1, sharing_consent=False)]}
    agreed = {"bedrooms": [bed(persons=2, sharing_consent=True)]}
    refused = {
        "bedrooms": [
            bed(persons=1, sharing_consent=False),
            bed(persons=2, sharing_consent=False),
        ]
    }
    three = {"bedrooms": [bed(persons=3, area_m2=12.0, sharing_consent=True)]}
    assert outcome(version, "B-1.5", alone, on, None).outcome == "pass"
    assert outcome(version, "B-1.5", agreed, on, None).outcome == "pass"
    failed = outcome(version, "B-1.5", refused, on, None)
    assert failed.outcome == "fail"
    assert failed.explanation == (
        "bedroom 2: 2 persons without written consent to share; at most 1 person "
        "without consent"
    )
    assert outcome(version, "B-1.5", three, on, None).outcome == "pass"
    assert outcome(version, "B-1.3", three, on, None).outcome == "fail"
    unrecorded = outcome(version, "B-1.5", {"bedrooms": [bed()]}, on, None)
    assert unrecorded.outcome == "not_answered"
    assert unrecorded.explanation == "bedroom 1: Not recorded: written consent to share"


def test_the_rules_of_1_july_2025_are_not_in_2024_1():
    codes = {req.code for req in VERSIONS["SNF 2024.1"].requirements}
    assert not {"B-1.5", "B-2.7"} & codes
    new = {req.code: req for req in VERSIONS["SNF 2025.2"].requirements}
    assert {new["B-1.5"].severity, new["B-2.7"].severity} == {"major"}
