"""Access cases for a municipality's list of locations: its own officers and
SNF staff; an officer of another municipality is refused (the matrix's
``municipality`` user belongs to GM0983, Venlo)."""

from tests.access.matrix import Case, api, page
from tests.geo.factories import make_municipality


def build(world: dict) -> None:
    make_municipality()
    make_municipality("GM0772", "Eindhoven", "30")


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
