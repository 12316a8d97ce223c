"""Municipalities and regions (API.md, "Addresses, municipalities, regions")."""

from flask_babel import gettext as _
from flask_login import current_user

from snf.api import make_api_blueprint
from snf.auth.permissions import requires
from snf.database import utcnow
from snf.errors import ValidationError
from snf.extensions import db
from snf.geo import regions, services
from snf.geo.schemas import (
    MunicipalitySchema,
    RegionInSchema,
    RegionSchema,
    RegionUpdateSchema,
)

blp = make_api_blueprint("geo_api", __name__, description="Municipalities and regions")


@blp.route("/municipalities")
@blp.response(200, MunicipalitySchema(many=True))
def list_municipalities():
    """Public: every municipality of the last imported CBS list."""
    return services.list_municipalities()


@blp.route("/regions")
@blp.response(200, RegionSchema(many=True))
def list_regions():
    """Public: the regions, their municipalities and agreements in force."""
    return regions.list_regions()


@blp.route("/regions", methods=["POST"])
@requires("region.manage")
@blp.arguments(RegionInSchema)
@blp.response(201, RegionSchema)
def create_region(body):
    """SNF staff: a new region; 409 when the code is taken."""
    region = regions.create_region(current_user, body, now=utcnow())
    db.session.commit()
    return region, 201, {"Location": f"/api/v1/regions/{region.code}"}


@blp.route("/regions/<code>", methods=["PUT"])
@requires("region.manage")
@blp.arguments(RegionUpdateSchema)
@blp.response(200, RegionSchema)
def update_region(body, code):
    """SNF staff: change a region; new terms of agreement are kept as a
    revision beside the earlier ones."""
    region = regions.get_region(code)
    if body.get("code", code) != code:
        message = _("The code of a region does not change.")
        raise ValidationError(message, {"code": [message]})
    regions.update_region(current_user, region, body, now=utcnow())
    db.session.commit()
    return region
