"""The public register's answers shared by app servers (snf.http_cache.shared):
an anonymous answer is kept in the app's cache (Redis when configured) for
SNF_REGISTER_CACHE_SECONDS and served from there, per address, language and
Accept, still counted by the rate limits; nothing personal is kept."""

from datetime import date

import pytest
from werkzeug.http import generate_etag, quote_etag

from snf.extensions import db
from tests.cache_helpers import cache_in_redis, fresh_memory_cache
from tests.certificates_factories import make_registered
from tests.factories import bearer, login, make_user
from tests.registry_helpers import count_queries

DAY = date(2025, 1, 6)


@pytest.fixture
def shared(app, monkeypatch):
    monkeypatch.setitem(app.config, "SNF_REGISTER_CACHE_SECONDS", 30)
    with fresh_memory_cache(app):
        yield


@pytest.fixture
def company():
    return make_registered(DAY)[0]


def _rename(company, name: str) -> None:
    company.name = name
    db.session.flush()


@pytest.mark.parametrize(
    "url",
    ["/api/v1/registry/companies/{kvk}", "/register/{kvk}", "/register/?q={kvk}"],
)
def test_a_second_anonymous_caller_gets_the_kept_answer_without_sql(
    client, company, shared, url
):
    url = url.format(kvk=company.kvk)
    first = client.get(url)
    assert first.status_code == 200
    with count_queries() as statements:
        again = client.get(url)
    assert statements == []
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    # The ETag is the kept body's: a 304 for it is right.
    etag = quote_etag(generate_etag(first.get_data()))
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_without_the_setting_every_answer_is_fresh(client, company):
    url = f"/api/v1/registry/companies/{company.kvk}"
    client.get(url)
    _rename(company, "Nieuwe Naam B.V.")
    assert client.get(url).get_json()["name"] == "Nieuwe Naam B.V."


def test_a_kept_answer_lasts_until_its_time_is_up(client, company, shared):
    url = f"/api/v1/registry/companies/{company.kvk}"
    name = client.get(url).get_json()["name"]
    _rename(company, "Nieuwe Naam B.V.")
    assert client.get(url).get_json()["name"] == name
    assert client.get(url + f"?as_of={DAY}").get_json()["name"] == "Nieuwe Naam B.V."


def test_each_language_has_its_own_answer(client, company, shared):
    url = "/register/?q=zzz-nothing"
    english = client.get(url).get_data(as_text=True)
    client.set_cookie("snf_lang", "nl")
    dutch = client.get(url).get_data(as_text=True)
    assert english != dutch and 'lang="nl"' in dutch


def test_callers_with_a_token_or_a_session_get_a_fresh_answer(client, company, shared):
    url = f"/api/v1/registry/companies/{company.kvk}"
    client.get(url)
    _rename(company, "Nieuwe Naam B.V.")
    headers = bearer(client, make_user(role="verifier"))
    assert client.get(url, headers=headers).get_json()["name"] == "Nieuwe Naam B.V."
    page = f"/register/{company.kvk}"
    assert "Log out" not in client.get(page).get_data(as_text=True)
    login(client, make_user(role="admin"))
    signed_in = client.get(page)
    assert "Nieuwe Naam B.V." in signed_in.get_data(as_text=True)
    assert signed_in.headers["Cache-Control"] == "no-store"


def test_kept_answers_live_in_redis_when_configured(app, client, company, shared):
    url = f"/api/v1/registry/companies/{company.kvk}"
    with cache_in_redis(app) as (connection, prefix):
        first = client.get(url)
        keys = [k.decode() for k in connection.scan_iter(match=f"{prefix}register*")]
        assert len(keys) == 1 and company.kvk in keys[0]
        assert 0 < connection.ttl(keys[0]) <= 30
        _rename(company, "Nieuwe Naam B.V.")
        assert client.get(url).get_data() == first.get_data()


def test_kept_answers_still_count_for_the_rate_limit(rate_limited):
    limited = rate_limited(RATELIMIT_REGISTRY="2/minute", SNF_REGISTER_CACHE_SECONDS=30)
    client = limited.test_client()
    url = "/api/v1/registry/companies?q=zzz-nothing"
    codes = [client.get(url).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
