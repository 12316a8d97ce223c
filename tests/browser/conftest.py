"""Browser tests: the real app in a thread, on its own SQLite database built as
an install builds it (migrations, ``norms load``, ``demo``), driven by headless
Chromium through Playwright at the tablet's 768x1024.

The whole folder is skipped when Chromium or Playwright is missing, so that a
newcomer's ``make test`` passes; ``.ci/run`` installs Chromium, so CI runs it.
Mark test modules ``pytestmark = [pytest.mark.browser, pytest.mark.no_db]``:
requests here really commit, outside the per-test transaction.
"""

import logging
import os
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from snf import create_app
from snf.config import TestConfig
from snf.extensions import db
from tests.browser.tablet import INSPECTOR

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TABLET = {"width": 768, "height": 1024}


def _chromium() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _why_skip() -> str | None:
    if os.environ.get("SNF_TEST_DATABASE_URL"):
        # They build their own SQLite database whatever the suite runs on:
        # CI's PostgreSQL pass would only repeat the SQLite pass.
        return "they ran in the SQLite pass (own database, not PostgreSQL's)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed"
    if _chromium() is None:
        return "Chromium is missing (apt-get install chromium); .ci/run installs it"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _why_skip()
    ours = [item for item in items if HERE in Path(str(item.path)).parents]
    if reason is None or not ours:
        return
    required = os.environ.get("SNF_REQUIRE_BROWSER")
    if required and not os.environ.get("SNF_TEST_DATABASE_URL"):
        # CI (.ci/run) must never skip them for want of a browser.
        raise pytest.UsageError(f"SNF_REQUIRE_BROWSER is set, but {reason}")
    marker = pytest.mark.skip(reason=f"browser tests skipped: {reason}")
    for item in ours:
        item.add_marker(marker)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app serving for real on a free port; yields (base_url, app)."""
    folder = tmp_path_factory.mktemp("browser")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + str(folder / "app.db")
        SNF_STORAGE_PATH = str(folder / "storage")
        SNF_KEYS_PATH = str(folder / "keys")
        WTF_CSRF_ENABLED = True  # the pages send their token, as in production
        BABEL_DEFAULT_LOCALE = "nl"  # what an inspector sees
        SNF_JOBS_IN_THREAD = True  # as in production without Redis

    app = create_app(Config)
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
        for command in (["norms", "load"], ["demo", "--scale", "0"]):
            result = runner.invoke(args=command)
            assert result.exit_code == 0, result.output
        db.session.remove()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}", app
    http.shutdown()
    thread.join()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(server):
    return server[0]


@pytest.fixture(scope="session")
def live(server):
    return server[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=_chromium(), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh tablet: its own storage, service workers and cookies."""
    tablet = browser.new_context(
        viewport=TABLET, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    tablet.set_default_timeout(10_000)
    yield tablet
    tablet.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def shoot(request):
    """shoot(page, "name") saves build/screenshots/<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = False) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def log_in(base_url, live):
    """log_in(page, email): through the login form, as a person does."""

    def go(page, email: str = INSPECTOR) -> None:
        page.goto(base_url + "/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", live.config["DEMO_PASSWORD"])
        page.click("main form button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)

    return go


@pytest.fixture
def plan(live):
    """plan(postcode, number, days=0, email=INSPECTOR) -> id: a fresh inspection
    of a demo location for the demo inspector, so tests share no state."""
    from datetime import timedelta

    from snf.auth import services as auth
    from snf.database import local_today, utcnow
    from snf.inspections import locations, services

    def make(postcode="2671 CK", number=12, days=0, email=INSPECTOR) -> int:
        with live.app_context():
            location = locations.find_by_address(postcode, number)
            inspection = services.schedule_inspection(
                None,
                company=location.company,
                location=location,
                kind="periodic",
                announced=True,
                scheduled_for=local_today() + timedelta(days=days),
                inspector=auth.find_user_by_email(email),
                now=utcnow(),
            )
            db.session.commit()
            return inspection.id

    return make


@pytest.fixture
def in_db(live):
    """in_db(fn): fn() inside the live app's context, on its committed data."""

    def run(fn):
        with live.app_context():
            try:
                return fn()
            finally:
                db.session.remove()

    return run
