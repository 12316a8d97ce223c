"""The base of every form: Flask-WTF plus a refusal of NUL characters, which
no person types and PostgreSQL cannot store (the error goes next to the field)."""

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
