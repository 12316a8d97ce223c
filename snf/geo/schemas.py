from marshmallow import Schema, fields, validate


class MunicipalitySchema(Schema):
    code = fields.String(required=True, metadata={"description": "e.g. GM0983"})
    name = fields.String(required=True, metadata={"description": "e.g. Venlo"})
    province = fields.String(required=True, metadata={"description": "e.g. Limburg"})


CODE = r"^[a-z0-9][a-z0-9-]{1,39}\Z"
MUNICIPALITY_CODE = r"^GM[0-9]{4}\Z"


class AgreementSchema(Schema):
    places = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=1_000_000)
    )
    start = fields.Date(required=True)
    target = fields.Date(required=True)


class AgreementRevisionSchema(AgreementSchema):
    recorded_at = fields.DateTime()


class RegionSchema(Schema):
    """A region as the contract has it, with the history of its agreement."""

    code = fields.String(required=True, metadata={"description": "e.g. noord-limburg"})
    name = fields.String(required=True)
    municipalities = fields.List(
        fields.String(), required=True, attribute="municipality_codes"
    )
    agreement = fields.Nested(AgreementSchema, allow_none=True, required=True)
    history = fields.List(
        fields.Nested(AgreementRevisionSchema),
        attribute="agreements",
        metadata={"description": "every agreement recorded, oldest first"},
    )


class RegionInSchema(Schema):
    code = fields.String(
        required=True,
        validate=validate.Regexp(CODE, error="Lower-case letters, digits and -."),
    )
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    municipalities = fields.List(
        fields.String(validate=validate.Regexp(MUNICIPALITY_CODE)),
        required=True,
        validate=validate.Length(min=1, max=400),
    )
    agreement = fields.Nested(AgreementSchema, allow_none=True, load_default=None)


class RegionUpdateSchema(RegionInSchema):
    code = fields.String(
        metadata={"description": "the code of the path; another one is refused"}
    )


class DemandLineSchema(Schema):
    code = fields.String(
        required=True, validate=validate.Regexp(MUNICIPALITY_CODE),
        metadata={"description": "CBS code, e.g. GM0983"},
    )  # fmt: skip
    employed = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )
    housed = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )


class DemandInSchema(Schema):
    municipalities = fields.List(
        fields.Nested(DemandLineSchema), required=True,
        validate=validate.Length(max=400),
    )  # fmt: skip


class DemandSchema(DemandInSchema):
    kvk = fields.String(required=True)
    period = fields.String(required=True, metadata={"description": "e.g. 2026H2"})
