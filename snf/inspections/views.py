"""Pages for locations (companies and staff)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from snf.api import paged
from snf.auth.permissions import require
from snf.database import utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.geo.services import list_municipalities
from snf.inspections import locations
from snf.inspections.forms import LocationForm
from snf.inspections.limits import limit_location_creation
from snf.inspections.models import Location
from snf.norms.observations import HOUSING_TYPE_LABELS, HOUSING_TYPES

bp = Blueprint("inspections", __name__, template_folder="templates")


def lang() -> str:
    return str(get_locale())


def housing_choices() -> list[SelectChoice]:
    return [SelectChoice(k, HOUSING_TYPE_LABELS[k][lang()]) for k in HOUSING_TYPES]


def _prepare_form(form: LocationForm, location=None) -> LocationForm:
    """Housing types in the reader's language; the municipality for staff
    only (everyone else's follows the address)."""
    form.housing_type.choices = housing_choices()
    if location is not None and request.method == "GET":
        form.postcode.data = location.written_postcode  # "5911 AB"
    if current_user.role != "admin":
        del form.municipality
        return form
    form.municipality.choices = [SelectChoice("", _("From the address"))] + [
        SelectChoice(m.code, f"{m.name} ({m.code})")
        for m in list_municipalities(include_ended=True)
    ]
    if location is not None and request.method == "GET":
        form.municipality.data = location.municipality_code or ""
        if not location.municipality_by_hand:
            form.municipality.data = ""
    return form


@bp.route("/locations")
@login_required
def list_locations():
    require(current_user, "location.list")
    query = locations.locations_query(current_user)
    q = (request.args.get("q") or "").strip()
    if q:
        like = f"%{q}%"
        query = query.where(
            Location.street.ilike(like)
            | Location.town.ilike(like)
            | Location.postcode.ilike(like.replace(" ", ""))
        )
    items, meta = paged(query)
    return render_template(
        "inspections/locations.html",
        items=items,
        meta=meta,
        q=q,
        labels=HOUSING_TYPE_LABELS,
        lang=lang(),
    )


def _company_for_new_location():
    """Companies register their own; staff pick the company (?company=ID)."""
    if current_user.role == "company":
        return current_user.organisation
    from snf.auth.models import Organisation

    company = db.session.get(Organisation, request.args.get("company", type=int) or 0)
    return company if company is not None and company.kind == "company" else None


@bp.route("/locations/new", methods=["GET", "POST"])
@login_required
@limit_location_creation
def new_location():
    """Staff register a company's location at once; a company asks (F1 of
    issue 14): the same answer whether or not the address is known."""
    require(current_user, "location.create")
    company = _company_for_new_location()
    form = _prepare_form(LocationForm())
    if company is None:
        flash(_("Open the company first, then register its location."), "info")
        return redirect(url_for(".list_locations"))
    require(current_user, "location.create", company)
    if form.validate_on_submit():
        data = form.address_data()
        try:
            target = _register(company, data)
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            return target
    return render_template(
        "inspections/location_form.html", form=form, company=company, location=None
    )


def _register(company, data):
    added = locations.add_location(current_user, company, data, now=utcnow())
    if added.location is None:
        flash(
            _(
                "Your request is received. The location appears in your list "
                "once it is approved."
            ),
            "success",
        )
        return redirect(url_for(".location_requests"))
    if added.created:
        flash(_("Location registered."), "success")
    else:
        flash(_("This address was registered already; the company is linked to it."),
              "info")  # fmt: skip
    return redirect(url_for(".location", location_id=added.location.id))


@bp.route("/locations/<int:location_id>")
@login_required
def location(location_id):
    found = locations.get_location(location_id)
    require(current_user, "location.view", found)
    from snf.inspections.models import Inspection
    from snf.inspections.services import inspections_query

    history = db.session.scalars(
        inspections_query(current_user).where(Inspection.location_id == found.id)
    ).all()
    return render_template(
        "inspections/location.html",
        location=found,
        history=history,
        labels=HOUSING_TYPE_LABELS,
        lang=lang(),
    )


@bp.route("/locations/<int:location_id>/edit", methods=["GET", "POST"])
@login_required
def edit_location(location_id):
    found = locations.get_location(location_id)
    require(current_user, "location.edit", found)
    form = _prepare_form(LocationForm(obj=found), found)
    if form.validate_on_submit():
        data = form.address_data()
        try:
            locations.update_location(current_user, found, data, now=utcnow())
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            flash(_("Location saved."), "success")
            return redirect(url_for(".location", location_id=found.id))
    return render_template(
        "inspections/location_form.html",
        form=form,
        company=found.company,
        location=found,
    )


@bp.context_processor
def _labels():
    from snf.inspections import explain
    from snf.inspections.labels import all_labels

    return {
        **all_labels(),
        # Explanations in the reader's language (never stored as sentences).
        "explained_results": lambda inspection: explain.results(inspection, lang()),
        "finding_explanation": lambda f: explain.finding_explanation(f, lang()),
        "requirement_titles": lambda inspection: explain.titles(inspection, lang()),
    }
