"""The home page per role and the bare endpoint benchmarks compare against."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from marshmallow import Schema, fields

from snf.api import make_api_blueprint

bp = Blueprint("main", __name__)
api_blp = make_api_blueprint("meta_api", __name__, description="Service")


class PingSchema(Schema):
    status = fields.String(required=True)


@bp.route("/")
def index():
    return render_template("index.html", user=current_user)


@bp.route("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@api_blp.route("/ping")
@api_blp.response(200, PingSchema)
def ping():
    """A bare JSON answer without database work: the benchmarks' baseline."""
    return {"status": "ok"}
