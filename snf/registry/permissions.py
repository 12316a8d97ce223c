"""Who may run bulk verifications and read their reports."""

from snf.auth.permissions import Policy, roles


def _view_report(user, report) -> bool:
    return user.role == "admin" or report.organisation_id == user.organisation_id


POLICIES: dict[str, Policy] = {
    "verification.run": roles("verifier", "admin"),
    "verification.view": _view_report,
}
