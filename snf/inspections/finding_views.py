"""Pages for findings (companies repair, staff decide) and the what-if run."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from snf.api import paged
from snf.auth.permissions import require
from snf.csvout import csv_lines
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.inspections import findings, photos, whatif
from snf.inspections.forms import DecisionForm, RepairLetterForm, WhatIfForm
from snf.inspections.labels import VERDICT_LABELS
from snf.inspections.views import bp, lang
from snf.jobqueue import enqueue
from snf.norms import services as norms


@bp.route("/findings")
@login_required
def list_findings():
    require(current_user, "inspection.list")
    show_all = request.args.get("all") is not None
    items, meta = paged(findings.findings_query(current_user, open_only=not show_all))
    return render_template(
        "inspections/findings.html",
        items=items,
        meta=meta,
        show_all=show_all,
        today=local_today(),
        lang=lang(),
    )


@bp.route("/findings/<int:finding_id>", methods=["GET"])
@login_required
def finding(finding_id):
    found = findings.get_finding(finding_id)
    require(current_user, "finding.view", found)
    return render_template(
        "inspections/finding.html",
        finding=found,
        lang=lang(),
        repair_form=RepairLetterForm(),
        decision_form=DecisionForm(),
        today=local_today(),
    )


@bp.route("/findings/<int:finding_id>/repair", methods=["POST"])
@login_required
def repair(finding_id):
    found = findings.get_finding(finding_id)
    require(current_user, "finding.repair", found)
    form = RepairLetterForm()
    if form.validate_on_submit():
        try:
            _save_repair(found, form)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message + " " + " ".join(sum(exc.fields.values(), [])), "error")
        else:
            db.session.commit()
            flash(_("Your repair letter was sent to SNF."), "success")
            return redirect(url_for(".finding", finding_id=found.id))
    return render_template(
        "inspections/finding.html",
        finding=found,
        lang=lang(),
        repair_form=form,
        decision_form=DecisionForm(),
        today=local_today(),
    ), 422


def _save_repair(found, form) -> None:
    now = utcnow()
    letter = findings.submit_repair_letter(current_user, found, form.text.data, now=now)
    for upload in form.photos.data or []:
        if upload and upload.filename:
            photos.add_photo(current_user, upload.read(), now=now, repair_letter=letter)


@bp.route("/findings/<int:finding_id>/decision", methods=["POST"])
@login_required
def decide(finding_id):
    found = findings.get_finding(finding_id)
    require(current_user, "finding.decide", found)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            accept = request.form.get("decision") == "accept"
            findings.decide_repair(
                current_user, found, accept, form.note.data, now=utcnow()
            )
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Decision recorded."), "success")
    return redirect(url_for(".finding", finding_id=found.id))


FLIPS_SHOWN = 100  # the page shows this many; the CSV has them all


def _whatif_request():
    """The versions (up to 3) and the date asked for, and the runs of them."""
    chosen = [c for c in request.args.getlist("v") if ":" in c][:3]
    on = _date(request.args.get("on")) or local_today()
    if not chosen:
        return chosen, on, None, []
    picked = [norms.get_version(*c.split(":", 1)) for c in chosen]
    runs, codes = whatif.compare(picked, on)
    return chosen, on, picked, (runs, codes)


@bp.route("/whatif")
@login_required
def whatif_page():
    require(current_user, "whatif.run")
    versions = [v for n in norms.list_norms() for v in n.versions]
    labels = [SelectChoice(f"{v.norm.code}:{v.version}", v.label) for v in versions]
    chosen, on, picked, ran = _whatif_request()
    show_all = request.args.get("all") == "1"
    runs, titles, rows, flips = [], {}, [], []
    if picked:
        runs, codes = ran
        titles = whatif.titles(picked, lang())
        rows = [r for r in whatif.rows(runs, codes) if show_all or r[2]]
        flips = whatif.flips(runs)
    return render_template(
        "inspections/whatif.html",
        form=WhatIfForm(),
        labels=labels,
        chosen=chosen,
        runs=runs,
        rows=rows,
        titles=titles,
        flips=flips[:FLIPS_SHOWN],
        flips_total=len(flips),
        show_all=show_all,
        on=on.isoformat(),
    )


@bp.route("/whatif/jobs", methods=["POST"])
@login_required
def whatif_job():
    """What-if over every location as a job; its page shows the progress."""
    require(current_user, "whatif.run")
    chosen = [c for c in request.form.getlist("v") if ":" in c][:3]
    on = _date(request.form.get("on")) or local_today()
    for choice in chosen:
        norms.get_version(*choice.split(":", 1))  # 404 for an unknown version
    if not chosen:
        flash(_("Choose at least one norm version."), "error")
        return redirect(url_for(".whatif_page"))
    job_id = enqueue("whatif", user=current_user, versions=chosen, on=on.isoformat())
    return redirect(url_for("ops.job", job_id=job_id))


@bp.route("/whatif.csv")
@login_required
def whatif_csv():
    """The locations whose verdict flips between the first and last version."""
    require(current_user, "whatif.run")
    chosen, on, picked, ran = _whatif_request()
    if not picked or len(picked) < 2:
        abort(404)
    header = [
        _("Location id"),
        _("Address"),
        _("Company"),
        _("KvK number"),
        _("Beds"),
        _("Verdict under %(version)s", version=picked[0].label),
        _("Verdict under %(version)s", version=picked[-1].label),
        _("Newly failing"),
        _("No longer failing"),
    ]
    verdicts = {k: str(v) for k, v in VERDICT_LABELS.items()}
    # Rows are plain values, built here inside the request; csvout streams them.
    rows = whatif.flip_rows(whatif.flips(ran[0]), verdicts)
    name = f"whatif-{picked[0].version}-{picked[-1].version}-{on.isoformat()}.csv"
    return Response(
        csv_lines(header, rows, bom=True),  # the BOM makes spreadsheets read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _date(value: str | None):
    """A date from the query; an unreadable one counts as not given."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
