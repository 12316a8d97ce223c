"""The rate limit on registering locations: per company user, staff exempt.
With it, asking about addresses one by one stays slow (F1 of issue 14)."""

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from snf.extensions import limiter


def location_limit() -> str:
    return current_app.config["RATELIMIT_LOCATIONS"]


def caller_key() -> str:
    if current_user.is_authenticated:
        return f"locations:user:{current_user.id}"
    return f"locations:ip:{get_remote_address()}"


def is_staff() -> bool:
    return current_user.is_authenticated and current_user.role == "admin"


def limit_location_creation(view):
    """One limit for registering locations, shared by the page and the API."""
    return limiter.shared_limit(
        location_limit,
        scope="locations",
        methods=["POST"],
        key_func=caller_key,
        exempt_when=is_staff,
    )(view)
