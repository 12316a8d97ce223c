"""Helpers for the JSON API under /api/v1: blueprints, auth, paging."""

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from snf.extensions import db

API_PREFIX = "/api/v1"
MAX_PER_PAGE = 100
# No list is this long; a larger number is clamped (an offset beyond 64 bits
# would make the database driver fail).
MAX_PAGE = 100_000


def make_api_blueprint(name: str, import_name: str, url_prefix: str = "", **kwargs):
    """A flask-smorest blueprint mounted under /api/v1; register it with
    ``snf.extensions.api.register_blueprint``."""
    return Blueprint(name, import_name, url_prefix=API_PREFIX + url_prefix, **kwargs)


def register_blueprint(app, bp, *route_modules) -> None:
    """Register a domain's blueprint (HTML, or API through flask-smorest) from
    its ``init_app``. A domain's pages may span several modules that add routes
    to one blueprint: they are named here, and each must use ``bp``, so that
    they are loaded on purpose rather than by a stray import elsewhere."""
    from snf.extensions import api

    for module in route_modules:
        if bp not in (getattr(module, "bp", None), getattr(module, "blp", None)):
            raise RuntimeError(f"{module.__name__} adds no routes to {bp.name}")
    if isinstance(bp, Blueprint):
        api.register_blueprint(bp)
    else:
        app.register_blueprint(bp)
    app.extensions.setdefault("snf_blueprints", []).append(bp.name)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def api_user():
    """The user of this request (bearer token or session), or None."""
    return current_user if current_user.is_authenticated else None


def clamp_page(page) -> int:
    """A page number between 1 and MAX_PAGE, whatever was asked."""
    return min(max(page if isinstance(page, int) else 1, 1), MAX_PAGE)


def request_page() -> int:
    """``?page=`` of an HTML list page: junk reads as 1, huge as MAX_PAGE."""
    return clamp_page(request.args.get("page", 1, type=int))


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(
        load_default=25, validate=validate.Range(min=1, max=MAX_PER_PAGE)
    )


class PageMetaSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


def paginate(query, page: int, per_page: int, *, rows=False) -> tuple[list, dict]:
    """One page of a select() and the list meta of API.md, in two queries.

    The items are the first column of each row, or whole rows with ``rows``.
    """
    page = clamp_page(page)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    one_page = query.limit(per_page).offset((page - 1) * per_page)
    items = db.session.execute(one_page).all() if rows else db.session.scalars(one_page)
    return list(items), {"page": page, "per_page": per_page, "total": total or 0}


HTML_PER_PAGE = 25


def paged(query, *, rows=False) -> tuple[list, dict]:
    """The page an HTML list asks for with ``?page=``, and its meta."""
    return paginate(query, request_page(), HTML_PER_PAGE, rows=rows)


def paged_items(items: list) -> tuple[list, dict]:
    """The page of a list made in Python that ``?page=`` asks for (the last
    one when it asks beyond), and its meta, as ``paged`` gives for a query."""
    pages = max(1, -(-len(items) // HTML_PER_PAGE))
    page = min(request_page(), pages)
    start = (page - 1) * HTML_PER_PAGE
    meta = {"page": page, "per_page": HTML_PER_PAGE, "total": len(items)}
    return items[start : start + HTML_PER_PAGE], meta


def list_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The `{"items": [...], "meta": {...}}` envelope around an item schema."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "meta": fields.Nested(PageMetaSchema, required=True),
        },
        name=name,
    )


def unreadable_body_message() -> str:
    return _("The request body is not valid JSON.")
