"""A location's municipality in the API and the forms; the public list."""

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import locations
from tests.factories import bearer, login, make_organisation, make_user
from tests.geo.factories import make_municipality, map_postcode
from tests.inspections_factories import location_data, make_location


def _venlo_and_westland():
    make_municipality()
    make_municipality("GM1783", "Westland", "28")
    make_municipality("GM0501", "Brielle", "28", active=False)
    map_postcode("5911AB", 12, "GM0983")


def test_anyone_lists_the_municipalities_of_the_last_import(client):
    _venlo_and_westland()
    answer = client.get("/api/v1/municipalities")
    assert answer.status_code == 200
    assert answer.get_json() == [
        {"code": "GM0983", "name": "Venlo", "province": "Limburg"},
        {"code": "GM1783", "name": "Westland", "province": "Zuid-Holland"},
    ]


def test_a_location_answer_names_its_municipality(client):
    _venlo_and_westland()
    admin = bearer(client, make_user(role="admin"))
    company = make_organisation("company")
    url = f"/api/v1/companies/{company.kvk}/locations"
    body = location_data(postcode="5911 AB", house_number="12", town="Venlo")
    made = client.post(url, json=body, headers=admin).get_json()
    assert made["municipality"] == {
        "code": "GM0983", "name": "Venlo", "province": "Limburg"
    }  # fmt: skip
    unknown = client.post(url, json=location_data(postcode="9999 ZZ"), headers=admin)
    assert unknown.get_json()["municipality"] is None


def test_staff_set_a_municipality_by_hand_and_a_company_cannot(client):
    _venlo_and_westland()
    admin = bearer(client, make_user(role="admin"))
    owner = make_user(role="company")
    company = owner.organisation
    url = f"/api/v1/companies/{company.kvk}/locations"
    body = location_data(postcode="5911 AB", municipality="GM1783")
    made = client.post(url, json=body, headers=admin).get_json()
    assert made["municipality"]["code"] == "GM1783"
    other = location_data(postcode="5911 AB", municipality="GM9999")
    wrong = client.post(url, json=other, headers=admin)
    assert wrong.status_code == 422
    assert "GM9999" in wrong.get_json()["error"]["fields"]["municipality"][0]
    mine = location_data(municipality="GM1783")
    asked = client.post(url, json=mine, headers=bearer(client, owner))
    assert asked.status_code == 422
    assert asked.get_json()["error"]["fields"]["municipality"]


def test_staff_choose_the_municipality_in_the_form_a_company_sees_none(client):
    _venlo_and_westland()
    location = make_location(postcode="5911 AB", house_number=12)
    assert location.municipality_code == "GM0983"
    login(client, make_user(role="admin"))
    page = client.get(f"/locations/{location.id}/edit").get_data(as_text=True)
    assert 'name="municipality"' in page and "Westland (GM1783)" in page
    assert 'value="5911 AB"' in page
    form = {
        "street": location.street, "house_number": "12", "postcode": "5911 AB",
        "town": "Venlo", "housing_type": "regular_dwelling", "use_class": "wonen",
        "beds": "6", "municipality": "GM1783",
    }  # fmt: skip
    assert client.post(f"/locations/{location.id}/edit", data=form).status_code == 302
    db.session.refresh(location)
    assert location.municipality_code == "GM1783" and location.municipality_by_hand
    shown = client.get(f"/locations/{location.id}").get_data(as_text=True)
    assert "Westland (GM1783, Zuid-Holland)" in shown
    client.post(f"/locations/{location.id}/edit", data={**form, "municipality": ""})
    db.session.refresh(location)
    assert location.municipality_code == "GM0983"  # from the address again


def test_a_company_edits_its_location_without_a_municipality_field(client):
    _venlo_and_westland()
    location = make_location(postcode="5911 AB", house_number=12)
    login(client, make_user(role="company", organisation=location.company))
    own = client.get(f"/locations/{location.id}/edit").get_data(as_text=True)
    assert 'name="municipality"' not in own


def test_an_approved_request_gets_the_municipality_of_its_address():
    _venlo_and_westland()
    owner = make_user(role="company")
    body = location_data(postcode="5911 AB", house_number=12)
    asked = locations.request_location(owner, owner.organisation, body, now=utcnow())
    location = locations.approve_location_request(None, asked, now=utcnow())
    assert location.municipality.name == "Venlo"
