"""Rate limits on complaints: per card (token) and per address, shared by
the form and the API (``SNF_LIMIT_COMPLAINTS_TOKEN``, ``..._ADDRESS``)."""

from flask import current_app, request
from flask_limiter.util import get_remote_address

from snf.extensions import limiter


def _token_limit() -> str:
    return current_app.config["RATELIMIT_COMPLAINTS_TOKEN"]


def _address_limit() -> str:
    return current_app.config["RATELIMIT_COMPLAINTS_ADDRESS"]


def _token_key() -> str:
    return f"resident-token:{(request.view_args or {}).get('token', '')[:64]}"


def _address_key() -> str:
    return f"resident-address:{get_remote_address()}"


_per_token = limiter.shared_limit(
    _token_limit, scope="resident-complaints-token", key_func=_token_key,
    methods=["POST"],
)  # fmt: skip
_per_address = limiter.shared_limit(
    _address_limit, scope="resident-complaints-address", key_func=_address_key,
    methods=["POST"],
)  # fmt: skip


def complaint_limits(view):
    return _per_token(_per_address(view))
