from datetime import date, timedelta

import pytest

from snf import audit
from snf.database import utcnow
from snf.errors import Conflict, PreconditionFailed, ValidationError
from snf.extensions import db
from snf.inspections import services
from snf.inspections.explain import finding_explanation
from snf.inspections.models import Finding, Inspection
from tests.factories import bearer, login, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    started,
    submitted,
)


def test_version_in_force_is_fixed_when_the_inspection_starts():
    inspection = started(make_inspection(), on=date(2023, 5, 1))
    assert inspection.norm_version.version == "2021.1"
    assert inspection.inspected_on == date(2023, 5, 1)


def test_location_is_inspected_through_the_primarily_responsible_company():
    location = make_location()
    from tests.factories import make_organisation

    other = make_organisation("company")
    inspection = services.schedule_inspection(
        None,
        company=other,
        location=location,
        kind="periodic",
        announced=True,
        scheduled_for=date(2025, 1, 1),
        inspector=make_user(role="inspector"),
        now=utcnow(),
    )
    assert inspection.company_id == location.company_id


def test_urgent_inspections_are_never_announced():
    inspection = make_inspection(kind="urgent", announced=True)
    assert inspection.announced is False


def test_submit_gives_verdict_and_findings_with_due_dates():
    observations = {**CONFORM_2024, "occupants": 9, "beds": 9}
    inspection = submitted(make_inspection(), observations, on=date(2025, 6, 2))
    assert inspection.verdict == "non_conform"
    codes = {f.requirement_code: f for f in inspection.findings}
    toilets = codes["B-3.1"]
    assert toilets.severity == "major" and toilets.due == date(2025, 7, 2)
    assert finding_explanation(toilets, "en").startswith("9 occupants and 1 toilet")


def test_minor_findings_have_no_due_date_and_become_major_at_next_periodic():
    location = make_location()
    no_chairs = {
        **CONFORM_2024,
        "bedrooms": [{**CONFORM_2024["bedrooms"][0], "chairs_ok": False}],
    }
    first = submitted(make_inspection(location), no_chairs, on=date(2025, 1, 6))
    [minor] = [f for f in first.findings if f.requirement_code == "B-5.5"]
    assert minor.severity == "minor" and minor.due is None
    second = submitted(make_inspection(location), no_chairs, on=date(2026, 1, 5))
    db.session.refresh(minor)
    assert minor.severity == "major" and minor.escalated_from_minor
    assert minor.due == date(2026, 2, 4)
    assert not [f for f in second.findings if f.requirement_code == "B-5.5"]


def test_passing_reinspection_closes_the_major():
    location = make_location()
    failing = {**CONFORM_2024, "occupants": 9, "beds": 9}
    first = submitted(make_inspection(location), failing, on=date(2025, 1, 6))
    major = next(f for f in first.findings if f.requirement_code == "B-3.1")
    submitted(
        make_inspection(location, kind="reinspection"),
        CONFORM_2024,
        on=date(2025, 1, 20),
    )
    db.session.refresh(major)
    assert major.status == "closed" and major.closed_how == "reinspection"


def test_submitted_inspection_is_read_only():
    inspection = submitted(make_inspection())
    with pytest.raises(Conflict):
        services.save_observations(None, inspection, {}, if_match=None, now=utcnow())
    with pytest.raises(Conflict):
        services.submit_inspection(None, inspection, now=utcnow())


def test_correction_needs_a_reason_and_keeps_the_old_revision_in_the_audit():
    inspection = submitted(make_inspection())
    with pytest.raises(ValidationError):
        services.correct_inspection(None, inspection, CONFORM_2024, " ", now=utcnow())
    changed = {**CONFORM_2024, "occupants": 9, "beds": 9}
    services.correct_inspection(None, inspection, changed, "miscounted", now=utcnow())
    assert inspection.verdict == "non_conform"
    entry = audit.list_entries_for("inspection", inspection.id)[-1]
    assert entry.action == "inspection.correct" and entry.note == "miscounted"
    assert entry.before["verdict"] == "conform"
    assert entry.before["observations"]["occupants"] == 4


def test_stale_etag_is_refused_with_the_current_draft():
    inspection = started(make_inspection())
    first = services.etag(inspection)
    services.save_observations(
        None, inspection, {"occupants": 4}, if_match=first, now=utcnow()
    )
    with pytest.raises(PreconditionFailed) as caught:
        services.save_observations(
            None, inspection, {"occupants": 5}, if_match=first, now=utcnow()
        )
    assert caught.value.current["observations"] == {"occupants": 4}
    assert inspection.observations["occupants"] == 4


def test_inspector_list_shows_today_first():
    inspector = make_user(role="inspector")
    today = date(2025, 3, 10)
    for days in (-3, 5, 0, 1):
        make_inspection(inspector=inspector, scheduled_for=today + timedelta(days=days))
    order = [
        i.scheduled_for for i in services.inspections_for_inspector(inspector, today)
    ]
    assert order == [
        today,
        today + timedelta(1),
        today + timedelta(5),
        today - timedelta(3),
    ]


def test_due_locations_lists_those_not_inspected_for_a_year():
    fresh, stale, never = make_location(), make_location(), make_location()
    submitted(make_inspection(fresh), on=date(2025, 6, 1))
    submitted(make_inspection(stale), on=date(2024, 1, 1))
    due = [
        loc.id for loc, _last in services.due_locations(date(2025, 7, 1), limit=10000)
    ]
    assert stale.id in due and never.id in due and fresh.id not in due


# -- the API ----------------------------------------------------------------


@pytest.fixture
def inspector():
    return make_user(role="inspector")


@pytest.fixture
def headers(client, inspector):
    return bearer(client, inspector)


def _api(inspection):
    return f"/api/v1/inspections/{inspection.id}"


def test_get_inspection_has_etag(client, inspector, headers):
    inspection = started(make_inspection(inspector=inspector))
    response = client.get(_api(inspection), headers=headers)
    assert response.headers["ETag"] == services.etag(inspection)
    assert response.get_json()["norm"] == {"code": "SNF", "version": "2024.1"}


def test_two_editors_second_stale_save_gets_412_and_nothing_is_lost(
    client, inspector, headers
):
    inspection = started(make_inspection(inspector=inspector))
    etag = client.get(_api(inspection), headers=headers).headers["ETag"]
    mine = client.put(
        _api(inspection) + "/observations",
        json={"observations": {"occupants": 6}},
        headers={**headers, "If-Match": etag},
    )
    assert mine.status_code == 200
    stale = client.put(
        _api(inspection) + "/observations",
        json={"observations": {"occupants": 9}},
        headers={**headers, "If-Match": etag},
    )
    assert stale.status_code == 412
    current = stale.get_json()["error"]["current"]
    assert current["observations"]["occupants"] == 6
    assert current["etag"] == mine.headers["ETag"]
    assert (
        client.get(_api(inspection), headers=headers).get_json()["observations"][
            "occupants"
        ]
        == 6
    )


def test_put_without_if_match_is_428(client, inspector, headers):
    inspection = started(make_inspection(inspector=inspector))
    response = client.put(
        _api(inspection) + "/observations", json={"observations": {}}, headers=headers
    )
    assert response.status_code == 428


@pytest.mark.parametrize(
    ("observations", "field"),
    [
        ({"occupants": "four"}, "occupants"),
        ({"living_area_m2": -1.0}, "living_area_m2"),
        ({"occupants": 0}, "occupants"),
        ({"sauna": True}, "sauna"),
        ({"bedrooms": [{"area_m2": -2.0}]}, "bedrooms.0.area_m2"),
        ({"toilets": True}, "toilets"),
    ],
)
def test_bad_observations_are_422_naming_the_field_and_nothing_changes(
    client, inspector, headers, observations, field
):
    inspection = started(make_inspection(inspector=inspector))
    before = client.get(_api(inspection), headers=headers)
    response = client.put(
        _api(inspection) + "/observations",
        json={"observations": observations},
        headers={**headers, "If-Match": before.headers["ETag"]},
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    after = client.get(_api(inspection), headers=headers)
    assert after.headers["ETag"] == before.headers["ETag"]
    assert after.get_json()["observations"] == before.get_json()["observations"]


def test_submit_twice_with_same_key_creates_one_set_of_findings(
    client, inspector, headers
):
    inspection = started(make_inspection(inspector=inspector))
    etag = services.etag(inspection)
    client.put(
        _api(inspection) + "/observations",
        json={"observations": {**CONFORM_2024, "occupants": 9, "beds": 9}},
        headers={**headers, "If-Match": etag},
    )
    key = {"Idempotency-Key": "submit-abc-1"}
    answers = [
        client.post(_api(inspection) + "/submit", headers={**headers, **key})
        for _ in range(5)
    ]
    assert {a.status_code for a in answers} == {200}
    assert len({a.get_data() for a in answers}) == 1
    assert answers[1].headers["Idempotent-Replayed"] == "true"
    assert (
        db.session.query(Finding).filter_by(inspection_id=inspection.id).count()
        == len(answers[0].get_json()["findings"])
        > 0
    )


def test_same_key_with_another_request_is_refused(client, inspector, headers):
    first = started(make_inspection(inspector=inspector))
    second = started(make_inspection(inspector=inspector))
    key = {"Idempotency-Key": "k-1"}
    client.post(_api(first) + "/submit", headers={**headers, **key})
    response = client.post(_api(second) + "/submit", headers={**headers, **key})
    assert response.status_code == 422
    assert db.session.get(Inspection, second.id).status == "in_progress"


def test_schedule_over_the_api(client):
    admin = bearer(client, make_user(role="admin"))
    inspector = make_user(role="inspector")
    location = make_location()
    response = client.post(
        "/api/v1/inspections",
        json={
            "location_id": location.id,
            "kind": "periodic",
            "announced": True,
            "scheduled_for": "2025-04-01",
            "inspector_email": inspector.email,
        },
        headers=admin,
    )
    assert response.status_code == 201
    assert (
        response.headers["Location"]
        == f"/api/v1/inspections/{response.get_json()['id']}"
    )


def test_other_inspector_of_the_same_body_may_view_but_not_fill_in(client, inspector):
    colleague = make_user(role="inspector", organisation=inspector.organisation)
    inspection = started(make_inspection(inspector=inspector))
    headers = bearer(client, colleague)
    assert client.get(_api(inspection), headers=headers).status_code == 200
    response = client.put(
        _api(inspection) + "/observations",
        json={"observations": {}},
        headers={**headers, "If-Match": "*"},
    )
    assert response.status_code == 403


def test_company_does_not_see_an_unannounced_inspection_before_it_is_done(client):
    location = make_location()
    user = make_user(role="company", organisation=location.company)
    inspection = make_inspection(location, kind="targeted", announced=False)
    headers = bearer(client, user)
    assert client.get(_api(inspection), headers=headers).status_code == 403
    submitted(inspection)
    assert client.get(_api(inspection), headers=headers).status_code == 200


# -- pages ------------------------------------------------------------------


def test_checklist_page_for_the_assigned_inspector(client, inspector):
    inspection = make_inspection(inspector=inspector)
    login(client, inspector)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert 'id="checklist"' in page and "B-3.1" in page
    assert (
        'id="req-A-1.1"' not in page
    )  # part A belongs to the administrative inspection
    assert 'id="version-doc"' in page


def test_report_pdf_has_the_findings(client):
    import io

    from pypdf import PdfReader

    inspection = submitted(
        make_inspection(), {**CONFORM_2024, "occupants": 9, "beds": 9}
    )
    login(client, make_user(role="admin"))
    response = client.get(f"/inspections/{inspection.id}/report.pdf")
    assert response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "B-3.1" in text and "2024.1" in text and inspection.location.street in text
