import io
import re
from datetime import date

import pytest

from snf.extensions import db
from snf.registry.models import VerificationReport
from tests.certificates_factories import make_registered
from tests.factories import bearer, login, make_user
from tests.registry_helpers import text_of


@pytest.fixture
def registered():
    return make_registered(date(2025, 1, 6), locations=2)


def test_public_search_and_company_page_without_addresses(client, registered):
    company, certificate = registered
    page = client.get(f"/register/?q={company.name}").get_data(as_text=True)
    assert company.kvk in page
    detail = client.get(f"/register/{company.kvk}").get_data(as_text=True)
    assert certificate.number in detail and "status-registered" in detail
    for link in certificate.locations:
        assert link.location.street not in detail


def test_company_page_as_of_a_past_date(client, registered):
    company, _ = registered
    before = client.get(f"/register/{company.kvk}?as_of=2025-01-05")
    assert before.status_code == 200  # known to the register, not yet then
    said = text_of(before.get_data(as_text=True), "not-in-register")
    assert "was not in the register on January 5, 2025" in said
    page = client.get(f"/register/{company.kvk}?as_of=2025-01-06").get_data(
        as_text=True
    )
    assert "status-registered" in page and "January 6, 2025" in page


def test_statistics_page_draws_charts_on_the_server(client, registered):
    page = client.get("/register/statistics").get_data(as_text=True)
    assert page.count("<svg") == 3
    # Drawn on the server: no script of its own (only the site's shared files).
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_verifier_checks_a_list_and_downloads_the_report(client, registered):
    company, _ = registered
    verifier = make_user(role="verifier")
    login(client, verifier)
    response = client.post(
        "/register/verifications",
        data={
            "title": "Leden november",
            "numbers": f"{company.kvk}\n1234567, 99999999",
            "as_of": "2025-02-01",
        },
    )
    assert response.status_code == 302
    report_url = response.headers["Location"]
    page = client.get(report_url).get_data(as_text=True)
    assert company.name in page and "Leden november" in page
    problems = client.get(report_url + "?only=problems").get_data(as_text=True)
    assert company.name not in problems and "99999999" in problems
    csv_text = client.get(report_url + ".csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("\ufeffKvK number,Registered")
    assert len(csv_text.strip().splitlines()) == 4


def test_verifier_page_accepts_a_csv_upload_and_2014_08_01(client, registered):
    company, _ = registered
    login(client, make_user(role="verifier"))
    upload = (io.BytesIO(f"kvk\n{company.kvk}\n".encode()), "leden.csv")
    response = client.post(
        "/register/verifications",
        data={"file": upload, "as_of": "2014-08-01"},
        content_type="multipart/form-data",
    )
    report = db.session.get(
        VerificationReport, int(response.headers["Location"].rsplit("/", 1)[1])
    )
    assert report.summary == {"not_registered": 1}


def test_page_and_api_give_the_same_results(client, registered):
    company, _ = registered
    numbers = [company.kvk, "12345678", "bad"]
    api = client.post(
        "/api/v1/registry/verify", json={"kvk_numbers": numbers, "as_of": "2025-02-01"}
    ).get_json()
    login(client, make_user(role="verifier"))
    response = client.post(
        "/register/verifications",
        data={"numbers": "\n".join(numbers), "as_of": "2025-02-01"},
    )
    report = db.session.get(
        VerificationReport, int(response.headers["Location"].rsplit("/", 1)[1])
    )
    assert report.summary == api["summary"]
    assert [r.get("status") for r in report.results] == [
        r.get("status") for r in api["results"]
    ]


def test_other_verifier_organisation_cannot_open_a_report(client, registered):
    login(client, make_user(role="verifier"))
    response = client.post(
        "/register/verifications", data={"numbers": "12345678", "as_of": "2025-02-01"}
    )
    url = response.headers["Location"]
    client.post("/logout")
    login(client, make_user(role="verifier"))
    assert client.get(url).status_code == 403


@pytest.fixture
def limited_client(rate_limited):
    return rate_limited(
        RATELIMIT_VERIFY="2/minute", RATELIMIT_VERIFY_TRUSTED="5/minute"
    ).test_client()


def test_anonymous_callers_are_rate_limited_with_retry_after(limited_client):
    answers = [
        limited_client.post("/api/v1/registry/verify", json={"kvk_numbers": []})
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2].headers["Retry-After"]) > 0
    assert answers[2].get_json()["error"]["status"] == 429


def test_verifiers_with_a_token_get_a_higher_limit(limited_client):
    headers = bearer(limited_client, make_user(role="verifier"))
    codes = [
        limited_client.post(
            "/api/v1/registry/verify", json={"kvk_numbers": []}, headers=headers
        ).status_code
        for _ in range(5)
    ]
    assert codes == [200] * 5
