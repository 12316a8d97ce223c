"""Residents on a phone (390x844): the page behind the card's QR code in two
languages, a complaint with a photo and its receipt; SNF staff triage it
through to an unannounced inspection, whose inspector reads only the category."""

import pytest
from sqlalchemy import select

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import locations
from snf.residents import complaints
from snf.residents.models import Complaint
from snf.residents.tokens import active_token
from tests.browser.tablet import INSPECTOR
from tests.inspections_factories import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 390, "height": 844}
ADMIN = "admin@snf.example"


@pytest.fixture
def context(browser):
    """A cheap phone set to Polish (overrides conftest's Dutch tablet)."""
    phone = browser.new_context(
        viewport=PHONE, locale="pl-PL", timezone_id="Europe/Amsterdam"
    )
    phone.set_default_timeout(10_000)
    yield phone
    phone.close()


def _token(in_db, postcode="2671 CK", number=12) -> str:
    return in_db(
        lambda: active_token(locations.find_by_address(postcode, number).id).token
    )


def test_a_resident_reads_the_page_and_complains_with_a_photo(
    page, base_url, in_db, shoot, tmp_path
):
    token = _token(in_db)
    page.goto(f"{base_url}/r/{token}")  # the phone's language: Polish
    expect(page.locator("h1")).to_have_text("Havenstraat 12, 2671 CK Naaldwijk")
    expect(page.locator(".verdict")).to_contain_text("Dziś z certyfikatem")
    expect(page.get_by_role("heading", name="Twoje prawa")).to_be_visible()
    shoot(page, "pl", full_page=True)
    page.get_by_role("link", name="Română").click()
    expect(page.get_by_role("heading", name="Drepturile tale")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ro")
    page.get_by_label("Toalete sau dușuri").check()
    page.get_by_label("Spune-ne mai multe (opțional)").fill("Dușul nu funcționează.")
    photo = tmp_path / "dus.png"
    photo.write_bytes(png_bytes((80, 60)))
    page.get_by_label("Fotografie (opțional)").set_input_files(str(photo))
    page.get_by_role("button", name="Trimite plângerea").click()
    expect(page.get_by_role("heading", name="Plângerea ta")).to_be_visible()
    receipt = page.locator(".receipt").inner_text().strip()
    expect(page.locator(".verdict")).to_contain_text("Primită")
    shoot(page, "receipt")
    stored = in_db(
        lambda: db.session.scalar(select(Complaint).where(Complaint.receipt == receipt))
    )
    assert stored.photo_key and stored.language == "ro" and stored.contact == ""
    page.get_by_role("link", name="Înapoi la informațiile pentru locatari").click()
    page.get_by_label("Cod de confirmare").fill(receipt.lower())
    page.get_by_role("button", name="Arată situația").click()
    expect(page.locator(".receipt")).to_have_text(receipt)


def test_staff_triage_a_complaint_to_an_unannounced_inspection(
    browser, page, base_url, in_db, log_in, shoot
):
    def send():
        token = active_token(locations.find_by_address("2681 LP", 40).id)
        submission = complaints.Submission("bedroom_sharing", "Wij slapen met vier.")
        complaint, _ = complaints.submit_complaint(token, submission, now=utcnow())
        db.session.commit()
        return complaint.id

    complaint_id = in_db(send)
    log_in(page, ADMIN)
    page.get_by_role("link", name="Klachten").first.click()
    expect(page.get_by_role("heading", name="Klachten", exact=True)).to_be_visible()
    page.locator(f"a[href='/complaints/{complaint_id}']").click()
    expect(page.get_by_text("Factoren van de risicoscore")).to_be_visible()
    expect(page.get_by_text("Wij slapen met vier.")).to_be_visible()
    page.get_by_label("Wordt beoordeeld").check()
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("De status van de klacht is gewijzigd.")).to_be_visible()
    page.get_by_role("button", name="Onaangekondigde inspectie plannen").click()
    expect(page.get_by_text("Onaangekondigde inspectie gepland voor")).to_be_visible()
    shoot(page, "planned", full_page=True)
    link = page.get_by_role("link", name="Onaangekondigde inspectie op")
    inspection_url = link.get_attribute("href")
    inspector = browser.new_context(viewport=PHONE, locale="nl-NL")
    other = inspector.new_page()
    log_in(other, INSPECTOR)
    other.goto(base_url + inspection_url)
    expect(other.locator("#complaint-category")).to_contain_text(
        "Te veel mensen in een slaapkamer"
    )
    expect(other.get_by_text("Wij slapen met vier.")).to_have_count(0)
    inspector.close()
