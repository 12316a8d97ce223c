"""SNF staff's norm work as the README's "Try it" row has it, in Dutch on the
tablet: edit a threshold of the draft SNF 2026.1 through its labelled field
(a wrong value is refused next to the field), read the diff with 2024.1 by
title, run the what-if of 2021.1 against 2024.1 (only what changes, the
locations that flip, their CSV), and accept Westland's repair letter."""

import csv
import io
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

ADMIN = "admin@snf.example"
TOILETS = "Bewoners per toilet (bewoners)"


def _nav(page, label: str) -> None:
    page.locator("nav.mainnav").get_by_role("link", name=label, exact=True).click()


def _phone_shot(page, shoot, name: str) -> None:
    """The same page on a phone (390x844), then back to the tablet."""
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, name, full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})


def test_admin_edits_a_threshold_and_reads_the_diff_by_title(page, log_in, shoot):
    log_in(page, ADMIN)
    _nav(page, "Normen")
    page.get_by_role("link", name="SNF 2026.1", exact=True).click()
    page.locator("#req-B-3\\.1").get_by_role("link", name="Wijzigen").click()
    expect(page.locator("h1")).to_contain_text("B-3.1")
    field = page.get_by_label(TOILETS)
    expect(field).to_have_value("6.0")  # the demo draft: 6 instead of 8
    expect(page.locator(".rule-words")).to_contain_text(
        "aantal toiletten × Bewoners per toilet (6 bewoners) ≥ aantal bewoners"
    )
    field.fill("vijf")
    page.get_by_role("button", name="Opslaan").click()
    errors = page.locator("#param-occupants_per_toilet-errors")
    expect(errors).to_have_text("Vul een getal in, bijvoorbeeld 8 of 2,5.")
    expect(page.get_by_label(TOILETS)).to_have_value("vijf")
    shoot(page, "threshold-error", full_page=True)
    _phone_shot(page, shoot, "threshold-error-phone")
    page.get_by_label(TOILETS).fill("5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_have_text("Eis B-3.1 opgeslagen.")

    _nav(page, "Normen")
    row = page.locator("tr", has_text="SNF 2026.1")
    row.get_by_role(
        "link", name="Wijzigingen ten opzichte van de vorige versie"
    ).click()
    expect(page.locator("h1")).to_have_text("SNF 2024.1 → 2026.1")
    toilets = page.locator("table.changed-table", has_text="B-3.1")
    expect(toilets.locator("caption")).to_have_text("B-3.1 Voldoende toiletten")
    cells = toilets.locator("tbody tr").first.locator("td")
    expect(cells).to_have_text(
        ["Normwaarde: Bewoners per toilet (bewoners)", "8 bewoners", "5 bewoners"]
    )
    expect(page.locator("body")).not_to_contain_text("rule.params")
    expect(page.locator("tr.added")).to_contain_text(
        re.compile(r"B-7\.8\s*Vluchtwegen zijn vrij van obstakels")
    )
    shoot(page, "diff", full_page=True)
    _phone_shot(page, shoot, "diff-phone")


def test_admin_runs_the_what_if_and_downloads_the_flipping_locations(
    page, log_in, shoot, tmp_path
):
    log_in(page, ADMIN)
    _nav(page, "Wat-als")
    page.select_option("#v0", label="SNF 2021.1")
    page.select_option("#v1", label="SNF 2024.1")
    page.get_by_role("button", name="Uitvoeren").click()
    flips = page.locator("#flips")
    expect(flips.locator("h2")).to_have_text("1 locatie krijgt een ander oordeel")
    flipped = flips.locator("tbody tr")
    expect(flipped).to_have_count(1)
    expect(flipped).to_contain_text("Kickersbloem 3, 3221 LC Hellevoetsluis")
    expect(flipped).to_contain_text("Oude Haven Flex BV")
    expect(flipped).to_contain_text("B-1.4 Geen stapelbedden")
    expect(flipped.locator(".status")).to_have_text(["conform", "niet conform"])
    # Only what changes by default: the bunk-bed ban, not 35 rows of zeros.
    rows = page.locator("#whatif-requirements tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("B-1.4 Geen stapelbedden")
    shoot(page, "whatif", full_page=True)
    _phone_shot(page, shoot, "whatif-phone")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download deze locaties (CSV)").click()
    path = tmp_path / "whatif.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == [
        "Locatienummer",
        "Adres",
        "Bedrijf",
        "KvK-nummer",
        "Bedden",
        "Oordeel onder SNF 2021.1",
        "Oordeel onder SNF 2024.1",
        "Voldoet nu niet meer",
        "Voldoet nu wel",
    ]
    [row] = table[1:]
    assert row[1] == "Kickersbloem 3, 3221 LC Hellevoetsluis"
    assert row[5:8] == ["conform", "niet conform", "B-1.4"]

    page.get_by_role("link", name="Toon alle eisen").click()
    assert page.locator("#whatif-requirements tbody tr").count() > 20


def test_admin_runs_the_whatif_as_a_job_and_follows_it(page, log_in, shoot):
    log_in(page, ADMIN)
    _nav(page, "Wat-als")
    page.select_option("#v0", label="SNF 2021.1")
    page.select_option("#v1", label="SNF 2024.1")
    page.get_by_role("button", name="Uitvoeren").click()
    page.get_by_role("button", name="Als taak uitvoeren (landelijke schaal)").click()
    expect(page.locator("h1")).to_have_text("Taak: Wat-als")
    # Without Redis (this server) the job runs in a thread of the app; the
    # page refreshes itself until it is done.
    expect(page.locator("#job-status")).to_have_text("Klaar.", timeout=90_000)
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    result = page.locator("#job-result tbody tr")
    expect(result).to_have_count(2)
    expect(result.first).to_contain_text("SNF 2021.1")
    expect(page.get_by_text("1 locatie krijgt een ander oordeel")).to_be_visible()
    shoot(page, "whatif-job")
    _nav(page, "Taken")
    expect(page.locator("h1")).to_have_text("Taken")
    expect(page.locator("#jobs tbody tr").first).to_contain_text("Wat-als")


def test_admin_accepts_westlands_repair_letter(page, log_in, shoot):
    log_in(page, ADMIN)
    _nav(page, "Tekortkomingen")
    waiting = page.locator("tr", has_text="herstelbrief verstuurd")
    expect(waiting).to_have_count(1)
    waiting.get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text("B-3.1 Voldoende toiletten")
    expect(page.locator(".facts")).to_contain_text(
        "18 bewoners en 2 toilet(ten): maximaal 8 bewoners per toilet"
    )
    expect(page.locator("section.card")).to_contain_text("Een derde toilet")
    shoot(page, "finding", full_page=True)
    page.locator("#accept-confirm summary").click()
    expect(page.locator("#accept-confirm")).to_contain_text(
        "Dit sluit de tekortkoming definitief; dat kan niet ongedaan worden gemaakt."
    )
    shoot(page, "accept-confirm", full_page=True)
    page.get_by_role("button", name="Ja, accepteren en tekortkoming sluiten").click()
    expect(page.locator(".flash-success")).to_have_text("Besluit vastgelegd.")
    expect(page.locator(".facts")).to_contain_text(re.compile(r"Status\s*afgehandeld"))
