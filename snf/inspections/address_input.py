"""Reading an address from API input: the house number as a number or as
written ("12A-3"), and ``house_addition`` accepted beside its contract name
``house_number_addition`` (API.md, version 1.1)."""

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields

from snf.geo.addresses import AddressFieldError, house_number_fields


class HouseNumberField(fields.Field):
    """An integer (12) or the number as written on the door ("12A-3")."""

    def __init__(self, **kwargs):
        metadata = {
            "description": "an integer, or the number as written: 12A, 12-3, 12A-3",
            "oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 20}],
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError(str(_l("Enter a house number such as 12 or 12A-3.")))
        if isinstance(value, str) and len(value) > 20:
            raise ValidationError(str(_l("At most 20 characters.")))
        return value


def address_parts(data: dict) -> dict:
    """house_number, house_letter and house_addition as stored; raises a
    marshmallow ValidationError naming the field that is wrong."""
    new, old = data.pop("house_number_addition", ""), data.pop("house_addition", "")
    addition_field = "house_number_addition" if new else "house_addition"
    if new and old and new.upper() != old.upper():
        message = str(_l("house_addition is the former name: give one of the two."))
        raise ValidationError({"house_addition": [message]})
    try:
        return house_number_fields(
            data["house_number"], data.get("house_letter", ""), new or old
        )
    except AddressFieldError as exc:
        field = addition_field if exc.field == "house_addition" else exc.field
        raise ValidationError({field: [str(exc.message)]}) from None
