from marshmallow import Schema, fields, validate

from snf.api import PageArgsSchema
from snf.residents.complaints import MAX_CONTACT, MAX_TEXT
from snf.residents.info import LANGUAGES
from snf.residents.models import CATEGORIES, STATUSES
from snf.residents.triage import TRIAGE_STATUSES

NO_NUL = validate.Regexp(r"^[^\x00]*$", error="Text may not contain NUL characters.")


class CardLangArgsSchema(Schema):
    lang = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))


class ResidentCertificateSchema(Schema):
    number = fields.String(required=True)
    valid_until = fields.Date(required=True)


class ResidentRightSchema(Schema):
    requirement = fields.String(required=True)
    text = fields.String(required=True)


class ResidentPageSchema(Schema):
    address = fields.String(required=True)
    company = fields.String(required=True)
    beds = fields.Integer(required=True)
    certified = fields.Boolean(required=True)
    certificate = fields.Nested(
        ResidentCertificateSchema, allow_none=True, required=True
    )
    rights = fields.List(fields.Nested(ResidentRightSchema), required=True)
    languages = fields.List(fields.String(), required=True)


class ComplaintInSchema(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    text = fields.String(
        load_default="", validate=[validate.Length(max=MAX_TEXT), NO_NUL]
    )
    contact = fields.String(
        load_default="", validate=[validate.Length(max=MAX_CONTACT), NO_NUL]
    )


class ComplaintMultipartSchema(ComplaintInSchema):
    photo = fields.Raw(metadata={"type": "string", "format": "binary"})


class ComplaintReceiptSchema(Schema):
    receipt = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    updated = fields.DateTime(required=True)


class RiskFactorSchema(Schema):
    code = fields.String(required=True)
    points = fields.Integer(required=True)
    text = fields.String(required=True)


class ComplaintRiskSchema(Schema):
    score = fields.Integer(required=True)
    level = fields.String(
        required=True, validate=validate.OneOf(("high", "medium", "low"))
    )
    factors = fields.List(fields.Nested(RiskFactorSchema), required=True)


class ComplaintSchema(Schema):
    """A complaint for SNF staff: text and contact included."""

    id = fields.Integer(required=True)
    receipt = fields.String(required=True)
    category = fields.String(required=True)
    text = fields.String(required=True)
    contact = fields.String(required=True)
    has_photo = fields.Boolean(required=True)
    status = fields.String(required=True)
    location_id = fields.Integer(required=True)
    address = fields.String(required=True)
    company = fields.String(required=True)
    inspection_id = fields.Integer(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    risk = fields.Nested(ComplaintRiskSchema, required=True)


class ComplaintQueueArgsSchema(PageArgsSchema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class TriageInSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(TRIAGE_STATUSES))
    note = fields.String(load_default="", validate=[validate.Length(max=2000), NO_NUL])


class ComplaintInspectionSchema(Schema):
    inspection_id = fields.Integer(required=True)
    due = fields.Date(required=True)
    level = fields.String(required=True)
