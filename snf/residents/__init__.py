"""Residents: the information card per location, the live page behind its QR
code, complaints, their triage and the unannounced inspections they lead to.
On top of the other domains (it reads locations, certificates and the norm,
and plans through the inspections service); nothing imports it."""

import os

from flask import Flask
from flask_babel import lazy_gettext as _l

SETTINGS = {
    # Complaints per card and per address (form and API together).
    "RATELIMIT_COMPLAINTS_TOKEN": os.environ.get(
        "SNF_LIMIT_COMPLAINTS_TOKEN", "30/day"
    ),
    "RATELIMIT_COMPLAINTS_ADDRESS": os.environ.get(
        "SNF_LIMIT_COMPLAINTS_ADDRESS", "10/hour"
    ),
    # Working days to the unannounced inspection, by risk level.
    "RESIDENT_INSPECTION_DAYS": {
        "high": int(os.environ.get("SNF_COMPLAINT_DAYS_HIGH", "5")),
        "medium": int(os.environ.get("SNF_COMPLAINT_DAYS_MEDIUM", "15")),
        "low": int(os.environ.get("SNF_COMPLAINT_DAYS_LOW", "30")),
    },
}


def init_app(app: Flask) -> None:
    """The resident pages and API, the complaint queue, the cards, their
    policies, menu entries, locale, CLI command and demo data."""
    from snf.api import register_blueprint
    from snf.auth.permissions import register_policies
    from snf.demo import add_demo_step
    from snf.residents import api, card_views, staff_views, views
    from snf.residents.cli import residents_cli
    from snf.residents.demo import load_residents_demo
    from snf.residents.permissions import POLICIES
    from snf.residents.reports import figures_context, home_context
    from snf.templating import add_navigation, add_panel

    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    register_policies(app, POLICIES)
    _register_jobs(app)
    register_blueprint(app, views.bp)
    register_blueprint(app, staff_views.bp, card_views)
    register_blueprint(app, api.blp)
    app.extensions.setdefault("snf_locale_choosers", []).append(views.choose_locale)
    _hook_into_other_packages(app)
    add_navigation(app, "complaints.queue", _l("Complaints"), "complaint.list")
    add_navigation(app, "complaints.cards", _l("Cards"), "resident_card.download")
    add_panel(app, "home", "residents/_home_panel.html", home_context, "complaint.list")
    add_panel(app, "statistics", "residents/_statistics_panel.html", figures_context)
    app.cli.add_command(residents_cli)
    add_demo_step(load_residents_demo, 90)


def _hook_into_other_packages(app: Flask) -> None:
    """What the packages below read of this one without importing it: a new
    location's token, the resident URLs in company answers, the categories
    of complaints behind an inspection (its page and its API answer)."""
    from snf.inspections.locations import location_registered
    from snf.residents.complaints import categories_behind, inspection_context
    from snf.residents.info import resident_urls
    from snf.residents.tokens import give_token
    from snf.templating import add_panel

    location_registered.connect(give_token, app)
    app.extensions["snf_resident_urls"] = resident_urls
    app.extensions["snf_complaint_categories"] = categories_behind
    add_panel(
        app,
        "inspection",
        "residents/_inspection_panel.html",
        inspection_context,
        "complaint.category_of_inspection",
    )


def _register_jobs(app: Flask) -> None:
    from snf.jobqueue import register_job
    from snf.residents.jobs import cards_batch_job

    register_job(app, "cards_batch", cards_batch_job)
