"""Who may run bulk verifications and read their reports."""

from snf.auth.permissions import Policy, roles


def _view_report(user, report) -> bool:
    return user.role == "admin" or report.organisation_id == user.organisation_id


def _municipality_list(user, code) -> bool:
    """SNF staff, and a municipality's own officers for its code only."""
    if user.role == "admin":
        return True
    own = user.organisation.municipality_code
    return user.role == "municipality" and own is not None and own == code


POLICIES: dict[str, Policy] = {
    "municipality.locations": _municipality_list,
    "municipality.home": roles("municipality"),
    # Which companies did not state their demand: names, so staff only.
    "demand.missing": roles("admin"),
    "verification.run": roles("verifier", "admin"),
    "verification.view": _view_report,
    "watch.manage": roles("verifier", "admin"),
}
