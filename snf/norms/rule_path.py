"""The per-rule path: one requirement after another, each rule on its own.

``rules.CompiledVersion`` judges through the function ``pyversion`` writes
per version when it can; that function comes here for every requirement it
cannot decide itself, and these functions are the reference it is tested
against. Split from ``rules.py``.
"""

import datetime
import math
from functools import partial

import cel

from snf.norms.observation_values import format_value, label, to_cel
from snf.norms.observations import HOUSING_TYPE_LABELS, ITEM_LABELS
from snf.norms.results import Evaluation, Result
from snf.norms.rules_text import TEXT

PASS, FAIL = "pass", "fail"
NOT_ANSWERED, NOT_APPLICABLE = "not_answered", "not_applicable"


def results_of(requirements, state: "State") -> list[Result]:
    """Every requirement's result on the per-rule path (the reference)."""
    results = []
    for req in requirements:
        found, text = outcome(req, state)
        results.append(Result(req.code, found, req.severity, text, req.section))
    return results


def judge(results: list[Result], state: "State") -> Evaluation:
    """The verdict on these results: conform when none fails or is unanswered."""
    notes = []
    if state.housing_type is not None and not state.filter_housing:
        notes.append(state.text["not_allowed"].format(state.housing_label))
    bad = notes or any(r.outcome in (FAIL, NOT_ANSWERED) for r in results)
    return Evaluation("non_conform" if bad else "conform", results, notes)


class State:
    """What one evaluation shares between requirements: values and the context."""

    def __init__(self, version, observations, on, housing_type, lang):
        observations = observations if isinstance(observations, dict) else {}
        if isinstance(on, datetime.datetime):
            on = on.date()
        self.on = on
        self.lang = lang if lang in TEXT else "en"
        self.text = TEXT[self.lang]
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
        self.raw, self.on_iso = observations, on.isoformat()
        self._keys, self._shared = version._keys, version._shared
        self._values = self._env = self._context = None

    @property
    def values(self) -> dict:
        """The observations the rules read, as CEL sees them (``to_cel``),
        without those not recorded; made when first read (the function of
        the version reads ``raw`` and comes here only when it falls back)."""
        if self._values is None:
            raw = self.raw
            values = {k: to_cel(raw[k]) for k in self._keys if k in raw}
            values["housing_type"] = self.housing_type
            self._values = {k: v for k, v in values.items() if v is not None}
        return self._values

    @property
    def env(self) -> dict:
        """The activation's values, made only when a rule needs it."""
        if self._env is None:
            self._env = {**self._shared, **self.values, "date": self.on_iso}
        return self._env

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


def outcome(req, state: State) -> tuple[str, str]:
    if state.filter_housing and state.housing_type not in req.applies_to:
        return NOT_APPLICABLE, state.text["housing"].format(state.housing_label)
    if req.effective_from and req.effective_from > state.on:
        dates = (state.on.isoformat(), req.effective_from.isoformat())
        return NOT_APPLICABLE, state.text["not_yet"].format(*dates)
    reason = state.reasons and state.reasons.get(req.code)
    if isinstance(reason, str) and reason.strip():
        return NOT_APPLICABLE, reason.strip()
    if req.rule is None:
        return answer(req.code, state)
    return run_rule(req.rule, state)


def answer(code: str, state: State) -> tuple[str, str]:
    answer = state.answers.get(code)
    if not isinstance(answer, bool):
        return NOT_ANSWERED, state.text["unanswered"]
    explanation = state.text["yes" if answer else "no"]
    note = state.notes.get(code)
    if isinstance(note, str) and note.strip():
        explanation = f"{explanation}: {note.strip()}"
    return (PASS if answer else FAIL), explanation


def run_rule(rule, state: State) -> tuple[str, str]:
    if rule.bind:
        state.update(rule.bind)
    if rule.optional:
        defaults = rule.optional.items()
        state.update({k: v for k, v in defaults if k not in state.values})
    if rule.when_inputs and (missing := missing_text(rule.when_inputs, state)):
        return NOT_ANSWERED, missing
    if rule.when is not None:
        applies = execute(rule.when, state, rule.fast_when)
        if applies is False:
            explain = rule.when_explain or {state.lang: state.text["when"]}
            return NOT_APPLICABLE, explain[state.lang]
        if applies is not True:
            found = applies if isinstance(applies, Exception) else "not_bool"
            return NOT_ANSWERED, error_text(found, state)
    if missing := missing_text(rule.inputs, state):
        return NOT_ANSWERED, missing
    if rule.each:
        return run_each(rule, state)
    row = execute(rule.program, state, rule.fast)
    found = row if isinstance(row, Exception) else problem(row)
    if found is not None:
        return NOT_ANSWERED, error_text(found, state)
    return (PASS if row[0] else FAIL), partial(render, rule, row, state.lang)


def execute(program, state: State, fast=None, items=None):
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


def run_each(rule, state: State) -> tuple[str, str]:
    items = state.values.get(rule.each)
    if not isinstance(items, list) or not items:
        plural = label(rule.each, state.lang)
        return NOT_ANSWERED, state.text["no_items"].format(plural)
    name = ITEM_LABELS[rule.each][state.lang]
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            return NOT_ANSWERED, f"{name} {number}: {error_text('type', state)}"
        if missing := missing_text(rule.item_inputs, state, item, rule.each):
            return NOT_ANSWERED, f"{name} {number}: {missing}"
    rows = execute(rule.program, state, rule.fast, items)
    if isinstance(rows, Exception):
        return NOT_ANSWERED, error_text(rows, state)
    return each_outcome(rule, rows, state)


def each_outcome(rule, rows: list, state: State) -> tuple[str, str]:
    """The outcome of a rule over items from its rows [check, values...]."""
    name = ITEM_LABELS[rule.each][state.lang]
    failing = []
    for number, row in enumerate(rows, 1):
        if row[0] is True:  # a passing item is not explained: nothing to check
            continue
        found = problem(row)
        if found is not None:
            return NOT_ANSWERED, f"{name} {number}: {error_text(found, state)}"
        failing.append((number, row))
    if failing:
        return FAIL, partial(render_items, rule, name, failing, state.lang)
    return PASS, partial(_all_pass, rule.each, len(rows), state)


def _all_pass(each: str, count: int, state: State) -> str:
    return state.text["all_pass"].format(label(each, state.lang), count)


def problem(row: list) -> str | None:
    """Why a result row [check, placeholder values...] cannot be used, or None."""
    if not isinstance(row[0], bool):
        return "not_bool"
    for value in row:
        if value.__class__ is bool or value.__class__ is str:  # the common case
            continue
        if isinstance(value, float) and not math.isfinite(value):
            return "zero"
    return None


def render(rule, row: list, lang: str) -> str:
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


def render_items(rule, name: str, failing: list, lang: str) -> str:
    return "; ".join(f"{name} {n}: {render(rule, row, lang)}" for n, row in failing)


def missing_text(keys, state: State, values=None, list_key=None) -> str | None:
    """The "Not recorded: ..." text naming keys without a value, or None."""
    values = state.values if values is None else values
    if None not in map(values.get, keys):  # the common case, kept fast
        return None
    missing = [label(k, state.lang, list_key) for k in keys if values.get(k) is None]
    return state.text["missing"].format(", ".join(missing)) if missing else None


def error_text(problem, state: State) -> str:
    """``problem`` is a CEL runtime error or a key of ``TEXT``."""
    if isinstance(problem, Exception):
        problem = "zero" if isinstance(problem, ZeroDivisionError) else "type"
    return state.text["error"].format(state.text[problem])
