"""Login, logout and the language switch."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from snf.auth import services, throttle
from snf.auth.forms import LoginForm
from snf.auth.login import mark_seen
from snf.database import utcnow
from snf.errors import ValidationError
from snf.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = throttle.authenticate(form.email.data, form.password.data)
        except throttle.TooManyAttempts as exc:
            form.password.errors.append(exc.message)
            status, headers = 429, exc.headers
        except ValidationError as exc:
            form.password.errors.append(exc.message)
        else:
            session.clear()  # a fresh session: no fixation across the login
            lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
            services.start_session(user, now=utcnow(), lifetime=lifetime)
            login_user(user)
            mark_seen()
            session.permanent = True
            db.session.commit()
            flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), status, headers


@bp.route("/logout", methods=["POST"])
def logout():
    if _may_hold_unsent_work() and request.form.get("checked") != "1":
        # The button was pressed before offline.js could look for work not yet
        # sent from this tablet (it sets ``checked``): this page looks first.
        return render_template("auth/logout_check.html")
    services.end_session(session.get("_user_id"))
    logout_user()
    session.clear()
    db.session.commit()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


def _may_hold_unsent_work() -> bool:
    """Inspectors fill in checklists offline; their tablet may hold drafts,
    photos and submissions not yet sent."""
    return current_user.is_authenticated and current_user.role == "inspector"


@bp.route("/language/<code>")
def set_language(code: str):
    response = redirect(_safe_next(request.args.get("next")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            "snf_lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response
