"""SNF staff and companies on the tablet (768x1024), in Dutch unless said:
the work queue on each role's home page, an application with what is missing,
a company's certificate, PDF and history, status changes that say what will
happen and ask to confirm, and a company's own registration."""

import io
import itertools
import re

import pytest
from pypdf import PdfReader

from snf.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

ADMIN = "admin@snf.example"
COMPANY_USER = "bedrijf@westlandflex.example"
VERIFIER = "controle@abu.example"
INSPECTOR = "inspecteur@keurmerk.example"
WESTLAND = "Westland Flex Huisvesting BV"
PHONE = {"width": 390, "height": 844}


def _nav(page, label: str) -> None:
    page.locator("nav.mainnav a", has_text=label).click()


def _company_page(page, name: str) -> None:
    _nav(page, "Bedrijven")
    page.get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_contain_text(name)


def _choose(page, action: str, reason: str) -> None:
    form = page.locator("#status-form")
    form.locator("select[name=action]").select_option(label=action)
    form.locator("textarea[name=reason]").fill(reason)
    form.get_by_role("button", name="Verder").click()


_HOUSE_NUMBERS = itertools.count(101)


@pytest.fixture
def repair_letter(live):
    """A major finding (too few toilets, B-3.1) at a Westland location of this
    test's own, due in 30 days, with a repair letter waiting for SNF; accepted
    afterwards. Other journeys accept the demo's own letter (Monster), so the
    queues read here do not depend on what ran before."""
    from snf.auth import services as auth
    from snf.database import local_today, utcnow
    from snf.inspections import findings, locations
    from snf.inspections.demo import _done, _observations

    address = {
        "street": "Kasweg",
        "house_number": next(_HOUSE_NUMBERS),
        "postcode": "2671 DA",
        "town": "Naaldwijk",
        "housing_type": "regular_dwelling",
        "use_class": "wonen",
        "beds": 6,
    }
    with live.app_context():
        company = auth.find_organisation(WESTLAND)
        location, _ = locations.register_location(None, company, address, now=utcnow())
        inspector = auth.find_user_by_email(INSPECTOR)
        # The same observations as Rijnmond's in the demo: six people, no toilet.
        inspection = _done(
            location, inspector, "periodic", local_today(), _observations(toilets=0),
            utcnow(),
        )  # fmt: skip
        major = next(f for f in inspection.findings if f.severity == "major")
        findings.submit_repair_letter(
            auth.find_user_by_email(COMPANY_USER), major, "Toilet geplaatst.",
            now=utcnow(),
        )  # fmt: skip
        db.session.commit()
        finding_id = major.id
        db.session.remove()
    yield finding_id
    with live.app_context():
        finding = findings.get_finding(finding_id)
        if finding.is_open:
            admin = auth.find_user_by_email(ADMIN)
            findings.accept_repair(admin, finding, "", now=utcnow())
            db.session.commit()
        db.session.remove()


SUSPENDED = ("Delfland Seizoenswerk BV", "63524199", "Delft")


@pytest.fixture
def suspended(live):
    """A company of this test's own that is suspended, as Rijnmond is in the
    demo, for a major finding it left open: another journey strikes Rijnmond
    off, after which it waits in no queue."""
    from snf.auth import services as auth
    from snf.certificates.demo_queues import _suspended
    from snf.database import local_today, utcnow

    address = {
        "street": "Schoemakerstraat",
        "house_number": 97,
        "postcode": "2628 VK",
        "town": "Delft",
        "housing_type": "regular_dwelling",
        "use_class": "wonen",
        "beds": 6,
    }
    with live.app_context():
        if auth.find_organisation(SUSPENDED[0]) is None:
            inspector = auth.find_user_by_email(INSPECTOR)
            _suspended(inspector, local_today(), utcnow(), SUSPENDED, address)
            db.session.commit()
        db.session.remove()
    return SUSPENDED[0]


def test_staff_home_is_the_work_queue(
    page, base_url, log_in, shoot, repair_letter, suspended
):
    log_in(page, ADMIN)
    page.goto(base_url + "/")
    expect(page.locator("h1")).to_have_text("Werk te doen")
    queues = {
        "overdue_findings": "Verlopen zware tekortkomingen",
        "repair_letters": "Herstelbrieven om te beoordelen",
        "suspensions": "Schorsingen die bijna tot doorhaling leiden",
        "applications": "Aanmeldingen",
        "renewals": "Verlengingen binnen zes weken",
        "today": "Inspecties van vandaag",
    }
    for key, heading in queues.items():
        section = page.locator(f"#queue-{key}")
        expect(section.locator("h2")).to_contain_text(heading)
        expect(section.locator(".queue li").first).to_be_visible()
    expect(page.locator("#queue-overdue_findings")).to_contain_text("dagen te laat")
    expect(page.locator("#queue-suspensions")).to_contain_text(suspended)
    expect(page.locator("#queue-renewals")).to_contain_text(
        "Zeeuwse Oogst Huisvesting BV"
    )
    shoot(page, "nl", full_page=True)
    # Each item leads to where it is handled: the letter to its finding.
    page.locator("#queue-repair_letters .queue a").first.click()
    expect(page).to_have_url(re.compile(r"/findings/\d+$"))


def test_staff_home_in_english(page, base_url, log_in, shoot):
    log_in(page, ADMIN)
    page.goto(base_url + "/")
    page.locator("nav.lang a[lang=en]").click()
    expect(page.locator("h1")).to_have_text("Work to do")
    expect(page.locator("#queue-overdue_findings h2")).to_contain_text(
        "Overdue major findings"
    )
    expect(page.locator("#queue-overdue_findings")).to_contain_text("days overdue")
    expect(page.locator("main")).not_to_contain_text("dagen te laat")
    shoot(page, "en", full_page=True)


def test_application_shows_what_is_missing_and_cannot_be_issued_yet(
    page, log_in, shoot
):
    log_in(page, ADMIN)
    _nav(page, "Aanmeldingen")
    card = page.locator("section.card", has_text="Brabant Uitzendgroep BV")
    expect(card).to_contain_text("Ontbreekt nog:")
    expect(card).to_contain_text("Het entreegeld is niet betaald.")
    issue = card.get_by_role("button", name="Certificaat verstrekken")
    expect(issue).to_be_disabled()
    expect(card).to_contain_text(
        "Het certificaat kan worden verstrekt zodra er niets meer ontbreekt."
    )
    shoot(page, "applications")
    card.get_by_role("link", name="Brabant Uitzendgroep BV").click()
    expect(page.get_by_role("button", name="Certificaat verstrekken")).to_be_disabled()


def test_westland_certificate_pdf_history_and_suspend_then_reinstate(
    page, log_in, base_url, shoot
):
    log_in(page, ADMIN)
    _company_page(page, WESTLAND)
    certificate = page.locator("section.card", has_text="Certificaat SNF-")
    expect(certificate).to_contain_text(re.compile(r"Geldig van \d+ \w+ \d{4} tot"))
    history = page.locator("table", has_text="Aanmelding voor registratie")
    expect(history).to_contain_text(
        re.compile(r"Certificaat SNF-\d{4}-\d{5} verstrekt")
    )
    pdf_link = page.get_by_role("link", name="Certificaat (PDF)")
    answer = page.request.get(base_url + pdf_link.get_attribute("href"))
    assert answer.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(answer.body())).pages[0].extract_text()
    assert "Certificaatnummer" in text and WESTLAND in text
    assert "Certificate number" not in text
    # Only what is possible from "registered" is offered; nothing preselected.
    options = page.locator("#status-form select[name=action] option")
    expect(options).to_have_text(
        ["Kies een actie", "Schorsen", "Verlengen", "Laten verlopen", "Doorhalen"]
    )
    shoot(page, "company")

    _choose(page, "Schorsen", "")
    expect(page.locator("#reason-errors")).to_be_visible()
    _choose(page, "Schorsen", "Brandtrap geblokkeerd bij controle")
    expect(page.locator("#what-happens")).to_contain_text(f"{WESTLAND} wordt vanaf")
    expect(page.locator("#what-happens")).to_contain_text("Brandtrap geblokkeerd")
    shoot(page, "confirm-suspend")
    page.get_by_role("button", name="Bevestigen: Schorsen").click()
    expect(page.locator(".flash-success")).to_have_text("Vastgelegd.")
    expect(page.locator("h1 .status")).to_have_text("geschorst")
    expect(page.locator("table")).to_contain_text("Brandtrap geblokkeerd bij controle")

    expect(options).to_have_text(
        ["Kies een actie", "Herinschrijven", "Laten verlopen", "Doorhalen"]
    )
    _choose(page, "Herinschrijven", "Brandtrap vrijgemaakt, foto's ontvangen")
    expect(page.locator("#what-happens")).to_contain_text("weer geregistreerd")
    page.get_by_role("button", name="Bevestigen: Herinschrijven").click()
    expect(page.locator("h1 .status")).to_have_text("geregistreerd")


def test_strike_off_says_what_will_happen_and_needs_confirmation(page, log_in, shoot):
    log_in(page, ADMIN)
    _company_page(page, WESTLAND)
    _choose(page, "Doorhalen", "Herhaalde overbewoning")
    what = page.locator("#what-happens")
    expect(what).to_contain_text("uit het register doorgehaald")
    expect(what).to_contain_text("Dit kan niet ongedaan worden gemaakt.")
    shoot(page, "confirm")
    page.get_by_role("button", name="Bevestigen: Doorhalen").click()
    expect(page.locator("#understood-errors")).to_have_text(
        "Vink dit vakje aan om te bevestigen."
    )
    shoot(page, "not-ticked")
    page.get_by_role("link", name="Annuleren").click()
    expect(page.locator("h1 .status")).to_have_text("geregistreerd")

    # Rijnmond, suspended for a finding it never repaired, is struck off.
    _company_page(page, "Rijnmond Seizoenswerk BV")
    expect(page.locator("h1 .status")).to_have_text("geschorst")
    _choose(page, "Doorhalen", "Tekortkoming niet hersteld")
    page.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    page.get_by_role("button", name="Bevestigen: Doorhalen").click()
    expect(page.locator("h1 .status")).to_have_text("doorgehaald")
    expect(page.locator("#status-form")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Vanaf hier is geen statuswijziging")


def test_company_home_and_own_registration(
    page, log_in, base_url, shoot, repair_letter
):
    log_in(page, COMPANY_USER)
    page.goto(base_url + "/")
    findings = page.locator("#queue-open_findings")
    expect(findings.locator("li").first).to_contain_text("B-3.1")
    expect(findings.locator("li").first).to_contain_text(re.compile(r"over \d+ dag"))
    expect(page.locator("#renewal")).to_contain_text("is geldig tot")
    expect(page.locator("#queue-upcoming_inspections li").first).to_be_visible()
    shoot(page, "home", full_page=True)
    _nav(page, "Mijn registratie")
    expect(page.locator("h1")).to_contain_text(WESTLAND)
    expect(page.locator("section.card", has_text="Certificaat SNF-")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Aanmelding voor registratie")
    expect(page.locator("#status-form")).to_have_count(0)  # staff only
    shoot(page, "registration")


def test_inspector_and_verifier_homes(page, log_in, base_url, shoot):
    log_in(page, INSPECTOR)
    page.goto(base_url + "/")
    route = page.locator("#queue-route")
    expect(route.locator("h2")).to_contain_text("Route van vandaag")
    expect(route).to_contain_text("Havenstraat 12")
    expect(route).to_contain_text(re.compile(r"reguliere woning · 6 bedden"))
    shoot(page, "inspector")
    # Logging out first clears the tablet's offline data, then posts: wait for it.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Uitloggen")).click()
    log_in(page, VERIFIER)
    page.goto(base_url + "/")
    section = page.locator("#queue-verifications")
    expect(section.get_by_role("link", name="Nieuwe bulkcontrole")).to_be_visible()
    expect(section).to_contain_text("ABU-leden / ABU members")
    shoot(page, "verifier")


def test_pages_on_a_phone(browser, base_url, live, shoot):
    phone = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = phone.new_page()
    page.goto(base_url + "/login")
    page.fill("input[name=email]", ADMIN)
    page.fill("input[name=password]", live.config["DEMO_PASSWORD"])
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(base_url + "/")
    expect(page.locator("#queue-applications")).to_be_visible()
    shoot(page, "home", full_page=True)
    _company_page(page, WESTLAND)
    shoot(page, "company", full_page=True)
    phone.close()


def test_staff_menu_is_one_row_to_swipe_on_a_phone(page, base_url, log_in, shoot):
    """Staff have some twenty menu entries: on a tablet they wrap (all in
    view), on a phone they are one row to swipe, with the current page's
    entry in view, so the page itself starts on the first screen."""
    log_in(page, ADMIN)
    page.goto(base_url + "/complaints")
    menu = page.locator("nav.mainnav")
    entries = menu.locator("a")
    assert entries.count() > 15
    last = entries.last.bounding_box()
    assert last["x"] + last["width"] <= 768  # wrapped: every entry in view
    page.set_viewport_size(PHONE)
    page.reload()
    assert menu.bounding_box()["height"] < 80  # one row
    current = menu.locator("[aria-current]")
    expect(current).to_have_text("Klachten")
    box = current.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(page.locator("h1")).to_be_in_viewport()
    shoot(page, "staff-menu-phone")
    menu.get_by_role("link", name="Inspecties").scroll_into_view_if_needed()
    menu.get_by_role("link", name="Inspecties").click()
    expect(page.locator("h1")).to_contain_text("Inspecties")
    page.goto(base_url + "/complaints")
    page.click("a[lang=en]")  # the same page, read in English
    expect(menu.locator("[aria-current]")).to_have_text("Complaints")
    box = menu.locator("[aria-current]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_staff_page_through_the_companies_without_a_demand_statement(
    page, base_url, log_in, shoot, monkeypatch
):
    from snf import api

    # The demo has three such companies: pages of two (the server runs here).
    monkeypatch.setattr(api, "HTML_PER_PAGE", 2)
    log_in(page, ADMIN)
    page.goto(base_url + "/monitoring/")
    page.get_by_role("link", name="Bedrijven zonder opgave van de vraag").click()
    summary = page.locator("#missing-summary")
    expect(summary).to_contain_text("bedrijven met gecertificeerde locaties")
    pager = page.locator("nav.pager")
    expect(pager).to_contain_text(re.compile(r"Pagina 1 van [2-9]"))
    first = page.locator("#missing-demand tbody tr").all_inner_texts()
    assert len(first) == 2
    pager.get_by_role("link", name="Volgende").click()
    expect(pager).to_contain_text(re.compile(r"Pagina 2 van [2-9]"))
    second = page.locator("#missing-demand tbody tr").all_inner_texts()
    assert second and not set(first) & set(second)
    page.click("a[lang=en]")
    expect(pager).to_contain_text(re.compile(r"Page 2 of [2-9]"))
    expect(summary).to_contain_text("companies with certified locations")
    page.set_viewport_size(PHONE)
    shoot(page, "demand-missing-phone")
