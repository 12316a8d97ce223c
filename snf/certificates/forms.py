from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, ValidationError

from snf.forms import FlaskForm
from snf.validators import kvk_error

ACTION_LABELS = {
    "suspend": _l("Suspend"),
    "strike_off": _l("Strike off"),
    "reinstate": _l("Reinstate"),
    "expire": _l("Expire"),
    "renew": _l("Renew"),
}


def _kvk(form, field):
    error = kvk_error(field.data or "")
    if error:
        raise ValidationError(str(error))


MARK_CHOICES = [
    SelectChoice("SNF", "SNF"),
    SelectChoice("AGRI", _l("AGRI (agricultural mark)")),
]


class MarkForm(FlaskForm):
    mark = SelectField(_l("Mark"), choices=MARK_CHOICES)


class SignupForm(FlaskForm):
    company_name = StringField(
        _l("Company name"), validators=[DataRequired(), Length(2, 200)]
    )
    kvk = StringField(
        _l("KvK number"),
        validators=[DataRequired(), _kvk],
        render_kw={"inputmode": "numeric", "maxlength": 8},
    )
    town = StringField(_l("Town"), validators=[DataRequired(), Length(max=100)])
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(
        _l("Password (at least 12 characters)"),
        validators=[DataRequired(), Length(12, 1024)],
    )
    inspection_body = SelectField(_l("Inspection body"), validators=[DataRequired()])
    extract = FileField(
        _l("Extract from the KvK register (PDF or photo)"),
        validators=[FileRequired(_l("Upload the extract."))],
        render_kw={"accept": "application/pdf,image/jpeg,image/png"},
    )


class ConfirmClaimForm(FlaskForm):
    contact_checked = BooleanField(
        _l(
            "I compared the claim with the KvK extract and reached the company "
            "through the contact details in the KvK register."
        ),
        validators=[DataRequired(_l("Confirm that you did both checks."))],
    )


class RejectClaimForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (sent to the person who signed up)"),
        validators=[DataRequired(), Length(3, 2000)],
    )


class ApplyForm(FlaskForm):
    inspection_body = SelectField(_l("Inspection body"), validators=[DataRequired()])
    mark = SelectField(_l("Mark"), choices=MARK_CHOICES, default="SNF")


class StatusActionForm(FlaskForm):
    """A status change by staff: only the moves allowed from ``status`` are
    offered, and none is chosen in advance."""

    action = SelectField(_l("Action"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(3, 2000)])
    effective = DateField(_l("Effective date"), validators=[DataRequired()])
    # Set by the confirmation page; "understood" only for what cannot be undone.
    confirmed = BooleanField(default=False)
    understood = BooleanField(_l("I understand that this cannot be undone."))

    def offer(self, actions) -> "StatusActionForm":
        self.action.choices = [SelectChoice("", _l("Choose an action"))] + [
            SelectChoice(a, ACTION_LABELS[a]) for a in actions
        ]
        return self
