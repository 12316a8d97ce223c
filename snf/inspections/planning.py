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

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import and_, false, or_

from snf.errors import DomainError, PermissionDenied, ValidationError

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


def check_plan(actor, *, company, location, kind: str, inspector) -> None:
    """Refuse (422, naming the field) a plan that is incomplete: the one check
    behind the plan page, the API and the demo data. Fields are named
    ``location_id``, ``company`` and ``inspector``; the route renames them
    (``fields_as``) to what its form or schema calls them."""
    if location is None and company is None:
        _refuse(_("Choose a location or a company."), "location_id")
    if company is not None and company.kind != "company":
        _refuse(_("This organisation is not a company."), "company")
    if kind != "administrative" and location is None:
        _refuse(_("A location inspection needs a location."), "location_id")
    if inspector is None:
        _refuse(_("Unknown inspector."), "inspector")
    if inspector.role != "inspector" or not inspector.active:
        _refuse(_("Choose an active inspector."), "inspector")


def _refuse(message: str, field: str, error=ValidationError):
    raise error(message, {field: [message]})


@contextmanager
def fields_as(names: dict[str, str]) -> Iterator[None]:
    """Name the fields of a refusal as the form or schema that sent them."""
    try:
        yield
    except DomainError as exc:
        exc.fields = {names.get(k, k): v for k, v in exc.fields.items()}
        raise


def check_may_plan(actor, *, company, kind: str, announced: bool, inspector) -> None:
    """Refuse (403, naming the field) a plan the actor may not make. ``None``
    is the system (CLI, demo data) and staff may plan anything."""
    if actor is None or actor.role == "admin":
        return
    if actor.role != "inspector":
        raise PermissionDenied(_("You are not allowed to do this."))
    if inspector.organisation_id != actor.organisation_id:
        message = _("Choose an inspector of your own inspection body.")
        _refuse(message, "inspector", PermissionDenied)
    if kind not in body_planned_kinds() or not announced:
        message = _(
            "Only SNF staff plan ad-hoc, targeted, urgent or unannounced inspections."
        )
        field = "kind" if kind not in body_planned_kinds() else "announced"
        raise PermissionDenied(message, {field: [message]})
    body = actor.organisation_id
    if chosen_body_id(company.id) != body:
        message = _("This company did not choose your inspection body.")
        field = "location_id" if kind != "administrative" else "company"
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
