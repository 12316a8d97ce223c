"""Public pages of the register (no login): search, company, statistics,
open data. Addresses of locations are never shown."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema
from marshmallow import ValidationError as SchemaError

from snf.database import local_today
from snf.errors import NotFound
from snf.http_cache import public_cache, shared
from snf.registry import services, stats
from snf.registry.schemas import AsOfSchema, RegistryArgsSchema

bp = Blueprint(
    "registry", __name__, url_prefix="/register", template_folder="templates"
)

# What the page says next to a filter it could not use (the schema's own
# messages are English and name no field).
FIELD_ERRORS = {
    "q": _l("Use at most 200 characters."),
    "town": _l("Use at most 100 characters."),
    "status": _l("Choose a status from the list."),
    "mark": _l("Choose a mark from the list."),
    "as_of": _l("Enter a date as year-month-day, e.g. 2014-08-01."),
    "page": _l("Not a page of this list."),
    "per_page": _l("Choose between 1 and 100 per page."),
}


def load_args(schema: Schema) -> tuple[dict, dict]:
    """The query string through ``schema`` once: (values, errors by field).
    A filter that is not valid falls back to its default and gets an error;
    the others keep working."""
    given = {k: v for k, v in request.args.items() if v.strip()}  # "" is unset
    try:
        return schema.load(given), {}
    except SchemaError as exc:
        bad = set(exc.messages)
    kept = {k: v for k, v in given.items() if k not in bad}
    errors = {name: [str(FIELD_ERRORS.get(name, _("Not valid.")))] for name in bad}
    return schema.load(kept), errors


@bp.route("/")
@public_cache
@shared
def search():
    args, errors = load_args(RegistryArgsSchema(unknown="exclude"))
    day = args["as_of"] or local_today()
    filters = {k: args[k] for k in ("q", "town", "status", "mark", "page", "per_page")}
    rows, meta = services.search(day, **filters)
    return render_template(
        "registry/search.html",
        rows=rows,
        meta=meta,
        args=args,
        raw=request.args,
        errors=errors,
        day=day,
        today=local_today(),
    )


@bp.route("/<kvk>")
@public_cache
@shared
def company(kvk):
    args, errors = load_args(AsOfSchema(unknown="exclude"))
    day = args["as_of"] or local_today()
    record = services.company_record(kvk, day)
    if record is not None:
        return render_template(
            "registry/company.html",
            record=record,
            row=record.row,
            day=day,
            errors=errors,
            raw=request.args,
        ), (400 if errors else 200)
    entry = services.register_entry(kvk)
    if entry is None:
        raise NotFound(_("This KvK number is not in the register."))
    # Known to the register, but not yet on that day: say so, not 404.
    return render_template(
        "registry/not_yet.html", entry=entry, day=day, errors=errors, raw=request.args
    )


@bp.route("/statistics")
@public_cache
@shared
def statistics():
    today = local_today()
    return render_template("registry/statistics.html", today=today,
                           **stats.statistics(today, months=24))  # fmt: skip


@bp.route("/open-data")
@public_cache
@shared
def open_data():
    return render_template("registry/open_data.html", today=local_today(),
                           totals=services.certified_totals(local_today()))  # fmt: skip
