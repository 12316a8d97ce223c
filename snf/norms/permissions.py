"""Who may read and edit the norm."""

from snf.auth.permissions import Policy, roles


def _view_version(user, version) -> bool:
    return user.role == "admin" or not version.is_draft


POLICIES: dict[str, Policy] = {
    "norm.view": roles("admin", "inspector", "company", "verifier", "municipality"),
    "norm.edit": roles("admin"),
    # A draft is work in progress of SNF staff: nobody else may read it, not
    # even that it exists (F13).
    "norm.view_draft": roles("admin"),
    "norm.version.view": _view_version,
}
