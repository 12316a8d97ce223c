"""Company claims over JSON (API.md 1.2 "Claims"): staff list, confirm and
reject them."""

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate

from snf.api import PageArgsSchema, list_schema, make_api_blueprint, paginate
from snf.auth.models import CLAIM_STATUSES
from snf.auth.permissions import requires
from snf.certificates import claim_mail, claims
from snf.database import local_today, utcnow
from snf.extensions import ErrorSchema, db

blp = make_api_blueprint("claims_api", __name__, description="Company claims")


class ClaimArgsSchema(PageArgsSchema):
    status = fields.String(load_default=None, validate=validate.OneOf(CLAIM_STATUSES))


class ClaimSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    kvk = fields.String(required=True)
    name = fields.String(attribute="company_name", required=True)
    town = fields.String()
    contact_name = fields.String()
    email = fields.String()
    inspection_body = fields.Function(lambda c: c.inspection_body.name)
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    reason = fields.String(allow_none=True)
    extract_url = fields.Function(
        lambda c: url_for("certificates.claim_extract", claim_id=c.id)
    )
    other_pending_claims = fields.Integer(
        metadata={"description": "other pending claims on the same KvK number"}
    )
    kvk_taken_by = fields.String(
        allow_none=True,
        metadata={"description": "the name of a company that has this KvK number"},
    )


class RejectClaimSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


ClaimPage = list_schema(ClaimSchema, "ClaimPage")


def _with_conflicts(items):
    conflicts = claims.conflicts_of(items)
    for item in items:
        item.other_pending_claims = conflicts[item.id].other_claims
        company = conflicts[item.id].company
        item.kvk_taken_by = company.name if company else None
    return items


@blp.route("/claims")
@requires("claim.review")
@blp.arguments(ClaimArgsSchema, location="query")
@blp.response(200, ClaimPage)
def list_claims(args):
    """Claims (staff), oldest first; ``?status=pending`` for the queue."""
    items, meta = paginate(
        claims.claims_query(args["status"]), args["page"], args["per_page"]
    )
    return {"items": _with_conflicts(items), "meta": meta}


@blp.route("/claims/<int:claim_id>/confirm", methods=["POST"])
@requires("claim.review")
@blp.response(200, ClaimSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Decided, or KvK/e-mail taken")
def confirm(claim_id):
    """Confirm a claim after checking the KvK extract and the contact (staff):
    the company, its account and its application are made."""
    claim = claims.get_claim(claim_id)
    claims.confirm_claim(current_user, claim, today=local_today(), now=utcnow())
    db.session.commit()
    claim_mail.mail_decision(claim)
    return _with_conflicts([claim])[0]


@blp.route("/claims/<int:claim_id>/reject", methods=["POST"])
@requires("claim.review")
@blp.arguments(RejectClaimSchema)
@blp.response(200, ClaimSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Decided already")
def reject(body, claim_id):
    """Reject a claim with a reason the signer is sent (staff)."""
    claim = claims.get_claim(claim_id)
    claims.reject_claim(current_user, claim, reason=body["reason"], now=utcnow())
    db.session.commit()
    claim_mail.mail_decision(claim)
    return _with_conflicts([claim])[0]
