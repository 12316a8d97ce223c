"""Staff pages for company claims: the queue, one claim with its KvK extract,
confirm (after a contact check) or reject (with a reason)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from snf.api import paged
from snf.auth.kvk import kvk_lookup
from snf.auth.permissions import require
from snf.certificates import claim_mail, claims
from snf.certificates.forms import ConfirmClaimForm, RejectClaimForm
from snf.certificates.views import bp
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.storage import storage

CLAIM_FILTERS = ("pending", "confirmed", "rejected", "all")


@bp.route("/claims")
@login_required
def claims_list():
    require(current_user, "claim.review")
    status = request.args.get("status", "pending")
    status = status if status in CLAIM_FILTERS else "pending"
    items, meta = paged(claims.claims_query(None if status == "all" else status))
    return render_template(
        "certificates/claims.html",
        items=items,
        meta=meta,
        status=status,
        filters=CLAIM_FILTERS,
        conflicts=claims.conflicts_of(items),
    )


def _page(claim, confirm_form=None, reject_form=None, status=200):
    lookup = kvk_lookup()
    found = lookup.lookup(claim.kvk) if lookup and claim.status == "pending" else None
    return render_template(
        "certificates/claim.html",
        claim=claim,
        conflicts=claims.conflicts_of([claim])[claim.id],
        lookup_on=lookup is not None,
        lookup=found,
        confirm_form=confirm_form or ConfirmClaimForm(),
        reject_form=reject_form or RejectClaimForm(),
    ), status


@bp.route("/claims/<int:claim_id>")
@login_required
def claim(claim_id):
    require(current_user, "claim.review")
    return _page(claims.get_claim(claim_id))


@bp.route("/claims/<int:claim_id>/extract")
@login_required
def claim_extract(claim_id):
    require(current_user, "claim.review")
    found = claims.get_claim(claim_id)
    suffix = ".pdf" if found.extract_type == "application/pdf" else ".jpg"
    return (
        storage().load(found.extract_key),
        200,
        {
            "Content-Type": found.extract_type,
            "Content-Disposition": f'inline; filename="kvk-{found.kvk}{suffix}"',
        },
    )


@bp.route("/claims/<int:claim_id>/confirm", methods=["POST"])
@login_required
def confirm_claim(claim_id):
    require(current_user, "claim.review")
    found = claims.get_claim(claim_id)
    form = ConfirmClaimForm()
    if not form.validate_on_submit():
        return _page(found, confirm_form=form, status=422)
    try:
        company = claims.confirm_claim(
            current_user, found, today=local_today(), now=utcnow()
        )
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".claim", claim_id=claim_id))
    db.session.commit()
    claim_mail.mail_decision(found)
    flash(_("Confirmed: %(name)s is now a company with an application.",
            name=company.name), "success")  # fmt: skip
    return redirect(url_for(".claims_list"))


@bp.route("/claims/<int:claim_id>/reject", methods=["POST"])
@login_required
def reject_claim(claim_id):
    require(current_user, "claim.review")
    found = claims.get_claim(claim_id)
    form = RejectClaimForm()
    if form.validate_on_submit():
        try:
            claims.reject_claim(current_user, found, reason=form.reason.data,
                                now=utcnow())  # fmt: skip
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            claim_mail.mail_decision(found)
            flash(_("The claim is rejected; the sender gets a mail."), "success")
            return redirect(url_for(".claims_list"))
    return _page(found, reject_form=form, status=422)
