"""Who may plan which inspection (DOMAIN.md §3, our rule).

Periodic and re-inspections (and the initial and administrative ones) are
planned by the inspection body the company chose; ad-hoc, targeted and urgent
inspections, and any unannounced visit, on SNF's instruction: by staff. The
kinds a body may plan are a setting (``BODY_PLANNED_KINDS``), so a scheme that
lets bodies plan more (the agricultural mark's unannounced audits) can say so.

Which body a company chose is kept by the certificates domain (its
application); it registers the lookup here (``set_chosen_body_lookup``), so
this module does not depend on that domain.
"""

from collections.abc import Callable

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import and_, false, or_

from snf.errors import PermissionDenied

DEFAULT_BODY_PLANNED_KINDS = ("administrative", "initial", "periodic", "reinspection")

_chosen_body: Callable[[int], int | None] = lambda _company_id: None  # noqa: E731
_chosen_body_clause: Callable = lambda _company, _body: false()  # noqa: E731


def set_chosen_body_lookup(lookup: Callable[[int], int | None], clause) -> None:
    """``lookup(company_id)`` gives the chosen body's id; ``clause(company_id,
    body_id)`` the same as an SQL condition (columns in, boolean out)."""
    global _chosen_body, _chosen_body_clause
    _chosen_body, _chosen_body_clause = lookup, clause


def chosen_body_id(company_id: int) -> int | None:
    return _chosen_body(company_id)


def chosen_body_sql(company_id, body_id):
    """SQL: ``body_id`` is the body the company (a column) chose."""
    if body_id is None:
        return false()
    return _chosen_body_clause(company_id, body_id)


def body_planned_kinds() -> tuple[str, ...]:
    if has_app_context():
        return tuple(current_app.config.get("BODY_PLANNED_KINDS") or ())
    return DEFAULT_BODY_PLANNED_KINDS


def check_may_plan(actor, *, company, kind: str, announced: bool, inspector) -> None:
    """Refuse (403, naming the field) a plan the actor may not make. ``None``
    is the system (CLI, demo data) and staff may plan anything."""
    if actor is None or actor.role == "admin":
        return
    if actor.role != "inspector":
        raise PermissionDenied(_("You are not allowed to do this."))
    if kind not in body_planned_kinds() or not announced:
        message = _(
            "Only SNF staff plan ad-hoc, targeted, urgent or unannounced inspections."
        )
        field = "kind" if kind not in body_planned_kinds() else "announced"
        raise PermissionDenied(message, {field: [message]})
    body = actor.organisation_id
    if inspector.organisation_id != body or chosen_body_id(company.id) != body:
        message = _("This company did not choose your inspection body.")
        field = "location_id" if kind != "administrative" else "company_id"
        raise PermissionDenied(message, {field: [message]})


def planned_by_allowed(inspection, planner):
    """SQL: the inspection (a table or alias) was planned by the system, by
    staff, or by its own body within the body's powers."""
    return or_(
        inspection.planned_by_id.is_(None),
        planner.role == "admin",
        and_(
            planner.role == "inspector",
            planner.organisation_id == inspection.inspection_body_id,
            inspection.kind.in_(body_planned_kinds()),
            inspection.announced.is_(True),
            _chosen_body_clause(inspection.company_id, inspection.inspection_body_id),
        ),
    )
