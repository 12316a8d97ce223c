import io
from datetime import date

import pytest
from PIL import Image

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import findings, whatif
from snf.inspections.models import Attachment, Finding
from snf.norms import services as norms
from tests.factories import bearer, login, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    png_bytes,
    started,
    submitted,
)

FAILING = {**CONFORM_2024, "occupants": 9, "beds": 9}


@pytest.fixture
def inspector():
    return make_user(role="inspector")


def _photo_url(inspection, **query):
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/v1/inspections/{inspection.id}/photos?{args}"


def test_png_is_reencoded_as_a_smaller_jpeg(client, inspector):
    inspection = started(make_inspection(inspector=inspector))
    big = io.BytesIO()
    Image.new("RGB", (3000, 2000), (10, 120, 200)).save(big, "PNG")
    headers = bearer(client, inspector)
    response = client.post(
        _photo_url(inspection, requirement="B-3.1"),
        data=big.getvalue(),
        headers=headers,
        content_type="image/png",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert max(body["width"], body["height"]) == 1600
    attachment = db.session.get(Attachment, body["id"])
    assert (
        attachment.content_type == "image/jpeg"
        and attachment.requirement_code == "B-3.1"
    )
    image = client.get(body["url"], headers=headers)
    assert image.status_code == 200 and image.data[:3] == b"\xff\xd8\xff"


def test_text_file_named_jpg_is_refused_and_nothing_is_stored(client, inspector):
    inspection = started(make_inspection(inspector=inspector))
    headers = bearer(client, inspector)
    response = client.post(
        _photo_url(inspection),
        headers=headers,
        data={"photo": (io.BytesIO(b"just text"), "photo.jpg")},
    )
    assert response.status_code == 422
    assert "photo" in response.get_json()["error"]["fields"]
    assert db.session.query(Attachment).count() == 0


def test_gif_is_refused_even_with_an_image_content_type(client, inspector):
    inspection = started(make_inspection(inspector=inspector))
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    response = client.post(
        _photo_url(inspection),
        data=gif.getvalue(),
        content_type="image/jpeg",
        headers=bearer(client, inspector),
    )
    assert response.status_code == 422


def test_upload_of_50_mb_is_refused_with_413(client, inspector):
    inspection = started(make_inspection(inspector=inspector))
    response = client.post(
        _photo_url(inspection),
        data=b"\0" * (50 * 1024 * 1024),
        headers=bearer(client, inspector),
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["message"]
    assert db.session.query(Attachment).count() == 0


def test_photo_over_the_photo_limit_names_the_limit(client, inspector, app):
    inspection = started(make_inspection(inspector=inspector))
    limit = app.config["MAX_PHOTO_BYTES"]
    response = client.post(
        _photo_url(inspection),
        data=b"\xff" * (limit + 1),
        headers=bearer(client, inspector),
    )
    assert response.status_code == 413
    assert "MB" in response.get_json()["error"]["message"]


def test_retried_upload_with_same_client_id_is_stored_once(client, inspector):
    inspection = started(make_inspection(inspector=inspector))
    headers = bearer(client, inspector)
    url = _photo_url(inspection, client_id="tablet-photo-1")
    first = client.post(url, data=png_bytes(), headers=headers)
    second = client.post(url, data=png_bytes(), headers=headers)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert db.session.query(Attachment).count() == 1


def test_company_closes_a_major_with_a_repair_letter_and_staff_accept(client):
    location = make_location()
    inspection = submitted(make_inspection(location), FAILING)
    major = next(f for f in inspection.findings if f.requirement_code == "B-3.1")
    company_user = make_user(role="company", organisation=location.company)
    login(client, company_user)
    assert "B-3.1" in client.get("/findings").get_data(as_text=True)
    response = client.post(
        f"/findings/{major.id}/repair",
        data={
            "text": "A second toilet was installed.",
            "photos": [(io.BytesIO(png_bytes()), "invoice.png")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.refresh(major)
    assert major.status == "repair_submitted"
    assert (
        db.session.query(Attachment)
        .filter(Attachment.repair_letter_id.isnot(None))
        .count()
        == 1
    )
    admin = make_user(role="admin")
    findings.accept_repair(admin, major, "", now=utcnow())
    assert major.status == "closed" and major.closed_how == "repair_letter"


def test_repair_letter_without_text_is_refused_next_to_the_field(client):
    location = make_location()
    inspection = submitted(make_inspection(location), FAILING)
    major = inspection.findings[0]
    login(client, make_user(role="company", organisation=location.company))
    response = client.post(f"/findings/{major.id}/repair", data={"text": ""})
    assert response.status_code == 422
    assert 'id="text-errors"' in response.get_data(as_text=True)
    db.session.refresh(major)
    assert major.status == "open"


def test_api_close_by_company_then_staff_order_reinspection(client):
    location = make_location()
    inspection = submitted(make_inspection(location), FAILING)
    major = inspection.findings[0]
    company = bearer(client, make_user(role="company", organisation=location.company))
    url = f"/api/v1/findings/{major.id}/close"
    sent = client.post(
        url, json={"method": "repair_letter", "note": "fixed"}, headers=company
    )
    assert sent.status_code == 200 and sent.get_json()["status"] == "repair_submitted"
    refused = client.post(url, json={"method": "reinspection"}, headers=company)
    assert refused.status_code == 422
    admin = bearer(client, make_user(role="admin"))
    ordered = client.post(
        url, json={"method": "reinspection", "note": "show me"}, headers=admin
    )
    assert ordered.get_json()["status"] == "reinspection"


def test_other_company_cannot_see_or_repair_a_finding(client):
    inspection = submitted(make_inspection(), FAILING)
    finding = inspection.findings[0]
    stranger = make_user(role="company")
    login(client, stranger)
    assert client.get(f"/findings/{finding.id}").status_code == 403
    assert (
        client.post(f"/findings/{finding.id}/repair", data={"text": "x"}).status_code
        == 403
    )
    assert "B-3.1" not in client.get("/findings").get_data(as_text=True)


def test_whatif_counts_failures_under_another_version_and_changes_nothing():
    location = make_location(beds=10)
    # Bunk beds were allowed under 2021.1 and are banned from 2024.
    bunk = {
        **CONFORM_2024,
        "bedrooms": [{**CONFORM_2024["bedrooms"][0], "bunk_beds": 1}],
    }
    inspection = submitted(make_inspection(location), bunk, on=date(2023, 3, 1))
    assert inspection.verdict == "conform"
    runs, codes = whatif.compare(
        [norms.get_version("SNF", "2021.1"), norms.get_version("SNF", "2024.1")],
        date(2025, 6, 1),
    )
    old, new = runs
    assert "B-1.4" not in old.impacts
    assert new.impacts["B-1.4"].locations >= 1 and new.impacts["B-1.4"].beds >= 10
    db.session.refresh(inspection)
    assert inspection.verdict == "conform"
    assert db.session.query(Finding).filter_by(inspection_id=inspection.id).count() == 0


def test_whatif_page_compares_two_versions(client):
    submitted(make_inspection(), CONFORM_2024)
    login(client, make_user(role="admin"))
    url = "/whatif?v=SNF:2021.1&v=SNF:2024.1&all=1"  # every requirement
    page = client.get(url).get_data(as_text=True)
    assert "SNF 2021.1" in page and "SNF 2024.1" in page and "B-1.4" in page


def test_whatif_judges_location_requirements_only():
    submitted(make_inspection(), CONFORM_2024, on=date(2025, 6, 1))
    [run], _codes = whatif.compare(
        [norms.get_version("SNF", "2024.1")], date(2025, 6, 1)
    )
    assert run.non_conform == 0
    assert not [code for code in run.impacts if code.startswith("A-")]
