"""SQL statements of the register's hot paths stay the same however much is on
the page, in the batch or behind a company (issue 20): pages that really hold
one and many companies, and companies with one and with several locations.
tests/test_statements_per_request.py counts them on a register of four."""

from datetime import date

import pytest

from tests.certificates_factories import make_registered
from tests.registry_helpers import count_queries

DAY = date(2025, 1, 6)
MANY = 8


@pytest.fixture
def register():
    return [make_registered(DAY)[0] for _ in range(MANY)]


def _count(client, method, url, **kwargs) -> tuple[int, str]:
    with count_queries() as statements:
        response = client.open(url, method=method, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return len(statements), response.get_json() or response.get_data(as_text=True)


def test_a_full_search_page_runs_the_statements_of_a_page_of_one(client, register):
    one, page_one = _count(client, "GET", "/register/?per_page=1")
    many, page_many = _count(client, "GET", f"/register/?per_page={MANY}")
    assert all(c.name in page_many for c in register)  # the page really is full
    assert sum(c.name in page_one for c in register) == 1
    assert one == many


def test_a_full_api_page_runs_the_statements_of_a_page_of_one(client, register):
    url = "/api/v1/registry/companies?per_page="
    one, body_one = _count(client, "GET", f"{url}1")
    many, body_many = _count(client, "GET", f"{url}{MANY}")
    assert len(body_many["items"]) == MANY
    assert len(body_one["items"]) == 1
    assert one == many


def test_verifying_many_registered_companies_runs_the_statements_of_one(
    client, register
):
    url = "/api/v1/registry/verify"
    small, _ = _count(client, "POST", url, json={"kvk_numbers": [register[0].kvk]})
    numbers = [c.kvk for c in register]
    large, body = _count(client, "POST", url, json={"kvk_numbers": numbers})
    assert body["summary"] == {"registered": MANY}
    assert small == large


def test_a_company_with_more_locations_is_looked_up_in_as_many_statements(client):
    small = make_registered(DAY, locations=1)[0]
    large = make_registered(DAY, locations=4)[0]
    one, body = _count(client, "GET", f"/api/v1/registry/companies/{small.kvk}")
    assert body["locations"] == 1
    four, body = _count(client, "GET", f"/api/v1/registry/companies/{large.kvk}")
    assert body["locations"] == 4
    assert one == four
