"""Bulk verification for verifiers (ABU): upload a member list, see the report."""

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from snf.auth.permissions import require
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import FlaskForm
from snf.jobqueue import enqueue
from snf.registry.models import VerificationReport
from snf.registry.report_export import (
    as_date,
    file_name,
    problem_text,
    report_lines,
)
from snf.registry.reports import save_report
from snf.registry.verify import MAX_NUMBERS, typed_numbers
from snf.registry.views import bp

KEPT = 20


class VerifyForm(FlaskForm):
    title = StringField(
        _l("Name of this check"), validators=[Optional(), Length(max=200)]
    )
    numbers = TextAreaField(
        _l("KvK numbers (one per line, or separated by commas)"),
        validators=[Optional()],
        render_kw={"rows": 8},
    )
    file = FileField(_l("Or a CSV file with a kvk column"))
    as_of = DateField(_l("Registered on"), validators=[DataRequired()])


def _recent():
    query = (
        select(VerificationReport)
        .where(VerificationReport.organisation_id == current_user.organisation_id)
        .order_by(VerificationReport.id.desc())
        .limit(KEPT)
    )
    return db.session.scalars(query).all()


@bp.route("/verifications", methods=["GET", "POST"])
@login_required
def verifications():
    require(current_user, "verification.run")
    form = VerifyForm(as_of=local_today())
    if form.validate_on_submit():
        try:
            numbers = typed_numbers(form.numbers.data, form.file.data)
        except DomainError as exc:
            form.file.errors = list(exc.fields.get("file", [exc.message]))
            numbers = None
        if numbers is None:
            pass
        elif not numbers:
            form.numbers.errors = [_("Give at least one KvK number.")]
        elif len(numbers) > MAX_NUMBERS:
            form.numbers.errors = [_("At most %(n)d numbers per check.", n=MAX_NUMBERS)]
        else:
            return _save_or_queue(form, numbers)
    return render_template("registry/verifications.html", form=form, recent=_recent())


def _save_or_queue(form, numbers: list[str]):
    """A check of many numbers becomes a job; its page links to the report."""
    if len(numbers) > current_app.config["SNF_REPORT_JOB_NUMBERS"]:
        job_id = enqueue(
            "verification_report",
            user=current_user,
            user_id=current_user.id,
            numbers=numbers,
            as_of=form.as_of.data.isoformat(),
            title=form.title.data,
        )
        return redirect(url_for("ops.job", job_id=job_id))
    report = save_report(
        current_user, numbers, form.as_of.data, form.title.data, now=utcnow()
    )
    db.session.commit()
    return redirect(url_for(".report", report_id=report.id))


def _report(report_id: int) -> VerificationReport:
    report = db.session.get(VerificationReport, report_id)
    if report is None:
        abort(404)
    require(current_user, "verification.view", report)
    return report


def is_problem(result: dict) -> bool:
    """Anything but "registered on the date checked" needs a look."""
    return not result.get("registered")


def _rows(found: VerificationReport, only_problems: bool) -> list[dict]:
    if only_problems:
        return [r for r in found.results if is_problem(r)]
    return found.results


@bp.route("/verifications/<int:report_id>")
@login_required
def report(report_id):
    found = _report(report_id)
    only_problems = request.args.get("only") == "problems"
    return render_template(
        "registry/report.html",
        report=found,
        rows=_rows(found, only_problems),
        only_problems=only_problems,
        problem_text=problem_text,
        as_date=as_date,
    )


@bp.route("/verifications/<int:report_id>.csv")
@login_required
def report_csv(report_id):
    found = _report(report_id)
    only_problems = request.args.get("only") == "problems"
    name = file_name(found, only_problems)
    # Made at once, in the reader's language: the report is in memory already.
    body = "".join(report_lines(found, _rows(found, only_problems)))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
