"""A municipality's permit officer: every location in the municipality,
certified or not, on a page and as CSV. SNF staff see any municipality's."""

from flask import Blueprint, Response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from snf.auth.permissions import require
from snf.csvout import csv_lines
from snf.database import local_today
from snf.errors import NotFound, ValidationError
from snf.geo.services import get_municipality
from snf.registry import coverage
from snf.registry.report_export import STATUS_LABELS

bp = Blueprint("municipal", __name__, template_folder="templates")

CSV_HEADER = (
    _l("Address"),
    _l("Postcode"),
    _l("Beds"),
    _l("Company"),
    _l("KvK number"),
    _l("Registration"),
    _l("Certified"),
    _l("Certified beds"),
    _l("Last inspection"),
    _l("Open major findings"),
)


@bp.route("/municipality")
@login_required
def own_municipality():
    """A municipality's officer lands on the list of their own municipality."""
    require(current_user, "municipality.home")
    code = current_user.organisation.municipality_code
    return redirect(url_for("municipal.locations", code=code))


@bp.route("/municipalities/<code>/locations")
@login_required
def locations(code):
    require(current_user, "municipality.locations", code)
    municipality = known_municipality(code)
    day = local_today()
    rows = coverage.municipality_locations(code, day)
    return render_template(
        "registry/municipality_locations.html",
        municipality=municipality,
        rows=rows,
        day=day,
        certified=sum(1 for row in rows if row["certified"]),
        status_labels=STATUS_LABELS,
    )


@bp.route("/municipalities/<code>/locations.csv")
@login_required
def locations_csv(code):
    require(current_user, "municipality.locations", code)
    known_municipality(code)
    day = local_today()
    return csv_answer(code, day, coverage.municipality_locations(code, day))


def known_municipality(code):
    """The municipality in the path, or 404."""
    try:
        return get_municipality(code, "code")
    except ValidationError as exc:
        raise NotFound(exc.message) from exc


def csv_answer(code, day, rows) -> Response:
    """The list as CSV for people (headers in their language, BOM for Excel)."""
    lines = csv_lines(
        [str(text) for text in CSV_HEADER],
        (_cells(row) for row in rows),
        bom=True,
    )
    name = f"{code}-locations-{day.isoformat()}.csv"
    return Response(
        lines,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _cells(row: dict) -> list:
    return [
        row["address"],
        row["postcode"],
        row["beds"],
        row["company"],
        row["kvk"] or "",
        str(STATUS_LABELS[row["company_status"]]),
        _("yes") if row["certified"] else _("no"),
        row["certified_beds"],
        row["last_inspection"] or "",
        row["open_major_findings"],
    ]
