"""Issue 18, the municipality's permit officer in the browser, in Dutch and in
English (the language links in the top bar): from the menu to the list of
every location in Westland, certified or not, and its CSV; another
municipality's list is refused."""

import csv
import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect

OFFICER = "gemeente@westland.example"


def test_the_officer_checks_the_locations_of_westland(
    page, base_url, log_in, shoot, tmp_path
):
    log_in(page, OFFICER)
    page.get_by_role("link", name="Mijn gemeente").click()
    expect(page.locator("h1")).to_have_text("Locaties in Westland")
    rows = page.locator("#municipality-locations tbody tr")
    # Other journeys of the session may add locations in Westland: no count.
    expect(rows.filter(has_text="Havenstraat 12, 2671 CK Naaldwijk")).to_contain_text(
        "Westland Flex Huisvesting BV"
    )
    zwartendijk = rows.filter(has_text="Zwartendijk 40")
    expect(zwartendijk).to_contain_text("24")
    expect(zwartendijk.locator("td").last).to_have_text("1")  # an open major
    expect(page.locator("#municipality-locations")).not_to_contain_text("Tilburg")
    shoot(page, "westland-list", full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV downloaden").click()
    path = tmp_path / "westland.csv"
    info.value.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert table[0][:3] == ["Adres", "Postcode", "Bedden"]
    addresses = {row[0] for row in table[1:]}
    assert {"Havenstraat 12, 2671 CK Naaldwijk", "Zwartendijk 40, 2681 LP Monster"} <= (
        addresses
    )
    assert not any("Tilburg" in address for address in addresses)

    page.click("a[lang=en]")  # the same list, read in English
    expect(page.locator("h1")).to_have_text("Locations in Westland")
    expect(page.locator("#summary")).to_contain_text("of them certified")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    path = tmp_path / "westland-en.csv"
    info.value.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert table[0][:3] == ["Address", "Postcode", "Beds"]
    assert "Havenstraat 12, 2671 CK Naaldwijk" in {row[0] for row in table[1:]}

    response = page.goto(f"{base_url}/municipalities/GM0983/locations")
    assert response.status == 403
