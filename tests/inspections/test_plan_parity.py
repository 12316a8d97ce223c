"""Issue 17.2: the pages and the API are one service each, so the same input
is refused in the same words, next to the same field, and acts the same."""

import re
from datetime import date
from html import unescape

import pytest

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import findings
from snf.inspections.models import Inspection
from tests.certificates_factories import make_applicant
from tests.factories import bearer, login, make_organisation, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    submitted,
)

DAY0 = date(2025, 1, 6)
# What the page's form calls a field, and what the API's schema calls it.
FORM_FIELD = {"company_kvk": "company_id", "inspector_email": "inspector_id"}


def _api(client, user, plan: dict):
    json = {
        "location_id": plan["location"].id if plan.get("location") else None,
        "company_kvk": plan["company"].kvk if plan.get("company") else None,
        "kind": plan["kind"],
        "announced": plan.get("announced", True),
        "scheduled_for": "2025-02-03",
        "inspector_email": plan["inspector"].email,
    }
    return client.post("/api/v1/inspections", json=json, headers=bearer(client, user))


def _page(client, user, plan: dict):
    login(client, user)
    location = plan.get("location")
    data = {
        "location_id": str(location.id) if location else "",
        "company_id": str(plan["company"].id) if plan.get("company") else "",
        "kind": plan["kind"],
        "scheduled_for": "2025-02-03",
        "inspector_id": str(plan["inspector"].id),
    }
    if plan.get("announced", True):
        data["announced"] = "y"
    query = f"?location_id={location.id}" if location else ""
    return client.post("/inspections/plan" + query, data=data)


def _errors_next_to(page: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', page, re.S)
    assert found, f"no errors next to {field}"
    return [unescape(e) for e in re.findall(r"<li>(.*?)</li>", found.group(1))]


def _admin_without_a_location():
    admin = make_user(role="admin")
    company = make_organisation()
    return admin, {
        "company": company,
        "kind": "periodic",
        "inspector": make_user(role="inspector"),
    }


def _body_plans_unannounced():
    _company, _application, places = make_applicant(DAY0)
    body = _application.inspection_body
    inspector = make_user(role="inspector", organisation=body)
    return inspector, {
        "location": places[0],
        "kind": "periodic",
        "announced": False,
        "inspector": inspector,
    }


@pytest.mark.parametrize(
    ("world", "field", "status", "message"),
    [
        (
            _admin_without_a_location,
            "location_id",
            422,
            "A location inspection needs a location.",
        ),
        (
            _body_plans_unannounced,
            "announced",
            403,
            "Only SNF staff plan ad-hoc, targeted, urgent or unannounced inspections.",
        ),
    ],
)
def test_the_page_and_the_api_refuse_a_bad_plan_in_the_same_words(
    client, world, field, status, message
):
    user, plan = world()
    before = db.session.query(Inspection).count()
    response = _api(client, user, plan)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["fields"][field] == [message]
    page = _page(client, user, plan)
    assert page.status_code == 200
    form_field = FORM_FIELD.get(field, field)
    assert _errors_next_to(page.get_data(as_text=True), form_field) == [message]
    assert db.session.query(Inspection).count() == before


def test_an_organisation_that_is_not_a_company_is_refused_at_the_company_field(
    client,
):
    admin = make_user(role="admin")
    body = make_organisation("inspection_body", kvk="87654321")
    plan = {
        "company": body,
        "kind": "administrative",
        "inspector": make_user(role="inspector"),
    }
    response = _api(client, admin, plan)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields == {"company_kvk": ["This organisation is not a company."]}
    # The page offers companies only: the same input is refused at its field.
    page = _page(client, admin, plan).get_data(as_text=True)
    assert _errors_next_to(page, "company_id")


def test_the_api_names_the_refusal_in_the_callers_language(client):
    admin = make_user(role="admin")
    headers = {**bearer(client, admin), "Accept-Language": "nl"}
    response = client.post(
        "/api/v1/inspections",
        json={
            "kind": "administrative",
            "scheduled_for": "2025-02-03",
            "inspector_email": "nobody@example.org",
        },
        headers=headers,
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields == {"location_id": ["Kies een locatie of een bedrijf."]}


def test_an_unknown_inspector_is_refused_at_the_inspector_field(client):
    admin = make_user(role="admin")
    response = client.post(
        "/api/v1/inspections",
        json={
            "location_id": make_location().id,
            "kind": "periodic",
            "scheduled_for": "2025-02-03",
            "inspector_email": "nobody@example.org",
        },
        headers=bearer(client, admin),
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "inspector_email": ["Unknown inspector."]
    }


def test_a_body_cannot_plan_with_another_bodys_inspector(client):
    _company, application, places = make_applicant(DAY0)
    ours = make_user(role="inspector", organisation=application.inspection_body)
    theirs = make_user(role="inspector")
    plan = {"location": places[0], "kind": "periodic", "inspector": theirs}
    response = _api(client, ours, plan)
    assert response.status_code == 403
    assert "inspector_email" in response.get_json()["error"]["fields"]


def _finding_with_a_repair_letter():
    location = make_location()
    inspection = submitted(
        make_inspection(location), {**CONFORM_2024, "occupants": 9, "beds": 9}
    )
    finding = inspection.findings[0]
    company_user = make_user(role="company", organisation=location.company)
    findings.submit_repair_letter(company_user, finding, "fixed", now=utcnow())
    return finding


@pytest.mark.parametrize(
    ("page_decision", "api_method", "status"),
    [("accept", "repair_letter", "closed"), ("reinspection", "reinspection", None)],
)
def test_the_page_and_the_api_decide_on_a_repair_letter_alike(
    client, page_decision, api_method, status
):
    admin = make_user(role="admin")
    on_page, over_api = _finding_with_a_repair_letter(), _finding_with_a_repair_letter()
    login(client, admin)
    page = client.post(
        f"/findings/{on_page.id}/decision", data={"decision": page_decision}
    )
    assert page.status_code == 302
    answer = client.post(
        f"/api/v1/findings/{over_api.id}/close",
        json={"method": api_method},
        headers=bearer(client, admin),
    )
    assert answer.status_code == 200
    db.session.refresh(on_page)
    db.session.refresh(over_api)
    assert on_page.status == over_api.status == (status or "reinspection")
    decisions = [letter.decision for letter in on_page.repair_letters]
    assert decisions == [letter.decision for letter in over_api.repair_letters]


def _form(data: dict) -> dict:
    return {name: str(value) for name, value in data.items()}


def test_staff_link_a_known_address_alike_on_the_page_and_over_the_api(client):
    admin = make_user(role="admin")
    known = make_location()
    data = {
        name: getattr(known, name)
        for name in ("street", "house_number", "postcode", "town", "beds")
    }
    data.update(housing_type="regular_dwelling", use_class="wonen")
    on_page, over_api = make_organisation(), make_organisation()
    login(client, admin)
    page = client.post(f"/locations/new?company={on_page.id}", data=_form(data))
    assert page.status_code == 302
    assert page.headers["Location"].endswith(f"/locations/{known.id}")
    answer = client.post(
        f"/api/v1/companies/{over_api.kvk}/locations",
        json=data,
        headers=bearer(client, admin),
    )
    assert answer.status_code == 202 and answer.get_json()["status"] == "approved"
    db.session.refresh(known)
    assert sorted(link.company_id for link in known.users) == sorted(
        [on_page.id, over_api.id]
    )
    # Asked again, both refuse in the same words at the same field.
    again = client.post(f"/locations/new?company={on_page.id}", data=_form(data))
    refused = client.post(
        f"/api/v1/companies/{over_api.kvk}/locations",
        json=data,
        headers=bearer(client, admin),
    )
    message = refused.get_json()["error"]["fields"]["house_number"]
    assert message == ["Your company already has this address."]
    page_errors = _errors_next_to(again.get_data(as_text=True), "house_number")
    assert page_errors == message
