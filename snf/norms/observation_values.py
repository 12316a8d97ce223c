"""Observation values as people read them and as rules see them.

``format_value`` shows a value in an explanation exactly as ``rules.js`` does
(the parity test holds them equal); ``to_cel`` hands a value to the CEL
programs. Split from ``observations.py``, which keeps the vocabulary and its
checks.
"""

import math

from snf.norms.observations import (
    _MAX_DEPTH,
    LIST_FIELDS,
    MEASURED_SUFFIXES,
    VOCABULARY,
)

_YES_NO = {"en": ("no", "yes"), "nl": ("nee", "ja")}


_YES_NO = {"en": ("no", "yes"), "nl": ("nee", "ja")}


def label(key: str, lang: str = "en", list_key: str | None = None) -> str:
    """The human label of an observation key (the key itself when unknown)."""
    table = LIST_FIELDS.get(list_key, {}) if list_key else VOCABULARY
    field = table.get(key)
    if field is None:
        return key
    return field.nl if lang == "nl" else field.en


def is_measured(names) -> bool:
    """Whether one of the names is a measured quantity, by its unit suffix."""
    return any(name.endswith(MEASURED_SUFFIXES) for name in names)


def format_value(value, measured: bool, lang: str = "en") -> str:
    """Show a value in an explanation, the same way in Python and JavaScript.

    Booleans show as yes/no (ja/nee). A number x is rounded to
    r = floor(abs(x) * 100 + 0.5) / 100 (sign put back) and shown without
    decimals when r is whole and ``measured`` is false, otherwise as
    ``r.toFixed(2)`` without a trailing zero: 3 occupants, 33.0 m², 2.09 m,
    11.97 m². Dutch uses a decimal comma. ``measured`` says the expression
    mentions a measured name (see ``is_measured``).
    """
    if value.__class__ is float:  # the common case first: this runs per explanation
        return _format_number(value, measured, lang)
    if isinstance(value, bool):
        return _YES_NO[lang][value]
    if isinstance(value, (int, float)):
        return _format_number(float(value), measured, lang)
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(format_value(item, measured, lang) for item in value)
    if isinstance(value, dict):
        return str(_ordered(value))
    return str(value)


def _ordered(value):
    """A map with its keys in order, maps inside it too: the CEL bindings
    give a map's keys in an order of their own (rules.js sorts the same way)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: str(item[0]))
        return {key: _ordered(item) for key, item in items}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def _format_number(number: float, measured: bool, lang: str) -> str:
    if not math.isfinite(number):
        return str(number)
    if not math.isfinite(abs(number) * 100):  # beyond any measurement: no overflow
        return f"{number:.0f}"
    rounded = math.floor(abs(number) * 100 + 0.5) / 100
    if not measured and rounded == math.floor(rounded):
        text = str(int(rounded))
    else:
        text = f"{rounded:.2f}".removesuffix("0")
    if number < 0 and rounded:
        text = "-" + text
    return text.replace(".", ",") if lang == "nl" else text


def to_cel(value, depth: int = 0):
    """An observation value as rules see it: every number a double.

    Booleans and text stay as they are; lists and objects are converted
    item by item. What CEL cannot hold (other objects, text with lone
    surrogates, nesting deeper than 8) becomes None, i.e. "not recorded".
    """
    kind = value.__class__
    if kind is float or kind is bool or value is None:  # the common cases first
        return value
    if kind is str and value.isascii():
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if isinstance(value, str):
        return value if _encodable(value) else None
    if depth >= _MAX_DEPTH:
        return None
    if isinstance(value, (list, tuple)):
        return [to_cel(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {
            key: to_cel(item, depth + 1)
            for key, item in value.items()
            if key.__class__ is str
            and key.isascii()
            or isinstance(key, str)
            and _encodable(key)
        }
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: the CEL bindings refuse them
        return False
    return True
