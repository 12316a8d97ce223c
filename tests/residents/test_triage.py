"""Triage: the risk score with its factors, audited status changes, and the
unannounced inspection planned from a complaint."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from snf.audit import AuditEntry
from snf.auth.models import Organisation
from snf.database import local_today, utcnow
from snf.errors import Conflict, ValidationError
from snf.extensions import db
from snf.inspections import planning
from snf.inspections.services import inspections_for_inspector, schedule_inspection
from snf.residents import triage
from snf.residents.risk import risks_for
from tests.certificates_factories import admin_user
from tests.factories import login, make_user
from tests.residents_factories import (
    certified_location,
    make_complaint,
    uncertified_location,
)


def _inspector_for(location):
    body = db.session.get(Organisation, planning.chosen_body_id(location.company_id))
    return make_user(role="inspector", organisation=body)


def _risk(complaint):
    return risks_for([complaint], local_today(), utcnow())[complaint.id]


def test_the_score_adds_up_its_factors():
    location, token, _certificate = certified_location()
    complaint = make_complaint(token, "fire_safety")
    risk = _risk(complaint)
    factors = {code: points for code, _params, points in risk.factors}
    assert factors["category_major"] == 30
    assert factors["location_complaints"] == 0 and factors["certificate"] == 0
    assert risk.score == sum(factors.values())
    for _ in range(3):
        make_complaint(token, "other")
    again = {c: p for c, _x, p in _risk(complaint).factors}
    assert again["location_complaints"] == 30  # capped


def test_an_uncertified_never_inspected_location_scores_higher():
    _location, token = uncertified_location()
    complaint = make_complaint(token, "overcrowding")
    risk = _risk(complaint)
    codes = {code for code, _params, _points in risk.factors if _points}
    assert {"category_major", "never_inspected", "certificate"} <= codes
    assert risk.score == 30 + 15 + 10 and risk.level == "medium"


def test_minor_and_unmapped_categories_weigh_less():
    _location, token = uncertified_location()
    damp = _risk(make_complaint(token, "damp_mould"))
    other = _risk(make_complaint(token, "other"))
    assert ("category_minor", {"category": "damp_mould"}, 10) in damp.factors
    assert ("category_unmapped", {"category": "other"}, 0) in other.factors


def test_status_changes_are_audited_and_closed_stays_closed():
    _location, token = uncertified_location()
    complaint = make_complaint(token)
    admin = admin_user()
    triage.triage_complaint(admin, complaint, "triaged", "looked at", now=utcnow())
    triage.triage_complaint(admin, complaint, "closed", "", now=utcnow())
    assert [c.status for c in complaint.changes] == ["received", "triaged", "closed"]
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "complaint")
    ).all()
    assert actions == ["complaint.received", "complaint.triaged", "complaint.closed"]
    with pytest.raises(Conflict):
        triage.triage_complaint(admin, complaint, "triaged", "", now=utcnow())
    with pytest.raises(ValidationError):
        triage.triage_complaint(
            admin, complaint, "inspection_planned", "", now=utcnow()
        )


def test_working_days_skip_the_weekend():
    friday = date(2026, 12, 4)
    assert triage.add_working_days(friday, 1) == date(2026, 12, 7)
    assert triage.add_working_days(friday, 5) == date(2026, 12, 11)
    # Christmas (Friday 25th, Saturday 26th) is no working day.
    assert triage.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    # Nor is King's Day (Tuesday 27 April 2027).
    assert triage.add_working_days(date(2027, 4, 26), 1) == date(2027, 4, 28)


def test_planning_an_unannounced_inspection_from_a_complaint(client):
    location, token, _certificate = certified_location()
    inspector = _inspector_for(location)
    complaint = make_complaint(token, "fire_safety")
    login(client, make_user(role="admin"))
    response = client.post(f"/api/v1/complaints/{complaint.id}/inspection")
    assert response.status_code == 201
    body = response.get_json()
    db.session.expire_all()
    level = _risk(complaint).level
    due = triage.deadline_for(level, local_today())
    assert body["due"] == due.isoformat() and body["level"] == level
    inspection = complaint.inspection
    assert inspection.kind == "targeted" and inspection.announced is False
    assert (
        inspection.inspector_id == inspector.id
        and inspection.location_id == location.id
    )
    assert complaint.status == "inspection_planned"
    on_the_list = inspections_for_inspector(inspector, due - timedelta(days=30))
    assert inspection in on_the_list
    again = client.post(f"/api/v1/complaints/{complaint.id}/inspection")
    assert again.status_code == 409


def test_the_deadline_follows_the_risk_level_and_the_setting(app):
    today = date(2026, 12, 7)  # a Monday
    assert triage.deadline_for("high", today) == date(2026, 12, 14)
    # 15 working days: Christmas Day (Friday 25 December) is not one of them.
    assert triage.deadline_for("medium", today) == date(2026, 12, 29)
    app.config["RESIDENT_INSPECTION_DAYS"] = {"high": 2}
    try:
        assert triage.deadline_for("high", today) == date(2026, 12, 9)
    finally:
        app.config["RESIDENT_INSPECTION_DAYS"] = triage.DEFAULT_DEADLINE_DAYS


def test_without_an_inspector_of_the_body_nothing_is_planned():
    _location, token, _certificate = certified_location()
    complaint = make_complaint(token)
    with pytest.raises(ValidationError):
        triage.plan_inspection_for(
            admin_user(), complaint, today=local_today(), now=utcnow()
        )
    assert complaint.inspection_id is None and complaint.status == "received"


def test_the_queue_puts_the_highest_risk_first(client):
    _l1, low_token = uncertified_location()
    low = make_complaint(low_token, "other")
    high = make_complaint(low_token, "fire_safety")
    login(client, make_user(role="admin"))
    body = client.get("/api/v1/complaints").get_json()
    ids = [item["id"] for item in body["items"]]
    assert ids.index(high.id) < ids.index(low.id)
    first = body["items"][0]
    assert first["risk"]["factors"][0]["text"] and body["meta"]["total"] == 2
    triaged = client.post(
        f"/api/v1/complaints/{low.id}/triage",
        json={"status": "not_substantiated", "note": "checked"},
    )
    assert (
        triaged.status_code == 200
        and triaged.get_json()["status"] == "not_substantiated"
    )
    receipt = client.get(f"/api/v1/resident/{low_token.token}/complaints/{low.receipt}")
    assert receipt.get_json()["status"] == "not_substantiated"


def test_the_inspector_sees_only_the_category_and_the_company_nothing(app):
    location, token, _certificate = certified_location()
    inspector = _inspector_for(location)
    complaint = make_complaint(
        token, "fire_safety", text="Secret text", contact="jan@example.org"
    )
    inspection, _level = triage.plan_inspection_for(
        admin_user(), complaint, today=local_today(), now=utcnow()
    )
    client = app.test_client()
    login(client, inspector)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "Planned after a complaint about: Fire safety" in page
    assert "Secret text" not in page and "jan@example.org" not in page
    answer = client.get(f"/api/v1/inspections/{inspection.id}").get_json()
    assert answer["complaint_categories"] == ["fire_safety"]
    assert "Secret text" not in str(answer) and "jan@example.org" not in str(answer)
    assert client.get(f"/complaints/{complaint.id}").status_code == 403
    assert client.get("/api/v1/complaints").status_code == 403
    company = app.test_client()
    login(company, make_user(role="company", organisation=location.company))
    assert (
        company.get(f"/inspections/{inspection.id}").status_code == 403
    )  # unannounced
    assert company.get(f"/complaints/{complaint.id}").status_code == 403
    home = company.get("/").get_data(as_text=True)
    assert "Secret text" not in home and "complaint" not in home.lower()


def test_an_inspection_not_planned_after_a_complaint_names_no_category(client):
    location, _token, _certificate = certified_location()
    inspector = _inspector_for(location)
    inspection = schedule_inspection(
        admin_user(), company=None, location=location, kind="periodic",
        announced=True, scheduled_for=local_today(), inspector=inspector, now=utcnow(),
    )  # fmt: skip
    login(client, inspector)
    answer = client.get(f"/api/v1/inspections/{inspection.id}").get_json()
    assert answer["complaint_categories"] == []


def test_the_queue_costs_the_same_queries_for_two_or_six_companies():
    from tests.registry_helpers import count_queries

    def complaints_at(n):
        for _ in range(n):
            _location, token = uncertified_location()
            make_complaint(token, "sanitary")
        db.session.expire_all()

    complaints_at(2)
    with count_queries() as small:
        triage.queue(None, today=local_today(), now=utcnow())
    complaints_at(4)
    with count_queries() as large:
        ranked = triage.queue(None, today=local_today(), now=utcnow())
    assert len(ranked) == 6 and len(large) == len(small)
