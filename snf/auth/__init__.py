"""Accounts, roles, sessions, API tokens and the one permission check."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Sessions, login throttling, the account pages and API, and the
    policies for accounts and organisations."""
    from snf.api import register_blueprint
    from snf.auth import api, views
    from snf.auth.login import init_login
    from snf.auth.permissions import POLICIES, register_policies
    from snf.auth.throttle import init_throttle

    init_login(app)
    init_throttle(app)
    register_policies(app, POLICIES)
    register_blueprint(app, views.bp)
    register_blueprint(app, api.blp)
