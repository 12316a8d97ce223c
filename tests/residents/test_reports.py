"""Complaints in figures: per quarter and category, share substantiated,
median days to inspection; on the staff home page and the public statistics."""

from datetime import UTC, datetime, timedelta

from snf.database import utcnow
from snf.residents import triage
from snf.residents.reports import complaint_figures
from tests.certificates_factories import admin_user
from tests.factories import login, make_user
from tests.inspections_factories import CONFORM_2024, make_inspection, submitted
from tests.residents_factories import make_complaint, uncertified_location


def test_figures_per_quarter_and_category_share_and_median():
    _location, token = uncertified_location()
    admin = admin_user()
    march = make_complaint(token, "sanitary")
    march.created_at = datetime(2026, 3, 2, 10, tzinfo=UTC)
    make_complaint(token, "sanitary").created_at = datetime(2026, 3, 9, tzinfo=UTC)
    july = make_complaint(token, "kitchen")
    july.created_at = datetime(2026, 7, 1, tzinfo=UTC)
    triage.triage_complaint(admin, march, "substantiated", "", now=utcnow())
    triage.triage_complaint(admin, march, "closed", "", now=utcnow())
    triage.triage_complaint(admin, july, "not_substantiated", "", now=utcnow())
    figures = complaint_figures()
    quarters = {q: (counts, total) for q, counts, total in figures["quarters"]}
    assert quarters["2026-Q1"][0]["sanitary"] == 2 and quarters["2026-Q1"][1] == 2
    assert quarters["2026-Q3"][0]["kitchen"] == 1
    # Closed after it was found substantiated: still counted as substantiated.
    assert figures["substantiated_share"] == 0.5
    assert figures["median_days_to_inspection"] is None


def test_median_days_from_complaint_to_inspection():
    location, token = uncertified_location()
    complaint = make_complaint(token)
    inspection = make_inspection(location)
    done_on = complaint.created_at.date() + timedelta(days=4)
    inspection.scheduled_for = done_on
    submitted(inspection, CONFORM_2024, on=done_on)
    complaint.inspection_id = inspection.id
    assert complaint_figures()["median_days_to_inspection"] == 4


def test_staff_home_and_public_statistics_show_the_figures(client, app):
    _location, token = uncertified_location()
    make_complaint(token, "fire_safety")
    public = client.get("/register/statistics").get_data(as_text=True)
    assert 'id="complaints"' in public and "Median days from complaint" in public
    assert token.token not in public
    login(client, make_user(role="admin"))
    home = client.get("/").get_data(as_text=True)
    assert 'id="queue-complaints"' in home and "1 complaint waits" in home
    company = app.test_client()
    login(company, make_user(role="company"))
    assert 'id="queue-complaints"' not in company.get("/").get_data(as_text=True)
