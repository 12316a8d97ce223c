"""The home page per role and the bare endpoint benchmarks compare against."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from marshmallow import Schema, fields

from snf import queues
from snf.api import make_api_blueprint
from snf.database import local_today

bp = Blueprint("main", __name__)
api_blp = make_api_blueprint("meta_api", __name__, description="Service")


class PingSchema(Schema):
    status = fields.String(required=True)


def init_app(app) -> None:
    """The home pages and the service API (ping)."""
    from snf.api import register_blueprint

    register_blueprint(app, bp)
    register_blueprint(app, api_blp)


@bp.route("/")
def index():
    """Each role's home is its work queue: what needs doing now."""
    return render_template("index.html", user=current_user, **_work(current_user))


def _work(user) -> dict:
    if not user.is_authenticated:
        return {}
    today = local_today()
    if user.role == "admin":
        return {"today": today, "queues": queues.admin_queues(today)}
    if user.role == "inspector":
        return {"today": today, "queues": queues.inspector_queues(user, today)}
    if user.role == "company":
        return {
            "today": today,
            "queues": queues.company_queues(user, today),
            "renewal": queues.renewal(user.organisation_id, today),
        }
    if user.role == "verifier":
        return {"today": today, "reports": queues.verifier_reports(user)}
    return {"today": today}


@bp.route("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@api_blp.route("/ping")
@api_blp.response(200, PingSchema)
def ping():
    """A bare JSON answer without database work: the benchmarks' baseline."""
    return {"status": "ok"}
