"""Geography below inspections: addresses as the BAG has them, municipalities
and the CBS table that maps an address to one, regions with their agreements.
It imports nothing of inspections or certificates."""

from collections.abc import Callable

from flask import Flask


def init_app(app: Flask) -> None:
    """Municipalities and regions: API, pages, policies, the import command
    and the demo's geography."""
    from flask_babel import lazy_gettext as _l

    from snf.api import register_blueprint
    from snf.auth.permissions import register_policies
    from snf.demo import add_demo_step
    from snf.geo import api, views
    from snf.geo.cli import geo_cli
    from snf.geo.demo import (
        load_demo_demand,
        load_demo_geography,
        load_example_regions,
    )
    from snf.geo.permissions import POLICIES
    from snf.templating import add_navigation

    register_policies(app, POLICIES)
    register_blueprint(app, views.bp)
    register_blueprint(app, api.blp)
    add_navigation(app, "geo.list_regions", _l("Regions"), "region.manage")
    app.cli.add_command(geo_cli)
    add_demo_step(load_demo_geography, 1)
    add_demo_step(load_example_regions, 2)
    add_demo_step(load_demo_demand, 40)  # after the companies' certificates


def add_import_step(app: Flask, step: Callable) -> None:
    """Run ``step(now=)`` after every import of the CBS files, in the same
    transaction; it returns what moved as ``{(old, new): count}``."""
    steps = app.extensions.setdefault("snf_geo_after_import", [])
    if step not in steps:
        steps.append(step)
