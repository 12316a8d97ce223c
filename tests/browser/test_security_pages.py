"""Security hardening as people meet it (issue 14): an inspection body plans
only for its own clients and never the visits SNF orders; repeated wrong
passwords make an account wait, and the form says how long."""

import pytest

from tests.browser.tablet import INSPECTOR, OTHER_INSPECTOR, log_out

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

ONLY_OURS = "Alleen de locaties van bedrijven die voor uw inspectie-instelling kozen."
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def due_location(in_db):
    """A location Brabant (Keurmerk's client) registered today: never inspected."""

    def register():
        from sqlalchemy import select

        from snf.auth.models import Organisation
        from snf.database import utcnow
        from snf.extensions import db
        from snf.inspections import locations

        brabant = db.session.scalar(
            select(Organisation).where(Organisation.name == "Brabant Uitzendgroep BV")
        )
        data = {
            "street": "Havenweg",
            "house_number": 77,
            "postcode": "5046 AB",
            "town": "Tilburg",
            "housing_type": "regular_dwelling",
            "use_class": "wonen",
            "beds": 6,
        }
        location, _created = locations.register_location(
            None, brabant, data, now=utcnow()
        )
        db.session.commit()
        return location.address

    return in_db(register)


def test_a_body_sees_and_plans_only_for_the_companies_that_chose_it(
    page, base_url, log_in, shoot, due_location
):
    # Noord Huisvestingskeuring: no demo company chose it, so no addresses.
    log_in(page, OTHER_INSPECTOR)
    page.goto(base_url + "/inspections/due")
    expect(page.locator("main")).to_contain_text(ONLY_OURS)
    expect(page.locator("tbody")).to_contain_text(
        "Elke locatie is geïnspecteerd of ingepland."
    )
    expect(page.locator("tbody a")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(due_location)
    shoot(page, "other-body-due")
    log_out(page)

    # Keurmerk Inspecties: chosen by the demo companies.
    log_in(page, INSPECTOR)
    page.goto(base_url + "/inspections/due")
    expect(page.locator("main")).to_contain_text(ONLY_OURS)
    row = page.locator("tbody tr", has_text=due_location)
    expect(row).to_have_count(1)
    shoot(page, "due")
    row.locator("a").click()
    page.wait_for_url("**/inspections/plan?location_id=*")
    kinds = page.locator("select[name=kind] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert "periodic" in kinds and "urgent" not in kinds and "targeted" not in kinds
    page.select_option("select[name=inspector_id]", index=0)
    page.select_option("select[name=kind]", "periodic")
    page.uncheck("input[name=announced]")
    page.click("main form button[type=submit]")
    error = page.locator(".field.has-error", has=page.locator("[name=announced]"))
    expect(error).to_contain_text(
        "Alleen medewerkers van SNF plannen steekproef-, gerichte, spoed- of "
        "onaangekondigde inspecties."
    )
    shoot(page, "refused-tablet", full_page=True)
    page.set_viewport_size(PHONE)
    error.scroll_into_view_if_needed()
    shoot(page, "refused-phone")


def test_repeated_wrong_passwords_make_the_account_wait(page, base_url, live, shoot):
    live.config.update(LOGIN_FREE_FAILURES=100, LOGIN_HOURLY_FAILURES=3)
    try:
        page.goto(base_url + "/login")
        for _ in range(3):
            page.fill("input[name=email]", "controle@abu.example")
            page.fill("input[name=password]", "not the password 1")
            page.click("main form button[type=submit]")
            expect(page.locator(".errors")).to_contain_text("wachtwoord")
        # The right password does not help while the account waits.
        page.fill("input[name=email]", "controle@abu.example")
        page.fill("input[name=password]", live.config["DEMO_PASSWORD"])
        page.click("main form button[type=submit]")
        expect(page.locator(".errors")).to_contain_text(
            "Te veel mislukte inlogpogingen voor dit account. "
            "Probeer het over 60 minuten opnieuw."
        )
        assert "/login" in page.url
        shoot(page, "waiting-tablet")
        page.set_viewport_size(PHONE)
        shoot(page, "waiting-phone")
    finally:
        live.config.update(LOGIN_FREE_FAILURES=5, LOGIN_HOURLY_FAILURES=20)
        live.extensions["snf_login_failures"].reset()
