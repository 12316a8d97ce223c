"""Lists checked by their rows, not only by their status code: each role sees
exactly the objects it may see. Another company's and another inspection
body's objects are absent, and so is an unannounced visit a company has not
had yet. Rows are told apart by street names unique to this test."""

from datetime import date

import pytest

from tests.factories import login, make_organisation, make_user
from tests.inspections_factories import make_inspection, make_location, submitted

FAILING = {
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "occupants": 9,
    "toilets": 1,
}


@pytest.fixture
def world():
    company_a, company_b = make_organisation("company"), make_organisation("company")
    body_x, body_y = (
        make_organisation("inspection_body"),
        make_organisation("inspection_body"),
    )
    users = {
        "admin": make_user("admin"),
        "company_a": make_user("company", company_a),
        "inspector_x": make_user("inspector", body_x),
        "inspector_y": make_user("inspector", body_y),
        "verifier": make_user("verifier"),
    }
    loc_a = make_location(company_a, street="Aalstraat")
    loc_b = make_location(company_b, street="Beukstraat")
    loc_c = make_location(company_a, street="Cederlaan")
    make_inspection(loc_a, users["inspector_x"], scheduled_for=date(2031, 3, 3))
    make_inspection(
        loc_c,
        users["inspector_x"],
        kind="urgent",
        announced=False,
        scheduled_for=date(2031, 3, 4),
    )
    submitted(make_inspection(loc_a, users["inspector_x"]), FAILING)
    submitted(make_inspection(loc_b, users["inspector_y"]), FAILING)
    return users


# (user, path) -> (streets that must be listed, streets that must not)
LISTS = {
    ("admin", "/locations"): ({"Aalstraat", "Beukstraat", "Cederlaan"}, set()),
    ("company_a", "/locations"): ({"Aalstraat", "Cederlaan"}, {"Beukstraat"}),
    ("admin", "/findings"): ({"Aalstraat", "Beukstraat"}, set()),
    ("company_a", "/findings"): ({"Aalstraat"}, {"Beukstraat"}),
    ("inspector_x", "/findings"): ({"Aalstraat"}, {"Beukstraat"}),
    ("inspector_y", "/findings"): ({"Beukstraat"}, {"Aalstraat"}),
    ("admin", "/inspections"): ({"Aalstraat", "Beukstraat", "Cederlaan"}, set()),
    ("company_a", "/inspections"): ({"Aalstraat"}, {"Beukstraat", "Cederlaan"}),
    ("inspector_x", "/inspections?all=1"): (
        {"Aalstraat", "Cederlaan"},
        {"Beukstraat"},
    ),
    ("inspector_y", "/inspections?all=1"): (
        {"Beukstraat"},
        {"Aalstraat", "Cederlaan"},
    ),
}


@pytest.mark.parametrize(("who", "path"), sorted(LISTS))
def test_a_list_shows_exactly_the_rows_the_user_may_see(client, world, who, path):
    login(client, world[who])
    response = client.get(path + ("&" if "?" in path else "?") + "per_page=100")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    shown, hidden = LISTS[(who, path)]
    assert {street for street in shown if street in page} == shown
    assert {street for street in hidden if street in page} == set()


@pytest.mark.parametrize("who", ["verifier", "inspector_x"])
def test_roles_without_a_company_list_see_no_company_rows(client, world, who):
    login(client, world[who])
    page = client.get("/locations").get_data(as_text=True)
    assert "Aalstraat" not in page and "Beukstraat" not in page
