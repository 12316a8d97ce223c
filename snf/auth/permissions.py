"""The one permission check, by role and by object.

Every view, API function and CLI command that acts for a user calls
``require(user, action, obj)``. Each domain keeps a ``POLICIES`` table (action ->
rule) in its ``permissions.py`` and its ``init_app`` registers it on the app with
``register_policies``; an action without a policy is refused, so a forgotten
registration fails closed (and ``tests/test_registration.py`` fails).
"""

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_login import current_user

from snf.errors import DomainError, PermissionDenied

Policy = Callable[[Any, Any], bool]


class NotAuthenticated(DomainError):
    status = 401


def register_policies(app: Flask, policies: Mapping[str, Policy]) -> None:
    """Add a domain's rules to the app. Registering the same rule again is a
    no-op; a second, different rule for one action is a mistake."""
    registered = app.extensions.setdefault("snf_policies", {})
    for action, check in policies.items():
        if registered.get(action, check) is not check:
            raise RuntimeError(f"policy {action!r} registered twice")
        registered[action] = check


def registered_actions(app: Flask) -> set[str]:
    return set(app.extensions.get("snf_policies", {}))


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
    check = current_app.extensions.get("snf_policies", {}).get(action)
    return bool(check and check(user, obj))


def require(user, action: str, obj: Any = None) -> None:
    """Raise 401 for anonymous users and 403 when the user may not act."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(_("Please log in first."))
    if not can(user, action, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def same_organisation(user, organisation_id: int | None) -> bool:
    return organisation_id is not None and user.organisation_id == organisation_id


# Only the actions some view, API function, template or menu checks: an
# action nothing checks is not given a policy (an unused rule cannot be tested).
POLICIES: dict[str, Policy] = {
    # Company claims (self-signups): SNF staff check ownership of the KvK number.
    "claim.review": roles("admin"),
    "self.view": roles("admin", "inspector", "company", "verifier", "municipality"),
}


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
