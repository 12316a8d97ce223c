"""Each role's home page is its work queue: what needs doing now, oldest
deadline first, each item a link to where it is handled."""

import re
from datetime import timedelta

from sqlalchemy import event

from snf.certificates import lifecycle
from snf.certificates.reasons import reason
from snf.database import local_today, utcnow
from snf.extensions import db
from snf.inspections import findings as finding_services
from snf.registry.reports import save_report
from tests.certificates_factories import make_applicant, make_registered
from tests.factories import login, make_organisation, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    request_known_address,
    submitted,
)

TODAY = local_today()


def _section(html: str, key: str) -> str:
    start = html.index(f'id="queue-{key}"')
    return html[start : html.index("</section>", start)]


def _links(section: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"><strong>', section)


def _major(company, days_ago: int, location=None):
    """A major finding (no toilet) found ``days_ago``: due 30 days later."""
    location = location or make_location(company)
    on = TODAY - timedelta(days=days_ago)
    inspection = make_inspection(location, scheduled_for=on)
    submitted(inspection, {**CONFORM_2024, "toilets": 0}, on=on)
    return next(f for f in inspection.findings if f.severity == "major")


def _home(client, user) -> str:
    login(client, user)
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_staff_home_lists_overdue_findings_oldest_deadline_first(client):
    late, _ = make_registered()
    later, _ = make_registered()
    newer = _major(later, days_ago=35)
    older = _major(late, days_ago=50)
    _major(later, days_ago=5)  # not yet due: not in the queue
    html = _home(client, make_user(role="admin"))
    section = _section(html, "overdue_findings")
    assert _links(section) == [f"/findings/{older.id}", f"/findings/{newer.id}"]
    assert "20 days overdue" in section and "5 days overdue" in section


def test_staff_home_lists_each_kind_of_work_with_a_link_to_where_it_is_handled(
    client,
):
    company_user = make_user(role="company")
    writer, _ = make_registered()
    finding = _major(writer, days_ago=10)
    finding_services.submit_repair_letter(
        company_user, finding, "Toilet placed.", now=utcnow()
    )
    suspended, _ = make_registered()
    _major(suspended, days_ago=51)  # due 21 days ago: suspended the day after
    lifecycle.record(
        None,
        suspended.id,
        "suspend",
        effective=TODAY - timedelta(days=20),
        reason=reason("major_overdue", code="B-3.1", due=TODAY - timedelta(days=21)),
        now=utcnow(),
    )
    applicant, _application, _places = make_applicant(TODAY - timedelta(days=3))
    visit = make_inspection(scheduled_for=TODAY)
    html = _home(client, make_user(role="admin"))
    assert _links(_section(html, "repair_letters")) == [f"/findings/{finding.id}"]
    suspensions = _section(html, "suspensions")
    assert _links(suspensions) == [f"/companies/{suspended.id}"]
    assert "in 10 days" in suspensions  # 30 days of SNF 2024.1 after the start
    assert _links(_section(html, "applications")) == [f"/companies/{applicant.id}"]
    assert _links(_section(html, "today")) == [f"/inspections/{visit.id}"]
    # make_registered certifies on 2025-01-06: nothing to renew within six weeks.
    assert "Nothing to do here." in _section(html, "renewals")


def test_a_suspension_with_nothing_open_has_no_strike_off_date(client):
    company, _ = make_registered()
    lifecycle.record(
        None,
        company.id,
        "suspend",
        effective=TODAY - timedelta(days=3),
        reason="Fire exits blocked",
        now=utcnow(),
    )
    html = _home(client, make_user(role="admin"))
    section = _section(html, "suspensions")
    assert _links(section) == [f"/companies/{company.id}"]
    assert "reinstate when resolved" in section and "no deadline" in section


def test_staff_home_lists_renewals_due_within_six_weeks(client):
    soon, certificate = make_registered(TODAY - timedelta(days=340))
    make_registered(TODAY - timedelta(days=200))  # valid for months yet
    html = _home(client, make_user(role="admin"))
    section = _section(html, "renewals")
    assert _links(section) == [f"/companies/{soon.id}"]
    assert certificate.number in section


def test_staff_home_is_a_constant_number_of_queries(client, app):
    def count_queries() -> int:
        seen = []

        def listener(*_args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            client.get("/")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    login(client, make_user(role="admin"))
    company, _ = make_registered()
    _major(company, days_ago=40)
    few = count_queries()
    for _ in range(4):
        other, _ = make_registered()
        _major(other, days_ago=40)
        make_inspection(scheduled_for=TODAY)
    assert count_queries() == few


def test_inspector_home_is_todays_route_with_what_to_expect(client):
    inspector = make_user(role="inspector")
    company, _ = make_registered()
    location = make_location(company, beds=12, housing_type="holiday_park")
    _major(company, days_ago=10, location=location)
    visit = make_inspection(location, inspector=inspector, scheduled_for=TODAY)
    make_inspection(inspector=inspector, scheduled_for=TODAY + timedelta(days=1))
    make_inspection(scheduled_for=TODAY)  # someone else's visit
    section = _section(_home(client, inspector), "route")
    assert _links(section) == [f"/inspections/{visit.id}"]
    assert company.name in section and location.address in section
    assert "holiday park" in section and "12 beds" in section
    assert "1 open finding" in section


def test_company_home_shows_open_findings_upcoming_visits_and_renewal(client):
    company, certificate = make_registered(TODAY - timedelta(days=100))
    user = make_user(role="company", organisation=company)
    location = make_location(company)
    due_first = _major(company, days_ago=20, location=location)
    due_later = _major(company, days_ago=5)
    announced = make_inspection(location, scheduled_for=TODAY + timedelta(days=3))
    make_inspection(
        location, kind="urgent", announced=False, scheduled_for=TODAY + timedelta(1)
    )
    html = _home(client, user)
    findings = _section(html, "open_findings")
    assert _links(findings) == [
        f"/findings/{due_first.id}",
        f"/findings/{due_later.id}",
    ]
    assert "in 10 days" in findings and "in 25 days" in findings
    upcoming = _section(html, "upcoming_inspections")
    assert _links(upcoming) == [f"/inspections/{announced.id}"]  # urgent stays hidden
    assert f"Certificate {certificate.number} is valid until" in html


def test_verifier_home_links_to_bulk_check_and_its_last_reports(client):
    verifier = make_user(role="verifier")
    report = save_report(verifier, ["12345678"], TODAY, "Members", now=utcnow())
    html = _home(client, verifier)
    section = _section(html, "verifications")
    assert 'href="/register/verifications"' in section
    assert f'href="/register/verifications/{report.id}"' in section


def test_home_in_dutch_speaks_dutch(client):
    company, _ = make_registered()
    _major(company, days_ago=40)
    login(client, make_user(role="admin"))
    client.get("/language/nl")
    html = client.get("/").get_data(as_text=True)
    assert "Verlopen zware tekortkomingen" in html and "10 dagen te laat" in html
    assert "Overdue" not in html and "days overdue" not in html


def test_staff_home_lists_sign_ups_to_confirm_and_location_requests(client):
    from tests.claims_factories import make_claim

    first = make_claim(company_name="Eerste Claim BV")
    second = make_claim(company_name="Tweede Claim BV")
    asker = make_organisation("company", name="Vragende Flex BV")
    request = request_known_address(asker=asker)
    html = _home(client, make_user(role="admin"))
    claims_section = _section(html, "claims")
    assert _links(claims_section) == [f"/claims/{first.id}", f"/claims/{second.id}"]
    requests_section = _section(html, "location_requests")
    assert "Vragende Flex BV" in requests_section
    assert f"#request-{request.id}" in requests_section


def test_a_company_home_lists_requests_for_its_addresses_only(client):
    owner = make_organisation("company")
    asker = make_organisation("company", name="Vragende Flex BV")
    request_known_address(owner=owner, asker=asker)
    mine = _section(_home(client, make_user("company", owner)), "location_requests")
    assert "Vragende Flex BV" in mine
    client.post("/logout")
    other = _section(_home(client, make_user("company", asker)), "location_requests")
    assert "Vragende Flex BV" not in other
