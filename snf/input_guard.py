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


def refuse_nul_characters() -> None:
    """No text field may hold a NUL character: PostgreSQL cannot store one and
    no person types one. The error names the field."""
    paths = []
    # Pages check their forms themselves (snf.forms), next to each field.
    sources = (
        (request.args, request.form)
        if request.path.startswith("/api/")
        else (request.args,)
    )
    for source in sources:
        for key, values in source.lists():
            paths += [key for v in values if "\x00" in v or "\x00" in key]
    paths += _nul_paths(request.view_args or {})
    if request.is_json:
        paths += _nul_paths(request.get_json(silent=True))
    if paths:
        message = _("Text may not contain NUL characters.")
        raise ValidationError(message, {path: [message] for path in paths})


def init_input_guard(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_characters)
