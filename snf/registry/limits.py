"""Rate limits of the public register: anonymous callers get a modest share;
verifiers (and staff) with a token get more. Counters live in the limiter's
storage (RATELIMIT_STORAGE_URI), shared by all processes when it is Redis.

Accounts are free (companies sign up), so an untrusted caller is counted on
its address as well as on its account: more accounts do not buy more. A bulk
check costs by its size: one unit per RATELIMIT_VERIFY_COST_BYTES of body."""

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

TRUSTED_ROLES = ("verifier", "admin")


def _trusted() -> bool:
    return current_user.is_authenticated and current_user.role in TRUSTED_ROLES


def caller_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def address_key() -> str:
    return f"address:{get_remote_address()}"


def trusted() -> bool:
    """Exempts verifiers and staff from the per-address limits."""
    return _trusted()


def untrusted_read_limit() -> str:
    return current_app.config["RATELIMIT_REGISTRY"]


def untrusted_verify_limit() -> str:
    return current_app.config["RATELIMIT_VERIFY"]


def verify_cost() -> int:
    """1 for a small request, one more for every RATELIMIT_VERIFY_COST_BYTES."""
    size = request.content_length
    if size is None:  # chunked: the body is read (at most MAX_CONTENT_LENGTH)
        size = len(request.get_data())
    return 1 + size // current_app.config["RATELIMIT_VERIFY_COST_BYTES"]


def read_limit() -> str:
    config = current_app.config
    return config["RATELIMIT_REGISTRY_TRUSTED" if _trusted() else "RATELIMIT_REGISTRY"]


def verify_limit() -> str:
    config = current_app.config
    return config["RATELIMIT_VERIFY_TRUSTED" if _trusted() else "RATELIMIT_VERIFY"]
