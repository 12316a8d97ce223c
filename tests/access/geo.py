"""Access cases for municipalities and regions: reading is public, writing
is SNF staff's."""

from snf.database import utcnow
from snf.geo import regions
from tests.access.matrix import Case, everyone
from tests.geo.factories import make_municipality

REGION = {
    "code": "access-region",
    "name": "Access region",
    "municipalities": ["GM0983"],
    "agreement": {"places": 10, "start": "2024-01-01", "target": "2026-01-01"},
}


def build(world: dict) -> None:
    make_municipality()
    world["region"] = regions.create_region(
        None, {**REGION, "agreement": None}, now=utcnow()
    )


def page(expected: dict) -> dict:
    return {**everyone(403), "anonymous": 302, **expected}


def api(expected: dict) -> dict:
    return {**everyone(403), "anonymous": 401, **expected}


REGIONS_API = lambda w: "/api/v1/regions"  # noqa: E731
ONE_API = lambda w: f"/api/v1/regions/{w['region'].code}"  # noqa: E731
EDIT = lambda w: f"/regions/{w['region'].code}/edit"  # noqa: E731
NEW_REGION = {**REGION, "code": "another-region"}

CASES = [
    Case("geo_api.list_municipalities", "GET", "/api/v1/municipalities", everyone(200)),
    Case("geo_api.list_regions", "GET", REGIONS_API, everyone(200)),
    Case("geo_api.create_region", "POST", REGIONS_API, api({"admin": 201}),
         json=NEW_REGION),
    Case("geo_api.update_region", "PUT", ONE_API, api({"admin": 200}), json=REGION),
    Case("geo.list_regions", "GET", "/regions", page({"admin": 200})),
    Case("geo.new_region", "GET", "/regions/new", page({"admin": 200})),
    # An empty form comes back with its errors (200), nothing is created.
    Case("geo.new_region", "POST", "/regions/new", page({"admin": 200})),
    Case("geo.edit_region", "GET", EDIT, page({"admin": 200})),
    Case("geo.edit_region", "POST", EDIT, page({"admin": 200})),
]  # fmt: skip
