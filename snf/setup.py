"""Binding extensions, blueprints and hooks to an app (called by create_app)."""

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user

from snf import errors
from snf.auth.kvk import make_kvk_lookup
from snf.certificates.keys import init_keyring
from snf.database import configure_engine
from snf.extensions import api, babel, csrf, db, limiter, migrate
from snf.input_guard import init_input_guard
from snf.mail import make_mailer
from snf.norms import compiled_cache
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


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    init_input_guard(app)  # before any route is added: the id converter
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=_migrations_dir(), render_as_batch=True)
    _import_models()
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    api.init_app(app)
    app.extensions["snf_storage"] = make_storage(app)
    app.extensions["snf_mailer"] = make_mailer(app)
    app.extensions["snf_kvk_lookup"] = make_kvk_lookup(app)
    init_keyring(app)
    compiled_cache.init_app(app)
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
    from snf import auth, certificates, inspections, main, norms, registry, residents

    for package in (main, auth, norms, inspections, certificates, registry, residents):
        package.init_app(app)


def _register_cli(app: Flask) -> None:
    """Cross-domain commands (users, audit, demo, backups)."""
    from snf import cli
    from snf.backup import BACKUP_COMMANDS

    cli.register(app)
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
