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

    from snf.auth.login import init_login
    from snf.auth.throttle import init_throttle

    init_login(app)
    init_throttle(app)
    errors.register_error_handlers(app)
    _register_blueprints(app)
    _wire_domains()
    app.after_request(_security_headers)
    _register_cli(app)
    _register_template_helpers(app)


def _migrations_dir() -> str:
    import os

    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def _register_blueprints(app: Flask) -> None:
    from snf import main
    from snf.auth import api as auth_api
    from snf.auth import views as auth_views
    from snf.certificates import api as certificates_api
    from snf.certificates import claim_views as _claim_pages  # noqa: F401
    from snf.certificates import (
        claims_api,
        company_views,  # noqa: F401
    )
    from snf.certificates import permissions as _certificate_permissions  # noqa: F401
    from snf.certificates import views as certificate_pages
    from snf.inspections import api as inspections_api
    from snf.inspections import finding_views, inspection_views  # noqa: F401
    from snf.inspections import offline_views as _offline_views  # noqa: F401
    from snf.inspections import permissions as _inspection_permissions  # noqa: F401
    from snf.inspections import request_api as _request_api  # noqa: F401
    from snf.inspections import request_views as _request_pages  # noqa: F401
    from snf.inspections import views as inspection_pages
    from snf.norms import api as norms_api
    from snf.norms import edit_views  # noqa: F401  (routes on norms_views.bp)
    from snf.norms import permissions as _norm_permissions  # noqa: F401
    from snf.norms import views as norms_views
    from snf.registry import api as registry_api
    from snf.registry import verifier_views  # noqa: F401
    from snf.registry import views as registry_pages

    app.register_blueprint(main.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(norms_views.bp)
    app.register_blueprint(inspection_pages.bp)
    app.register_blueprint(certificate_pages.bp)
    app.register_blueprint(registry_pages.bp)
    api.register_blueprint(main.api_blp)
    api.register_blueprint(auth_api.blp)
    api.register_blueprint(norms_api.blp)
    api.register_blueprint(inspections_api.blp)
    api.register_blueprint(certificates_api.blp)
    api.register_blueprint(claims_api.blp)
    api.register_blueprint(registry_api.blp)


def _wire_domains() -> None:
    """Lookups a domain offers to one it must not import (the arrows of
    STYLE.md): planning asks which body a company chose (its application)."""
    from snf.certificates.services import (
        chosen_body_clause,
        chosen_inspection_body_id,
    )
    from snf.inspections import planning

    planning.set_chosen_body_lookup(chosen_inspection_body_id, chosen_body_clause)


def _register_cli(app: Flask) -> None:
    from snf import cli
    from snf.backup import BACKUP_COMMANDS
    from snf.certificates.cli import certificates_cli, enforce_command
    from snf.norms.cli import norms_cli

    cli.register(app)
    for command in (norms_cli, certificates_cli, enforce_command, *BACKUP_COMMANDS):
        app.cli.add_command(command)
    _register_demo_steps()


def _register_demo_steps() -> None:
    """Each domain's demo data, in the order the story happened."""
    from snf.certificates.claim_demo import load_claims_demo
    from snf.certificates.demo import load_certificates_demo
    from snf.certificates.demo_queues import load_queue_demo
    from snf.demo import DEMO_STEPS
    from snf.inspections.demo import load_inspection_history, load_recent_inspections
    from snf.norms.demo import load_norms_demo
    from snf.registry.demo import load_registry_demo

    steps = (
        load_norms_demo,
        load_inspection_history,
        load_certificates_demo,
        load_recent_inspections,
        load_registry_demo,
        load_queue_demo,
        load_claims_demo,
    )
    for step in steps:
        if step not in DEMO_STEPS:
            DEMO_STEPS.append(step)


def _register_template_helpers(app: Flask) -> None:
    from snf import templating

    templating.register(app)


def _import_models() -> None:
    """Every model module, so that metadata (and Alembic) sees every table."""
    import snf.audit  # noqa: F401
    import snf.auth.models  # noqa: F401
    import snf.certificates.models  # noqa: F401
    import snf.idempotency  # noqa: F401
    import snf.inspections.models  # noqa: F401
    import snf.norms.models  # noqa: F401
    import snf.ratelimit  # noqa: F401
    import snf.registry.models  # noqa: F401
