"""Watched numbers over the API (verifiers): list, watch, stop watching."""

from flask_login import current_user
from marshmallow import Schema, fields, validate

from snf.api import PageArgsSchema, list_schema, make_api_blueprint, paginate
from snf.auth.permissions import requires
from snf.database import local_today, utcnow
from snf.extensions import db
from snf.registry import watches
from snf.registry.verify import lookup
from snf.registry.watch_views import MAIL_LANGUAGES, mail_language

blp = make_api_blueprint(
    "watches_api", __name__, "/watches", description="Numbers a verifier watches"
)


class WatchSchema(Schema):
    kvk = fields.String(required=True)
    name = fields.String(allow_none=True)
    status = fields.String(
        metadata={"description": "today's status in the register, or not_registered"}
    )
    language = fields.String(metadata={"description": "the language of the mail"})
    since = fields.DateTime(metadata={"description": "watched since"})


class WatchBodySchema(Schema):
    kvk_numbers = fields.List(
        fields.Raw(allow_none=True),
        required=True,
        metadata={"description": "KvK numbers, or certificate numbers of the register"},
    )
    language = fields.String(load_default=None, validate=validate.OneOf(MAIL_LANGUAGES))


class WatchAnswerSchema(Schema):
    added = fields.Integer(required=True)
    watched = fields.Integer(required=True)


def _items(rows) -> list[dict]:
    found = lookup([row[0].kvk for row in rows], local_today())
    return [
        {
            "kvk": watch.kvk,
            "name": name,
            "status": found[watch.kvk]["status"] if watch.kvk in found else (
                "not_registered"
            ),
            "language": watch.language,
            "since": watch.created_at,
        }
        for watch, name, _company_id in rows
    ]  # fmt: skip


@blp.route("")
@requires("watch.manage")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, list_schema(WatchSchema, "WatchList"))
def list_watches(args):
    """The numbers I watch (newest first), with today's status."""
    query = watches.watched_query(current_user)
    rows, meta = paginate(query, args["page"], args["per_page"], rows=True)
    return {"items": _items(rows), "meta": meta}


@blp.route("", methods=["POST"])
@requires("watch.manage")
@blp.arguments(WatchBodySchema)
@blp.response(200, WatchAnswerSchema)
def watch(data):
    """Watch numbers: a mail (in ``language``, else the Accept-Language) for
    every status change the register records for them from now on. Watching
    a number twice changes nothing; 422 names the first malformed number."""
    language = data["language"] or mail_language()
    added = watches.watch_numbers(
        current_user, data["kvk_numbers"], language=language, now=utcnow()
    )
    db.session.commit()
    return {"added": added, "watched": watches.watched_count(current_user)}


@blp.route("/<number>", methods=["DELETE"])
@requires("watch.manage")
@blp.response(204)
def unwatch(number):
    """Stop watching a number (204 whether or not it was watched)."""
    watches.unwatch_numbers(current_user, [number], now=utcnow())
    db.session.commit()
