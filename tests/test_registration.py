"""Registration is explicit: every action a route checks has a policy, and every
route belongs to a blueprint that a package's ``init_app`` registered."""

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask

import snf
from snf.auth.permissions import can, register_policies, registered_actions, roles

ROOT = Path(snf.__file__).parent
# The position of the action among the arguments of each permission check.
CHECKS = {"require": 1, "can": 1, "requires": 0}
TEMPLATE_CHECK = re.compile(r"""\bcan\(\s*["']([\w.]+)["']""")
# Registered by set-up that belongs to no domain: Flask's static files and
# flask-smorest's OpenAPI description.
SHARED_BLUEPRINTS = {"", "api-docs"}


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _actions_in(path: Path) -> dict[str, str]:
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        position = CHECKS.get(_called_name(node))
        if position is None or len(node.args) <= position:
            continue
        action = node.args[position]
        if isinstance(action, ast.Constant) and isinstance(action.value, str):
            found.setdefault(action.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def checked_actions() -> dict[str, str]:
    """Every action named in a permission check in code or templates."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        found.update({k: v for k, v in _actions_in(path).items() if k not in found})
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for action in TEMPLATE_CHECK.findall(path.read_text(encoding="utf-8")):
            found.setdefault(action, str(path.relative_to(ROOT)))
    return found


def test_every_checked_action_has_a_registered_policy(app):
    checked = checked_actions()
    assert len(checked) >= 20  # the scan finds the checks at all
    missing = {
        action: where
        for action, where in checked.items()
        if action not in registered_actions(app)
    }
    assert missing == {}


def test_every_menu_entry_is_guarded_by_a_registered_policy(app):
    actions = {action for _e, _l, action in app.extensions["snf_navigation"]}
    assert actions - {None} <= registered_actions(app)


def test_every_route_belongs_to_a_blueprint_a_package_registered(app):
    registered = set(app.extensions["snf_blueprints"]) | SHARED_BLUEPRINTS
    strays = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.rpartition(".")[0] not in registered
    }
    assert strays == set()


def test_an_app_without_policies_has_no_actions_and_refuses_everything():
    app = Flask(__name__)
    assert registered_actions(app) == set()
    admin = SimpleNamespace(role="admin", is_authenticated=True, is_active=True)
    with app.app_context():
        assert not can(admin, "self.view")


def test_registering_the_same_policy_again_changes_nothing():
    app = Flask(__name__)
    admin_only = roles("admin")
    register_policies(app, {"thing.view": admin_only})
    register_policies(app, {"thing.view": admin_only})
    assert registered_actions(app) == {"thing.view"}


def test_a_second_rule_for_one_action_is_refused():
    app = Flask(__name__)
    register_policies(app, {"thing.view": roles("admin")})
    with pytest.raises(RuntimeError, match="thing.view"):
        register_policies(app, {"thing.view": roles("company")})
