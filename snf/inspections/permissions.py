"""Who may see and do what with locations, inspections and findings."""

from snf.auth.permissions import Policy, roles, same_organisation


def _company_uses(user, location) -> bool:
    if same_organisation(user, location.company_id):
        return True
    return any(link.company_id == user.organisation_id for link in location.users)


def _list_locations(user, _obj=None) -> bool:
    return user.role in ("admin", "company")


def _create_location(user, company=None) -> bool:
    if user.role == "admin":
        return True
    return user.role == "company" and (
        company is None or same_organisation(user, company.id)
    )


def _view_location(user, location) -> bool:
    if user.role == "admin":
        return True
    if user.role == "company":
        return _company_uses(user, location)
    return False


def _edit_location(user, location) -> bool:
    # Only the primarily responsible company (or staff) changes the record.
    return user.role == "admin" or (
        user.role == "company" and same_organisation(user, location.company_id)
    )


def _view_company(user, company) -> bool:
    return user.role == "admin" or same_organisation(user, company.id)


def _schedule(user, inspector=None) -> bool:
    """Staff plan for everyone; a body's inspector plans for its own body."""
    if user.role == "admin":
        return True
    return user.role == "inspector" and (
        inspector is None or same_organisation(user, inspector.organisation_id)
    )


def _view_inspection(user, inspection) -> bool:
    if user.role == "admin":
        return True
    if user.role == "inspector":
        return same_organisation(user, inspection.inspection_body_id)
    if user.role == "company":
        # Unannounced (targeted, urgent) visits stay hidden until done.
        visible = inspection.announced or inspection.is_submitted
        return visible and same_organisation(user, inspection.company_id)
    return False


def _fill_in(user, inspection) -> bool:
    return user.role == "inspector" and inspection.inspector_id == user.id


def _correct(user, inspection) -> bool:
    return user.role == "admin" or _fill_in(user, inspection)


def _view_finding(user, finding) -> bool:
    if user.role == "admin":
        return True
    if user.role == "company":
        return same_organisation(user, finding.company_id)
    if user.role == "inspector":
        return same_organisation(user, finding.inspection.inspection_body_id)
    return False


def _repair(user, finding) -> bool:
    return user.role == "company" and same_organisation(user, finding.company_id)


def _decide_location_request(user, request) -> bool:
    """Staff decide every request; a company those for an address it is
    primarily responsible for (a new address is SNF's to approve)."""
    if user.role == "admin":
        return True
    return (
        user.role == "company"
        and request.location is not None
        and same_organisation(user, request.location.company_id)
    )


POLICIES: dict[str, Policy] = {
    "location.list": _list_locations,
    "location.create": _create_location,
    "location.view": _view_location,
    "location.edit": _edit_location,
    "company.view": _view_company,
    "inspection.schedule": _schedule,
    "inspection.view": _view_inspection,
    "inspection.fill_in": _fill_in,
    "inspection.correct": _correct,
    "finding.view": _view_finding,
    "finding.repair": _repair,
    "location_request.decide": _decide_location_request,
    "company.create": roles("admin"),
    "inspection.plan": roles("admin", "inspector"),
    "inspection.list": roles("admin", "inspector", "company"),
    "whatif.run": roles("admin"),
    "finding.decide": roles("admin"),
    "location_request.list": roles("admin", "company"),
}
