"""The register's own pages: what a certificate's QR code opens, the public
search of the register, and a verifier's bulk check of member numbers."""

import re

import pytest
from sqlalchemy import select

from snf.auth.models import Organisation
from snf.certificates.models import Certificate
from snf.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

COMPANY = "Westland Flex Huisvesting BV"
KVK = "34567812"
VERIFIER = "controle@abu.example"


@pytest.fixture
def certificate(in_db):
    def find():
        company = select(Organisation.id).where(Organisation.name == COMPANY)
        found = Certificate.company_id.in_(company)
        certificate = db.session.scalars(select(Certificate).where(found)).one()
        return certificate.number, certificate.payload

    return in_db(find)


def test_the_qr_code_opens_the_live_status_of_the_certificate(
    page, base_url, certificate, shoot
):
    number, payload = certificate
    page.goto(f"{base_url}/verify/{number}?sig={payload}")
    verdict = page.locator(".verdict-big")
    expect(verdict).to_have_class(re.compile("status-valid"))
    expect(page.locator(".facts")).to_contain_text(COMPANY)
    expect(page.locator(".facts")).to_contain_text("34567812")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page).to_have_title(re.compile(number))
    shoot(page, "valid")


def test_an_unknown_number_is_not_in_the_register(page, base_url, shoot):
    response = page.goto(f"{base_url}/verify/SNF-0000-9999")
    assert response.status == 404
    expect(page.locator(".verdict-big")).to_have_class(re.compile("status-unknown"))
    expect(page.locator(".facts")).to_have_count(0)
    shoot(page, "unknown")


def test_anyone_finds_a_registered_company_in_the_register(page, base_url, shoot):
    page.goto(base_url + "/register/")
    page.fill("#q", "Westland")
    page.click("form[role=search] button[type=submit]")
    row = page.locator("tbody tr", has_text=KVK)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(COMPANY)
    expect(row.locator(".status")).to_have_class(re.compile("status-registered"))
    shoot(page, "search")
    row.locator("a").first.click()
    expect(page.locator("main")).to_contain_text(KVK)


def test_a_verifier_checks_member_numbers_in_bulk(page, base_url, log_in, shoot):
    log_in(page, VERIFIER)
    page.goto(base_url + "/register/verifications")
    page.fill("textarea[name=numbers]", f"{KVK}\n12345678\nnot-a-number")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/register/verifications/\d+$"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(COMPANY)
    expect(rows.nth(0).locator(".status")).to_have_class(
        re.compile("status-registered")
    )
    expect(rows.nth(2).locator(".status")).to_have_class(re.compile("status-fail"))
    shoot(page, "report")
