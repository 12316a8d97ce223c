"""The rules of findings as a company, staff and the audit log see them:
which earlier findings an inspection settles, the trail each step leaves,
repair letters and decisions, and which findings a list shows."""

import re
from datetime import UTC, date, datetime

import pytest

from snf import audit
from snf.errors import Conflict, ValidationError
from snf.extensions import db
from snf.inspections import findings, services
from snf.inspections.models import Finding
from tests.certificates_factories import ADMIN_OK, administrative_inspection
from tests.factories import bearer, login, make_organisation, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    submitted,
)
from tests.registry_helpers import count_queries

NO_TOILET = {**CONFORM_2024, "toilets": 0}
NO_CHAIRS = {
    **CONFORM_2024,
    "bedrooms": [{**CONFORM_2024["bedrooms"][0], "chairs_ok": False}],
}
ADMIN_FAIL = {"answers": {"A-1.1": False, "A-2.1": True, "A-3.1": True}}
NOW = datetime(2025, 6, 3, 9, 30, tzinfo=UTC)


def _major(location=None, on=date(2025, 6, 2)):
    inspection = submitted(make_inspection(location), NO_TOILET, on=on)
    return next(f for f in inspection.findings if f.requirement_code == "B-3.1")


def _trail(finding, action):
    return [
        e for e in audit.list_entries_for("finding", finding.id) if e.action == action
    ]


def _same_instant(stored, expected):
    # SQLite hands back naive UTC datetimes
    return stored.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_a_new_finding_is_in_the_audit_log_with_its_state():
    finding = _major()
    [entry] = _trail(finding, "finding.create")
    assert entry.actor_id == finding.inspection.inspector_id
    # the requirement of the version the inspection was judged by
    assert finding.requirement.version_id == finding.inspection.norm_version_id
    assert entry.after == {
        "status": "open",
        "severity": "major",
        "due": "2025-07-02",
        "requirement": "B-3.1",
    }


def test_a_passing_periodic_inspection_closes_an_earlier_finding_and_says_where():
    location = make_location()
    major = _major(location, on=date(2025, 1, 6))
    second = submitted(make_inspection(location), CONFORM_2024, on=date(2025, 2, 3))
    db.session.refresh(major)
    assert major.status == "closed" and major.closed_how == "inspection"
    assert major.closed_note == f"Passed at inspection {second.id}."
    assert major.closed_at is not None
    [entry] = _trail(major, "finding.close")
    assert entry.actor_id == second.inspector_id
    assert entry.before["status"] == "open" and entry.after["status"] == "closed"
    assert entry.note == major.closed_note


def test_close_finding_records_when_how_and_why():
    finding = _major()
    findings.close_finding(None, finding, "correction", "typo", now=NOW)
    assert _same_instant(finding.closed_at, NOW)
    assert (finding.closed_how, finding.closed_note) == ("correction", "typo")


def test_an_inspection_elsewhere_settles_nothing_here():
    here, there = make_location(), make_location()
    major = _major(here, on=date(2025, 1, 6))
    submitted(make_inspection(there), CONFORM_2024, on=date(2025, 2, 3))
    db.session.refresh(major)
    assert major.status == "open"


def test_a_still_failing_major_gets_no_second_finding_and_keeps_its_deadline():
    location = make_location()
    major = _major(location, on=date(2025, 1, 6))
    second = submitted(make_inspection(location), NO_TOILET, on=date(2025, 2, 3))
    db.session.refresh(major)
    assert major.status == "open" and major.due == date(2025, 2, 5)
    assert not [f for f in second.findings if f.requirement_code == "B-3.1"]


def test_a_minor_still_failing_at_a_reinspection_stays_minor():
    location = make_location()
    first = submitted(make_inspection(location), NO_CHAIRS, on=date(2025, 1, 6))
    [minor] = [f for f in first.findings if f.requirement_code == "B-5.5"]
    submitted(
        make_inspection(location, kind="reinspection"), NO_CHAIRS, on=date(2025, 2, 3)
    )
    db.session.refresh(minor)
    assert minor.severity == "minor" and minor.due is None
    assert not minor.escalated_from_minor and not _trail(minor, "finding.escalate")


def test_escalation_is_in_the_audit_log_with_before_and_after():
    location = make_location()
    first = submitted(make_inspection(location), NO_CHAIRS, on=date(2025, 1, 6))
    [minor] = [f for f in first.findings if f.requirement_code == "B-5.5"]
    second = submitted(make_inspection(location), NO_CHAIRS, on=date(2026, 1, 5))
    [entry] = _trail(minor, "finding.escalate")
    assert entry.actor_id == second.inspector_id
    assert entry.before["severity"] == "minor" and entry.before["due"] is None
    assert entry.after["severity"] == "major" and entry.after["due"] == "2026-02-04"
    assert entry.note == "Minor not fixed by the next periodic inspection."


def test_company_findings_are_settled_by_that_company_s_next_office_visit_only():
    ours, theirs = make_organisation("company"), make_organisation("company")
    first = administrative_inspection(ours, date(2025, 1, 6), ADMIN_FAIL)
    other = administrative_inspection(theirs, date(2025, 1, 6), ADMIN_FAIL)
    [mine] = [f for f in first.findings if f.requirement_code == "A-1.1"]
    [yours] = [f for f in other.findings if f.requirement_code == "A-1.1"]
    assert mine.location_id is None and mine.due == date(2025, 2, 5)
    location = make_location(ours)
    # a location's own inspection does not settle the company's office findings
    submitted(make_inspection(location), CONFORM_2024, on=date(2025, 1, 20))
    db.session.refresh(mine)
    assert mine.status == "open"
    administrative_inspection(ours, date(2025, 2, 3), ADMIN_OK)
    db.session.refresh(mine)
    db.session.refresh(yours)
    assert mine.status == "closed" and yours.status == "open"


def test_correction_closes_findings_that_now_pass_and_opens_new_ones():
    inspection = submitted(make_inspection(), NO_TOILET)
    [toilet] = [f for f in inspection.findings if f.requirement_code == "B-3.1"]
    staff = make_user(role="admin")
    services.correct_inspection(staff, inspection, NO_CHAIRS, "recounted", now=NOW)
    assert toilet.status == "closed" and toilet.closed_how == "correction"
    assert toilet.closed_note == "Corrected inspection."
    assert _trail(toilet, "finding.close")[0].actor_id == staff.id
    chairs = [f for f in inspection.findings if f.requirement_code == "B-5.5"]
    assert [f.severity for f in chairs] == ["minor"]
    assert _trail(chairs[0], "finding.create")[0].actor_id == staff.id


def test_correction_keeps_a_finding_that_still_fails_once():
    inspection = submitted(make_inspection(), NO_TOILET)
    [toilet] = [f for f in inspection.findings if f.requirement_code == "B-3.1"]
    again = {**NO_TOILET, "showers": 2}
    services.correct_inspection(None, inspection, again, "showers", now=NOW)
    assert toilet.status == "open"
    codes = [f.requirement_code for f in inspection.findings]
    assert codes.count("B-3.1") == 1


def test_a_repair_letter_is_stored_trimmed_and_audited():
    finding = _major()
    company = make_user(role="company", organisation=finding.location.company)
    letter = findings.submit_repair_letter(
        company, finding, "  Toilet placed. ", now=NOW
    )
    assert letter.text == "Toilet placed." and letter.submitted_by_id == company.id
    [entry] = _trail(finding, "finding.repair_letter")
    assert entry.actor_id == company.id
    assert entry.before["status"] == "open"
    assert entry.after["status"] == "repair_submitted"
    assert entry.after["letter"] == letter.id


@pytest.mark.parametrize("text", ["", "   ", None])
def test_a_repair_letter_without_text_is_a_field_error(text):
    finding = _major()
    with pytest.raises(ValidationError) as caught:
        findings.submit_repair_letter(None, finding, text, now=NOW)
    assert caught.value.fields == {"note": ["Describe the repair."]}
    assert finding.status == "open"


def test_no_repair_letter_or_decision_on_a_closed_finding():
    finding = _major()
    findings.close_finding(None, finding, "correction", "x", now=NOW)
    staff = make_user(role="admin")
    with pytest.raises(Conflict, match="already closed"):
        findings.submit_repair_letter(None, finding, "fixed", now=NOW)
    with pytest.raises(Conflict, match="already closed"):
        findings.order_reinspection(staff, finding, "", now=NOW)
    with pytest.raises(Conflict, match="already closed"):
        findings.accept_repair(staff, finding, "", now=NOW)


def test_accepting_needs_a_letter():
    finding = _major()
    with pytest.raises(Conflict, match="no repair letter"):
        findings.accept_repair(make_user(role="admin"), finding, "", now=NOW)
    assert finding.status == "open"


def test_staff_order_a_reinspection_then_accept_the_next_letter():
    finding = _major()
    company = make_user(role="company", organisation=finding.location.company)
    staff = make_user(role="admin")
    first = findings.submit_repair_letter(company, finding, "first", now=NOW)
    findings.decide_repair(staff, finding, False, "show me", now=NOW)
    assert finding.status == "reinspection"
    assert (first.decision, first.decided_by_id) == ("reinspection", staff.id)
    assert _same_instant(first.decided_at, NOW)
    [entry] = _trail(finding, "finding.order_reinspection")
    assert entry.actor_id == staff.id
    assert entry.before["status"] == "repair_submitted"
    assert entry.after["status"] == "reinspection" and entry.note == "show me"
    second = findings.submit_repair_letter(company, finding, "second", now=NOW)
    findings.decide_repair(staff, finding, True, "", now=NOW)
    assert (second.decision, second.decided_by_id) == ("accepted", staff.id)
    assert _same_instant(second.decided_at, NOW)
    assert first.decision == "reinspection"
    # without a note of their own, staff close on the company's words
    assert finding.status == "closed" and finding.closed_note == "second"
    assert _trail(finding, "finding.close")[0].actor_id == staff.id


def test_accepting_decides_the_latest_letter():
    finding = _major()
    company = make_user(role="company", organisation=finding.location.company)
    first = findings.submit_repair_letter(company, finding, "first", now=NOW)
    second = findings.submit_repair_letter(company, finding, "second", now=NOW)
    findings.accept_repair(make_user(role="admin"), finding, "ok", now=NOW)
    assert (first.decision, second.decision) == (None, "accepted")
    assert finding.closed_note == "ok"


def test_a_finding_that_does_not_exist_is_a_404(client):
    headers = bearer(client, make_user(role="admin"))
    response = client.get("/api/v1/findings/999999", headers=headers)
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "This finding does not exist."


def test_open_major_findings_are_the_company_s_open_majors_only():
    location = make_location()
    inspection = submitted(make_inspection(location), {**NO_CHAIRS, "toilets": 0})
    other = _major()
    codes = {f.requirement_code: f for f in inspection.findings}
    assert findings.open_major_findings(location.company_id) == [codes["B-3.1"]]
    findings.close_finding(None, codes["B-3.1"], "correction", "x", now=NOW)
    assert findings.open_major_findings(location.company_id) == []
    assert findings.open_major_findings(other.company_id) == [other]


def _listed(client, user, query=""):
    login(client, user)
    page = client.get("/findings" + query).get_data(as_text=True)
    return [int(x) for x in re.findall(r'href="/findings/(\d+)"', page)]


def test_the_findings_list_is_oldest_deadline_first_and_minors_last(client):
    inspection = submitted(make_inspection(), {**NO_CHAIRS, "toilets": 0})
    codes = {f.requirement_code: f for f in inspection.findings}
    # found later, but due earlier: first in the list
    late = _major(make_location(), on=date(2025, 1, 6))
    rows = _listed(client, make_user(role="admin"))
    assert rows.index(late.id) < rows.index(codes["B-3.1"].id)
    assert rows.index(codes["B-3.1"].id) < rows.index(codes["B-5.5"].id)


def test_closed_findings_are_listed_only_when_asked_for(client):
    finding = _major()
    findings.close_finding(None, finding, "correction", "x", now=NOW)
    staff = make_user(role="admin")
    assert finding.id not in _listed(client, staff)
    assert finding.id in _listed(client, staff, "?all=1")


def test_a_verifier_lists_no_findings():
    _major()
    verifier = make_user(role="verifier")
    query = findings.findings_query(verifier, open_only=True)
    assert db.session.scalars(query).all() == []
    assert db.session.query(Finding).count() > 0


def test_a_closed_finding_stays_closed_and_a_new_failure_is_a_new_finding():
    location = make_location()
    major = _major(location, on=date(2025, 1, 6))
    findings.close_finding(None, major, "repair_letter", "placed", now=NOW)
    submitted(make_inspection(location), CONFORM_2024, on=date(2025, 2, 3))
    assert major.closed_how == "repair_letter" and major.closed_note == "placed"
    assert len(_trail(major, "finding.close")) == 1
    again = _major(location, on=date(2025, 3, 3))
    assert again.id != major.id and again.status == "open"


def test_the_findings_list_runs_the_same_queries_for_one_or_many(client):
    def page_queries():
        with count_queries() as statements:
            assert client.get("/findings").status_code == 200
        return len(statements)

    login(client, make_user(role="admin"))
    _major()
    few = page_queries()
    for _ in range(3):
        _major()
    assert page_queries() == few
