"""Access cases for a municipality's list of locations: its own officers and
SNF staff; an officer of another municipality is refused (the matrix's
``municipality`` user belongs to GM0983, Venlo)."""

from datetime import date

from snf.database import utcnow
from snf.geo import regions
from tests.access.matrix import Case, api, everyone, page
from tests.factories import make_organisation
from tests.geo.factories import make_municipality

REGION = {
    "code": "access-monitoring",
    "name": "Access monitoring",
    "municipalities": ["GM0983"],
    "agreement": {"places": 10, "start": date(2024, 1, 1), "target": date(2027, 1, 1)},
}


def build(world: dict) -> None:
    make_municipality()
    make_municipality("GM0772", "Eindhoven", "30")
    regions.create_region(None, REGION, now=utcnow())
    world["company"] = make_organisation("company")


OWN = {"admin": 200, "municipality": 200}
OTHER = {"admin": 200}

CASES = [
    Case("municipal.own_municipality", "GET", "/municipality",
         page({"municipality": 302})),
    Case("municipal.locations", "GET", lambda w: "/municipalities/GM0983/locations",
         page(OWN)),
    Case("municipal.locations", "GET", lambda w: "/municipalities/GM0772/locations",
         page(OTHER), note="another municipality"),
    Case("municipal.locations_csv", "GET",
         lambda w: "/municipalities/GM0983/locations.csv", page(OWN)),
    Case("municipal.locations_csv", "GET",
         lambda w: "/municipalities/GM0772/locations.csv", page(OTHER)),
    Case("monitoring_api.municipality_locations", "GET",
         lambda w: "/api/v1/municipalities/GM0983/locations", api(OWN)),
    Case("monitoring_api.municipality_locations", "GET",
         lambda w: "/api/v1/municipalities/GM0772/locations", api(OTHER)),
]  # fmt: skip


def _public(endpoint: str, path: str) -> Case:
    return Case(endpoint, "GET", lambda w: path, everyone(200))


REGION_CASES = [
    _public("monitoring.overview", "/monitoring/"),
    _public("monitoring.region", "/monitoring/regions/access-monitoring"),
    _public("monitoring_api.region_monitoring",
            "/api/v1/monitoring/regions/access-monitoring"),
    _public("monitoring_api.region_report_pdf",
            "/api/v1/monitoring/regions/access-monitoring/report.pdf"),
    _public("monitoring_api.national_report_pdf", "/api/v1/monitoring/report.pdf"),
    _public("monitoring_api.national_report_csv", "/api/v1/monitoring/report.csv"),
    _public("monitoring_api.region_report_csv",
            "/api/v1/monitoring/regions/access-monitoring/report.csv"),
    _public("monitoring.municipality", "/monitoring/municipalities/GM0983"),
    _public("monitoring_api.municipality_monitoring",
            "/api/v1/monitoring/municipalities/GM0983"),
    # Names of companies: SNF staff only.
    Case("monitoring.missing_demand", "GET", "/monitoring/demand/missing",
         page({"admin": 200})),
    Case("monitoring_api.missing_demand", "GET", "/api/v1/monitoring/demand/missing",
         api({"admin": 200})),
]  # fmt: skip
CASES += REGION_CASES


DEMAND = lambda w: f"/api/v1/companies/{w['company'].kvk}/demand/2026H2"  # noqa: E731
STATEMENT = {"municipalities": [{"code": "GM0983", "employed": 4, "housed": 2}]}
# The matrix's company user belongs to another company: refused.
CASES += [
    Case("geo_api.get_demand", "GET", DEMAND, api({"admin": 200})),
    Case("geo_api.put_demand", "PUT", DEMAND, api({"admin": 200}), json=STATEMENT),
]
CASES += [
    Case("certificates.my_demand", "GET", "/demand", page({"company": 200})),
    # An empty statement (the matrix's company has no locations) is saved.
    Case("certificates.my_demand", "POST", "/demand", page({"company": 302})),
]
