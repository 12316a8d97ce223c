"""The app's cache (snf.cache) on the real Redis at 127.0.0.1:6379 for one
test: a database number and key prefix of this run's own, emptied after."""

import os
import uuid
from contextlib import contextmanager

import redis

from snf.cache import cache


def redis_url() -> str:
    db_number = int(os.environ.get("SNF_TEST_REDIS_DB", 1 + os.getpid() % 15))
    return f"redis://127.0.0.1:6379/{db_number}"


@contextmanager
def cache_backend(app, **config):
    """The app's cache replaced by one made from ``config`` (Flask-Caching's
    CACHE_* settings), the previous one put back afterwards."""
    saved = app.extensions["cache"][cache]
    cache.init_app(app, config=config)
    try:
        yield app.extensions["cache"][cache]
    finally:
        app.extensions["cache"][cache] = saved


@contextmanager
def cache_in_redis(app):
    """Yields (the Redis connection, this test's key prefix)."""
    url, prefix = redis_url(), f"snf-test-{uuid.uuid4().hex[:10]}:"
    connection = redis.Redis.from_url(url)
    config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url}
    try:
        with cache_backend(app, CACHE_KEY_PREFIX=prefix, **config):
            yield connection, prefix
    finally:
        keys = list(connection.scan_iter(match=f"{prefix}*"))
        if keys:
            connection.delete(*keys)


@contextmanager
def fresh_memory_cache(app):
    """An empty in-process cache, as a freshly started app has."""
    with cache_backend(app, CACHE_TYPE="SimpleCache") as backend:
        yield backend
