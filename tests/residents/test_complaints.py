"""Complaints: anonymous by default, with a photo, retried once, hostile input
refused by field and never a 500."""

import io

from PIL import Image
from sqlalchemy import func, select

from snf.extensions import db
from snf.residents.models import Complaint
from snf.storage import storage
from tests.inspections_factories import png_bytes
from tests.residents_factories import certified_location, uncertified_location


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint))


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (60, 40), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_an_anonymous_complaint_gets_a_receipt_and_a_status(client):
    _location, token = uncertified_location()
    url = f"/api/v1/resident/{token.token}/complaints"
    response = client.post(url, json={"category": "sanitary", "text": "No shower"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "received" and len(body["receipt"]) == 9
    status = client.get(f"{url}/{body['receipt']}").get_json()
    assert status["status"] == "received" and "text" not in status
    complaint = db.session.scalar(select(Complaint))
    assert complaint.contact == "" and complaint.text == "No shower"


def test_a_photo_is_checked_by_content_and_stripped_of_metadata(client):
    _location, token = uncertified_location()
    url = f"/api/v1/resident/{token.token}/complaints"
    data = {"category": "damp_mould", "photo": (io.BytesIO(_jpeg_with_exif()), "x.png")}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 201
    complaint = db.session.scalar(select(Complaint))
    stored = storage().load(complaint.photo_key)
    assert b"SecretPhoneMaker" not in stored and stored[:2] == b"\xff\xd8"
    fake = {
        "category": "other",
        "photo": (io.BytesIO(b"%PDF-1.4 not a photo"), "a.jpg"),
    }
    refused = client.post(url, data=fake, content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "photo" in refused.get_json()["error"]["fields"]


def test_a_retried_submit_gives_one_complaint(client):
    _location, token = uncertified_location()
    url = f"/api/v1/resident/{token.token}/complaints"
    headers = {"Idempotency-Key": "retry-1"}
    first = client.post(url, json={"category": "kitchen"}, headers=headers)
    again = client.post(url, json={"category": "kitchen"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["receipt"] == again.get_json()["receipt"]
    assert again.headers["Idempotent-Replayed"] == "true"
    other = client.post(url, json={"category": "other"}, headers=headers)
    assert other.status_code == 422
    assert _count() == 1


def test_hostile_input_is_refused_by_field_and_stores_nothing(client):
    _location, token = uncertified_location()
    url = f"/api/v1/resident/{token.token}/complaints"
    cases = [
        ({"category": "arson"}, "category"),
        ({"category": "other", "text": "x" * 5001}, "text"),
        ({"category": "other", "contact": "a\x00b"}, "contact"),
        ({"text": "no category"}, "category"),
    ]
    for body, field in cases:
        response = client.post(url, json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["fields"]
    assert (
        client.post(url, data="{not json", content_type="application/json").status_code
        == 422
    )
    assert client.post(url, json=["a"]).status_code == 422
    long_key = {"Idempotency-Key": "k" * 201}
    assert (
        client.post(url, json={"category": "other"}, headers=long_key).status_code
        == 422
    )
    assert (
        client.post(
            "/api/v1/resident/nope/complaints", json={"category": "other"}
        ).status_code
        == 404
    )
    assert _count() == 0


def test_html_is_shown_escaped_to_staff(client):
    from tests.factories import login, make_user

    _location, token = uncertified_location()
    client.post(
        f"/api/v1/resident/{token.token}/complaints",
        json={"category": "other", "text": "<script>alert(1)</script>"},
    )
    complaint = db.session.scalar(select(Complaint))
    login(client, make_user(role="admin"))
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_form_sends_a_complaint_with_a_photo_and_shows_the_receipt(client):
    _location, token, _certificate = certified_location()
    page = client.get(f"/r/{token.token}?lang=pl").get_data(as_text=True)
    key = page.split('name="key" value="')[1].split('"')[0]
    data = {
        "category": "heating_hot_water",
        "text": "Brak ciepłej wody",
        "photo": (io.BytesIO(png_bytes()), "photo.png"),
        "key": key,
    }
    response = client.post(
        f"/r/{token.token}?lang=pl", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    complaint = db.session.scalar(select(Complaint))
    assert complaint.receipt in receipt and "Otrzymana" in receipt
    assert complaint.language == "pl" and complaint.photo_key
    data["photo"] = (io.BytesIO(png_bytes()), "photo.png")
    again = client.post(
        f"/r/{token.token}?lang=pl", data=data, content_type="multipart/form-data"
    )
    assert again.status_code == 303 and _count() == 1  # the same form twice


def test_the_form_names_the_field_and_the_honeypot_stores_nothing(client):
    _location, token = uncertified_location()
    missing = client.post(f"/r/{token.token}?lang=en", data={"text": "hello"})
    assert missing.status_code == 422
    assert "Choose what your complaint is about." in missing.get_data(as_text=True)
    robot = client.post(
        f"/r/{token.token}?lang=en", data={"category": "other", "website": "spam"}
    )
    assert robot.status_code == 400 and _count() == 0


def test_a_receipt_only_answers_on_its_own_card(client):
    _l1, token = uncertified_location()
    _l2, other = uncertified_location()
    receipt = client.post(
        f"/api/v1/resident/{token.token}/complaints", json={"category": "other"}
    ).get_json()["receipt"]
    assert (
        client.get(f"/api/v1/resident/{other.token}/complaints/{receipt}").status_code
        == 404
    )
    lookup = client.get(
        f"/r/{token.token}/receipt?code={receipt.lower().replace('-', '')}"
    )
    assert lookup.status_code == 200 and receipt in lookup.get_data(as_text=True)
    assert client.get(f"/r/{token.token}/receipt?code=ZZZZ-ZZZZ").status_code == 404


def test_complaints_are_limited_per_card_and_per_address(rate_limited):
    client = rate_limited(
        RATELIMIT_COMPLAINTS_TOKEN="2/hour", RATELIMIT_COMPLAINTS_ADDRESS="4/hour"
    ).test_client()
    _l1, first = uncertified_location()
    _l2, second = uncertified_location()
    statuses = [
        client.post(
            f"/api/v1/resident/{token}/complaints", json={"category": "other"}
        ).status_code
        for token in (first.token, first.token, first.token, second.token, second.token)
    ]
    # The third is one too many on the first card; the fifth from this address.
    assert statuses == [201, 201, 429, 201, 429]
    form = client.post(f"/r/{second.token}", data={"category": "other"})
    assert form.status_code == 429  # the form and the API count together
    assert _count() == 3


def test_a_form_changed_after_going_back_is_a_second_complaint(client):
    _location, token = uncertified_location()
    data = {"category": "sanitary", "key": "form-1"}
    assert client.post(f"/r/{token.token}", data=data).status_code == 303
    changed = {**data, "text": "And the shower too"}
    assert client.post(f"/r/{token.token}", data=changed).status_code == 303
    assert client.post(f"/r/{token.token}", data=changed).status_code == 303
    assert _count() == 2
