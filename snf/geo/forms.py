from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from snf.forms import FlaskForm
from snf.geo.schemas import CODE


class RegionForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(),
            Regexp(CODE, message=_l("Lower-case letters, digits and hyphens.")),
        ],
        description=_l("Used in addresses of the API, e.g. noord-limburg."),
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(2, 120)])
    municipalities = SelectMultipleField(
        _l("Municipalities"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        render_kw={"class": "choices"},
    )
    places = IntegerField(
        _l("Places to realise"),
        validators=[Optional(), NumberRange(1, 1_000_000)],
        render_kw={"inputmode": "numeric"},
    )
    start = DateField(_l("Start of the agreement"), validators=[Optional()])
    target = DateField(_l("Target date"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        terms = (self.places.data, self.start.data, self.target.data)
        if any(value is not None for value in terms) and None in terms:
            for field in (self.places, self.start, self.target):
                if field.data is None:
                    message = _l("An agreement needs places, start and target.")
                    field.errors = [*field.errors, str(message)]
            return False
        return valid

    def region_data(self) -> dict:
        agreement = None
        if self.places.data is not None:
            agreement = {"places": self.places.data, "start": self.start.data,
                         "target": self.target.data}  # fmt: skip
        code = self.code.data if "code" in self else None
        return {"code": code, "name": self.name.data,
                "municipalities": self.municipalities.data or [],
                "agreement": agreement}  # fmt: skip
