"""Who may see and manage registrations and applications."""

from snf.auth.permissions import Policy, roles, same_organisation


def _view_registration(user, company) -> bool:
    return user.role == "admin" or same_organisation(user, company.id)


def _apply(user, company=None) -> bool:
    if user.role == "admin":
        return True
    return user.role == "company" and (
        company is None or same_organisation(user, company.id)
    )


POLICIES: dict[str, Policy] = {
    "registration.manage": roles("admin"),
    "application.queue": roles("admin"),
    "registration.own": roles("company"),
    "registration.view": _view_registration,
    "registration.apply": _apply,
}
