"""Explanations follow the reader's language everywhere (issue 13, point 5),
and findings get their due date from the version's settings (issue 15.4)."""

from datetime import date

import pytest
from sqlalchemy import inspect as sa_inspect

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import services
from snf.inspections.explain import finding_explanation
from snf.inspections.models import Finding
from snf.norms import services as norms
from tests.factories import bearer, login, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    started,
    submitted,
)

NINE_ON_ONE_TOILET = {**CONFORM_2024, "occupants": 9, "beds": 9}
EN = "9 occupants and 1 toilet(s): at most 8 occupants per toilet"
NL = "9 bewoners en 1 toilet(ten): maximaal 8 bewoners per toilet"


@pytest.fixture
def inspection():
    return submitted(make_inspection(), NINE_ON_ONE_TOILET, on=date(2025, 6, 2))


def _toilets(inspection) -> Finding:
    return next(f for f in inspection.findings if f.requirement_code == "B-3.1")


def test_a_finding_stores_no_sentence_and_reads_in_either_language(inspection):
    assert "explanation" not in {c.key for c in sa_inspect(Finding).columns}
    assert all("explanation" not in r for r in inspection.results)
    toilets = _toilets(inspection)
    assert finding_explanation(toilets, "en") == EN
    assert finding_explanation(toilets, "nl") == NL


SAID = {"en": EN, "nl": NL}


def test_report_and_finding_pages_follow_the_reader(client, inspection, lang):
    text = SAID[lang]
    login(client, make_user(role="admin"))
    report = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert report.count(text) == 2  # the finding and the requirement row
    other = NL if lang == "en" else EN
    assert other not in report
    finding = client.get(f"/findings/{_toilets(inspection).id}").get_data(as_text=True)
    assert f"<dd>{text}</dd>" in finding


def _explanations(client, inspection, headers) -> set[str]:
    body = client.get(f"/api/v1/inspections/{inspection.id}", headers=headers)
    data = body.get_json()
    [result] = [r for r in data["results"] if r["requirement"] == "B-3.1"]
    [finding] = [f for f in data["findings"] if f["requirement"] == "B-3.1"]
    return {result["explanation"], finding["explanation"]}


def test_inspection_api_follows_accept_language(client, inspection, lang):
    headers = bearer(client, make_user(role="admin"))
    assert _explanations(client, inspection, headers) == {SAID[lang]}


def test_the_api_speaks_english_unless_asked(app, inspection):
    client = app.test_client()
    headers = bearer(client, make_user(role="admin"))
    assert _explanations(client, inspection, headers) == {EN}


def test_evaluate_api_follows_accept_language(client, lang):
    headers = bearer(client, make_user(role="admin"))
    body = {"date": "2025-06-02", "observations": NINE_ON_ONE_TOILET}
    data = client.post(
        "/api/v1/norms/SNF/versions/2024.1/evaluate", json=body, headers=headers
    ).get_json()
    [toilets] = [r for r in data["results"] if r["requirement"] == "B-3.1"]
    assert toilets["explanation"] == SAID[lang]


def _submit_under(code: str, version: str, on: date):
    inspection = started(make_inspection(), on)
    # The mark decides the norm; the version in force is fixed at the start.
    inspection.norm_version = norms.get_version(code, version)
    db.session.flush()
    services.save_observations(
        inspection.inspector,
        inspection,
        NINE_ON_ONE_TOILET,
        if_match=None,
        now=utcnow(),
    )
    return services.submit_inspection(inspection.inspector, inspection, now=utcnow())


@pytest.mark.parametrize(
    ("code", "version", "due"),
    [
        ("AGRI", "2024.1", date(2025, 6, 30)),  # 28 days
        ("SNF", "2024.1", date(2025, 7, 2)),  # 30 days
    ],
)
def test_major_finding_is_due_after_the_days_of_its_version(code, version, due):
    inspection = _submit_under(code, version, date(2025, 6, 2))
    toilets = _toilets(inspection)
    assert toilets.severity == "major"
    assert toilets.due == due
