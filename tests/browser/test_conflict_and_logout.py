"""A draft changed elsewhere while the tablet holds unsent changes is shown to
the inspector with both versions, never overwritten; logging out of a shared
tablet leaves nothing of the first user for the next one."""

import contextlib
import json
import re
import urllib.request

import pytest

from snf.extensions import db
from snf.inspections import photos, services
from snf.inspections.models import Inspection
from tests.browser.tablet import (
    INSPECTOR,
    OTHER_INSPECTOR,
    jpeg,
    local_data,
    open_checklist,
    open_list,
    submit_checklist,
    unavailable,
    wait_kept,
    wait_saved,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
sync_api = pytest.importorskip("playwright.sync_api")
expect, PlaywrightError = sync_api.expect, sync_api.Error


def api(base_url, method, path, body=None, headers=None):
    """Another session: a bearer token, no browser."""
    request = urllib.request.Request(  # noqa: S310 (our own test server)
        base_url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return json.loads(response.read()), response.headers


def other_session_changes(base_url, password, inspection_id, **changes):
    token, _ = api(
        base_url,
        "POST",
        "/api/v1/auth/tokens",
        {"email": INSPECTOR, "password": password},
    )
    auth = {"Authorization": "Bearer " + token["token"]}
    path = f"/api/v1/inspections/{inspection_id}"
    current, headers = api(base_url, "GET", path, headers=auth)
    observations = {**current["observations"], **changes}
    api(
        base_url,
        "PUT",
        path + "/observations",
        {"observations": observations},
        {**auth, "If-Match": headers["ETag"]},
    )


def observations_of(in_db, inspection_id):
    def read():
        inspection = db.session.get(Inspection, inspection_id)
        return inspection.status, dict(inspection.observations or {})

    return in_db(read)


def test_a_conflict_is_shown_with_both_versions_not_overwritten(
    context, page, base_url, live, log_in, plan, in_db, shoot
):
    inspection_id = plan("3253 LN", 3)
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)
    open_checklist(page, inspection_id)
    page.fill("#obs-occupants", "8")
    wait_saved(page)

    context.set_offline(True)
    page.fill("#obs-living_area_m2", "90")
    submit_checklist(page)
    expect(page.locator("#outbox .outbox-item")).to_have_count(1)
    # Meanwhile someone changes the draft on the server.
    other_session_changes(
        base_url, live.config["DEMO_PASSWORD"], inspection_id, living_area_m2=70.0
    )

    context.set_offline(False)
    conflict = page.locator("#conflict")
    expect(conflict).to_be_visible(timeout=10_000)
    row = conflict.locator("tr", has_text="living_area_m2")
    expect(row.locator("td").nth(1)).to_have_text("90")
    expect(row.locator("td").nth(2)).to_have_text("70")
    expect(page.locator("#outbox .outbox-conflict")).to_have_count(1)
    shoot(page, "1-conflict")
    status, observations = observations_of(in_db, inspection_id)
    assert status == "in_progress"
    assert observations["living_area_m2"] == 70

    # The inspector keeps this tablet's version: now it is sent and submitted.
    page.click("#keep-mine")
    page.wait_for_selector("#checklist", state="detached", timeout=10_000)
    status, observations = observations_of(in_db, inspection_id)
    assert status == "submitted"
    assert observations["living_area_m2"] == 90
    assert observations["occupants"] == 8
    shoot(page, "2-kept-mine")


def journals(page):
    """The drafts this tab keeps in its session storage (written at once)."""
    return page.evaluate(
        "Object.keys(sessionStorage).filter(k => k.startsWith('snf-journal:'))"
    )


def test_logout_on_a_shared_tablet_leaves_nothing_for_the_next_user(
    context, page, base_url, log_in, plan, in_db, shoot, monkeypatch
):
    # Tomorrow's inspection is kept for offline use without being started.
    inspection_id = plan("2681 LP", 40, days=1)
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)
    assert observations_of(in_db, inspection_id)[0] == "planned"
    first_user = page.evaluate("window.SNFOffline.user")

    # Opened offline from the tablet's copy; the work cannot be sent yet.
    context.set_offline(True)
    open_checklist(page, inspection_id)
    page.fill("#obs-occupants", "7")
    page.set_input_files(".photo-input >> nth=0", files=[jpeg()])
    expect(page.locator("#outbox .outbox-item")).to_have_count(2)
    shoot(page, "1-unsent")
    # Back online, but the server refuses drafts and photos for now.
    monkeypatch.setattr(services, "save_observations", unavailable)
    monkeypatch.setattr(photos, "add_photo", unavailable)
    context.set_offline(False)
    page.goto(base_url + "/inspections")
    page.wait_for_selector("form[data-offline][data-ready='1']", state="attached")

    # Logging out warns about what was not sent; cancelling keeps everything.
    warnings = []

    def answer(dialog, accept):
        warnings.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.click("form[data-offline] button")
    # The warning comes once the tablet has read its queue (IndexedDB): wait
    # for the dialog itself, not for the list already on the page.
    for _ in range(100):
        if warnings:
            break
        page.wait_for_timeout(100)
    assert "(2)" in warnings[0] and "Zwartendijk 40" in warnings[0]
    wait_until(page, "document.querySelectorAll('#outbox .outbox-item').length > 0")
    assert f"snf-u{first_user}" in local_data(page)["databases"]
    assert journals(page) == [f"snf-journal:{first_user}:{inspection_id}"]

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.click("form[data-offline] button")
    page.wait_for_url(re.compile(r"/login"))
    shoot(page, "2-logged-out")
    left = local_data(page)
    assert f"snf-u{first_user}" not in left["databases"]
    assert not [c for c in left["caches"] if c.endswith(f"-u{first_user}")]
    assert journals(page) == []

    # The next inspector on this tablet finds nothing of the first.
    log_in(page, OTHER_INSPECTOR)
    open_list(page, base_url)
    second_user = page.evaluate("window.SNFOffline.user")
    assert second_user != first_user
    left = local_data(page)
    assert [d for d in left["databases"] if d.startswith("snf-u")] in (
        [],
        [f"snf-u{second_user}"],
    )
    assert not [c for c in left["caches"] if c.endswith(f"-u{first_user}")]
    queued = page.evaluate(
        """async () => (await SNFOffline.outbox.all()).length
                      + (await SNFOffline.drafts.all()).length"""
    )
    assert queued == 0
    shoot(page, "3-next-user")
    # Offline, the first user's checklist is not there for the second.
    context.set_offline(True)
    with contextlib.suppress(PlaywrightError):  # the browser's own offline page
        page.goto(f"{base_url}/inspections/{inspection_id}")
    expect(page.locator("#checklist")).to_have_count(0)
    context.set_offline(False)
    assert observations_of(in_db, inspection_id)[0] == "planned"


def test_log_out_pressed_before_the_page_was_ready_still_asks_about_unsent_work(
    context, page, base_url, log_in, plan, in_db, monkeypatch
):
    inspection_id = plan("2681 LP", 40, days=1)
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)
    user = page.evaluate("window.SNFOffline.user")
    context.set_offline(True)
    open_checklist(page, inspection_id)
    page.fill("#obs-occupants", "7")
    expect(page.locator("#outbox .outbox-item")).to_have_count(1)
    monkeypatch.setattr(services, "save_observations", unavailable)
    context.set_offline(False)
    page.goto(base_url + "/inspections")
    page.wait_for_selector("form[data-offline][data-ready='1']", state="attached")

    # The form is sent as if the button were pressed before offline.js ran:
    # the server answers the check page instead of logging out.
    warnings = []
    page.once(
        "dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss())
    )
    page.evaluate("document.querySelector('form[data-offline]').submit()")
    page.wait_for_selector("[data-logout-check]")
    for _tick in range(100):
        if warnings:
            break
        page.wait_for_timeout(100)
    assert warnings and "(1)" in warnings[0] and "Zwartendijk 40" in warnings[0]
    assert f"snf-u{user}" in local_data(page)["databases"]  # nothing removed
    page.goto(base_url + "/inspections")
    assert "/login" not in page.url  # still logged in

    # Agreeing logs out and clears the tablet, as the button does.
    page.wait_for_selector("form[data-offline][data-ready='1']", state="attached")
    page.once("dialog", lambda dialog: dialog.accept())
    page.evaluate("document.querySelector('form[data-offline]').submit()")
    page.wait_for_url(re.compile(r"/login"))
    assert f"snf-u{user}" not in local_data(page)["databases"]
