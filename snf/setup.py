"""Binding extensions, blueprints and hooks to an app (called by create_app)."""

from flask import Flask, current_app, g, has_request_context, request
from flask_login import current_user

from snf import cache, errors, i18n
from snf.auth.kvk import make_kvk_lookup
from snf.certificates.keys import init_keyring
from snf.database import configure_engine
from snf.extensions import api, babel, csrf, db, limiter, migrate
from snf.input_guard import init_input_guard
from snf.jobqueue import make_queue
from snf.mail import make_mailer
from snf.norms import compiled_cache
from snf.sessions import CookieSessions
from snf.storage import make_storage

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; "
        "manifest-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
}


def select_locale() -> str:
    if not has_request_context():  # CLI commands and services in tests
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    # A package may choose for its own pages (the resident pages speak more
    # languages than the staff pages); None leaves it to the rules below.
    for choose in current_app.extensions.get("snf_locale_choosers", ()):
        code = choose()
        if code:
            return code
    languages = current_app.config["LANGUAGES"]
    if request.path.startswith("/api/"):
        # Integrations get English unless they ask for Dutch.
        return request.accept_languages.best_match(languages) or "en"
    code = request.cookies.get("snf_lang")
    if code in languages:
        return code
    return current_app.config["BABEL_DEFAULT_LOCALE"]


# (lower-case name, name, value): the names to look for and the pairs to add.
_SECURITY_HEADER_ITEMS = tuple(
    (name.lower(), name, value) for name, value in SECURITY_HEADERS.items()
)


def _security_headers(response):
    """Every answer gets the security headers (unless a view set its own), and
    a signed-in user's answers are never stored by a cache."""
    headers = response.headers
    present = {name.lower() for name, _value in headers}
    headers.extend(
        [(name, value) for lower, name, value in _SECURITY_HEADER_ITEMS
         if lower not in present]
    )  # fmt: skip
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if _signed_in():
        headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def _signed_in() -> bool:
    """current_user.is_authenticated, without loading a user for a request that
    cannot have one: no user logged in during the request, no cookie (session
    or remember-me) and no Authorization header, the only ways Flask-Login
    finds one."""
    environ = request.environ
    if "_login_user" not in g and not (
        "HTTP_COOKIE" in environ or "HTTP_AUTHORIZATION" in environ
    ):
        return False
    return bool(current_user) and current_user.is_authenticated


class SnfFlask(Flask):
    """Flask, remembering which hooks and views are coroutine functions.

    Flask asks that of every hook and view on every request (a dozen calls
    into inspect per request); the answer never changes for a function.
    """

    def ensure_sync(self, func):
        synced = self.__dict__.setdefault("_synced", {})
        try:
            return synced[func]
        except KeyError:
            synced[func] = super().ensure_sync(func)
            return synced[func]
        except TypeError:  # an unhashable callable: asked every time
            return super().ensure_sync(func)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    init_input_guard(app)  # before any route is added: the id converter
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=_migrations_dir(), render_as_batch=True)
    _import_models()
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.install(app)  # after Babel: replaces its Jinja callables
    limiter.init_app(app)
    api.init_app(app)
    app.extensions["snf_storage"] = make_storage(app)
    app.extensions["snf_mailer"] = make_mailer(app)
    app.extensions["snf_queue"] = make_queue(app)
    app.extensions["snf_kvk_lookup"] = make_kvk_lookup(app)
    init_keyring(app)
    compiled_cache.init_app(app)
    cache.init_app(app)
    errors.register_error_handlers(app)
    _init_domains(app)
    app.after_request(_security_headers)
    _register_cli(app)
    _register_template_helpers(app)


def _migrations_dir() -> str:
    import os

    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def _init_domains(app: Flask) -> None:
    """Each package registers its own blueprints, policies, menu entries, CLI
    commands and demo data; the order is the order of the menu, the API
    description and the imports (norms <- inspections <- certificates <-
    registry)."""
    from snf import (
        auth,
        certificates,
        geo,
        inspections,
        main,
        norms,
        ops,
        registry,
        residents,
    )

    packages = (main, ops, auth, norms, geo, inspections, certificates, registry)
    for package in (*packages, residents):
        package.init_app(app)


def _register_cli(app: Flask) -> None:
    """Cross-domain commands (users, audit, demo, backups)."""
    from snf import cli
    from snf.backup import BACKUP_COMMANDS
    from snf.storage_cli import storage_cli

    cli.register(app)
    app.cli.add_command(storage_cli)
    for command in BACKUP_COMMANDS:
        app.cli.add_command(command)


def _register_template_helpers(app: Flask) -> None:
    from snf import templating

    templating.register(app)


# Every module that declares tables, so that the metadata (and Alembic) sees
# all of them whichever pages a process happens to load first.
MODEL_MODULES = (
    "snf.audit",
    "snf.auth.models",
    "snf.certificates.models",
    "snf.geo.models",
    "snf.idempotency",
    "snf.inspections.models",
    "snf.norms.models",
    "snf.ratelimit",
    "snf.registry.models",
    "snf.residents.models",
)


def _import_models() -> None:
    from importlib import import_module

    for name in MODEL_MODULES:
        import_module(name)
