"""The Python functions generated from the rules (pyrules) judge exactly like CEL.

Every shipped version and the parity test's edge version are evaluated twice:
as compiled (Python first, CEL where Python cannot decide) and with every
generated function removed (CEL only). Verdicts, outcomes and explanations
must be equal, on the parity documents and on generated ones.
"""

import dataclasses
import datetime as dt
import json
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snf.norms import pyrules
from snf.norms.evaluation import only_part, part_codes
from snf.norms.loader_data import load_shipped_versions, parse_version_document
from snf.norms.observations import HOUSING_TYPES, validate_observations
from snf.norms.rules import compile_version
from tests.norms.parity_documents import DOCUMENTS, EDGE_DOCUMENTS, EDGE_VERSION
from tests.norms.test_properties import FAST, dates, raw_documents, valid_documents

_EDGE = parse_version_document({k: v for k, v in EDGE_VERSION.items() if k != "status"})
DOCS = [*load_shipped_versions(), _EDGE]
VERSIONS = [compile_version(doc) for doc in DOCS]


def cel_only(version):
    """The same compiled version with the generated functions taken out."""
    requirements = tuple(
        dataclasses.replace(
            req, rule=dataclasses.replace(req.rule, fast=None, fast_when=None)
        )
        if req.rule
        else req
        for req in version.requirements
    )
    return type(version)(version.doc, requirements, version._shared)


PAIRS = [(version, cel_only(version)) for version in VERSIONS]


def assert_same(observations, on, housing_type=None, lang="en"):
    for fast, slow in PAIRS:
        expected = slow.evaluate(observations, on, housing_type=housing_type, lang=lang)
        found = fast.evaluate(observations, on, housing_type=housing_type, lang=lang)
        assert found == expected, f"{fast.norm['code']} {fast.version}"


def test_every_shipped_rule_is_translated():
    for version in VERSIONS[:-1]:
        for req in version.requirements:
            if req.rule:
                assert req.rule.fast is not None, req.code
                assert (req.rule.when is None) == (req.rule.fast_when is None)


@pytest.mark.parametrize(
    "doc", [*DOCUMENTS, *EDGE_DOCUMENTS], ids=lambda doc: doc["name"]
)
def test_parity_documents_are_judged_alike(doc):
    observations = json.loads(json.dumps(doc["observations"], allow_nan=False))
    on = dt.date.fromisoformat(doc["date"])
    assert_same(observations, on, lang=doc["lang"])
    assert_same(validate_observations(observations)[0], on, lang=doc["lang"])


@FAST
@given(doc=raw_documents, on=dates, lang=st.sampled_from(["en", "nl"]))
def test_raw_documents_are_judged_alike(doc, on, lang):
    assert_same(doc, on, lang=lang)
    assert_same(validate_observations(doc)[0], on, lang=lang)


@FAST
@given(doc=valid_documents(), on=dates, housing=st.sampled_from(HOUSING_TYPES))
def test_valid_documents_are_judged_alike(doc, on, housing):
    assert_same({**doc, "housing_type": housing}, on)


@pytest.mark.parametrize(
    "source",
    [
        "size(bedrooms) > 0.0",  # calls
        "occupants <= 12",  # integer literal
        "a < b < c",  # chained comparison
        "'a\\n' == name",  # escapes
        "occupants + 'x' > 1.0",  # types that do not fit
        "bedrooms.all(r, r.ok)",  # macros
        "x in ['a']",
        "größe > 1.0",  # CEL names are ASCII
        "(" * 2000 + "a" + ")" * 2000 + " > 1.0",  # too deep
    ],
)
def test_the_translator_refuses_what_is_outside_the_subset(source):
    assert pyrules.translate([source], each=False) is None


def test_generated_code_falls_back_when_it_cannot_decide():
    ratio = pyrules.translate(["a / b >= 1.0", "double(int(a))"], each=False)
    assert ratio({"a": 3.0, "b": 2.0}) == [True, 3.0]
    for env in ({"a": 1.0, "b": 0.0}, {"a": 1e300, "b": 1.0}, {"a": True, "b": 1.0}):
        with pytest.raises(pyrules.Fallback):
            ratio(env)


def judged(evaluations) -> list:
    """Verdicts, notes and outcomes; not the explanations: a map in random
    documents is shown with its keys in the order the CEL bindings give,
    which differs from one evaluation to the next (the parity documents,
    compared in full above, hold no maps)."""
    return [
        (
            e.verdict,
            e.notes,
            [(r.requirement, r.outcome, r.severity) for r in e.results],
        )
        for e in evaluations
    ]


@FAST
@given(docs=st.lists(raw_documents, max_size=3), on=dates)
def test_evaluate_many_judges_like_evaluate_then_only_part(docs, on):
    for version in VERSIONS:
        holder = SimpleNamespace(requirements=version.requirements)
        codes = part_codes(holder, "location")
        expected = [
            only_part(version.evaluate(doc, on), holder, "location", codes)
            for doc in docs
        ]
        assert judged(version.evaluate_many(docs, on, codes=codes)) == judged(expected)
        assert judged(version.evaluate_many(docs, on)) == judged(
            version.evaluate(doc, on) for doc in docs
        )
