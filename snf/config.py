"""Configuration from the environment; secrets never live in the code."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_or_create_secret_key(instance_path: str) -> str:
    """Read the secret key from ``instance/secret_key``, creating it once.

    Every process of one install reads the same file, so sessions signed by one
    gunicorn worker are valid in all of them.
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: when two processes start at once, one writes and both read it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SNF_SQLITE_BUSY_TIMEOUT_MS", "15000"))

    # Sessions: a signed cookie that points at a server-side session row.
    SESSION_COOKIE_NAME = "snf_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SNF_SECURE_COOKIES", False)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(
        minutes=int(os.environ.get("SNF_SESSION_IDLE_MINUTES", "240"))
    )
    API_TOKEN_LIFETIME = timedelta(days=int(os.environ.get("SNF_TOKEN_DAYS", "90")))

    # An inspection can take hours: the CSRF token must outlive it.
    WTF_CSRF_TIME_LIMIT = int(timedelta(hours=12).total_seconds())
    # Checked in snf.auth.login: forms always, JSON calls when cookie-authenticated.
    WTF_CSRF_CHECK_DEFAULT = False

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")

    # Default: counters in a database shared by every process (snf.ratelimit).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")
    RATELIMIT_HEADERS_ENABLED = True
    # Anonymous callers, and verifiers or staff with a token ("trusted").
    RATELIMIT_REGISTRY = os.environ.get("SNF_LIMIT_REGISTRY", "300/minute")
    RATELIMIT_REGISTRY_TRUSTED = os.environ.get("SNF_LIMIT_TRUSTED", "6000/minute")
    RATELIMIT_VERIFY = os.environ.get("SNF_LIMIT_VERIFY", "20/minute")
    RATELIMIT_VERIFY_TRUSTED = os.environ.get("SNF_LIMIT_VERIFY_TRUSTED", "600/minute")
    # Sign-ups per address, location registrations per company user.
    RATELIMIT_SIGNUP = os.environ.get("SNF_LIMIT_SIGNUP", "10/hour")
    RATELIMIT_LOCATIONS = os.environ.get("SNF_LIMIT_LOCATIONS", "60/hour")
    # "package.module:factory" of an automated KvK lookup (snf.auth.kvk); off.
    SNF_KVK_LOOKUP = os.environ.get("SNF_KVK_LOOKUP")
    # A bulk check counts one request per this many bytes of body (~1,000
    # numbers): 20/minute lets an anonymous caller check ~20,000 a minute.
    RATELIMIT_VERIFY_COST_BYTES = int(
        os.environ.get("SNF_LIMIT_VERIFY_COST_BYTES", "10000")
    )

    # Failed log-ins per account, login form and API tokens together
    # (snf.auth.throttle): free ones, then a doubling wait, and a cap per hour.
    LOGIN_FREE_FAILURES = int(os.environ.get("SNF_LOGIN_FREE_FAILURES", "5"))
    LOGIN_MAX_DELAY_SECONDS = int(os.environ.get("SNF_LOGIN_MAX_DELAY", "900"))
    LOGIN_HOURLY_FAILURES = int(os.environ.get("SNF_LOGIN_HOURLY_FAILURES", "20"))
    LOGIN_FAILURES_STORAGE_URI = None  # the rate-limit storage

    MAX_CONTENT_LENGTH = int(os.environ.get("SNF_MAX_REQUEST_BYTES", 25 * 1024 * 1024))
    MAX_PHOTO_BYTES = int(os.environ.get("SNF_MAX_PHOTO_BYTES", 15 * 1024 * 1024))
    SNF_STORAGE_PATH = os.environ.get("SNF_STORAGE_PATH")
    SNF_KEYS_PATH = os.environ.get("SNF_KEYS_PATH")
    # Off on every node of a multi-machine install: the signing keys come from
    # SNF_KEYS_PATH (shared, or a mounted secret), never one made per node.
    SNF_KEYS_CREATE = _env_bool("SNF_KEYS_CREATE", True)
    # Object storage (S3, MinIO) instead of SNF_STORAGE_PATH when a bucket is set.
    SNF_S3_BUCKET = os.environ.get("SNF_S3_BUCKET")
    SNF_S3_ENDPOINT_URL = os.environ.get("SNF_S3_ENDPOINT_URL")
    SNF_S3_REGION = os.environ.get("SNF_S3_REGION")
    SNF_S3_ACCESS_KEY = os.environ.get("SNF_S3_ACCESS_KEY")
    SNF_S3_SECRET_KEY = os.environ.get("SNF_S3_SECRET_KEY")
    # Redis for the job queue (RQ) and short-lived caches; unset: jobs run
    # in-process. Rate-limit counters too when RATELIMIT_STORAGE_URI says so.
    SNF_REDIS_URL = os.environ.get("SNF_REDIS_URL")
    # The short-lived cache (snf.cache): Redis when SNF_REDIS_URL is set,
    # otherwise in each process. Flask-Caching's CACHE_* settings override it.
    CACHE_TYPE = os.environ.get("SNF_CACHE_TYPE")
    CACHE_KEY_PREFIX = os.environ.get("SNF_CACHE_PREFIX", "snf:cache:")
    # Rendered checklist skeletons (keyed by content, so only memory is at stake).
    SNF_CHECKLIST_CACHE_SECONDS = int(
        os.environ.get("SNF_CHECKLIST_CACHE_SECONDS", "3600")
    )
    # Public register answers shared by app servers; 0 turns it off. A change
    # shows after at most this long (the HTTP max-age is 60 s anyway).
    SNF_REGISTER_CACHE_SECONDS = int(os.environ.get("SNF_REGISTER_CACHE_SECONDS", "30"))
    # Outgoing mail (snf.mail): SMTP when a host is set, else to the log.
    SNF_SMTP_HOST = os.environ.get("SNF_SMTP_HOST")
    SNF_SMTP_PORT = int(os.environ.get("SNF_SMTP_PORT", "25"))
    SNF_SMTP_USER = os.environ.get("SNF_SMTP_USER")
    SNF_SMTP_PASSWORD = os.environ.get("SNF_SMTP_PASSWORD")
    SNF_SMTP_STARTTLS = _env_bool("SNF_SMTP_STARTTLS", False)
    SNF_MAIL_FROM = os.environ.get("SNF_MAIL_FROM", "register@snf.example")
    # Where mail for SNF staff goes (new high-risk complaints); else every admin.
    SNF_STAFF_MAIL = os.environ.get("SNF_STAFF_MAIL")
    # A verifier's bulk check of more numbers than this runs as a job.
    SNF_REPORT_JOB_NUMBERS = int(os.environ.get("SNF_REPORT_JOB_NUMBERS", "5000"))
    SNF_METRICS_TOKEN = os.environ.get("SNF_METRICS_TOKEN")
    SNF_QUEUE_NAME = os.environ.get("SNF_QUEUE_NAME", "snf")
    SNF_JOB_RETRY_INTERVALS = [
        int(s) for s in os.environ.get("SNF_JOB_RETRY_INTERVALS", "2,10,60").split(",")
    ]
    # The address printed in QR codes, e.g. https://register.snf.nl; required
    # outside debug and testing unless the accepted Host names are listed.
    SNF_PUBLIC_URL = os.environ.get("SNF_PUBLIC_URL")
    TRUSTED_HOSTS = [
        host.strip()
        for host in os.environ.get("SNF_TRUSTED_HOSTS", "").split(",")
        if host.strip()
    ] or None

    # flask-smorest: the OpenAPI document at /api/v1/openapi.json, no CDN UI.
    API_TITLE = "SNF register"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    # Inspection kinds a company's chosen body plans itself (our rule, DOMAIN.md
    # §3); the rest (ad-hoc, targeted, urgent) and unannounced visits are
    # planned by SNF staff. Comma-separated.
    BODY_PLANNED_KINDS = tuple(
        kind.strip()
        for kind in os.environ.get(
            "SNF_BODY_PLANNED_KINDS", "administrative,initial,periodic,reinspection"
        ).split(",")
        if kind.strip()
    )

    DEMO_PASSWORD = os.environ.get("SNF_DEMO_PASSWORD", "demo-password-2014")
    # Generated companies `flask demo` adds to the hand-made ones (snf.demo_scale).
    DEMO_SCALE = int(os.environ.get("SNF_DEMO_SCALE", "56"))


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    LOGIN_FAILURES_STORAGE_URI = "memory://"
    # Tests share one app and roll their data back: a cached register answer
    # would outlive its data (tests of the cache turn it on).
    SNF_REGISTER_CACHE_SECONDS = 0
    SNF_JOBS_IN_THREAD = False  # a test is one transaction on one connection
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SESSION_COOKIE_SECURE = False
    # Assertions read English; the Dutch default is tested on its own.
    BABEL_DEFAULT_LOCALE = "en"
