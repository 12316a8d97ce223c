"""The app's one short-lived cache (snf.cache, Flask-Caching): in-process by
default, Redis when SNF_REDIS_URL is set, and a miss when unreachable."""

from cachelib import RedisCache, SimpleCache
from flask import Flask

from snf import cache
from tests.cache_helpers import cache_backend, cache_in_redis


def _configured(**settings) -> Flask:
    app = Flask(__name__)
    app.config.update(settings)
    cache.configure(app)
    return app


def test_without_redis_the_cache_is_in_this_process(app):
    assert isinstance(app.extensions["cache"][cache.cache], SimpleCache)
    assert _configured().config["CACHE_TYPE"] == "SimpleCache"


def test_with_a_redis_url_the_cache_lives_in_that_redis():
    url = "redis://127.0.0.1:6379/3"
    config = _configured(SNF_REDIS_URL=url).config
    assert config["CACHE_TYPE"] == "RedisCache"
    assert config["CACHE_REDIS_URL"] == url
    # An explicit Flask-Caching setting wins.
    assert _configured(SNF_REDIS_URL=url, CACHE_TYPE="NullCache").config[
        "CACHE_TYPE"
    ] == ("NullCache")


def test_values_go_to_redis_under_the_apps_prefix_and_expire(app):
    with cache_in_redis(app) as (connection, prefix), app.app_context():
        assert isinstance(app.extensions["cache"][cache.cache], RedisCache)
        cache.set("greeting", {"nl": "hallo"}, timeout=30)
        assert cache.get("greeting") == {"nl": "hallo"}
        assert connection.exists(f"{prefix}greeting")
        assert 0 < connection.ttl(f"{prefix}greeting") <= 30
        cache.clear()
        assert cache.get("greeting") is None
        assert not connection.exists(f"{prefix}greeting")


def test_an_unreachable_redis_is_a_miss_not_an_error(app):
    nowhere = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"}
    with cache_backend(app, **nowhere), app.app_context():
        cache.set("greeting", "hallo", timeout=30)
        assert cache.get("greeting") is None
