"""Domain errors and the HTML and JSON error handlers."""

from flask import Flask, jsonify, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the domain refused something; the message is for people."""

    status = 422

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


def found(obj, message: str):
    """``obj``, or NotFound with ``message`` when it is None."""
    if obj is None:
        raise NotFound(message)
    return obj


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    """The request conflicts with the current state, e.g. a published norm."""

    status = 409

    def __init__(self, message, fields=None, reasons: list[str] | None = None):
        super().__init__(message, fields)
        self.reasons = reasons or []


class PreconditionFailed(DomainError):
    """A stale If-Match: someone else changed the object meanwhile."""

    status = 412

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(status: int, message: str, fields=None, **extra) -> dict:
    error = {"status": status, "message": message}
    if fields:
        error["fields"] = fields
    error.update(extra)
    return {"error": error}


def flatten_messages(messages, prefix: str = "") -> dict[str, list[str]]:
    """Nested schema errors as dotted paths: {"norm": {"sector": [..]}} ->
    {"norm.sector": [..]}; list items by index ("bedrooms.0.area_m2")."""
    fields: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for name, inner in messages.items():
            path = f"{prefix}.{name}" if prefix else str(name)
            fields.update(flatten_messages(inner, path))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        fields[prefix or "_schema"] = list(messages)
    elif isinstance(messages, list):
        for index, inner in enumerate(messages):
            fields.update(flatten_messages(inner, f"{prefix}.{index}"))
    else:
        fields[prefix or "_schema"] = [str(messages)]
    return fields


def _flatten_webargs(messages) -> dict[str, list[str]]:
    """webargs nests errors by location (json, query, ...) first."""
    fields: dict[str, list[str]] = {}
    for location_errors in (messages or {}).values():
        fields.update(flatten_messages(location_errors))
    return fields


def _respond(status: int, message: str, fields=None, headers=None, **extra):
    if wants_json():
        response = jsonify(error_body(status, message, fields, **extra))
        response.status_code = status
    elif request_ctx.url_adapter is None:
        # The Host header is not a trusted host: no URL can be built, so no
        # page with links; a plain answer instead of a second error.
        response = Flask.response_class(message, status=status, mimetype="text/plain")
    else:
        html = render_template("errors/error.html", status=status, message=message)
        response = Flask.response_class(html, status=status, mimetype="text/html")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_http_exception(exc: HTTPException):
    fields = None
    data = getattr(exc, "data", None)
    if isinstance(data, dict) and "messages" in data:
        fields = _flatten_webargs(data["messages"])
    message = _messages().get(exc.code) or exc.description or exc.name
    if fields:
        message = _("Some fields are invalid.")
    headers = dict(exc.get_headers()) if exc.code in (405, 429) else {}
    headers.pop("Content-Type", None)
    return _respond(exc.code or 500, message, fields, headers)


def handle_domain_error(exc: DomainError):
    extra = {}
    if isinstance(exc, Conflict) and exc.reasons:
        extra["reasons"] = exc.reasons
    if isinstance(exc, PreconditionFailed) and exc.current is not None:
        extra["current"] = exc.current
    headers = getattr(exc, "headers", None)
    return _respond(exc.status, exc.message, exc.fields, headers, **extra)


def handle_csrf_error(exc: CSRFError):
    message = _("The form has expired or was sent from elsewhere. Please try again.")
    return _respond(400, message)


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be read."),
        401: _("Please log in first."),
        403: _("You are not allowed to do this."),
        404: _("This page or object does not exist."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Nothing you sent was saved."),
    }


def handle_unexpected(exc: Exception):
    from flask import current_app

    from snf.extensions import db

    db.session.rollback()
    current_app.logger.exception("Unhandled error on %s", request.path)
    return _respond(500, _messages()[500])


def handle_schema_error(exc):
    """A marshmallow schema loaded by hand (not through flask-smorest)."""
    return _respond(422, _("Some fields are invalid."), flatten_messages(exc.messages))


def handle_too_deep(exc):
    """JSON nested deeper than Python can parse: unreadable, not a crash."""
    return _respond(400, _("The request could not be read."))


def register_error_handlers(app: Flask) -> None:
    from marshmallow import ValidationError as SchemaError

    app.register_error_handler(SchemaError, handle_schema_error)
    app.register_error_handler(RecursionError, handle_too_deep)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected)


class PreconditionRequired(DomainError):
    """A conditional write without If-Match."""

    status = 428
