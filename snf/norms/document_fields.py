"""The field checks of a version document: each returns the clean value or
raises ``ValueError("path: what is wrong")``, the path naming the field.

Split from ``loader_data.py``, which composes them into the document's shape.
"""

import datetime
import math
import re

LANGS = ("nl", "en")
IDENT = re.compile(r"^[a-z_][a-z0-9_]*\Z")


def expect_keys(value, allowed, path: str, required=None) -> None:
    prefix = f"{path}." if path else ""
    if not isinstance(value, dict):
        raise ValueError(f"{path or 'document'}: must be an object")
    unknown = sorted(str(key) for key in value if key not in allowed)
    if unknown:
        raise ValueError(f"{prefix}{unknown[0]}: unknown field")
    for key in sorted(allowed if required is None else required):
        if key not in value:
            raise ValueError(f"{prefix}{key}: is required")


def parse_list(value, path: str, parse_item) -> list:
    if not isinstance(value, list) or not value:
        raise ValueError(f"{path}: must be a non-empty list")
    return [parse_item(item, f"{path}[{index}]") for index, item in enumerate(value)]


def optional(value, parse, *args):
    return None if value is None else parse(value, *args)


# Lengths follow the database columns (codes 20, names and section titles 200).
CODE_LENGTH, NAME_LENGTH, TEXT_LENGTH = 20, 200, 5000


def text_of(value, path: str, max_length: int = TEXT_LENGTH) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{path}: must be non-empty text")
    if len(value) > max_length:
        raise ValueError(f"{path}: at most {max_length} characters")
    return value


def texts_of(value, path: str, allow_empty=False, max_length=TEXT_LENGTH) -> dict:
    if not isinstance(value, dict) or set(value) != set(LANGS):
        raise ValueError(f"{path}: must have exactly the languages nl and en")
    for lang in LANGS:
        if not (allow_empty and value[lang] == ""):
            text_of(value[lang], f"{path}.{lang}", max_length)
    return {lang: value[lang] for lang in LANGS}


def choice_of(value, choices, path: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{path}: must be one of {', '.join(choices)}")
    return value


def matching(value, pattern: re.Pattern, path: str, what: str) -> str:
    if (
        not isinstance(value, str)
        or len(value) > CODE_LENGTH
        or not pattern.match(value)
    ):
        raise ValueError(f"{path}: must be {what}")
    return value


def date_of(value, path: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{path}: must be a date (YYYY-MM-DD)") from None


def names_of(value, path: str) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"{path}: must be a list of names")
    for index, name in enumerate(value):
        if not isinstance(name, str) or not IDENT.match(name):
            raise ValueError(f"{path}[{index}]: must be a name like living_area_m2")
    if len(set(value)) != len(value):
        raise ValueError(f"{path}: names must be unique")
    return list(value)


def values_of(value, path: str) -> dict:
    """Params and defaults: numbers become doubles (JSON may send 12 for 12.0)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{path}: must be an object of name: value")
    parsed = {}
    for name, item in value.items():
        if not isinstance(name, str) or not IDENT.match(name):
            raise ValueError(f"{path}.{name}: must be a name like occupants_per_toilet")
        parsed[name] = scalar_of(item, f"{path}.{name}")
    return parsed


def scalar_of(item, path: str):
    if isinstance(item, datetime.date):
        return item.isoformat()
    if isinstance(item, (bool, str)):
        return item
    if isinstance(item, (int, float)):
        try:
            number = float(item)
        except OverflowError:
            number = math.inf
        if math.isfinite(number):
            return number
    raise ValueError(f"{path}: must be a finite number, true/false or text")
