"""Companies, locations, inspections and findings over JSON (API.md)."""

from functools import wraps

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from snf.api import make_api_blueprint
from snf.auth import services as auth
from snf.auth.models import Organisation
from snf.auth.permissions import require, requires
from snf.database import local_today, utcnow
from snf.errors import NotFound, PreconditionRequired, ValidationError
from snf.extensions import ErrorSchema, db
from snf.idempotency import idempotent
from snf.inspections import findings, locations, photos, planning, services
from snf.inspections.limits import limit_location_creation
from snf.inspections.schemas import (
    AttachmentSchema,
    CloseFindingSchema,
    CompanyInSchema,
    CompanySchema,
    CorrectionSchema,
    FindingSchema,
    InspectionInSchema,
    InspectionSchema,
    LocationInSchema,
    LocationRequestAnswerSchema,
    LocationSchema,
    ObservationsInSchema,
    PhotoArgsSchema,
    StartInSchema,
    SubmitResultSchema,
)

blp = make_api_blueprint("inspections_api", __name__, description="Inspections")


def get_company(kvk: str) -> Organisation:
    company = db.session.scalar(
        select(Organisation).where(
            Organisation.kvk == kvk, Organisation.kind == "company"
        )
    )
    if company is None:
        raise NotFound(_("No company with this KvK number."))
    return company


def company_body(company: Organisation) -> dict:
    locs = locations.list_company_locations(company.id)
    # The residents package (on top) adds each location's resident page.
    lookup = current_app.extensions.get("snf_resident_urls", lambda _ids: {})
    urls = lookup([loc.id for loc in locs])
    for loc in locs:
        loc.primarily_responsible = True
        loc.resident_url = urls.get(loc.id)
    return {
        "kvk": company.kvk,
        "name": company.name,
        "town": company.town,
        "mark": company.mark,
        "locations": locs,
    }


@blp.route("/companies", methods=["POST"])
@requires("company.create")
@idempotent
@blp.arguments(CompanyInSchema)
@blp.response(201, CompanySchema)
@blp.alt_response(409, schema=ErrorSchema, description="KvK number already known")
def create_company(body):
    """Register a company (staff)."""
    company = auth.create_organisation(
        current_user, kind="company", now=utcnow(), **body
    )
    return company_body(company), 201, {"Location": f"/api/v1/companies/{company.kvk}"}


@blp.route("/companies/<kvk>")
@blp.response(200, CompanySchema)
def get_company_view(kvk):
    """The company with its locations."""
    company = get_company(kvk)
    require(current_user, "company.view", company)
    return company_body(company)


@blp.route("/companies/<kvk>/locations", methods=["POST"])
@requires("location.create")
@limit_location_creation
@idempotent
@blp.arguments(LocationInSchema)
@blp.response(201, LocationSchema, description="Staff: a new address, registered")
@blp.alt_response(
    202,
    schema=LocationRequestAnswerSchema,
    description="A company's request (every address, known or not), or staff "
    "registering an address that is registered already (approved at once)",
)
def create_location(body, kvk):
    """Register a location. A company's registration is always a request,
    202 ``{"request": id}``, whether or not the address is known: SNF approves
    a new address, the primarily responsible company (or SNF) a known one.
    Staff register a new address at once (201)."""
    company = get_company(kvk)
    require(current_user, "location.create", company)
    added = locations.add_location(current_user, company, body, now=utcnow())
    if added.request is not None:
        return _request_answer(added.request)
    added.location.primarily_responsible = True
    return added.location, 201, {"Location": f"/api/v1/locations/{added.location.id}"}


def _request_answer(asked):
    # A Response of its own: flask-smorest would dump it as a LocationSchema.
    answer = jsonify({"request": asked.id, "status": asked.status})
    answer.status_code = 202
    return answer


@blp.route("/locations/<int:location_id>")
@blp.response(200, LocationSchema)
def get_location(location_id):
    """One location; ``primarily_responsible`` is true only for the company
    that is (F14 of issue 14), false for a linked company and for staff."""
    location = locations.get_location(location_id)
    require(current_user, "location.view", location)
    location.primarily_responsible = (
        current_user.role == "company"
        and location.company_id == current_user.organisation_id
    )
    return location


@blp.route("/inspections", methods=["POST"])
@requires("inspection.plan")
@idempotent
@blp.arguments(InspectionInSchema)
@blp.response(201, InspectionSchema)
def schedule(body):
    """Plan an inspection of a location (or an administrative one of a company)."""
    location = company = None
    if body["location_id"] is not None:
        location = locations.get_location(body["location_id"])
    elif body["company_kvk"]:
        company = _organisation(body["company_kvk"])
    with planning.fields_as(_PLAN_FIELDS):
        inspection = services.schedule_inspection(
            current_user,
            company=company,
            location=location,
            kind=body["kind"],
            announced=body["announced"],
            scheduled_for=body["scheduled_for"],
            inspector=auth.find_user_by_email(body["inspector_email"]),
            now=utcnow(),
        )
    return inspection, 201, {"Location": f"/api/v1/inspections/{inspection.id}"}


# What the service calls a field, as InspectionInSchema calls it.
_PLAN_FIELDS = {"company": "company_kvk", "inspector": "inspector_email"}


def _organisation(kvk: str) -> Organisation:
    """Any organisation with this KvK number: the service says whether it
    is a company, in the same words as the plan page."""
    found = db.session.scalar(select(Organisation).where(Organisation.kvk == kvk))
    if found is None:
        raise NotFound(_("No company with this KvK number."))
    return found


def _visible_inspection(inspection_id: int, action: str = "inspection.view"):
    inspection = services.get_inspection(inspection_id)
    require(current_user, action, inspection)
    return inspection


@blp.route("/inspections/<int:inspection_id>")
@blp.response(200, InspectionSchema)
def get_inspection(inspection_id):
    """The inspection with its observations; the ETag is the draft's revision."""
    inspection = _visible_inspection(inspection_id)
    return inspection, 200, {"ETag": services.etag(inspection)}


@blp.route("/inspections/<int:inspection_id>/start", methods=["POST"])
@blp.arguments(StartInSchema, required=False)
@blp.response(200, InspectionSchema)
@blp.alt_response(409, schema=ErrorSchema, description="No norm version in force")
def start(body, inspection_id):
    """Start the inspection: the norm version in force today is fixed (or on
    ``inspected_on``, the day a tablet started it offline; at most 30 days ago)."""
    inspection = _visible_inspection(inspection_id, "inspection.fill_in")
    services.start_inspection(
        current_user,
        inspection,
        today=local_today(),
        now=utcnow(),
        on=(body or {}).get("inspected_on"),
    )
    db.session.commit()
    return inspection, 200, {"ETag": services.etag(inspection)}


def unless_submitted(view):
    """409 for a submitted inspection before the body is read: it changes only
    through the correction path (with a reason and a revision)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        inspection = _visible_inspection(kwargs["inspection_id"], "inspection.fill_in")
        services.ensure_not_submitted(inspection)
        return view(*args, **kwargs)

    return wrapper


@blp.route("/inspections/<int:inspection_id>/observations", methods=["PUT"])
@unless_submitted
@blp.arguments(ObservationsInSchema)
@blp.response(200, InspectionSchema)
@blp.alt_response(
    412,
    schema=ErrorSchema,
    description="Stale If-Match: the body holds the current draft",
)
@blp.alt_response(428, schema=ErrorSchema, description="If-Match is required")
@blp.alt_response(409, schema=ErrorSchema, description="Already submitted")
def put_observations(body, inspection_id):
    """Save the draft's observations; send the ETag you saw as If-Match."""
    inspection = _visible_inspection(inspection_id, "inspection.fill_in")
    if_match = request.headers.get("If-Match")
    if if_match is None:
        raise PreconditionRequired(
            "Send If-Match with the ETag of the draft you edited."
        )
    services.start_inspection(
        current_user,
        inspection,
        today=local_today(),
        now=utcnow(),
        on=body.get("inspected_on"),
    )
    services.save_observations(
        current_user, inspection, body["observations"], if_match=if_match, now=utcnow()
    )
    db.session.commit()
    return inspection, 200, {"ETag": services.etag(inspection)}


@blp.route("/inspections/<int:inspection_id>/submit", methods=["POST"])
@idempotent
@blp.response(200, SubmitResultSchema)
@blp.alt_response(
    409, schema=ErrorSchema, description="Already submitted or not started"
)
def submit(inspection_id):
    """Submit: verdict and findings from the rules. Send an Idempotency-Key:
    a retried submit returns the first answer and creates nothing twice."""
    inspection = _visible_inspection(inspection_id, "inspection.fill_in")
    services.submit_inspection(current_user, inspection, now=utcnow())
    return {
        "id": inspection.id,
        "verdict": inspection.verdict,
        "findings": inspection.findings,
    }


@blp.route("/inspections/<int:inspection_id>/correction", methods=["POST"])
@blp.arguments(CorrectionSchema)
@blp.response(200, InspectionSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Not submitted yet")
def correct(body, inspection_id):
    """Correct a submitted inspection, with a reason (kept in the audit log)."""
    inspection = _visible_inspection(inspection_id, "inspection.correct")
    services.correct_inspection(
        current_user, inspection, body["observations"], body["reason"], now=utcnow()
    )
    db.session.commit()
    return inspection


@blp.route("/inspections/<int:inspection_id>/photos", methods=["POST"])
@blp.arguments(PhotoArgsSchema, location="query")
@blp.response(201, AttachmentSchema)
@blp.alt_response(413, schema=ErrorSchema, description="Larger than the photo limit")
@blp.alt_response(409, schema=ErrorSchema, description="The inspection is submitted")
def upload_photo(args, inspection_id):
    """Add a photo (JPEG or PNG, the raw bytes as the body or a multipart
    ``photo`` field). A retry with the same ``client_id`` stores nothing twice."""
    inspection = _visible_inspection(inspection_id, "inspection.fill_in")
    data = _upload_bytes()
    attachment = photos.add_photo(
        current_user,
        data,
        now=utcnow(),
        inspection=inspection,
        requirement_code=args["requirement"],
        client_id=args["client_id"],
    )
    db.session.commit()
    attachment.url = url_for("inspections.photo", attachment_id=attachment.id)
    return attachment


def _upload_bytes() -> bytes:
    upload = request.files.get("photo")
    data = upload.read() if upload else request.get_data()
    if not data:
        raise ValidationError("Send a photo.", {"photo": ["Send a photo."]})
    return data


@blp.route("/findings/<int:finding_id>")
@blp.response(200, FindingSchema)
def get_finding(finding_id):
    """One finding."""
    finding = findings.get_finding(finding_id)
    require(current_user, "finding.view", finding)
    return finding


@blp.route("/findings/<int:finding_id>/close", methods=["POST"])
@idempotent
@blp.arguments(CloseFindingSchema)
@blp.response(200, FindingSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Already closed")
def close(body, finding_id):
    """The company sends a repair letter (method repair_letter); staff accept a
    letter (repair_letter) or order a re-inspection (reinspection)."""
    finding = findings.get_finding(finding_id)
    require(current_user, "finding.view", finding)
    now = utcnow()
    if current_user.role == "company":
        require(current_user, "finding.repair", finding)
        if body["method"] != "repair_letter":
            raise ValidationError(
                _("Companies close findings with a repair letter."),
                {"method": [_("Use repair_letter.")]},
            )
        findings.submit_repair_letter(current_user, finding, body["note"], now=now)
    else:
        require(current_user, "finding.decide", finding)
        accept = body["method"] == "repair_letter"
        findings.decide_repair(current_user, finding, accept, body["note"], now=now)
    return finding
