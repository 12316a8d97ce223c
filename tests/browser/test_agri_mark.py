"""The agricultural mark in the browser, in Dutch on the tablet: anyone finds
the demo growers in the register by their mark and reads it on the company
and verify pages; SNF staff put a company under the mark, register a seasonal
touring caravan for it (refused next to the field under SNF) and see the
year's unannounced draw on the due page."""

import itertools

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

ADMIN = "admin@snf.example"
GROWERS = ("Fruitteelt Van der Linden BV", "Aspergekwekerij Peelland BV")
AGRI = "AGRI (agrarisch keurmerk)"
_KVKS = itertools.count(77100001)


def test_anyone_finds_the_growers_by_their_mark(page, base_url):
    page.goto(base_url + "/register/")
    page.locator("select#mark").select_option(label=AGRI)
    page.get_by_role("button", name="Zoeken").click()
    table = page.locator("table.register-table")
    for name in GROWERS:
        expect(table).to_contain_text(name)
    expect(table).not_to_contain_text("Westland Flex Huisvesting BV")
    page.get_by_role("link", name=GROWERS[0]).click()
    expect(page.locator("dd#mark")).to_have_text(AGRI)
    page.locator("dl.facts a").first.click()  # the certificate's verify page
    expect(page.locator("#verdict")).to_have_text("GELDIG")
    expect(page.locator("dd#mark")).to_have_text(AGRI)


@pytest.fixture
def fresh_company(live):
    """A company of this test's own, under SNF: returns (id, name)."""
    from snf.auth import services as auth
    from snf.database import utcnow
    from snf.extensions import db

    kvk = f"{next(_KVKS):08d}"
    name = f"Kwekerij Browser {kvk} BV"
    with live.app_context():
        company = auth.create_organisation(
            None, kind="company", name=name, kvk=kvk, town="Zundert", now=utcnow()
        )
        db.session.commit()
        return company.id, name


def _caravan_form(page, base_url, company_id: int, number: int) -> None:
    page.goto(f"{base_url}/locations/new?company={company_id}")
    page.fill("input[name=street]", "Bessenweg")
    page.fill("input[name=house_number]", str(number))
    page.fill("input[name=postcode]", "4881 AA")
    page.fill("input[name=town]", "Zundert")
    page.locator("select[name=housing_type]").select_option("touring_caravan")
    page.locator("select[name=use_class]").select_option("logies")
    page.locator("select[name=season]").select_option(label="seizoensgebonden")
    page.fill("input[name=beds]", "6")
    page.get_by_role("button", name="Opslaan").click()


def test_staff_put_a_company_under_the_mark_and_register_a_caravan(
    page, base_url, log_in, fresh_company
):
    company_id, name = fresh_company
    number = company_id % 90000 + 1
    log_in(page, ADMIN)
    # Under SNF a touring caravan is refused, next to the housing type.
    _caravan_form(page, base_url, company_id, number)
    error = page.locator(".field.has-error", has=page.locator("#housing_type"))
    expect(error).to_contain_text("alleen toegestaan onder het agrarische keurmerk")
    page.goto(f"{base_url}/companies/{company_id}")
    expect(page.locator("#company-mark")).to_contain_text("SNF")
    form = page.locator("#mark-form")
    form.locator("select[name=mark]").select_option("AGRI")
    form.get_by_role("button", name="Keurmerk opslaan").click()
    expect(page.locator("body")).to_contain_text("Het keurmerk is opgeslagen.")
    expect(page.locator("#company-mark")).to_contain_text(AGRI)
    # Under AGRI the same caravan is registered, seasonal.
    _caravan_form(page, base_url, company_id, number)
    expect(page.locator("h1")).to_contain_text("Bessenweg")
    expect(page.locator("dd#season")).to_have_text("seizoensgebonden")


def test_staff_see_the_years_unannounced_draw(page, base_url, log_in):
    log_in(page, ADMIN)
    page.goto(base_url + "/inspections/due")
    expect(page.locator("#unannounced")).to_contain_text("Onaangekondigde audits")
    drawn = page.locator("table#drawn tbody tr")
    expect(drawn.first).to_be_visible()
    drawn.first.get_by_role("link", name="Onaangekondigd plannen").click()
    expect(page.locator("select[name=kind]")).to_have_value("ad_hoc")
    expect(page.locator("input[name=announced]")).not_to_be_checked()
