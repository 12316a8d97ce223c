"""One failure counter per account for every way of logging in (the login
form and API tokens), with a growing delay and an hourly cap (ASVS 2.2.1).

Counted per normalised e-mail address, known or not (the answer never tells),
in the rate-limit storage that every process shares. The first few failures
cost nothing; after that each failure makes the account wait twice as long
before the next try (1 s, 2 s, 4 s, ... up to LOGIN_MAX_DELAY_SECONDS); after
LOGIN_HOURLY_FAILURES failures in an hour it waits until the hour is over.
While an account waits, even the right password is refused: otherwise the
delay would only slow down wrong guesses.
"""

import math
import time

from flask import Flask, current_app
from flask_babel import ngettext

from snf.errors import DomainError

HOUR = 3600


class TooManyAttempts(DomainError):
    status = 429

    def __init__(self, seconds: int):
        if seconds < 120:
            message = ngettext(
                "Too many failed log-ins for this account. "
                "Try again in %(num)d second.",
                "Too many failed log-ins for this account. "
                "Try again in %(num)d seconds.",
                seconds,
            )
        else:
            message = ngettext(
                "Too many failed log-ins for this account. "
                "Try again in %(num)d minute.",
                "Too many failed log-ins for this account. "
                "Try again in %(num)d minutes.",
                math.ceil(seconds / 60),
            )
        super().__init__(message, {"password": [message]})
        self.headers = {"Retry-After": str(seconds)}


def init_throttle(app: Flask) -> None:
    from snf.ratelimit import counter_storage

    uri = app.config.get("LOGIN_FAILURES_STORAGE_URI")
    uri = uri or app.config["RATELIMIT_STORAGE_URI"]
    app.extensions["snf_login_failures"] = counter_storage(uri)


def _storage():
    return current_app.extensions["snf_login_failures"]


def _keys(account: str) -> tuple[str, str]:
    return f"login-failures:{account}", f"login-wait:{account}"


def check(account: str) -> None:
    """Raise TooManyAttempts while the account has to wait."""
    failures, wait = _keys(account)
    storage, now = _storage(), time.time()
    if storage.get(failures) >= current_app.config["LOGIN_HOURLY_FAILURES"]:
        raise TooManyAttempts(max(1, math.ceil(storage.get_expiry(failures) - now)))
    if storage.get(wait) > 0:
        raise TooManyAttempts(max(1, math.ceil(storage.get_expiry(wait) - now)))


def failed(account: str) -> None:
    """Count a failure and start the account's wait."""
    failures, wait = _keys(account)
    storage = _storage()
    count = storage.incr(failures, HOUR)
    beyond = count - current_app.config["LOGIN_FREE_FAILURES"]
    if beyond >= 0:
        delay = min(2**beyond, current_app.config["LOGIN_MAX_DELAY_SECONDS"])
        storage.clear(wait)
        storage.incr(wait, delay)


def succeeded(account: str) -> None:
    for key in _keys(account):
        _storage().clear(key)


def authenticate(email: str, password: str):
    """services.authenticate, counted: the one way in for form and API."""
    from snf.auth import services

    account = services.normalise_email(email)
    check(account)
    try:
        user = services.authenticate(email, password)
    except services.AuthenticationFailed:
        failed(account)
        raise
    succeeded(account)
    return user
