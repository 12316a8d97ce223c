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
import math
import re
from dataclasses import dataclass
from functools import partial

import cel

from snf.norms import pyrules
from snf.norms.loader_data import STRING_LITERAL, parse_version_document, split_template

# RuleError and check_rule_source belong to this module's API; they live next
# to the document format they check and are re-exported here.
from snf.norms.loader_data import RuleError as RuleError
from snf.norms.loader_data import check_rule_source as check_rule_source
from snf.norms.observation_values import format_value, is_measured, label, to_cel
from snf.norms.observations import HOUSING_TYPE_LABELS, ITEM_LABELS
from snf.norms.results import Evaluation, Result
from snf.norms.rules_text import TEXT as _TEXT

PASS, FAIL = "pass", "fail"
NOT_ANSWERED, NOT_APPLICABLE = "not_answered", "not_applicable"
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

    def requirement(self, code: str) -> CompiledRequirement:
        """The compiled requirement with this code (KeyError when absent)."""
        return self._by_code[code]

    def evaluate(
        self,
        observations: dict,
        on: datetime.date,
        housing_type: str | None = None,
        lang: str = "en",
    ) -> Evaluation:
        """Judge observations on date ``on``; never raises on bad observations.

        Results follow checklist order. The verdict is ``conform`` only when no
        applicable requirement fails or is not answered.
        """
        state = _State(self, observations, on, housing_type, lang)
        return _judge(self.requirements, state)

    def evaluate_many(self, documents, on: datetime.date, lang="en", codes=None):
        """Judge many documents on one date, one Evaluation each (what-if).

        With ``codes`` only those requirements are judged: the same results as
        ``evaluate`` followed by ``evaluation.only_part`` for those codes.
        """
        requirements = self.requirements
        if codes is not None:
            requirements = tuple(r for r in requirements if r.code in codes)
        for observations in documents:
            yield _judge(requirements, _State(self, observations, on, None, lang))


def _judge(requirements, state: "_State") -> Evaluation:
    results = []
    for req in requirements:
        outcome, text = _outcome(req, state)
        results.append(Result(req.code, outcome, req.severity, text, req.section))
    notes = []
    if state.housing_type is not None and not state.filter_housing:
        notes.append(state.text["not_allowed"].format(state.housing_label))
    bad = notes or any(r.outcome in (FAIL, NOT_ANSWERED) for r in results)
    return Evaluation("non_conform" if bad else "conform", results, notes)


class _State:
    """What one evaluation shares between requirements: values and the context."""

    def __init__(self, version, observations, on, housing_type, lang):
        observations = observations if isinstance(observations, dict) else {}
        if isinstance(on, datetime.datetime):
            on = on.date()
        self.on = on
        self.lang = lang if lang in _TEXT else "en"
        self.text = _TEXT[self.lang]
        if housing_type is None:
            housing_type = observations.get("housing_type")
        self.housing_type = housing_type if isinstance(housing_type, str) else None
        labels = HOUSING_TYPE_LABELS.get(self.housing_type, {})
        self.housing_label = labels.get(self.lang, self.housing_type)
        # An unknown housing type is not a reason to skip requirements: all apply.
        self.filter_housing = self.housing_type in version.housing_types
        self.answers, self.reasons, self.notes = (
            value if isinstance(value, dict) else {}
            for value in map(observations.get, ("answers", "not_applicable", "notes"))
        )
        values = {
            k: to_cel(observations[k]) for k in version._keys if k in observations
        }
        values["housing_type"] = self.housing_type
        self.values = {k: v for k, v in values.items() if v is not None}
        self.env = {**version._shared, **self.values, "date": on.isoformat()}
        self._context = None

    @property
    def context(self):
        """The CEL activation, made only when a rule runs in CEL."""
        if self._context is None:
            try:
                self._context = cel.Context(self.env)
            except Exception:  # to_cel makes every value convertible; never raise
                env = self.env.items()
                values = {k: v for k, v in env if k not in self.values}
                self._context = cel.Context(values)
        return self._context

    def update(self, values: dict) -> None:
        self.env.update(values)
        if self._context is not None:
            self._context.update(values)


def _outcome(req: CompiledRequirement, state: _State) -> tuple[str, str]:
    if state.filter_housing and state.housing_type not in req.applies_to:
        return NOT_APPLICABLE, state.text["housing"].format(state.housing_label)
    if req.effective_from and req.effective_from > state.on:
        dates = (state.on.isoformat(), req.effective_from.isoformat())
        return NOT_APPLICABLE, state.text["not_yet"].format(*dates)
    reason = state.reasons and state.reasons.get(req.code)
    if isinstance(reason, str) and reason.strip():
        return NOT_APPLICABLE, reason.strip()
    if req.rule is None:
        return _answer(req.code, state)
    return _run_rule(req.rule, state)


def _answer(code: str, state: _State) -> tuple[str, str]:
    answer = state.answers.get(code)
    if not isinstance(answer, bool):
        return NOT_ANSWERED, state.text["unanswered"]
    explanation = state.text["yes" if answer else "no"]
    note = state.notes.get(code)
    if isinstance(note, str) and note.strip():
        explanation = f"{explanation}: {note.strip()}"
    return (PASS if answer else FAIL), explanation


def _run_rule(rule: CompiledRule, state: _State) -> tuple[str, str]:
    if rule.bind:
        state.update(rule.bind)
    if rule.optional:
        defaults = rule.optional.items()
        state.update({k: v for k, v in defaults if k not in state.values})
    if rule.when_inputs and (missing := _missing_text(rule.when_inputs, state)):
        return NOT_ANSWERED, missing
    if rule.when is not None:
        applies = _execute(rule.when, state, rule.fast_when)
        if applies is False:
            explain = rule.when_explain or {state.lang: state.text["when"]}
            return NOT_APPLICABLE, explain[state.lang]
        if applies is not True:
            problem = applies if isinstance(applies, Exception) else "not_bool"
            return NOT_ANSWERED, _error_text(problem, state)
    if missing := _missing_text(rule.inputs, state):
        return NOT_ANSWERED, missing
    if rule.each:
        return _run_each(rule, state)
    row = _execute(rule.program, state, rule.fast)
    problem = row if isinstance(row, Exception) else _problem(row)
    if problem is not None:
        return NOT_ANSWERED, _error_text(problem, state)
    return (PASS if row[0] else FAIL), partial(_render, rule, row, state.lang)


def _execute(program: cel.Program, state: _State, fast=None, items=None):
    """Run a program; a CEL runtime error is returned, never raised.

    ``fast`` (from pyrules) is tried first; CEL answers what it cannot.
    """
    if fast is not None:
        try:
            return fast(state.env, items)
        except Exception:  # noqa: S110 - pyrules.Fallback or a name not found: CEL
            pass
    try:
        return program.execute(state.context)
    except Exception as error:
        return error


def _run_each(rule: CompiledRule, state: _State) -> tuple[str, str]:
    items = state.values.get(rule.each)
    if not isinstance(items, list) or not items:
        plural = label(rule.each, state.lang)
        return NOT_ANSWERED, state.text["no_items"].format(plural)
    name = ITEM_LABELS[rule.each][state.lang]
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            return NOT_ANSWERED, f"{name} {number}: {_error_text('type', state)}"
        if missing := _missing_text(rule.item_inputs, state, item, rule.each):
            return NOT_ANSWERED, f"{name} {number}: {missing}"
    rows = _execute(rule.program, state, rule.fast, items)
    if isinstance(rows, Exception):
        return NOT_ANSWERED, _error_text(rows, state)
    failing = []
    for number, row in enumerate(rows, 1):
        if row[0] is True:  # a passing item is not explained: nothing to check
            continue
        problem = _problem(row)
        if problem is not None:
            return NOT_ANSWERED, f"{name} {number}: {_error_text(problem, state)}"
        failing.append((number, row))
    if failing:
        return FAIL, partial(_render_items, rule, name, failing, state.lang)
    plural = label(rule.each, state.lang)
    return PASS, state.text["all_pass"].format(plural, len(rows))


def _problem(row: list) -> str | None:
    """Why a result row [check, placeholder values...] cannot be used, or None."""
    if not isinstance(row[0], bool):
        return "not_bool"
    for value in row:
        if value.__class__ is bool or value.__class__ is str:  # the common case
            continue
        if isinstance(value, float) and not math.isfinite(value):
            return "zero"
    return None


def _render(rule: CompiledRule, row: list, lang: str) -> str:
    measured = rule.measured
    parts = rule.templates[lang]
    return "".join(
        [
            part
            if part.__class__ is str
            else format_value(row[part + 1], measured[part], lang)
            for part in parts
        ]
    )


def _render_items(rule: CompiledRule, name: str, failing: list, lang: str) -> str:
    return "; ".join(f"{name} {n}: {_render(rule, row, lang)}" for n, row in failing)


def _missing_text(keys, state: _State, values=None, list_key=None) -> str | None:
    """The "Not recorded: ..." text naming keys without a value, or None."""
    values = state.values if values is None else values
    if None not in map(values.get, keys):  # the common case, kept fast
        return None
    missing = [label(k, state.lang, list_key) for k in keys if values.get(k) is None]
    return state.text["missing"].format(", ".join(missing)) if missing else None


def _error_text(problem, state: _State) -> str:
    """``problem`` is a CEL runtime error or a key of ``_TEXT``."""
    if isinstance(problem, Exception):
        problem = "zero" if isinstance(problem, ZeroDivisionError) else "type"
    return state.text["error"].format(state.text[problem])
