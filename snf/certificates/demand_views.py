"""A company's half-yearly statement of demand (API 1.2, "Demand"): per
municipality of its locations, how many labour migrants it employs there and
how many of them it houses; pre-filled from its last statement."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import FieldList, FormField, HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from snf.auth.permissions import require
from snf.certificates.views import bp
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.geo import demand
from snf.geo.services import municipality_names
from snf.inspections.models import Location

COUNT = [InputRequired(_l("Enter a number (0 if none).")), NumberRange(min=0)]


class DemandLineForm(FlaskForm):
    class Meta:
        csrf = False  # the outer form carries the token

    code = HiddenField()
    employed = IntegerField(_l("Employed"), validators=COUNT)
    housed = IntegerField(_l("Housed by the employer"), validators=COUNT)


class DemandForm(FlaskForm):
    lines = FieldList(FormField(DemandLineForm))


def _codes_and_last(company_id: int, period: str) -> tuple[list[str], dict]:
    """The municipalities of the company's locations and of its last statement
    (this period's, else the previous one's), and that statement by code."""
    last = demand.list_demand(company_id, period) or demand.list_demand(
        company_id, demand.previous_period(period)
    )
    query = select(Location.municipality_code).where(
        Location.company_id == company_id, Location.municipality_code.is_not(None)
    )
    codes = set(db.session.scalars(query.distinct())) | {x["code"] for x in last}
    return sorted(codes), {line["code"]: line for line in last}


@bp.route("/demand", methods=["GET", "POST"])
@login_required
def my_demand():
    require(current_user, "demand.own")
    company, period = current_user.organisation, demand.period_of(local_today())
    codes, last = _codes_and_last(company.id, period)
    form = DemandForm()
    if not form.is_submitted():
        for code in codes:
            form.lines.append_entry({"code": code, **last.get(code, {})})
    if form.validate_on_submit() and _save(form, company, period):
        return redirect(url_for("certificates.my_demand"))
    names = municipality_names()
    return render_template("certificates/demand.html", form=form, period=period,
                           names=names)  # fmt: skip


def _save(form, company, period) -> bool:
    lines = [
        {"code": line.code.data, "employed": line.employed.data,
         "housed": line.housed.data}
        for line in form.lines
    ]  # fmt: skip
    try:
        demand.report_demand(current_user, company, period, lines, now=utcnow())
    except DomainError as exc:
        db.session.rollback()
        for key, messages in exc.fields.items():
            _place(form, key, messages)
        flash(exc.message, "error")
        return False
    db.session.commit()
    flash(_("Thank you: your statement for %(period)s is saved.", period=period))
    return True


def _place(form, key: str, messages: list[str]) -> None:
    """``municipalities.0.housed`` -> the field housed of line 0."""
    parts = key.split(".")
    if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(form.lines):
        field = getattr(form.lines[int(parts[1])].form, parts[2], None)
        if field is not None:
            field.errors = list(field.errors) + list(messages)
