"""A verifier (ABU) follows its members' numbers on the tablet, in Dutch:
the demo's four members are watched; it adds a number, reads the status of
each, and stops watching one."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

VERIFIER = "controle@abu.example"


def test_a_verifier_watches_and_stops_watching_a_number(page, log_in, shoot):
    log_in(page, VERIFIER)
    page.locator("nav.mainnav a", has_text="Gevolgde nummers").click()
    expect(page.locator("h1")).to_have_text("Gevolgde nummers")
    expect(page.locator("h2")).to_contain_text("4 nummers gevolgd")
    row = page.locator("tr", has_text="34567812")
    expect(row.locator(".status")).to_be_visible()  # in words and colour
    page.fill("textarea[name=numbers]", "87654321")
    page.get_by_role("button", name="Volgen", exact=True).click()
    expect(page.locator("main")).to_contain_text("U volgt nu 1 nummer meer.")
    expect(page.locator("h2")).to_contain_text("5 nummers gevolgd")
    added = page.locator("tr", has_text="87654321")
    expect(added).to_contain_text("niet geregistreerd")
    shoot(page, "watched")
    added.get_by_role("button", name="Niet meer volgen").click()
    expect(page.locator("main")).to_contain_text("U volgt 87654321 niet meer.")
    expect(page.locator("h2")).to_contain_text("4 nummers gevolgd")
    page.fill("textarea[name=numbers]", "12 34")
    page.get_by_role("button", name="Volgen", exact=True).click()
    expect(page.locator(".errors")).to_contain_text(re.compile("geen KvK-nummer"))
