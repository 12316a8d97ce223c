import pytest

from snf.database import utcnow
from snf.errors import ValidationError
from snf.extensions import db
from snf.inspections import locations
from snf.inspections.models import LocationUser
from tests.factories import bearer, login, make_organisation, make_user
from tests.inspections_factories import location_data, make_location


def test_postcode_is_normalised_and_address_shown_dutch_style():
    location = make_location(postcode="2671 ab", house_number=12, house_letter="a")
    assert location.postcode == "2671AB"
    assert location.address.startswith("Dorpsstraat 12A, 2671 AB")


def test_same_address_links_the_second_company_instead_of_duplicating():
    first = make_organisation("company")
    second = make_organisation("company")
    data = location_data(house_number=5)
    original, created = locations.register_location(None, first, data, now=utcnow())
    again, created_again = locations.register_location(None, second, data, now=utcnow())
    assert created and not created_again and again.id == original.id
    assert again.company_id == first.id  # still primarily responsible
    assert [link.company_id for link in again.users] == [second.id]


def test_bag_id_must_be_unique_across_addresses():
    make_location(bag_id="0123456789012345")
    with pytest.raises(ValidationError) as caught:
        make_location(bag_id="0123456789012345")
    assert "bag_id" in caught.value.fields


def test_company_sees_own_and_reported_locations_only(client):
    company = make_organisation("company")
    user = make_user(role="company", organisation=company)
    own = make_location(company)
    reported = make_location()
    locations.link_company(None, reported, company, now=utcnow())
    hidden = make_location()
    login(client, user)
    page = client.get("/locations").get_data(as_text=True)
    assert own.street in page and str(reported.house_number) in page
    assert client.get(f"/locations/{own.id}").status_code == 200
    assert client.get(f"/locations/{reported.id}").status_code == 200
    assert client.get(f"/locations/{hidden.id}").status_code == 403
    # Reporting companies may see the location but not change it.
    assert client.get(f"/locations/{reported.id}/edit").status_code == 403


def test_company_asks_for_a_location_through_the_form_and_snf_approves(client):
    user = make_user(role="company")
    login(client, user)
    response = client.post(
        "/locations/new",
        data={
            "street": "Kerkstraat",
            "house_number": "3",
            "postcode": "1234 AB",
            "town": "Ergens",
            "housing_type": "regular_dwelling",
            "use_class": "wonen",
            "beds": "6",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/location-requests")
    assert locations.find_by_address("1234AB", 3) is None  # waits for SNF
    (asked,) = locations.list_location_requests_for(make_user(role="admin"))
    locations.approve_location_request(None, asked, now=utcnow())
    assert locations.find_by_address("1234AB", 3).company_id == user.organisation_id


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postcode", "0123 AB"),
        ("postcode", "1234 SA"),
        ("postcode", "12345"),
        ("house_number", "x"),
        ("beds", "0"),
        ("bag_id", "123"),
    ],
)
def test_bad_location_form_names_the_field_and_saves_nothing(client, field, value):
    login(client, make_user(role="company"))
    data = {
        "street": "Kerkstraat",
        "house_number": "3",
        "postcode": "1234 AB",
        "town": "Ergens",
        "housing_type": "regular_dwelling",
        "use_class": "wonen",
        "beds": "6",
        field: value,
    }
    page = client.post("/locations/new", data=data).get_data(as_text=True)
    assert f'id="{field}-errors"' in page
    assert locations.find_by_address("1234AB", 3) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postcode", "1234 SD"),
        ("postcode", 1234),
        ("house_number", "12 bis"),
        ("house_number", True),
        ("house_number", 0),
        ("beds", -1),
        ("bag_id", "12345678901234567"),
        ("housing_type", "castle"),
        ("house_addition", "toolong"),
    ],
)
def test_api_location_errors_name_the_field(client, field, value):
    admin = bearer(client, make_user(role="admin"))
    company = make_organisation("company")
    body = {**location_data(), field: value}
    response = client.post(
        f"/api/v1/companies/{company.kvk}/locations", json=body, headers=admin
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert db.session.query(LocationUser).count() == 0


def test_staff_register_a_new_address_and_link_a_known_one(client):
    first, second = make_organisation("company"), make_organisation("company")
    admin = bearer(client, make_user(role="admin"))
    body = location_data(house_number=77)
    created = client.post(
        f"/api/v1/companies/{first.kvk}/locations", json=body, headers=admin
    )
    assert created.status_code == 201 and created.get_json()["primarily_responsible"]
    linked = client.post(
        f"/api/v1/companies/{second.kvk}/locations", json=body, headers=admin
    )
    assert linked.status_code == 202
    assert linked.get_json()["status"] == "approved"
    location = locations.get_location(created.get_json()["id"])
    assert location.company_id == first.id
    assert [link.company_id for link in location.users] == [second.id]
