"""Who may see and do what with locations, inspections and findings."""

from snf.auth.permissions import policy, roles, same_organisation


def _company_uses(user, location) -> bool:
    if same_organisation(user, location.company_id):
        return True
    return any(link.company_id == user.organisation_id for link in location.users)


@policy("location.list")
def _list_locations(user, _obj=None) -> bool:
    return user.role in ("admin", "company")


@policy("location.create")
def _create_location(user, company=None) -> bool:
    if user.role == "admin":
        return True
    return user.role == "company" and (
        company is None or same_organisation(user, company.id)
    )


@policy("location.view")
def _view_location(user, location) -> bool:
    if user.role == "admin":
        return True
    if user.role == "company":
        return _company_uses(user, location)
    return False


@policy("location.edit")
def _edit_location(user, location) -> bool:
    # Only the primarily responsible company (or staff) changes the record.
    return user.role == "admin" or (
        user.role == "company" and same_organisation(user, location.company_id)
    )


@policy("company.view")
def _view_company(user, company) -> bool:
    return user.role == "admin" or same_organisation(user, company.id)


policy("company.create")(roles("admin"))
policy("inspection.plan")(roles("admin", "inspector"))
policy("inspection.list")(roles("admin", "inspector", "company"))
policy("whatif.run")(roles("admin"))


@policy("inspection.schedule")
def _schedule(user, inspector=None) -> bool:
    """Staff plan for everyone; a body's inspector plans for its own body."""
    if user.role == "admin":
        return True
    return user.role == "inspector" and (
        inspector is None or same_organisation(user, inspector.organisation_id)
    )


@policy("inspection.view")
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


@policy("inspection.fill_in")
def _fill_in(user, inspection) -> bool:
    return user.role == "inspector" and inspection.inspector_id == user.id


@policy("inspection.correct")
def _correct(user, inspection) -> bool:
    return user.role == "admin" or _fill_in(user, inspection)


@policy("finding.view")
def _view_finding(user, finding) -> bool:
    if user.role == "admin":
        return True
    if user.role == "company":
        return same_organisation(user, finding.company_id)
    if user.role == "inspector":
        return same_organisation(user, finding.inspection.inspection_body_id)
    return False


@policy("finding.repair")
def _repair(user, finding) -> bool:
    return user.role == "company" and same_organisation(user, finding.company_id)


policy("finding.decide")(roles("admin"))


policy("location_request.list")(roles("admin", "company"))


@policy("location_request.decide")
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
