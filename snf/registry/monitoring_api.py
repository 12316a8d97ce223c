"""The municipality's list of locations and the monitoring of the regional
agreements (API.md, "Addresses, municipalities, regions")."""

from flask import Response, request
from flask_login import current_user

from snf.api import make_api_blueprint
from snf.auth.permissions import require
from snf.database import local_today
from snf.geo.regions import get_region, list_regions
from snf.registry import coverage, demand_missing, monitoring, monitoring_report
from snf.registry.monitoring_chart import beds_chart
from snf.registry.monitoring_schemas import (
    MissingDemandSchema,
    MunicipalityLocationsSchema,
    MunicipalityMonitoringSchema,
    RegionMonitoringSchema,
)
from snf.registry.municipality_views import csv_answer, known_municipality
from snf.registry.schemas import AsOfSchema

blp = make_api_blueprint(
    "monitoring_api", __name__, description="Municipalities' lists and monitoring"
)


@blp.route("/municipalities/<code>/locations")
@blp.response(200, MunicipalityLocationsSchema)
@blp.alt_response(200, content_type="text/csv", description="with Accept: text/csv")
def municipality_locations(code):
    """A municipality's officers (of that municipality) and SNF staff: every
    location there, certified or not, with address, beds, company,
    registration, last inspection and open major findings; CSV with
    ``Accept: text/csv``."""
    require(current_user, "municipality.locations", code)
    municipality = known_municipality(code)
    day = local_today()
    rows = coverage.municipality_locations(code, day)
    if _wants_csv():
        return csv_answer(code, day, rows)
    return {"municipality": municipality, "as_of": day, "items": rows}


def _wants_csv() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"])
    return best == "text/csv"


@blp.route("/monitoring/regions/<code>")
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, RegionMonitoringSchema)
def region_monitoring(args, code):
    """Public aggregates of a region on ``as_of`` (default today): certified
    locations and beds, the change since six months earlier, progress against
    the agreement, and the figures per municipality. No addresses."""
    region = get_region(code)
    return monitoring.region_monitoring(region, args["as_of"] or local_today())


@blp.route("/monitoring/municipalities/<code>")
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, MunicipalityMonitoringSchema)
def municipality_monitoring(args, code):
    """Public aggregates of a municipality on ``as_of`` (default today):
    certified locations and beds, the change since six months earlier, and
    demand beside supply. No addresses, no companies."""
    municipality = known_municipality(code)
    day = args["as_of"] or local_today()
    return monitoring.municipality_monitoring(municipality, day)


@blp.route("/monitoring/demand/missing")
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, MissingDemandSchema)
def missing_demand(args):
    """SNF staff: the companies with a certified location on ``as_of`` that
    have not stated their demand for its half-year, with where they are."""
    require(current_user, "demand.missing")
    return demand_missing.list_missing_demand(args["as_of"] or local_today())


def _region_figures(code, args):
    region = get_region(code)
    day = args["as_of"] or local_today()
    snapshots = monitoring.Snapshots()
    return region, day, snapshots, monitoring.region_monitoring(region, day, snapshots)


@blp.route("/monitoring/regions/<code>/report.pdf")
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, description="The half-yearly progress report (PDF)")
def region_report_pdf(args, code):
    """Public: the region's progress report on ``as_of`` as PDF, with the chart
    of certified beds over time against the agreement line."""
    from snf.registry.monitoring_views import chart_labels

    region, day, snapshots, figures = _region_figures(code, args)
    beds, line = monitoring.beds_over_time(region, day, snapshots)
    pdf = monitoring_report.region_pdf(figures, beds_chart(beds, line, chart_labels()))
    name = f"report-{region.code}-{day.isoformat()}.pdf"
    disposition = {"Content-Disposition": f'inline; filename="{name}"'}
    return Response(pdf, mimetype="application/pdf", headers=disposition)


@blp.route("/monitoring/regions/<code>/report.csv")
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, description="The half-yearly progress report (CSV)")
def region_report_csv(args, code):
    """Public: the region's progress report on ``as_of`` as CSV: one line per
    municipality, then the region's total with its progress."""
    region, day, _snapshots, figures = _region_figures(code, args)
    name = f"report-{region.code}-{day.isoformat()}.csv"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    lines = monitoring_report.region_csv(figures)
    return Response(lines, mimetype="text/csv", headers=disposition)


@blp.route("/monitoring/report.pdf")
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, description="The national progress report (PDF)")
def national_report_pdf(args):
    """Public: the national progress report on ``as_of``: the country's
    certified locations and beds, every region's progress, the chart."""
    from snf.registry.monitoring_views import chart_labels

    day = args["as_of"] or local_today()
    figures = monitoring.national_monitoring(list_regions(), day)
    chart = beds_chart(figures["beds_over_time"], [], chart_labels())
    pdf = monitoring_report.national_pdf(figures, chart)
    disposition = {"Content-Disposition": f'inline; filename="report-{day}.pdf"'}
    return Response(pdf, mimetype="application/pdf", headers=disposition)


@blp.route("/monitoring/report.csv")
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, description="The national progress report (CSV)")
def national_report_csv(args):
    """Public: the national progress report on ``as_of`` as CSV: one line per
    region, then the country's total."""
    day = args["as_of"] or local_today()
    figures = monitoring.national_monitoring(list_regions(), day)
    disposition = {"Content-Disposition": f'attachment; filename="report-{day}.csv"'}
    lines = monitoring_report.national_csv(figures)
    return Response(lines, mimetype="text/csv", headers=disposition)
