"""The checklist never loses or misplaces an answer: bedrooms keep their place
through add, remove, reload and a lost connection; nothing is submitted with
unanswered requirements unless the inspector confirms it, having seen which;
the verdict waits until everything is answered; a wrong number is named at
the field while typing."""

import re

import pytest

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import services
from snf.inspections.models import Inspection
from tests.browser.tablet import (
    open_checklist,
    open_list,
    result,
    submit_checklist,
    wait_kept,
    wait_saved,
    wait_until,
)
from tests.inspections_factories import CONFORM_2024

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect


def fill_bedroom(page, index, area, persons, bunk_beds):
    page.fill(f"#obs-bedrooms-{index}-area_m2", area)
    page.fill(f"#obs-bedrooms-{index}-persons", persons)
    page.fill(f"#obs-bedrooms-{index}-bunk_beds", bunk_beds)


def expect_bedroom(page, index, area, persons, bunk_beds):
    expect(page.locator(f"#obs-bedrooms-{index}-area_m2")).to_have_value(area)
    expect(page.locator(f"#obs-bedrooms-{index}-persons")).to_have_value(persons)
    expect(page.locator(f"#obs-bedrooms-{index}-bunk_beds")).to_have_value(bunk_beds)


def stored(in_db, inspection_id):
    def read():
        inspection = db.session.get(Inspection, inspection_id)
        return inspection.status, dict(inspection.observations or {})

    return in_db(read)


def test_bedrooms_keep_their_place_through_add_remove_reload_and_offline(
    context, page, base_url, log_in, plan, in_db, shoot
):
    inspection_id = plan()
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)
    open_checklist(page, inspection_id)
    bedrooms = page.locator("#bedrooms .bedroom")
    expect(bedrooms).to_have_count(1)
    fill_bedroom(page, 0, "9", "2", "0")
    page.click("#add-bedroom")
    expect(bedrooms).to_have_count(2)
    fill_bedroom(page, 1, "7,5", "1", "1")
    page.check('input[name="bedrooms.1.mattresses_ok"][value="true"]')
    wait_saved(page)
    page.reload()
    page.wait_for_selector("#checklist")
    expect(bedrooms).to_have_count(2)
    expect_bedroom(page, 0, "9", "2", "0")
    expect_bedroom(page, 1, "7,5", "1", "1")
    expect(
        page.locator('input[name="bedrooms.1.mattresses_ok"][value="true"]')
    ).to_be_checked()
    expect(
        page.locator('input[name="bedrooms.0.mattresses_ok"][value="true"]')
    ).not_to_be_checked()
    assert stored(in_db, inspection_id)[1]["bedrooms"] == [
        {"area_m2": 9.0, "persons": 2, "bunk_beds": 0},
        {"area_m2": 7.5, "persons": 1, "bunk_beds": 1, "mattresses_ok": True},
    ]

    # A third bedroom, then the second goes: the third takes its place, and
    # an empty bedroom keeps its own place instead of being filled by another.
    page.click("#add-bedroom")
    page.click("#add-bedroom")
    expect(bedrooms).to_have_count(4)
    fill_bedroom(page, 3, "12", "2", "0")
    # Removing a bedroom with answers asks first; "no" keeps it.
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    bedrooms.nth(1).locator(".remove-bedroom").click()
    expect(bedrooms).to_have_count(4)
    expect_bedroom(page, 1, "7,5", "1", "1")
    page.once("dialog", lambda dialog: answer(dialog, True))
    bedrooms.nth(1).locator(".remove-bedroom").click()
    expect(bedrooms).to_have_count(3)
    assert questions == ["Slaapkamer 2 verwijderen met wat erin is vastgelegd?"] * 2
    expect(bedrooms.nth(2).locator("legend .n")).to_have_text("3")
    expect_bedroom(page, 2, "12", "2", "0")
    wait_saved(page)
    shoot(page, "bedrooms")

    # Offline: typed into bedroom 1 and reloaded without a connection.
    context.set_offline(True)
    page.fill("#obs-bedrooms-0-persons", "3")
    page.reload()
    page.wait_for_selector("#checklist")
    expect(bedrooms).to_have_count(3)
    expect_bedroom(page, 0, "9", "3", "0")
    expect_bedroom(page, 1, "", "", "")
    expect_bedroom(page, 2, "12", "2", "0")
    context.set_offline(False)
    wait_saved(page)
    assert stored(in_db, inspection_id)[1]["bedrooms"] == [
        {"area_m2": 9.0, "persons": 3, "bunk_beds": 0},
        {},
        {"area_m2": 12.0, "persons": 2, "bunk_beds": 0},
    ]

    # What is submitted is what the inspector saw, bedroom by bedroom.
    submit_checklist(page)
    page.wait_for_selector("#checklist", state="detached")
    status, observations = stored(in_db, inspection_id)
    assert status == "submitted"
    assert observations["bedrooms"] == [
        {"area_m2": 9.0, "persons": 3, "bunk_beds": 0},
        {},
        {"area_m2": 12.0, "persons": 2, "bunk_beds": 0},
    ]


def _prepare(in_db, inspection_id, observations):
    """The draft as a colleague's tablet left it (through the service)."""

    def save():
        inspection = db.session.get(Inspection, inspection_id)
        services.start_inspection(
            inspection.inspector,
            inspection,
            today=inspection.scheduled_for,
            now=utcnow(),
        )
        services.save_observations(
            inspection.inspector, inspection, observations, if_match=None, now=utcnow()
        )
        db.session.commit()

    in_db(save)


def test_verdict_waits_until_everything_is_answered(
    page, base_url, log_in, plan, in_db, shoot
):
    inspection_id = plan()
    log_in(page)
    open_list(page, base_url)
    open_checklist(page, inspection_id)
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text("nog niet beoordeeld")
    page.fill("#obs-occupants", "6")
    page.fill("#obs-living_area_m2", "96")
    expect(result(page, "B-2.1").locator(".status")).to_have_class(
        re.compile("status-pass")
    )
    expect(verdict).to_have_text("nog niet beoordeeld")
    expect(verdict).not_to_have_class(re.compile("status-non_conform"))
    shoot(page, "not-yet-judged")

    # Everything answered but one yes/no item: still not judged; answered, conform.
    almost = {**CONFORM_2024, "answers": dict(CONFORM_2024["answers"])}
    del almost["answers"]["B-8.1"]
    other = plan("3253 LN", 3)
    _prepare(in_db, other, {**almost, "housing_type": "regular_dwelling"})
    page.goto(f"{base_url}/inspections/{other}")
    wait_until(page, "window.SNFRules && window.SNFRules.ready")
    expect(page.locator("#progress-text")).to_contain_text("/")
    expect(verdict).to_have_text("nog niet beoordeeld")
    page.check('input[name="answers.B-8.1"][value="true"]')
    expect(verdict).to_have_text("conform")
    page.check('input[name="answers.B-8.1"][value="false"]')
    expect(verdict).to_have_text("niet conform")
    expect(verdict).to_have_class(re.compile("status-non_conform"))


def test_unanswered_requirements_are_listed_and_need_an_explicit_confirmation(
    page, base_url, log_in, plan, in_db, shoot
):
    inspection_id = plan()
    almost = {**CONFORM_2024, "answers": dict(CONFORM_2024["answers"])}
    del almost["answers"]["B-8.1"]
    del almost["toilets"]
    _prepare(in_db, inspection_id, almost)
    log_in(page)
    open_list(page, base_url)
    open_checklist(page, inspection_id)
    page.click("#submit")
    review = page.locator("#review")
    expect(review).to_be_visible()
    expect(review.locator("h2")).to_have_text("2 eisen zijn niet beantwoord")
    links = review.locator(".review-jump")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_contain_text("B-3.1")
    expect(links.nth(1)).to_contain_text("B-8.1")
    expect(page.locator("#review-submit")).to_be_disabled()
    shoot(page, "review")
    page.set_viewport_size({"width": 390, "height": 844})
    review.scroll_into_view_if_needed()
    shoot(page, "review-phone")
    page.set_viewport_size({"width": 768, "height": 1024})

    # The jump opens the requirement under the status bar, ready to answer.
    links.nth(1).click()
    expect(review).to_be_hidden()
    target = page.locator("#req-B-8\\.1")
    expect(target).to_be_in_viewport()
    target.locator('input[name="answers.B-8.1"][value="true"]').check()
    # Marked not applicable with a reason counts as answered.
    toilets = page.locator("#req-B-3\\.1")
    toilets.locator(".na-toggle").check()
    toilets.locator(".na-reason").fill("Toiletten worden verbouwd")
    page.click("#submit")
    expect(review.locator("h2")).to_have_text("Klaar om in te dienen")
    expect(review.locator(".review-jump")).to_have_count(0)
    page.click("#review-back")
    expect(review).to_be_hidden()

    # Unticking "not applicable" makes it unanswered again: confirm explicitly.
    toilets.locator(".na-toggle").uncheck()
    page.click("#submit")
    expect(review.locator("h2")).to_have_text("1 eis is niet beantwoord")
    expect(page.locator("#review-submit")).to_be_disabled()
    page.check("#review-confirm")
    expect(page.locator("#review-confirm-label")).to_contain_text(
        "Ik dien in met 1 onbeantwoorde eis"
    )
    # The same in English, after switching the language on the tablet.
    page.click("#review-back")
    wait_saved(page)
    page.click('nav.lang a[lang="en"]')
    page.wait_for_selector("#checklist")
    wait_until(page, "window.SNFRules && window.SNFRules.ready")
    expect(page.locator("#verdict")).to_have_text("not yet judged")
    page.click("#submit")
    expect(review.locator("h2")).to_have_text("1 requirement is not answered")
    expect(review.locator(".review-jump")).to_contain_text(["B-3.1 Enough toilets"])
    page.check("#review-confirm")
    expect(page.locator("#review-confirm-label")).to_contain_text(
        "I submit with 1 unanswered requirement"
    )
    shoot(page, "review-english")
    page.click("#review-submit")
    page.wait_for_selector("#checklist", state="detached")
    status, observations = stored(in_db, inspection_id)
    assert status == "submitted"
    assert "toilets" not in observations
    assert observations["answers"]["B-8.1"] is True


def test_a_wrong_number_is_named_at_the_field_while_typing(
    page, base_url, log_in, plan, in_db, shoot
):
    inspection_id = plan()
    log_in(page)
    open_list(page, base_url)
    open_checklist(page, inspection_id)
    occupants = page.locator('.field.obs[data-key="occupants"]')
    page.fill("#obs-occupants", "-3")
    expect(occupants.locator(".errors")).to_be_visible()
    expect(occupants.locator(".errors")).to_have_text("moet minstens 1 zijn")
    expect(page.locator("#obs-occupants")).to_have_attribute("aria-invalid", "true")
    shoot(page, "field-error")
    page.fill("#obs-occupants", "zes")
    expect(occupants.locator(".errors")).to_have_text("moet een heel getal zijn")
    page.fill("#obs-bedrooms-0-area_m2", "six")
    bedroom = page.locator('.field.obs[data-key="bedrooms.0.area_m2"]')
    expect(bedroom.locator(".errors")).to_have_text("moet een getal zijn")
    page.click('nav.lang a[lang="en"]')
    page.wait_for_selector("#checklist")
    page.fill("#obs-occupants", "-3")
    expect(occupants.locator(".errors")).to_have_text("must be at least 1")
    page.fill("#obs-occupants", "6")
    expect(occupants.locator(".errors")).to_be_hidden()
    page.fill("#obs-bedrooms-0-area_m2", "9.5")
    expect(bedroom.locator(".errors")).to_be_hidden()
    wait_saved(page)
    observations = stored(in_db, inspection_id)[1]
    assert observations["occupants"] == 6
    assert observations["bedrooms"][0]["area_m2"] == 9.5
