"""HTTP caching of the public register (issue 20): ETags, a short public
Cache-Control, 304 for If-None-Match, on pages, API answers and the change
feed; never for a signed-in user's page or for what sets a cookie."""

from datetime import date

import pytest

from tests.certificates_factories import make_registered
from tests.factories import login, make_user

DAY = date(2025, 1, 6)


@pytest.fixture
def company():
    return make_registered(DAY)[0]


def _fresh_then_304(client, url, **headers):
    first = client.get(url, headers=headers)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    assert "max-age=60" in first.headers["Cache-Control"]
    again = client.get(url, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    return first


@pytest.mark.parametrize(
    "url", ["/register/", "/register/?q=Organisation", "/register/statistics"]
)
def test_register_pages_answer_304_when_unchanged(client, company, url):
    page = _fresh_then_304(client, url)
    assert "Set-Cookie" not in page.headers  # nothing in them is per visitor


def test_company_page_and_lookup_answer_304_when_unchanged(client, company):
    _fresh_then_304(client, f"/register/{company.kvk}")
    _fresh_then_304(client, f"/api/v1/registry/companies/{company.kvk}")


def test_a_stale_etag_gets_the_whole_answer(client, company):
    url = f"/api/v1/registry/companies/{company.kvk}"
    response = client.get(url, headers={"If-None-Match": '"not-the-etag"'})
    assert response.status_code == 200 and response.get_json()["kvk"] == company.kvk


def test_the_etag_differs_per_language(client, company):
    url = f"/api/v1/registry/companies/{company.kvk}"
    english = client.get(url, headers={"Accept-Language": "en"})
    dutch = client.get(url, headers={"Accept-Language": "nl"})
    assert "Accept-Language" in english.headers["Vary"]
    if english.get_data() != dutch.get_data():
        assert english.headers["ETag"] != dutch.headers["ETag"]


def test_the_change_feed_is_conditional_until_something_changes(client, company):
    url = "/api/v1/registry/changes?since=0"
    etag = _fresh_then_304(client, url).headers["ETag"]
    make_registered(DAY)  # new status changes
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_a_signed_in_users_register_page_is_never_stored(client, company):
    login(client, make_user(role="admin"))
    response = client.get("/register/")
    assert response.headers["Cache-Control"] == "no-store"


def test_bulk_verification_gets_no_etag(client, company):
    response = client.post(
        "/api/v1/registry/verify", json={"kvk_numbers": [company.kvk]}
    )
    assert response.status_code == 200 and "ETag" not in response.headers
