"""Housing locations, inspections on the tablet, findings and repair."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Locations, inspections and findings: pages, API, policies, menu
    entries and demo data."""
    from snf.api import register_blueprint
    from snf.auth.permissions import register_policies
    from snf.demo import add_demo_step
    from snf.geo import add_import_step
    from snf.inspections import (
        api,
        finding_views,
        inspection_views,
        offline_views,
        request_api,
        request_views,
        views,
    )
    from snf.inspections.checklist_page import slot
    from snf.inspections.demo import load_inspection_history, load_recent_inspections
    from snf.inspections.geography import remap_locations
    from snf.inspections.permissions import POLICIES

    register_policies(app, POLICIES)
    # The checklist skeleton's value slots (macros see globals, not context).
    app.jinja_env.globals["slot"] = slot
    add_import_step(app, remap_locations)
    _register_jobs(app)
    pages = (inspection_views, finding_views, offline_views, request_views)
    register_blueprint(app, views.bp, *pages)
    register_blueprint(app, api.blp, request_api)
    _add_navigation(app)
    add_demo_step(load_inspection_history, 20)
    add_demo_step(load_recent_inspections, 40)


def _add_navigation(app: Flask) -> None:
    from snf.templating import add_navigation

    add_navigation(app, "inspections.list_locations", _l("Locations"), "location.list")
    add_navigation(
        app, "inspections.list_inspections", _l("Inspections"), "inspection.list"
    )
    add_navigation(app, "inspections.list_findings", _l("Findings"), "inspection.list")
    add_navigation(app, "inspections.whatif_page", _l("What-if"), "whatif.run")
    add_navigation(
        app,
        "inspections.location_requests",
        _l("Location requests"),
        "location_request.list",
    )


def _register_jobs(app: Flask) -> None:
    """Long work run as jobs, and the mails it sends."""
    from snf.inspections import notifications, planning_run
    from snf.inspections.jobs import plan_year_job, whatif_job
    from snf.jobqueue import register_job

    register_job(app, "whatif", whatif_job)
    register_job(app, "plan_year", plan_year_job)
    notifications.init_app(app)
    planning_run.init_app(app)
