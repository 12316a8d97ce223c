"""Wiring Flask-Login to server-side sessions and bearer tokens."""

import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from snf.api import bearer_token
from snf.auth import services
from snf.auth.permissions import NotAuthenticated
from snf.database import utcnow
from snf.extensions import csrf, login_manager

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@login_manager.user_loader
def _load_from_session(token: str):
    return services.load_session_user(token, now=utcnow())


@login_manager.request_loader
def _load_from_bearer(req):
    return token_user()


def token_user():
    """The user of this request's bearer token when the token is valid (looked
    up once per request), else None."""
    if "_token_user" not in g:
        token = bearer_token()
        g._token_user = (
            None if token is None else services.load_token_user(token, now=utcnow())
        )
    return g._token_user


@login_manager.unauthorized_handler
def _unauthorized():
    if request.path.startswith("/api/"):
        raise NotAuthenticated(_("Please log in first."))
    flash(_("Please log in first."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _expire_idle_session() -> None:
    """End a browser session that saw no request for SESSION_IDLE_TIMEOUT.

    The last-seen time lives in the signed cookie, so reading pages writes
    nothing to the database; replaying an older cookie only makes it look
    idler. Logout and deactivation end the server-side row, which no cookie
    can bring back.
    """
    if "_user_id" not in session:
        return
    now = int(time.time())
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    seen = session.get("seen", 0)
    if now - seen > idle:
        services.end_session(session.get("_user_id"))
        session.clear()
        flash(_("You were logged out after a period of inactivity."), "info")
        return
    if now - seen > 60:
        mark_seen()


def mark_seen() -> None:
    session["seen"] = int(time.time())


def _csrf_for_cookie_auth() -> None:
    """Forms carry their own token; JSON calls made with the session cookie
    (the tablet pages) must send it in X-CSRFToken. A valid bearer token and
    anonymous calls carry no ambient authority and need none; the mere
    presence of an Authorization header proves nothing (anyone can add one)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.method not in UNSAFE_METHODS or token_user() is not None:
        return
    if "_user_id" in session and current_user.is_authenticated:
        csrf.protect()


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = None  # tablets change networks
    app.before_request(_expire_idle_session)
    app.before_request(_csrf_for_cookie_auth)
