"""One Python function per norm version, written from the rules' own text.

``rules.CompiledVersion`` judges a document requirement by requirement,
looking each one's settings up at run time. The function written here does
the same work with everything known per version baked in: housing types,
phase-in dates, codes, params, and each rule's check and explanation
placeholders as Python expressions (``pyrules``), per-item loops included.
A rule whose text is outside pyrules' subset, or a document the generated
code cannot decide exactly (a value of another type, a division by zero),
goes to the per-rule path (``rules._run_rule``, CEL where needed) for that
requirement only, so results and explanations stay those of the per-rule
path. Written once per compiled version and set of codes (see
``CompiledVersion.program``).
"""

import re
from functools import partial

from snf.norms import pyrules
from snf.norms.observation_values import label, to_cel
from snf.norms.results import Result
from snf.norms.rule_path import problem

NA, NOT_ANSWERED = "not_applicable", "not_answered"
_INF = float("inf")


def build(version, requirements, helpers: dict, explain: bool):
    """The function ``judge(state) -> list[Result]`` for these requirements.

    ``helpers`` are the per-rule path's functions the code falls back on
    (``run_rule``, ``answer``, ``missing``, ``error``, ``each_outcome``,
    ``render``). Without ``explain`` the function gives the outcomes only
    (``list[str]``, what-if), and writes no explanation.
    """
    writer = _Writer(version, helpers)
    lines = [
        "def judge(state):",
        "    raw, reasons = state.raw, state.reasons",
        "    on, on_iso, lang, text = state.on, state.on_iso, state.lang, state.text",
        "    filter_housing, housing_type = state.filter_housing, state.housing_type",
        "    results = []",
        "    append = results.append",
    ]
    for req in requirements:
        lines += writer.requirement(req)
    lines.append("    return results")
    if not explain:
        lines = _outcomes_only(lines)
    code = compile("\n".join(lines), f"<norm {version.version}>", "exec")
    # The source holds only repr() of codes and literals, names made here and
    # the expressions pyrules writes from the tokens its grammar lets through.
    exec(code, writer.scope)  # noqa: S102  # nosec B102
    judge = writer.scope["judge"]
    judge.per_rule = writer.per_rule
    return judge


class _Writer:
    def __init__(self, version, helpers: dict):
        self.version = version
        self.shared = version._shared
        self.per_rule = 0  # rules left to the per-rule path
        self.scope = {
            **{f"_{name}": function for name, function in helpers.items()},
            "Fallback": pyrules.Fallback,
            "_trunc": pyrules._trunc,
            "_div": pyrules._div,
            "_partial": partial,
            "_label": label,
            "_to_cel": to_cel,
            "_Result": Result,
            "_each_verdict": _each_verdict,
            "_new": tuple.__new__,
            "_INF": _INF,
        }

    def constant(self, value) -> str:
        name = f"K{len(self.scope)}"
        self.scope[name] = value
        return name

    def requirement(self, req) -> list[str]:
        code = repr(req.code)
        clauses = []  # (condition, outcome and text), as rules._outcome orders them
        if req.applies_to != self.version.housing_types:
            applies = self.constant(req.applies_to)
            clauses.append(
                (
                    f"filter_housing and housing_type not in {applies}",
                    f"{NA!r}, text['housing'].format(state.housing_label)",
                )
            )
        if req.effective_from:
            since, iso = self.constant(req.effective_from), req.effective_from
            clauses.append(
                (
                    f"{since} > on",
                    f"{NA!r}, text['not_yet'].format(on_iso, {iso.isoformat()!r})",
                )
            )
        reason = f"reasons and isinstance(r := reasons.get({code}), str) and r.strip()"
        clauses.append((reason, f"{NA!r}, r.strip()"))
        lines = [f"    # {req.code}"]
        for number, (condition, outcome) in enumerate(clauses):
            lines += [
                f"    {'el' if number else ''}if {condition}:",
                f"        o, t = {outcome}",
            ]
        lines.append("    else:")
        if req.rule is None:
            lines.append(f"        o, t = _answer({code}, state)")
        else:
            lines += self.rule(req.rule)
        section, severity = repr(req.section), repr(req.severity)
        row = f"({code}, o, {severity}, [t], {section})"
        lines.append(f"    append(_new(_Result, {row}))")
        return lines

    def rule(self, rule) -> list[str]:
        name = self.constant(rule)
        slow = [f"        o, t = _run_rule({name}, state)"]
        # No pyrules function (outside the subset, or taken out by a test):
        # the per-rule path, CEL, for this requirement.
        if rule.fast is None or (rule.when is not None and rule.fast_when is None):
            return self.slow(slow)
        body = self.main(rule, name)
        if body is not None and rule.when is not None:
            body = self.when(rule, name, body)
        if body is None:
            return self.slow(slow)
        body, fallback = _indent(body, 3), _indent(slow, 1)
        return ["        try:", *body, "        except Exception:", *fallback]

    def slow(self, lines: list[str]) -> list[str]:
        self.per_rule += 1
        return lines

    def when(self, rule, name, main) -> list[str] | None:
        """``main`` (what ``self.main`` wrote, which put NOT_ANSWERED in the
        scope) behind the rule's condition."""
        found = pyrules.plan([rule.when_source], False)
        if found is None:
            return None
        (tree,), typed = found
        lines = []
        if rule.when_inputs:
            lines += [
                f"if None in ({_gets(rule.when_inputs)}):",
                f"    o, t = NOT_ANSWERED, _missing({name}.when_inputs, state)",
                "else:",
            ]
        inner = self.guards(rule, typed, "env")
        inner.append(f"w = {pyrules._emit(tree)}")
        explain = f"{name}.when_explain[lang]" if rule.when_explain else "text['when']"
        inner += [
            "if w is False:",
            f"    o, t = {NA!r}, {explain}",
            "elif w is not True:",
            "    o, t = NOT_ANSWERED, _error('not_bool', state)",
            "else:",
            *_indent(main, 1),
        ]
        return lines + (_indent(inner, 1) if rule.when_inputs else inner)

    def main(self, rule, name) -> list[str] | None:
        found = pyrules.plan(rule.sources, bool(rule.each))
        if found is None:
            return None
        trees, typed = found
        self.scope["NOT_ANSWERED"] = NOT_ANSWERED
        row = "[" + ", ".join(pyrules._emit(tree) for tree in trees) + "]"
        lines = []
        if rule.inputs:
            lines = [
                f"if None in ({_gets(rule.inputs)}):",
                f"    o, t = NOT_ANSWERED, _missing({name}.inputs, state)",
                "else:",
            ]
        inner = self.guards(rule, typed, "env")
        for key in rule.inputs:  # recorded, but not something to_cel keeps
            if key not in typed and key not in (rule.each, "housing_type"):
                inner += [f"if _to_cel(raw[{key!r}]) is None:", "    raise Fallback"]
        if rule.each:
            inner += self.each(rule, name, typed, row)
        else:
            inner += [f"row = {row}", "if row[0].__class__ is not bool:"]
            inner += ["    raise Fallback", *_finite_check(trees, typed, "row")]
            inner += [
                "    o, t = NOT_ANSWERED, _error('zero', state)",
                "else:",
                "    o = 'pass' if row[0] else 'fail'",
                f"    t = _partial(_render, {name}, row, lang)",
            ]
        return lines + (_indent(inner, 1) if lines else inner)

    def each(self, rule, name, typed, row) -> list[str]:
        items = f"raw.get({rule.each!r})"
        plural = f"_label({rule.each!r}, lang)"
        check = " or ".join(
            ["item.__class__ is not dict"]
            # a field the expressions read is checked by its guard (None fails)
            + [
                f"item.get({key!r}) is None"
                for key in rule.item_inputs
                if f"item.{key}" not in typed
            ]
        )
        return [
            f"items = {items}",
            "if items is None or items.__class__ is list and not items:",
            f"    o, t = NOT_ANSWERED, text['no_items'].format({plural})",
            "elif items.__class__ is not list:",
            "    raise Fallback",  # a tuple, say: the per-rule path converts it
            "else:",
            "    rows = []",
            "    for item in items:",
            f"        if {check}:",
            "            raise Fallback",  # the per-rule path names the item
            *_indent(self.guards(rule, typed, "item"), 2),
            f"        rows.append({row})",
            f"    o, t = _each_outcome({name}, rows, state)",
        ]

    def guards(self, rule, typed: dict, which: str) -> list[str]:
        """Each name's value into a local, checked to be what the rule's
        types say and what ``to_cel`` would leave as it is (else the per-rule
        path decides, on the converted values)."""
        lines = []
        for key, kind in sorted(typed.items()):
            inner = key.startswith("item.")
            if inner != (which == "item"):
                continue
            local = pyrules._local(key)
            if inner:
                lines.append(f"{local} = item.get({key[5:]!r})")
            else:
                lines += self.source(rule, key, local)
            if kind in (pyrules.FLOAT, pyrules.SCALAR):
                # JSON gives whole numbers as int: to_cel makes them double
                lines += [
                    f"if {local}.__class__ is int:",  # too large: OverflowError,
                    f"    {local} = float({local})",  # and the per-rule path
                ]
            if kind == pyrules.SCALAR:
                test = f"({_kept(local, 'float')} or {_kept(local, 'bool')} or "
                test += f"{_kept(local, 'str')})"
            else:
                test = _kept(local, pyrules._CLASS[kind])
            lines += [f"if not {test}:", "    raise Fallback"]
        return lines

    def source(self, rule, key: str, local: str) -> list[str]:
        """Where the per-rule path's activation takes the value of ``key``."""
        if key in rule.bind:
            return [f"{local} = {self.constant(rule.bind[key])}"]
        if key == "date":
            return [f"{local} = on_iso"]
        if key == "housing_type":
            return [f"{local} = housing_type"]
        if key in rule.inputs:
            return [f"{local} = raw[{key!r}]"]
        default = rule.optional.get(key, self.shared.get(key))
        if key in rule.optional or key in self.shared:
            return [
                f"{local} = raw.get({key!r})",
                f"if {local} is None:",
                f"    {local} = {self.constant(default)}",
            ]
        return ["raise Fallback"]


def _kept(local: str, kind: str) -> str:
    if kind == "str":  # text to_cel might drop (lone surrogates): per-rule path
        return f"({local}.__class__ is str and {local}.isascii())"
    return f"{local}.__class__ is {kind}"


_SIMPLE = re.compile(r"^(\s*)o, t = ('not_applicable'|NOT_ANSWERED), .*$")
_ANSWER = re.compile(r"^(\s*)o, t = _answer\(('[^']*'), state\)$")
_EACH = re.compile(r"^(\s*)o, t = _each_outcome\(\w+, rows, state\)$")
_ANSWERED = "(('pass' if a else 'fail') if (a := answers.get({})).__class__ is bool"
_ANSWERED += " else NOT_ANSWERED)"


def _outcomes_only(lines: list[str]) -> list[str]:
    """The same function giving outcomes, with no explanation written."""
    found = []
    for line in lines:
        if line.lstrip().startswith("t = _partial("):
            continue
        if line.lstrip().startswith("append(_new(_Result,"):
            line = "    append(o)"
        if match := _ANSWER.match(line):
            line = f"{match[1]}o = {_ANSWERED.format(match[2])}"
        line = _EACH.sub(r"\1o = _each_verdict(rows)", line)
        found.append(_SIMPLE.sub(r"\1o = \2", line))
    found.insert(1, "    answers = state.answers")
    return found


def _each_verdict(rows: list) -> str:
    """``rule_path.each_outcome``'s outcome, without its explanation."""
    outcome = "pass"
    for row in rows:
        if row[0] is True:
            continue
        if problem(row) is not None:
            return NOT_ANSWERED
        outcome = "fail"
    return outcome


def _gets(keys) -> str:
    return "".join(
        "housing_type, " if key == "housing_type" else f"raw.get({key!r}), "
        for key in keys
    )


def _finite_check(trees, typed, row: str) -> list[str]:
    """``if <a placeholder is infinite or NaN>:`` (``rules._problem``'s test)."""
    tests = ["False"]
    for index, tree in enumerate(trees[1:], 1):
        kind = _kind(tree, typed)
        value = f"{row}[{index}]"
        if kind == pyrules.FLOAT:
            tests.append(f"not -_INF < {value} < _INF")
        elif kind != pyrules.STR and kind != pyrules.BOOL:
            tests.append(f"({value}.__class__ is float and not -_INF < {value} < _INF)")
    return [f"if {' or '.join(tests)}:"]


def _kind(tree, typed):
    kind = tree[0]
    if kind == "lit":
        return tree[1]
    if kind == "var":
        return typed.get(tree[1])
    if kind in ("neg", "trunc"):
        return pyrules.FLOAT
    if kind == "not":
        return pyrules.BOOL
    if kind == "bin":
        return pyrules.FLOAT if pyrules._BINARY[tree[1]] >= 4 else pyrules.BOOL
    return None  # a conditional: checked at run time


def _indent(lines: list[str], levels: int) -> list[str]:
    return [" " * 4 * levels + line for line in lines]
