"""SNF 2025.2 on the tablet, and certificates' signed QR payloads on a phone.

An inspector at Waalwijk's converted hotel records what the rules of
1 July 2025 ask (new or converted, since when, consent to share a bedroom) and
reads the live verdict in Dutch. Someone who scans a certificate opens its
verify page on a phone: the JWS of a new certificate and the version 1 payload
of an old printed one both read as genuine; a changed one does not.
"""

import re

import pytest
from sqlalchemy import select

from snf.auth.models import Organisation
from snf.certificates.keys import keyring
from snf.certificates.models import Certificate
from snf.certificates.services import payload_fields
from snf.certificates.signing import sign_v1
from snf.extensions import db
from tests.browser.tablet import open_checklist, open_list, result

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

WAALWIJK = ("5145 PD", 8)
PHONE = {"width": 390, "height": 844}
GENUINE = "De ondertekende gegevens in de QR-code zijn echt"


def test_inspector_records_the_rules_of_1_july_2025_and_reads_the_verdict(
    page, base_url, log_in, plan, shoot
):
    inspection_id = plan(*WAALWIJK)
    log_in(page)
    open_list(page, base_url)
    open_checklist(page, inspection_id)
    expect(page.locator("main .lead").first).to_contain_text("SNF 2025.2")

    # 15 m² per person in a building converted into housing after 2025-07-01.
    origin = page.locator("#obs-building_origin")
    expect(origin.locator("option")).to_contain_text(
        ["—", "bestaand", "nieuwbouw", "getransformeerd"]
    )
    origin.select_option(label="getransformeerd")
    expect(page.locator("#obs-taken_into_use_on")).to_have_attribute("type", "date")
    page.fill("#obs-taken_into_use_on", "2025-09-01")
    page.fill("#obs-occupants", "46")
    page.fill("#obs-living_area_m2", "600")
    b27 = result(page, "B-2.7")
    expect(b27.locator(".status")).to_have_class(re.compile("status-fail"))
    expect(b27.locator(".why")).to_contain_text("minimaal 15,0 m² per persoon")
    expect(b27.locator(".why")).to_contain_text("13,04 m² per persoon")
    shoot(page, "1-general-facts")
    b27.scroll_into_view_if_needed()
    shoot(page, "2-converted-fails")
    page.fill("#obs-occupants", "40")
    expect(b27.locator(".status")).to_have_class(re.compile("status-pass"))
    expect(b27.locator(".why")).to_contain_text("15,0 m² per persoon")
    # Existing housing: the rule does not apply, whatever the date.
    origin.select_option(label="bestaand")
    expect(b27.locator(".status")).to_have_class(re.compile("status-not_applicable"))

    # Two in a bedroom: only with their written consent.
    # Every field of the first bedroom is named for bedroom 1 (index 0).
    names = page.evaluate(
        "Array.from(document.querySelectorAll('#bedrooms .bedroom input'))"
        ".map(e => e.name.split('.')[1])"
    )
    assert set(names) == {"0"}, names
    page.fill("#obs-bedrooms-0-persons", "2")
    page.check('input[name="bedrooms.0.sharing_consent"][value="false"]')
    b15 = result(page, "B-1.5")
    expect(b15.locator(".status")).to_have_class(re.compile("status-fail"))
    expect(b15.locator(".why")).to_contain_text(
        "slaapkamer 1: 2 personen zonder schriftelijke toestemming om te delen"
    )
    b15.scroll_into_view_if_needed()
    shoot(page, "3-sharing-without-consent")
    page.check('input[name="bedrooms.0.sharing_consent"][value="true"]')
    expect(b15.locator(".status")).to_have_class(re.compile("status-pass"))

    page.set_viewport_size(PHONE)
    page.locator("#obs-building_origin").scroll_into_view_if_needed()
    shoot(page, "4-phone")


def _westland_certificate():
    company = select(Organisation.id).where(
        Organisation.name == "Westland Flex Huisvesting BV"
    )
    certificate = db.session.scalars(
        select(Certificate).where(Certificate.company_id.in_(company))
    ).one()
    # What a certificate printed before API 1.2 carries: the version 1 format.
    fields = payload_fields(certificate) | {"issued_at": "2025-02-01T09:00:00Z"}
    old = sign_v1(keyring(), fields)
    return certificate.number, certificate.payload, old


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_scanned_qr_payloads_new_and_old_read_as_genuine_on_a_phone(
    phone, base_url, in_db, shoot
):
    number, jws, v1 = in_db(_westland_certificate)
    assert jws.count(".") == 2 and v1.startswith("v1.")

    # One verdict in the headline, the reason under it (the verify page's layout).
    phone.goto(f"{base_url}/verify/{number}?sig={jws}")
    expect(phone.locator("#verdict")).to_have_text("GELDIG")
    expect(phone.locator("#verdict")).to_have_class(re.compile("status-valid"))
    expect(phone.locator("#verdict-reason")).to_contain_text(GENUINE)
    shoot(phone, "1-jws")

    phone.goto(f"{base_url}/verify/{number}?sig={v1}")
    expect(phone.locator("#verdict")).to_have_text("GELDIG")
    expect(phone.locator("#verdict-reason")).to_contain_text(GENUINE)
    shoot(phone, "2-version-1")

    header, claims, signature = jws.split(".")
    changed = claims[:10] + ("A" if claims[10] != "A" else "B") + claims[11:]
    phone.goto(f"{base_url}/verify/{number}?sig={header}.{changed}.{signature}")
    expect(phone.locator("#verdict")).to_have_text("NIET ECHT")
    expect(phone.locator("#verdict")).to_have_class(re.compile("status-not_genuine"))
    expect(phone.locator("#verdict-reason")).to_contain_text("gewijzigd nadat SNF")
    expect(phone.locator("main")).not_to_contain_text(GENUINE)
    shoot(phone, "3-changed")
