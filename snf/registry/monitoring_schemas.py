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
