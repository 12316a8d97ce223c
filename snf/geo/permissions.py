"""Who may change regions (reading them is public)."""

from snf.auth.permissions import Policy, roles, same_organisation


def _own_demand(user, company) -> bool:
    if user.role == "admin":
        return True
    return user.role == "company" and same_organisation(user, company.id)


POLICIES: dict[str, Policy] = {
    "region.manage": roles("admin"),
    # Demand statements: role first (before the body is read), then the company.
    "demand.access": roles("admin", "company"),
    "demand.report": _own_demand,
    "demand.own": roles("company"),
}
