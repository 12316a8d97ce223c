"""Location link requests (issue 14, F1 and F14): registering an address never
tells a company whether or by whom it is used; the primarily responsible
company (or SNF) approves; ``primarily_responsible`` is true only for it."""

import re

import pytest
from sqlalchemy import func, select

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import locations
from snf.inspections.models import Location, LocationRequest
from tests.factories import bearer, login, make_organisation, make_user
from tests.inspections_factories import location_data, make_location


def _address(location) -> dict:
    return location_data(
        street=location.street,
        house_number=location.house_number,
        postcode=location.postcode,
        town=location.town,
    )


def _company_user(**overrides):
    company = make_organisation("company")
    return company, make_user(role="company", organisation=company, **overrides)


def test_known_and_unknown_addresses_get_the_same_answer_naming_no_one(client):
    owner = make_organisation("company", name="Westland Eigenaar BV")
    known = make_location(owner, bag_id="0123456789012345")
    company, user = _company_user()
    headers = bearer(client, user)
    url = f"/api/v1/companies/{company.kvk}/locations"
    answers = [
        client.post(url, json=_address(known), headers=headers),
        client.post(url, json=location_data(house_number=999), headers=headers),
        # A BAG id of another address is not checked (that would tell too).
        client.post(
            url,
            json=location_data(house_number=998, bag_id="0123456789012345"),
            headers=headers,
        ),
    ]
    assert [a.status_code for a in answers] == [202, 202, 202]
    assert [sorted(a.get_json()) for a in answers] == [["request", "status"]] * 3
    assert {a.get_json()["status"] for a in answers} == {"pending"}
    for answer in answers:
        text = answer.get_data(as_text=True)
        assert owner.name not in text and owner.kvk not in text
        assert str(known.id) not in text.replace(str(answer.get_json()["request"]), "")
    assert known.users == []  # not linked until approved
    assert locations.find_by_address("2671 AB", 999) is None


def test_the_form_answers_the_same_for_known_and_unknown(client):
    owner = make_organisation("company", name="Westland Eigenaar BV")
    known = make_location(owner)
    pages = []
    for data in (_address(known), location_data(house_number=997)):
        _company, user = _company_user(name="Jan Visser")
        login(client, user)
        response = client.post("/locations/new", data=data)
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        pages.append((response.headers["Location"], _normalised(page, data)))
        client.post("/logout")
    assert pages[0] == pages[1]
    assert "Your request is received" in pages[0][1]
    assert "Waiting for approval" in pages[0][1]
    assert owner.name not in pages[0][1]


def _normalised(page: str, data: dict) -> str:
    """Without what may differ: the CSRF token's timestamp, the requester's
    own address and the time it asked."""
    page = page[page.index("<main") :]  # the header names the user
    page = re.sub(r"<td>[^<]*\d\d:\d\d[^<]*</td>", "", page)
    return page.replace(_address_text(data), "ADDRESS")


def _address_text(data: dict) -> str:
    postcode = data["postcode"].replace(" ", "")
    number = data["house_number"]
    return f"{data['street']} {number}, {postcode[:4]} {postcode[4:]} {data['town']}"


def test_the_primary_company_approves_a_link(client):
    owner = make_organisation("company")
    owner_user = make_user(role="company", organisation=owner)
    known = make_location(owner)
    company, user = _company_user()
    asked = locations.request_location(user, company, _address(known), now=utcnow())
    login(client, owner_user)
    page = client.get("/location-requests").get_data(as_text=True)
    assert company.name in page and "Approve the request" in page
    response = client.post(f"/location-requests/{asked.id}/approve")
    assert response.status_code == 302
    db.session.refresh(known)
    assert [link.company_id for link in known.users] == [company.id]
    assert known.company_id == owner.id


def test_only_the_primary_company_or_snf_decides(client):
    owner = make_organisation("company")
    known = make_location(owner)
    company, user = _company_user()
    to_link = locations.request_location(user, company, _address(known), now=utcnow())
    new = locations.request_location(user, company, location_data(), now=utcnow())
    outsider = bearer(client, make_user(role="company"))
    requester = bearer(client, user)
    owner_token = bearer(client, make_user(role="company", organisation=owner))
    for headers in (outsider, requester):
        url = f"/api/v1/location-requests/{to_link.id}/approve"
        assert client.post(url, headers=headers).status_code == 403
    # A new address is SNF's to approve, not any company's.
    url = f"/api/v1/location-requests/{new.id}/approve"
    assert client.post(url, headers=owner_token).status_code == 403
    staff = bearer(client, make_user(role="admin"))
    approved = client.post(url, headers=staff)
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    location = locations.find_by_address(new.postcode, new.house_number)
    assert location.company_id == company.id
    again = client.post(url, headers=staff)
    assert again.status_code == 409


def test_the_requester_reads_not_approved_and_nothing_more(client):
    owner = make_organisation("company", name="Geheime Eigenaar BV")
    known = make_location(owner)
    company, user = _company_user()
    asked = locations.request_location(user, company, _address(known), now=utcnow())
    reason = "We do not know this company at all"
    locations.reject_location_request(
        make_user(role="company", organisation=owner), asked, reason=reason,
        now=utcnow(),
    )  # fmt: skip
    login(client, user)
    page = client.get("/location-requests").get_data(as_text=True)
    assert "Not approved" in page
    assert reason not in page and owner.name not in page
    mine = client.get("/api/v1/location-requests/mine", headers=bearer(client, user))
    (item,) = mine.get_json()["items"]
    assert item["status"] == "rejected" and "reason" not in item
    assert "location_id" not in item and "company" not in item


def test_primarily_responsible_is_true_only_for_that_company(client):
    owner = make_organisation("company")
    known = make_location(owner)
    company = make_organisation("company")
    locations.link_company(None, known, company, now=utcnow())
    url = f"/api/v1/locations/{known.id}"
    linked = client.get(url, headers=bearer(client, make_user(organisation=company)))
    assert linked.status_code == 200
    assert linked.get_json()["primarily_responsible"] is False
    primary = client.get(url, headers=bearer(client, make_user(organisation=owner)))
    assert primary.get_json()["primarily_responsible"] is True


def test_asking_twice_gives_the_same_request(client):
    company, user = _company_user()
    data = location_data()
    first = locations.request_location(user, company, data, now=utcnow())
    again = locations.request_location(user, company, data, now=utcnow())
    assert first.id == again.id
    assert db.session.scalar(select(func.count(LocationRequest.id))) >= 1


@pytest.fixture
def limited(rate_limited):
    return rate_limited(RATELIMIT_LOCATIONS="2/hour").test_client()


def test_registering_locations_is_rate_limited_for_companies(limited):
    company, user = _company_user()
    headers = bearer(limited, user)
    url = f"/api/v1/companies/{company.kvk}/locations"
    codes = [
        limited.post(url, json=location_data(), headers=headers).status_code
        for _ in range(3)
    ]
    assert codes == [202, 202, 429]
    # The form counts against the same limit.
    login(limited, user)
    assert limited.post("/locations/new", data=location_data()).status_code == 429
    # Staff are not limited.
    limited.post("/logout")
    staff = bearer(limited, make_user(role="admin"))
    codes = [
        limited.post(url, json=location_data(), headers=staff).status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 201]
    assert db.session.scalar(select(func.count(Location.id))) >= 3


def test_a_company_cannot_probe_addresses_by_moving_its_location(client):
    other = make_location()
    company, user = _company_user()
    own = make_location(company)
    login(client, user)
    moved = {**_address(other), "housing_type": own.housing_type,
             "use_class": own.use_class, "beds": own.beds}  # fmt: skip
    page = client.post(f"/locations/{own.id}/edit", data=moved).get_data(as_text=True)
    assert "register the new address as a location" in page
    assert "Another location has this address" not in page
    db.session.refresh(own)
    assert own.house_number != other.house_number or own.postcode != other.postcode
    # Other fields stay editable.
    kept = {**_address(own), "housing_type": own.housing_type,
            "use_class": own.use_class, "beds": 3}  # fmt: skip
    assert client.post(f"/locations/{own.id}/edit", data=kept).status_code == 302
    db.session.refresh(own)
    assert own.beds == 3
