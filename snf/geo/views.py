"""SNF staff's pages for regions and their agreements."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from snf.auth.permissions import require
from snf.database import utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.geo import regions
from snf.geo.forms import RegionForm
from snf.geo.services import list_municipalities, municipality_names

bp = Blueprint("geo", __name__, template_folder="templates")


def _form(region=None) -> RegionForm:
    form = RegionForm(obj=region)
    form.municipalities.choices = [
        SelectChoice(m.code, f"{m.name} ({m.code}, {m.province})")
        for m in list_municipalities()
    ]
    if region is not None and not form.is_submitted():
        form.municipalities.data = region.municipality_codes
        if region.agreement is not None:
            form.places.data = region.agreement.places
            form.start.data = region.agreement.start
            form.target.data = region.agreement.target
    return form


@bp.route("/regions")
@login_required
def list_regions():
    require(current_user, "region.manage")
    names = municipality_names()
    found = regions.list_regions()
    members = {
        region.code: sorted(names.get(c, c) for c in region.municipality_codes)
        for region in found
    }
    return render_template("geo/regions.html", regions=found, members=members)


@bp.route("/regions/new", methods=["GET", "POST"])
@login_required
def new_region():
    require(current_user, "region.manage")
    form = _form()
    if form.validate_on_submit():
        try:
            region = regions.create_region(
                current_user, form.region_data(), now=utcnow()
            )
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            flash(_("Region %(name)s created.", name=region.name), "success")
            return redirect(url_for(".list_regions"))
    return render_template("geo/region_form.html", form=form, region=None)


@bp.route("/regions/<code>/edit", methods=["GET", "POST"])
@login_required
def edit_region(code):
    require(current_user, "region.manage")
    region = regions.get_region(code)
    form = _form(region)
    del form.code  # a region's code does not change
    if form.validate_on_submit():
        data = {**form.region_data(), "code": region.code}
        try:
            regions.update_region(current_user, region, data, now=utcnow())
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            flash(_("Region %(name)s saved.", name=region.name), "success")
            return redirect(url_for(".list_regions"))
    return render_template("geo/region_form.html", form=form, region=region)
