"""The rule engine: requirements written in CEL, compiled once per norm version.

Numbers: the browser runs the same rules with a JavaScript CEL library where
every number is a double, so here too observations and params are converted to
float and sources may not hold integer literals (write ``12.0``). A rule's
activation holds its inputs, its params, ``date`` (the inspection date as an
ISO string: ``date <= '2023-12-31'`` works) and, with ``each``, the ``item``.
Checks and ``when`` conditions may not divide (x / 0.0 is infinity, in Python
and JavaScript alike, and would let a zero pass): write ``a >= b * 12.0`` and
show the quotient in the explanation, where infinity means ``not_answered``.

Explanations: ``{...}`` in an explain text is a CEL expression (``{{`` and
``}}`` are literal braces); its value is shown by
``snf.norms.observation_values.format_value``.
"""

import datetime
import re
from dataclasses import dataclass

import cel

from snf.norms import pyrules, pyversion, rule_path
from snf.norms.loader_data import STRING_LITERAL, parse_version_document, split_template

# RuleError and check_rule_source belong to this module's API; they live next
# to the document format they check and are re-exported here.
from snf.norms.loader_data import RuleError as RuleError
from snf.norms.loader_data import check_rule_source as check_rule_source
from snf.norms.observation_values import is_measured
from snf.norms.results import Evaluation as Evaluation
from snf.norms.results import Result as Result
from snf.norms.rule_path import FAIL, NOT_ANSWERED, NOT_APPLICABLE, PASS, State, judge

OUTCOMES = (PASS, FAIL, NOT_ANSWERED, NOT_APPLICABLE)
_NAME = re.compile(r"[A-Za-z_]\w*")
_REQUIREMENT_FIELDS = ("code", "title", "severity", "part", "effective_from")


@dataclass(frozen=True, slots=True)
class CompiledRule:
    inputs: tuple[str, ...]
    when_inputs: tuple[str, ...]
    optional: dict
    params: dict
    bind: dict  # the params set per rule: names another rule uses with another value
    each: str | None
    item_inputs: tuple[str, ...]
    when: cel.Program | None
    when_explain: dict | None
    program: cel.Program  # [check, placeholder...], mapped over `each` items
    templates: dict  # lang -> tuple of literal text (str) or placeholder index
    measured: tuple[bool, ...]
    fast: object = None  # pyrules.translate of the program, None: CEL only
    fast_when: object = None
    sources: tuple[str, ...] = ()  # the program's CEL: [check, placeholder...]
    when_source: str | None = None


@dataclass(frozen=True, slots=True)
class CompiledRequirement:
    code: str
    section: str
    title: dict
    severity: str
    part: str
    applies_to: frozenset
    effective_from: datetime.date | None
    rule: CompiledRule | None


def compile_version(doc: dict) -> "CompiledVersion":
    """Check a version document and compile every rule in it once."""
    parsed = parse_version_document(doc)
    shared = _shared_params(parsed)
    requirements = []
    for section in parsed["sections"]:
        for req in section["requirements"]:
            fields = {key: req[key] for key in _REQUIREMENT_FIELDS}
            rule = req["rule"] and _compile_rule(req["rule"], shared)
            applies_to = frozenset(req["applies_to"])
            requirements.append(
                CompiledRequirement(
                    **fields, section=section["code"], applies_to=applies_to, rule=rule
                )
            )
    return CompiledVersion(parsed, tuple(requirements), shared)


def _shared_params(doc: dict) -> dict:
    """Params with one value in the whole version go into the context once."""
    values: dict = {}
    clashes = set()
    for section in doc["sections"]:
        for req in section["requirements"]:
            for name, value in ((req["rule"] or {}).get("params") or {}).items():
                if values.setdefault(name, value) != value:
                    clashes.add(name)
    return {name: value for name, value in values.items() if name not in clashes}


def _compile_rule(rule: dict, shared: dict) -> CompiledRule:
    # parse_version_document has checked every source: compiling cannot fail.
    when = rule["when"] and cel.compile(rule["when"])
    sources, templates = _compile_templates(rule["explain"])
    body = "[\n(" + ")\n, (".join([rule["check"], *sources]) + ")\n]"
    fast = pyrules.translate([rule["check"], *sources], bool(rule["each"]))
    fast_when = when and pyrules.translate([rule["when"]], False, single=True)
    if rule["each"]:
        body = f"{rule['each']}.map(item, {body})"
    return CompiledRule(
        inputs=tuple(rule["inputs"]),
        when_inputs=tuple(n for n in rule["inputs"] if when and n in when.variables()),
        optional=rule["optional_inputs"],
        params=rule["params"],
        bind={k: v for k, v in rule["params"].items() if k not in shared},
        each=rule["each"],
        item_inputs=tuple(rule["item_inputs"]),
        when=when,
        when_explain=rule["when_explain"],
        program=cel.compile(body),
        templates=templates,
        measured=tuple(_is_measured(source) for source in sources),
        fast=fast,
        fast_when=fast_when,
        sources=(rule["check"], *sources),
        when_source=rule["when"] or None,
    )


def _compile_templates(explain: dict) -> tuple[list, dict]:
    """Placeholders become indexes into one list of sources shared by languages."""
    sources: list[str] = []
    templates = {}
    for lang, text in explain.items():
        parts = split_template(text)
        for part in parts:
            if isinstance(part, list) and part[0] not in sources:
                sources.append(part[0])
        templates[lang] = tuple(
            sources.index(part[0]) if isinstance(part, list) else part for part in parts
        )
    return sources, templates


def _is_measured(source: str) -> bool:
    return is_measured(_NAME.findall(STRING_LITERAL.sub("''", source)))


class CompiledVersion:
    """A norm version with every rule compiled; evaluate observations with it."""

    def __init__(self, doc: dict, requirements: tuple, shared_params: dict):
        self.doc = doc
        self._shared = shared_params
        self.norm = doc["norm"]
        self.version = doc["version"]
        self.effective_from = doc["effective_from"]
        self.settings = doc["settings"]
        self.requirements = requirements
        self.housing_types = frozenset().union(*(r.applies_to for r in requirements))
        self._by_code = {req.code: req for req in requirements}
        keys = {"housing_type"}
        for rule in (req.rule for req in requirements if req.rule):
            keys.update(rule.inputs, rule.optional, [rule.each] if rule.each else [])
        self._keys = frozenset(keys)
        self._programs: dict = {}  # codes -> the function pyversion writes
        self._parts: dict = {}

    def requirement(self, code: str) -> CompiledRequirement:
        """The compiled requirement with this code (KeyError when absent)."""
        return self._by_code[code]

    def evaluate(
        self,
        observations: dict,
        on: datetime.date,
        housing_type: str | None = None,
        lang: str = "en",
        codes: frozenset | None = None,
    ) -> Evaluation:
        """Judge observations on date ``on``; never raises on bad observations.

        Results follow checklist order. The verdict is ``conform`` only when no
        applicable requirement fails or is not answered. With ``codes`` (from
        ``part_codes``) only those requirements are judged.
        """
        state = State(self, observations, on, housing_type, lang)
        return judge(self.program(codes)(state), state)

    def part_codes(self, part: str) -> frozenset:
        """The codes of the requirements of one part of the norm."""
        found = self._parts.get(part)
        if found is None:
            found = frozenset(r.code for r in self.requirements if r.part == part)
            self._parts[part] = found
        return found

    def evaluate_many(self, documents, on: datetime.date, lang="en", codes=None):
        """Judge many documents on one date, one Evaluation each (what-if).

        With ``codes`` only those requirements are judged: the same results as
        ``evaluate`` followed by ``evaluation.only_part`` for those codes.
        """
        program = self.program(None if codes is None else frozenset(codes))
        for observations in documents:
            state = State(self, observations, on, None, lang)
            yield judge(program(state), state)

    def outcomes_many(self, documents, on: datetime.date, codes=None):
        """(verdict, outcomes) per document, outcomes in the order of
        ``self.judged(codes)``, no explanation written: what-if's batch path."""
        program = self.program(None if codes is None else frozenset(codes), False)
        bad = (FAIL, NOT_ANSWERED)
        for observations in documents:
            state = State(self, observations, on, None, "en")
            outcomes = program(state)
            refused = state.housing_type is not None and not state.filter_housing
            failed = refused or bad[0] in outcomes or bad[1] in outcomes
            yield ("non_conform" if failed else "conform"), outcomes

    def judged(self, codes: frozenset | None = None) -> tuple:
        """The requirements judged for ``codes`` (all: None), checklist order."""
        if codes is None:
            return self.requirements
        return tuple(r for r in self.requirements if r.code in codes)

    def program(self, codes: frozenset | None = None, explain: bool = True):
        """The function judging ``codes`` (all: None), written once (pyversion)."""
        found = self._programs.get((codes, explain))
        if found is None:
            requirements = self.judged(codes)
            found = pyversion.build(self, requirements, _HELPERS, explain)
            self._programs[codes, explain] = found
        return found


_HELPERS = {
    "run_rule": rule_path.run_rule,
    "answer": rule_path.answer,
    "missing": rule_path.missing_text,
    "error": rule_path.error_text,
    "each_outcome": rule_path.each_outcome,
    "render": rule_path.render,
}
