from flask import current_app
from flask_babel import get_locale
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, post_load, validate

from snf.auth.models import MARKS
from snf.auth.permissions import can
from snf.geo.addresses import written_postcode
from snf.geo.schemas import MunicipalitySchema
from snf.inspections import explain
from snf.inspections.address_input import HouseNumberField, address_parts
from snf.inspections.models import INSPECTION_KINDS, SEASONS, USE_CLASSES
from snf.norms.observations import HOUSING_TYPES
from snf.validators import (
    bag_id_error,
    house_addition_error,
    kvk_error,
    postcode_error,
)


def _check(error_of):
    def validator(value):
        error = error_of(value)
        if error:
            raise ValidationError(str(error))

    return validator


class CompanyInSchema(Schema):
    kvk = fields.String(required=True, validate=_check(kvk_error))
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    town = fields.String(required=True, validate=validate.Length(min=1, max=100))
    mark = fields.String(
        load_default="SNF",
        validate=validate.OneOf(MARKS),
        metadata={"description": "SNF, or AGRI (the agricultural mark)"},
    )


class LocationInSchema(Schema):
    street = fields.String(required=True, validate=validate.Length(min=1, max=120))
    house_number = HouseNumberField(required=True)
    house_letter = fields.String(
        load_default="", validate=validate.Regexp(r"^[A-Za-z]?\Z")
    )
    house_number_addition = fields.String(
        load_default="",
        validate=_check(house_addition_error),
        metadata={"description": "up to 4 letters or digits, e.g. 3 in 12A-3"},
    )
    house_addition = fields.String(
        load_default="",
        validate=_check(house_addition_error),
        metadata={"description": "the former name of house_number_addition"},
    )
    postcode = fields.String(required=True, validate=_check(postcode_error))
    town = fields.String(required=True, validate=validate.Length(min=1, max=80))
    bag_id = fields.String(
        load_default=None, allow_none=True, validate=_check(bag_id_error)
    )
    housing_type = fields.String(required=True, validate=validate.OneOf(HOUSING_TYPES))
    use_class = fields.String(
        load_default="wonen", validate=validate.OneOf(USE_CLASSES)
    )
    season = fields.String(
        load_default="year_round",
        validate=validate.OneOf(SEASONS),
        metadata={"description": "year_round or seasonal housing"},
    )
    beds = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=5000)
    )
    municipality = fields.String(
        allow_none=True,
        validate=validate.Regexp(r"^GM[0-9]{4}\Z", error="A CBS code such as GM0983."),
        metadata={
            "description": "staff only: the CBS code, set by hand; null: found "
            "from postcode and house number again"
        },
    )

    @post_load
    def _house_number_parts(self, data, **_kwargs):
        return {**data, **address_parts(data)}


class AddressSchema(Schema):
    """The parts of an address as the BAG has them (API answers), and the
    address written the Dutch way."""

    street = fields.String()
    house_number = fields.Integer()
    house_letter = fields.String()
    house_number_addition = fields.String(attribute="house_addition")
    house_addition = fields.Function(
        lambda obj: obj.house_addition,
        metadata={"type": "string", "description": "former name of the same"},
    )
    postcode = fields.Function(
        lambda obj: written_postcode(obj.postcode),
        metadata={"type": "string", "description": "written 5911 AB"},
    )
    town = fields.String()
    address = fields.String(
        metadata={"description": "e.g. Kerkstraat 12A-3, 5911 AB Venlo"}
    )


class LocationSchema(AddressSchema):
    id = fields.Integer(required=True)
    bag_id = fields.String(allow_none=True)
    housing_type = fields.String()
    use_class = fields.String()
    season = fields.String(metadata={"description": "year_round or seasonal"})
    beds = fields.Integer()
    municipality = fields.Nested(MunicipalitySchema, allow_none=True)
    company_kvk = fields.Function(lambda loc: loc.company.kvk, allow_none=True)
    primarily_responsible = fields.Boolean(
        metadata={
            "description": "false when the address was already registered by "
            "another company: this company is linked to it as a user"
        }
    )


class LocationRequestAnswerSchema(Schema):
    request = fields.Integer(required=True)
    status = fields.String(required=True)


class LocationRequestSchema(AddressSchema):
    """A request as its requester sees it: the address and the status, never
    whether or by whom the address is used."""

    id = fields.Integer(required=True)
    status = fields.String(required=True)
    housing_type = fields.String()
    season = fields.String()
    beds = fields.Integer()
    created_at = fields.DateTime()


class DecisionSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class CompanyLocationSchema(LocationSchema):
    resident_url = fields.String(
        allow_none=True,
        metadata={"description": "the page behind the QR code of its card"},
    )


class CompanySchema(Schema):
    kvk = fields.String(allow_none=True)
    name = fields.String(required=True)
    town = fields.String(allow_none=True)
    mark = fields.String(metadata={"description": "SNF or AGRI"})
    locations = fields.List(fields.Nested(CompanyLocationSchema), required=True)


class InspectionInSchema(Schema):
    location_id = fields.Integer(load_default=None, allow_none=True, strict=True)
    company_kvk = fields.String(load_default=None, validate=_check(kvk_error))
    kind = fields.String(required=True, validate=validate.OneOf(INSPECTION_KINDS))
    announced = fields.Boolean(load_default=True)
    scheduled_for = fields.Date(required=True)
    inspector_email = fields.Email(required=True)


def _lang() -> str:
    return str(get_locale())  # API: from Accept-Language (snf.setup)


class FindingSchema(Schema):
    id = fields.Integer(required=True)
    requirement = fields.String(attribute="requirement_code", required=True)
    severity = fields.String(required=True)
    status = fields.String(required=True)
    due = fields.Date(allow_none=True)
    explanation = fields.Function(
        lambda f: explain.finding_explanation(f, _lang()),
        metadata={"type": "string", "description": "in the Accept-Language"},
    )
    inspection_id = fields.Integer()
    location_id = fields.Integer(allow_none=True)


class InspectionResultSchema(Schema):
    requirement = fields.String()
    section = fields.String()
    outcome = fields.String()
    severity = fields.String()
    explanation = fields.String()


class InspectionSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    announced = fields.Boolean()
    scheduled_for = fields.Date()
    inspected_on = fields.Date(allow_none=True)
    location_id = fields.Integer(allow_none=True)
    company_kvk = fields.Function(lambda i: i.company.kvk, allow_none=True)
    inspector_email = fields.Function(lambda i: i.inspector.email)
    norm = fields.Method("_norm", allow_none=True)
    observations = fields.Dict()
    revision = fields.Integer()
    verdict = fields.String(allow_none=True)
    results = fields.Method(
        "_results",
        allow_none=True,
        metadata={
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    name: {"type": "string"}
                    for name in (
                        "requirement",
                        "section",
                        "outcome",
                        "severity",
                        "explanation",
                    )
                },
            },
            "description": "explanations in the Accept-Language",
        },
    )
    findings = fields.List(fields.Nested(FindingSchema))
    complaint_categories = fields.Method(
        "_complaint_categories",
        metadata={
            "type": "array",
            "items": {"type": "string"},
            "description": "the categories of the residents' complaints this "
            "inspection was planned after (codes; for SNF staff and the "
            "inspection body only, never the text or who sent them)",
        },
    )

    def _complaint_categories(self, inspection):
        # The residents package answers this (it registers itself in
        # ``app.extensions``); without it there are no complaints.
        categories_of = current_app.extensions.get("snf_complaint_categories")
        action = "complaint.category_of_inspection"
        if categories_of is None or not can(current_user, action, inspection):
            return []
        return categories_of(inspection)

    def _results(self, inspection):
        if inspection.results is None:
            return None
        return InspectionResultSchema(many=True).dump(
            explain.results(inspection, _lang())
        )

    def _norm(self, inspection):
        version = inspection.norm_version
        if version is None:
            return None
        return {"code": version.norm.code, "version": version.version}


class ObservationsInSchema(Schema):
    observations = fields.Dict(required=True)
    # The day a tablet started the inspection offline; used only by the save
    # that starts it (a started inspection keeps its date).
    inspected_on = fields.Date(load_default=None, allow_none=True)


class StartInSchema(Schema):
    inspected_on = fields.Date(load_default=None, allow_none=True)


class SubmitResultSchema(Schema):
    id = fields.Integer(required=True)
    verdict = fields.String(required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)


class CloseFindingSchema(Schema):
    method = fields.String(
        required=True, validate=validate.OneOf(("repair_letter", "reinspection"))
    )
    note = fields.String(load_default="", validate=validate.Length(max=10000))


class CorrectionSchema(Schema):
    observations = fields.Dict(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class AttachmentSchema(Schema):
    id = fields.Integer(required=True)
    requirement_code = fields.String(allow_none=True)
    width = fields.Integer()
    height = fields.Integer()
    size = fields.Integer()
    url = fields.String()


class PhotoArgsSchema(Schema):
    requirement = fields.String(load_default=None, validate=validate.Length(max=20))
    client_id = fields.String(
        load_default=None, validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,64}\Z")
    )
