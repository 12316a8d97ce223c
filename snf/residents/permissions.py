"""Who may do what with resident cards and complaints. The resident page and
its API are public (the token is the key); complaints are SNF staff's only:
a company never reads a complaint, an inspector sees no more than the
category behind an inspection it carries out."""

from snf.auth.permissions import Policy, roles, same_organisation


def _cards(user, company=None) -> bool:
    """Cards of a company (or of a location's company): the company, staff."""
    if user.role == "admin":
        return True
    return user.role == "company" and (
        company is None or same_organisation(user, company.id)
    )


def _category_behind(user, inspection) -> bool:
    """The category of the complaint behind an inspection: staff, and the
    inspectors of the body that carries it out; never the company."""
    if user.role == "admin":
        return True
    return user.role == "inspector" and same_organisation(
        user, inspection.inspection_body_id
    )


POLICIES: dict[str, Policy] = {
    "complaint.category_of_inspection": _category_behind,
    "resident_card.download": _cards,
    "resident_contact.edit": _cards,
    "resident_token.revoke": roles("admin"),
    "complaint.list": roles("admin"),
    "complaint.view": roles("admin"),
    "complaint.triage": roles("admin"),
    "complaint.plan_inspection": roles("admin"),
}
