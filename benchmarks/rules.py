"""The rule engine on one realistic document, against the same rules in plain Python.

``evaluate_engine`` is what submitting a location inspection computes: the
shipped SNF 2024.1 (35 requirements), compiled once, judges a
conform document of a dwelling with 8 occupants in 4 bedrooms (explanations
written when read), judging the 32 location requirements as
``norms.evaluate(..., part="location")`` does.
``evaluate_plain`` is the floor: those 32 requirements written by hand as Python
expressions (applicability, phase-in date, ``when`` conditions, per-bedroom
checks, yes/no answers), outcomes only, for a complete document. ``setup``
checks that both give the same verdict and the same outcome for every
requirement.
"""

import json
from datetime import date

from benchmarks.documents import CONFORM_4_BEDROOMS
from snf.norms import rules
from snf.norms.loader_data import load_shipped_versions

# Evaluations per second (issue 20): a quarter of the plain-Python floor of
# a quiet machine of this kind (~100,000/s).
TARGET_PER_S = 25_000
ON = date(2025, 6, 2)  # every requirement of 2024.1 in force, B-1.3 included
PASS, FAIL = rules.PASS, rules.FAIL
NOT_ANSWERED, NOT_APPLICABLE = rules.NOT_ANSWERED, rules.NOT_APPLICABLE
GENERAL_HOUSING = frozenset(
    ("regular_dwelling", "hotel_pension", "complex_units", "residential_units")
    + ("holiday_park", "other")
)
MAX_PERSONS_FROM = date(2025, 1, 1)  # B-1.3 is phased in


BENCHMARKED = ("SNF", "2024.1")  # the version the floor below is written for


def benchmarked_version() -> dict:
    """SNF 2024.1 as shipped (later versions add rules the floor does not know)."""
    return next(
        d
        for d in load_shipped_versions()
        if (d["norm"]["code"], d["version"]) == BENCHMARKED
    )


def setup() -> tuple:
    """(compiled version, document): compiled once, checked against the floor."""
    doc = benchmarked_version()
    compiled = rules.compile_version(json.loads(json.dumps(doc, default=str)))
    engine = evaluate_engine((compiled, CONFORM_4_BEDROOMS))
    plain = evaluate_plain((compiled, CONFORM_4_BEDROOMS))
    outcomes = {r.requirement: r.outcome for r in engine.results}
    if (engine.verdict, outcomes) != plain:
        raise RuntimeError(f"the floor disagrees with the engine: {plain} {outcomes}")
    return compiled, CONFORM_4_BEDROOMS


def evaluate_engine(prepared: tuple) -> rules.Evaluation:
    compiled, observations = prepared
    # As norms.evaluate(..., part="location") does for a location inspection.
    codes = compiled.part_codes("location")
    return compiled.evaluate(observations, on=ON, codes=codes)


def _flag(value) -> str:
    return NOT_ANSWERED if value is None else (PASS if value else FAIL)


def _when(condition, value) -> str:
    return _flag(value) if condition else NOT_APPLICABLE


def _burners_ok(burners: float, occupants: float) -> bool:
    if occupants <= 8:
        return burners >= 4
    return burners * 2 >= occupants if occupants <= 30 else burners >= 16


def evaluate_plain(prepared: tuple) -> tuple[str, dict[str, str]]:
    """The floor: the verdict and every requirement's outcome, by hand."""
    _compiled, o = prepared
    if o["housing_type"] not in GENERAL_HOUSING:
        return "non_conform", {}
    answers, rooms = o.get("answers", {}), o["bedrooms"]
    occupants, extinguisher = o["occupants"], o["extinguisher_present"]
    per_person = 12.0 if o["use_class"] == "wonen" else 10.0
    out = {"B-1.1": _flag(occupants <= o["beds"])}
    out["B-1.2"] = _flag(o["occupancy_matches_administration"])
    out["B-1.3"] = (
        _flag(all(r["persons"] <= 2 for r in rooms))
        if ON >= MAX_PERSONS_FROM
        else NOT_APPLICABLE
    )
    out["B-1.4"] = _flag(all(r["bunk_beds"] == 0 for r in rooms))
    out["B-2.1"] = _flag(o["living_area_m2"] >= occupants * per_person)
    out["B-2.2"] = _flag(o["all_under_one_roof"])
    out["B-2.3"] = _flag(answers.get("B-2.3"))
    out["B-2.4"] = _flag(answers.get("B-2.4"))
    out["B-2.5"] = _flag(all(r["area_m2"] >= r["persons"] * 3.5 for r in rooms))
    out["B-2.6"] = _flag(o["min_standing_height_m"] >= 2.1)
    out["B-3.1"] = _flag(o["toilets"] * 8 >= occupants)
    out["B-3.2"] = _flag(o["showers"] * 8 >= occupants)
    out["B-4.1"] = _flag(answers.get("B-4.1"))
    out["B-4.2"] = _flag(o["laundry_available"])
    out["B-4.3"] = _flag(o["drying_outside_bedroom"])
    out["B-5.1"] = _flag(_burners_ok(o["burners"], occupants))
    out["B-5.2"] = _flag(o["fridge_litres"] >= occupants * 30)
    out["B-5.3"] = _flag(all(r["mattresses_ok"] for r in rooms))
    out["B-5.4"] = _flag(all(r["wardrobes_ok"] for r in rooms))
    out["B-5.5"] = _flag(all(r["chairs_ok"] for r in rooms))
    out["B-5.6"] = _flag(o["wall_sockets"] >= occupants)
    out["B-6.1"] = _when(o["combustion_appliance_present"], o.get("co_detectors_ok"))
    out["B-7.1"] = _flag(extinguisher)
    out["B-7.2"] = _when(extinguisher, o["extinguisher_inspection_valid"])
    out["B-7.3"] = _when(extinguisher, o["extinguisher_distance_m"] <= 5)
    out["B-7.4"] = _when(extinguisher, o["extinguisher_reob_certified"])
    out["B-7.5"] = _flag(o["fire_blanket_present"])
    out["B-7.6"] = _flag(o["smoke_detectors_ok"])
    out["B-7.7"] = _when(o["fire_alarm_present"], o.get("fire_alarm_ok"))
    out["B-8.1"] = _flag(answers.get("B-8.1"))
    out["B-9.1"] = _flag(o["resident_information_ok"])
    out["B-9.2"] = _flag(o["info_card_present"])
    bad = any(v in (FAIL, NOT_ANSWERED) for v in out.values())
    return ("non_conform" if bad else "conform"), out
