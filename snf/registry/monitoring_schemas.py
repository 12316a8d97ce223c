"""Shapes of the municipality list and the monitoring answers (API.md,
"Addresses, municipalities, regions")."""

from marshmallow import Schema, fields


class MunicipalityRefSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    province = fields.String(required=True)


class MunicipalityLocationSchema(Schema):
    id = fields.Integer(required=True)
    address = fields.String(required=True)
    postcode = fields.String(required=True)
    beds = fields.Integer(required=True)
    company = fields.String(required=True)
    kvk = fields.String(allow_none=True)
    company_status = fields.String(
        required=True,
        metadata={"description": "the company's register status on as_of"},
    )
    certified = fields.Boolean(required=True)
    certified_beds = fields.Integer(required=True)
    last_inspection = fields.Date(allow_none=True)
    open_major_findings = fields.Integer(required=True)


class MunicipalityLocationsSchema(Schema):
    municipality = fields.Nested(MunicipalityRefSchema, required=True)
    as_of = fields.Date(required=True)
    items = fields.List(fields.Nested(MunicipalityLocationSchema), required=True)


class RegionRefSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class HalfYearChangeSchema(Schema):
    since = fields.Date(required=True, metadata={"description": "six months earlier"})
    locations = fields.Integer(required=True)
    beds = fields.Integer(required=True)


class MonitoringAgreementSchema(Schema):
    places = fields.Integer(required=True)
    start = fields.Date(required=True)
    target = fields.Date(required=True)


class AgreementProgressSchema(Schema):
    realised = fields.Integer(
        required=True,
        metadata={"description": "growth of certified beds since the start"},
    )
    percent = fields.Float(required=True, metadata={"description": "of the places"})
    expected = fields.Integer(
        required=True,
        metadata={"description": "a straight line from start (0) to target (all)"},
    )
    on_track = fields.Boolean(required=True)


class MunicipalityFiguresSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    certified_locations = fields.Integer(required=True)
    certified_beds = fields.Integer(required=True)
    employed = fields.Integer(
        required=True, metadata={"description": "stated demand for the half-year"}
    )
    housed = fields.Integer(required=True)
    gap = fields.Integer(
        required=True, metadata={"description": "employed minus certified beds"}
    )


class DemandFiguresSchema(Schema):
    period = fields.String(required=True, metadata={"description": "e.g. 2026H2"})
    employed = fields.Integer(required=True)
    housed = fields.Integer(required=True)
    gap = fields.Integer(
        required=True, metadata={"description": "employed minus certified beds"}
    )
    reported_companies = fields.Integer(required=True)
    missing_companies = fields.Integer(
        required=True,
        metadata={"description": "with certified locations here, no statement"},
    )


class _AreaFiguresSchema(Schema):
    """What a region's and a municipality's answers share. Aggregates only:
    no addresses, no companies."""

    as_of = fields.Date(required=True)
    certified_locations = fields.Integer(required=True)
    certified_beds = fields.Integer(required=True)
    change = fields.Nested(HalfYearChangeSchema, required=True)
    demand = fields.Nested(DemandFiguresSchema, required=True)


class RegionMonitoringSchema(_AreaFiguresSchema):
    """Aggregates only: no addresses, no companies."""

    region = fields.Nested(RegionRefSchema, required=True)
    agreement = fields.Nested(MonitoringAgreementSchema, allow_none=True)
    progress = fields.Nested(AgreementProgressSchema, allow_none=True)
    municipalities = fields.List(
        fields.Nested(MunicipalityFiguresSchema), required=True
    )


class MunicipalityMonitoringSchema(_AreaFiguresSchema):
    """Aggregates only: no addresses, no companies."""

    municipality = fields.Nested(MunicipalityRefSchema, required=True)


class MissingCompanySchema(Schema):
    kvk = fields.String(allow_none=True)
    name = fields.String(required=True)
    municipalities = fields.List(
        fields.Nested(MunicipalityRefSchema),
        required=True,
        metadata={"description": "where it has certified locations"},
    )
    last_period = fields.String(
        allow_none=True, metadata={"description": "its last statement, if any"}
    )


class MissingDemandSchema(Schema):
    period = fields.String(required=True)
    as_of = fields.Date(required=True)
    items = fields.List(fields.Nested(MissingCompanySchema), required=True)
