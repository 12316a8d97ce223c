"""Properties of evaluation over generated observation documents (Hypothesis)."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snf.inspections.demo import BEDROOM as DEMO_BEDROOM
from snf.norms.loader_data import load_shipped_versions
from snf.norms.observations import (
    BEDROOM_VOCABULARY,
    HOUSING_TYPES,
    VOCABULARY,
    validate_observations,
)
from snf.norms.rules import OUTCOMES, compile_version

VERSIONS = [compile_version(doc) for doc in load_shipped_versions()]
# No example database: the suite must not write files into the repository.
FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
codes = st.sampled_from(["A-1.1", "B-2.3", "B-3.1", "B-6.1"]) | st.text(max_size=5)
garbage_bedroom = st.dictionaries(
    st.sampled_from(sorted(BEDROOM_VOCABULARY)) | st.text(max_size=6),
    json_values,
    max_size=6,
)
raw_documents = st.fixed_dictionaries(
    {},
    optional={
        "bedrooms": st.lists(garbage_bedroom | json_values, max_size=4) | json_values,
        "answers": st.dictionaries(codes, json_values, max_size=4) | json_values,
        "not_applicable": st.dictionaries(codes, json_values, max_size=4),
        "notes": st.dictionaries(codes, json_values, max_size=4),
    },
).flatmap(
    lambda fixed: st.dictionaries(
        st.sampled_from(sorted(VOCABULARY)) | st.text(max_size=8),
        json_values,
        max_size=12,
    ).map(lambda extra: {**extra, **fixed})
)
dates = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31))
housing_arguments = st.none() | st.sampled_from(HOUSING_TYPES) | st.text(max_size=6)


def assert_well_formed(version, evaluation) -> None:
    assert len(evaluation.results) == len(version.requirements)
    assert all(result.outcome in OUTCOMES for result in evaluation.results)
    assert all(isinstance(result.explanation, str) for result in evaluation.results)
    open_items = any(r.outcome in ("fail", "not_answered") for r in evaluation.results)
    if open_items:
        assert evaluation.verdict == "non_conform"
    else:
        assert evaluation.verdict == ("non_conform" if evaluation.notes else "conform")


@FAST
@given(
    doc=raw_documents,
    on=dates,
    housing_type=housing_arguments,
    lang=st.sampled_from(["en", "nl", "fr"]),
)
def test_evaluation_never_raises_on_raw_garbage(doc, on, housing_type, lang):
    for version in VERSIONS:
        evaluation = version.evaluate(doc, on, housing_type=housing_type, lang=lang)
        assert_well_formed(version, evaluation)


@FAST
@given(doc=raw_documents, on=dates)
def test_what_validation_accepts_evaluates_and_validates_again(doc, on):
    clean, _errors = validate_observations(doc)
    assert validate_observations(clean) == (clean, {})
    for version in VERSIONS:
        assert_well_formed(version, version.evaluate(clean, on))


def test_text_the_cel_bindings_cannot_hold_is_treated_as_missing():
    doc = {"use_class": "\ud800", "occupants": 3, "living_area_m2": 40.0}
    for version in VERSIONS:
        evaluation = version.evaluate(doc, dt.date(2025, 1, 1))
        assert_well_formed(version, evaluation)


# -- adding a failing observation never helps ------------------------------------

BEDROOM = {**DEMO_BEDROOM, "area_m2": 8.0}
CONFORM = {
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "housing_season": "year_round",
    "building_origin": "existing",
    "occupants": 4,
    "beds": 4,
    "living_area_m2": 70.0,
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
    "extinguisher_distance_m": 3.0,
    "fire_blanket_present": True,
    "smoke_detectors_ok": True,
    "combustion_appliance_present": True,
    "co_detectors_ok": True,
    "fire_alarm_present": True,
    "fire_alarm_ok": True,
    "info_card_present": True,
    "resident_information_ok": True,
    "occupancy_matches_administration": True,
    "bedrooms": [dict(BEDROOM), dict(BEDROOM)],
    "answers": dict.fromkeys(
        ("A-1.1", "A-2.1", "A-3.1", "B-2.3", "B-2.4", "B-4.1", "B-8.1"), True
    ),
}
OK_FLAGS = [
    key
    for key, field in VOCABULARY.items()
    if field.kind == "boolean"
    and key
    not in (
        "existing_holiday_park",
        "combustion_appliance_present",
        "fire_alarm_present",
    )
]
LOWER_IS_WORSE = [
    "beds",
    "living_area_m2",
    "min_standing_height_m",
    "toilets",
    "showers",
    "burners",
    "fridge_litres",
    "wall_sockets",
]
HIGHER_IS_WORSE = ["occupants", "extinguisher_distance_m"]


def valid_value(field, low=None, high=None):
    if field.kind == "boolean":
        return st.booleans()
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "date":
        days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
        return days.map(dt.date.isoformat)
    low = field.min if low is None else low
    high = field.max if high is None else high
    if field.kind == "integer":
        return st.integers(int(low), int(high))
    return st.floats(low, high)


def valid_bedroom():
    return st.fixed_dictionaries(
        {},
        optional={key: valid_value(f) for key, f in BEDROOM_VOCABULARY.items()},
    ).map(lambda room: {**BEDROOM, **room})


@st.composite
def valid_documents(draw):
    doc = {k: v for k, v in CONFORM.items() if k != "bedrooms"}
    keys = sorted(k for k in VOCABULARY if k != "bedrooms")
    changed = draw(st.lists(st.sampled_from(keys), max_size=4, unique=True))
    for key in changed:
        doc[key] = draw(st.none() | valid_value(VOCABULARY[key]))
    doc["bedrooms"] = draw(st.lists(valid_bedroom(), min_size=1, max_size=3))
    return {k: v for k, v in doc.items() if v is not None}


@st.composite
def worsened(draw, doc):
    """The document with one observation changed for the worse."""
    doc = {**doc, "bedrooms": [dict(room) for room in doc["bedrooms"]]}
    kind = draw(st.sampled_from(["flag", "lower", "higher", "bedroom", "answer"]))
    if kind == "flag":
        doc[draw(st.sampled_from(OK_FLAGS))] = False
    elif kind == "lower":
        key = draw(st.sampled_from(LOWER_IS_WORSE))
        current = doc.get(key, VOCABULARY[key].min)  # absent: only 0 fails by itself
        doc[key] = draw(valid_value(VOCABULARY[key], high=current))
    elif kind == "higher":
        key = draw(st.sampled_from(HIGHER_IS_WORSE))
        if key in doc:  # a new value here could be a good one: nothing to add
            doc[key] = draw(valid_value(VOCABULARY[key], low=doc[key]))
    elif kind == "bedroom":
        room = doc["bedrooms"][draw(st.integers(0, len(doc["bedrooms"]) - 1))]
        change = draw(st.sampled_from(["area_m2", "persons", "bunk_beds", "flag"]))
        field = BEDROOM_VOCABULARY.get(change)
        if change == "area_m2":
            room[change] = draw(valid_value(field, high=room[change]))
        elif change == "flag":
            flag = draw(st.sampled_from(["mattresses_ok", "wardrobes_ok", "chairs_ok"]))
            room[flag] = False
        else:
            room[change] = draw(valid_value(field, low=room[change]))
    else:
        answers = dict(doc.get("answers", {}))
        answers[draw(st.sampled_from(sorted(CONFORM["answers"])))] = False
        doc["answers"] = answers
    return doc


def test_conform_document_is_conform_under_every_shipped_version():
    for version in VERSIONS:
        on = max(version.effective_from, dt.date(2025, 1, 1))
        evaluation = version.evaluate(CONFORM, on)
        assert evaluation.verdict == "conform", [
            r for r in evaluation.results if r.outcome in ("fail", "not_answered")
        ]


@FAST
@given(data=st.data(), on=dates)
def test_a_failing_observation_never_turns_non_conform_into_conform(data, on):
    doc = data.draw(valid_documents())
    assert validate_observations(doc)[1] == {}
    worse = data.draw(worsened(doc))
    assert validate_observations(worse)[1] == {}
    for version in VERSIONS:
        before = version.evaluate(doc, on)
        after = version.evaluate(worse, on)
        if before.verdict == "non_conform":
            assert after.verdict == "non_conform"
