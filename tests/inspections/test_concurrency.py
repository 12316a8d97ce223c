"""Concurrent requests against a database where every request commits."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from snf.auth import services as auth
from snf.database import local_today, utcnow
from snf.extensions import db
from snf.idempotency import IdempotencyRecord
from snf.inspections import locations, services
from snf.inspections.models import Finding
from tests.inspections_factories import CONFORM_2024, location_data

pytestmark = pytest.mark.no_db


def _started_inspection(app, suffix: str):
    """An inspection in progress with failing observations, committed."""
    with app.app_context():
        now = utcnow()
        body = auth.create_organisation(
            None, kind="inspection_body", now=now, name=f"Body {suffix}"
        )
        company = auth.create_organisation(
            None, kind="company", now=now, name=f"Company {suffix}"
        )
        inspector = auth.create_user(
            None,
            email=f"i{suffix}@example.org",
            password="a long enough password",
            role="inspector",
            organisation=body,
            now=now,
        )
        location, _ = locations.register_location(
            None, company, location_data(), now=now
        )
        inspection = services.schedule_inspection(
            None,
            company=company,
            location=location,
            kind="periodic",
            announced=True,
            scheduled_for=local_today(),
            inspector=inspector,
            now=now,
        )
        services.start_inspection(inspector, inspection, today=local_today(), now=now)
        services.save_observations(
            inspector,
            inspection,
            {**CONFORM_2024, "occupants": 9, "beds": 9},
            if_match=None,
            now=now,
        )
        token, _ = auth.issue_token(inspector, now=now, lifetime=timedelta(hours=1))
        db.session.commit()
        return inspection.id, {"Authorization": f"Bearer {token}"}


def test_five_concurrent_submits_with_one_key_make_one_set_of_findings(live_app):
    inspection_id, headers = _started_inspection(live_app, "conc1")
    headers = {**headers, "Idempotency-Key": "tablet-submit-42"}
    url = f"/api/v1/inspections/{inspection_id}/submit"

    def submit(_):
        return live_app.test_client().post(url, headers=headers)

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(submit, range(5)))
    assert [a.status_code for a in answers] == [200] * 5
    assert len({a.get_data() for a in answers}) == 1
    with live_app.app_context():
        count = db.session.scalar(
            select(func.count(Finding.id)).where(Finding.inspection_id == inspection_id)
        )
        records = db.session.scalar(
            select(func.count(IdempotencyRecord.id)).where(
                IdempotencyRecord.key == "tablet-submit-42"
            )
        )
    assert count == len(answers[0].get_json()["findings"]) > 0
    assert records == 1
