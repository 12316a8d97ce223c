"""Addresses as people type them: valid ones stored as the BAG's parts,
invalid ones refused with a message naming the field (DOMAIN.md §7)."""

import pytest

from snf.geo.addresses import (
    HouseNumberError,
    parse_house_number,
    written_address,
)
from snf.inspections import locations
from tests.factories import bearer, login, make_organisation, make_user
from tests.inspections_factories import location_data

VALID = [
    ("12", (12, "", "")),
    (" 7 ", (7, "", "")),
    ("12A", (12, "A", "")),
    ("12a", (12, "A", "")),
    ("12 a", (12, "A", "")),
    ("12-3", (12, "", "3")),
    ("12 - 3", (12, "", "3")),
    ("12/3", (12, "", "3")),
    ("12A-3", (12, "A", "3")),
    ("12a-3", (12, "A", "3")),
    ("12 A 3", (12, "A", "3")),
    ("12 A-3", (12, "A", "3")),
    ("1-hs", (1, "", "HS")),
    ("101-BIS", (101, "", "BIS")),
    ("4-II", (4, "", "II")),
    ("250-1012", (250, "", "1012")),
    ("99999", (99999, "", "")),
    ("007", (7, "", "")),
]
INVALID = [
    "",
    "A12",
    "Kerkstraat 12",
    "0",
    "100000",
    "12 bis",
    "12AB",
    "12A3",
    "12-12345",
    "12-3-4",
    "12 ½",
    "12½",
    "9" * 5000,
    "12-",
]


@pytest.mark.parametrize(("typed", "parts"), VALID)
def test_a_house_number_as_typed_is_read_into_its_parts(typed, parts):
    house = parse_house_number(typed)
    assert (house.number, house.letter, house.addition) == parts


@pytest.mark.parametrize("typed", INVALID)
def test_a_house_number_that_is_not_one_is_refused_with_a_message(typed):
    with pytest.raises(HouseNumberError) as caught:
        parse_house_number(typed)
    assert len(str(caught.value)) > 10


def test_an_address_is_written_the_dutch_way():
    written = written_address("Kerkstraat", 12, "A", "3", "5911ab", "Venlo")
    assert written == "Kerkstraat 12A-3, 5911 AB Venlo"
    assert written_address("Molenweg", 4, "", "", "1234AB", "X") == (
        "Molenweg 4, 1234 AB X"
    )


@pytest.mark.parametrize(("typed", "parts"), VALID[:12])
def test_the_api_stores_the_parts_of_a_typed_house_number(client, typed, parts):
    admin = bearer(client, make_user(role="admin"))
    company = make_organisation("company")
    body = location_data(house_number=typed, postcode="5911ab")
    response = client.post(
        f"/api/v1/companies/{company.kvk}/locations", json=body, headers=admin
    )
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    stored = (answer["house_number"], answer["house_letter"])
    assert (*stored, answer["house_number_addition"]) == parts
    assert answer["house_addition"] == parts[2]  # the former name, kept
    assert answer["postcode"] == "5911 AB"
    assert answer["address"].startswith(f"Dorpsstraat {parse_house_number(typed)},")


@pytest.mark.parametrize("typed", ["12 bis", "12AB", "0", "A12", "12-12345"])
def test_the_api_refuses_a_house_number_naming_the_field(client, typed):
    admin = bearer(client, make_user(role="admin"))
    company = make_organisation("company")
    response = client.post(
        f"/api/v1/companies/{company.kvk}/locations",
        json=location_data(house_number=typed),
        headers=admin,
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["house_number"][0]


def test_the_api_takes_the_addition_under_both_names(client):
    admin = bearer(client, make_user(role="admin"))
    company = make_organisation("company")
    url = f"/api/v1/companies/{company.kvk}/locations"
    old = client.post(url, json=location_data(house_addition="2"), headers=admin)
    new = client.post(
        url, json=location_data(house_number_addition="b2"), headers=admin
    )
    assert old.get_json()["house_number_addition"] == "2"
    assert new.get_json()["house_number_addition"] == "B2"
    both = location_data(house_addition="1", house_number_addition="2")
    refused = client.post(url, json=both, headers=admin)
    assert refused.status_code == 422
    assert "house_addition" in refused.get_json()["error"]["fields"]


def test_a_letter_field_that_contradicts_the_number_is_refused(client):
    admin = bearer(client, make_user(role="admin"))
    company = make_organisation("company")
    body = location_data(house_number="12A", house_letter="B")
    response = client.post(
        f"/api/v1/companies/{company.kvk}/locations", json=body, headers=admin
    )
    assert response.status_code == 422
    assert "12" not in str(response.get_json()["error"]["fields"].get("house_number"))
    assert response.get_json()["error"]["fields"]["house_letter"]


def _form(house_number, **extra):
    return {
        "street": "Kerkstraat",
        "house_number": house_number,
        "postcode": "5911 AB",
        "town": "Venlo",
        "housing_type": "regular_dwelling",
        "use_class": "wonen",
        "beds": "6",
        **extra,
    }


def test_staff_type_12a_3_in_the_form_and_the_parts_are_stored(client):
    admin = make_user(role="admin")
    company = make_organisation("company")
    login(client, admin)
    response = client.post(f"/locations/new?company={company.id}", data=_form("12A-3"))
    assert response.status_code == 302
    stored = locations.find_by_address("5911AB", 12, "A", "3")
    assert stored is not None and stored.address == "Kerkstraat 12A-3, 5911 AB Venlo"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kerkstraat 12A-3, 5911 AB Venlo" in page


def test_the_form_names_the_field_of_a_wrong_house_number(client):
    login(client, make_user(role="company"))
    page = client.post("/locations/new", data=_form("12 bis")).get_data(as_text=True)
    assert 'id="house_number-errors"' in page
    page = client.post("/locations/new", data=_form("12A", house_letter="B")).get_data(
        as_text=True
    )
    assert 'id="house_letter-errors"' in page


def test_the_same_address_twice_at_one_company_is_refused(client):
    admin = bearer(client, make_user(role="admin"))
    company = make_organisation("company")
    url = f"/api/v1/companies/{company.kvk}/locations"
    first = client.post(url, json=location_data(house_number="3a"), headers=admin)
    again = client.post(url, json=location_data(house_number="3 A"), headers=admin)
    assert first.status_code == 201
    assert again.status_code == 422
    assert again.get_json()["error"]["fields"]["house_number"]


def test_the_same_address_at_two_companies_is_one_shared_location(client):
    admin = bearer(client, make_user(role="admin"))
    first, second = make_organisation("company"), make_organisation("company")
    body = location_data(house_number="8-2")
    made = client.post(
        f"/api/v1/companies/{first.kvk}/locations", json=body, headers=admin
    )
    body["house_number"] = "8 - 2"
    linked = client.post(
        f"/api/v1/companies/{second.kvk}/locations", json=body, headers=admin
    )
    assert made.status_code == 201 and linked.status_code == 202
    shared = locations.find_by_address("2671AB", 8, "", "2")
    assert shared.company_id == first.id
    assert [link.company_id for link in shared.users] == [second.id]
