"""The agricultural mark (issue 16.3): a company's mark decides the norm its
inspections are judged by, the housing it may register, the unannounced
audits drawn, the deadline of its findings, and what the register shows."""

from datetime import date, timedelta

import pytest

from snf.certificates.marks import set_company_mark
from snf.database import utcnow
from snf.errors import ValidationError
from snf.extensions import db
from snf.inspections import cadence, locations
from snf.inspections.findings import major_due
from tests.certificates_factories import (
    admin_user,
    administrative_inspection,
    make_applicant,
)
from tests.factories import bearer, login, make_organisation, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    location_data,
    make_inspection,
    make_location,
    started,
    submitted,
)

ON = date(2025, 6, 2)
CARAVAN = {"housing_type": "touring_caravan", "use_class": "logies"}


def make_grower(**overrides):
    company = make_organisation("company", **overrides)
    set_company_mark(None, company, "AGRI", now=utcnow())
    return company


def test_an_agri_companys_inspection_is_judged_by_the_agri_version_in_force():
    grower = make_grower()
    snf = make_organisation("company")
    agri_visit = started(make_inspection(make_location(grower)), on=ON)
    snf_visit = started(make_inspection(make_location(snf)), on=ON)
    assert agri_visit.norm_version.label == "AGRI 2024.1"
    assert snf_visit.norm_version.label == "SNF 2024.1"
    # Before AGRI 2024.1 took effect (2024-08-15), 2023.1 was in force.
    early = started(make_inspection(make_location(grower)), on=date(2024, 8, 1))
    assert early.norm_version.label == "AGRI 2023.1"


def test_a_touring_caravan_is_refused_under_snf_naming_the_field():
    snf = make_organisation("company")
    with pytest.raises(ValidationError) as refused:
        make_location(snf, **CARAVAN)
    assert "housing_type" in refused.value.fields
    assert "agricultural mark" in refused.value.fields["housing_type"][0]


def test_a_touring_caravan_is_allowed_under_agri_with_its_season():
    caravan = make_location(make_grower(), season="seasonal", **CARAVAN)
    assert (caravan.housing_type, caravan.season) == ("touring_caravan", "seasonal")
    inspection = started(make_inspection(caravan), on=ON)
    assert inspection.observations["housing_season"] == "seasonal"


def test_a_company_with_caravans_cannot_go_back_to_snf():
    grower = make_grower()
    make_location(grower, **CARAVAN)
    with pytest.raises(ValidationError) as refused:
        set_company_mark(None, grower, "SNF", now=utcnow())
    assert "mark" in refused.value.fields
    assert grower.mark == "AGRI"


def test_a_location_request_for_a_caravan_under_snf_is_refused():
    user = make_user(role="company")
    with pytest.raises(ValidationError) as refused:
        locations.request_location(
            user, user.organisation, location_data(**CARAVAN), now=utcnow()
        )
    assert "housing_type" in refused.value.fields


def test_open_findings_under_agri_are_due_in_28_days_under_snf_30():
    grower = make_grower()
    bad = {**CONFORM_2024, "toilets": 0.0}
    agri = submitted(make_inspection(make_location(grower)), bad, on=ON)
    snf = submitted(make_inspection(make_location()), bad, on=ON)
    assert major_due(agri, ON) == ON + timedelta(days=28)
    assert {f.due for f in agri.findings if f.severity == "major"} == {
        ON + timedelta(days=28)
    }
    assert {f.due for f in snf.findings if f.severity == "major"} == {
        ON + timedelta(days=30)
    }


def test_the_unannounced_draw_is_a_tenth_rounded_up_and_reproducible():
    ids = list(range(1, 41))
    first = cadence.draw(2026, ids, 0.10)
    assert len(first) == 4
    assert cadence.draw(2026, list(reversed(ids)), 0.10) == first
    assert cadence.draw(2027, ids, 0.10) != first  # a new draw each year
    assert len(cadence.draw(2026, ids[:11], 0.10)) == 2
    assert cadence.draw(2026, ids, 0.0) == []


def test_only_agri_locations_are_drawn_and_a_visit_takes_one_off_the_list():
    grower = make_grower()
    places = [make_location(grower) for _ in range(3)]
    make_location(make_organisation("company"))
    drawn = cadence.unannounced_draw(2026)
    assert len(drawn) == 1 and drawn[0] in places
    assert cadence.unannounced_due(date(2026, 3, 1)) == drawn
    make_inspection(
        drawn[0], kind="ad_hoc", announced=False, scheduled_for=date(2026, 3, 2)
    )
    assert cadence.unannounced_due(date(2026, 3, 1)) == []


def _registered_grower():
    company, application, places = make_applicant(ON)
    set_company_mark(None, company, "AGRI", now=utcnow())
    administrative_inspection(company, ON)
    for place in places:
        submitted(make_inspection(place), CONFORM_2024, on=ON)
    from snf.certificates import services
    from snf.certificates.keys import signer

    services.mark_fee_paid(None, application, today=ON, now=utcnow())
    certificate = services.issue_certificate(
        None, company, today=ON, now=utcnow(), sign=signer()
    )
    return company, certificate


def test_certificate_register_verify_and_feed_name_the_mark(client):
    company, certificate = _registered_grower()
    db.session.commit()
    assert certificate.norm_version.label == "AGRI 2024.1"
    got = client.get(f"/api/v1/certificates/{certificate.number}").get_json()
    assert got["mark"] == "AGRI"
    record = client.get(f"/api/v1/registry/companies/{company.kvk}").get_json()
    assert record["mark"] == "AGRI"
    page = client.get(
        f"/api/v1/registry/companies?q={company.kvk}&mark=AGRI"
    ).get_json()
    assert [item["mark"] for item in page["items"]] == ["AGRI"]
    none = client.get(f"/api/v1/registry/companies?q={company.kvk}&mark=SNF").get_json()
    assert none["items"] == []
    checked = client.post(
        "/api/v1/registry/verify", json={"kvk_numbers": [company.kvk]}
    )
    assert checked.get_json()["results"][0]["mark"] == "AGRI"
    feed = client.get("/api/v1/registry/changes?since=0&limit=1000").get_json()
    assert {i["mark"] for i in feed["items"] if i["kvk"] == company.kvk} == {"AGRI"}
    html = client.get(f"/register/{company.kvk}?lang=en").get_data(as_text=True)
    assert "AGRI (agricultural mark)" in html
    listed = client.get("/register/?mark=AGRI&lang=en").get_data(as_text=True)
    assert company.name in listed
    verify = client.get(f"/verify/{certificate.number}?lang=en")
    assert "AGRI (agricultural mark)" in verify.get_data(as_text=True)


def test_the_certificate_pdf_names_the_agricultural_mark(app):
    from snf.certificates.pdf import page_texts
    from snf.certificates.rendering import document_for, verify_url

    _company, certificate = _registered_grower()
    with app.test_request_context("/?lang=en"):
        document = document_for(certificate, verify_url(certificate))
        texts = [t.text for t in page_texts(document)]
    assert "AGRI 2024.1" in texts
    assert "Agricultural mark (AGRI)" in texts


def test_staff_set_the_mark_over_the_api_and_a_company_may_not(client):
    company = make_organisation("company")
    admin = admin_user()
    own = make_user(role="company", organisation=company)
    db.session.commit()
    url = f"/api/v1/companies/{company.kvk}/mark"
    denied = client.put(url, json={"mark": "AGRI"}, headers=bearer(client, own))
    assert denied.status_code == 403
    staff = bearer(client, admin)
    bad = client.put(url, json={"mark": "BIO"}, headers=staff)
    assert bad.status_code == 422 and "mark" in bad.get_json()["error"]["fields"]
    done = client.put(url, json={"mark": "AGRI"}, headers=staff)
    assert done.status_code == 200 and done.get_json()["mark"] == "AGRI"


def test_the_api_refuses_a_caravan_under_snf_and_shows_the_season(client):
    company = make_organisation("company")
    staff = bearer(client, admin_user())
    db.session.commit()
    url = f"/api/v1/companies/{company.kvk}/locations"
    refused = client.post(url, json=location_data(**CARAVAN), headers=staff)
    assert refused.status_code == 422
    assert "housing_type" in refused.get_json()["error"]["fields"]
    set_company_mark(None, company, "AGRI", now=utcnow())
    db.session.commit()
    body = location_data(season="seasonal", **CARAVAN)
    made = client.post(url, json=body, headers=staff)
    assert made.status_code == 201 and made.get_json()["season"] == "seasonal"
    wrong = client.post(url, json=location_data(season="winter"), headers=staff)
    assert "season" in wrong.get_json()["error"]["fields"]


def test_the_location_form_refuses_a_caravan_under_snf_next_to_the_field(client):
    company = make_organisation("company")
    admin = admin_user()
    db.session.commit()
    login(client, admin)
    form = {**location_data(**CARAVAN), "postcode": "2671AB", "season": "seasonal"}
    answer = client.post(f"/locations/new?company={company.id}&lang=en", data=form)
    page = answer.get_data(as_text=True)
    assert "Touring caravans are allowed only under the agricultural mark" in page
    assert locations.find_by_address("2671AB", form["house_number"]) is None


def test_a_company_says_its_mark_when_it_applies(client):
    company = make_organisation("company")
    body = make_organisation("inspection_body")
    own = make_user(role="company", organisation=company)
    db.session.commit()
    url = f"/api/v1/companies/{company.kvk}/applications"
    headers = bearer(client, own)
    wrong = client.post(
        url, json={"inspection_body": body.name, "mark": "BIO"}, headers=headers
    )
    assert "mark" in wrong.get_json()["error"]["fields"]
    answer = client.post(
        url, json={"inspection_body": body.name, "mark": "AGRI"}, headers=headers
    )
    assert answer.status_code == 201
    db.session.refresh(company)
    assert company.mark == "AGRI"


def test_the_apply_form_carries_the_mark(client):
    company = make_organisation("company")
    body = make_organisation("inspection_body")
    own = make_user(role="company", organisation=company)
    db.session.commit()
    login(client, own)
    page = client.get(f"/companies/{company.id}?lang=en").get_data(as_text=True)
    assert 'name="mark"' in page
    client.post(
        f"/companies/{company.id}/apply",
        data={"inspection_body": str(body.id), "mark": "AGRI"},
    )
    db.session.refresh(company)
    assert company.mark == "AGRI"


def test_what_if_judges_only_the_locations_under_the_versions_mark():
    from snf.inspections import whatif
    from snf.norms import services as norms

    submitted(make_inspection(make_location(make_grower())), CONFORM_2024, on=ON)
    submitted(make_inspection(make_location()), CONFORM_2024, on=ON)
    agri = whatif.run_whatif(norms.get_version("AGRI", "2024.1"), ON)
    snf = whatif.run_whatif(norms.get_version("SNF", "2024.1"), ON)
    # Each version judges one of the two locations: its own mark's.
    assert (agri.evaluated, snf.evaluated) == (1, 1)
