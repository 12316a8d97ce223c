"""The public register (reads only)."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The public register, bulk verification, watched numbers, their
    policies, jobs, menu entries and demo data."""
    from snf.auth.permissions import register_policies
    from snf.demo import add_demo_step
    from snf.jobqueue import register_job
    from snf.registry import watch_mail
    from snf.registry.demo import load_registry_demo
    from snf.registry.jobs import notify_watchers_job, verification_report_job
    from snf.registry.permissions import POLICIES

    register_policies(app, POLICIES)
    register_job(app, "verification_report", verification_report_job)
    register_job(app, "notify_watchers", notify_watchers_job)
    watch_mail.init_app(app)
    _register_blueprints(app)
    _add_navigation(app)
    add_demo_step(load_registry_demo, 50)


def _register_blueprints(app: Flask) -> None:
    from snf.api import register_blueprint
    from snf.registry import (
        api,
        monitoring_api,
        monitoring_views,
        municipality_views,
        verifier_views,
        views,
        watch_api,
        watch_views,
    )

    register_blueprint(app, views.bp, verifier_views, watch_views)
    register_blueprint(app, api.blp)
    register_blueprint(app, watch_api.blp)
    register_blueprint(app, municipality_views.bp)
    register_blueprint(app, monitoring_api.blp)
    register_blueprint(app, monitoring_views.bp)


def _add_navigation(app: Flask) -> None:
    from snf.templating import add_navigation

    add_navigation(app, "registry.search", _l("Register"), None)
    add_navigation(app, "monitoring.overview", _l("Monitoring"), None)
    add_navigation(
        app, "municipal.own_municipality", _l("My municipality"), "municipality.home"
    )
    add_navigation(app, "registry.verifications", _l("Bulk check"), "verification.run")
    add_navigation(app, "registry.watches_page", _l("Watched numbers"), "watch.manage")
