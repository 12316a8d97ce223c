"""Municipalities and regions (API.md, "Addresses, municipalities, regions")."""

from flask_babel import gettext as _
from flask_login import current_user

from snf.api import make_api_blueprint
from snf.auth.permissions import require, requires
from snf.database import utcnow
from snf.errors import NotFound, ValidationError
from snf.extensions import db
from snf.geo import demand, regions, services
from snf.geo.schemas import (
    DemandInSchema,
    DemandSchema,
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


def _company(kvk: str):
    from snf.auth.models import Organisation

    company = db.session.scalar(
        db.select(Organisation).where(
            Organisation.kvk == kvk, Organisation.kind == "company"
        )
    )
    if company is None:
        raise NotFound(_("No company has this KvK number."))
    return company


@blp.route("/companies/<kvk>/demand/<period>")
@requires("demand.access")
@blp.response(200, DemandSchema)
def get_demand(kvk, period):
    """The company of that KvK number and SNF staff: its statement for the
    period (``2026H2``), empty when it has not reported."""
    company = _company(kvk)
    require(current_user, "demand.report", company)
    demand.check_period(period)
    lines = demand.list_demand(company.id, period)
    return {"kvk": kvk, "period": period, "municipalities": lines}


@blp.route("/companies/<kvk>/demand/<period>", methods=["PUT"])
@requires("demand.access")
@blp.arguments(DemandInSchema)
@blp.response(200, DemandSchema)
def put_demand(body, kvk, period):
    """The company of that KvK number and SNF staff: per municipality, how
    many labour migrants it employs there and how many of them it houses;
    replaces the statement for the period (``2026H2``)."""
    company = _company(kvk)
    require(current_user, "demand.report", company)
    lines = demand.report_demand(
        current_user, company, period, body["municipalities"], now=utcnow()
    )
    db.session.commit()
    return {"kvk": kvk, "period": period, "municipalities": lines}
