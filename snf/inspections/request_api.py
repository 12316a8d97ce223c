"""Location requests over JSON (API.md 1.2 "Location links")."""

from flask_login import current_user

from snf.api import PageArgsSchema, list_schema, paginate
from snf.auth.permissions import require, requires
from snf.database import utcnow
from snf.extensions import ErrorSchema, db
from snf.inspections import locations
from snf.inspections.api import blp
from snf.inspections.schemas import DecisionSchema, LocationRequestSchema

RequestPage = list_schema(LocationRequestSchema, "LocationRequestPage")


@blp.route("/location-requests")
@requires("location_request.list")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, RequestPage)
def list_location_requests(args):
    """Pending requests waiting for the caller's decision (staff: all; a
    company: those for addresses it is primarily responsible for)."""
    query = locations.incoming_requests_query(current_user)
    items, meta = paginate(query, args["page"], args["per_page"])
    return {"items": items, "meta": meta}


@blp.route("/location-requests/mine")
@requires("location_request.list")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, RequestPage)
def my_location_requests(args):
    """The requests of the caller's company, newest first, with their status."""
    query = locations.outgoing_requests_query(current_user)
    items, meta = paginate(query, args["page"], args["per_page"])
    return {"items": items, "meta": meta}


def _decide(request_id: int, approve: bool, reason: str = ""):
    found = locations.get_location_request(request_id)
    require(current_user, "location_request.decide", found)
    if approve:
        locations.approve_location_request(current_user, found, now=utcnow())
    else:
        locations.reject_location_request(
            current_user, found, reason=reason, now=utcnow()
        )
    db.session.commit()
    return found


@blp.route("/location-requests/<int:request_id>/approve", methods=["POST"])
@requires("location_request.list")
@blp.response(200, LocationRequestSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Decided already")
def approve_location_request(request_id):
    """Approve (the primarily responsible company of the address, or staff)."""
    return _decide(request_id, approve=True)


@blp.route("/location-requests/<int:request_id>/reject", methods=["POST"])
@requires("location_request.list")
@blp.arguments(DecisionSchema)
@blp.response(200, LocationRequestSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Decided already")
def reject_location_request(body, request_id):
    """Refuse; ``reason`` is optional and never shown to the requester."""
    return _decide(request_id, approve=False, reason=body["reason"])
