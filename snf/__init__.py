"""The SNF application: norms, inspections, certificates and the register."""

import os

from flask import Flask

__version__ = "0.1.0"


def create_app(config: type | dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object("snf.config.Config")
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    _fill_defaults(app)

    from snf.setup import init_app

    init_app(app)
    return app


def _fill_defaults(app: Flask) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        from snf.config import load_or_create_secret_key

        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "snf.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        from snf.ratelimit import default_uri

        app.config["RATELIMIT_STORAGE_URI"] = default_uri(
            app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path
        )
