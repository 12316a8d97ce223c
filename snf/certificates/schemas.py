from marshmallow import Schema, fields, validate


class CertificateSchema(Schema):
    number = fields.String(required=True)
    kvk = fields.Function(lambda c: c.company.kvk, allow_none=True)
    name = fields.Function(lambda c: c.company.name)
    status = fields.String(required=True)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)
    norm_version = fields.Function(lambda c: c.norm_version.label)
    mark = fields.Function(
        lambda c: c.norm_version.norm.code,
        metadata={"description": "the mark it was issued under: SNF or AGRI"},
    )
    locations = fields.Integer(attribute="locations_count")
    beds = fields.Integer()


class StatusChangeInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))
    effective = fields.Date(
        load_default=None, metadata={"description": "default: today"}
    )


class ApplicationInSchema(Schema):
    inspection_body = fields.String(
        required=True, metadata={"description": "name of the chosen inspection body"}
    )
    mark = fields.String(
        load_default=None,
        validate=validate.OneOf(("SNF", "AGRI")),
        metadata={"description": "the mark applied for; default: the company's"},
    )


class ApplicationSchema(Schema):
    id = fields.Integer(required=True)
    state = fields.String(required=True)
    applied_on = fields.Date(required=True)
    entry_fee_paid_on = fields.Date(allow_none=True)
    inspection_body = fields.Function(lambda a: a.inspection_body.name)
    missing = fields.List(fields.String())


class PublicKeySchema(Schema):
    """One JWK (RFC 7517; OKP keys: RFC 8037) with the fields of version 1."""

    kty = fields.String(required=True, metadata={"description": "always OKP"})
    crv = fields.String(required=True, metadata={"description": "always Ed25519"})
    x = fields.String(
        required=True, metadata={"description": "raw 32-byte public key, base64url"}
    )
    kid = fields.String(required=True)
    alg = fields.String(required=True, metadata={"description": "always EdDSA"})
    use = fields.String(required=True, metadata={"description": "always sig"})
    public_key = fields.String(
        required=True, metadata={"description": "the same key as x (version 1)"}
    )
    created = fields.String()
    active = fields.Boolean()


class KeysSchema(Schema):
    """A JWK Set: every key that ever signed, the active one included."""

    keys = fields.List(fields.Nested(PublicKeySchema), required=True)


class MarkInSchema(Schema):
    mark = fields.String(
        required=True,
        validate=validate.OneOf(("SNF", "AGRI")),
        metadata={"description": "SNF, or AGRI (the agricultural mark)"},
    )
