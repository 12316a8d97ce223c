"""One short-lived cache for the app (Flask-Caching).

In-process (``SimpleCache``) by default, so ``make run`` needs nothing new;
with ``SNF_REDIS_URL`` set, every app server shares it in Redis (a
``RedisCache`` under ``CACHE_KEY_PREFIX``). It holds what may be lost at any
time: rendered checklist skeletons (snf.inspections.checklist_page) and the
public register's answers (snf.http_cache). A cache that cannot be reached is
a miss, never an error page.
"""

import logging

from flask import Flask
from flask_caching import Cache

log = logging.getLogger(__name__)
cache = Cache()


def configure(app: Flask) -> None:
    """Redis when configured, otherwise in this process."""
    config = app.config
    redis_url = config.get("SNF_REDIS_URL")
    if not config.get("CACHE_TYPE"):
        config["CACHE_TYPE"] = "RedisCache" if redis_url else "SimpleCache"
    if config["CACHE_TYPE"] == "RedisCache" and not config.get("CACHE_REDIS_URL"):
        config["CACHE_REDIS_URL"] = redis_url
    config.setdefault("CACHE_KEY_PREFIX", "snf:cache:")
    config.setdefault("CACHE_DEFAULT_TIMEOUT", 300)


def init_app(app: Flask) -> None:
    configure(app)
    cache.init_app(app)


def get(key: str):
    """The value, or None when absent or the cache is unreachable."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - Redis down: answer without the cache
        log.warning("cache unreachable: get %s", key, exc_info=True)
        return None


def set(key: str, value, timeout: int) -> None:  # noqa: A001 - as Flask-Caching
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:  # noqa: BLE001
        log.warning("cache unreachable: set %s", key, exc_info=True)


def clear() -> None:
    """Empty the cache (under this app's key prefix in Redis)."""
    cache.clear()
