"""A day without a connection: the day's list and its checklists open offline
once the list was opened online that day, and an inspection done offline
keeps the day it was done on the tablet, whenever it reaches the server."""

import re
from datetime import datetime, time, timedelta

import pytest

from snf.database import local_today
from snf.extensions import db
from snf.inspections.models import Inspection
from tests.browser.tablet import (
    INSPECTOR,
    open_checklist,
    open_list,
    result,
    submit_checklist,
    wait_kept,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect


def test_the_days_list_and_its_checklists_open_offline(
    context, page, base_url, log_in, plan, shoot
):
    inspection_id = plan("3253 LN", 3)
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)

    context.set_offline(True)
    page.goto(base_url + "/inspections")
    expect(page.locator("h1")).to_have_text("Mijn inspecties")
    expect(page.locator("[data-net-status]")).to_have_text(
        "offline – bewaard op deze tablet"
    )
    tile = page.locator(f'[data-inspection="{inspection_id}"]')
    expect(tile).to_contain_text("Duinweg 3")
    expect(tile).to_contain_text("Westland Flex Huisvesting BV")
    expect(tile).to_contain_text("vakantiepark")
    expect(tile).to_contain_text("8 bedden")
    expect(tile.locator(".offline-state")).to_have_text("offline beschikbaar")
    shoot(page, "offline-list")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "offline-list-phone")
    page.set_viewport_size({"width": 768, "height": 1024})

    expect(page.locator("#list-day")).to_be_hidden()

    # From the list opened offline, into a checklist kept on the tablet.
    open_checklist(page, inspection_id, start=False)
    expect(page.locator("#start")).to_be_visible()
    page.go_back()
    expect(page.locator("h1")).to_have_text("Mijn inspecties")

    # The next morning, still offline: the list says it is yesterday's.
    tomorrow = local_today() + timedelta(days=1)
    page.clock.set_fixed_time(datetime.combine(tomorrow, time(8, 0)))
    page.reload()
    expect(page.locator("#list-day")).to_be_visible()
    expect(page.locator("#list-day")).to_contain_text(local_today().isoformat())
    shoot(page, "yesterdays-list")
    context.set_offline(False)


def test_an_inspection_done_offline_keeps_the_day_it_was_done(
    context, page, base_url, log_in, plan, in_db, monkeypatch, shoot
):
    inspection_id = plan()
    today = local_today()
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)

    context.set_offline(True)
    open_checklist(page, inspection_id, start=False)
    expect(page.locator("#start-panel")).to_be_visible()
    expect(page.locator("#obs-form")).to_be_hidden()
    page.click("#start")
    expect(page.locator("#start-panel")).to_be_hidden()
    expect(page.locator("#inspected-on")).to_have_text(today.isoformat())
    page.fill("#obs-occupants", "6")
    page.fill("#obs-living_area_m2", "96")
    expect(result(page, "B-2.1").locator(".status")).to_have_class(
        re.compile("status-pass")
    )
    # A reload without a connection: still started, still the same day.
    page.reload()
    page.wait_for_selector("#checklist")
    expect(page.locator("#obs-form")).to_be_visible()
    expect(page.locator("#obs-occupants")).to_have_value("6")
    submit_checklist(page)
    expect(page.locator("#submit-status")).to_contain_text(
        "verstuurd zodra er weer verbinding is"
    )
    shoot(page, "queued-offline")

    # The connection comes back the next day.
    tomorrow = today + timedelta(days=1)
    for module in ("snf.inspections.api", "snf.inspections.inspection_views"):
        monkeypatch.setattr(f"{module}.local_today", lambda: tomorrow)
    context.set_offline(False)
    page.wait_for_selector("#checklist", state="detached", timeout=20_000)
    wait_until(page, "document.querySelector('.facts') !== null")

    def facts():
        inspection = db.session.get(Inspection, inspection_id)
        return inspection.status, inspection.inspected_on, inspection.observations

    status, inspected_on, observations = in_db(facts)
    assert status == "submitted"
    assert inspected_on == today
    assert observations["occupants"] == 6
    expect(page.locator(".facts")).to_contain_text(today.isoformat())


def test_the_list_is_kept_when_the_day_starts_at_a_checklist(
    context, page, base_url, live, plan
):
    """Straight from a link into a checklist (never via the list): the day's
    list is kept as well, not only the checklist that was opened."""
    inspection_id = plan("3253 LN", 3)
    # The login form sends the inspector on to the checklist (?next=).
    page.goto(f"{base_url}/login?next=/inspections/{inspection_id}")
    page.fill("input[name=email]", INSPECTOR)
    page.fill("input[name=password]", live.config["DEMO_PASSWORD"])
    page.click("main form button[type=submit]")
    page.wait_for_selector("#checklist")
    expect(page.locator("#offline-state")).to_be_visible(timeout=15_000)
    page.reload()  # now under the worker, which keeps what it is asked for
    page.wait_for_selector("#checklist")
    wait_until(
        page,
        """caches.keys().then(names => Promise.all(names.filter(n =>
             n.startsWith('snf-pages-')).map(n => caches.open(n)
             .then(c => c.match('/inspections'))))).then(hits => hits.some(Boolean))""",
        timeout=15,
    )
    context.set_offline(True)
    page.goto(base_url + "/inspections")
    expect(page.locator("h1")).to_have_text("Mijn inspecties")
    expect(page.locator(f'[data-inspection="{inspection_id}"]')).to_contain_text(
        "Duinweg 3"
    )
    context.set_offline(False)
