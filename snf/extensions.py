"""Flask extensions, created unbound and bound in create_app()."""

import marshmallow as ma
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
limiter = Limiter(key_func=get_remote_address)


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
