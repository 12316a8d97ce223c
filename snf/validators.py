"""Dutch identifiers: one place for KvK numbers, postcodes and BAG ids, used by
forms, API schemas and services alike. Each check returns an error message or
None; the normalise_ functions return the stored form."""

import re

from flask_babel import lazy_gettext as _l

KVK = re.compile(r"^[0-9]{8}$")
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
UNUSED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
BAG_ID = re.compile(r"^[0-9]{16}$")
HOUSE_ADDITION = re.compile(r"^[A-Za-z0-9]{1,4}$")


def normalise_postcode(value: str) -> str:
    """'1234 ab' -> '1234AB' (one optional space, either case)."""
    text = (value or "").strip().upper()
    if len(text) == 7 and text[4] == " ":
        text = text[:4] + text[5:]
    return text


def postcode_error(value: str):
    code = normalise_postcode(value)
    if not POSTCODE.fullmatch(code):
        return _l("Enter a Dutch postcode such as 1234 AB.")
    if code[4:] in UNUSED_POSTCODE_LETTERS:
        return _l("Postcodes with the letters SA, SD or SS do not exist.")
    return None


def kvk_error(value: str):
    if not isinstance(value, str) or not KVK.fullmatch(value):
        return _l("A KvK number has exactly 8 digits.")
    return None


def bag_id_error(value: str):
    if value and not BAG_ID.fullmatch(value):
        return _l("A BAG id has exactly 16 digits.")
    return None


def house_addition_error(value: str):
    if value and not HOUSE_ADDITION.fullmatch(value):
        return _l("At most 4 letters or digits.")
    return None
