"""Norm versions as data: the document format and the shipped YAML files.

A version document is the same dict whether it comes from a shipped YAML file
or from the JSON API. ``parse_version_document`` checks everything that can be
wrong in one: its shape, the names a rule uses (observations of the vocabulary,
params, ``date``, ``item``) and each CEL expression (``check_rule_source``).
Turning a valid document into something that evaluates is
``snf.norms.rules.compile_version``.

Dates may be ``datetime.date`` values (YAML) or ISO strings (JSON); the parsed
document always holds ``date`` values. Param values that YAML read as dates
become ISO strings, because rules compare them with the ``date`` variable.
"""

import re
from pathlib import Path

import cel
import yaml

from snf.norms.document_fields import (
    CODE_LENGTH,
    NAME_LENGTH,
    choice_of,
    date_of,
    expect_keys,
    matching,
    names_of,
    optional,
    parse_list,
    text_of,
    texts_of,
    values_of,
)
from snf.norms.observations import (
    GENERAL_HOUSING_TYPES,
    HOUSING_TYPES,
    LIST_FIELDS,
    VOCABULARY,
)

DATA_DIR = Path(__file__).parent / "data"
SECTORS = ("general", "agriculture")
RESERVED = frozenset({"date", "item"})
STRING_LITERAL = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""")
_NUMBER = re.compile(
    r"(?<![\w.])(0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[uU]?"
)
_MACRO_VAR = re.compile(r"\.\s*(?:all|exists|exists_one|map|filter)\s*\(\s*(\w+)\s*,")
_ITEM_FIELD = re.compile(r"\bitem\s*\.\s*(\w+)")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_VERSION = re.compile(r"^[0-9]{4}\.[0-9]+\Z")
_NORM_CODE = re.compile(r"^[A-Z][A-Z0-9]*\Z")
_DOC_KEYS = frozenset({"norm", "version", "effective_from", "settings", "sections"})
_REQ_REQUIRED = frozenset(
    {"code", "title", "guidance", "severity", "part", "applies_to"}
)
_RULE_OPTIONAL = {"optional_inputs", "params", "each", "item_inputs", "when"}
_RULE_KEYS = frozenset({"inputs", "check", "explain", "when_explain", *_RULE_OPTIONAL})
_SETTINGS = ("major_finding_days", "suspension_days", "minor_becomes_major")


class RuleError(ValueError):
    """A bad rule of a requirement; ``field`` is its path inside the requirement."""

    def __init__(self, requirement_code: str, field: str, message: str):
        super().__init__(f"{requirement_code} {field}: {message}")
        self.requirement_code = requirement_code
        self.field = field
        self.message = message


def load_shipped_versions() -> list[dict]:
    """All versions shipped with the application, parsed, oldest first per norm."""
    docs = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
        try:
            docs.append(parse_version_document(raw))
        except ValueError as error:
            raise ValueError(f"{path.name}: {error}") from error
    return sorted(docs, key=lambda d: (d["norm"]["code"], d["effective_from"]))


def parse_version_document(doc: dict) -> dict:
    """Check a version document and return a normalised copy.

    Raises ``ValueError`` whose message starts with the path of the bad field,
    e.g. ``sections[1].requirements[0].severity: must be one of major, minor``;
    for a bad rule a ``RuleError`` (``B-3.1 rule.check: ...``).
    """
    expect_keys(doc, _DOC_KEYS, "", required=_DOC_KEYS)
    norm = _parse_norm(doc["norm"])
    sections = parse_list(doc["sections"], "sections", _parse_section)
    _check_unique_codes(sections)
    if norm["sector"] == "general":
        _refuse_caravans(sections)
    return {
        "norm": norm,
        "version": matching(doc["version"], _VERSION, "version", "like 2021.1"),
        "effective_from": date_of(doc["effective_from"], "effective_from"),
        "settings": _parse_settings(doc["settings"]),
        "sections": sections,
    }


def check_rule_source(source: str, names, allow_division: bool = True) -> cel.Program:
    """Compile one CEL expression of a rule after checking the house rules.

    Refuses integer literals (the browser has doubles only), division when
    ``allow_division`` is false, sources that do not compile and variables
    other than ``names``. Raises ``ValueError`` with a message for the editor.
    """
    if not isinstance(source, str) or not source.strip():
        raise ValueError("is empty")
    code = STRING_LITERAL.sub("''", source)
    for match in _NUMBER.finditer(code):
        number = match.group(1)
        is_double = number[:2] not in ("0x", "0X") and set(number) & set(".eE")
        if match.group(0) != number or not is_double:
            raise ValueError(
                f"integer literal {match.group(0)}: write numbers as doubles, "
                f"e.g. {number}.0, because the browser only has doubles"
            )
    if not allow_division and "/" in code:
        raise ValueError(
            "divides: write it without division (a >= b * 12.0, not a / b >= 12.0) "
            "so that a zero cannot pass; show the quotient in the explanation"
        )
    try:
        program = cel.compile(source)
    except Exception as error:  # the bindings raise ValueError; be safe anyway
        raise ValueError(f"does not compile: {str(error).splitlines()[0]}") from None
    bound = set(_MACRO_VAR.findall(code))
    unknown = sorted(set(program.variables()) - set(names) - bound)
    if unknown:
        raise ValueError(f"uses undeclared name(s): {', '.join(unknown)}")
    return program


def split_template(text: str) -> list:
    """Split an explain text into literal strings and ``[source]`` placeholders.

    ``{{`` and ``}}`` are literal braces; a lone brace raises ``ValueError``.
    """
    parts: list = []
    position = 0
    for match in [*_PLACEHOLDER.finditer(text), None]:
        literal = text[position : match.start() if match else len(text)]
        if "{" in literal or "}" in literal:
            raise ValueError("has an unbalanced { or }")
        parts.append(literal)
        if match is None:
            break
        position = match.end()
        source = match.group(1)
        parts.append(match.group(0)[0] if source is None else [source.strip()])
    return [part for part in parts if part != ""]


def _parse_norm(norm) -> dict:
    expect_keys(norm, {"code", "name", "sector"}, "norm")
    return {
        "code": matching(norm["code"], _NORM_CODE, "norm.code", "a code like SNF"),
        "name": text_of(norm["name"], "norm.name", NAME_LENGTH),
        "sector": choice_of(norm["sector"], SECTORS, "norm.sector"),
    }


def _parse_settings(settings) -> dict:
    expect_keys(settings, set(_SETTINGS), "settings")
    for key in _SETTINGS[:2]:
        value = settings[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"settings.{key}: must be a whole number, at least 1")
    if not isinstance(settings["minor_becomes_major"], bool):
        raise ValueError("settings.minor_becomes_major: must be true or false")
    return dict(settings)


def _parse_section(section, path: str) -> dict:
    expect_keys(section, {"code", "title", "requirements"}, path)
    return {
        "code": text_of(section["code"], f"{path}.code", CODE_LENGTH),
        "title": texts_of(section["title"], f"{path}.title", max_length=NAME_LENGTH),
        "requirements": parse_list(
            section["requirements"], f"{path}.requirements", _parse_requirement
        ),
    }


def _parse_requirement(req, path: str) -> dict:
    expect_keys(req, {*_REQ_REQUIRED, "effective_from", "rule"}, path, _REQ_REQUIRED)
    code = text_of(req["code"], f"{path}.code", CODE_LENGTH)
    applies_to = req["applies_to"]
    if not isinstance(applies_to, list) or not applies_to:
        raise ValueError(f"{path}.applies_to: must be a non-empty list")
    for index, kind in enumerate(applies_to):
        choice_of(kind, HOUSING_TYPES, f"{path}.applies_to[{index}]")
    effective = req.get("effective_from")
    return {
        "code": code,
        "title": texts_of(req["title"], f"{path}.title"),
        "guidance": texts_of(req["guidance"], f"{path}.guidance", allow_empty=True),
        "severity": choice_of(req["severity"], ("major", "minor"), f"{path}.severity"),
        "part": choice_of(req["part"], ("administrative", "location"), f"{path}.part"),
        "applies_to": list(dict.fromkeys(applies_to)),
        "effective_from": optional(effective, date_of, f"{path}.effective_from"),
        "rule": _parse_rule_of(code, req.get("rule")),
    }


def _parse_rule_of(code: str, rule) -> dict | None:
    if rule is None:
        return None
    try:
        return _parse_rule(rule)
    except RuleError:
        raise
    except ValueError as error:  # "rule.inputs[0]: message" -> field, message
        field, _, message = str(error).partition(": ")
        raise RuleError(code, field, message) from None


def _parse_rule(rule) -> dict:
    expect_keys(rule, _RULE_KEYS, "rule", required={"inputs", "check", "explain"})
    get = rule.get
    parsed = {
        "inputs": names_of(rule["inputs"], "rule.inputs"),
        "optional_inputs": values_of(get("optional_inputs"), "rule.optional_inputs"),
        "params": values_of(get("params"), "rule.params"),
        "check": text_of(rule["check"], "rule.check"),
        "each": optional(get("each"), choice_of, tuple(LIST_FIELDS), "rule.each"),
        "item_inputs": names_of(get("item_inputs") or [], "rule.item_inputs"),
        "when": optional(get("when"), text_of, "rule.when"),
        "when_explain": optional(get("when_explain"), texts_of, "rule.when_explain"),
        "explain": texts_of(rule["explain"], "rule.explain"),
    }
    _check_names(parsed)
    _check_sources(parsed)
    return parsed


def _check_names(rule: dict) -> None:
    declared = [*rule["inputs"], *rule["optional_inputs"]]
    for name in declared:
        if name not in VOCABULARY:
            raise ValueError(f"rule.inputs: unknown observation {name}")
    if len(set(declared)) != len(declared):
        raise ValueError("rule.optional_inputs: repeats a required input")
    for name in rule["params"]:
        if name in VOCABULARY or name in RESERVED:
            raise ValueError(f"rule.params: {name} is an observation name")
    if bool(rule["each"]) != bool(rule["item_inputs"]):
        raise ValueError("rule.item_inputs: name the item observations used by each")
    for name in rule["item_inputs"]:
        if name not in LIST_FIELDS[rule["each"]]:
            raise ValueError(f"rule.item_inputs: unknown item observation {name}")


def _check_sources(rule: dict) -> None:
    names = {*rule["inputs"], *rule["optional_inputs"], *rule["params"], "date"}
    with_item = names | ({"item"} if rule["each"] else set())
    _check_source("rule.check", rule["check"], with_item, rule, False)
    if rule["when"]:
        _check_source("rule.when", rule["when"], names, rule, False)
    for lang, text in rule["explain"].items():
        field = f"rule.explain.{lang}"
        try:
            parts = split_template(text)
        except ValueError as error:
            raise ValueError(f"{field}: {error}") from None
        for part in parts:
            if isinstance(part, list):
                _check_source(field, part[0], with_item, rule, True)


def _check_source(field, source, names, rule, allow_division) -> None:
    try:
        check_rule_source(source, names, allow_division)
    except ValueError as error:
        raise ValueError(f"{field}: {error}") from None
    used = set(_ITEM_FIELD.findall(STRING_LITERAL.sub("''", source)))
    extra = sorted(used - set(rule["item_inputs"]))
    if extra:
        raise ValueError(f"{field}: item.{extra[0]} is not in item_inputs")


def _check_unique_codes(sections: list) -> None:
    seen: set[str] = set()
    for s_index, section in enumerate(sections):
        for r_index, req in enumerate(section["requirements"]):
            if req["code"] in seen:
                path = f"sections[{s_index}].requirements[{r_index}].code"
                raise ValueError(f"{path}: duplicate requirement code {req['code']}")
            seen.add(req["code"])
    codes = [section["code"] for section in sections]
    if len(set(codes)) != len(codes):
        raise ValueError("sections: section codes must be unique")


def _refuse_caravans(sections: list) -> None:
    for s_index, section in enumerate(sections):
        for r_index, req in enumerate(section["requirements"]):
            if set(req["applies_to"]) - set(GENERAL_HOUSING_TYPES):
                path = f"sections[{s_index}].requirements[{r_index}].applies_to"
                raise ValueError(f"{path}: touring caravans need a sector norm")
