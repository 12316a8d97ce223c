"""A municipality's list of locations: every location in it, certified or not,
with what a permit officer checks; nothing of another municipality."""

from datetime import date

import pytest

from snf.cli import create_user_command
from snf.extensions import db
from snf.registry import coverage
from tests.certificates_factories import make_registered
from tests.factories import bearer, login, make_organisation, make_user
from tests.geo.factories import make_municipality
from tests.inspections_factories import make_inspection, make_location, submitted

FAILING = {
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "occupants": 9,
    "toilets": 1,
}


def _in(location, code, street):
    location.municipality_code = code
    location.street = street
    db.session.flush()
    return location


@pytest.fixture
def world():
    make_municipality()
    make_municipality("GM0772", "Eindhoven", "30")
    _company, certificate = make_registered(on=date(2026, 6, 1))
    certified = _in(certificate.locations[0].location, "GM0983", "Kaldenkerkerweg")
    other = make_organisation("company")
    uncertified = _in(make_location(other, beds=12), "GM0983", "Eindhovenseweg")
    submitted(make_inspection(uncertified), FAILING, on=date(2026, 3, 2))
    elsewhere = _in(make_location(other), "GM0772", "Stratumseind")
    return {"certified": certified, "uncertified": uncertified, "elsewhere": elsewhere}


def test_the_list_holds_every_location_of_the_municipality_and_no_other(world):
    rows = {r["id"]: r for r in coverage.municipality_locations("GM0983", date.today())}
    assert set(rows) == {world["certified"].id, world["uncertified"].id}
    certified, uncertified = rows[world["certified"].id], rows[world["uncertified"].id]
    assert certified["certified"] and certified["company_status"] == "registered"
    assert certified["last_inspection"] == date(2026, 6, 1)
    assert certified["open_major_findings"] == 0
    assert not uncertified["certified"]
    assert uncertified["company_status"] == "not_registered"
    assert uncertified["beds"] == 12 and uncertified["certified_beds"] == 0
    assert uncertified["last_inspection"] == date(2026, 3, 2)
    assert uncertified["open_major_findings"] >= 1


def test_before_the_certificate_nothing_is_certified(world):
    rows = coverage.municipality_locations("GM0983", date(2026, 5, 31))
    assert [row["certified"] for row in rows] == [False, False]


def test_the_officer_sees_own_page_and_csv_not_another_municipality(client, world):
    officer = make_user("municipality")
    login(client, officer)
    assert (
        client.get("/municipality")
        .headers["Location"]
        .endswith("/municipalities/GM0983/locations")
    )
    page = client.get("/municipalities/GM0983/locations").get_data(as_text=True)
    assert "Kaldenkerkerweg" in page and "Eindhovenseweg" in page
    assert "Stratumseind" not in page
    csv = client.get("/municipalities/GM0983/locations.csv").get_data(as_text=True)
    lines = csv.lstrip("\ufeff").splitlines()
    assert len(lines) == 3 and lines[0].startswith("Address,Postcode,Beds")
    assert client.get("/municipalities/GM0772/locations").status_code == 403


def test_the_api_answers_json_and_csv_for_the_own_municipality_only(client, world):
    headers = bearer(client, make_user("municipality"))
    answer = client.get("/api/v1/municipalities/GM0983/locations", headers=headers)
    body = answer.get_json()
    assert body["municipality"]["name"] == "Venlo"
    assert {item["address"].split(" ")[0] for item in body["items"]} == {
        "Kaldenkerkerweg",
        "Eindhovenseweg",
    }
    as_csv = client.get(
        "/api/v1/municipalities/GM0983/locations",
        headers={**headers, "Accept": "text/csv"},
    )
    assert as_csv.mimetype == "text/csv"
    assert "Stratumseind" not in as_csv.get_data(as_text=True)
    other = client.get("/api/v1/municipalities/GM0772/locations", headers=headers)
    assert other.status_code == 403


def test_an_unknown_municipality_is_404_for_staff(client, world):
    login(client, make_user("admin"))
    assert client.get("/api/v1/municipalities/GM9999/locations").status_code == 404


def test_users_create_ties_a_municipality_account_to_its_code(app, world):
    runner = app.test_cli_runner()
    args = ["--email", "vergunning@venlo.example", "--password", "x" * 12]
    args += ["--role", "municipality", "--organisation", "GM0983"]
    result = runner.invoke(create_user_command, args)
    assert result.exit_code == 0, result.output
    assert "Gemeente Venlo" in result.output
    refused = runner.invoke(
        create_user_command,
        ["--email", "b@x.example", "--password", "x" * 12, "--role", "municipality",
         "--organisation", "GM9999"],
    )  # fmt: skip
    assert refused.exit_code != 0 and "GM9999" in refused.output
