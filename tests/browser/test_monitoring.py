"""Issue 18, monitoring in the browser (no login), read in Dutch and in English
(the language links in the top bar): from the overview of the regions to
Haaglanden's page with its chart, a municipality's page, another date, and the
progress report as PDF and CSV. Aggregates only: no address on the pages."""

import csv
import io
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect


def test_anyone_reads_the_progress_of_haaglanden(page, base_url, shoot):
    page.goto(base_url + "/")
    page.get_by_role("link", name="Monitoring", exact=True).click()
    expect(page.locator("h1")).to_have_text("Monitoring van de regionale afspraken")
    regions = page.locator("#monitoring-regions tbody tr")
    expect(regions.filter(has_text="Voorbeeldregio")).to_have_count(9)
    page.get_by_role("link", name="Voorbeeldregio Haaglanden").click()
    expect(page.locator("h1")).to_have_text("Voorbeeldregio Haaglanden")
    expect(page.locator("#agreement")).to_contain_text("5.500 te realiseren plaatsen")
    westland = page.locator("#municipalities tr", has_text="Westland")
    # Two in the demo; other journeys of the session may certify more.
    expect(westland.locator("td").nth(1)).to_have_text(re.compile(r"^[1-9]"))
    # Demand: Westland Flex stated 46 employed in Westland this half-year.
    expect(page.locator("#demand td").first).to_have_text(re.compile(r"^4[0-9]$"))
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("svg.chart")).to_contain_text("Afspraak (rechte lijn)")
    expect(page.locator("main")).not_to_contain_text("Havenstraat")
    shoot(page, "haaglanden", full_page=True)

    haaglanden = page.url
    page.click("a[lang=en]")  # the same page, read in English
    expect(page.locator("h1")).to_have_text("Voorbeeldregio Haaglanden")
    expect(page.locator("#agreement")).to_contain_text("5,500 places to realise")
    expect(page.locator("#totals")).to_contain_text("certified locations with")
    expect(page.locator("svg.chart")).to_contain_text("Agreement (straight line)")
    expect(page.get_by_role("link", name="Progress report (PDF)")).to_be_visible()
    page.locator("#municipalities").get_by_role("link", name="Westland").click()
    expect(page.locator("h1")).to_have_text("Municipality of Westland")
    expect(page.locator("#demand td").first).to_have_text(re.compile(r"^4[0-9]$"))
    expect(page.locator("main")).not_to_contain_text("Havenstraat")
    page.click("a[lang=nl]")
    expect(page.locator("h1")).to_have_text("Gemeente Westland")
    expect(page.locator("#demand th").first).to_have_text("In dienst")
    page.goto(haaglanden)  # in Dutch again
    expect(page.locator("#agreement")).to_contain_text("5.500 te realiseren plaatsen")

    page.fill("#as_of", "2014-08-01")
    page.get_by_role("button", name="Tonen").click()
    expect(westland.locator("td").nth(1)).to_have_text("0")

    pdf_link = page.get_by_role("link", name="Voortgangsrapportage (PDF)")
    pdf = page.request.get(base_url + pdf_link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    csv_link = page.get_by_role("link", name="Voortgangsrapportage (CSV)")
    answer = page.request.get(base_url + csv_link.get_attribute("href"))
    rows = list(csv.DictReader(io.StringIO(answer.text())))
    assert rows[-1]["as_of"] == "2014-08-01" and rows[-1]["certified_beds"] == "0"


def test_staff_see_the_companies_that_did_not_state_their_demand(
    page, base_url, log_in
):
    log_in(page, "admin@snf.example")
    page.goto(base_url + "/monitoring/")
    page.click("a[lang=nl]")
    page.get_by_role("link", name="Bedrijven zonder opgave van de vraag").click()
    expect(page.locator("h1")).to_have_text("Bedrijven zonder opgave van de vraag")
    expect(page.locator("#missing-summary")).to_contain_text("geen opgave voor")
    table = page.locator("#missing-demand")
    zeeuwse = table.locator("tr", has_text="Zeeuwse Oogst Huisvesting BV")
    # Zeeuwse Oogst has certified locations and never stated its demand;
    # Westland Flex stated it for this half-year.
    expect(zeeuwse).to_contain_text("nooit")
    expect(table).not_to_contain_text("Westland Flex")

    page.click("a[lang=en]")  # the same list, read in English
    expect(page.locator("h1")).to_have_text("Companies that did not state their demand")
    expect(zeeuwse).to_contain_text("never")
