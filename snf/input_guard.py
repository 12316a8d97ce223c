"""Checks on every request before a view sees it."""

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from snf.errors import ValidationError

# Ids in URLs fit the database's integer columns; larger numbers are a 404,
# not an overflow deep in the driver.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _nul_paths(value, prefix: str = "") -> list[str]:
    if isinstance(value, str):
        return [prefix or "_body"] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            found += _nul_paths(str(key), path) + _nul_paths(inner, path)
        return found
    if isinstance(value, list):
        return [
            p
            for i, inner in enumerate(value)
            for p in _nul_paths(inner, f"{prefix}.{i}")
        ]
    return []


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def refuse_nul_characters() -> None:
    """No text field may hold a NUL character: PostgreSQL cannot store one and
    no person types one. The error names the field."""
    environ = request.environ
    query = environ.get("QUERY_STRING", "")
    # A NUL reaches the arguments only as %00 (or raw) in the query string, the
    # body only with a content type: without those (most requests) there is
    # nothing to parse. This runs on every request.
    if not (
        "%00" in query
        or "\x00" in query
        or environ.get("CONTENT_TYPE")
        or request.view_args
    ):
        return
    paths = []
    sources = [request.args] if "%00" in query or "\x00" in query else []
    # Pages check their forms themselves (snf.forms), next to each field.
    if request.path.startswith("/api/") and request.mimetype in FORM_TYPES:
        sources.append(request.form)
    for source in sources:
        for key, values in source.lists():
            paths += [key for v in values if "\x00" in v or "\x00" in key]
    if request.view_args:
        paths += _nul_paths(request.view_args)
    if request.is_json:
        paths += _nul_paths(request.get_json(silent=True))
    if paths:
        message = _("Text may not contain NUL characters.")
        raise ValidationError(message, {path: [message] for path in paths})


def init_input_guard(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_characters)
