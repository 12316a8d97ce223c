"""Every route x every role gets the expected status; a new route without
cases in tests/access/ fails the coverage test."""

import importlib
import pkgutil

import pytest

import tests.access
from tests.access.matrix import ALL_ROLES, build_world
from tests.factories import login, make_user

IGNORED_ENDPOINTS = {"static"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _case_modules():
    for module in pkgutil.iter_modules(tests.access.__path__):
        if module.name != "matrix" and not module.name.startswith("test_"):
            yield importlib.import_module(f"tests.access.{module.name}")


def _cases():
    cases = []
    for module in _case_modules():
        for case in module.CASES:
            case.extra["build"] = getattr(module, "build", None)
            cases.append(case)
    return cases


CASES = _cases()


def test_every_route_and_method_has_access_cases(app):
    covered = {(case.endpoint, case.method) for case in CASES}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in IGNORED_ENDPOINTS
        for method in rule.methods - IGNORED_METHODS
    }
    missing = sorted(routes - covered)
    assert missing == [], f"add these routes to tests/access/: {missing}"
    assert not covered - routes, "cases for routes that do not exist"


@pytest.fixture
def world(request):
    return build_world(request.node.callspec.params["case"])


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.endpoint}")
def test_access(client, world, case, role):
    if role != "anonymous":
        login(client, make_user(role=role))
    response = client.open(
        case.url(world), method=case.method, json=case.json, data=case.data
    )
    assert response.status_code == case.expected[role], response.get_data(as_text=True)
