from snf.auth.permissions import policy, roles

policy("norm.view")(roles("admin", "inspector", "company", "verifier"))
policy("norm.edit")(roles("admin"))
# A draft is work in progress of SNF staff: nobody else may read it, not even
# that it exists (F13).
policy("norm.view_draft")(roles("admin"))


@policy("norm.version.view")
def _view_version(user, version) -> bool:
    return user.role == "admin" or not version.is_draft
