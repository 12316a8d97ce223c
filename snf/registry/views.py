"""Public pages of the register (no login): search, company, statistics,
open data. Addresses of locations are never shown."""

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l

from snf.database import local_today
from snf.registry import services, stats
from snf.registry.schemas import RegistryArgsSchema
from snf.templating import add_navigation

bp = Blueprint(
    "registry", __name__, url_prefix="/register", template_folder="templates"
)
add_navigation("registry.search", _l("Register"), None)


def _args() -> dict:
    errors = RegistryArgsSchema().validate(request.args)
    if errors:
        return {
            "q": "",
            "town": "",
            "status": "",
            "page": 1,
            "per_page": 25,
            "as_of": None,
        }
    return RegistryArgsSchema().load(request.args)


@bp.route("/")
def search():
    args = _args()
    day = args["as_of"] or local_today()
    filters = {k: args[k] for k in ("q", "town", "status", "page", "per_page")}
    rows, meta = services.search(day, **filters)
    return render_template(
        "registry/search.html", rows=rows, meta=meta, args=args, day=day
    )


@bp.route("/<kvk>")
def company(kvk):
    day = _day(request.args.get("as_of"))
    record = services.company_record(kvk, day)
    if record is None:
        abort(404)
    return render_template(
        "registry/company.html", record=record, row=record.row, day=day
    )


def _day(raw: str | None) -> date:
    try:
        return date.fromisoformat(raw) if raw else local_today()
    except ValueError:
        abort(400)


@bp.route("/statistics")
def statistics():
    today = local_today()
    return render_template("registry/statistics.html", today=today,
                           **stats.statistics(today, months=24))  # fmt: skip


@bp.route("/open-data")
def open_data():
    return render_template("registry/open_data.html", today=local_today(),
                           totals=services.certified_totals(local_today()))  # fmt: skip
