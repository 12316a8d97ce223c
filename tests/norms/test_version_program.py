"""The one function written per version (pyversion) judges like the per-rule path.

``rule_path.results_of`` runs requirement after requirement, each rule through
its own pyrules function or CEL: the reference. The version's function must
give the same results, explanations included, on the parity documents and on
generated ones, for every shipped version and the parity test's edge version.
"""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snf.norms import rule_path
from tests.norms.parity_documents import DOCUMENTS, EDGE_DOCUMENTS
from tests.norms.test_fast_rules import VERSIONS, judged
from tests.norms.test_properties import FAST, dates, raw_documents, valid_documents


def per_rule(version, observations, on, housing_type=None, lang="en", codes=None):
    state = rule_path.State(version, observations, on, housing_type, lang)
    requirements = [r for r in version.requirements if codes is None or r.code in codes]
    return rule_path.judge(rule_path.results_of(requirements, state), state)


def assert_same(observations, on, housing_type=None, lang="en", explained=True):
    for version in VERSIONS:
        expected = per_rule(version, observations, on, housing_type, lang)
        found = version.evaluate(observations, on, housing_type=housing_type, lang=lang)
        if explained:
            assert found == expected, f"{version.norm['code']} {version.version}"
        else:
            assert judged([found]) == judged([expected])


def test_every_shipped_rule_is_written_into_its_version_function():
    for version in VERSIONS[:-1]:
        assert version.program().per_rule == 0, version.version


def test_the_function_is_written_once_per_version_and_codes():
    version = VERSIONS[0]
    codes = frozenset(r.code for r in version.requirements[:3])
    assert version.program() is version.program()
    assert version.program(codes) is version.program(codes)
    assert version.program(codes) is not version.program()


@pytest.mark.parametrize(
    "doc", [*DOCUMENTS, *EDGE_DOCUMENTS], ids=lambda doc: doc["name"]
)
def test_parity_documents_are_judged_like_the_per_rule_path(doc):
    observations = json.loads(json.dumps(doc["observations"], allow_nan=False))
    on = dt.date.fromisoformat(doc["date"])
    assert_same(observations, on, lang=doc["lang"])


@FAST
@given(doc=raw_documents, on=dates, lang=st.sampled_from(["en", "nl"]))
def test_raw_documents_are_judged_like_the_per_rule_path(doc, on, lang):
    # Maps in raw documents are explained in the CEL bindings' key order,
    # which varies between evaluations: outcomes only here.
    assert_same(doc, on, lang=lang, explained=False)


@FAST
@given(doc=valid_documents(), on=dates, lang=st.sampled_from(["en", "nl"]))
def test_valid_documents_are_judged_like_the_per_rule_path(doc, on, lang):
    assert_same(doc, on, lang=lang)


@FAST
@given(docs=st.lists(valid_documents(), max_size=3), on=dates)
def test_the_batch_entry_point_judges_like_the_per_rule_path(docs, on):
    for version in VERSIONS:
        codes = frozenset(r.code for r in version.requirements if r.part == "location")
        found = list(version.evaluate_many(docs, on, codes=codes))
        expected = [per_rule(version, doc, on, codes=codes) for doc in docs]
        assert found == expected


@FAST
@given(docs=st.lists(raw_documents, max_size=3), on=dates)
def test_outcomes_many_gives_the_outcomes_and_verdicts_of_evaluate(docs, on):
    for version in VERSIONS:
        codes = frozenset(r.code for r in version.requirements if r.part == "location")
        found = list(version.outcomes_many(docs, on, codes=codes))
        expected = [per_rule(version, doc, on, codes=codes) for doc in docs]
        assert found == [(e.verdict, [r.outcome for r in e.results]) for e in expected]
        for evaluation in expected:
            judged = [r.requirement for r in evaluation.results]
            assert [r.code for r in version.judged(codes)] == judged
        # without codes every requirement is judged
        found = list(version.outcomes_many(docs, on))
        expected = [per_rule(version, doc, on) for doc in docs]
        assert found == [(e.verdict, [r.outcome for r in e.results]) for e in expected]


def test_outcomes_many_verdicts_on_the_parity_documents():
    """Conform, failing and refused (a housing type the norm does not allow)
    documents get evaluate's verdict from the batch path, all codes or a part."""
    docs = [json.loads(json.dumps(doc["observations"])) for doc in DOCUMENTS]
    docs += [
        {**doc, "housing_type": "touring_caravan"}
        for doc in docs
        if isinstance(doc, dict)
    ]
    seen = set()
    for version in VERSIONS:
        on = dt.date(2025, 6, 1)
        for codes in (None, version.part_codes("location")):
            found = [verdict for verdict, _ in version.outcomes_many(docs, on, codes)]
            expected = [per_rule(version, doc, on, codes=codes).verdict for doc in docs]
            assert found == expected
            seen.update(expected)
    assert seen == {"conform", "non_conform"}


def test_evaluate_many_explains_in_the_language_asked():
    docs = [json.loads(json.dumps(doc["observations"])) for doc in DOCUMENTS]
    on = dt.date(2025, 6, 1)
    for version in VERSIONS:
        found = list(version.evaluate_many(docs, on, lang="nl"))
        assert found == [per_rule(version, doc, on, lang="nl") for doc in docs]
