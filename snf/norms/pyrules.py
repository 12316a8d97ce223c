"""Rules as Python functions, translated from the same CEL text (the fast path).

Only a small subset of CEL is translated: double and string literals, names,
``item.x``, ``! - * / + < <= > >= == != && || ?:`` and ``double(int(x))``. Every
name gets one type (double, string or bool) from how the rule uses it, and the
generated function checks each value's type before computing anything, so the
Python operators agree with CEL's. Whatever the translator refuses (another
construct, a name whose type it cannot tell) is ``None``: that rule runs in
CEL. Whatever the generated code cannot decide exactly at run time (a value of
another type, division by zero, a number ``int`` cannot hold) raises
``Fallback``, and that rule runs in CEL for that document.
"""

import math
import re

FLOAT, STR, BOOL, SCALAR = "float", "str", "bool", "scalar"
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)"
    r"|(?P<str>'[^'\\\n]*'|\"[^\"\\\n]*\")|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<op>&&|\|\||==|!=|<=|>=|[!<>+\-*/?:().]))",
    re.ASCII,  # CEL names are ASCII; so are the generated Python names
)
_BINARY = {  # CEL precedence, loosest first (the ternary is looser still)
    "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3,
    "+": 4, "-": 4, "*": 5, "/": 5,
}  # fmt: skip
_WORDS = "true false null in as break const continue else for function if import let"
_WORDS += " loop package namespace return var void while int double"
_RESERVED = frozenset(_WORDS.split())
_CLASS = {FLOAT: "float", STR: "str", BOOL: "bool"}


class Unsupported(Exception):
    """The source is outside the subset: run the rule in CEL."""


class Fallback(Exception):
    """This document needs CEL's own answer for this rule."""


def _tokens(source: str) -> list:
    found, position = [], 0
    source = source.rstrip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if not match:
            raise Unsupported(source[position:])
        found.append((match.lastgroup, match.group(match.lastgroup)))
        position = match.end()
    return found


class _Parser:
    def __init__(self, source: str, each: bool):
        self.tokens, self.at, self.each = _tokens(source), 0, each

    def parse(self):
        node = self.ternary()
        if self.at != len(self.tokens):
            raise Unsupported("trailing tokens")
        return node

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def take(self, op=None):
        kind, text = self.peek()
        if kind is None or (op is not None and text != op):
            raise Unsupported(f"expected {op}")
        self.at += 1
        return kind, text

    def ternary(self):
        condition = self.binary(1)
        if self.peek() != ("op", "?"):
            return condition
        self.take("?")
        then = self.binary(1)
        self.take(":")
        return ("cond", condition, then, self.ternary())

    def binary(self, level):
        left = self.unary()
        while True:
            kind, text = self.peek()
            if kind != "op" or _BINARY.get(text, 0) < level:
                return left
            self.take()
            right = self.binary(_BINARY[text] + 1)
            if _BINARY[text] == 3 and left[0] == "bin" and _BINARY[left[1]] == 3:
                raise Unsupported("chained comparison")
            left = ("bin", text, left, right)

    def unary(self):
        kind, text = self.peek()
        if (kind, text) == ("op", "!"):
            self.take()
            return ("not", self.unary())
        if (kind, text) == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        return self.primary()

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return ("lit", FLOAT, float(text))
        if kind == "str":
            return ("lit", STR, text[1:-1])
        if text == "(":
            node = self.ternary()
            self.take(")")
            return node
        if text in ("true", "false"):
            return ("lit", BOOL, text == "true")
        if text == "double" and self.peek() == ("op", "("):
            return self.conversion()
        if kind != "name" or text in _RESERVED:
            raise Unsupported(text)
        if text == "item":
            if not self.each:
                raise Unsupported("item outside each")
            self.take(".")
            field = self.take()
            if field[0] != "name" or field[1] in _RESERVED:
                raise Unsupported("item field")
            return ("var", "item." + field[1])
        if self.peek() in (("op", "."), ("op", "(")):
            raise Unsupported("member or call")
        return ("var", text)

    def conversion(self):
        """``double(int(x))``: the only call the norm's explanations use."""
        for name in ("(", "int", "("):
            self.take(name)
        node = self.ternary()
        self.take(")")
        self.take(")")
        return ("trunc", node)


class _Types:
    """One type per name, found from how the expressions use it."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.open = False  # a comparison of two names of unknown type
        # The last pass takes double for those: the guards make any choice
        # safe (another type at run time falls back to CEL), double is common.
        self.default = None

    def of(self, node):
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "var":
            return self.names.get(node[1])
        if kind in ("neg", "trunc"):
            return FLOAT
        if kind == "not":
            return BOOL
        if kind == "bin":
            return FLOAT if _BINARY[node[1]] >= 4 else BOOL
        return self.of(node[2]) or self.of(node[3])

    def need(self, node, wanted):
        found = self.of(node)
        if found is None and node[0] == "var":
            self.names[node[1]] = wanted
        elif found is None:
            self.visit(node, wanted)
        elif found != wanted:
            raise Unsupported(f"{found} where {wanted} is needed")
        self.visit(node, wanted)

    def visit(self, node, wanted=None):
        kind = node[0]
        if kind in ("neg", "trunc"):
            self.need(node[1], FLOAT)
        elif kind == "not":
            self.need(node[1], BOOL)
        elif kind == "cond":
            self.need(node[1], BOOL)
            self.same(node[2], node[3], wanted, (FLOAT, STR, BOOL))
        elif kind == "bin":
            self.binary(node)

    def binary(self, node):
        op, left, right = node[1:]
        level = _BINARY[op]
        if level <= 2:
            self.need(left, BOOL)
            self.need(right, BOOL)
        elif level >= 4:
            self.need(left, FLOAT)
            self.need(right, FLOAT)
        else:
            allowed = (FLOAT, STR, BOOL) if op in ("==", "!=") else (FLOAT, STR)
            self.same(left, right, None, allowed)

    def same(self, left, right, wanted, allowed):
        found = wanted or self.of(left) or self.of(right) or self.default
        if found is None:
            self.open = True
            self.visit(left)
            self.visit(right)
            return
        if found not in allowed:
            raise Unsupported(f"{found} not allowed here")
        self.need(left, found)
        self.need(right, found)


def _emit(node) -> str:
    kind = node[0]
    if kind == "lit":
        return repr(node[2])
    if kind == "var":
        return _local(node[1])
    if kind == "neg":
        return f"(-{_emit(node[1])})"
    if kind == "not":
        return f"(not {_emit(node[1])})"
    if kind == "trunc":
        return f"_trunc({_emit(node[1])})"
    if kind == "cond":
        return f"({_emit(node[2])} if {_emit(node[1])} else {_emit(node[3])})"
    op, left, right = node[1], _emit(node[2]), _emit(node[3])
    if op == "/":
        return f"_div({left}, {right})"
    python = {"&&": "and", "||": "or"}.get(op, op)
    return f"({left} {python} {right})"


def _local(name: str) -> str:
    return ("i_" + name[5:]) if name.startswith("item.") else ("v_" + name)


def _trunc(number: float) -> float:
    if not abs(number) < 2.0**53:  # NaN, infinity and the edge of int64: CEL decides
        raise Fallback
    return float(math.trunc(number))


def _div(left: float, right: float) -> float:
    if right == 0.0:
        raise Fallback
    return left / right


def _guards(names: dict, prefix: str, source: str, indent: str) -> list[str]:
    lines = []
    for name, kind in sorted(names.items()):
        local = _local(name)
        key = name[5:] if name.startswith("item.") else name
        lines.append(f"{indent}{local} = {source}[{key!r}]")
        if kind == SCALAR:
            lines.append(f"{indent}if {local}.__class__ not in (float, bool, str):")
        else:
            lines.append(f"{indent}if {local}.__class__ is not {_CLASS[kind]}:")
        lines.append(f"{indent}    raise Fallback")
    return lines


def translate(expressions: list[str], each: bool, single: bool = False):
    """A function computing ``[expr, ...]`` like the CEL program does.

    Without ``each`` it takes the activation (a dict); with ``each`` it takes
    the activation and the list of items and gives one row per item. None when
    an expression is outside the subset. ``single``: one expression (a
    ``when``), its value rather than a list.
    """
    try:
        found = plan(expressions, each)
        return found and _build(*found, each, single)
    except (RecursionError, ValueError, SyntaxError):
        return None


def plan(expressions: list[str], each: bool):
    """(trees, {name: type}) of the expressions, None outside the subset.

    ``snf.norms.pyversion`` writes one function per version from these.
    """
    try:
        trees = [_Parser(source, each).parse() for source in expressions]
        types = _Types()
        types.names["date"] = STR  # the activation's date is ISO text, always
        for default in (None, None, None, FLOAT):
            types.open, types.default = False, default
            types.need(trees[0], BOOL)
            for tree in trees[1:]:
                types.visit(tree)
    except (Unsupported, RecursionError):
        return None
    if types.open:
        return None
    used: set = set()
    for tree in trees:
        _names(tree, used)
    return trees, {name: types.names.get(name, SCALAR) for name in used}


def _names(tree, found: set) -> set:
    if tree[0] == "var":
        found.add(tree[1])
    for part in tree[1:]:
        if isinstance(part, tuple):
            _names(part, found)
    return found


def _build(trees, typed, each, single):
    outer = {k: v for k, v in typed.items() if not k.startswith("item.")}
    inner = {k: v for k, v in typed.items() if k.startswith("item.")}
    row = "[" + ", ".join(_emit(tree) for tree in trees) + "]"
    row = _emit(trees[0]) if single else row
    lines = ["def rule(env, items=None):", *_guards(outer, "v_", "env", "    ")]
    if each:
        lines += ["    rows = []", "    for item in items:"]
        lines += _guards(inner, "i_", "item", "        ")
        lines += [f"        rows.append({row})", "    return rows"]
    else:
        lines.append(f"    return {row}")
    scope = {"Fallback": Fallback, "_trunc": _trunc, "_div": _div}
    # The source is built only from the tokens _TOKEN lets through (ASCII
    # names as prefixed locals, repr() of literals, fixed operators).
    code = compile("\n".join(lines), "<rule>", "exec")
    exec(code, scope)  # noqa: S102  # nosec B102
    return scope["rule"]
