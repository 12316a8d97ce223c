"""API lists (and the location request page) checked by their rows, like
the HTML lists in test_list_rows.py: each role gets exactly the objects it may
see, not only a 200. Location
requests wait for the company primarily responsible for the address (or SNF)
and show their requester only its own; drafts of a norm are for staff; the
public register, its feed and its open data are the same for everyone and
never hold a claim that is still pending."""

import re
from datetime import date

import pytest

from snf.database import utcnow
from snf.inspections import locations
from tests.certificates_factories import make_registered
from tests.claims_factories import make_claim
from tests.factories import bearer, login, make_organisation, make_user
from tests.inspections_factories import location_data, make_location


def _request(company, **address):
    return locations.request_location(
        None, company, location_data(**address), now=utcnow()
    )


def _address_of(location) -> dict:
    return {
        "street": location.street,
        "house_number": location.house_number,
        "postcode": location.postcode,
        "town": location.town,
    }


@pytest.fixture
def world():
    company_a, company_b, company_c = (make_organisation("company") for _ in "abc")
    users = {
        "admin": make_user("admin"),
        "company_a": make_user("company", company_a),
        "company_b": make_user("company", company_b),
        "company_c": make_user("company", company_c),
        "inspector": make_user("inspector"),
        "verifier": make_user("verifier"),
    }
    loc_a = make_location(company_a, street="Aalstraat")
    loc_b = make_location(company_b, street="Beukstraat")
    requests = {
        # A asks for B's address, C for A's, B for an address nobody has.
        "a_for_b": _request(company_a, **_address_of(loc_b)),
        "c_for_a": _request(company_c, **_address_of(loc_a)),
        "b_new": _request(company_b, street="Dorpsweg", house_number=917),
    }
    return users, {key: request.id for key, request in requests.items()}


# (user, path) -> the requests listed, exactly
REQUEST_LISTS = {
    ("admin", "/api/v1/location-requests"): {"a_for_b", "c_for_a", "b_new"},
    ("company_a", "/api/v1/location-requests"): {"c_for_a"},
    ("company_b", "/api/v1/location-requests"): {"a_for_b"},
    ("company_c", "/api/v1/location-requests"): set(),
    ("admin", "/api/v1/location-requests/mine"): set(),
    ("company_a", "/api/v1/location-requests/mine"): {"a_for_b"},
    ("company_b", "/api/v1/location-requests/mine"): {"b_new"},
    ("company_c", "/api/v1/location-requests/mine"): {"c_for_a"},
}


@pytest.mark.parametrize(("who", "path"), sorted(REQUEST_LISTS))
def test_a_request_list_holds_exactly_the_rows_the_user_may_see(
    client, world, who, path
):
    users, ids = world
    response = client.get(path + "?per_page=100", headers=bearer(client, users[who]))
    assert response.status_code == 200
    listed = {item["id"] for item in response.get_json()["items"]}
    assert listed == {ids[key] for key in REQUEST_LISTS[(who, path)]}


INCOMING = re.compile(r'<h3 id="request-(\d+)">')


@pytest.mark.parametrize("who", ["admin", "company_a", "company_b", "company_c"])
def test_the_request_page_holds_the_same_rows_as_the_api(client, world, who):
    users, ids = world
    login(client, users[who])
    page = client.get("/location-requests").get_data(as_text=True)
    incoming = {int(n) for n in INCOMING.findall(page)}
    expected = REQUEST_LISTS[(who, "/api/v1/location-requests")]
    assert incoming == {ids[key] for key in expected}


@pytest.mark.parametrize("who", ["inspector", "verifier"])
def test_roles_without_a_company_get_no_request_rows(client, world, who):
    users, _ids = world
    headers = bearer(client, users[who])
    for path in ("/api/v1/location-requests", "/api/v1/location-requests/mine"):
        assert client.get(path, headers=headers).status_code == 403


def test_a_request_row_names_no_other_company(client, world):
    users, ids = world
    body = client.get(
        "/api/v1/location-requests/mine", headers=bearer(client, users["company_a"])
    ).get_json()
    (row,) = body["items"]
    assert row["id"] == ids["a_for_b"]
    text = str(row)
    assert users["company_b"].organisation.name not in text
    assert users["company_b"].organisation.kvk not in text


@pytest.fixture
def draft(client):
    admin = bearer(client, make_user("admin"))
    document = client.get("/api/v1/norms/SNF/versions/2024.1", headers=admin).get_json()
    document.pop("status")
    document["version"] = "2031.1"
    response = client.post("/api/v1/norms/SNF/versions", json=document, headers=admin)
    assert response.status_code == 201, response.get_json()
    return "2031.1"


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [("admin", True), ("inspector", False), ("company", False), ("verifier", False)],
)
def test_the_norm_list_shows_drafts_to_staff_only(client, draft, role, sees_draft):
    body = client.get("/api/v1/norms", headers=bearer(client, make_user(role)))
    assert body.status_code == 200
    snf = next(n for n in body.get_json() if n["code"] == "SNF")
    versions = {v["version"]: v["status"] for v in snf["versions"]}
    assert versions["2024.1"] == "published"
    assert (draft in versions) is sees_draft
    if sees_draft:
        assert versions[draft] == "draft"


@pytest.fixture
def register():
    registered, _certificate = make_registered(on=date(2025, 1, 6))
    pending = make_claim(kvk="77001122", company_name="Wachtende Claim BV")
    return registered, pending


def _register_rows(client, headers, kvk):
    response = client.get(
        f"/api/v1/registry/companies?q={kvk}&per_page=100", headers=headers
    )
    assert response.status_code == 200
    return [(row["kvk"], row["status"]) for row in response.get_json()["items"]]


@pytest.mark.parametrize(
    "role", ["anonymous", "admin", "inspector", "company", "verifier"]
)
def test_the_register_lists_the_same_rows_for_everyone_and_no_pending_claim(
    client, register, role
):
    registered, pending = register
    headers = {} if role == "anonymous" else bearer(client, make_user(role))
    assert _register_rows(client, headers, registered.kvk) == [
        (registered.kvk, "registered")
    ]
    assert _register_rows(client, headers, pending.kvk) == []
    export = client.get("/api/v1/registry/export.json", headers=headers).get_json()
    exported = {row["kvk"] for row in export["items"]}
    assert registered.kvk in exported and pending.kvk not in exported
    feed = client.get("/api/v1/registry/changes", headers=headers).get_json()
    fed = {item["kvk"] for item in feed["items"]}
    assert registered.kvk in fed and pending.kvk not in fed
