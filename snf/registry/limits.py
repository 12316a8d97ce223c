"""Rate limits of the public register: anonymous callers get a modest share;
verifiers (and staff) with a token get more. Counters live in the limiter's
storage (RATELIMIT_STORAGE_URI), shared by all processes when it is Redis."""

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

TRUSTED_ROLES = ("verifier", "admin")


def _trusted() -> bool:
    return current_user.is_authenticated and current_user.role in TRUSTED_ROLES


def caller_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def read_limit() -> str:
    config = current_app.config
    return config["RATELIMIT_REGISTRY_TRUSTED" if _trusted() else "RATELIMIT_REGISTRY"]


def verify_limit() -> str:
    config = current_app.config
    return config["RATELIMIT_VERIFY_TRUSTED" if _trusted() else "RATELIMIT_VERIFY"]
