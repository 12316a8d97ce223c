"""The rule engine: explanations, outcomes, verdicts, rule and observation checks."""

import datetime as dt
import json

import pytest

from snf.norms.loader_data import (
    check_rule_source,
    load_shipped_versions,
    parse_version_document,
)
from snf.norms.observation_values import format_value
from snf.norms.observations import (
    GENERAL_HOUSING_TYPES,
    validate_observations,
)
from snf.norms.rules import RuleError, compile_version

SHIPPED = {f"{d['norm']['code']} {d['version']}": d for d in load_shipped_versions()}
VERSIONS = {label: compile_version(doc) for label, doc in SHIPPED.items()}
SNF_2021 = VERSIONS["SNF 2021.1"]
ON = dt.date(2022, 3, 1)


def make_rule(**overrides) -> dict:
    rule = {
        "inputs": ["toilets", "occupants"],
        "params": {"occupants_per_toilet": 8.0},
        "check": "toilets * occupants_per_toilet >= occupants",
        "explain": {
            "en": "{occupants} occupants and {toilets} toilet(s)",
            "nl": "{occupants} bewoners en {toilets} toilet(ten)",
        },
    }
    return {**rule, **overrides}


def make_requirement(code="T-1.1", rule=None, **overrides) -> dict:
    requirement = {
        "code": code,
        "title": {"nl": "Toetsvoorschrift", "en": "Test requirement"},
        "guidance": {"nl": "", "en": ""},
        "severity": "major",
        "part": "location",
        "applies_to": list(GENERAL_HOUSING_TYPES),
        "rule": rule,
    }
    return {**requirement, **overrides}


def make_version(*requirements) -> dict:
    return {
        "norm": {"code": "TEST", "name": "Test norm", "sector": "general"},
        "version": "2099.1",
        "effective_from": "2020-01-01",
        "settings": {
            "major_finding_days": 30,
            "suspension_days": 30,
            "minor_becomes_major": True,
        },
        "sections": [
            {
                "code": "T-1",
                "title": {"nl": "Toets", "en": "Test"},
                "requirements": list(requirements)
                or [make_requirement(rule=make_rule())],
            }
        ],
    }


def shipped_requirement(label: str, code: str) -> dict:
    for section in SHIPPED[label]["sections"]:
        for requirement in section["requirements"]:
            if requirement["code"] == code:
                return requirement
    raise KeyError(code)


def result(version, code, observations, lang="en", on=ON, housing_type=None):
    evaluation = version.evaluate(
        observations, on, housing_type=housing_type, lang=lang
    )
    return {r.requirement: r for r in evaluation.results}[code]


LIVING = {"use_class": "wonen", "occupants": 3, "living_area_m2": 33.0}


# -- explanations ----------------------------------------------------------------


def test_living_space_explanation_in_english():
    found = result(SNF_2021, "B-2.1", LIVING)
    assert found.outcome == "fail"
    assert found.explanation == (
        "3 occupants in 33.0 m² is 11.0 m² per person; at least 12.0 m² required"
    )


def test_living_space_explanation_in_dutch_uses_a_decimal_comma():
    found = result(SNF_2021, "B-2.1", LIVING, lang="nl")
    assert found.explanation == (
        "3 bewoners op 33,0 m² is 11,0 m² per persoon; minimaal 12,0 m² vereist"
    )


def test_living_space_explanation_shows_the_logies_threshold():
    found = result(SNF_2021, "B-2.1", {**LIVING, "use_class": "logies"})
    assert found.outcome == "pass"
    assert found.explanation.endswith("at least 10.0 m² required")


def test_explanation_shows_an_edited_threshold():
    rule = shipped_requirement("SNF 2021.1", "B-3.1")["rule"]
    assert rule["params"] == {"occupants_per_toilet": 8.0}
    edited = {**rule, "params": {"occupants_per_toilet": 6.0}}
    version = compile_version(make_version(make_requirement("B-3.1", edited)))
    found = result(version, "B-3.1", {"toilets": 1, "occupants": 7})
    assert found.outcome == "fail"
    assert found.explanation.endswith("at most 6 occupants per toilet")


def test_quotient_keeps_two_decimals_so_a_near_miss_is_visible():
    found = result(SNF_2021, "B-2.1", {**LIVING, "living_area_m2": 35.9})
    assert found.explanation.startswith("3 occupants in 35.9 m² is 11.97 m² per")


@pytest.mark.parametrize(
    ("value", "measured", "lang", "text"),
    [
        (3.0, False, "en", "3"),
        (33.0, True, "en", "33.0"),
        (2.09, True, "nl", "2,09"),
        (4.5, False, "en", "4.5"),
        (11.966666, True, "en", "11.97"),
        (0.125, True, "en", "0.13"),
        (-1.5, False, "en", "-1.5"),
        (True, False, "nl", "ja"),
        (False, False, "en", "no"),
        ("wonen", False, "en", "wonen"),
    ],
)
def test_format_value_follows_the_documented_rule(value, measured, lang, text):
    assert format_value(value, measured, lang) == text


# -- outcomes ----------------------------------------------------------------------


def test_missing_input_is_not_answered_and_names_the_observation():
    found = result(SNF_2021, "B-3.1", {"occupants": 9})
    assert found.outcome == "not_answered"
    assert "number of toilets" in found.explanation
    dutch = result(SNF_2021, "B-3.1", {"occupants": 9, "toilets": None}, lang="nl")
    assert dutch.explanation == "Niet vastgelegd: aantal toiletten"


def test_housing_type_outside_applies_to_is_not_applicable():
    version = VERSIONS["AGRI 2023.1"]
    found = result(version, "B-2.2", {"all_under_one_roof": False}, on=ON)
    assert found.outcome == "fail"
    caravan = result(version, "B-2.2", {"housing_type": "touring_caravan"})
    assert caravan.outcome == "not_applicable"
    assert "touring caravan" in caravan.explanation


def test_housing_type_argument_wins_over_the_observation():
    version = VERSIONS["AGRI 2023.1"]
    doc = {"housing_type": "regular_dwelling", "all_under_one_roof": True}
    found = result(version, "B-2.2", doc, housing_type="touring_caravan")
    assert found.outcome == "not_applicable"


def test_touring_caravan_under_the_general_norm_is_non_conform():
    evaluation = SNF_2021.evaluate({}, ON, housing_type="touring_caravan")
    assert evaluation.verdict == "non_conform"
    assert evaluation.notes == [
        "Housing type touring caravan is not allowed under this norm"
    ]
    # Requirements are not skipped for a type the norm does not know.
    assert result(SNF_2021, "B-2.2", {}, housing_type="touring_caravan").outcome == (
        "not_answered"
    )


def test_reason_given_by_the_inspector_makes_a_requirement_not_applicable():
    doc = {"not_applicable": {"B-3.2": "  Bewoners douchen in het sanitairgebouw  "}}
    found = result(SNF_2021, "B-3.2", doc)
    assert found.outcome == "not_applicable"
    assert found.explanation == "Bewoners douchen in het sanitairgebouw"


def test_condition_false_is_not_applicable_with_its_own_explanation():
    found = result(SNF_2021, "B-6.1", {"combustion_appliance_present": False})
    assert found.outcome == "not_applicable"
    assert found.explanation == "No combustion appliance present"
    needed = result(SNF_2021, "B-6.1", {"combustion_appliance_present": True})
    assert needed.outcome == "not_answered"
    assert "working CO detectors" in needed.explanation


def test_condition_true_is_judged_on_the_per_rule_path_too():
    """A distance too large for a double (JSON keeps any integer) sends the
    rule to the per-rule path; its condition still holds there, so the check
    is what cannot be evaluated, not the condition."""
    agri = VERSIONS["AGRI 2023.1"]
    doc = {"extinguisher_present": True, "extinguisher_distance_m": 10**400}
    found = result(agri, "B-7.3", doc)
    assert found.outcome == "not_answered"
    assert found.explanation == "Could not be evaluated: division by zero"
    doc["extinguisher_distance_m"] = 3
    found = result(agri, "B-7.3", doc)
    assert found.outcome == "pass"


def test_requirement_not_yet_in_force_is_not_applicable():
    found = result(
        SNF_2021, "B-9.2", {"info_card_present": True}, on=dt.date(2021, 7, 1)
    )
    assert found.outcome == "not_applicable"
    assert found.explanation == "Not in force on 2021-07-01; applies from 2021-09-01"


@pytest.mark.parametrize(
    ("answers", "outcome", "explanation"),
    [
        ({"B-2.3": True}, "pass", "Answered yes: raam op de binnenplaats"),
        ({"B-2.3": False}, "fail", "Answered no: raam op de binnenplaats"),
        ({}, "not_answered", "Not answered"),
        ({"B-2.3": "yes"}, "not_answered", "Not answered"),
    ],
)
def test_yes_no_item_follows_the_inspectors_answer(answers, outcome, explanation):
    doc = {"answers": answers, "notes": {"B-2.3": "raam op de binnenplaats"}}
    found = result(SNF_2021, "B-2.3", doc)
    assert (found.outcome, found.explanation) == (outcome, explanation)


def test_yes_no_answer_in_dutch():
    found = result(SNF_2021, "A-1.1", {"answers": {"A-1.1": True}}, lang="nl")
    assert found.explanation == "Beantwoord met ja"


# -- bedroom lists -----------------------------------------------------------------


def bedroom(area_m2, persons, **extra):
    return {"area_m2": area_m2, "persons": persons, **extra}


def test_bedroom_rule_lists_only_the_failing_bedrooms():
    rooms = [bedroom(8.0, 2), bedroom(6.0, 2), bedroom(3.0, 1)]
    found = result(SNF_2021, "B-2.5", {"bedrooms": rooms})
    assert found.outcome == "fail"
    assert found.explanation == (
        "bedroom 2: 2 person(s) in 6.0 m², at least 7.0 m² required; "
        "bedroom 3: 1 person(s) in 3.0 m², at least 3.5 m² required"
    )


def test_bedroom_rule_summarises_when_all_bedrooms_pass():
    rooms = [bedroom(8.0, 2), bedroom(4.0, 1)]
    found = result(SNF_2021, "B-2.5", {"bedrooms": rooms}, lang="nl")
    assert found.outcome == "pass"
    assert found.explanation == "Alle slaapkamers voldoen (2 gecontroleerd)"


def test_empty_bedroom_list_is_not_answered():
    found = result(SNF_2021, "B-2.5", {"bedrooms": []})
    assert (found.outcome, found.explanation) == (
        "not_answered",
        "No bedrooms recorded",
    )


def test_bedroom_without_a_measurement_is_not_answered_and_named():
    found = result(SNF_2021, "B-2.5", {"bedrooms": [bedroom(8.0, 2), {"persons": 1}]})
    assert found.outcome == "not_answered"
    assert found.explanation == "bedroom 2: Not recorded: floor area"


def test_item_rule_still_sees_top_level_inputs():
    rule = make_rule(
        inputs=["occupants"],
        params={},
        check="item.persons <= occupants",
        each="bedrooms",
        item_inputs=["persons"],
        explain={"en": "{item.persons} of {occupants}", "nl": "{item.persons} van"},
    )
    version = compile_version(make_version(make_requirement(rule=rule)))
    doc = {"occupants": 2, "bedrooms": [bedroom(9.0, 2), bedroom(9.0, 3)]}
    found = result(version, "T-1.1", doc)
    assert (found.outcome, found.explanation) == ("fail", "bedroom 2: 3 of 2")


# -- errors never raise -------------------------------------------------------------


def test_division_by_zero_in_an_explanation_is_not_answered():
    found = result(SNF_2021, "B-2.1", {**LIVING, "occupants": 0})
    assert found.outcome == "not_answered"
    assert found.explanation == "Could not be evaluated: division by zero"


def test_wrong_type_at_runtime_is_not_answered():
    found = result(SNF_2021, "B-3.1", {"toilets": "two", "occupants": 9})
    assert found.outcome == "not_answered"
    assert "wrong type" in found.explanation


def test_integer_division_at_runtime_does_not_raise():
    rule = make_rule(
        inputs=["occupants"],
        params={},
        check="int(occupants) / int(occupants) == int(occupants)",
        explain={"en": "x", "nl": "x"},
    )
    with pytest.raises(RuleError, match="divides"):
        compile_version(make_version(make_requirement(rule=rule)))
    rule["check"] = "true"
    rule["explain"] = {"en": "{int(occupants) / int(occupants)}", "nl": "x"}
    version = compile_version(make_version(make_requirement(rule=rule)))
    found = result(version, "T-1.1", {"occupants": 0})
    assert found.outcome == "not_answered"
    assert found.explanation == "Could not be evaluated: division by zero"


def test_garbage_observations_do_not_raise():
    doc = {"bedrooms": "many", "occupants": [1], "toilets": {"a": 1}, "answers": 3}
    evaluation = SNF_2021.evaluate(doc, ON)
    assert evaluation.verdict == "non_conform"
    assert SNF_2021.evaluate(None, ON).verdict == "non_conform"


# -- verdict -------------------------------------------------------------------------


def test_verdict_is_conform_only_without_failures_or_open_items():
    version = compile_version(make_version())
    assert version.evaluate({"toilets": 1, "occupants": 8}, ON).verdict == "conform"
    assert version.evaluate({"toilets": 1, "occupants": 9}, ON).verdict == (
        "non_conform"
    )
    assert version.evaluate({"toilets": 1}, ON).verdict == "non_conform"
    reason = {"not_applicable": {"T-1.1": "tijdelijk leeg"}}
    assert version.evaluate(reason, ON).verdict == "conform"


# -- rule sources ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "allow_division", "message"),
    [
        (
            "toilets * 8 >= occupants",
            True,
            "integer literal 8: write numbers as doubles",
        ),
        ("toilets >= 8u", True, "integer literal 8u"),
        ("toilets >= 0x10", True, "integer literal 0x10"),
        ("toilets >= -3", True, "integer literal 3"),
        ("toilets * >= 8.0", True, "does not compile"),
        ("toilets + showers >= 8.0", True, "undeclared name(s): showers"),
        ("toilets / occupants >= 12.0", False, "divides: write it without division"),
    ],
)
def test_check_rule_source_refuses_with_a_clear_message(
    source, allow_division, message
):
    with pytest.raises(ValueError) as caught:
        check_rule_source(source, {"toilets", "occupants"}, allow_division)
    assert message in str(caught.value)


def test_check_rule_source_accepts_doubles_strings_division_and_macro_variables():
    source = "date <= '2023-12-31' && bedrooms.all(b, b.area_m2 / 2.0 >= 3.5e0)"
    program = check_rule_source(source, {"date", "bedrooms"})
    assert program.execute({"date": "2023-01-01", "bedrooms": []}) is True
    assert program.variables() == ["b", "bedrooms", "date"]


def test_compile_version_names_the_requirement_and_field_of_a_bad_rule():
    rule = make_rule(check="toilets * 8 >= occupants")
    with pytest.raises(RuleError) as caught:
        compile_version(make_version(make_requirement("T-1.1", rule)))
    assert caught.value.requirement_code == "T-1.1"
    assert caught.value.field == "rule.check"
    assert "integer literal 8" in caught.value.message


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"inputs": ["toilet_count"]}, "rule.inputs", "unknown observation"),
        ({"params": {"occupants": 8.0}}, "rule.params", "observation name"),
        ({"explain": {"en": "{x}", "nl": "x"}}, "rule.explain.en", "undeclared"),
        ({"explain": {"en": "a } b", "nl": "x"}}, "rule.explain.en", "unbalanced"),
        ({"when": "toilets > 0"}, "rule.when", "integer literal"),
        ({"each": "bedrooms"}, "rule.item_inputs", "item observations"),
        ({"check": "item.persons > 0.0"}, "rule.check", "undeclared name"),
    ],
)
def test_bad_rules_are_refused_with_their_field(overrides, field, message):
    with pytest.raises(RuleError) as caught:
        compile_version(make_version(make_requirement(rule=make_rule(**overrides))))
    assert caught.value.field == field
    assert message in caught.value.message


def test_item_field_must_be_declared():
    rule = make_rule(
        check="item.persons <= 2.0 && item.area_m2 > 0.0",
        each="bedrooms",
        item_inputs=["persons"],
    )
    with pytest.raises(RuleError, match="item.area_m2 is not in item_inputs"):
        compile_version(make_version(make_requirement(rule=rule)))


def test_version_shape_errors_name_the_field():
    doc = make_version(make_requirement(severity="huge"))
    with pytest.raises(
        ValueError, match=r"^sections\[0\]\.requirements\[0\]\.severity"
    ):
        parse_version_document(doc)
    doc = make_version(make_requirement(applies_to=["touring_caravan"]))
    with pytest.raises(ValueError, match="applies_to: touring caravans"):
        parse_version_document(doc)
    with pytest.raises(ValueError, match="^version: must be like 2021.1"):
        parse_version_document({**make_version(), "version": "2021"})


def test_a_version_survives_a_json_round_trip():
    doc = json.loads(json.dumps(SHIPPED["SNF 2021.1"], default=str))
    assert parse_version_document(doc) == SHIPPED["SNF 2021.1"]
    again = compile_version(doc).evaluate(LIVING, ON)
    assert again == SNF_2021.evaluate(LIVING, ON)


def test_json_numbers_for_params_become_doubles():
    doc = make_version(
        make_requirement(rule=make_rule(params={"occupants_per_toilet": 8}))
    )
    parsed = parse_version_document(doc)
    rule = parsed["sections"][0]["requirements"][0]["rule"]
    assert rule["params"] == {"occupants_per_toilet": 8.0}
    assert isinstance(rule["params"]["occupants_per_toilet"], float)


# -- observations ---------------------------------------------------------------------


def test_validation_errors_name_the_fields():
    doc = {
        "occupants": 0,
        "bedrooms": [{"area_m2": 8.0}, {"area_m2": "8"}],
        "toilets": True,
        "living_area_m2": -1.0,
        "showers": 2.5,
        "use_class": "kantoor",
        "sauna": True,
        "answers": {"A-1.1": "ja", "kitchen": True},
        "not_applicable": {"B-6.1": "  "},
    }
    clean, errors = validate_observations(doc)
    assert errors == {
        "occupants": ["must be at least 1"],
        "bedrooms.1.area_m2": ["must be a number"],
        "toilets": ["must be a whole number"],
        "living_area_m2": ["must be at least 0"],
        "showers": ["must be a whole number"],
        "use_class": ["must be one of: wonen, logies"],
        "sauna": ["unknown observation"],
        "answers.A-1.1": ["must be true or false"],
        "answers.kitchen": ["is not a requirement code"],
        "not_applicable.B-6.1": ["must give a reason"],
    }
    assert clean["bedrooms"] == [{"area_m2": 8.0}, {}]


def test_validation_accepts_a_full_document_and_whole_floats():
    doc = {
        "housing_type": "holiday_park",
        "occupants": 4.0,
        "living_area_m2": 60,
        "existing_holiday_park": True,
        "bedrooms": [{"area_m2": 7.5, "persons": 2, "bunk_beds": 0}],
        "answers": {"A-1.1": True},
        "not_applicable": {"B-6.1": "Geen gastoestellen"},
        "notes": {"B-2.3": ""},
        "fire_alarm_present": None,
    }
    clean, errors = validate_observations(doc)
    assert errors == {}
    assert clean["occupants"] == 4 and isinstance(clean["occupants"], int)
    assert clean["living_area_m2"] == 60.0 and isinstance(
        clean["living_area_m2"], float
    )
    assert "fire_alarm_present" not in clean


@pytest.mark.parametrize(
    ("doc", "errors"),
    [
        ([], {"_schema": ["must be an object"]}),
        ({"bedrooms": {}}, {"bedrooms": ["must be a list"]}),
        ({"bedrooms": [1]}, {"bedrooms.0": ["must be an object"]}),
        ({"occupants": float("nan")}, {"occupants": ["must be a finite number"]}),
        ({"occupants": 100000}, {"occupants": ["must be at most 5000"]}),
        ({"bedrooms": [{"size": 1.0}]}, {"bedrooms.0.size": ["unknown observation"]}),
    ],
)
def test_validation_rejects_bad_shapes(doc, errors):
    assert validate_observations(doc)[1] == errors


def test_two_rules_may_give_one_param_name_different_values():
    """A param with one value in the whole version is shared; one that two
    rules set differently is bound per rule, each to its own value."""

    def toilets_rule(per_toilet: float) -> dict:
        return make_rule(params={"occupants_per_toilet": per_toilet})

    version = compile_version(
        make_version(
            make_requirement("T-1.1", rule=toilets_rule(8.0)),
            make_requirement("T-1.2", rule=toilets_rule(4.0)),
            make_requirement("T-1.3", rule=toilets_rule(8.0)),
        )
    )
    six = {"toilets": 1, "occupants": 6}
    outcomes = {
        code: result(version, code, six).outcome for code in ("T-1.1", "T-1.2", "T-1.3")
    }
    assert outcomes == {"T-1.1": "pass", "T-1.2": "fail", "T-1.3": "pass"}
    # The other order: the per-rule value does not leak into the next rule.
    evaluation = version.evaluate(six, ON, lang="en")
    assert [r.outcome for r in evaluation.results] == ["pass", "fail", "pass"]


def test_a_param_used_by_one_rule_only_is_shared():
    version = compile_version(make_version(make_requirement(rule=make_rule())))
    assert result(version, "T-1.1", {"toilets": 1, "occupants": 8}).outcome == "pass"
    assert result(version, "T-1.1", {"toilets": 1, "occupants": 9}).outcome == "fail"


def _bedroom_rule(check: str, explain: str) -> dict:
    return make_rule(
        inputs=[],
        params={},
        check=check,
        each="bedrooms",
        item_inputs=["area_m2", "persons"],
        explain={"en": explain, "nl": explain},
    )


@pytest.mark.parametrize(
    ("check", "explain", "room", "why"),
    [
        (
            "item.area_m2 >= 10.0",
            "{item.area_m2 / item.persons}",
            2,
            "division by zero",
        ),
        ("item.persons", "{item.persons}", 1, "the rule did not give yes or no"),
    ],
)
def test_a_failing_item_that_cannot_be_explained_is_not_answered(
    check, explain, room, why
):
    rule = _bedroom_rule(check, explain)
    version = compile_version(make_version(make_requirement(rule=rule)))
    rooms = [bedroom(12.0, 1), bedroom(6.0, 0)]
    found = result(version, "T-1.1", {"bedrooms": rooms})
    assert (found.outcome, found.explanation) == (
        "not_answered",
        f"bedroom {room}: Could not be evaluated: {why}",
    )


def test_a_result_carries_the_requirements_severity_and_section():
    minor = make_requirement("T-1.2", rule=make_rule(), severity="minor")
    version = compile_version(make_version(make_requirement(rule=make_rule()), minor))
    evaluation = version.evaluate({"toilets": 1, "occupants": 9}, ON)
    assert [(r.severity, r.section) for r in evaluation.results] == [
        ("major", "T-1"),
        ("minor", "T-1"),
    ]
    assert evaluation.results[0].explanation.startswith("9 occupants")  # English


def test_an_unknown_housing_type_is_named_as_given_in_the_note():
    evaluation = SNF_2021.evaluate({"housing_type": "igloo"}, ON, lang="en")
    assert evaluation.verdict == "non_conform"
    assert evaluation.notes == ["Housing type igloo is not allowed under this norm"]


def test_a_housing_type_that_is_not_a_string_is_no_housing_type():
    evaluation = SNF_2021.evaluate({"housing_type": 7, "toilets": 1}, ON, lang="en")
    assert evaluation.notes == []
    assert "not_applicable" not in {
        r.outcome for r in evaluation.results if r.requirement == "B-3.1"
    }


def _conditional(**overrides) -> dict:
    return make_rule(inputs=["toilets", "occupants"], when="toilets > 0.0", **overrides)


def test_a_condition_without_its_own_words_says_it_does_not_apply():
    version = compile_version(make_version(make_requirement(rule=_conditional())))
    found = result(version, "T-1.1", {"toilets": 0, "occupants": 3})
    assert (found.outcome, found.explanation) == (
        "not_applicable",
        "Does not apply at this location",
    )
    dutch = result(version, "T-1.1", {"toilets": 0, "occupants": 3}, lang="nl")
    assert dutch.explanation == "Niet van toepassing op deze locatie"


def test_a_condition_that_fails_at_runtime_says_why():
    version = compile_version(make_version(make_requirement(rule=_conditional())))
    found = result(version, "T-1.1", {"toilets": "two", "occupants": 3})
    assert found.outcome == "not_answered"
    assert found.explanation == (
        "Could not be evaluated: a recorded value has the wrong type or is out of range"
    )


def test_every_missing_input_is_named_in_one_list():
    version = compile_version(make_version(make_requirement(rule=make_rule())))
    found = result(version, "T-1.1", {})
    assert found.explanation == "Not recorded: number of toilets, number of occupants"
    dutch = result(version, "T-1.1", {}, lang="nl")
    assert dutch.explanation == "Niet vastgelegd: aantal toiletten, aantal bewoners"


@pytest.mark.parametrize(("existing", "outcome"), [(True, "pass"), (False, "fail")])
def test_an_optional_input_is_read_when_recorded(existing, outcome):
    """B-2.5 of SNF 2021.1: an existing holiday park needs 2.7 m² a person
    until 2023 (``existing_holiday_park`` is optional, false when absent)."""
    doc = {
        "housing_type": "holiday_park",
        "existing_holiday_park": existing,
        "bedrooms": [bedroom(5.4, 2)],
    }
    assert result(SNF_2021, "B-2.5", doc).outcome == outcome
    absent = {k: v for k, v in doc.items() if k != "existing_holiday_park"}
    assert result(SNF_2021, "B-2.5", absent).outcome == "fail"


def test_a_compiled_version_describes_itself_and_finds_its_requirements():
    doc = SHIPPED["SNF 2021.1"]
    assert SNF_2021.doc is not None
    assert (SNF_2021.norm["code"], SNF_2021.version) == ("SNF", "2021.1")
    assert SNF_2021.effective_from == doc["effective_from"] is not None
    assert SNF_2021.settings == doc["settings"] != {}
    assert SNF_2021.requirement("B-3.1").code == "B-3.1"
    with pytest.raises(KeyError):
        SNF_2021.requirement("Z-9.9")


def test_bedrooms_recorded_as_a_map_are_no_bedrooms():
    """Not a list (a map, text): nothing to check room by room."""
    for rooms in ({"area_m2": 10.0, "persons": 1}, "two rooms"):
        found = result(SNF_2021, "B-2.5", {"bedrooms": rooms})
        assert (found.outcome, found.explanation) == (
            "not_answered",
            "No bedrooms recorded",
        )


def test_a_bedroom_that_is_not_a_record_is_named():
    found = result(SNF_2021, "B-2.5", {"bedrooms": [bedroom(8.0, 2), 7]}, lang="nl")
    assert (found.outcome, found.explanation) == (
        "not_answered",
        "slaapkamer 2: Kon niet worden beoordeeld: "
        "een vastgelegde waarde heeft het verkeerde type of bereik",
    )


def test_a_moment_is_judged_on_its_day():
    moment = dt.datetime(2021, 9, 1, 23, 59)
    doc = {"info_card_present": True, "occupants": 3, "toilets": 1}
    assert SNF_2021.evaluate(doc, moment) == SNF_2021.evaluate(doc, moment.date())
    assert result(SNF_2021, "B-9.2", doc, on=moment).outcome == "pass"


def test_evaluate_judges_only_the_codes_asked_for():
    codes = SNF_2021.part_codes("location")
    assert codes is SNF_2021.part_codes("location")  # found once per part
    assert codes == {r.code for r in SNF_2021.requirements if r.part == "location"}
    assert codes and codes != {r.code for r in SNF_2021.requirements}
    whole = SNF_2021.evaluate(LIVING, ON)
    found = SNF_2021.evaluate(LIVING, ON, codes=codes)
    assert found.results == [r for r in whole.results if r.requirement in codes]
