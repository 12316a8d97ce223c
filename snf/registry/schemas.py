from marshmallow import Schema, fields, validate

from snf.auth.models import MARKS

STATUSES = ("applied", "registered", "suspended", "struck_off", "expired")


class RegistryArgsSchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    town = fields.String(load_default="", validate=validate.Length(max=100))
    status = fields.String(load_default="", validate=validate.OneOf(("", *STATUSES)))
    mark = fields.String(load_default="", validate=validate.OneOf(("", *MARKS)))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))
    as_of = fields.Date(load_default=None)


class AsOfSchema(Schema):
    as_of = fields.Date(load_default=None, metadata={"description": "default: today"})


class RegistryItemSchema(Schema):
    kvk = fields.String(allow_none=True)
    name = fields.String(required=True)
    town = fields.String(allow_none=True)
    mark = fields.String(metadata={"description": "SNF or AGRI (agricultural)"})
    status = fields.String(required=True)
    registered_since = fields.Date(allow_none=True)
    certificate_number = fields.String(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    locations = fields.Integer(allow_none=True)
    beds = fields.Integer(allow_none=True)


class CertificateRefSchema(Schema):
    number = fields.String(required=True)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)
    norm_version = fields.String(allow_none=True)


class HistorySchema(Schema):
    status = fields.String(required=True)
    from_ = fields.Date(required=True, attribute="from", data_key="from")
    to = fields.Date(allow_none=True)
    reason = fields.String()


class CompanyRecordSchema(Schema):
    kvk = fields.String(allow_none=True)
    name = fields.String(required=True)
    town = fields.String(allow_none=True)
    mark = fields.String(metadata={"description": "SNF or AGRI (agricultural)"})
    as_of = fields.Date(required=True)
    status = fields.String(required=True)
    registered_since = fields.Date(allow_none=True)
    certificate = fields.Nested(CertificateRefSchema, allow_none=True)
    locations = fields.Integer(required=True)
    beds = fields.Integer(required=True)
    history = fields.List(fields.Nested(HistorySchema), required=True)


class VerifyBodySchema(Schema):
    kvk_numbers = fields.List(fields.Raw(allow_none=True), required=True)
    as_of = fields.Date(load_default=None)


class VerifyResultSchema(Schema):
    kvk = fields.Raw(allow_none=True)
    valid = fields.Boolean(required=True)
    error = fields.String()
    error_code = fields.String(
        metadata={"description": "null, not_string, empty, spaces, not_digits, length"}
    )
    error_params = fields.Dict()
    status = fields.String()
    registered = fields.Boolean()
    name = fields.String(allow_none=True)
    mark = fields.String(allow_none=True, metadata={"description": "SNF or AGRI"})
    certificate_number = fields.String(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    duplicate = fields.Boolean()


class VerifyAnswerSchema(Schema):
    as_of = fields.Date(required=True)
    count = fields.Integer(required=True)
    results = fields.List(fields.Nested(VerifyResultSchema), required=True)
    summary = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class ChangesArgsSchema(Schema):
    since = fields.String(load_default="0", validate=validate.Regexp(r"^[0-9]{1,9}\Z"))
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=1000))


class ChangeSchema(Schema):
    seq = fields.Integer(required=True)
    kvk = fields.String(allow_none=True)
    name = fields.String()
    mark = fields.String(metadata={"description": "SNF or AGRI (agricultural)"})
    status = fields.String(required=True)
    effective = fields.Date(required=True)
    reason = fields.String()


class ChangesSchema(Schema):
    items = fields.List(fields.Nested(ChangeSchema), required=True)
    next = fields.String(required=True)


class ExportSchema(Schema):
    produced_at = fields.DateTime(required=True)
    as_of = fields.Date(required=True)
    items = fields.List(fields.Nested(RegistryItemSchema), required=True)
