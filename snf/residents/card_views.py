"""Information cards: a company prints its own, staff any company's and
revoke a location's resident token."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from snf.auth.permissions import require
from snf.database import utcnow
from snf.extensions import db
from snf.inspections import locations
from snf.jobqueue import enqueue
from snf.residents.contacts import set_contact
from snf.residents.forms import ContactForm
from snf.residents.info import LANGUAGE_NAMES, contact_of
from snf.residents.staff_views import bp
from snf.residents.tokens import active_tokens, revoke_token
from snf.residents.views import company_by_kvk


def _company():
    """The company whose cards are asked: the user's own, or ``?kvk=`` for
    staff (None: staff have not chosen yet)."""
    if current_user.is_authenticated and current_user.role == "company":
        return current_user.organisation
    kvk = (request.values.get("kvk") or "").strip()
    return company_by_kvk(kvk) if kvk else None


@bp.route("/residents/cards", methods=["GET", "POST"])
@login_required
def cards():
    """A company's locations with their cards in every language, and the
    contact printed on them."""
    require(current_user, "resident_card.download")
    company = _company()
    if company is not None:
        require(current_user, "resident_card.download", company)
    contact = contact_of(company.id) if company else None
    form = ContactForm(obj=contact)
    if company is not None and form.validate_on_submit():
        require(current_user, "resident_contact.edit", company)
        set_contact(
            current_user,
            company,
            phone=form.phone.data or "",
            emergency_phone=form.emergency_phone.data or "",
            now=utcnow(),
        )
        db.session.commit()
        flash(_("The contact on the cards was saved."), "success")
        return redirect(url_for(".cards", kvk=company.kvk))
    places = locations.list_company_locations(company.id) if company else []
    return render_template(
        "residents/cards.html",
        company=company,
        places=places,
        tokens=active_tokens([p.id for p in places]),
        languages=LANGUAGE_NAMES,
        form=form,
    ), (422 if form.errors else 200)


@bp.route("/residents/locations/<int:location_id>/token", methods=["POST"])
@login_required
def revoke(location_id):
    """SNF staff: a new QR code for a location; old cards say "outdated"."""
    location = locations.get_location(location_id)
    require(current_user, "resident_token.revoke", location)
    revoke_token(current_user, location, now=utcnow())
    db.session.commit()
    flash(_("The old card no longer works: print the new one."), "success")
    return redirect(url_for(".cards", kvk=location.company.kvk))


@bp.route("/residents/cards/batch", methods=["POST"])
@login_required
def cards_batch():
    """Every card of a company in one language, one PDF, as a job."""
    require(current_user, "resident_card.download")
    company = _company()
    if company is None:
        abort(404)
    require(current_user, "resident_card.download", company)
    language = request.values.get("lang")
    if language not in LANGUAGE_NAMES:
        language = "nl"
    job_id = enqueue(
        "cards_batch", user=current_user, company_id=company.id, language=language
    )
    return redirect(url_for("ops.job", job_id=job_id), code=303)
