"""The SNF application: norms, inspections, certificates and the register."""

import os

from flask import Flask

__version__ = "0.1.0"


def create_app(config: type | dict | None = None) -> Flask:
    from snf.setup import SnfFlask, init_app

    app = SnfFlask(__name__, instance_relative_config=True)
    app.config.from_object("snf.config.Config")
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    _fill_defaults(app)
    _require_public_address(app)
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
    if not app.config.get("RATELIMIT_STORAGE_URI") and app.config.get("SNF_REDIS_URL"):
        # Several app servers share one Redis: the counters live there too.
        app.config["RATELIMIT_STORAGE_URI"] = app.config["SNF_REDIS_URL"]
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        from snf.ratelimit import default_uri

        app.config["RATELIMIT_STORAGE_URI"] = default_uri(
            app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path
        )


def _require_public_address(app: Flask) -> None:
    """Certificates print the register's address in a QR code. Taken from the
    request, it would follow whatever Host header a caller sends, so outside
    debug and testing the address must be configured (or the hosts trusted)."""
    from urllib.parse import urlsplit

    url = app.config.get("SNF_PUBLIC_URL")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RuntimeError(
                f"SNF_PUBLIC_URL must be an http(s) address, e.g. "
                f"https://register.snf.nl, not {url!r}."
            )
        return
    if app.debug or app.testing or app.config.get("TRUSTED_HOSTS"):
        return
    raise RuntimeError(
        "Set SNF_PUBLIC_URL (e.g. https://register.snf.nl), the address printed "
        "in certificates' QR codes, or SNF_TRUSTED_HOSTS (the host names this "
        "register answers to). `make run` sets SNF_PUBLIC_URL for you."
    )
