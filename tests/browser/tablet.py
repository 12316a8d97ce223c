"""What the browser tests do on the tablet's pages, in one place (Playwright
is imported lazily: without it the folder is skipped, not broken)."""

import io
import re
import time

from PIL import Image

from snf.errors import DomainError

INSPECTOR = "inspecteur@keurmerk.example"
OTHER_INSPECTOR = "inspecteur@noordkeuring.example"


class Unavailable(DomainError):
    status = 503


def unavailable(*args, **kwargs):
    """Monkeypatch a service with this: the server refuses, in JSON. (Not
    page.route: a routed request can keep the service worker busy for good,
    so that a new version never activates.)"""
    raise Unavailable("Down for maintenance.")


def wait_until(page, expression: str, timeout: float = 10.0):
    """Poll ``expression`` in the page until it is truthy. The pages' CSP
    forbids eval, which page.wait_for_function needs; page.evaluate does not."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(100)


def jpeg(colour=(30, 120, 200)) -> dict:
    """A photo as page.set_input_files takes it."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def log_out(page):
    """Log out through the header's button, as a person does (a cleared cookie
    jar can get a session back from a background request still running)."""
    page.click("form[action='/logout'] button")
    page.wait_for_url(re.compile(r"/login"))


def open_list(page, base_url):
    """The inspector's list, once the service worker controls it. A page
    whose navigation began while the worker was still installing is not
    claimed by it (a Chromium race); the next load of it is controlled."""
    page.goto(base_url + "/inspections")
    controlled = "navigator.serviceWorker.controller !== null"
    try:
        wait_until(page, controlled, timeout=3)
    except AssertionError:
        page.reload()
        wait_until(page, controlled)


def wait_kept(page, inspection_id):
    from playwright.sync_api import expect

    row = page.locator(f'[data-inspection="{inspection_id}"]')
    expect(row.locator(".offline-state")).to_have_class(re.compile("status-pass"))


def open_checklist(page, inspection_id, start=True):
    """From the list, as an inspector does; a planned inspection is started
    with its Start button (start=False leaves it planned)."""
    page.click(f'a.tile[href="/inspections/{inspection_id}"]')
    page.wait_for_selector("#checklist")
    if start and page.locator("#start-panel").is_visible():
        page.click("#start")
        page.wait_for_selector("#obs-form:not([hidden])")
    wait_until(page, "window.SNFRules && window.SNFRules.ready")


def submit_checklist(page, unanswered=None):
    """Submit inspection, then the review: with unanswered requirements the
    inspector ticks the confirmation first. ``unanswered``: the count the
    review must show (None: any)."""
    page.click("#submit")
    review = page.locator("#review")
    review.wait_for(state="visible")
    count = int(review.get_attribute("data-unanswered"))
    if unanswered is not None:
        assert count == unanswered, f"review shows {count} unanswered"
    if count:
        page.check("#review-confirm")
    page.click("#review-submit")


def result(page, code):
    return page.locator(f'[data-result="{code}"]')


def wait_saved(page):
    wait_until(
        page, "!document.getElementById('save-status').classList.contains('dirty')"
    )


def local_data(page) -> dict:
    """This tablet's IndexedDB databases and caches, by name."""
    return page.evaluate(
        """async () => ({
          databases: (await indexedDB.databases()).map(d => d.name),
          caches: await caches.keys(),
        })"""
    )
