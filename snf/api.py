"""Helpers for the JSON API under /api/v1: blueprints, auth, paging."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select

from snf.extensions import db

API_PREFIX = "/api/v1"
MAX_PER_PAGE = 100


def make_api_blueprint(name: str, import_name: str, url_prefix: str = "", **kwargs):
    """A flask-smorest blueprint mounted under /api/v1; register it with
    ``snf.extensions.api.register_blueprint``."""
    return Blueprint(name, import_name, url_prefix=API_PREFIX + url_prefix, **kwargs)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


class PageMetaSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


def paginate(query, page: int, per_page: int) -> tuple[list, dict]:
    """One page of a select() and the list meta of API.md, in two queries."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    return list(rows), {"page": page, "per_page": per_page, "total": total or 0}


def list_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The `{"items": [...], "meta": {...}}` envelope around an item schema."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "meta": fields.Nested(PageMetaSchema, required=True),
        },
        name=name,
    )
