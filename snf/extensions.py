"""Flask extensions, created unbound and bound in create_app()."""

import marshmallow as ma
from flask.globals import request_ctx
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


class SnfLimiter(Limiter):
    """Flask-Limiter, without its work before every request when there is none.

    Its before-request hook checks application, default and blueprint limits;
    this app sets none of them (every limit is a decorator, checked inside its
    view), so on each request the hook only resolved an empty list (~70 µs,
    a third of a ping). It still runs in full as soon as any such limit or an
    in-memory fallback is configured.
    """

    def init_app(self, app) -> None:
        super().init_app(app)
        # Its after-request and teardown hooks build a context for the request
        # even when no limit ran; these skip that (headers come from a limit).
        _replace_hook(app.after_request_funcs, self._inject_headers, self._headers_if)
        _replace_hook(app.teardown_request_funcs, self._release, self._release_if)

    @property
    def _inject_headers(self):
        return self._Limiter__inject_headers

    @property
    def _release(self):
        return self._Limiter__release_context

    def _headers_if(self, response):
        if not hasattr(request_ctx._get_current_object(), LIMITER_CONTEXT):
            return response
        return self._inject_headers(response)

    def _release_if(self, exc=None) -> None:
        if hasattr(request_ctx._get_current_object(), LIMITER_CONTEXT):
            self._release(exc)

    def _check_request_limit(self, callable_name=None, in_middleware=True) -> None:
        if in_middleware and not self._request_wide_limits():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _request_wide_limits(self) -> bool:
        manager = self.limit_manager
        return bool(
            manager._application_limits
            or manager._default_limits
            or manager._blueprint_limits
            or self._meta_limits
            or self._in_memory_fallback_enabled
        )


# Where Flask-Limiter keeps its per-request state on the request context.
LIMITER_CONTEXT = "_limiter_request_context"


def _replace_hook(hooks: dict, old, new) -> None:
    """Put ``new`` where Flask-Limiter registered ``old`` (same place, same
    order); a partial of the same function and limiter counts as ``old``.
    Without ``old`` (a disabled limiter adds no hooks) nothing changes."""
    funcs = hooks.get(None, [])
    if new in funcs:  # init_app again on the same app
        return
    for index, func in enumerate(funcs):
        same = func == old or (
            getattr(func, "func", None) is getattr(old, "__func__", None)
            and getattr(func, "args", ()) == (old.__self__,)
        )
        if same:
            funcs[index] = new
            return
    # Not there: the limiter is disabled (it adds no hooks) or has changed.


limiter = SnfLimiter(key_func=get_remote_address)


class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(required=True)
    message = ma.fields.String(required=True)
    fields = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "the invalid fields by (dotted) name"},
    )
    reasons = ma.fields.List(ma.fields.String())
    current = ma.fields.Dict(metadata={"description": "412: the draft as it is now"})


class ErrorSchema(ma.Schema):
    """The one error shape of API.md: {"error": {"status", "message", ...}}."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


def ecma_pattern(_converter, _field, ret: dict, **_kwargs) -> dict:
    """OpenAPI patterns are ECMA-262 regular expressions: Python's ``\\A`` and
    ``\\Z`` (start and very end of the text) are ``^`` and ``$`` there (no
    multiline flag), so the documented pattern means what the code checks."""
    pattern = ret.get("pattern")
    if not pattern:
        return {}
    return {"pattern": pattern.replace("\\A", "^").replace("\\Z", "$")}


class SnfApi(Api):
    """flask-smorest, with errors answered by snf.errors for the whole app."""

    ERROR_SCHEMA = ErrorSchema

    def _init_spec(self, **kwargs):
        super()._init_spec(**kwargs)
        self.ma_plugin.converter.add_attribute_function(ecma_pattern)

    def _register_error_handlers(self):
        # flask-smorest would answer every HTTP error of the app in its own
        # JSON shape, HTML pages included; snf.errors handles them instead.
        pass


api = SnfApi()
