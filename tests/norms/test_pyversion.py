"""Each version's function as ``pyversion.build`` writes it, against the per-rule path.

``CompiledVersion.program`` keeps the function it wrote once per version; the
tests here write it again each time, so that what they judge is what ``build``
writes now (under mutation testing the kept functions were written before the
mutant was switched on). The reference is ``rule_path.results_of``: results,
explanations included, must be equal; and a location recorded in full is
judged by the written code itself, never by the per-rule path.
"""

import datetime as dt
import json

import pytest

from snf.norms import pyrules, pyversion, rule_path, rules
from snf.norms.rules import compile_version
from tests.norms.parity_documents import DOCUMENTS, EDGE_DOCUMENTS, bed, full
from tests.norms.test_fast_rules import VERSIONS, cel_only
from tests.norms.test_properties import CONFORM
from tests.norms.test_rules import make_requirement, make_rule, make_version

SHIPPED = VERSIONS[:-1]
CASES = [json.loads(json.dumps(doc)) for doc in [*DOCUMENTS, *EDGE_DOCUMENTS]]
ON = dt.date(2025, 6, 1)


def write(version, requirements=None, explain=True, fallbacks=None):
    """A new function for ``requirements`` (all: None); the requirements it
    leaves to the per-rule path are appended to ``fallbacks``."""
    helpers = dict(rules._HELPERS)
    if fallbacks is not None:

        def run_rule(rule, state):
            fallbacks.append(rule)
            return rule_path.run_rule(rule, state)

        helpers["run_rule"] = run_rule
    judged = version.requirements if requirements is None else requirements
    return pyversion.build(version, judged, helpers, explain)


def state(version, observations, on=ON, lang="en", housing_type=None):
    return rule_path.State(version, observations, on, housing_type, lang)


def reference(version, observations, on=ON, lang="en", requirements=None):
    judged = version.requirements if requirements is None else requirements
    return rule_path.results_of(judged, state(version, observations, on, lang))


def label(version) -> str:
    return f"{version.norm['code']} {version.version}"


@pytest.mark.parametrize("version", VERSIONS, ids=label)
def test_a_written_function_gives_the_per_rule_results(version):
    judge, outcomes = write(version), write(version, explain=False)
    location = version.judged(version.part_codes("location"))
    judge_location = write(version, location)
    for case in CASES:
        on = dt.date.fromisoformat(case["date"])
        doc, lang = case["observations"], case["lang"]
        expected = reference(version, doc, on, lang)
        assert judge(state(version, doc, on, lang)) == expected, case["name"]
        found = outcomes(state(version, doc, on, lang))
        assert found == [r.outcome for r in expected], case["name"]
        expected = reference(version, doc, on, lang, location)
        assert judge_location(state(version, doc, on, lang)) == expected


@pytest.mark.parametrize("version", VERSIONS, ids=label)
def test_a_requirement_is_judged_from_its_first_day_in_force(version):
    judge = write(version)
    phased = [r for r in version.requirements if r.effective_from]
    for req in phased:
        first = req.effective_from
        for on in (first - dt.timedelta(days=1), first):
            found = {r.requirement: r for r in judge(state(version, full(), on))}
            assert list(found.values()) == reference(version, full(), on)
            result = found[req.code]
            waiting = f"Not in force on {on.isoformat()}; applies from {first}"
            assert (result.explanation == waiting) == (on < first), req.code
            assert (result.outcome == "not_applicable") or on == first
    if version in SHIPPED[-3:]:
        assert phased, "the newer versions phase requirements in"


@pytest.mark.parametrize("version", SHIPPED, ids=label)
@pytest.mark.parametrize(
    "doc",
    [
        full(),
        CONFORM,
        full(occupants=9, beds=8, bedrooms=[bed(), bed(area_m2=3.0, persons=2)]),
        full(housing_type="holiday_park", existing_holiday_park=True),
        full(answers={}, not_applicable={"B-2.3": "geen raam nodig"}),
        full(bedrooms=[], combustion_appliance_present=False),
    ],
    ids=["complies", "conform", "fails", "holiday park", "answers", "no rooms"],
)
def test_a_location_recorded_in_full_is_judged_by_the_written_code(version, doc):
    """Whole numbers (JSON ints), text, flags, params shared and per rule,
    optional inputs and bedrooms: all decided without the per-rule path."""
    fallbacks = []
    judge = write(version, fallbacks=fallbacks)
    outcomes = write(version, explain=False, fallbacks=fallbacks)
    for on in (ON, dt.date(2022, 3, 1)):
        for lang in ("en", "nl"):
            expected = reference(version, doc, on, lang)
            assert judge(state(version, doc, on, lang)) == expected
            found = outcomes(state(version, doc, on, lang))
            assert found == [r.outcome for r in expected]
    assert fallbacks == []


@pytest.mark.parametrize("toilets", [0, 2])
def test_a_condition_is_judged_by_the_written_code(toilets):
    """A ``when`` without words of its own says it does not apply."""
    rule = make_rule(when="toilets > 0.0")
    version = compile_version(make_version(make_requirement(rule=rule)))
    fallbacks = []
    judge = write(version, fallbacks=fallbacks)
    doc = {"toilets": toilets, "occupants": 17}
    found = judge(state(version, doc, lang="nl"))
    assert found == reference(version, doc, lang="nl")
    expected = ("not_applicable", "Niet van toepassing op deze locatie")
    if toilets:
        expected = ("fail", "17 bewoners en 2 toilet(ten)")
    assert (found[0].outcome, found[0].explanation) == expected
    assert write(version, explain=False)(state(version, doc)) == [expected[0]]
    assert fallbacks == []


def test_a_failing_bedroom_is_named_by_the_written_code():
    fallbacks = []
    version = SHIPPED[-1]
    doc = full(bedrooms=[bed(), bed(area_m2=3.0, persons=2)])
    found = {
        r.requirement: r
        for r in write(version, fallbacks=fallbacks)(state(version, doc))
    }
    assert found["B-2.5"].outcome == "fail"
    assert found["B-2.5"].explanation.startswith("bedroom 2: 2 person(s) in 3.0 m²")
    assert fallbacks == []


@pytest.mark.parametrize("version", VERSIONS, ids=label)
def test_rules_without_a_python_translation_go_to_the_per_rule_path(version):
    """Every rule of the version with its translations taken out is left to
    the per-rule path (and counted); the results are those of the path."""
    slow = cel_only(version)
    rules_count = sum(1 for r in slow.requirements if r.rule)
    fallbacks = []
    judge = write(slow, fallbacks=fallbacks)
    assert judge.per_rule == rules_count > 0
    for case in CASES[:5]:
        doc, lang = case["observations"], case["lang"]
        assert judge(state(slow, doc, ON, lang)) == reference(slow, doc, ON, lang)
    assert fallbacks


@pytest.mark.parametrize("version", SHIPPED, ids=label)
def test_every_shipped_rule_is_written_into_a_fresh_function(version):
    assert write(version).per_rule == 0
    assert write(version, version.requirements[:1]).per_rule == 0


def test_the_inspection_date_and_what_it_is_compared_with_are_text():
    """``date`` is ISO text in every activation: a param compared with it is
    text too, so the written code judges such a rule without falling back."""
    _trees, typed = pyrules.plan(["date <= until && x > 1.0"], False)
    assert typed == {"date": pyrules.STR, "until": pyrules.STR, "x": pyrules.FLOAT}


def test_a_room_without_an_input_the_rule_does_not_read_is_named():
    """An item input the expressions do not read is still required."""
    rule = make_rule(
        inputs=[],
        params={},
        check="item.area_m2 > 8.0",
        each="bedrooms",
        item_inputs=["area_m2", "persons"],
        explain={"en": "{item.area_m2} m²", "nl": "{item.area_m2} m²"},
    )
    version = compile_version(make_version(make_requirement(rule=rule)))
    fallbacks = []
    judge = write(version, fallbacks=fallbacks)
    rooms = [{"area_m2": 9.0, "persons": 1}, {"area_m2": 7.0, "persons": 2}]
    found = judge(state(version, {"bedrooms": rooms}))
    assert found == reference(version, {"bedrooms": rooms})
    assert (found[0].outcome, found[0].explanation) == ("fail", "bedroom 2: 7.0 m²")
    assert fallbacks == []
    rooms[1] = {"area_m2": 7.0}
    found = judge(state(version, {"bedrooms": rooms}))
    assert (found[0].outcome, found[0].explanation) == (
        "not_answered",
        "bedroom 2: Not recorded: number of persons",
    )


@pytest.mark.parametrize(
    "explain",
    [
        "{occupants * 1.0e308} for {beds}",  # the first placeholder
        "{beds} for {occupants * 1.0e308}",  # the last one
        "{use_class}: {occupants > 1.0 ? occupants * 1.0e308 : 0.0}",  # a choice
        "{use_class}, {occupants > beds}, {-(occupants * 1.0e308)}",
        "{beds + occupants * 1.0e308}",  # a sum
    ],
)
def test_a_placeholder_too_large_to_show_is_not_answered(explain):
    """A value that overflows to infinity cannot be shown: not answered,
    as on the per-rule path, and decided by the written code itself."""
    rule = make_rule(
        inputs=["occupants", "beds", "use_class"],
        params={},
        check="occupants >= beds",
        explain={"en": explain, "nl": explain},
    )
    version = compile_version(make_version(make_requirement(rule=rule)))
    fallbacks = []
    judge = write(version, fallbacks=fallbacks)
    for occupants, expected in ((10, "not_answered"), (1, "fail")):
        doc = {"occupants": occupants, "beds": 2, "use_class": "wonen"}
        found = judge(state(version, doc))
        assert found == reference(version, doc)
        assert found[0].outcome == expected
    assert found[0].explanation != "Could not be evaluated: division by zero"
    assert judge(state(version, {**doc, "occupants": 10}))[0].explanation == (
        "Could not be evaluated: division by zero"
    )
    assert fallbacks == []


def _version(*rules_by_code):
    return compile_version(
        make_version(*(make_requirement(code, rule=r) for code, r in rules_by_code))
    )


def assert_decided_alike(version, docs, housing_types=(None,), fallbacks_allowed=0):
    fallbacks = []
    judge = write(version, fallbacks=fallbacks)
    for doc in docs:
        for housing_type in housing_types:
            for lang in ("en", "nl"):
                found = judge(state(version, doc, ON, lang, housing_type))
                expected = rule_path.results_of(
                    version.requirements, state(version, doc, ON, lang, housing_type)
                )
                assert found == expected, (doc, housing_type)
    assert len(fallbacks) == fallbacks_allowed
    return judge


def test_the_housing_type_a_rule_reads_is_the_one_judged():
    """Given as an argument or recorded, as an input or an optional input:
    the written code reads the housing type the per-rule path reads."""
    read = make_rule(
        inputs=["housing_type", "occupants"],
        params={},
        check="housing_type == 'holiday_park' || occupants <= 4.0",
        explain={"en": "{occupants} in a {housing_type}", "nl": "{occupants}"},
    )
    unread = make_rule(inputs=["toilets", "occupants", "housing_type"])
    optional = make_rule(
        inputs=["occupants"],
        params={},
        optional_inputs={"housing_type": ""},
        check="housing_type == 'holiday_park' || occupants <= 4.0",
        explain={"en": "{occupants}", "nl": "{occupants}"},
    )
    version = _version(("T-1.1", read), ("T-1.2", unread), ("T-1.3", optional))
    docs = [
        {"occupants": 6, "toilets": 1},
        {"occupants": 6, "toilets": 1, "housing_type": "regular_dwelling"},
    ]
    judge = assert_decided_alike(version, docs, ("holiday_park", "regular_dwelling"))
    found = judge(state(version, docs[1], housing_type="holiday_park"))
    assert [r.outcome for r in found] == ["pass", "pass", "pass"]
    assert found[0].explanation == "6 in a holiday_park"


def test_an_input_recorded_in_a_form_the_rules_cannot_hold_is_not_recorded():
    """Text with a lone surrogate is not recorded, read or not by the rule."""
    rule = make_rule(inputs=["toilets", "occupants", "use_class"])
    reads = make_rule(
        inputs=["use_class"],
        params={},
        check="use_class == 'wonen'",
        explain={"en": "{use_class}", "nl": "{use_class}"},
    )
    version = _version(("T-1.1", rule), ("T-1.2", reads))
    doc = {"toilets": 1, "occupants": 3, "use_class": "\ud800"}
    judge = assert_decided_alike(version, [doc], fallbacks_allowed=4)
    found = judge(state(version, doc))
    assert [(r.outcome, r.explanation) for r in found] == [
        ("not_answered", "Not recorded: use class"),
        ("not_answered", "Not recorded: use class"),
    ]
    assert_decided_alike(version, [{**doc, "use_class": "logies"}])


def test_values_only_shown_are_shown_as_recorded():
    """A name only an explanation reads may hold a number, a flag or text,
    and a placeholder may choose between texts."""
    rule = make_rule(
        inputs=["toilets", "occupants"],
        optional_inputs={"laundry_available": False, "living_area_m2": 0.0},
        params={"occupants_per_toilet": 8.0},
        explain={
            "en": "{laundry_available}, {living_area_m2} m², {occupants}, "
            "{occupants > 4.0 ? 'many' : 'few'}",
            "nl": "{laundry_available}, {living_area_m2} m²",
        },
    )
    version = _version(("T-1.1", rule))
    docs = [
        {"toilets": 1, "occupants": 3, "laundry_available": True},
        {"toilets": 1, "occupants": 9, "living_area_m2": 40.5},
        {"toilets": 1, "occupants": 9, "living_area_m2": 40},
    ]
    judge = assert_decided_alike(version, docs)
    assert judge(state(version, docs[1]))[0].explanation == "no, 40.5 m², 9, many"


def test_params_bound_per_rule_are_judged_by_the_written_code():
    def toilets(per_toilet: float) -> dict:
        return make_rule(params={"occupants_per_toilet": per_toilet})

    version = _version(("T-1.1", toilets(8.0)), ("T-1.2", toilets(4.0)))
    judge = assert_decided_alike(version, [{"toilets": 1, "occupants": 6}])
    found = judge(state(version, {"toilets": 1, "occupants": 6}))
    assert [r.outcome for r in found] == ["pass", "fail"]
