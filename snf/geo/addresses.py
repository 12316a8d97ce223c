"""Dutch addresses as the BAG has them: house number (an integer), house letter
(one letter), addition (up to 4 letters or digits) and postcode (DOMAIN.md §7).

People type the number the way it is written on the door ("12A", "12 a",
"12-3", "12A-3", "12 A 3"); ``parse_house_number`` splits that into the parts
or says in words what is wrong. Nothing here knows locations or inspections."""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

MAX_HOUSE_NUMBER = 99999
_NUMBER_FIRST = re.compile(r"(\d+)\s*(.*)", re.S)
# A letter written straight after the number (or after one space), then
# optionally a separator and the addition: "A", "a-3", "A 3", "A/3".
_LETTER = re.compile(r"([A-Za-z])(?:\s*[-/]\s*|\s+)?(.*)", re.S)
_ADDITION = re.compile(r"[A-Za-z0-9]{1,4}")


class HouseNumberError(ValueError):
    """The written house number cannot be read; ``str()`` is the message."""


@dataclass(frozen=True)
class HouseNumber:
    number: int
    letter: str = ""
    addition: str = ""

    def as_fields(self) -> dict:
        return {
            "house_number": self.number,
            "house_letter": self.letter,
            "house_addition": self.addition,
        }

    def __str__(self) -> str:
        return written_number(self.number, self.letter, self.addition)


def written_number(number, letter: str = "", addition: str = "") -> str:
    """12, "A", "3" -> "12A-3" (the Dutch way)."""
    text = f"{number}{letter or ''}"
    return f"{text}-{addition}" if addition else text


def parse_house_number(text) -> HouseNumber:
    """ "12A-3" -> HouseNumber(12, "A", "3"); raises HouseNumberError."""
    if isinstance(text, int) and not isinstance(text, bool):
        return HouseNumber(_checked_number(text))
    match = _NUMBER_FIRST.fullmatch(str(text or "").strip())
    if match is None:
        raise HouseNumberError(_l("Start with the house number, e.g. 12 or 12A-3."))
    digits = match[1].lstrip("0") or "0"
    number = _checked_number(int(digits) if len(digits) <= 6 else 0)
    letter, addition = _letter_and_addition(match[2].strip())
    return HouseNumber(number, letter.upper(), addition.upper())


def _checked_number(number: int) -> int:
    if not 1 <= number <= MAX_HOUSE_NUMBER:
        raise HouseNumberError(_l("A house number is between 1 and 99999."))
    return number


def _letter_and_addition(rest: str) -> tuple[str, str]:
    if not rest:
        return "", ""
    if rest[0] in "-/":
        return "", _checked_addition(rest[1:].strip())
    letter = _LETTER.fullmatch(rest)
    separated = letter and (not letter[2] or rest[1:2] in " -/")
    if not separated:
        raise HouseNumberError(
            _l(
                "After the number come one letter and an addition after a hyphen, "
                "e.g. 12A, 12-3 or 12A-3."
            )
        )
    return letter[1], _checked_addition(letter[2]) if letter[2] else ""


def _checked_addition(addition: str) -> str:
    if not _ADDITION.fullmatch(addition):
        raise HouseNumberError(_l("An addition is 1 to 4 letters or digits."))
    return addition


def compact_postcode(value: str) -> str:
    """'1234 ab' -> '1234AB', the form of the CBS files and of storage."""
    return re.sub(r"\s+", "", str(value or "")).upper()


def written_postcode(postcode: str) -> str:
    """'1234AB' -> '1234 AB', the way a postcode is written."""
    code = compact_postcode(postcode)
    return f"{code[:4]} {code[4:]}" if len(code) == 6 else code


def written_address(street, number, letter, addition, postcode, town) -> str:
    """ "Kerkstraat 12A-3, 5911 AB Venlo"."""
    house = written_number(number, letter, addition)
    return f"{street} {house}, {written_postcode(postcode)} {town}"


class AddressFieldError(ValueError):
    """A part of an address that cannot be stored, with the field it is in."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def house_number_fields(written, letter="", addition="") -> dict:
    """The stored parts from a house number as typed ("12A-3", or 12) and the
    separate letter and addition fields, which may repeat what the number
    already says but not contradict it."""
    try:
        house = parse_house_number(written)
    except HouseNumberError as exc:
        raise AddressFieldError("house_number", exc.args[0]) from None
    letter = (letter or "").strip().upper()
    addition = (addition or "").strip().upper()
    if letter and not re.fullmatch(r"[A-Z]", letter):
        raise AddressFieldError("house_letter", _l("A house letter is one letter."))
    if addition:
        try:
            addition = _checked_addition(addition)
        except HouseNumberError as exc:
            raise AddressFieldError("house_addition", exc.args[0]) from None
    _check_same("house_letter", house.letter, letter)
    _check_same("house_addition", house.addition, addition)
    return HouseNumber(
        house.number, house.letter or letter, house.addition or addition
    ).as_fields()


def _check_same(field: str, in_number: str, separate: str) -> None:
    if in_number and separate and in_number != separate:
        raise AddressFieldError(
            field, _l("The house number says otherwise: %(part)s.", part=in_number)
        )
