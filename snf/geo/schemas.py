from marshmallow import Schema, fields


class MunicipalitySchema(Schema):
    code = fields.String(required=True, metadata={"example": "GM0983"})
    name = fields.String(required=True, metadata={"example": "Venlo"})
    province = fields.String(required=True, metadata={"example": "Limburg"})
