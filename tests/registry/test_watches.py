"""Watched numbers: the service, the page and the API (the mail itself is in
tests/infra/test_watch_mail.py, over a real SMTP server)."""

from datetime import date

import pytest
from sqlalchemy import select

from snf.database import utcnow
from snf.errors import ValidationError
from snf.extensions import db
from snf.registry.models import VerificationReport, WatchedNumber
from snf.registry.watches import unwatch_numbers, watch_numbers
from tests.certificates_factories import make_registered
from tests.factories import bearer, login, make_user

DAY = date(2025, 1, 6)


def _watched(user) -> dict[str, str]:
    query = select(WatchedNumber).where(WatchedNumber.user_id == user.id)
    return {w.kvk: w.language for w in db.session.scalars(query)}


def test_watching_twice_or_by_certificate_number_keeps_one_watch_per_company(app):
    company, certificate = make_registered(DAY)
    user = make_user(role="verifier")
    with app.test_request_context():
        assert watch_numbers(user, [company.kvk], language="nl", now=utcnow()) == 1
        again = [company.kvk, certificate.number.lower(), " 12345678 "]
        assert watch_numbers(user, again, language="en", now=utcnow()) == 1
    # The language of the latest request is the language of all its mail.
    assert _watched(user) == {company.kvk: "en", "12345678": "en"}
    assert unwatch_numbers(user, [certificate.number], now=utcnow()) == 1
    assert _watched(user) == {"12345678": "en"}


@pytest.mark.parametrize("bad", ["1234567", "SNF-1999-00001", "", None, 12345678])
def test_a_value_that_is_no_number_is_a_field_error_and_nothing_is_watched(app, bad):
    user = make_user(role="verifier")
    with app.test_request_context(), pytest.raises(ValidationError) as refused:
        watch_numbers(user, ["12345678", bad], language="nl", now=utcnow())
    assert "numbers" in refused.value.fields
    assert _watched(user) == {}


def test_the_page_adds_lists_with_status_and_removes(client, lang):
    company, _certificate = make_registered(DAY)
    user = make_user(role="verifier")
    login(client, user)
    response = client.post("/register/watches", data={"numbers": company.kvk})
    assert response.status_code == 303
    page = client.get("/register/watches").get_data(as_text=True)
    assert company.name in page
    assert {"en": "registered", "nl": "geregistreerd"}[lang] in page
    bad = client.post("/register/watches", data={"numbers": "12 34"})
    assert bad.status_code == 422
    said = {"en": "not a KvK number", "nl": "geen KvK-nummer"}[lang]
    assert said in bad.get_data(as_text=True)
    client.post("/register/watches/remove", data={"kvk": company.kvk})
    assert _watched(user) == {}


def test_watching_a_kept_report_watches_its_well_formed_numbers(client):
    user = make_user(role="verifier")
    report = VerificationReport(
        user_id=user.id,
        organisation_id=user.organisation_id,
        title="Leden",
        as_of=DAY,
        count=2,
        summary={},
        results=[{"kvk": "12345678", "valid": True}, {"kvk": "12", "valid": False}],
    )
    db.session.add(report)
    db.session.flush()
    login(client, user)
    client.set_cookie("snf_lang", "nl")  # the page's language is the mail's
    response = client.post(f"/register/verifications/{report.id}/watch")
    assert response.status_code == 303
    assert _watched(user) == {"12345678": "nl"}


def test_the_api_watches_lists_and_stops_watching(client):
    company, _certificate = make_registered(DAY)
    user = make_user(role="verifier")
    headers = bearer(client, user)
    body = {"kvk_numbers": [company.kvk, "87654321"], "language": "en"}
    answer = client.post("/api/v1/watches", json=body, headers=headers)
    assert answer.status_code == 200
    assert answer.get_json() == {"added": 2, "watched": 2}
    listed = client.get("/api/v1/watches", headers=headers).get_json()
    by_kvk = {item["kvk"]: item for item in listed["items"]}
    assert by_kvk[company.kvk]["status"] == "registered"
    assert by_kvk["87654321"]["status"] == "not_registered"
    assert listed["meta"]["total"] == 2
    gone = client.delete("/api/v1/watches/87654321", headers=headers)
    assert gone.status_code == 204
    assert set(_watched(user)) == {company.kvk}


def test_the_api_refuses_a_malformed_number_by_field(client):
    headers = bearer(client, make_user(role="verifier"))
    answer = client.post(
        "/api/v1/watches", json={"kvk_numbers": ["123"]}, headers=headers
    )
    assert answer.status_code == 422
    assert "numbers" in answer.get_json()["error"]["fields"]
    wrong = client.post("/api/v1/watches", json={"kvk": "1"}, headers=headers)
    assert wrong.status_code == 422
