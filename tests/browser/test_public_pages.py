"""The register's own pages as people use them, on a tablet (768x1024) and a
phone (390x844): what a certificate's QR code opens, anyone searching the
register, and ABU's bulk check of member numbers with its CSV (README "Try it":
the "verifier (ABU)" and "anyone" rows)."""

import csv
import io
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
STRUCK_OFF = "Oude Haven Flex BV"  # registered 2014-07-21, struck off 2016
VERIFIER = "controle@abu.example"
SCREENS = {
    "tablet": {"width": 768, "height": 1024},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(params=list(SCREENS))
def context(request, browser):
    """A fresh browser per screen size (overrides conftest's tablet)."""
    screen = browser.new_context(
        viewport=SCREENS[request.param],
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        accept_downloads=True,
    )
    screen.set_default_timeout(10_000)
    screen.screen_name = request.param
    yield screen
    screen.close()


@pytest.fixture
def snap(shoot, context):
    return lambda page, name, **kw: shoot(page, f"{name}-{context.screen_name}", **kw)


@pytest.fixture
def certificate(in_db):
    def find():
        company = select(Organisation.id).where(Organisation.name == COMPANY)
        found = Certificate.company_id.in_(company)
        certificate = db.session.scalars(select(Certificate).where(found)).one()
        return certificate.number, certificate.payload

    return in_db(find)


def headline(page):
    return page.locator("#verdict")


def assert_in_view(page, locator):
    """The element is drawn inside the screen's width (not cut off)."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def lines_of(locator) -> int:
    """How many lines the element's text takes on screen."""
    return locator.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size }"
    )


# -- what a certificate's QR code opens ------------------------------------------


def test_the_qr_code_opens_the_live_status_of_the_certificate(
    page, base_url, certificate, snap
):
    number, payload = certificate
    page.goto(f"{base_url}/verify/{number}?sig={payload}")
    expect(headline(page)).to_have_text("GELDIG")
    expect(headline(page)).to_have_class(re.compile("status-valid"))
    expect(page.locator("#verdict-reason")).to_contain_text("echt")
    expect(page.locator(".facts")).to_contain_text(COMPANY)
    expect(page.locator("#checked-at")).to_contain_text(
        re.compile(r"Gecontroleerd tegen het register op \d+ \w+ 20\d\d om \d\d:\d\d")
    )
    expect(page).to_have_title(re.compile(number))
    assert_in_view(page, headline(page))
    snap(page, "valid")
    page.click("#register-link")
    expect(page.locator("h1")).to_contain_text(COMPANY)
    expect(page.locator(".facts")).to_contain_text(KVK)


def _changed_signature(payload: str) -> str:
    head, signature = payload.rsplit(".", 1)
    i = len(signature) // 2
    other = "A" if signature[i] != "A" else "B"
    return f"{head}.{signature[:i]}{other}{signature[i + 1 :]}"


def _signed_for_another_number(live, payload_number):
    from snf.certificates.keys import signer

    with live.app_context():
        return signer()(
            {
                "number": payload_number,
                "kvk": "24681357",
                "mark": "SNF",
                "valid_until": "2030-01-01",
                "issued_at": "2026-01-01T10:00:00Z",
            }
        )


def _signed_by_a_stranger(tmp_path, number):
    from snf.certificates.signing import KeyRing, sign_payload

    stranger = KeyRing(tmp_path / "stranger")
    fields = {
        "number": number,
        "kvk": KVK,
        "mark": "SNF",
        "valid_until": "2030-01-01",
        "issued_at": "2026-01-01T10:00:00Z",
    }
    return sign_payload(stranger, fields)


DUTCH_REASONS = {
    "changed byte": "gewijzigd nadat SNF ze ondertekende",
    "other certificate": "horen bij een ander certificaat",
    "stranger": "niet ondertekend met een sleutel van SNF",
}


@pytest.mark.parametrize("forgery", list(DUTCH_REASONS))
def test_a_forged_qr_code_headlines_not_genuine(
    page, base_url, certificate, live, tmp_path, snap, forgery
):
    number, payload = certificate
    forged = {
        "changed byte": lambda: _changed_signature(payload),
        "other certificate": lambda: _signed_for_another_number(live, "SNF-2014-00042"),
        "stranger": lambda: _signed_by_a_stranger(tmp_path, number),
    }[forgery]()
    page.goto(f"{base_url}/verify/{number}?sig={forged}")
    # The headline says it, whatever the certificate's own (valid) status.
    expect(headline(page)).to_have_text("NIET ECHT")
    expect(headline(page)).to_have_class(re.compile("status-not_genuine"))
    expect(page.locator("main")).not_to_contain_text("GELDIG")
    expect(page.locator("#verdict-reason")).to_contain_text(
        "niet in deze vorm door SNF"
    )
    # The reason too is in the reader's language, not the signing module's code.
    expect(page.locator("#verdict-reason")).to_contain_text(DUTCH_REASONS[forgery])
    assert_in_view(page, headline(page))
    snap(page, "not-genuine-" + forgery.replace(" ", "-"))
    page.click("a[lang=en]")
    expect(headline(page)).to_have_text("NOT GENUINE")
    expect(page.locator("#verdict-reason")).to_contain_text("Do not rely on it.")


def test_an_unknown_number_is_not_in_the_register(page, base_url, snap):
    response = page.goto(f"{base_url}/verify/SNF-0000-9999")
    assert response.status == 404
    expect(headline(page)).to_have_text("ONBEKEND")
    expect(page.locator(".facts")).to_have_count(0)
    snap(page, "unknown")


# -- anyone: the register ----------------------------------------------------------


def search(page, base_url, text):
    page.goto(base_url + "/register/")
    page.fill("#q", text)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator(".errors")).to_have_count(0)  # an empty field is no error


def test_anyone_searches_the_register_by_name_town_and_part_of_a_kvk_number(
    page, base_url, snap
):
    page.goto(base_url + "/register/")
    expect(page.locator(".lead")).to_contain_text("Alleen geregistreerde bedrijven")
    # The end of Westland's number: its start (3456) is also inside the KvK
    # number another journey signs up with (61234567).
    for text in ("Westland", "Naaldwijk", KVK[-5:]):
        search(page, base_url, text)
        row = page.locator("tbody tr", has_text=COMPANY)
        expect(row).to_have_count(1)
        expect(page.locator("#register-count")).to_have_text(
            re.compile(r"^1 bedrijf op \d+ \w+ 20\d\d$")
        )
        status = row.locator(".status")
        expect(status).to_have_text("geregistreerd")
        assert_in_view(page, status)  # on the phone too
        valid_until = row.locator(".valid-until:visible")
        expect(valid_until).to_have_text(re.compile(r"^\d+ \w+\.? 20\d\d$"))
        assert lines_of(valid_until) == 1  # dates do not wrap
        assert_in_view(page, valid_until)
    snap(page, "search")
    search(page, base_url, "")
    expect(
        page.locator("tbody tr", has_text=STRUCK_OFF).locator(".status")
    ).to_have_text("doorgehaald")
    snap(page, "register-all", full_page=True)


def test_a_wrong_filter_is_named_next_to_it_and_the_others_keep_working(
    page, base_url, snap
):
    page.goto(base_url + "/register/?q=Westland&status=bogus")
    expect(page.locator("#status-errors")).to_have_text("Kies een status uit de lijst.")
    expect(page.locator("#q")).to_have_value("Westland")
    expect(page.locator("tbody tr", has_text=COMPANY)).to_have_count(1)
    expect(page.locator("tbody tr")).to_have_count(1)
    snap(page, "filter-error")


def test_anyone_looks_up_a_company_on_a_past_date(page, base_url, snap):
    search(page, base_url, STRUCK_OFF)
    page.locator("tbody tr", has_text=STRUCK_OFF).locator("a").first.click()
    expect(page.locator("h1 .status")).to_have_text("doorgehaald")
    expect(page.locator("tbody")).to_contain_text("1 apr 2016")  # struck off from
    page.fill("#as_of", "2014-08-01")
    page.click("main form.toolbar button[type=submit]")
    expect(page.locator("h1 .status")).to_have_text("geregistreerd")
    expect(page.locator(".facts")).to_contain_text("Status op 1 augustus 2014")
    expect(page.locator(".facts")).to_contain_text("21 juli 2014")  # registered since
    snap(page, "company-2014")
    # Westland was registered years later: not in the register that day.
    response = page.goto(f"{base_url}/register/{KVK}?as_of=2014-08-01")
    assert response.status == 200
    expect(page.locator("#not-in-register")).to_contain_text(
        f"{COMPANY} stond op 1 augustus 2014 niet in het register."
    )
    expect(page.locator("h1")).to_contain_text("niet in het register")
    snap(page, "before-registration")
    page.click("text=Status vandaag")
    expect(page.locator("h1 .status")).to_have_text("geregistreerd")


def registered_today(page, base_url) -> int:
    """How many companies the register lists as registered today. Other
    journeys suspend, reinstate and strike off: the pages that total the
    register must agree with its list, whatever ran before."""
    page.goto(base_url + "/register/?status=registered")
    count = page.locator("#register-count")
    expect(count).to_have_text(re.compile(r"^\d+ bedrij(f|ven) op "))
    number = int(count.inner_text().split()[0])
    expect(page.locator("tbody tr")).to_have_count(number)
    return number


def test_anyone_reads_the_statistics(page, base_url, snap):
    registered = registered_today(page, base_url)
    page.goto(base_url + "/register/statistics")
    if registered == 1:
        expect(page.locator("#totals")).to_contain_text("1 geregistreerd bedrijf,")
    else:
        expect(page.locator("#totals")).to_contain_text(
            f"{registered} geregistreerde bedrijven,"
        )
    chart = page.locator("section", has_text="Geregistreerde bedrijven").locator("svg")
    ticks = chart.locator("text[text-anchor=end]").all_text_contents()
    # The demo's registered companies, the two growers under the agricultural
    # mark included: a tick every two.
    assert ticks == ["0", "2", "4", "6", "8"]
    expect(chart).to_contain_text(re.compile(r"[a-z]{3} 20\d\d"))  # "dec 2026"
    snap(page, "statistics", full_page=True)


def test_anyone_downloads_the_open_data(page, base_url, snap):
    registered = registered_today(page, base_url)
    page.goto(base_url + "/register/open-data")
    expect(page.locator(".lead")).to_contain_text(
        "is 1 bedrijf geregistreerd."
        if registered == 1
        else f"zijn {registered} bedrijven geregistreerd."
    )
    snap(page, "open-data")
    with page.expect_download() as info:
        page.click("a.button.primary")
    download = info.value
    assert re.fullmatch(
        r"snf-register-\d{4}-\d\d-\d\d\.csv", download.suggested_filename
    )
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_name = {row["name"]: row for row in rows}
    assert by_name[COMPANY]["status"] == "registered"
    assert by_name[STRUCK_OFF]["status"] == "struck_off"
    assert {row["as_of"] for row in rows} == {download.suggested_filename[13:23]}
    assert [row["status"] for row in rows].count("registered") == registered


# -- the verifier (ABU): bulk check --------------------------------------------------

MEMBERS = ["34567812", "17283946", "24681357", "12345678"]


def check(page, base_url, day=None):
    page.goto(base_url + "/register/verifications")
    page.fill("textarea[name=numbers]", "\n".join(MEMBERS))
    if day:
        page.fill("input[name=as_of]", day)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/register/verifications/\d+$"))


def read_csv(download) -> list[list[str]]:
    with open(download.path(), encoding="utf-8-sig") as handle:
        return list(csv.reader(io.StringIO(handle.read())))


def test_a_verifier_checks_members_today_and_on_2014_08_01(
    page, base_url, log_in, snap
):
    log_in(page, VERIFIER)
    check(page, base_url)
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0).locator(".status")).to_have_text("geregistreerd")
    expect(rows.nth(1).locator(".status")).to_have_text("aangemeld")
    expect(rows.nth(2).locator(".status")).to_have_text("doorgehaald")
    expect(rows.nth(3).locator(".status")).to_have_text("niet geregistreerd")
    assert_in_view(page, rows.nth(3).locator(".status"))
    snap(page, "check-today")

    check(page, base_url, "2014-08-01")
    expect(page.locator("#checked")).to_have_text(
        "4 nummers gecontroleerd tegen het register van 1 augustus 2014."
    )
    expect(rows.nth(2).locator(".status")).to_have_text("geregistreerd")
    expect(rows.nth(0).locator(".status")).to_have_text("niet geregistreerd")
    page.click("text=Alleen problemen")
    expect(rows).to_have_count(3)
    expect(page.locator("tbody")).not_to_contain_text(STRUCK_OFF)
    snap(page, "check-2014-problems")

    with page.expect_download() as info:
        page.click("text=CSV downloaden")
    download = info.value
    assert re.fullmatch(
        r"snf-check-2014-08-01-problems-\d+\.csv", download.suggested_filename
    )
    header, *lines = read_csv(download)
    assert header[:3] == ["KvK-nummer", "Geregistreerd op de peildatum", "Status"]
    assert header[-1] == "Peildatum"
    assert [line[0] for line in lines] == ["34567812", "17283946", "12345678"]
    assert {line[1] for line in lines} == {"nee"}
    assert [line[2] for line in lines] == ["niet geregistreerd"] * 3
    assert {line[-1] for line in lines} == {"2014-08-01"}
    assert "True" not in str(lines) and "False" not in str(lines)

    page.click("text=Alles tonen")
    with page.expect_download() as info:
        page.click("text=CSV downloaden")
    header, *lines = read_csv(info.value)
    oude_haven = lines[2]
    assert oude_haven[:4] == ["24681357", "ja", "geregistreerd", STRUCK_OFF]

    page.click("a[lang=en]")  # the same report, read in English
    expect(page.locator("#checked")).to_have_text(
        "4 numbers checked against the register of August 1, 2014."
    )
    with page.expect_download() as info:
        page.click("text=Download CSV")
    header, *lines = read_csv(info.value)
    assert header[:2] == ["KvK number", "Registered on the date checked"]
    assert lines[2][:3] == ["24681357", "yes", "registered"]
