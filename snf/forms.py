"""The base of every form: Flask-WTF plus a refusal of NUL characters, which
no person types and PostgreSQL cannot store (the error goes next to the field)."""

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm as _FlaskForm

NUL_MESSAGE = _l("Text may not contain NUL characters.")


class FlaskForm(_FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            data = field.data
            values = data if isinstance(data, list) else [data]
            if any(isinstance(v, str) and "\x00" in v for v in values):
                field.errors = [*field.errors, NUL_MESSAGE]
                valid = False
        return valid


def field_errors_to_form(form, exc) -> None:
    """Errors a service names by field go next to that field on the page;
    an error naming no field of this form is flashed."""
    placed = False
    for name, messages in exc.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + list(messages)
            placed = True
    if not placed:
        flash(exc.message, "error")
