"""The checklist on a tablet that loses its connection: nothing typed is lost,
the queue goes out in order once the connection is back, and the server holds
the inspection exactly once, with every observation and the photo."""

import json
import re

import pytest
from sqlalchemy import func, select

from snf.audit import AuditEntry
from snf.extensions import db
from snf.idempotency import IdempotencyRecord
from snf.inspections.models import Attachment, Inspection
from tests.browser.tablet import (
    jpeg,
    open_checklist,
    open_list,
    result,
    submit_checklist,
    wait_kept,
    wait_saved,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect


PORTAL = "<html><body><h1>Welkom op het gastnetwerk</h1></body></html>"


def test_offline_checklist_is_sent_once_when_back_online(
    context, page, base_url, log_in, plan, in_db, shoot
):
    inspection_id = plan()
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)
    shoot(page, "0-list")
    open_checklist(page, inspection_id)
    expect(page.locator("#offline-state")).to_be_visible()
    shoot(page, "1-online")

    # Live results: a measurable requirement turns fail, then pass.
    page.fill("#obs-occupants", "6")
    page.fill("#obs-living_area_m2", "60")
    expect(result(page, "B-2.1").locator(".status")).to_have_class(
        re.compile("status-fail")
    )
    expect(result(page, "B-2.1").locator(".why")).to_contain_text("10")
    page.fill("#obs-living_area_m2", "96")
    expect(result(page, "B-2.1").locator(".status")).to_have_class(
        re.compile("status-pass")
    )
    expect(result(page, "B-2.1").locator(".why")).to_contain_text("16")
    wait_saved(page)
    shoot(page, "2-live-result")

    context.set_offline(True)
    expect(page.locator("#net-status")).to_have_class(re.compile("offline"))
    page.fill("#obs-toilets", "1")
    page.fill("#obs-showers", "1")
    req = page.locator("#req-B-2\\.1")
    req.locator("details.extras > summary").click()
    req.locator("textarea").fill("Woonkamer nagemeten met laser.")
    page.set_input_files('.photo-input[data-req="B-2.1"]', files=[jpeg()])
    expect(req.locator(".thumbs img.queued")).to_have_count(1)
    submit_checklist(page)
    outbox = page.locator("#outbox")
    expect(outbox.locator(".outbox-item")).to_have_count(2)
    expect(page.locator("[data-outbox-count]")).to_be_visible()
    shoot(page, "3-offline-submitted", full_page=False)
    outbox.scroll_into_view_if_needed()
    shoot(page, "3b-offline-queue")

    # A reload while offline brings everything back from the tablet.
    page.reload()
    page.wait_for_selector("#checklist")
    expect(page.locator("#obs-occupants")).to_have_value("6")
    expect(page.locator("#obs-living_area_m2")).to_have_value("96")
    expect(page.locator("#obs-toilets")).to_have_value("1")
    expect(req.locator("textarea")).to_have_value("Woonkamer nagemeten met laser.")
    expect(req.locator(".thumbs img.queued")).to_have_count(1)
    expect(outbox.locator(".outbox-item")).to_have_count(2)
    expect(page.locator("#submit")).to_be_disabled()
    expect(result(page, "B-2.1").locator(".status")).to_have_class(
        re.compile("status-pass")
    )
    shoot(page, "4-offline-reloaded")

    # Back online through a bad network: the photo's first answer is lost
    # (the server stored it), the submission first meets a captive portal's
    # "200 OK" web page, then loses its answer too. Retried with the same
    # client_id and Idempotency-Key, nothing is stored twice.
    trouble = {"photos": ["lost"], "submit": ["portal", "lost"]}

    def bad_network(route):
        left = trouble["photos" if "/photos" in route.request.url else "submit"]
        if route.request.method != "POST" or not left:
            route.continue_()
        elif left.pop(0) == "portal":
            route.fulfill(status=200, content_type="text/html", body=PORTAL)
        else:
            route.fetch()
            route.abort()

    page.route(re.compile(r".*/(photos\?.*|submit)$"), bad_network)
    context.set_offline(False)
    page.wait_for_selector("#checklist", state="detached", timeout=20_000)
    expect(page.locator(".facts")).to_be_visible()
    assert trouble == {"photos": [], "submit": []}
    shoot(page, "5-sent")

    def facts():
        inspection = db.session.get(Inspection, inspection_id)
        photos = db.session.scalars(
            select(Attachment).where(Attachment.inspection_id == inspection_id)
        ).all()
        submits = db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.action == "inspection.submit",
                AuditEntry.object_id == str(inspection_id),
            )
        )
        keys = [
            record.key
            for record in db.session.scalars(select(IdempotencyRecord))
            if record.body and json.loads(record.body).get("id") == inspection_id
        ]
        return inspection.status, dict(inspection.observations), photos, submits, keys

    status, observations, photos, submits, keys = in_db(facts)
    assert status == "submitted"
    assert submits == 1
    assert observations["occupants"] == 6
    assert observations["living_area_m2"] == 96
    assert observations["toilets"] == 1
    assert observations["showers"] == 1
    assert observations["notes"] == {"B-2.1": "Woonkamer nagemeten met laser."}
    assert [p.requirement_code for p in photos] == ["B-2.1"]
    assert len(keys) == 1


def test_an_inspection_further_ahead_is_kept_when_marked(
    context, page, base_url, log_in, plan, in_db, shoot
):
    inspection_id = plan("3253 LN", 3, days=10)
    log_in(page)
    open_list(page, base_url)
    row = page.locator(f'[data-inspection="{inspection_id}"]')
    expect(row.locator(".offline-state")).to_have_class(re.compile("not_applicable"))
    toggle = row.locator(".offline-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    wait_kept(page, inspection_id)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    row.scroll_into_view_if_needed()
    shoot(page, "marked")

    context.set_offline(True)
    open_checklist(page, inspection_id, start=False)
    expect(page.locator("#checklist")).to_have_attribute("data-id", str(inspection_id))
    expect(page.locator("#start")).to_be_visible()
    context.set_offline(False)
    status = in_db(lambda: db.session.get(Inspection, inspection_id).status)
    assert status == "planned"  # kept, not started
