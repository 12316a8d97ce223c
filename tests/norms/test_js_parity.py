"""The browser's rule engine (snf/static/js/rules.js) judges like the server.

Every shipped version, plus a version written for the engine's edge cases,
judges every document of ``parity_documents`` in Python
(``validate_observations``, ``compile_version(...).evaluate`` and
``services.only_part`` for each part) and in JavaScript: Node runs the same
rules.js with the vendored CEL library, once per session, all cases batched
(``js_harness/run.mjs``, JSON over stdin/stdout). Verdicts, outcomes,
explanations, notes and validation errors must be equal, text for text.

A document with invalid values is a 422 on the server; the browser judges it
with those values left out and returns the errors. Python is compared on the
same terms: the cleaned document is evaluated and the errors compared.
"""

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from snf.norms.loader_data import load_shipped_versions, parse_version_document
from snf.norms.observation_values import format_value
from snf.norms.observations import (
    BEDROOM_VOCABULARY,
    HOUSING_TYPE_LABELS,
    VOCABULARY,
    validate_observations,
)
from snf.norms.rules import compile_version
from snf.norms.services import only_part
from tests.norms.parity_documents import DOCUMENTS, EDGE_DOCUMENTS, EDGE_VERSION

NODE = shutil.which("node")
HERE = Path(__file__).parent
HARNESS = HERE / "js_harness" / "run.mjs"
STATIC = HERE.parents[1] / "snf" / "static"
RULES_FILES = ("rules_vocabulary", "rules_validate", "rules_compile", "rules")
BROWSER_FILES = [STATIC / "js" / f"{name}.js" for name in RULES_FILES] + [
    STATIC / "vendor" / "cel-js.min.js"
]
PARTS = [None, "administrative", "location"]


def page_document(parsed: dict) -> dict:
    """The version document as the checklist page embeds it (json_document)."""
    return {**json.loads(json.dumps(parsed, default=str)), "status": "published"}


def _label(doc: dict) -> str:
    return f"{doc['norm']['code']} {doc['version']}"


PARSED = {_label(doc): doc for doc in load_shipped_versions()}
SHIPPED_LABELS = sorted(PARSED)
_edge = parse_version_document({k: v for k, v in EDGE_VERSION.items() if k != "status"})
PARSED[_label(_edge)] = _edge
VERSIONS = {label: compile_version(doc) for label, doc in PARSED.items()}
CASES = {
    f"{label} | {doc['name']}": (label, doc)
    for label in PARSED
    for doc in [*DOCUMENTS, *EDGE_DOCUMENTS]
}

FORMAT_VALUES = [
    0,
    -0.0,
    3,
    3.0,
    33.0,
    -3.0,
    2.09,
    2.1,
    11.965,
    11.97,
    0.005,
    0.004,
    -0.004,
    -0.005,
    1.005,
    2.675,
    0.125,
    2.0**47 + 0.125,
    2.0**47 + 0.375,
    2.0**53 + 2,
    2.0**60,
    123456.789,
    1e20,
    1e21,
    1e22,
    1e300,
    True,
    False,
    None,
    "text",
    [1.0, 2.5, True, "x"],
    {"a": 1.0},
    {"area_m2": 7.0, "persons": 2.0, "ok": True, "t": "it's", "n": None, "l": [1.5]},
    {"small": 1.5e-05, "big": 1e16, "whole": 12345678901234567.0, "neg": -0.0},
]
FORMATS = [
    [value, measured, lang]
    for value in FORMAT_VALUES
    for measured in (False, True)
    for lang in ("en", "nl")
]


def evaluation_dict(evaluation, errors) -> dict:
    return {
        "verdict": evaluation.verdict,
        "results": [
            {
                "requirement": r.requirement,
                "section": r.section,
                "outcome": r.outcome,
                "severity": r.severity,
                "explanation": r.explanation,
            }
            for r in evaluation.results
        ],
        "notes": list(evaluation.notes),
        "errors": errors,
    }


def python_side(label: str, doc: dict) -> list[dict]:
    observations = json.loads(json.dumps(doc["observations"], allow_nan=False))
    clean, errors = validate_observations(observations)
    version = VERSIONS[label]
    on = dt.date.fromisoformat(doc["date"])
    evaluation = version.evaluate(clean, on, lang=doc["lang"])
    # only_part reads .requirements (code, part) of a NormVersion.
    holder = SimpleNamespace(requirements=version.requirements)
    return [
        evaluation_dict(only_part(evaluation, holder, part), errors) for part in PARTS
    ]


@pytest.fixture(scope="session")
def js():
    """Everything the JavaScript side computes, from one run of Node."""
    if NODE is None:
        pytest.skip("node is not on PATH: the browser's rule engine cannot run")
    request = {
        "versions": {label: page_document(doc) for label, doc in PARSED.items()},
        "cases": [
            {
                "id": case_id,
                "version": label,
                "observations": doc["observations"],
                "date": doc["date"],
                "lang": doc["lang"],
                "parts": PARTS,
            }
            for case_id, (label, doc) in CASES.items()
        ],
        "formats": FORMATS,
        "validations": [doc["observations"] for doc in DOCUMENTS],
    }
    completed = subprocess.run(  # noqa: S603 - node and a file of this repository
        [NODE, str(HARNESS)],
        input=json.dumps(request, allow_nan=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_documents_cover_enough_ground():
    assert len(DOCUMENTS) >= 40
    assert len(SHIPPED_LABELS) == 7  # SNF 2014.1 to 2025.2, AGRI 2023.1 and 2024.1
    langs = {doc["lang"] for doc in DOCUMENTS}
    assert {"en", "nl"} <= langs
    kinds = {
        doc["observations"].get("housing_type")
        for doc in DOCUMENTS
        if isinstance(doc["observations"], dict)
    }
    assert set(HOUSING_TYPE_LABELS) <= kinds


@pytest.mark.parametrize("case_id", list(CASES))
def test_javascript_judges_like_python(js, case_id):
    label, doc = CASES[case_id]
    expected = python_side(label, doc)
    got = js["results"][case_id]
    for part, python, javascript in zip(PARTS, expected, got, strict=True):
        assert javascript["errors"] == python["errors"], part
        assert javascript["notes"] == python["notes"], part
        assert javascript["results"] == python["results"], part
        assert javascript["verdict"] == python["verdict"], part


def test_javascript_validates_like_python(js):
    for doc, javascript in zip(DOCUMENTS, js["validations"], strict=True):
        observations = json.loads(json.dumps(doc["observations"]))
        clean, errors = validate_observations(observations)
        assert javascript == {"clean": clean, "errors": errors}, doc["name"]


def test_javascript_formats_values_like_python(js):
    expected = [
        format_value(value, measured, lang) for value, measured, lang in FORMATS
    ]
    mismatches = [
        (spec, python, javascript)
        for spec, python, javascript in zip(
            FORMATS, expected, js["formats"], strict=True
        )
        if python != javascript
    ]
    assert not mismatches


def _fields(vocabulary: dict) -> dict:
    return {
        key: {
            "key": f.key,
            "kind": f.kind,
            "en": f.en,
            "nl": f.nl,
            "unit": f.unit,
            "min": f.min,
            "max": f.max,
            "choices": list(f.choices),
        }
        for key, f in vocabulary.items()
    }


def test_javascript_vocabulary_is_the_python_vocabulary(js):
    assert js["vocabulary"]["location"] == _fields(VOCABULARY)
    assert list(js["vocabulary"]["location"]) == list(VOCABULARY)
    assert js["vocabulary"]["bedrooms"] == _fields(BEDROOM_VOCABULARY)
    assert js["housingTypeLabels"] == HOUSING_TYPE_LABELS


@pytest.mark.parametrize("path", BROWSER_FILES, ids=lambda p: p.name)
def test_browser_files_obey_the_content_security_policy(path):
    text = path.read_text(encoding="utf-8")
    assert "new Function" not in text
    assert not re.search(r"(?<![\w.$])eval\s*\(", text)
    assert path.stat().st_size < 300_000
