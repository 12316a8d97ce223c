"""Company claims (issue 14, F2 and F6): a signup waits for SNF staff, is in no
public answer until confirmed, never blocks another claim, and gets the same
answer whether or not its e-mail address or KvK number is known."""

import io
import logging
import re

import pytest
from flask import current_app
from sqlalchemy import func, select

from snf.auth.kvk import KvkRecord
from snf.auth.models import CompanyClaim, Organisation
from snf.certificates import claims, lifecycle
from snf.database import local_today, utcnow
from snf.extensions import db
from snf.mail import Message, send_mail
from tests.claims_factories import make_claim, pdf_bytes, signup_data, signup_form
from tests.factories import PASSWORD, bearer, login, make_organisation, make_user
from tests.inspections_factories import png_bytes


def _mails():
    return current_app.extensions["snf_mailer"].sent


def _claims_for(kvk):
    query = select(CompanyClaim).where(CompanyClaim.kvk == kvk)
    return db.session.scalars(query.order_by(CompanyClaim.id)).all()


def test_a_signup_is_pending_and_in_no_register_feed_or_open_data(client):
    form = signup_form()
    kvk = form["kvk"]
    response = client.post("/signup", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signup/sent")
    (claim,) = _claims_for(kvk)
    assert claim.status == "pending"
    assert (
        db.session.scalar(select(Organisation).where(Organisation.kvk == kvk)) is None
    )
    assert client.get(f"/api/v1/registry/companies/{kvk}").status_code == 404
    found = client.get(f"/api/v1/registry/companies?q={kvk}").get_json()
    assert found["items"] == []
    verified = client.post("/api/v1/registry/verify", json={"kvk_numbers": [kvk]})
    assert verified.get_json()["results"][0]["status"] == "not_registered"
    feed = client.get("/api/v1/registry/changes?since=0&limit=1000").get_json()
    assert all(item["kvk"] != kvk for item in feed["items"])
    assert kvk not in client.get("/api/v1/registry/export.csv").get_data(as_text=True)
    assert kvk not in client.get("/api/v1/registry/export.json").get_data(as_text=True)
    assert form["company_name"] not in client.get("/register/").get_data(as_text=True)


def test_the_signer_reads_check_your_mail_and_gets_a_receipt(client):
    form = signup_form()
    page = client.post("/signup", data=form, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Check your mail" in text
    assert "SNF checks that the KvK number belongs to you" in text
    mail = _mails()[-1]
    assert mail.to == form["email"]
    assert form["kvk"] in mail.body and form["password"] not in mail.body


def _answer(client, form):
    response = client.post("/signup", data=form)
    page = client.get(response.headers.get("Location", "/signup"))
    # The CSRF token carries a timestamp: the only part allowed to differ.
    text = re.sub(r'csrf-token" content="[^"]*"', "", page.get_data(as_text=True))
    return response.status_code, response.headers.get("Location"), text


def test_signup_answers_the_same_whatever_is_known(client):
    body = str(make_organisation("inspection_body").id)
    existing_user = make_user(role="company")
    company = make_organisation("company")
    pending = make_claim(inspection_body=body)
    answers = {
        "new": _answer(client, signup_form(inspection_body=body)),
        "known e-mail": _answer(
            client, signup_form(inspection_body=body, email=existing_user.email)
        ),
        "known KvK": _answer(
            client, signup_form(inspection_body=body, kvk=company.kvk)
        ),
        "claimed KvK": _answer(
            client, signup_form(inspection_body=body, kvk=pending.kvk)
        ),
    }
    assert len(set(answers.values())) == 1, answers
    assert answers["new"][0] == 302
    # The known address gets a mail instead of a second account or a claim.
    assert "already has an account" in _mails()[-3].body
    assert _mails()[-3].to == existing_user.email
    assert (
        db.session.scalar(
            select(func.count(CompanyClaim.id)).where(
                CompanyClaim.email == existing_user.email
            )
        )
        == 0
    )


def test_a_second_claim_on_the_same_number_waits_beside_the_first(client):
    first = make_claim()
    response = client.post(
        "/signup", data=signup_form(kvk=first.kvk, company_name="Echte Eigenaar BV")
    )
    assert response.status_code == 302
    assert [c.status for c in _claims_for(first.kvk)] == ["pending", "pending"]
    admin = bearer(client, make_user(role="admin"))
    listed = client.get("/api/v1/claims?status=pending", headers=admin).get_json()
    mine = [item for item in listed["items"] if item["kvk"] == first.kvk]
    assert [item["other_pending_claims"] for item in mine] == [1, 1]
    login(client, make_user(role="admin"))
    page = client.get("/claims").get_data(as_text=True)
    assert "Echte Eigenaar BV" in page and first.company_name in page
    assert "1 other claim waits on this number" in page


def test_staff_confirm_and_the_company_enters_the_register_and_logs_in(client):
    claim = make_claim(password=PASSWORD)
    admin = bearer(client, make_user(role="admin"))
    response = client.post(f"/api/v1/claims/{claim.id}/confirm", headers=admin)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "confirmed"
    company = db.session.scalar(select(Organisation).filter_by(kvk=claim.kvk))
    assert lifecycle.status_on(company.id, local_today()) == "applied"
    record = client.get(f"/api/v1/registry/companies/{claim.kvk}").get_json()
    assert record["status"] == "applied"
    db.session.refresh(claim)
    assert claim.password_hash == ""  # no credentials kept after the decision
    assert "SNF confirmed" in _mails()[-1].body
    client.post("/logout")
    page = client.post(
        "/login", data={"email": claim.email, "password": PASSWORD},
        follow_redirects=True,
    ).get_data(as_text=True)  # fmt: skip
    assert claim.company_name in page


def test_confirming_a_number_another_company_has_is_refused(client):
    company = make_organisation("company")
    claim = make_claim(kvk=company.kvk)
    admin = bearer(client, make_user(role="admin"))
    response = client.post(f"/api/v1/claims/{claim.id}/confirm", headers=admin)
    assert response.status_code == 409
    assert company.name in response.get_json()["error"]["message"]
    db.session.refresh(claim)
    assert claim.status == "pending"


def test_a_claim_is_decided_once(client):
    claim = make_claim()
    admin = bearer(client, make_user(role="admin"))
    assert (
        client.post(f"/api/v1/claims/{claim.id}/confirm", headers=admin).status_code
        == 200
    )
    again = client.post(
        f"/api/v1/claims/{claim.id}/reject", json={"reason": "too late"}, headers=admin
    )
    assert again.status_code == 409


def test_reject_needs_a_reason_and_mails_it(client):
    claim = make_claim()
    admin = bearer(client, make_user(role="admin"))
    empty = client.post(f"/api/v1/claims/{claim.id}/reject", json={}, headers=admin)
    assert empty.status_code == 422 and "reason" in empty.get_json()["error"]["fields"]
    reason = "The extract names another company."
    response = client.post(
        f"/api/v1/claims/{claim.id}/reject", json={"reason": reason}, headers=admin
    )
    assert response.status_code == 200 and response.get_json()["status"] == "rejected"
    assert reason in _mails()[-1].body and _mails()[-1].to == claim.email


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"just some text", "extract.pdf"), (b"%PDF-1.4 no end", "x.pdf"), (b"", "e.png")],
)
def test_the_extract_is_checked_by_content_next_to_the_field(client, content, name):
    form = signup_form(extract=(io.BytesIO(content), name))
    before = db.session.scalar(select(func.count(CompanyClaim.id)))
    response = client.post("/signup", data=form)
    assert response.status_code == 200
    assert 'id="extract-errors"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CompanyClaim.id))) == before


def test_a_photo_of_the_extract_is_accepted_and_re_encoded():
    data = signup_data()
    outcome = claims.submit_claim(data, png_bytes(), now=utcnow(), language="nl")
    assert outcome.claim.extract_type == "image/jpeg"


def test_staff_page_shows_the_extract_and_confirm_needs_the_check(client):
    claim = make_claim()
    login(client, make_user(role="admin"))
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert claim.company_name in page and "Open the extract (PDF)" in page
    assert "This cannot be undone" in page
    extract = client.get(f"/claims/{claim.id}/extract")
    assert extract.data == pdf_bytes() and extract.mimetype == "application/pdf"
    unchecked = client.post(f"/claims/{claim.id}/confirm", data={})
    assert unchecked.status_code == 422
    assert 'id="contact_checked-errors"' in unchecked.get_data(as_text=True)
    db.session.refresh(claim)
    assert claim.status == "pending"
    done = client.post(f"/claims/{claim.id}/confirm", data={"contact_checked": "y"})
    db.session.refresh(claim)
    assert done.status_code == 302 and claim.status == "confirmed"
    # Decided: the page no longer offers confirm or reject.
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Confirm the claim" not in page and "Reject the claim" not in page


def test_staff_reject_in_the_page_needs_a_reason(client):
    claim = make_claim()
    login(client, make_user(role="admin"))
    refused = client.post(f"/claims/{claim.id}/reject", data={"reason": ""})
    assert refused.status_code == 422
    assert 'id="reason-errors"' in refused.get_data(as_text=True)
    done = client.post(f"/claims/{claim.id}/reject", data={"reason": "Not theirs."})
    db.session.refresh(claim)
    assert done.status_code == 302 and claim.status == "rejected"


@pytest.fixture
def limited(rate_limited):
    return rate_limited(RATELIMIT_SIGNUP="2/hour").test_client()


def test_signup_is_rate_limited(limited):
    body = str(make_organisation("inspection_body").id)
    codes = [
        limited.post("/signup", data=signup_form(inspection_body=body)).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert limited.get("/signup").status_code == 200  # reading the form is free


def test_staff_see_the_automated_kvk_lookup_beside_the_claim(client, app):
    class Lookup:
        def lookup(self, kvk):
            return KvkRecord(kvk, "Echte Naam BV", "Venlo")

    claim = make_claim()
    login(client, make_user(role="admin"))
    assert "Automated KvK lookup: off" in client.get(f"/claims/{claim.id}").text
    app.extensions["snf_kvk_lookup"] = Lookup()
    try:
        page = client.get(f"/claims/{claim.id}").text
    finally:
        app.extensions["snf_kvk_lookup"] = None
    assert "The KvK register says: Echte Naam BV, Venlo." in page


def test_the_default_mailer_writes_the_message_to_the_log(app, caplog):
    with app.test_request_context(), caplog.at_level(logging.INFO, "snf.mail"):
        send_mail(Message("eva@example.org", "Subject line", "The body."))
    assert "mail to eva@example.org: Subject line" in caplog.text
    assert "The body." in caplog.text
