"""The housing norm as versioned checklists whose requirements are rules."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The norm's pages and API, its policies, menu entry, CLI and demo data."""
    from snf.api import register_blueprint
    from snf.auth.permissions import register_policies
    from snf.demo import add_demo_step
    from snf.norms import api, edit_views, views
    from snf.norms.cli import norms_cli
    from snf.norms.demo import load_norms_demo
    from snf.norms.permissions import POLICIES
    from snf.templating import add_navigation

    register_policies(app, POLICIES)
    register_blueprint(app, views.bp, edit_views)
    register_blueprint(app, api.blp)
    add_navigation(app, "norms.index", _l("Norms"), "norm.view")
    app.cli.add_command(norms_cli)
    add_demo_step(load_norms_demo, 10)
