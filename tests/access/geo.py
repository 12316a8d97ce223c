"""Access cases for municipalities and regions: reading is public, writing
is SNF staff's."""

from tests.access.matrix import Case, everyone

CASES = [
    Case("geo_api.list_municipalities", "GET", "/api/v1/municipalities", everyone(200)),
]
