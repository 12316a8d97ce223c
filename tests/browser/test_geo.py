"""Issue 18, part 1 in the browser, in Dutch on the tablet: staff type an
address as it is written on the door ("12A-3") and the location is stored as
the BAG has it, in its municipality; staff keep the regions and their
agreements, a revision kept beside the earlier terms."""

import pytest

from snf.auth.models import Organisation
from snf.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

ADMIN = "admin@snf.example"


def _westland_id(in_db) -> int:
    return in_db(
        lambda: db.session.scalar(
            db.select(Organisation.id).where(
                Organisation.name == "Westland Flex Huisvesting BV"
            )
        )
    )


def _fill_location(page, house_number: str) -> None:
    page.fill("#street", "Kerkstraat")
    page.fill("#house_number", house_number)
    page.fill("#postcode", "5911 ab")
    page.fill("#town", "Venlo")
    page.select_option("#housing_type", "regular_dwelling")
    page.fill("#beds", "6")
    page.get_by_role("button", name="Opslaan").click()


def test_staff_type_12a_3_and_the_location_lies_in_venlo(
    page, base_url, log_in, in_db, shoot
):
    log_in(page, ADMIN)
    page.goto(f"{base_url}/locations/new?company={_westland_id(in_db)}")
    expect(page.locator("#house_number-hint")).to_contain_text("12A-3")
    _fill_location(page, "12 bis")
    expect(page.locator("#house_number-errors")).to_contain_text(
        "Na het nummer komen één letter en een toevoeging na een streepje"
    )
    shoot(page, "house-number-refused")
    _fill_location(page, "12A-3")
    expect(page.locator("h1")).to_have_text("Kerkstraat 12A-3, 5911 AB Venlo")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Venlo (GM0983, Limburg)")
    shoot(page, "location-in-venlo")


def test_staff_add_a_region_and_revise_its_agreement(page, log_in, shoot):
    log_in(page, ADMIN)
    page.locator("nav.mainnav").get_by_role("link", name="Regio's").click()
    expect(page.locator("h1")).to_have_text("Regio's")
    expect(page.locator("#regions tbody tr")).to_have_count(9)
    haaglanden = page.locator("#region-voorbeeld-haaglanden")
    expect(haaglanden).to_contain_text("Westland")
    expect(haaglanden).to_contain_text("5.500")

    page.get_by_role("link", name="Nieuwe regio").click()
    page.fill("#code", "noord-limburg")
    page.fill("#name", "Noord-Limburg")
    page.fill("#places", "1200")
    page.fill("#start", "2024-07-01")
    page.fill("#target", "2028-06-30")
    page.get_by_label("Venlo (GM0983, Limburg)").check()
    page.get_by_label("Horst aan de Maas (GM1507, Limburg)").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_have_text(
        "Regio Noord-Limburg aangemaakt."
    )
    row = page.locator("#region-noord-limburg")
    expect(row).to_contain_text("Horst aan de Maas, Venlo")
    expect(row).to_contain_text("1.200")

    row.get_by_role("link", name="Noord-Limburg").click()
    expect(page.locator("#places")).to_have_value("1200")
    page.fill("#places", "1500")
    page.fill("#target", "")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#target-errors")).to_contain_text("streefdatum")
    page.fill("#target", "2028-12-31")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#region-noord-limburg")).to_contain_text("1.500")
    page.locator("#region-noord-limburg").get_by_role("link").click()
    history = page.locator("#agreement-history tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("geldend")
    expect(history.last).to_contain_text("1.200")
    shoot(page, "region-history", full_page=True)
