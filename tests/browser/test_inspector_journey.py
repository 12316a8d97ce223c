"""The inspector's row of the README's "Try it" table, as the inspector walks
it on the tablet (768x1024): today's inspections at Naaldwijk and Ouddorp with
what to know before arriving; start, fill in the checklist and watch
requirements turn pass or fail; add a photo; review and submit."""

import re

import pytest
from sqlalchemy import select

from snf.auth import services as auth
from snf.database import local_today
from snf.extensions import db
from snf.inspections.models import Attachment, Inspection, Location
from tests.browser.tablet import (
    INSPECTOR,
    jpeg,
    open_list,
    result,
    wait_saved,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect


def demo_inspection(in_db, postcode: str) -> int:
    """The demo's inspection of today at that location (planned by `demo`)."""

    def find():
        inspector = auth.find_user_by_email(INSPECTOR)
        return db.session.scalar(
            select(Inspection.id)
            .join(Location, Inspection.location_id == Location.id)
            .where(
                Location.postcode == postcode.replace(" ", ""),
                Inspection.inspector_id == inspector.id,
                Inspection.scheduled_for == local_today(),
                Inspection.status == "planned",
            )
            .order_by(Inspection.id)
        )

    found = in_db(find)
    assert found, f"no demo inspection today at {postcode}"
    return found


def status_of(page, code):
    return result(page, code).locator(".status")


def test_the_inspectors_day_from_the_readme(page, base_url, log_in, in_db, shoot):
    naaldwijk = demo_inspection(in_db, "2671 CK")
    ouddorp = demo_inspection(in_db, "3253 LN")
    log_in(page)
    open_list(page, base_url)

    # Today's list: where, for whom, what kind of housing, and what is still open.
    today = page.locator("#offline-list h2", has_text="Vandaag")
    expect(today).to_be_visible()
    tile = page.locator(f'[data-inspection="{naaldwijk}"]')
    expect(tile).to_contain_text("Havenstraat 12")
    expect(tile).to_contain_text("Westland Flex Huisvesting BV")
    expect(tile).to_contain_text("reguliere woning · 6 bedden")
    expect(page.locator(f'[data-inspection="{ouddorp}"]')).to_contain_text(
        "vakantiepark · 8 bedden"
    )
    monster = page.locator(".offline-item", has_text="Zwartendijk 40").first
    expect(monster.locator(".open-findings")).to_contain_text(
        "openstaande tekortkomingen hier"
    )
    shoot(page, "1-list")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "1-list-phone")
    page.set_viewport_size({"width": 768, "height": 1024})

    # Opening it shows what will be asked; nothing starts until Start.
    page.click(f'a.tile[href="/inspections/{naaldwijk}"]')
    expect(page.locator("#start-panel")).to_be_visible()
    expect(page.locator("#verdict")).to_have_text("nog niet beoordeeld")
    shoot(page, "2-not-started")
    assert in_db(lambda: db.session.get(Inspection, naaldwijk).status) == "planned"
    page.click("#start")
    page.wait_for_selector("#obs-form:not([hidden])")
    wait_until(page, "window.SNFRules && window.SNFRules.ready")
    assert in_db(lambda: db.session.get(Inspection, naaldwijk).status) == (
        "in_progress"
    )
    expect(page.locator("#obs-housing_type")).to_have_value("regular_dwelling")

    # Requirements turn pass or fail while typing.
    page.fill("#obs-occupants", "6")
    page.fill("#obs-beds", "6")
    page.fill("#obs-living_area_m2", "60")
    expect(status_of(page, "B-2.1")).to_have_class(re.compile("status-fail"))
    expect(status_of(page, "B-2.1")).to_have_text("voldoet niet")
    page.fill("#obs-living_area_m2", "96")
    expect(status_of(page, "B-2.1")).to_have_class(re.compile("status-pass"))
    page.fill("#obs-toilets", "1")
    expect(status_of(page, "B-3.1")).to_have_class(re.compile("status-pass"))
    page.fill("#obs-occupants", "9")
    expect(status_of(page, "B-3.1")).to_have_class(re.compile("status-fail"))
    page.fill("#obs-occupants", "6")
    expect(status_of(page, "B-3.1")).to_have_class(re.compile("status-pass"))
    page.fill("#obs-bedrooms-0-area_m2", "9")
    page.fill("#obs-bedrooms-0-persons", "2")
    expect(status_of(page, "B-2.5")).to_have_class(re.compile("status-pass"))
    page.fill("#obs-bedrooms-0-bunk_beds", "1")
    expect(status_of(page, "B-1.4")).to_have_class(re.compile("status-fail"))
    page.fill("#obs-bedrooms-0-bunk_beds", "0")
    expect(status_of(page, "B-1.4")).to_have_class(re.compile("status-pass"))
    expect(page.locator("#verdict")).to_have_text("nog niet beoordeeld")
    wait_saved(page)
    page.locator("#req-B-2\\.1").scroll_into_view_if_needed()
    shoot(page, "3-live-results")

    # A photo with the requirement.
    req = page.locator("#req-B-2\\.1")
    req.locator("details.extras > summary").click()
    page.set_input_files('.photo-input[data-req="B-2.1"]', files=[jpeg()])
    expect(req.locator(".thumbs img")).to_have_count(1)
    expect(req.locator(".thumbs img.queued")).to_have_count(0, timeout=15_000)

    # Submit: the review names what is not answered; the inspector confirms.
    page.click("#submit")
    review = page.locator("#review")
    expect(review).to_be_visible()
    expect(review.locator("h2")).to_have_text(re.compile(r"\d+ eisen zijn niet"))
    count = int(review.get_attribute("data-unanswered"))
    expect(review.locator(".review-jump")).to_have_count(count)
    shoot(page, "4-review")
    page.check("#review-confirm")
    page.click("#review-submit")
    page.wait_for_selector("#checklist", state="detached", timeout=20_000)
    expect(page.locator(".facts")).to_contain_text("ingediend")
    expect(page.locator(".facts")).to_contain_text(
        f"{count} eisen zijn niet beantwoord"
    )
    shoot(page, "5-report")

    def facts():
        inspection = db.session.get(Inspection, naaldwijk)
        photos = db.session.scalars(
            select(Attachment).where(Attachment.inspection_id == naaldwijk)
        ).all()
        outcomes = {r["requirement"]: r["outcome"] for r in inspection.results}
        return inspection, outcomes, [p.requirement_code for p in photos]

    inspection, outcomes, photos = in_db(facts)
    assert inspection.status == "submitted"
    assert inspection.inspected_on == local_today()
    assert inspection.verdict == "non_conform"
    assert outcomes["B-2.1"] == "pass" and outcomes["B-3.1"] == "pass"
    assert outcomes["B-2.5"] == "pass" and outcomes["B-1.4"] == "pass"
    assert list(outcomes.values()).count("not_answered") == count
    assert photos == ["B-2.1"]
    assert inspection.observations["bedrooms"] == [
        {"area_m2": 9.0, "persons": 2, "bunk_beds": 0}
    ]
