"""With Redis configured, rate-limit counters live in Redis (shared by every
app server) unless RATELIMIT_STORAGE_URI says otherwise."""

import os
import uuid

import redis

VERIFY = "/api/v1/registry/verify"


def test_rate_limit_counters_live_in_the_configured_redis(rate_limited):
    db_number = 1 + os.getpid() % 15
    url = f"redis://127.0.0.1:6379/{db_number}"
    connection = redis.Redis.from_url(url)
    address = f"198.51.100.{uuid.uuid4().int % 250}"
    limited = rate_limited(
        SNF_REDIS_URL=url, RATELIMIT_STORAGE_URI=None, RATELIMIT_VERIFY="2/minute"
    )
    assert limited.config["RATELIMIT_STORAGE_URI"] == url
    client = limited.test_client()
    body = {"kvk_numbers": ["12345678"]}
    codes = [
        client.post(VERIFY, json=body, environ_base={"REMOTE_ADDR": address})
        for _ in range(3)
    ]
    assert [c.status_code for c in codes] == [200, 200, 429]
    keys = [k.decode() for k in connection.scan_iter(match=f"*{address}*")]
    assert keys, "no counter in Redis"
    connection.delete(*keys)


def test_an_explicit_storage_uri_wins_over_the_redis_url(rate_limited):
    limited = rate_limited(SNF_REDIS_URL="redis://127.0.0.1:6379/1")
    assert limited.config["RATELIMIT_STORAGE_URI"] == "memory://"
