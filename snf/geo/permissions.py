"""Who may change regions (reading them is public)."""

from snf.auth.permissions import Policy, roles

POLICIES: dict[str, Policy] = {
    "region.manage": roles("admin"),
}
