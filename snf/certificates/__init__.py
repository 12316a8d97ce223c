"""Applications, certificates and the registration lifecycle."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Registrations, applications, certificates and claims: pages, API,
    policies, menu entries, CLI commands and demo data."""
    from snf.api import register_blueprint
    from snf.auth.permissions import register_policies
    from snf.certificates import (
        api,
        claim_views,
        claims_api,
        company_views,
        demand_views,
        notifications,
        views,
    )
    from snf.certificates.cli import certificates_cli, enforce_command
    from snf.certificates.jobs import certificate_batch_job, enforce_job
    from snf.certificates.permissions import POLICIES
    from snf.jobqueue import register_job
    from snf.templating import add_navigation

    register_policies(app, POLICIES)
    register_job(app, "enforce", enforce_job)
    register_job(app, "certificate_batch", certificate_batch_job)
    notifications.init_app(app)
    register_blueprint(app, views.bp, company_views, claim_views, demand_views)
    register_blueprint(app, api.blp)
    register_blueprint(app, claims_api.blp)
    for endpoint, label, action in (
        ("certificates.applications", _l("Applications"), "application.queue"),
        ("certificates.companies", _l("Companies"), "registration.manage"),
        ("certificates.claims_list", _l("Sign-ups"), "claim.review"),
        ("certificates.my_registration", _l("My registration"), "registration.own"),
        ("certificates.my_demand", _l("Demand"), "demand.own"),
    ):
        add_navigation(app, endpoint, label, action)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(enforce_command)
    _add_demo_steps()
    _wire_planning()


def _add_demo_steps() -> None:
    from snf.certificates.agri_demo import load_agri_demo
    from snf.certificates.claim_demo import load_claims_demo
    from snf.certificates.demo import load_certificates_demo
    from snf.certificates.demo_queues import load_queue_demo
    from snf.demo import add_demo_step

    add_demo_step(load_certificates_demo, 30)
    add_demo_step(load_agri_demo, 35)
    add_demo_step(load_queue_demo, 60)
    add_demo_step(load_claims_demo, 70)


def _wire_planning() -> None:
    """A lookup inspections needs but must not import (the arrows of
    STYLE.md): planning asks which body a company chose (its application)."""
    from snf.certificates.services import (
        chosen_body_clause,
        chosen_inspection_body_id,
    )
    from snf.inspections import planning

    planning.set_chosen_body_lookup(chosen_inspection_body_id, chosen_body_clause)
