"""Pages for location requests: what waits for my decision, and (for a
company) its own requests with their status, never who uses an address."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from snf.api import HTML_PER_PAGE, paged, paginate
from snf.auth.permissions import require
from snf.database import utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.inspections import locations
from snf.inspections.views import bp


@bp.route("/location-requests")
@login_required
def location_requests():
    require(current_user, "location_request.list")
    incoming, meta = paged(locations.incoming_requests_query(current_user))
    mine, mine_meta = paginate(
        locations.outgoing_requests_query(current_user), 1, HTML_PER_PAGE
    )
    return render_template(
        "inspections/location_requests.html",
        incoming=incoming,
        meta=meta,
        mine=mine,
        mine_total=mine_meta["total"],
    )


def _decide(request_id: int, approve: bool):
    found = locations.get_location_request(request_id)
    require(current_user, "location_request.decide", found)
    try:
        if approve:
            locations.approve_location_request(current_user, found, now=utcnow())
        else:
            reason = (request.form.get("reason") or "")[:2000]
            locations.reject_location_request(
                current_user, found, reason=reason, now=utcnow()
            )
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Approved.") if approve else _("Not approved."), "success")
    return redirect(url_for(".location_requests"))


@bp.route("/location-requests/<int:request_id>/approve", methods=["POST"])
@login_required
def approve_location_request(request_id):
    return _decide(request_id, approve=True)


@bp.route("/location-requests/<int:request_id>/reject", methods=["POST"])
@login_required
def reject_location_request(request_id):
    return _decide(request_id, approve=False)
