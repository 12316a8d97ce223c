"""The municipality's list of locations and the monitoring of the regional
agreements (API.md, "Addresses, municipalities, regions")."""

from flask import request
from flask_login import current_user

from snf.api import make_api_blueprint
from snf.auth.permissions import require
from snf.database import local_today
from snf.registry import coverage
from snf.registry.monitoring_schemas import MunicipalityLocationsSchema
from snf.registry.municipality_views import csv_answer, known_municipality

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
