from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.i18n import get_translations
from wtforms.validators import DataRequired, Length, Optional

from snf.forms import FlaskForm
from snf.residents.complaints import MAX_CONTACT, MAX_TEXT
from snf.residents.labels import CATEGORY_LABELS
from snf.residents.triage import TRIAGE_STATUSES


@lru_cache(maxsize=8)
def _wtforms_translations(language: str):
    return get_translations([language])


class ComplaintForm(FlaskForm):
    class Meta:
        # No CSRF token: the form is anonymous (no session, no ambient
        # authority to abuse) and the page stays cookie-free and cacheable.
        # Abuse is met by the rate limits, the honeypot and the size limits.
        csrf = False

        def get_translations(self, form):
            # WTForms' own messages, loaded once per language (Flask-WTF
            # reads the catalogue again for every form).
            return _wtforms_translations(str(get_locale()))

    category = RadioField(
        _l("What is wrong?"),
        choices=[SelectChoice(k, v) for k, v in CATEGORY_LABELS.items()],
        validators=[DataRequired(_l("Choose what your complaint is about."))],
    )
    text = TextAreaField(
        _l("Tell us more (optional)"), validators=[Optional(), Length(max=MAX_TEXT)]
    )
    photo = FileField(_l("Photo (optional)"))
    contact = StringField(
        _l("Phone or e-mail, if you want us to contact you (optional)"),
        validators=[Optional(), Length(max=MAX_CONTACT)],
    )
    # The honeypot: hidden from people, filled in by form-filling robots.
    website = StringField(_l("Leave this field empty"))
    key = HiddenField()


class TriageForm(FlaskForm):
    status = RadioField(
        _l("New status"),
        choices=[SelectChoice(s, s) for s in TRIAGE_STATUSES],
        validators=[DataRequired()],
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class PlanForm(FlaskForm):
    pass


class ContactForm(FlaskForm):
    phone = StringField(_l("Phone for residents"), validators=[Length(max=40)])
    emergency_phone = StringField(
        _l("24-hour emergency number"), validators=[Length(max=40)]
    )
