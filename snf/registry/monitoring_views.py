"""Monitoring pages: public aggregates per region and municipality, never an
address; for SNF staff the companies that did not state their demand."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from snf import api
from snf.auth.permissions import require
from snf.database import local_today
from snf.geo.regions import get_region, list_regions
from snf.registry import demand_missing, monitoring
from snf.registry.monitoring_chart import as_svg, beds_chart
from snf.registry.municipality_views import known_municipality
from snf.registry.schemas import AsOfSchema
from snf.registry.views import load_args

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring",
               template_folder="templates")  # fmt: skip


def _day():
    args, errors = load_args(AsOfSchema(unknown="exclude"))
    return args["as_of"] or local_today(), errors


@bp.route("/")
def overview():
    """Every region on a date, and the country."""
    day, errors = _day()
    snapshots = monitoring.Snapshots()
    rows = [monitoring.region_monitoring(r, day, snapshots) for r in list_regions()]
    national = monitoring.total(snapshots.on(day), snapshots.names)
    return render_template(
        "registry/monitoring.html",
        rows=rows,
        day=day,
        national=national,
        errors=errors,
        raw=request.args,
    )


@bp.route("/regions/<code>")
def region(code):
    """One region: totals, progress, its municipalities and the chart."""
    day, errors = _day()
    found = get_region(code)
    snapshots = monitoring.Snapshots()
    figures = monitoring.region_monitoring(found, day, snapshots)
    return render_template(
        "registry/monitoring_region.html",
        m=figures,
        day=day,
        chart=chart_svg(found, day, snapshots),
        errors=errors,
        raw=request.args,
    )


@bp.route("/municipalities/<code>")
def municipality(code):
    """One municipality: certified supply, its change, and stated demand."""
    day, errors = _day()
    found = known_municipality(code)
    return render_template(
        "registry/monitoring_municipality.html",
        m=monitoring.municipality_monitoring(found, day),
        day=day,
        errors=errors,
        raw=request.args,
    )


@bp.route("/demand/missing")
@login_required
def missing_demand():
    """SNF staff: the companies with certified locations that did not state
    their demand for the half-year of the date."""
    require(current_user, "demand.missing")
    day, errors = _day()
    missing = demand_missing.list_missing_demand(day)
    rows, meta = api.paged_items(missing["items"])
    return render_template(
        "registry/demand_missing.html",
        missing=missing,
        rows=rows,
        meta=meta,
        day=day,
        errors=errors,
        raw=request.args,
    )


def chart_labels() -> tuple[str, str]:
    return _("Certified beds"), _("Agreement (straight line)")


def chart_svg(found, day, snapshots) -> str:
    beds, line = monitoring.beds_over_time(found, day, snapshots)
    drawing = beds_chart(beds, line, chart_labels())
    return as_svg(drawing, _("Certified beds over time against the agreement"))
