"""The one permission check, by role and by object.

Every view, API function and CLI command that acts for a user calls
``require(user, action, obj)``. Domains register the rule for each action with
``@policy("inspection.view")``; an action without a policy is refused, so a
forgotten registration fails closed.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask_babel import gettext as _
from flask_login import current_user

from snf.errors import DomainError, PermissionDenied

Policy = Callable[[Any, Any], bool]
_POLICIES: dict[str, Policy] = {}


class NotAuthenticated(DomainError):
    status = 401


def policy(action: str) -> Callable[[Policy], Policy]:
    def register(func: Policy) -> Policy:
        if action in _POLICIES:
            raise RuntimeError(f"policy {action!r} registered twice")
        _POLICIES[action] = func
        return func

    return register


def roles(*allowed: str) -> Policy:
    """A policy that only looks at the role."""

    def check(user, _obj=None) -> bool:
        return user.role in allowed

    return check


def can(user, action: str, obj: Any = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    check = _POLICIES.get(action)
    return bool(check and check(user, obj))


def require(user, action: str, obj: Any = None) -> None:
    """Raise 401 for anonymous users and 403 when the user may not act."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(_("Please log in first."))
    if not can(user, action, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def same_organisation(user, organisation_id: int | None) -> bool:
    return organisation_id is not None and user.organisation_id == organisation_id


policy("admin.access")(roles("admin"))
policy("organisation.manage")(roles("admin"))
policy("user.manage")(roles("admin"))
policy("audit.view")(roles("admin"))
# Company claims (self-signups): SNF staff check ownership of the KvK number.
policy("claim.review")(roles("admin"))


@policy("organisation.view")
def _view_organisation(user, organisation) -> bool:
    return user.role == "admin" or same_organisation(user, organisation.id)


policy("self.view")(roles(*("admin", "inspector", "company", "verifier")))


def requires(action: str):
    """Decorator for role-level checks, placed right under the route so that it
    runs before the body is parsed: an anonymous or unauthorised caller learns
    nothing about the input the endpoint expects."""

    def decorate(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            require(current_user, action)
            return func(*args, **kwargs)

        return wrapper

    return decorate
