from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from snf.forms import FlaskForm
from snf.norms.models import PARTS, SEVERITIES

SEVERITY_LABELS = {"major": _l("major"), "minor": _l("minor")}
PART_LABELS = {
    "administrative": _l("administrative inspection"),
    "location": _l("location inspection"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class NewDraftForm(FlaskForm):
    version = StringField(
        _l("New version number"),
        validators=[
            DataRequired(),
            Regexp(r"^[0-9]{4}\.[0-9]+\Z", message=_l("Use the form 2026.1.")),
        ],
    )


class PublishForm(FlaskForm):
    effective_from = DateField(_l("In force from"), validators=[DataRequired()])


class RequirementForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    section = SelectField(_l("Section"), validators=[DataRequired()])
    # Each text field holds one language whatever the page's: say which.
    title_nl = StringField(
        _l("Title (Dutch)"), validators=[DataRequired()], render_kw={"lang": "nl"}
    )
    title_en = StringField(
        _l("Title (English)"), validators=[DataRequired()], render_kw={"lang": "en"}
    )
    guidance_nl = TextAreaField(
        _l("Guidance (Dutch)"), validators=[Optional()], render_kw={"lang": "nl"}
    )
    guidance_en = TextAreaField(
        _l("Guidance (English)"), validators=[Optional()], render_kw={"lang": "en"}
    )
    severity = SelectField(
        _l("Severity"),
        choices=[SelectChoice(s, SEVERITY_LABELS[s]) for s in SEVERITIES],
    )
    part = SelectField(
        _l("Part"), choices=[SelectChoice(p, PART_LABELS[p]) for p in PARTS]
    )
    applies_to = MultiCheckboxField(_l("Applies to housing types"))
    effective_from = DateField(
        _l("Own effective date (phase-in)"), validators=[Optional()]
    )
    rule = TextAreaField(
        _l("Rule (YAML; empty for a yes/no item)"),
        validators=[Optional()],
        render_kw={
            "rows": 12,
            "spellcheck": "false",
            "class": "code",
            "translate": "no",  # YAML: codes and texts in both languages
        },
    )
