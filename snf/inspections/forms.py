from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from snf.forms import FlaskForm
from snf.geo.addresses import AddressFieldError, house_number_fields
from snf.inspections.models import INSPECTION_KINDS
from snf.validators import bag_id_error, house_addition_error, postcode_error

KIND_LABELS = {
    "administrative": _l("administrative"),
    "initial": _l("initial"),
    "periodic": _l("periodic"),
    "reinspection": _l("re-inspection"),
    "ad_hoc": _l("ad hoc"),
    "targeted": _l("targeted"),
    "urgent": _l("urgent"),
}


def _using(error_of):
    def check(form, field):
        error = error_of(field.data or "")
        if error:
            raise ValidationError(str(error))

    return check


ADDRESS_PARTS = ("house_number", "house_letter", "house_addition")


class LocationForm(FlaskForm):
    street = StringField(_l("Street"), validators=[DataRequired(), Length(max=120)])
    house_number = StringField(
        _l("House number"),
        validators=[DataRequired(), Length(max=20)],
        # A stored location fills the field with its number (an integer).
        filters=[lambda value: value if value is None else str(value)],
        description=_l("As written on the door: 12, 12A, 12-3 or 12A-3."),
    )
    house_letter = StringField(_l("Letter"), validators=[Optional(), Length(max=1)])
    house_addition = StringField(
        _l("Addition"), validators=[_using(house_addition_error)]
    )
    municipality = SelectField(
        _l("Municipality"),
        validators=[Optional()],
        description=_l("Empty: found from the postcode and house number."),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.address_parts = None
        if any(self[name].errors for name in ADDRESS_PARTS):
            return False
        try:
            self.address_parts = house_number_fields(
                self.house_number.data, self.house_letter.data, self.house_addition.data
            )
        except AddressFieldError as exc:
            self[exc.field].errors = [*self[exc.field].errors, str(exc.message)]
            return False
        return valid

    def address_data(self) -> dict:
        """The location's fields as the services take them."""
        data = {
            name: field.data
            for name, field in self._fields.items()
            if name not in ("csrf_token", "municipality")
        }
        data.update(self.address_parts)
        if "municipality" in self:  # staff: a code, or "" for the address's
            data["municipality"] = self.municipality.data or None
        return data

    postcode = StringField(
        _l("Postcode"),
        validators=[DataRequired(), _using(postcode_error)],
        render_kw={"autocapitalize": "characters"},
    )
    town = StringField(_l("Town"), validators=[DataRequired(), Length(max=80)])
    bag_id = StringField(
        _l("BAG id (optional)"),
        validators=[_using(bag_id_error)],
        render_kw={"inputmode": "numeric"},
    )
    housing_type = SelectField(_l("Housing type"))
    use_class = SelectField(
        _l("Use class"),
        choices=[
            SelectChoice("wonen", _l("living")),
            SelectChoice("logies", _l("lodging")),
        ],
    )
    season = SelectField(
        _l("Season"),
        default="year_round",
        choices=[
            SelectChoice("year_round", _l("year-round")),
            SelectChoice("seasonal", _l("seasonal")),
        ],
    )
    beds = IntegerField(
        _l("Permitted beds"),
        validators=[DataRequired(), NumberRange(1, 5000)],
        render_kw={"inputmode": "numeric"},
    )


class PlanForm(FlaskForm):
    location_id = SelectField(_l("Location"), validators=[Optional()], coerce=str)
    company_id = SelectField(
        _l("Company (administrative inspection)"), validators=[Optional()], coerce=str
    )
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in INSPECTION_KINDS]
    )
    announced = BooleanField(_l("Announced to the company"), default=True)
    scheduled_for = DateField(_l("Date"), validators=[DataRequired()])
    inspector_id = SelectField(_l("Inspector"), validators=[DataRequired()], coerce=str)


class RepairLetterForm(FlaskForm):
    text = TextAreaField(
        _l("What was repaired, and how"), validators=[DataRequired(), Length(max=10000)]
    )
    photos = MultipleFileField(
        _l("Photos or scans (JPEG or PNG)"),
        render_kw={"accept": "image/jpeg,image/png"},
    )


class DecisionForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=10000)])


class WhatIfForm(FlaskForm):
    version = SelectField(_l("Norm version"), validators=[DataRequired()])
