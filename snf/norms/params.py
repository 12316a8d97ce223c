"""Thresholds (rule params) and rules in words, for the people who edit a norm.

A rule's params are data (``occupants_per_toilet: 8.0``); people edit them as
labelled fields with a unit, and read the CEL check with each name replaced by
its label. Unknown params (a new rule may bring its own) keep their key as
label, so nothing is hidden.
"""

import datetime
import math
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from snf.norms.forms import PART_LABELS, SEVERITY_LABELS
from snf.norms.loader_data import STRING_LITERAL, split_template
from snf.norms.observation_values import format_value, label
from snf.norms.observations import (
    CHOICE_LABELS,
    HOUSING_TYPE_LABELS,
    LIST_FIELDS,
    VOCABULARY,
)


@dataclass(frozen=True, slots=True)
class Param:
    label: object  # a lazy string: rendered in the reader's language
    unit: str = ""
    kind: str = "number"  # number | date


PARAMS = {
    "bedroom_area_per_person_m2": Param(_l("Bedroom floor area per person"), "m²"),
    "burners_above_ratio": Param(_l("Burners above the upper limit of occupants")),
    "burners_minimum": Param(_l("Minimum number of burners")),
    "burners_minimum_up_to": Param(
        _l("Occupants up to which the minimum of burners holds"), _l("occupants")
    ),
    "burners_ratio_up_to": Param(
        _l("Occupants up to which burners count per occupant"), _l("occupants")
    ),
    "fridge_litres_per_occupant": Param(
        _l("Fridge/freezer space per occupant"), _l("litres")
    ),
    "holiday_park_bedroom_area_per_person_m2": Param(
        _l("Bedroom floor area per person in an existing holiday park"), "m²"
    ),
    "holiday_park_exception_until": Param(
        _l("Holiday-park exception ends on"), kind="date"
    ),
    "holiday_park_max_persons": Param(
        _l("Persons per bedroom in an existing holiday park"), _l("persons")
    ),
    "living_space_logies_m2": Param(
        _l("Living space per person (use class lodging)"), "m²"
    ),
    "living_space_wonen_m2": Param(
        _l("Living space per person (use class living)"), "m²"
    ),
    "max_extinguisher_distance_m": Param(
        _l("Largest distance from the cooking place to an extinguisher"), "m"
    ),
    "max_persons_per_bedroom": Param(_l("Persons per bedroom at most"), _l("persons")),
    "occupants_per_burner": Param(_l("Occupants per burner"), _l("occupants")),
    "occupants_per_shower": Param(_l("Occupants per shower"), _l("occupants")),
    "occupants_per_toilet": Param(_l("Occupants per toilet"), _l("occupants")),
    "required_standing_height_m": Param(_l("Standing height at least"), "m"),
    "sockets_per_occupant": Param(_l("Wall sockets per occupant"), _l("sockets")),
    "year_round_later_from": Param(
        _l("Stricter living space for year-round housing from"), kind="date"
    ),
    "year_round_living_space_later_m2": Param(
        _l("Living space per person, year-round housing, from that date"), "m²"
    ),
    "year_round_living_space_m2": Param(
        _l("Living space per person, year-round housing"), "m²"
    ),
}
_NAME = re.compile(r"(item\.)?([A-Za-z_]\w*)")
_OPERATORS = (
    ("&&", "and"),
    ("||", "or"),
    (">=", "≥"),
    ("<=", "≤"),
    ("==", "="),
    ("!=", "≠"),
    ("*", "×"),
)


def param_info(name: str, value=None) -> Param:
    """The label, unit and kind of a param; unknown ones by their key."""
    found = PARAMS.get(name)
    if found is not None:
        return found
    kind = "date" if isinstance(value, str) else "number"
    return Param(name, "", kind)


def parse_param(name: str, raw: str, current):
    """The value typed for a param, or raise ValueError with a readable message.

    Numbers are doubles (the rules run on doubles), finite and not negative;
    dates are ISO dates, as the rules compare them with the inspection date.
    """
    text = (raw or "").strip()
    if param_info(name, current).kind == "date":
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date (YYYY-MM-DD).")) from None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(_("Enter a number, for example 8 or 2.5.")) from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(_("Enter a number of 0 or more."))
    return number


def _word(prefix: str, name: str, params: dict, lang: str) -> str:
    if name in ("and", "or", "not", "true", "false", "date", "size", "exists"):
        return {"true": _("yes"), "false": _("no")}.get(name, name)
    if name in params:
        info = param_info(name, params[name])
        unit = f" {info.unit}" if info.unit else ""
        return f"{info.label} ({_number(params[name], lang)}{unit})"
    if prefix:
        return label(name, lang, "bedrooms")
    if name in VOCABULARY or any(name in table for table in LIST_FIELDS.values()):
        return label(name, lang)
    return name


def _literal(literal: str, lang: str) -> str:
    """A quoted choice code ('wonen') as the reader's word ('living')."""
    labels = CHOICE_LABELS.get(literal[1:-1])
    if not labels:
        return literal
    return f"{literal[0]}{labels.get(lang, labels['en'])}{literal[-1]}"


def readable_rule(source: str, params: dict, lang: str) -> str:
    """The CEL source in words: names by their labels, thresholds with their
    value and unit, operators as symbols. For reading only, never evaluated."""
    if not source:
        return ""
    strings = STRING_LITERAL.findall(source)
    text = STRING_LITERAL.sub("\0", source)
    for symbol, word in _OPERATORS:
        text = text.replace(symbol, f" {word} ")
    text = text.replace("!", " " + _("not") + " ")
    # a ? b : c, the only other symbols a rule uses, as words
    text = text.replace("?", " " + _("then") + " ").replace(
        ":", " " + _("otherwise") + " "
    )
    words = {"and": _("and"), "or": _("or")}
    text = _NAME.sub(
        lambda m: (
            words.get(m.group(2)) or _word(m.group(1), m.group(2), params or {}, lang)
        ),
        text,
    )
    for literal in strings:
        text = text.replace("\0", _literal(literal, lang), 1)
    return " ".join(text.split())


def field_label(field: str) -> str:
    """A diff field (``rule.params.occupants_per_toilet``) in words."""
    if field.startswith("rule.params."):
        name = field.removeprefix("rule.params.")
        info = param_info(name)
        unit = f" ({info.unit})" if info.unit else ""
        return _("Threshold: %(name)s", name=f"{info.label}{unit}")
    return str(FIELDS.get(field, field))


FIELDS = {
    "section": _l("Section"),
    "title.nl": _l("Title (Dutch)"),
    "title.en": _l("Title (English)"),
    "guidance.nl": _l("Guidance (Dutch)"),
    "guidance.en": _l("Guidance (English)"),
    "severity": _l("Severity"),
    "part": _l("Part"),
    "applies_to": _l("Applies to housing types"),
    "effective_from": _l("Own effective date (phase-in)"),
    "rule": _l("Rule"),
    "rule.check": _l("Rule: the check"),
    "rule.when": _l("Rule: when it applies"),
    "rule.inputs": _l("Rule: observations used"),
    "rule.each": _l("Rule: checked for each"),
    "rule.explain.nl": _l("Rule: explanation (Dutch)"),
    "rule.explain.en": _l("Rule: explanation (English)"),
}


def diff_value(field: str, value, lang: str) -> str:
    """A value of a diff field in words: labels for codes, units for thresholds."""
    if value is None or value == "" or value == []:
        return "—"
    if field == "severity":
        return str(SEVERITY_LABELS.get(value, value))
    if field == "part":
        return str(PART_LABELS.get(value, value))
    if field == "applies_to" and isinstance(value, list):
        return ", ".join(HOUSING_TYPE_LABELS.get(t, {}).get(lang, t) for t in value)
    if field.startswith("rule.params."):
        info = param_info(field.removeprefix("rule.params."), value)
        return f"{_number(value, lang)} {info.unit}".strip()
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _number(value, lang: str) -> str:
    """8.0 as "8", 2.1 as "2.1" (Dutch "2,1"); dates and texts as they are."""
    if isinstance(value, float):
        return format_value(value, False, lang)
    return str(value)


def readable_explain(template: str, params: dict, lang: str) -> str:
    """An explain text with each ``{expression}`` shown as ``[its words]``, so
    that an editor reads which value goes where."""
    try:
        parts = split_template(template or "")
    except ValueError:
        return template or ""
    return "".join(
        f"[{readable_rule(part[0], params or {}, lang)}]"
        if isinstance(part, list)
        else part
        for part in parts
    )


def threshold_words(name: str, value, lang: str) -> str:
    """``Occupants per toilet: 8 occupants``."""
    info = param_info(name, value)
    return f"{info.label}: {_number(value, lang)} {info.unit}".strip()
