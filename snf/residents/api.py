"""The residents' public API (the token is the key) and SNF staff's complaint
queue (API.md "Residents and complaints")."""

from flask import Response, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError as SchemaError

from snf.api import list_schema, make_api_blueprint
from snf.auth.permissions import require, requires
from snf.database import local_today, utcnow
from snf.errors import ValidationError, flatten_messages
from snf.extensions import ErrorSchema, db
from snf.idempotency import HEADER, MAX_KEY_LENGTH
from snf.inspections import locations
from snf.residents import complaints, triage
from snf.residents.alerts import alert_staff_if_high_risk
from snf.residents.cards import cards_pdf
from snf.residents.info import LANGUAGES, resident_info
from snf.residents.labels import factor_text
from snf.residents.limits import complaint_limits
from snf.residents.schemas import (
    CardLangArgsSchema,
    ComplaintInSchema,
    ComplaintInspectionSchema,
    ComplaintMultipartSchema,
    ComplaintQueueArgsSchema,
    ComplaintReceiptSchema,
    ComplaintSchema,
    ResidentPageSchema,
    TriageInSchema,
)
from snf.residents.tokens import find_token
from snf.residents.views import company_by_kvk, resident_language

blp = make_api_blueprint(
    "residents_api", __name__, description="Residents and complaints"
)


@blp.route("/resident/<token>")
@blp.arguments(CardLangArgsSchema, location="query")
@blp.response(200, ResidentPageSchema)
@blp.alt_response(410, schema=ErrorSchema, description="The card is outdated")
def resident_page(_args, token):
    """The resident page as data, live for today (public), in the language of
    ``?lang=`` or Accept-Language."""
    found = find_token(token)
    if found.is_revoked:
        raise complaints.CardOutdated(_("This information card is outdated."))
    info = resident_info(found.location, local_today())
    certificate = info.certificate if info.certified else None
    return {
        "address": info.address,
        "company": info.company_name,
        "beds": info.beds,
        "certified": info.certified,
        "certificate": certificate
        and {"number": certificate.number, "valid_until": certificate.valid_until},
        "rights": [vars(right) for right in info.rights],
        "languages": list(LANGUAGES),
    }


def _idempotency_key() -> str | None:
    key = request.headers.get(HEADER)
    if key is not None and not (0 < len(key) <= MAX_KEY_LENGTH and key.isprintable()):
        message = _("The Idempotency-Key header is not valid.")
        raise ValidationError(
            message, {HEADER: [_("Use 1 to 200 printable characters.")]}
        )
    return key


def _submission() -> complaints.Submission:
    if request.mimetype == "multipart/form-data":
        raw, upload = request.form.to_dict(), request.files.get("photo")
    else:
        raw, upload = request.get_json(silent=True), None
        if not isinstance(raw, dict):
            raise ValidationError(_("The request body is not valid JSON."))
    try:
        data = ComplaintInSchema().load(raw, unknown="exclude")
    except SchemaError as exc:
        message = _("Check the fields.")
        raise ValidationError(message, flatten_messages(exc.messages)) from exc
    photo = upload.read() if upload and upload.filename else None
    return complaints.Submission(language=resident_language(), photo=photo, **data)


COMPLAINT_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ComplaintInSchema},
        "multipart/form-data": {"schema": ComplaintMultipartSchema},
    },
}


@blp.route("/resident/<token>/complaints", methods=["POST"])
@complaint_limits
@blp.doc(requestBody=COMPLAINT_BODY)
@blp.response(201, ComplaintReceiptSchema)
@blp.alt_response(410, schema=ErrorSchema, description="The card is outdated")
@blp.alt_response(413, schema=ErrorSchema, description="The photo is too large")
def submit_complaint(token):
    """Send a complaint (public, anonymous unless ``contact`` is given); JSON,
    or multipart with an optional ``photo``. A retry with the same
    ``Idempotency-Key`` returns the first receipt and stores nothing twice."""
    found = find_token(token)
    complaint, replayed = complaints.submit_complaint(
        found, _submission(), now=utcnow(), key=_idempotency_key()
    )
    db.session.commit()
    if not replayed:
        alert_staff_if_high_risk(complaint, today=local_today(), now=utcnow())
    body = ComplaintReceiptSchema().dump(_receipt(complaint))
    response = jsonify(body)
    response.status_code = 201
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _receipt(complaint) -> dict:
    return {
        "receipt": complaint.receipt,
        "status": complaint.status,
        "updated": complaint.updated_at,
    }


@blp.route("/resident/<token>/complaints/<receipt>")
@blp.response(200, ComplaintReceiptSchema)
def complaint_status(token, receipt):
    """The status of a complaint by its receipt (public; never its text or
    contact), on the card it was sent from."""
    return _receipt(complaints.find_by_receipt(find_token(token), receipt))


def _pdf(body: bytes, name: str) -> Response:
    headers = {
        "Content-Disposition": f'inline; filename="{name}"',
        "Cache-Control": "no-store",
    }
    return Response(body, mimetype="application/pdf", headers=headers)


def _card_language(args) -> str:
    return args.get("lang") or (
        str(get_locale()) if str(get_locale()) in LANGUAGES else "en"
    )


@blp.route("/locations/<int:location_id>/card.pdf")
@blp.arguments(CardLangArgsSchema, location="query")
@blp.response(200, description="The information card as PDF")
def location_card(args, location_id):
    """The information card of a location (its company, SNF staff), in
    ``?lang=nl|en|pl|ro|bg``."""
    location = locations.get_location(location_id)
    require(current_user, "resident_card.download", location.company)
    body = cards_pdf([location], _card_language(args), local_today())
    return _pdf(body, f"card-{location.id}.pdf")


@blp.route("/companies/<kvk>/cards.pdf")
@blp.arguments(CardLangArgsSchema, location="query")
@blp.response(200, description="All the company's cards, a page each")
def company_cards(args, kvk):
    """The cards of every location the company is responsible for, one PDF."""
    company = company_by_kvk(kvk)
    require(current_user, "resident_card.download", company)
    places = locations.list_company_locations(company.id)
    body = cards_pdf(places, _card_language(args), local_today())
    return _pdf(body, f"cards-{company.kvk}.pdf")


def complaint_dict(complaint, risk) -> dict:
    return {
        "id": complaint.id,
        "receipt": complaint.receipt,
        "category": complaint.category,
        "text": complaint.text,
        "contact": complaint.contact,
        "has_photo": complaint.photo_key is not None,
        "status": complaint.status,
        "location_id": complaint.location_id,
        "address": complaint.location.address,
        "company": complaint.location.company.name,
        "inspection_id": complaint.inspection_id,
        "created_at": complaint.created_at,
        "updated_at": complaint.updated_at,
        "risk": {
            "score": risk.score,
            "level": risk.level,
            "factors": [
                {"code": code, "points": points, "text": factor_text(code, params)}
                for code, params, points in risk.factors
            ],
        },
    }


@blp.route("/complaints")
@requires("complaint.list")
@blp.arguments(ComplaintQueueArgsSchema, location="query")
@blp.response(200, list_schema(ComplaintSchema, "ComplaintList"))
def complaint_queue(args):
    """SNF staff: open complaints (or those with ``status``), highest risk
    first; a page of ``per_page``."""
    ranked = triage.queue(args["status"], today=local_today(), now=utcnow())
    start = (args["page"] - 1) * args["per_page"]
    page = ranked[start : start + args["per_page"]]
    meta = {"page": args["page"], "per_page": args["per_page"], "total": len(ranked)}
    return {"items": [complaint_dict(c, risk) for c, risk in page], "meta": meta}


@blp.route("/complaints/<int:complaint_id>/triage", methods=["POST"])
@requires("complaint.triage")
@blp.arguments(TriageInSchema)
@blp.response(200, ComplaintSchema)
def triage_complaint(data, complaint_id):
    """SNF staff: move a complaint on (received, triaged, substantiated, not
    substantiated, closed), with a note; audited, visible by receipt."""
    complaint = complaints.get_complaint(complaint_id)
    triage.triage_complaint(
        current_user, complaint, data["status"], data["note"], now=utcnow()
    )
    db.session.commit()
    risk = triage.risks_for([complaint], local_today(), utcnow())[complaint.id]
    return complaint_dict(complaint, risk)


@blp.route("/complaints/<int:complaint_id>/inspection", methods=["POST"])
@requires("complaint.plan_inspection")
@blp.response(201, ComplaintInspectionSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Already planned or closed")
def plan_inspection(complaint_id):
    """SNF staff: plan an unannounced inspection of the complaint's location
    by its company's inspection body, due in working days by risk level."""
    complaint = complaints.get_complaint(complaint_id)
    inspection, level = triage.plan_inspection_for(
        current_user, complaint, today=local_today(), now=utcnow()
    )
    db.session.commit()
    return {
        "inspection_id": inspection.id,
        "due": inspection.scheduled_for,
        "level": level,
    }
