"""Municipalities and regions (API.md, "Addresses, municipalities, regions")."""

from snf.api import make_api_blueprint
from snf.geo import services
from snf.geo.schemas import MunicipalitySchema

blp = make_api_blueprint("geo_api", __name__, description="Municipalities and regions")


@blp.route("/municipalities")
@blp.response(200, MunicipalitySchema(many=True))
def list_municipalities():
    """Public: every municipality of the last imported CBS list."""
    return services.list_municipalities()
