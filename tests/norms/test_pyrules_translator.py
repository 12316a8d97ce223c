"""The translator from the CEL subset to Python (pyrules), judged on its own output.

A rule the translator refuses, or a document its function cannot decide, runs in
CEL with the same answer: evaluating versions cannot tell a broken translator
from a slow one. These tests look at what it makes: the tokens and trees it
reads, the types it gives each name, the Python it writes, what it refuses and
why, and the values its functions give, against CEL's, on generated rules and
documents. Everything is translated inside the tests (nothing at import), so a
changed translator is the one under test.
"""

import datetime as dt
import math

import cel
import pytest
from hypothesis import given
from hypothesis import strategies as st

from snf.norms import pyrules
from snf.norms.loader_data import load_shipped_versions
from snf.norms.pyrules import BOOL, FLOAT, SCALAR, STR, Fallback, Unsupported
from snf.norms.rule_path import State
from snf.norms.rules import compile_version
from tests.norms.test_properties import CONFORM, FAST, valid_documents

SHIPPED = load_shipped_versions()


def tree(source, each=False):
    return pyrules._Parser(source, each).parse()


def refusal(source, each=False) -> str:
    with pytest.raises(Unsupported) as caught:
        tree(source, each)
    return str(caught.value)


def types(*sources, each=False):
    found = pyrules.plan(list(sources), each)
    return found and found[1]


def python(source, each=False) -> str:
    found = pyrules.plan([source], each)
    assert found is not None, source
    return pyrules._emit(found[0][0])


def var(name):
    return ("var", name)


def num(value):
    return ("lit", FLOAT, value)


# -- tokens ------------------------------------------------------------------------


def test_tokens_of_every_kind():
    source = " a1 >= 1.5e3 && s != 'x y' || !(t == \"q\") ? -2.0 : b_2 / 3E-2  "
    assert pyrules._tokens(source) == [
        ("name", "a1"), ("op", ">="), ("num", "1.5e3"), ("op", "&&"),
        ("name", "s"), ("op", "!="), ("str", "'x y'"), ("op", "||"),
        ("op", "!"), ("op", "("), ("name", "t"), ("op", "=="), ("str", '"q"'),
        ("op", ")"), ("op", "?"), ("op", "-"), ("num", "2.0"), ("op", ":"),
        ("name", "b_2"), ("op", "/"), ("num", "3E-2"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "rest"),
    [
        ("a # b", " # b"),
        ("a = b", " = b"),
        ("a > 12", " 12"),  # integer literals are not in the subset
        ("a > ١.٠", " ١.٠"),  # digits are ASCII digits
        ("größe > 1.0", "öße > 1.0"),  # names are ASCII names
        ("'a\\n' == s", "'a\\n' == s"),  # no escapes
        ("'a\nb' == s", "'a\nb' == s"),  # no newline inside a string
        ("s == 'open", " 'open"),
    ],
)
def test_tokens_refuse_the_rest_of_the_text_they_cannot_read(source, rest):
    with pytest.raises(Unsupported) as caught:
        pyrules._tokens(source)
    assert str(caught.value) == rest


def test_tokens_read_every_operator_and_number_form():
    ops = "&& || == != <= >= ! < > + - * / ? : ( ) ."
    assert pyrules._tokens(ops) == [("op", op) for op in ops.split()]
    numbers = "0.5 12.25 1.5e3 1.5E+3 1.5e-3 2e3 2E-3"
    assert pyrules._tokens(numbers) == [("num", n) for n in numbers.split()]
    assert pyrules._tokens('"it\'s" \'say "hi"\'') == [
        ("str", '"it\'s"'),
        ("str", "'say \"hi\"'"),
    ]
    assert pyrules._tokens("") == []
    assert pyrules._tokens("   ") == []


# -- trees -------------------------------------------------------------------------


def test_precedence_and_associativity_follow_cel():
    a, b, c = var("a"), var("b"), var("c")
    assert tree("a + b * c") == ("bin", "+", a, ("bin", "*", b, c))
    assert tree("a * b + c") == ("bin", "+", ("bin", "*", a, b), c)
    assert tree("a - b - c") == ("bin", "-", ("bin", "-", a, b), c)
    assert tree("a / b / c") == ("bin", "/", ("bin", "/", a, b), c)
    assert tree("a - b * c / a") == (
        "bin", "-", a, ("bin", "/", ("bin", "*", b, c), a),
    )  # fmt: skip
    assert tree("(a - b) * c") == ("bin", "*", ("bin", "-", a, b), c)
    assert tree("a || b && c") == ("bin", "||", a, ("bin", "&&", b, c))
    assert tree("a && b || c") == ("bin", "||", ("bin", "&&", a, b), c)
    assert tree("a || b || c") == ("bin", "||", ("bin", "||", a, b), c)
    assert tree("a < b + c") == ("bin", "<", a, ("bin", "+", b, c))
    assert tree("a + b <= c") == ("bin", "<=", ("bin", "+", a, b), c)
    assert tree("a == b && c") == ("bin", "&&", ("bin", "==", a, b), c)
    assert tree("a && b != c") == ("bin", "&&", a, ("bin", "!=", b, c))
    assert tree("a > b || c >= a") == (
        "bin", "||", ("bin", ">", a, b), ("bin", ">=", c, a),
    )  # fmt: skip


def test_unary_operators_bind_tightest():
    a, b = var("a"), var("b")
    assert tree("!a") == ("not", a)
    assert tree("!!a") == ("not", ("not", a))
    assert tree("-a") == ("neg", a)
    assert tree("--a") == ("neg", ("neg", a))
    assert tree("-a * b") == ("bin", "*", ("neg", a), b)
    assert tree("!a && b") == ("bin", "&&", ("not", a), b)
    assert tree("!(a && b)") == ("not", ("bin", "&&", a, b))


def test_the_conditional_is_loosest_and_nests_to_the_right():
    a, b, c, d, e = map(var, "abcde")
    assert tree("a ? b : c") == ("cond", a, b, c)
    assert tree("a || b ? c : d") == ("cond", ("bin", "||", a, b), c, d)
    assert tree("a ? b || c : d") == ("cond", a, ("bin", "||", b, c), d)
    assert tree("a ? b : c ? d : e") == ("cond", a, b, ("cond", c, d, e))
    assert tree("a ? b : c || d") == ("cond", a, b, ("bin", "||", c, d))
    assert tree("(a ? b : c) ? d : e") == ("cond", ("cond", a, b, c), d, e)
    assert tree("a ? (b ? c : d) : e") == ("cond", a, ("cond", b, c, d), e)


def test_literals_names_and_conversions():
    assert tree("1.5") == num(1.5)
    assert tree("2e3") == num(2000.0)
    assert tree("'it is'") == ("lit", STR, "it is")
    assert tree('"x"') == ("lit", STR, "x")
    assert tree("''") == ("lit", STR, "")
    assert tree("true") == ("lit", BOOL, True)
    assert tree("false") == ("lit", BOOL, False)
    assert tree("(a)") == var("a")
    assert tree("double(int(a))") == ("trunc", var("a"))
    assert tree("double(int(a + 0.5)) * 2.0") == (
        "bin", "*", ("trunc", ("bin", "+", var("a"), num(0.5))), num(2.0),
    )  # fmt: skip
    assert tree("double(int(a ? b : c))") == (
        "trunc", ("cond", var("a"), var("b"), var("c")),
    )  # fmt: skip
    assert tree("item.area_m2 >= a", each=True) == (
        "bin", ">=", var("item.area_m2"), var("a"),
    )  # fmt: skip
    assert tree("items", each=True) == var("items")
    assert tree("doubled") == var("doubled")


@pytest.mark.parametrize("word", sorted(pyrules._RESERVED - {"true", "false"}))
def test_reserved_words_are_no_names(word):
    assert refusal(f"{word} > 1.0") == word
    assert refusal(f"item.{word} > 1.0", each=True) == "item field"


@pytest.mark.parametrize(
    ("source", "each", "message"),
    [
        ("item.area > 1.0", False, "item outside each"),
        ("item > 1.0", True, "expected ."),
        ("item.1.5 > 1.0", True, "item field"),
        ("item.'a' > 1.0", True, "item field"),
        ("item.a.b > 1.0", True, "trailing tokens"),
        ("a.b > 1.0", False, "member or call"),
        ("size(a) > 1.0", False, "member or call"),
        ("double(a) > 1.0", False, "expected int"),
        ("double(int a) > 1.0", False, "expected ("),
        ("double(int(a) > 1.0", False, "expected )"),
        ("double(int(a > 1.0", False, "expected )"),
        ("double > 1.0", False, "double"),
        ("a b", False, "trailing tokens"),
        ("a > 1.0)", False, "trailing tokens"),
        ("(a > 1.0", False, "expected )"),
        ("", False, "expected None"),
        ("a >", False, "expected None"),
        (")", False, ")"),
        ("* a", False, "*"),
        ("a ? b", False, "expected :"),
        ("a ? b ? c : d : e", False, "expected :"),
        ("a < b < c", False, "chained comparison"),
        ("a == b != c", False, "chained comparison"),
        ("(a < b) >= c", False, "chained comparison"),
        ("a < b == c", False, "chained comparison"),
    ],
)
def test_the_parser_refuses_with_the_reason(source, each, message):
    assert refusal(source, each) == message
    assert pyrules.plan([source], each) is None
    assert pyrules.translate([source], each) is None


def test_comparisons_of_sums_or_of_groups_are_not_chains():
    assert tree("a + b < c") == ("bin", "<", ("bin", "+", var("a"), var("b")), var("c"))
    assert tree("(a < b) && c < a")[1] == "&&"
    assert tree("a < (b ? c : a)")[1] == "<"


def test_too_deep_a_rule_is_refused_not_raised():
    deep = "(" * 3000 + "a" + ")" * 3000 + " > 1.0"
    assert pyrules.plan([deep], False) is None
    assert pyrules.translate([deep], False) is None
    negated = "!" * 3000 + "a"
    assert pyrules.translate([negated], False) is None


# -- types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["a > 1.0"], {"a": FLOAT}),
        (["1.0 <= a"], {"a": FLOAT}),
        (["s == 'x'"], {"s": STR}),
        (["'x' != s"], {"s": STR}),
        (["p"], {"p": BOOL}),
        (["!p"], {"p": BOOL}),
        (["p && !q || r"], {"p": BOOL, "q": BOOL, "r": BOOL}),
        (["-a > b"], {"a": FLOAT, "b": FLOAT}),
        (["double(int(a)) == b"], {"a": FLOAT, "b": FLOAT}),
        (["a * b - c / d >= e"], dict.fromkeys("abcde", FLOAT)),
        (["p == true"], {"p": BOOL}),
        (["p != q && q"], {"p": BOOL, "q": BOOL}),
        (["a == b"], {"a": FLOAT, "b": FLOAT}),  # nothing tells: double
        (["a == b && b == 'x'"], {"a": STR, "b": STR}),
        (["a == b && b == c && c == d && d == 'x'"], dict.fromkeys("abcd", STR)),
        (["a < b && b < c && c < 'x'"], dict.fromkeys("abc", STR)),
        # a conditional has the type of either branch that has one
        (
            ["a == b && b == c && c == d && d == (p ? 'x' : e)"],
            {"p": BOOL} | dict.fromkeys("abcde", STR),
        ),
        (
            ["a == b && b == c && c == d && d == (p ? e : 'x')"],
            {"p": BOOL} | dict.fromkeys("abcde", STR),
        ),
        (["c ? x : y"], {"c": BOOL, "x": BOOL, "y": BOOL}),
        (["(c ? x : y) > 1.0"], {"c": BOOL, "x": FLOAT, "y": FLOAT}),
        (["(c ? x : 'n') == s"], {"c": BOOL, "x": STR, "s": STR}),
        (["(c ? 'y' : x) == s"], {"c": BOOL, "x": STR, "s": STR}),
        (["s == (c ? x : y) && x == 'a'"], {"c": BOOL, "x": STR, "y": STR, "s": STR}),
        (
            ["(c ? x : y) == (d ? 1.0 : z)"],
            {"c": BOOL, "d": BOOL} | dict.fromkeys("xyz", FLOAT),
        ),
        (["-(c ? x : y) > 0.0"], {"c": BOOL, "x": FLOAT, "y": FLOAT}),
        (["true", "a + 1.0"], {"a": FLOAT}),
        (["true", "s", "p"], {"s": SCALAR, "p": SCALAR}),
        (["true", "c ? x : 1.0"], {"c": BOOL, "x": FLOAT}),
        (["true", "c ? x : y"], {"c": BOOL, "x": FLOAT, "y": FLOAT}),
        (["true", "!p", "s < 'm'"], {"p": BOOL, "s": STR}),
        (["p", "a == b"], {"p": BOOL, "a": FLOAT, "b": FLOAT}),
        (["a > 1.0", "a"], {"a": FLOAT}),
        (["a == b", "b + 1.0"], {"a": FLOAT, "b": FLOAT}),
        (["a == b", "b == 'x'"], {"a": STR, "b": STR}),
        (["p == (a == b)"], {"a": FLOAT, "b": FLOAT, "p": BOOL}),
        (["!(a == 'x') == (b == c)"], {"a": STR, "b": FLOAT, "c": FLOAT}),
    ],
)
def test_every_name_gets_the_type_its_use_tells(sources, expected):
    assert types(*sources) == expected


def test_the_date_is_a_string_and_types_what_it_is_compared_with():
    assert types("date <= until") == {"date": STR, "until": STR}
    assert types("true", "until >= date ? a : b") == {
        "date": STR,
        "until": STR,
        "a": FLOAT,
        "b": FLOAT,
    }
    assert types("date > 1.0") is None
    assert types("p", "date") == {"p": BOOL, "date": STR}


def test_item_fields_are_typed_apart_from_names():
    assert types("item.area >= area && item.ok", "item.name", each=True) == {
        "item.area": FLOAT,
        "area": FLOAT,
        "item.ok": BOOL,
        "item.name": SCALAR,
    }


@pytest.mark.parametrize(
    "sources",
    [
        ["a + 1.0"],  # a check that is no bool
        ["'yes'"],
        ["c ? 1.0 : 2.0"],
        ["a > 1.0 && a == 'x'"],  # one name, two types
        ["p && p > 1.0"],
        ["'x' + s == s"],  # no sums of strings
        ["s == 'x' && s + t > 1.0"],
        ["s == 'x' && s * t > 1.0"],
        ["-s == 'x'"],
        ["!a && a > 1.0"],
        ["p < q && p"],  # no order on bools
        ["true < false"],
        ["(p == q) < true"],
        ["c ? 1.0 : 'x'"],  # branches of two types
        ["(c ? 1.0 : 'x') == s"],
        ["(c ? a : b) > 1.0 && a == 'x'"],
        ["1.0 ? p : q"],  # a condition that is no bool
        ["double(int('x')) > 1.0"],
        ["true", "a > 1.0 && a"],  # an explanation may not contradict itself
        ["a > 1.0", "a == 'x'"],  # nor the check
        ["a == b && b == c && c == d && d == e && e == 'x'"],  # too long to tell
        ["a == b && a && -b == c"],  # b: bool by the first, double by the last
    ],
)
def test_rules_whose_types_do_not_fit_are_refused(sources):
    assert pyrules.plan(sources, False) is None
    assert pyrules.translate(sources, False) is None


def test_one_pass_leaves_two_untyped_names_to_the_next():
    checker = pyrules._Types()
    checker.visit(tree("a == b && b == 'x'"))
    assert checker.names == {"date": STR, "b": STR}
    checker.visit(tree("a == b && b == 'x'"))
    assert checker.names == {"date": STR, "a": STR, "b": STR}


def test_the_refusal_names_the_types_that_clash():
    checker = pyrules._Types()
    with pytest.raises(Unsupported, match="^float where bool is needed$"):
        checker.need(tree("a + 1.0"), BOOL)
    checker = pyrules._Types()
    with pytest.raises(Unsupported, match="^bool not allowed here$"):
        checker.visit(tree("true < p"))
    checker = pyrules._Types()
    with pytest.raises(Unsupported, match="^float where str is needed$"):
        checker.visit(tree("s == 'x' && s > 1.0"))


# -- the Python it writes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a / b >= 1.0", "(_div(v_a, v_b) >= 1.0)"),
        ("a + b * c < 2.5", "((v_a + (v_b * v_c)) < 2.5)"),
        ("a - b - c != 0.0", "(((v_a - v_b) - v_c) != 0.0)"),
        ("-a <= 1e3", "((-v_a) <= 1000.0)"),
        ("!p && q || r", "(((not v_p) and v_q) or v_r)"),
        ("p == true", "(v_p == True)"),
        ("p != false", "(v_p != False)"),
        ("s > 'it''s'", None),
        ('s == "it\'s"', '(v_s == "it\'s")'),
        ("s == ''", "(v_s == '')"),
        ("c ? a > 1.0 : b < 2.0", "((v_a > 1.0) if v_c else (v_b < 2.0))"),
        ("double(int(a)) == a", "(_trunc(v_a) == v_a)"),
        ("double(int(a / 2.0)) > 0.0", "(_trunc(_div(v_a, 2.0)) > 0.0)"),
        ("item.area >= area", "(i_area >= v_area)"),
        ("p", "v_p"),
        ("true", "True"),
    ],
)
def test_the_python_written_for_a_rule(source, expected):
    if expected is None:
        assert pyrules.plan([source], True) is None
    else:
        assert python(source, each=True) == expected


def test_locals_are_prefixed_so_no_name_meets_python():
    assert pyrules._local("item.area") == "i_area"
    assert pyrules._local("items") == "v_items"
    assert pyrules._local("not") == "v_not"
    assert pyrules._local("itemarea") == "v_itemarea"
    translated = pyrules.translate(["not == Fallback && item.rows"], True)
    env = {"not": 1.0, "Fallback": 1.0}
    assert translated(env, [{"rows": True}, {"rows": False}]) == [[True], [False]]


# -- the functions it makes --------------------------------------------------------


def test_a_function_gives_the_row_of_values():
    rule = pyrules.translate(["a >= b * 2.0", "a / b", "s", "p ? 'y' : 'n'"], False)
    assert rule({"a": 5.0, "b": 2.0, "s": "x", "p": False}) == [True, 2.5, "x", "n"]
    assert rule({"a": 3.0, "b": 2.0, "s": True, "p": True}, None) == [
        False,
        1.5,
        True,
        "y",
    ]


def test_a_single_expression_gives_its_value():
    when = pyrules.translate(["s == 'x' || a > 1.0"], False, single=True)
    assert when({"s": "x", "a": 0.0}) is True
    assert when({"s": "y", "a": 0.0}) is False
    assert pyrules.translate(["s == 'x'"], False)({"s": "x"}) == [True]


def test_per_item_rows_read_the_items_and_the_names():
    rule = pyrules.translate(
        ["item.area >= minimum * item.persons", "item.area", "item.xa - item.ya"],
        True,
    )
    env = {"minimum": 4.0}
    items = [
        {"area": 8.0, "persons": 2.0, "xa": 5.0, "ya": 1.0},
        {"area": 7.0, "persons": 2.0, "xa": 1.0, "ya": 5.0},
    ]
    assert rule(env, items) == [[True, 8.0, 4.0], [False, 7.0, -4.0]]
    assert rule(env, []) == []
    with pytest.raises(Fallback):
        rule({"minimum": "4"}, items)
    with pytest.raises(Fallback):
        rule(env, [items[0], {**items[1], "persons": 2}])
    with pytest.raises(KeyError):
        rule(env, [{"area": 8.0, "persons": 2.0}])
    with pytest.raises(KeyError):
        rule({}, items)


def test_every_value_is_checked_for_its_type_before_use():
    rule = pyrules.translate(["a > 0.0 && s == 'x' && p", "n"], False)
    good = {"a": 1.0, "s": "x", "p": True, "n": 1.0}
    assert rule(good) == [True, 1.0]
    assert rule({**good, "n": "text"}) == [True, "text"]
    assert rule({**good, "n": False}) == [True, False]
    for name, value in [
        ("a", 1),
        ("a", True),
        ("a", "1.0"),
        ("a", None),
        ("s", 1.0),
        ("s", None),
        ("p", 1),
        ("p", 1.0),
        ("p", "true"),
        ("n", 1),
        ("n", None),
        ("n", [1.0]),
        ("n", {"a": 1.0}),
    ]:
        with pytest.raises(Fallback):
            rule({**good, name: value})
        with pytest.raises(KeyError):
            rule({k: v for k, v in good.items() if k != name})


def test_what_only_cel_can_decide_falls_back():
    rule = pyrules.translate(["a / b >= 1.0", "double(int(a))"], False)
    assert rule({"a": -7.5, "b": 2.0}) == [False, -7.0]
    for env in (
        {"a": 1.0, "b": 0.0},
        {"a": 1.0, "b": -0.0},
        {"a": 2.0**53, "b": 1.0},
        {"a": -(2.0**53), "b": 1.0},
        {"a": 1e19, "b": 1.0},
        {"a": math.inf, "b": 1.0},
        {"a": math.nan, "b": 1.0},
    ):
        with pytest.raises(Fallback):
            rule(env)


def test_truncation_and_division_helpers():
    assert pyrules._trunc(2.0**53 - 1) == 2.0**53 - 1
    assert pyrules._trunc(-(2.0**53) + 1) == -(2.0**53) + 1
    assert pyrules._trunc(-1234.9).__class__ is float
    assert pyrules._trunc(-1234.9) == -1234.0
    assert pyrules._trunc(1e15 + 0.5) == 1e15
    assert pyrules._trunc(0.99) == 0.0
    assert pyrules._div(1.0, 4.0) == 0.25
    assert pyrules._div(-3.0, 1.0) == -3.0
    assert pyrules._div(0.0, 5.0) == 0.0


# -- the shipped norms -------------------------------------------------------------


def _rules():
    for doc in SHIPPED:
        version = compile_version(doc)
        for req in version.requirements:
            if req.rule:
                yield version, req


def test_every_shipped_rule_translates():
    seen = 0
    for _version, req in _rules():
        rule = req.rule
        assert rule.fast is not None, req.code
        assert pyrules.plan(list(rule.sources), bool(rule.each)) is not None, req.code
        if rule.when_source:
            assert rule.fast_when is not None, req.code
        seen += 1
    assert seen > 50


def _cel(program, context):
    try:
        return program.execute(context)
    except Exception as error:  # noqa: BLE001 - CEL's runtime errors are the answer
        return error


def _judge_shipped_rules(observations, on="2025-06-01"):
    """Each translated shipped rule against its CEL program; those that fell back."""
    fell_back = set()
    for version, req in _rules():
        rule = req.rule
        state = State(version, observations, dt.date.fromisoformat(on), None, "en")
        env = {**state.env, **rule.params}
        for name, value in (rule.optional or {}).items():
            env.setdefault(name, value)
        context = cel.Context(env)
        pairs = [(rule.fast, rule.program)]
        if rule.when_source:
            pairs.append((rule.fast_when, rule.when))
        for fast, program in pairs:
            items = env.get(rule.each) if program is rule.program else None
            try:
                found = fast(env, items)
            except (Fallback, KeyError):
                fell_back.add((version.version, req.code, program is rule.when))
                continue
            expected = _cel(program, context)
            assert _same(found, expected), (req.code, found, expected)
    return fell_back


# Two names compared with each other and with nothing else
# (``taken_into_use_on < new_build_from``): the translator cannot tell their
# type and takes double; they are strings, so this check always runs in CEL.
# Known, not wanted: any other is a regression.
ALWAYS_IN_CEL = {("2025.2", "B-2.7", False)}


def test_shipped_rules_answer_like_cel_on_a_conforming_document():
    # Every rule has its inputs here: none but the known ones may need CEL.
    assert _judge_shipped_rules(CONFORM) == ALWAYS_IN_CEL


@FAST
@given(doc=valid_documents())
def test_shipped_rules_answer_like_cel_on_valid_documents(doc):
    _judge_shipped_rules(doc)


# -- generated rules against CEL ---------------------------------------------------

NAMES = {FLOAT: ("x", "y"), STR: ("s", "t"), BOOL: ("p", "q")}
ITEM_NAMES = {FLOAT: ("item.a",), STR: ("item.n",), BOOL: ("item.ok",)}
LITERALS = {
    FLOAT: ("0.0", "2.5", "1e3", "3.0E-1", "1e10"),
    STR: ("''", "'a'", '"b"', "'ab'"),
    BOOL: ("true", "false"),
}


@st.composite
def expressions(draw, kind, depth, each):
    """CEL source of the kind asked, from the subset, fully parenthesised."""
    names = NAMES[kind] + (ITEM_NAMES[kind] if each else ())
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(names + LITERALS[kind]))
    sub = depth - 1
    if draw(st.integers(0, 4)) == 0:
        condition = draw(expressions(BOOL, sub, each))
        then, other = (draw(expressions(kind, sub, each)) for _ in range(2))
        return f"({condition} ? {then} : {other})"
    if kind == STR:
        return draw(expressions(STR, sub, each))
    if kind == FLOAT:
        form = draw(st.sampled_from(["neg", "trunc", "+", "-", "*", "/"]))
        left = draw(expressions(FLOAT, sub, each))
        if form == "neg":
            return f"(-{left})"
        if form == "trunc":
            return f"double(int({left}))"
        return f"({left} {form} {draw(expressions(FLOAT, sub, each))})"
    form = draw(st.sampled_from(["!", "&&", "||", FLOAT, STR, BOOL]))
    if form == "!":
        return f"(!{draw(expressions(BOOL, sub, each))})"
    if form in ("&&", "||"):
        left, right = (draw(expressions(BOOL, sub, each)) for _ in range(2))
        return f"({left} {form} {right})"
    ops = ["==", "!="] + (["<", "<=", ">", ">="] if form != BOOL else [])
    left, right = (draw(expressions(form, sub, each)) for _ in range(2))
    return f"({left} {draw(st.sampled_from(ops))} {right})"


def any_expression(each):
    return st.sampled_from([FLOAT, STR, BOOL]).flatmap(
        lambda kind: expressions(kind, 3, each)
    )


# No NaN or infinity, and none made by overflow: see the test below.
doubles = st.integers(-40000, 40000).map(lambda n: n / 4) | st.sampled_from(
    [0.0, -0.0, 0.1, 2.0**53, -(2.0**53), 2.0**53 - 1, 1e19]
)
texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3)
strings = texts | st.sampled_from(["a", "b", ""])
VALUES = {FLOAT: doubles, STR: strings, BOOL: st.booleans()}
CLASSES = {FLOAT: float, STR: str, BOOL: bool}
wrong_values = st.sampled_from([1, 0, None, [1.0], {"a": 1.0}])


@st.composite
def environments(draw, names):
    """Values of the declared kind, now and then one of another."""
    env = {}
    for kind, keys in names.items():
        for key in keys:
            env[key] = draw(VALUES[kind])
    if draw(st.integers(0, 4)) == 0:
        key = draw(st.sampled_from(sorted(env)))
        other = VALUES[draw(st.sampled_from([FLOAT, STR, BOOL]))]
        env[key] = draw(wrong_values | other)
    return env


def _same(found, expected) -> bool:
    if isinstance(found, list):
        return (
            isinstance(expected, list)
            and len(found) == len(expected)
            and all(map(_same, found, expected))
        )
    if found.__class__ is not expected.__class__:
        return False
    if isinstance(found, float) and math.isnan(found):
        return math.isnan(expected)
    return found == expected


def _compares_a_comparison(source) -> bool:
    """``(a < b) == p``: refused, CEL's parser would read a chain without
    the brackets, and the tree no longer knows them."""
    try:
        tree(source, each=True)
    except Unsupported as error:
        return str(error) == "chained comparison"
    return False


def _fits(value, kind) -> bool:
    if kind == SCALAR:
        return value.__class__ in (float, bool, str)
    return value.__class__ is CLASSES[kind]


def _check_against_cel(sources, env, items=None):
    each = items is not None
    fast = pyrules.translate(sources, each)
    if fast is None and any(map(_compares_a_comparison, sources)):
        return
    assert fast is not None, sources
    _trees, typed = pyrules.plan(sources, each)
    declared = {n: k for k, names in NAMES.items() for n in names}
    declared |= {n: k for k, names in ITEM_NAMES.items() for n in names}
    for name, kind in typed.items():
        assert kind in (declared[name], FLOAT, SCALAR), (name, kind, sources)
    body = "[" + ", ".join(f"({source})" for source in sources) + "]"
    activation = dict(env)
    if each:
        body = f"things.map(item, {body})"
        activation["things"] = items
    expected = _cel(cel.compile(body), cel.Context(activation))
    values = [dict(env)] + [
        {f"item.{k}": v for k, v in item.items()} for item in (items or [])
    ]
    fitting = all(
        _fits(scope[name], kind)
        for scope in values
        for name, kind in typed.items()
        if name in scope
    )
    try:
        found = fast(env, items)
    except Fallback:
        assert not fitting or any("/" in s or "double(" in s for s in sources)
        return
    assert fitting, (sources, env)
    assert not isinstance(expected, Exception), (sources, env, found, expected)
    assert _same(found, expected), (sources, env, found, expected)


@FAST
@given(
    check=expressions(BOOL, 4, False),
    more=st.lists(any_expression(False), max_size=2),
    data=st.data(),
)
def test_generated_rules_answer_like_cel(check, more, data):
    env = data.draw(environments(NAMES))
    _check_against_cel([check, *more], env)


@FAST
@given(
    check=expressions(BOOL, 4, True),
    more=st.lists(any_expression(True), max_size=2),
    data=st.data(),
)
def test_generated_per_item_rules_answer_like_cel(check, more, data):
    env = data.draw(environments(NAMES))
    fields = {k: tuple(n[5:] for n in names) for k, names in ITEM_NAMES.items()}
    items = data.draw(st.lists(environments(fields), max_size=3))
    _check_against_cel([check, *more], env, items)


@FAST
@given(when=expressions(BOOL, 4, False), data=st.data())
def test_generated_conditions_give_their_value_like_cel(when, data):
    env = data.draw(environments(NAMES))
    fast = pyrules.translate([when], False, single=True)
    if fast is None and _compares_a_comparison(when):
        return
    assert fast is not None, when
    try:
        found = fast(env)
    except Fallback:
        return
    assert _same(found, _cel(cel.compile(when), cel.Context(env))), (when, env)


def test_a_comparison_of_comparisons_is_refused_on_the_left_only():
    assert refusal("(a == b) == p") == "chained comparison"
    assert tree("p == (a == b)") == ("bin", "==", var("p"), tree("a == b"))


@pytest.mark.xfail(
    strict=True, reason="NaN: CEL refuses to order it, Python says False"
)
def test_ordering_a_nan_falls_back_like_cel_refuses():
    # Found by the generated rules: CEL raises "no such overload" for ``<``
    # on NaN; the translated ``<`` says False (a fail where CEL is not
    # answered). NaN comes only from infinities (inf - inf), which observations
    # within their ranges do not reach; reported, not changed here.
    rule = pyrules.translate(["x - y < 1.0"], False)
    inf = {"x": math.inf, "y": math.inf}
    assert isinstance(_cel(cel.compile("x - y < 1.0"), cel.Context(inf)), Exception)
    with pytest.raises(Fallback):
        rule(inf)
