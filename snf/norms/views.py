"""Pages: norms and versions, a version as a checklist, drafting, the diff."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from snf.auth.permissions import can, require
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.norms import services
from snf.norms.forms import NewDraftForm, PublishForm
from snf.norms.observations import HOUSING_TYPE_LABELS
from snf.norms.params import diff_value, field_label, readable_rule, threshold_words

bp = Blueprint("norms", __name__, url_prefix="/norms", template_folder="templates")


def _lang() -> str:
    return str(get_locale())


@bp.route("/")
@login_required
def index():
    require(current_user, "norm.view")
    norms = services.list_norms(can(current_user, "norm.view_draft"))
    forms = {
        n.code: NewDraftForm(
            version=services.suggest_next_version(n, local_today()), prefix=n.code
        )
        for n in norms
    }
    return render_template("norms/index.html", norms=norms, forms=forms)


@bp.route("/<code>/drafts", methods=["POST"])
@login_required
def create_draft(code):
    require(current_user, "norm.edit")
    norm = services.get_norm(code)
    form = NewDraftForm(prefix=code)
    source = services.latest_published(norm)
    if source is None or not form.validate_on_submit():
        flash(_("Give a version number like 2026.1."), "error")
        return redirect(url_for(".index"))
    try:
        draft = services.create_draft_from(
            current_user, source, form.version.data, now=utcnow()
        )
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for(".index"))
    db.session.commit()
    flash(
        _("Draft %(label)s created from %(src)s.", label=draft.label, src=source.label),
        "success",
    )
    return redirect(url_for(".version", code=code, version=draft.version))


@bp.route("/<code>/<version>")
@login_required
def version(code, version):
    require(current_user, "norm.view")
    found = services.get_visible_version(current_user, code, version)
    return render_template(
        "norms/version.html",
        version=found,
        lang=_lang(),
        housing_labels=HOUSING_TYPE_LABELS,
        publish_form=PublishForm(effective_from=found.effective_from),
        rule_words=lambda rule: readable_rule(
            rule.get("check", ""), rule.get("params") or {}, _lang()
        ),
        threshold=lambda name, value: threshold_words(name, value, _lang()),
    )


@bp.route("/<code>/<version>/publish", methods=["POST"])
@login_required
def publish(code, version):
    require(current_user, "norm.edit")
    found = services.get_version(code, version)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Choose the date from which the version is in force."), "error")
        return redirect(url_for(".version", code=code, version=version))
    try:
        services.publish_version(
            current_user, found, form.effective_from.data, now=utcnow()
        )
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".version", code=code, version=version))
    db.session.commit()
    flash(_("%(label)s is published.", label=found.label), "success")
    return redirect(url_for(".version", code=code, version=version))


@bp.route("/<code>/diff")
@login_required
def diff(code):
    require(current_user, "norm.view")
    norm = services.get_norm(code)
    labels = [
        v.version for v in norm.versions if can(current_user, "norm.version.view", v)
    ]
    old_label = request.args.get("from") or (labels[-2] if len(labels) > 1 else None)
    new_label = request.args.get("to") or (labels[-1] if labels else None)
    if old_label not in labels or new_label not in labels:
        abort(404)
    old = services.get_version(code, old_label)
    new = services.get_version(code, new_label)
    return render_template(
        "norms/diff.html",
        norm=norm,
        old=old,
        new=new,
        lang=_lang(),
        labels=labels,
        diff=services.diff_versions(old, new),
        field_label=field_label,
        diff_value=lambda field, value: diff_value(field, value, _lang()),
    )
