"""F4: who may plan which inspection, whose addresses an inspector sees, and
enforcement acting only on inspections planned by someone allowed to."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from snf.certificates import lifecycle
from snf.certificates import services as certificates
from snf.certificates.enforcement import enforce
from snf.certificates.keys import signer
from snf.certificates.models import Application
from snf.database import utcnow
from snf.extensions import db
from snf.inspections.models import Inspection
from tests.certificates_factories import make_applicant, make_registered
from tests.factories import bearer, login, make_user
from tests.inspections_factories import CONFORM_2024, make_inspection, submitted

DAY0 = date(2025, 1, 6)
FAILING = {**CONFORM_2024, "occupants": 9, "beds": 9}


@pytest.fixture
def client_of_body():
    """A company that chose a body, a location of it, and that body's inspector."""
    company, application, places = make_applicant(DAY0)
    inspector = make_user(role="inspector", organisation=application.inspection_body)
    return company, places[0], inspector


def _plan(client, headers, location, inspector, kind="periodic", announced=True):
    return client.post(
        "/api/v1/inspections",
        json={
            "location_id": location.id,
            "kind": kind,
            "announced": announced,
            "scheduled_for": "2025-02-03",
            "inspector_email": inspector.email,
        },
        headers=headers,
    )


def _count() -> int:
    return db.session.query(Inspection).count()


def test_the_chosen_body_plans_periodic_inspections(client, client_of_body):
    _company, location, inspector = client_of_body
    response = _plan(client, bearer(client, inspector), location, inspector)
    assert response.status_code == 201, response.get_json()
    planned = db.session.get(Inspection, response.get_json()["id"])
    assert planned.planned_by_id == inspector.id


def test_another_body_cannot_plan_at_a_company_that_did_not_choose_it(
    client, client_of_body
):
    _company, location, _inspector = client_of_body
    stranger = make_user(role="inspector")
    before = _count()
    response = _plan(client, bearer(client, stranger), location, stranger)
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert "did not choose your inspection body" in error["fields"]["location_id"][0]
    assert _count() == before


@pytest.mark.parametrize(
    ("kind", "announced"),
    [("urgent", False), ("targeted", False), ("ad_hoc", True), ("periodic", False)],
)
def test_only_staff_plan_urgent_targeted_ad_hoc_or_unannounced(
    client, client_of_body, kind, announced
):
    _company, location, inspector = client_of_body
    before = _count()
    response = _plan(
        client, bearer(client, inspector), location, inspector, kind, announced
    )
    assert response.status_code == 403
    field = "announced" if kind == "periodic" else "kind"
    assert "Only SNF staff" in response.get_json()["error"]["fields"][field][0]
    assert _count() == before
    admin = bearer(client, make_user(role="admin"))
    assert _plan(client, admin, location, inspector, kind, announced).status_code == 201


def test_an_inspector_sees_only_the_due_addresses_of_its_own_clients(
    client, client_of_body
):
    _company, ours, inspector = client_of_body
    _other_company, _application, (theirs,) = make_applicant(DAY0)
    login(client, inspector)
    page = client.get("/inspections/due").get_data(as_text=True)
    assert ours.street in page and f"{ours.street} {ours.house_number}" in page
    assert f"{theirs.street} {theirs.house_number}<" not in page
    assert f'location_id={theirs.id}"' not in page
    # Nor through the planning form's prefill.
    plan = client.get(f"/inspections/plan?location_id={theirs.id}")
    assert theirs.address not in plan.get_data(as_text=True)


def test_staff_see_every_due_address(client, client_of_body):
    _company, ours, _inspector = client_of_body
    _other, _application, (theirs,) = make_applicant(DAY0)
    login(client, make_user(role="admin"))
    page = client.get("/inspections/due").get_data(as_text=True)
    assert f'location_id={ours.id}"' in page and f'location_id={theirs.id}"' in page


def test_the_plan_page_shows_the_refusal_next_to_the_field(client, client_of_body):
    _company, location, inspector = client_of_body
    login(client, inspector)
    page = client.get(f"/inspections/plan?location_id={location.id}")
    text = page.get_data(as_text=True)
    assert 'value="urgent"' not in text and 'value="periodic"' in text
    response = client.post(
        f"/inspections/plan?location_id={location.id}",
        data={
            "location_id": str(location.id),
            "kind": "periodic",
            "scheduled_for": "2025-02-03",
            "inspector_id": str(inspector.id),
        },  # "announced" unticked
    )
    assert response.status_code == 200
    assert "Only SNF staff plan" in response.get_data(as_text=True)


def _urgent_majors(company, planner):
    location = certificates.latest_certificate(company.id).locations[0].location
    inspection = make_inspection(location, kind="urgent", announced=False)
    inspection.planned_by_id = planner.id if planner else None
    submitted(inspection, FAILING, on=DAY0 + timedelta(days=10))
    return inspection


def test_enforcement_ignores_an_urgent_inspection_a_body_planned_itself():
    """Planned before the rule (or around it): its major finding suspends no one."""
    company, _certificate = make_registered(DAY0)
    _urgent_majors(company, make_user(role="inspector"))
    enforce(DAY0 + timedelta(days=12), now=utcnow(), sign=signer())
    assert lifecycle.status_on(company.id, DAY0 + timedelta(days=12)) == "registered"


def test_enforcement_acts_on_an_urgent_inspection_staff_planned():
    company, _certificate = make_registered(DAY0)
    _urgent_majors(company, make_user(role="admin"))
    enforce(DAY0 + timedelta(days=12), now=utcnow(), sign=signer())
    assert lifecycle.status_on(company.id, DAY0 + timedelta(days=12)) == "suspended"


def _periodic_majors(company, planner, inspector):
    location = certificates.latest_certificate(company.id).locations[0].location
    inspection = make_inspection(location, inspector=inspector)
    inspection.planned_by_id = planner.id
    submitted(inspection, FAILING, on=DAY0 + timedelta(days=5))


@pytest.mark.parametrize(
    ("chosen", "expected"), [(True, "suspended"), (False, "registered")]
)
def test_an_overdue_finding_counts_when_the_chosen_body_planned_it(chosen, expected):
    company, _certificate = make_registered(DAY0)
    application = db.session.scalars(
        select(Application).where(Application.company_id == company.id)
    ).one()
    body = (
        application.inspection_body if chosen else make_user("inspector").organisation
    )
    inspector = make_user(role="inspector", organisation=body)
    _periodic_majors(company, inspector, inspector)
    day = DAY0 + timedelta(days=40)  # 30 days to repair, long past
    enforce(day, now=utcnow(), sign=signer())
    assert lifecycle.status_on(company.id, day) == expected


def test_an_administrative_inspection_for_another_bodys_client_names_the_company(
    client, client_of_body
):
    company, _location, _inspector = client_of_body
    stranger = make_user(role="inspector")
    response = client.post(
        "/api/v1/inspections",
        json={
            "company_kvk": company.kvk,
            "kind": "administrative",
            "announced": True,
            "scheduled_for": "2025-02-03",
            "inspector_email": stranger.email,
        },
        headers=bearer(client, stranger),
    )
    assert response.status_code == 403
    assert "company_kvk" in response.get_json()["error"]["fields"]
