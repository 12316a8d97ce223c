"""The schema is built once per session by running the migrations; every test
runs inside a transaction that is rolled back.

Set SNF_TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to
run the suite on PostgreSQL; otherwise it runs on an SQLite file.
"""

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from snf import create_app
from snf.config import TestConfig
from snf.extensions import db, limiter

PG_URL = os.environ.get("SNF_TEST_DATABASE_URL")
TEXT_LANGUAGES = ("nl", "en")


def pytest_addoption(parser):
    parser.addoption(
        "--lang",
        action="append",
        choices=TEXT_LANGUAGES,
        help="the language(s) the tests that read texts run in (the tests that "
        "take a `lang` argument); default: Dutch and English",
    )


def _parametrized(metafunc, name: str) -> bool:
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0]
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",")]
        if name in names:
            return True
    return False


def pytest_generate_tests(metafunc):
    """Every test that takes ``lang`` (and does not choose its languages
    itself) runs once per language of ``--lang``: Dutch, the default of the
    app, and English."""
    if "lang" in metafunc.fixturenames and not _parametrized(metafunc, "lang"):
        languages = metafunc.config.getoption("lang") or TEXT_LANGUAGES
        metafunc.parametrize("lang", sorted(set(languages), key=TEXT_LANGUAGES.index))


class _ConnectionBoundSession(FlaskSession):
    """Flask-SQLAlchemy picks the app's engine by itself; in tests every
    statement must go through the connection that holds the test transaction."""

    def get_bind(self, *args, **kwargs):
        return self.bind


class _FreshContextClient(FlaskClient):
    """Each request in its own app context (fresh ``g`` and db session), as in
    production; Flask would otherwise reuse the test's app context."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """Still argon2id, with the smallest cost: the suite hashes hundreds."""
    from argon2 import PasswordHasher

    from snf.auth import services

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    original = services._hasher, services._DUMMY_HASH
    services._hasher = cheap
    services._DUMMY_HASH = cheap.hash("not-a-real-password-for-timing")
    yield
    services._hasher, services._DUMMY_HASH = original


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """SQLite in a temporary file, or a database of this run's own next to
    SNF_TEST_DATABASE_URL (so that runs in parallel never share a schema);
    without the right to create databases, the given database is reset."""
    if not PG_URL:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
        return
    try:
        url, drop = _postgres_database("test")
    except DBAPIError:
        _reset_postgres(PG_URL)
        url, drop = PG_URL, (lambda: None)
    yield url
    drop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SNF_STORAGE_PATH = str(tmp_path_factory.mktemp("storage"))
        SNF_KEYS_PATH = str(tmp_path_factory.mktemp("keys"))

    cached = _copy_schema_cache(database_url)
    app = create_app(Config)
    app.test_client_class = _FreshContextClient
    if not cached:
        with app.app_context():
            upgrade()
            _load_reference_data()
        _fill_schema_cache(database_url)
    yield app
    with app.app_context():
        db.engine.dispose()


def _schema_cache(database_url: str) -> tuple[Path, Path] | None:
    """SNF_TEST_SCHEMA_CACHE names an SQLite file holding the migrated schema
    and reference data of a first session, copied by the sessions after it.
    Only tools/mutate.py sets it: mutmut starts a pytest session per mutant,
    and building the schema costs more than most modules' tests. The schema
    never depends on a mutated module there (the driver starts a new cache
    per run, built by the unmutated clean run)."""
    cache = os.environ.get("SNF_TEST_SCHEMA_CACHE")
    if not cache or not database_url.startswith("sqlite:///"):
        return None
    return Path(cache), Path(database_url.removeprefix("sqlite:///"))


def _copy_schema_cache(database_url: str) -> bool:
    paths = _schema_cache(database_url)
    if paths is None or not paths[0].exists():
        return False
    shutil.copyfile(*paths)
    return True


def _fill_schema_cache(database_url: str) -> None:
    paths = _schema_cache(database_url)
    if paths is None:
        return
    cache, database = paths
    partial = cache.with_suffix(f".{os.getpid()}.tmp")
    with sqlite3.connect(database) as source, sqlite3.connect(partial) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    partial.replace(cache)  # whole or not at all, for a session reading it


def _load_reference_data():
    """The shipped norm versions are reference data, like the schema: loaded
    and committed once; tests change them only inside their transaction."""
    from snf.database import utcnow
    from snf.norms import services as norms

    norms.load_shipped(None, now=utcnow())
    db.session.commit()
    db.session.remove()


@pytest.fixture(autouse=True)
def _fresh_login_failures(app):
    """Failed log-ins count per account for an hour (snf.auth.throttle); tests
    that reuse an address must not inherit each other's failures."""
    yield
    app.extensions["snf_login_failures"].reset()


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Each test in a transaction that is rolled back at the end."""
    if "no_db" in request.keywords:
        yield
        return
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                "bind": connection,
                "class_": _ConnectionBoundSession,
                "join_transaction_mode": "create_savepoint",
            }
        )
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """An app on its own database where requests really commit, for tests of
    concurrency between requests (mark them ``no_db``). On PostgreSQL a fresh
    database is created next to the test database and dropped afterwards."""
    url, drop = _fresh_database(tmp_path_factory)

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        SNF_STORAGE_PATH = str(tmp_path_factory.mktemp("live-storage"))
        SNF_KEYS_PATH = str(tmp_path_factory.mktemp("live-keys"))

    live = create_app(Config)
    live.test_client_class = _FreshContextClient
    with live.app_context():
        upgrade()
        _load_reference_data()
    yield live
    with live.app_context():
        db.engine.dispose()
    drop()


def _fresh_database(tmp_path_factory):
    if not PG_URL:
        path = tmp_path_factory.mktemp("live") / "live.db"
        return "sqlite:///" + str(path), lambda: None
    return _postgres_database("live")


def _postgres_database(label: str):
    """A new, empty database on the test server; returns (url, drop)."""
    name = f"snf_{label}_{os.getpid()}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return PG_URL.rsplit("/", 1)[0] + "/" + name, drop


@pytest.fixture
def client(app, request):
    """A browser and an API caller; a test that takes ``lang`` gets one that
    speaks it (the language cookie for pages, Accept-Language for the API)."""
    client = app.test_client()
    if "lang" in request.fixturenames:
        lang = request.getfixturevalue("lang")
        client.set_cookie("snf_lang", lang)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    return client


@pytest.fixture
def rate_limited(app):
    """Makes apps with rate limiting on and the given limits, on the test database.

    The limiter is one object for every app of this process: it is switched
    off and emptied again afterwards, for the apps of the other tests.
    """
    made = []

    def make(**limits):
        settings = {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SNF_KEYS_PATH": app.config["SNF_KEYS_PATH"],
            "SNF_STORAGE_PATH": app.config["SNF_STORAGE_PATH"],
            **limits,
        }
        limited = create_app(type("Limited", (TestConfig,), settings))
        limited.test_client_class = type(app.test_client())
        limiter.reset()
        made.append(limited)
        return limited

    try:
        yield make
    finally:
        limiter.enabled = False
        limiter.reset()
        for limited in made:
            with limited.app_context():
                db.engine.dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def is_postgres(app):
    return db.engine.dialect.name == "postgresql"


# No quiet skips (tests/skip_policy.py): hooks collected from this module.
from tests.skip_policy import (  # noqa: E402
    pytest_runtest_logreport,  # noqa: F401
    pytest_sessionfinish,  # noqa: F401
    pytest_terminal_summary,  # noqa: F401
)
