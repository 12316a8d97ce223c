"""From application to certificate, and what anyone holding one can check."""

import io
import re
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

from pypdf import PdfReader

from snf.certificates import lifecycle, services
from snf.certificates.keys import keyring
from snf.database import local_today, utcnow
from tests.certificates_factories import (
    administrative_inspection,
    make_applicant,
    make_registered,
)
from tests.factories import bearer, login, make_user
from tests.inspections_factories import CONFORM_2024, make_inspection, submitted
from tests.registry_helpers import text_of


def test_issue_is_409_with_every_missing_reason(client):
    company, _application, places = make_applicant(date(2025, 1, 6), locations=2)
    admin = bearer(client, make_user(role="admin"))
    response = client.post(
        f"/api/v1/companies/{company.kvk}/certificates", headers=admin
    )
    assert response.status_code == 409
    reasons = " ".join(response.get_json()["error"]["reasons"])
    assert "administrative inspection" in reasons
    assert places[0].street in reasons and "entry fee" in reasons
    assert lifecycle.status_on(company.id, local_today()) == "applied"


def test_open_major_blocks_issuing():
    company, application, places = make_applicant(date(2025, 1, 6))
    administrative_inspection(company, date(2025, 1, 6))
    submitted(
        make_inspection(places[0]),
        {**CONFORM_2024, "occupants": 9, "beds": 9},
        on=date(2025, 1, 6),
    )
    services.mark_fee_paid(None, application, today=date(2025, 1, 6), now=utcnow())
    reasons = services.readiness(application, date(2025, 1, 7)).reasons
    assert len(reasons) == 1 and "major finding" in reasons[0]


def test_issued_certificate_numbers_validity_and_register_status():
    company, first = make_registered(date(2025, 1, 6), locations=2)
    _other, second = make_registered(date(2025, 3, 3))
    assert first.number == "SNF-2025-00001" and second.number == "SNF-2025-00002"
    assert first.valid_until == date(2026, 1, 5)
    assert first.locations_count == 2 and first.beds == 16
    assert lifecycle.status_on(company.id, date(2025, 1, 6)) == "registered"
    assert lifecycle.status_on(company.id, date(2025, 1, 5)) == "not_registered"


def test_pdf_holds_number_kvk_validity_and_a_genuine_payload(client):
    company, certificate = make_registered(date(2025, 1, 6))
    url = f"/api/v1/certificates/{certificate.number}.pdf"
    response = client.get(url)
    assert response.mimetype == "application/pdf"
    text = _pdf_text(response)
    assert certificate.number in text and company.kvk in text
    assert "5 January 2026" in text and "januari" not in text  # API: English
    dutch = _pdf_text(client.get(url, headers={"Accept-Language": "nl"}))
    assert "5 januari 2026" in dutch and "January" not in dutch
    assert "5 januari 2026" in _pdf_text(client.get(url + "?lang=nl"))
    ok, fields = _verify(certificate.payload)
    assert (
        ok and fields["number"] == certificate.number and fields["kvk"] == company.kvk
    )


def _pdf_text(response) -> str:
    pages = PdfReader(io.BytesIO(response.data)).pages
    return "".join(page.extract_text() for page in pages)


def _verify(token):
    from snf.certificates.signing import describe_payload

    return describe_payload(token, keyring().public_key_map())


def test_verify_page_shows_live_status_and_genuine_signature(client):
    _company, certificate = make_registered(date(2025, 1, 6))
    url = f"/verify/{certificate.number}?sig={certificate.payload}"
    page = client.get(url).get_data(as_text=True)
    assert "genuine" in page.lower() or "echt" in page.lower()
    services.change_status(
        make_user(role="admin"),
        certificate,
        "suspend",
        reason="overdue",
        effective=local_today(),
        now=utcnow(),
    )
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "status-suspended" in page


def test_tampered_payload_is_reported_not_genuine(client):
    _company, certificate = make_registered(date(2025, 1, 6))
    token = certificate.payload
    body = token.split(".")[2]
    changed = body[:5] + ("A" if body[5] != "A" else "B") + body[6:]
    forged = token.replace(body, changed)
    page = client.get(f"/verify/{certificate.number}?sig={forged}").get_data(
        as_text=True
    )
    assert text_of(page, "verdict") == "NOT GENUINE"  # the headline, not small print
    assert not _verify(forged)[0]


def test_unknown_number_is_unknown(client):
    response = client.get("/verify/SNF-1999-99999")
    assert response.status_code == 404
    assert "status-unknown" in response.get_data(as_text=True)


def test_cli_verifies_offline_and_fails_on_a_changed_byte(runner):
    _company, certificate = make_registered(date(2025, 1, 6))
    good = runner.invoke(args=["certificates", "verify", certificate.payload])
    assert good.exit_code == 0 and certificate.number in good.output
    bad_token = (
        certificate.payload[:-3]
        + ("x" if certificate.payload[-3] != "x" else "y")
        + certificate.payload[-2:]
    )
    bad = runner.invoke(args=["certificates", "verify", bad_token])
    assert bad.exit_code == 1 and "NOT GENUINE" in bad.output


def test_keys_are_published_and_rotation_keeps_old_certificates_verifiable(
    client, runner
):
    _company, certificate = make_registered(date(2025, 1, 6))
    before = client.get("/api/v1/keys").get_json()["keys"]
    assert runner.invoke(args=["certificates", "rotate-key"]).exit_code == 0
    after = client.get("/api/v1/keys").get_json()["keys"]
    assert len(after) == len(before) + 1 and sum(k["active"] for k in after) == 1
    assert _verify(certificate.payload)[0]


def test_qr_url_opens_the_verify_page_with_the_payload(app):
    from snf.certificates.rendering import verify_url

    _company, certificate = make_registered(date(2025, 1, 6))
    with app.test_request_context("/", base_url="https://register.example"):
        url = verify_url(certificate)
    parts = urlsplit(url)
    assert parts.path == f"/verify/{certificate.number}"
    assert unquote(parse_qs(parts.query)["sig"][0]) == certificate.payload


def test_api_lifecycle_reinstate_after_suspend_and_no_reinstate_after_strike_off(
    client,
):
    _company, certificate = make_registered(date(2025, 1, 6))
    admin = bearer(client, make_user(role="admin"))
    base = f"/api/v1/certificates/{certificate.number}"
    body = {"reason": "finding overdue", "effective": "2025-06-01"}
    assert client.post(base + "/suspend", json=body, headers=admin).get_json()[
        "status"
    ] in ("suspended", "valid", "expired")
    assert (
        client.post(
            base + "/reinstate", json={**body, "effective": "2025-06-10"}, headers=admin
        ).status_code
        == 200
    )
    assert (
        client.post(
            base + "/strike-off",
            json={**body, "effective": "2025-06-20"},
            headers=admin,
        ).status_code
        == 200
    )
    refused = client.post(
        base + "/reinstate", json={**body, "effective": "2025-06-21"}, headers=admin
    )
    assert refused.status_code == 409
    assert "applies again" in refused.get_json()["error"]["message"]


def test_lifecycle_action_without_reason_is_422(client):
    _company, certificate = make_registered(date(2025, 1, 6))
    admin = bearer(client, make_user(role="admin"))
    response = client.post(
        f"/api/v1/certificates/{certificate.number}/suspend", json={}, headers=admin
    )
    assert (
        response.status_code == 422
        and "reason" in response.get_json()["error"]["fields"]
    )


def test_staff_pages_show_the_queue_and_the_history(client):
    company, _application, _places = make_applicant(date(2025, 1, 6))
    login(client, make_user(role="admin"))
    assert company.name in client.get("/applications").get_data(as_text=True)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert re.search(r"Application for registration|Aanvraag", page)
