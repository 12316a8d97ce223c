"""Journeys of issue 14: a company signs up and reads the neutral "check your
mail"; staff confirm its claim against the uploaded KvK extract and only then
is it in the register. A company asks to use an address; the company that is
primarily responsible for it approves."""

import re

import pytest

from snf.auth.models import CompanyClaim
from snf.extensions import db
from tests.browser.tablet import log_out
from tests.claims_factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PHONE = {"width": 390, "height": 844}
ADMIN = "admin@snf.example"
WESTLAND = "bedrijf@westlandflex.example"
BRABANT = "bedrijf@brabantuitzend.example"


def test_a_signup_waits_for_staff_and_then_enters_the_register(
    page, base_url, live, log_in, shoot, in_db
):
    password = "een lang wachtwoord 2026"
    page.goto(base_url + "/signup")
    page.fill("#company_name", "Lingewaard Flex BV")
    page.fill("#kvk", "61234567")
    page.fill("#town", "Bemmel")
    page.fill("#name", "Noor de Wit")
    page.fill("#email", "noor@lingewaardflex.example")
    page.fill("#password", password)
    page.select_option("#inspection_body", label="Keurmerk Inspecties BV")
    page.set_input_files(
        "#extract",
        {"name": "uittreksel.pdf", "mimeType": "application/pdf",
         "buffer": pdf_bytes()},
    )  # fmt: skip
    shoot(page, "signup-form", full_page=True)
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Kijk in uw mail")
    expect(page.locator("main")).to_contain_text(
        "SNF controleert of het KvK-nummer van u is"
    )
    shoot(page, "check-your-mail")
    page.set_viewport_size(PHONE)
    shoot(page, "check-your-mail-phone")
    page.set_viewport_size({"width": 768, "height": 1024})
    page.click("nav.lang >> text=EN")
    expect(page.locator("h1")).to_have_text("Check your mail")
    expect(page.locator("main")).to_contain_text(
        "SNF checks that the KvK number belongs to you"
    )
    page.click("nav.lang >> text=NL")
    expect(page.locator("h1")).to_have_text("Kijk in uw mail")
    # Nothing public yet.
    page.goto(base_url + "/register/?q=61234567")
    expect(page.locator("main")).not_to_contain_text("Lingewaard Flex BV")

    log_in(page, ADMIN)
    page.click("nav.mainnav >> text=Inschrijvingen")
    expect(page.locator("h1")).to_have_text("Te controleren inschrijvingen")
    page.click("text=Lingewaard Flex BV")
    expect(page.locator("main")).to_contain_text("noor@lingewaardflex.example")
    link = page.locator("text=Uittreksel openen (PDF)")
    extract = page.request.get(base_url + link.get_attribute("href"))
    assert extract.status == 200 and extract.body() == pdf_bytes()
    shoot(page, "claim", full_page=True)
    # Confirming without the check is refused next to the box.
    page.click("text=Inschrijving bevestigen")
    expect(page.locator("#contact_checked-errors")).to_contain_text(
        "Bevestig dat u beide controles hebt gedaan"
    )
    page.check("#contact_checked")
    page.click("text=Inschrijving bevestigen")
    expect(page.locator(".flash")).to_contain_text(
        "Bevestigd: Lingewaard Flex BV is nu een bedrijf met een aanvraag"
    )
    page.set_viewport_size(PHONE)
    page.goto(base_url + "/claims?status=confirmed")
    shoot(page, "claims-phone", full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    log_out(page)

    page.goto(base_url + "/register/?q=61234567")
    expect(page.locator("main")).to_contain_text("Lingewaard Flex BV")
    expect(page.locator("main")).to_contain_text("aangemeld")
    # The company logs in with the password it chose at sign-up.
    page.goto(base_url + "/login")
    page.fill("input[name=email]", "noor@lingewaardflex.example")
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    expect(page.locator(".who")).to_contain_text("Lingewaard Flex BV")
    status = in_db(
        lambda: db.session.scalar(
            db.select(CompanyClaim.status).where(CompanyClaim.kvk == "61234567")
        )
    )
    assert status == "confirmed"


def _request_duinweg(page, base_url):
    page.goto(base_url + "/locations/new")
    page.fill("#street", "Duinweg")
    page.fill("#house_number", "3")
    page.fill("#postcode", "3253 LN")
    page.fill("#town", "Ouddorp")
    page.select_option("#housing_type", "holiday_park")
    page.select_option("#use_class", "logies")
    page.fill("#beds", "4")
    page.click("main form button[type=submit]")


def test_a_company_asks_to_use_an_address_and_its_primary_company_approves(
    page, base_url, log_in, shoot
):
    log_in(page, BRABANT)
    _request_duinweg(page, base_url)
    expect(page.locator(".flash")).to_contain_text("Uw verzoek is ontvangen")
    row = page.locator("tr", has_text="Duinweg 3")
    expect(row).to_contain_text("Wacht op goedkeuring")
    # Nothing tells Brabant that Westland has this address.
    expect(page.locator("main")).not_to_contain_text("Westland")
    shoot(page, "requested")
    log_out(page)

    log_in(page, WESTLAND)
    page.click("nav.mainnav >> text=Locatieverzoeken")
    card = page.locator("section.card", has_text="Duinweg 3")
    expect(card).to_contain_text("Brabant Uitzendgroep BV")
    card.locator("summary", has_text=re.compile("^Goedkeuren")).click()
    expect(card).to_contain_text("Westland Flex Huisvesting BV blijft primair")
    shoot(page, "approve", full_page=True)
    card.locator("text=Verzoek goedkeuren").click()
    expect(page.locator(".flash")).to_contain_text("Goedgekeurd.")
    expect(page.locator("section.card", has_text="Duinweg 3")).to_have_count(0)
    page.set_viewport_size(PHONE)
    shoot(page, "requests-phone", full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    log_out(page)

    log_in(page, BRABANT)
    page.goto(base_url + "/location-requests")
    expect(page.locator("tr", has_text="Duinweg 3")).to_contain_text("Goedgekeurd")
    page.goto(base_url + "/locations?q=Duinweg")
    expect(page.locator("main")).to_contain_text(re.compile("Duinweg"))
