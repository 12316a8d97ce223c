from marshmallow import Schema, fields, validate

from snf.norms.models import PARTS, SEVERITIES, VERSION_STATUSES

OUTCOMES = ("pass", "fail", "not_applicable", "not_answered")


class TextSchema(Schema):
    nl = fields.String(required=True)
    en = fields.String(required=True)


class NormRefSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    sector = fields.String(required=True)


class RequirementSchema(Schema):
    code = fields.String(required=True)
    title = fields.Nested(TextSchema, required=True)
    guidance = fields.Nested(TextSchema, required=True)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    part = fields.String(required=True, validate=validate.OneOf(PARTS))
    applies_to = fields.List(fields.String(), required=True)
    effective_from = fields.Date(allow_none=True, load_default=None)
    rule = fields.Dict(
        allow_none=True,
        load_default=None,
        metadata={"description": "CEL rule: inputs, params, check, explain, ..."},
    )


class SectionSchema(Schema):
    code = fields.String(required=True)
    title = fields.Nested(TextSchema, required=True)
    requirements = fields.List(fields.Nested(RequirementSchema), required=True)


class VersionDocumentSchema(Schema):
    norm = fields.Nested(NormRefSchema, required=True)
    version = fields.String(required=True)
    status = fields.String(dump_only=True, validate=validate.OneOf(VERSION_STATUSES))
    effective_from = fields.Date(required=True)
    settings = fields.Dict(required=True)
    sections = fields.List(fields.Nested(SectionSchema), required=True)


class VersionRefSchema(Schema):
    version = fields.String(required=True)
    status = fields.String(required=True)
    effective_from = fields.Date(allow_none=True)


class NormSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    sector = fields.String(required=True)
    versions = fields.List(fields.Nested(VersionRefSchema), required=True)


class PublishSchema(Schema):
    effective_from = fields.Date(
        load_default=None, metadata={"description": "defaults to the draft's date"}
    )


class RequirementChangeSchema(Schema):
    """Fields to change; the others stay as they are."""

    title = fields.Nested(TextSchema)
    guidance = fields.Nested(TextSchema)
    severity = fields.String(validate=validate.OneOf(SEVERITIES))
    part = fields.String(validate=validate.OneOf(PARTS))
    applies_to = fields.List(fields.String())
    effective_from = fields.Date(allow_none=True)
    rule = fields.Dict(allow_none=True)


class NewRequirementSchema(RequirementSchema):
    section = fields.String(required=True)


class DiffArgsSchema(Schema):
    from_ = fields.String(required=True, data_key="from")
    to = fields.String(required=True)


class DiffSummarySchema(Schema):
    code = fields.String(required=True)
    title = fields.Nested(TextSchema, required=True)
    section = fields.String(required=True)
    severity = fields.String(required=True)


class DiffChangeSchema(Schema):
    code = fields.String(required=True)
    title = fields.Nested(
        TextSchema, metadata={"description": "the requirement's title (new version)"}
    )
    changes = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Raw(allow_none=True)),
        required=True,
        metadata={"description": "field -> [old, new]; thresholds: rule.params.*"},
    )


class DiffSchema(Schema):
    added = fields.List(fields.Nested(DiffSummarySchema), required=True)
    removed = fields.List(fields.Nested(DiffSummarySchema), required=True)
    changed = fields.List(fields.Nested(DiffChangeSchema), required=True)


class EvaluateRequestSchema(Schema):
    observations = fields.Dict(required=True)
    date = fields.Date(load_default=None, metadata={"description": "default: today"})


class EvaluateArgsSchema(Schema):
    lang = fields.String(
        load_default=None,
        validate=validate.OneOf(("en", "nl")),
        metadata={"description": "default: from Accept-Language, else en"},
    )
    part = fields.String(
        load_default=None,
        validate=validate.OneOf(PARTS),
        metadata={"description": "judge only this part of the norm"},
    )


class ResultSchema(Schema):
    requirement = fields.String(required=True)
    section = fields.String(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    severity = fields.String(required=True)
    explanation = fields.String(required=True)


class EvaluationSchema(Schema):
    verdict = fields.String(
        required=True, validate=validate.OneOf(("conform", "non_conform"))
    )
    results = fields.List(fields.Nested(ResultSchema), required=True)
    notes = fields.List(fields.String())
