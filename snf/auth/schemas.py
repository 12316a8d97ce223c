from marshmallow import Schema, fields, validate


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


class OrganisationRefSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    kvk = fields.String(allow_none=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String()
    role = fields.String(required=True)
    organisation = fields.Nested(OrganisationRefSchema, required=True)
