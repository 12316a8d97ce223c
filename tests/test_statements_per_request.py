"""SQL statements per request on the hot paths (issue 20): the company lookup,
the register's search page, bulk verification and the inspector's checklist
page run a fixed number of statements, whatever the page or batch size."""

from datetime import date

import pytest

from tests.certificates_factories import make_registered
from tests.factories import login, make_user
from tests.inspections_factories import make_inspection, started
from tests.registry_helpers import count_queries

DAY = date(2025, 1, 6)


@pytest.fixture
def register():
    return [make_registered(DAY)[0] for _ in range(4)]


def _statements(client, method, url, **kwargs) -> list[str]:
    with count_queries() as statements:
        response = client.open(url, method=method, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return statements


def test_company_lookup_is_two_statements(client, register):
    kvk = register[0].kvk
    statements = _statements(client, "GET", f"/api/v1/registry/companies/{kvk}")
    assert len(statements) == 2  # the company as of the day, and its history


def test_search_page_statements_do_not_grow_with_the_page(client, register):
    one = _statements(client, "GET", "/register/?per_page=1")
    many = _statements(client, "GET", "/register/?per_page=100")
    assert len(one) == len(many) == 2  # the count and the page


def test_search_api_statements_do_not_grow_with_the_page(client, register):
    one = _statements(client, "GET", "/api/v1/registry/companies?per_page=1")
    many = _statements(client, "GET", "/api/v1/registry/companies?per_page=100")
    assert len(one) == len(many) == 2


def test_verify_statements_do_not_grow_with_the_batch(client, register):
    url = "/api/v1/registry/verify"
    small = _statements(client, "POST", url, json={"kvk_numbers": [register[0].kvk]})
    numbers = [c.kvk for c in register] + [f"{n:08d}" for n in range(5000)]
    large = _statements(client, "POST", url, json={"kvk_numbers": numbers})
    assert len(small) == len(large) <= 3


def test_checklist_page_statements_do_not_grow_with_the_sections(client):
    inspector = make_user(role="inspector")
    inspection = started(make_inspection(inspector=inspector))
    login(client, inspector)
    first = _statements(client, "GET", f"/inspections/{inspection.id}")
    again = _statements(client, "GET", f"/inspections/{inspection.id}")
    # the user of the session with its organisation (one statement; the top
    # bar names it), inspection, version with its norm, photos, location: one
    # statement each (only a targeted inspection asks for the complaints
    # behind it: tests/residents/test_triage.py); a fresh render
    # also reads sections and requirements, to render the checklist's
    # skeleton (snf.inspections.checklist_page), which is cached.
    assert len(first) <= 7, "\n".join(first)
    assert len(again) == 5, "\n".join(again)
