"""Watched numbers: a verifier follows KvK numbers and is mailed when the
register records a status change for one (snf.registry.watches)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.file import FileField
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from snf.api import paged
from snf.auth.permissions import require
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import FlaskForm
from snf.registry import watches
from snf.registry.verifier_views import _report
from snf.registry.verify import lookup, typed_numbers
from snf.registry.views import bp

MAIL_LANGUAGES = ("nl", "en")


class WatchForm(FlaskForm):
    numbers = TextAreaField(
        _l("KvK or certificate numbers (one per line, or separated by commas)"),
        validators=[Optional()],
        render_kw={"rows": 5},
    )
    file = FileField(_l("Or a CSV file with a kvk column"))


class UnwatchForm(FlaskForm):
    kvk = HiddenField(validators=[DataRequired(), Length(max=20)])


def _watching(added: int) -> str:
    return ngettext(
        "You now watch %(num)d more number.",
        "You now watch %(num)d more numbers.",
        added,
    )


def mail_language() -> str:
    language = str(get_locale())
    return language if language in MAIL_LANGUAGES else "nl"


def _page(form: WatchForm, status: int = 200):
    rows, meta = paged(watches.watched_query(current_user), rows=True)
    found = lookup([row[0].kvk for row in rows], local_today())
    page = render_template(
        "registry/watches.html",
        form=form,
        unwatch=UnwatchForm(),
        rows=rows,
        meta=meta,
        found=found,
    )
    return page, status


@bp.route("/watches", methods=["GET", "POST"])
@login_required
def watches_page():
    """The numbers I watch, their status today, and a form to add more."""
    require(current_user, "watch.manage")
    form = WatchForm()
    if not form.validate_on_submit():
        return _page(form, 422 if form.errors else 200)
    try:
        added = watches.watch_numbers(
            current_user,
            typed_numbers(form.numbers.data, form.file.data),
            language=mail_language(),
            now=utcnow(),
        )
    except DomainError as exc:
        db.session.rollback()
        errors = exc.fields.get("numbers") or exc.fields.get("file")
        form.numbers.errors = list(errors or [exc.message])
        return _page(form, 422)
    db.session.commit()
    flash(_watching(added), "success")
    return redirect(url_for(".watches_page"), code=303)


@bp.route("/watches/remove", methods=["POST"])
@login_required
def unwatch():
    """Stop watching one number."""
    require(current_user, "watch.manage")
    form = UnwatchForm()
    if form.validate_on_submit():
        try:
            watches.unwatch_numbers(current_user, [form.kvk.data], now=utcnow())
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for(".watches_page"), code=303)
        db.session.commit()
        flash(_("You no longer watch %(kvk)s.", kvk=form.kvk.data), "success")
    return redirect(url_for(".watches_page"), code=303)


@bp.route("/verifications/<int:report_id>/watch", methods=["POST"])
@login_required
def watch_report(report_id):
    """Watch every well-formed number of a kept bulk check."""
    require(current_user, "watch.manage")
    found = _report(report_id)
    if FlaskForm().validate_on_submit():
        numbers = watches.report_numbers(found)
        try:
            added = watches.watch_numbers(
                current_user, numbers, language=mail_language(), now=utcnow()
            )
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for(".report", report_id=report_id), code=303)
        db.session.commit()
        flash(_watching(added), "success")
    return redirect(url_for(".watches_page"), code=303)
