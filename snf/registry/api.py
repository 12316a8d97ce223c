"""The registry API of API.md: a contract with outside systems (ABU)."""

import json
from datetime import date

from flask import Response, current_app, request
from flask_babel import gettext as _

from snf.api import list_schema, make_api_blueprint
from snf.csvout import csv_lines
from snf.database import local_today, utcnow
from snf.errors import DomainError, NotFound, ValidationError
from snf.extensions import ErrorSchema, limiter
from snf.http_cache import public_cache, shared
from snf.registry import services
from snf.registry.limits import (
    address_key,
    caller_key,
    read_limit,
    trusted,
    untrusted_read_limit,
    untrusted_verify_limit,
    verify_cost,
    verify_limit,
)
from snf.registry.schemas import (
    AsOfSchema,
    ChangesArgsSchema,
    ChangesSchema,
    CompanyRecordSchema,
    ExportSchema,
    RegistryArgsSchema,
    RegistryItemSchema,
    VerifyAnswerSchema,
    VerifyBodySchema,
)
from snf.registry.verify import TooMany, numbers_from_csv, verify

blp = make_api_blueprint(
    "registry_api", __name__, "/registry", description="The public register"
)
_read_per_caller = limiter.limit(read_limit, key_func=caller_key)
_read_per_address = limiter.limit(
    untrusted_read_limit, key_func=address_key, exempt_when=trusted
)


def read_limited(view):
    """Per caller (account or address), and per address unless trusted."""
    return _read_per_caller(_read_per_address(view))


class PayloadTooLarge(DomainError):
    status = 413


NOT_MODIFIED = "Not modified: the If-None-Match ETag is still current"
RegistryPage = list_schema(RegistryItemSchema, "RegistryPage")


@blp.route("/companies")
@public_cache
@blp.alt_response(304, description=NOT_MODIFIED)
@read_limited
@shared
@blp.arguments(RegistryArgsSchema, location="query")
@blp.response(200, RegistryPage)
def companies(args):
    """Search the register by name or KvK number, town, status and mark (paged)."""
    day = args["as_of"] or local_today()
    rows, meta = services.search(
        day,
        q=args["q"],
        town=args["town"],
        status=args["status"],
        mark=args["mark"],
        page=args["page"],
        per_page=args["per_page"],
    )
    return {"items": rows, "meta": meta}


@blp.route("/companies/<kvk>")
@public_cache
@blp.alt_response(304, description=NOT_MODIFIED)
@read_limited
@shared
@blp.arguments(AsOfSchema, location="query")
@blp.response(200, CompanyRecordSchema)
def company(args, kvk):
    """A company as the register shows it, today or ``as_of`` a date."""
    day = args["as_of"] or local_today()
    record = services.company_record(kvk, day)
    if record is None:
        raise NotFound(_("This KvK number is not in the register on %(d)s.", d=day))
    row = record.row
    certificate = None
    if row["certificate_number"]:
        certificate = {
            "number": row["certificate_number"],
            "valid_from": row["valid_from"],
            "valid_until": row["valid_until"],
            "norm_version": row["norm_version"],
        }
    return {
        **row,
        "as_of": day,
        "certificate": certificate,
        "locations": row["locations"] or 0,
        "beds": row["beds"] or 0,
        "history": record.history,
    }


def _verify_input() -> tuple[list, object]:
    """The numbers and the date from a JSON body or a CSV upload."""
    upload = request.files.get("file")
    if upload is not None or request.mimetype in ("text/csv", "text/plain"):
        raw = upload.read() if upload is not None else request.get_data()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("The CSV file is not UTF-8 text."),
                {"file": [_("Save the file as UTF-8 CSV.")]},
            ) from exc
        as_of = AsOfSchema().load(
            {"as_of": request.args["as_of"]} if request.args.get("as_of") else {}
        )
        return numbers_from_csv(text), as_of["as_of"]
    body = request.get_json(silent=True)
    if body is None:
        raise ValidationError(
            _('Send JSON {"kvk_numbers": [...]} or a CSV file.'),
            {"kvk_numbers": [_("Missing.")]},
        )
    if isinstance(body, dict) and isinstance(body.get("kvk_numbers"), list):
        # Each item is answered on its own line (malformed ones with the
        # reason): check the rest of the body without the 50,000 items.
        loaded = VerifyBodySchema().load({**body, "kvk_numbers": []})
        return body["kvk_numbers"], loaded["as_of"]
    loaded = VerifyBodySchema().load(body)
    return loaded["kvk_numbers"], loaded["as_of"]


@blp.route("/verify", methods=["POST"])
@limiter.limit(verify_limit, key_func=caller_key, cost=verify_cost)
@limiter.limit(
    untrusted_verify_limit, key_func=address_key, exempt_when=trusted, cost=verify_cost
)
@blp.doc(
    requestBody={
        "content": {
            "application/json": {"schema": VerifyBodySchema},
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        }
    }
)
@blp.response(200, VerifyAnswerSchema)
@blp.alt_response(413, schema=ErrorSchema, description="More than 50,000 numbers")
def verify_numbers():
    """Check up to 50,000 KvK numbers at once, today or ``as_of`` a date.

    Results come in input order; a malformed number is answered on its own
    line with the reason; duplicates are answered again (``duplicate``)."""
    numbers, as_of = _verify_input()
    try:
        answer = verify(numbers, as_of or local_today())
    except TooMany as exc:
        raise PayloadTooLarge(str(exc), {"kvk_numbers": [str(exc)]}) from exc
    # Written directly: dumping 10,000 results through the schema (which still
    # documents them) took longer than finding them.
    return Response(json.dumps(answer, default=_iso), mimetype="application/json")


def _iso(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@blp.route("/changes")
@public_cache
@blp.alt_response(304, description=NOT_MODIFIED)
@read_limited
@blp.arguments(ChangesArgsSchema, location="query")
@blp.response(200, ChangesSchema)
def changes(args):
    """Status changes in the order they were recorded. Pass ``next`` back as
    ``since``: no change is ever skipped or repeated."""
    cursor = int(args["since"])
    items = services.changes_since(cursor, args["limit"])
    last = items[-1]["id"] if items else cursor
    return {"items": [{**i, "seq": i["id"]} for i in items], "next": str(last)}


@blp.route("/export.json")
@public_cache
@blp.alt_response(304, description=NOT_MODIFIED)
@read_limited
@blp.response(200, ExportSchema)
def export_json():
    """The whole register as open data (JSON), with the time it was produced."""
    day = local_today()
    produced = utcnow().replace(microsecond=0).isoformat()
    head = json.dumps({"produced_at": produced, "as_of": day.isoformat()})
    rows = _rows(day)

    def chunks():
        # Streamed item by item (constant memory); the schema documents it.
        yield head[:-1] + ', "items": ['
        for n, row in enumerate(rows):
            yield ("," if n else "") + json.dumps(row, default=_iso)
        yield "]}"

    return Response(chunks(), mimetype="application/json")


@blp.route("/export.csv")
@read_limited
@blp.response(200, description="The whole register as CSV")
def export_csv():
    """The whole register as open data (CSV): one line per company, with the
    date of the register (``as_of``) and the time it was produced."""
    day = local_today()
    produced = utcnow().replace(microsecond=0).isoformat()
    header = (*services.EXPORT_FIELDS, "as_of", "produced_at")

    rows = (
        (*(row[f] for f in services.EXPORT_FIELDS), day, produced) for row in _rows(day)
    )

    headers = {
        "Content-Disposition": f'attachment; filename="snf-register-{day}.csv"',
        "X-Produced-At": produced,
    }
    return Response(csv_lines(header, rows), mimetype="text/csv", headers=headers)


def _rows(day):
    """The open data, each batch read in an application context of its own:
    the answer is streamed after the request (and its context) has ended, and
    nothing stays pushed between chunks, even when a reader stops early."""
    app = current_app._get_current_object()
    return services.export_rows(day, scope=app.app_context)
