"""The tablet checklist page: showing it changes nothing (starting is a POST),
it asks exactly what applies to the location's housing type on the inspection
date, and a tablet that started an inspection offline keeps its day."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from snf.audit import AuditEntry
from snf.database import local_today, utcnow
from snf.extensions import db
from snf.inspections.models import Inspection
from snf.norms import services as norms
from tests.factories import bearer, login, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    started,
)


@pytest.fixture
def inspector():
    return make_user(role="inspector")


def _state(inspection_id: int) -> tuple:
    db.session.expire_all()
    found = db.session.get(Inspection, inspection_id)
    audits = db.session.scalar(select(func.count()).select_from(AuditEntry))
    return (
        found.status,
        found.norm_version_id,
        found.inspected_on,
        found.started_at,
        found.revision,
        dict(found.observations or {}),
        audits,
    )


def _requirements_on(page: str) -> set[str]:
    return set(re.findall(r'id="req-([A-Z0-9.-]+)"', page))


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_opening_a_planned_inspection_changes_nothing(client, inspector, method):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    login(client, inspector)
    before = _state(inspection.id)
    response = client.open(f"/inspections/{inspection.id}", method=method)
    assert response.status_code == 200
    assert _state(inspection.id) == before
    assert before[0] == "planned" and before[2] is None


def test_a_planned_inspection_shows_its_start_button_and_hides_the_form(
    client, inspector
):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    login(client, inspector)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert 'id="start-form"' in page
    assert f'action="/inspections/{inspection.id}/start"' in page
    assert re.search(r'<form id="obs-form" novalidate\s+hidden>', page)
    assert 'data-planned="1"' in page


def test_start_fixes_today_and_the_version_then_shows_the_checklist(client, inspector):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    login(client, inspector)
    response = client.post(f"/inspections/{inspection.id}/start")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/inspections/{inspection.id}")
    status, version_id, inspected_on, started_at, *_ = _state(inspection.id)
    assert status == "in_progress" and started_at is not None
    assert inspected_on == local_today()
    in_force = norms.find_version_in_force("SNF", local_today())
    assert version_id == in_force.id
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert 'id="start-form"' not in page
    assert 'data-planned="0"' in page
    # Starting twice changes nothing more.
    before = _state(inspection.id)
    client.post(f"/inspections/{inspection.id}/start")
    assert _state(inspection.id) == before


def test_only_the_assigned_inspector_starts_it(client, inspector):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    colleague = make_user(role="inspector", organisation=inspector.organisation)
    login(client, colleague)
    before = _state(inspection.id)
    assert client.post(f"/inspections/{inspection.id}/start").status_code == 403
    assert _state(inspection.id) == before


# -- what the checklist asks --------------------------------------------------


@pytest.fixture
def narrow_version():
    """SNF 2030.1: 2024.1 with B-2.6 only for hotels and B-7.1 phased in on
    2030-03-01, in force from 2030-01-01."""
    doc = norms.json_document(norms.get_version("SNF", "2024.1"))
    doc["version"] = "2030.1"
    doc.pop("status")
    doc["effective_from"] = "2030-01-01"
    for section in doc["sections"]:
        for req in section["requirements"]:
            if req["code"] == "B-2.6":
                req["applies_to"] = ["hotel_pension"]
            if req["code"] == "B-7.1":
                req["effective_from"] = "2030-03-01"
    version = norms.create_version(None, doc, now=utcnow())
    norms.publish_version(None, version, date(2030, 1, 1), now=utcnow())
    return version


def _location_requirements(version) -> set[str]:
    return {
        req.code
        for section in version.sections
        for req in section.requirements
        if req.part == "location"
    }


@pytest.mark.parametrize(
    ("housing_type", "on", "left_out"),
    [
        ("regular_dwelling", date(2030, 2, 1), {"B-2.6", "B-7.1"}),
        ("hotel_pension", date(2030, 2, 1), {"B-7.1"}),
        ("regular_dwelling", date(2030, 3, 1), {"B-2.6"}),
        ("hotel_pension", date(2030, 3, 1), set()),
    ],
)
def test_checklist_shows_exactly_what_applies_to_the_housing_type_on_the_date(
    client, inspector, narrow_version, housing_type, on, left_out
):
    location = make_location(housing_type=housing_type)
    inspection = started(make_inspection(location, inspector=inspector), on=on)
    assert inspection.norm_version.version == "2030.1"
    login(client, inspector)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert _requirements_on(page) == _location_requirements(narrow_version) - left_out


def test_a_planned_checklist_uses_the_locations_housing_type(
    client, inspector, narrow_version, monkeypatch
):
    location = make_location(housing_type="regular_dwelling")
    inspection = make_inspection(
        location, inspector=inspector, scheduled_for=date(2030, 2, 1)
    )
    monkeypatch.setattr(
        "snf.inspections.inspection_views.local_today", lambda: date(2030, 2, 1)
    )
    login(client, inspector)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    expected = _location_requirements(narrow_version) - {"B-2.6", "B-7.1"}
    assert _requirements_on(page) == expected
    offline = client.get(f"/inspections/{inspection.id}/offline")
    assert _requirements_on(offline.get_data(as_text=True)) == expected


# -- the day of an inspection started offline ---------------------------------


def _api(inspection, tail=""):
    return f"/api/v1/inspections/{inspection.id}{tail}"


def test_first_save_from_a_tablet_started_offline_keeps_the_tablets_day(
    client, inspector
):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    headers = bearer(client, inspector)
    yesterday = local_today() - timedelta(days=1)
    response = client.put(
        _api(inspection, "/observations"),
        json={"observations": CONFORM_2024, "inspected_on": yesterday.isoformat()},
        headers={**headers, "If-Match": f'"{inspection.id}-0"'},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["inspected_on"] == yesterday.isoformat()
    # Once started, the day stays whatever a later save says.
    response = client.put(
        _api(inspection, "/observations"),
        json={"observations": CONFORM_2024, "inspected_on": local_today().isoformat()},
        headers={**headers, "If-Match": response.headers["ETag"]},
    )
    assert response.get_json()["inspected_on"] == yesterday.isoformat()


def test_start_over_the_api_takes_the_tablets_day(client, inspector):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    headers = bearer(client, inspector)
    two_days_ago = (local_today() - timedelta(days=2)).isoformat()
    response = client.post(
        _api(inspection, "/start"), json={"inspected_on": two_days_ago}, headers=headers
    )
    assert response.status_code == 200
    assert response.get_json()["inspected_on"] == two_days_ago


def test_start_over_the_api_without_a_body_is_today(client, inspector):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    headers = bearer(client, inspector)
    response = client.post(_api(inspection, "/start"), headers=headers)
    assert response.status_code == 200
    assert response.get_json()["inspected_on"] == local_today().isoformat()


@pytest.mark.parametrize("days", [1, -31])
def test_a_day_in_the_future_or_too_long_ago_is_refused_naming_the_field(
    client, inspector, days
):
    inspection = make_inspection(inspector=inspector, scheduled_for=local_today())
    headers = bearer(client, inspector)
    before = _state(inspection.id)
    day = (local_today() + timedelta(days=days)).isoformat()
    response = client.put(
        _api(inspection, "/observations"),
        json={"observations": CONFORM_2024, "inspected_on": day},
        headers={**headers, "If-Match": "*"},
    )
    assert response.status_code == 422
    assert "inspected_on" in response.get_json()["error"]["fields"]
    assert _state(inspection.id) == before


@pytest.mark.parametrize(
    "lang, extras, note",
    [("nl", "Notitie en foto's", "Notitie"), ("en", "Note and photos", "Note")],
)
def test_every_requirement_has_its_words_in_the_readers_language(
    client, inspector, lang, extras, note
):
    inspection = started(make_inspection(inspector=inspector))
    login(client, inspector)
    client.set_cookie("snf_lang", lang)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    requirements = len(_requirements_on(page))
    assert requirements > 10
    assert page.count(f"<summary>{extras}</summary>") == requirements
    assert len(re.findall(rf'<label for="note-[^"]+">{note}</label>', page)) == (
        requirements
    )
