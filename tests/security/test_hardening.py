"""The findings of issue 14 (F4-F14), one test each that failed before the fix.
Planning powers (F4) are in tests/inspections/test_planning_powers.py, frozen
data (issue 16.1) in tests/test_frozen.py, the CSRF case (F11) in
tests/auth/test_csrf.py."""

import pytest

from snf.extensions import db
from snf.inspections.models import Attachment
from tests.factories import bearer, login, make_user
from tests.inspections_factories import (
    make_inspection,
    png_bytes,
    submitted,
)

HUGE = "99999999999999999999"


# -- F5: photos on a submitted inspection -------------------------------------


@pytest.mark.parametrize("query", ["", "?requirement=B-3.1", "?client_id=late-1"])
def test_no_photo_is_added_to_a_submitted_inspection(client, query):
    inspection = submitted(make_inspection())
    headers = bearer(client, inspection.inspector)
    before = db.session.query(Attachment).count()
    response = client.post(
        f"/api/v1/inspections/{inspection.id}/photos{query}",
        data=png_bytes(),
        headers=headers,
        content_type="image/png",
    )
    assert response.status_code == 409, response.get_json()
    error = response.get_json()["error"]
    assert "submitted" in error["message"] and "photo" in error["fields"]
    assert db.session.query(Attachment).count() == before


def test_a_photo_sent_before_submission_and_retried_after_is_not_refused(client):
    """The tablet's queue retries a photo with its client_id: the photo stored
    the first time is the answer, also once the inspection is submitted."""
    inspection = make_inspection()
    headers = bearer(client, inspection.inspector)
    url = f"/api/v1/inspections/{inspection.id}/photos?client_id=c-1"
    photo = {"data": png_bytes(), "headers": headers, "content_type": "image/png"}
    first = client.post(url, **photo)
    assert first.status_code == 201
    submitted(inspection)
    again = client.post(url, **photo)
    assert again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]


# -- F12: no 500 before the auth check, no overflow on huge page numbers ------


@pytest.mark.parametrize("path", ["findings/1/close", "inspections/1/submit"])
def test_anonymous_idempotent_write_is_401_not_500(client, path):
    response = client.post(
        f"/api/v1/{path}", json={}, headers={"Idempotency-Key": "k-1"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401


@pytest.mark.parametrize(
    "path", ["/companies", "/locations", "/findings", "/inspections?all=1"]
)
def test_a_huge_page_number_is_clamped(client, path):
    login(client, make_user(role="admin"))
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}page={HUGE}")
    assert response.status_code == 200


def test_a_huge_page_number_in_the_api_names_the_field(client):
    response = client.get(f"/api/v1/registry/companies?page={HUGE}")
    assert response.status_code == 422
    assert "page" in response.get_json()["error"]["fields"]


# -- F14: the answer with a token is never cached -----------------------------


def test_the_token_answer_is_not_stored_by_any_cache(client):
    user = make_user()
    response = client.post(
        "/api/v1/auth/tokens",
        json={"email": user.email, "password": "correct horse battery"},
    )
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"


# -- F13: drafts are for SNF staff only ------------------------------------------


@pytest.fixture
def draft():
    from snf.database import utcnow
    from snf.norms import services as norms

    source = norms.get_version("SNF", "2024.1")
    return norms.create_draft_from(None, source, "2031.1", now=utcnow())


@pytest.mark.parametrize("role", ["inspector", "company", "verifier"])
def test_a_draft_norm_is_hidden_from_everyone_but_staff(client, draft, role):
    headers = bearer(client, make_user(role=role))
    listed = client.get("/api/v1/norms", headers=headers).get_json()
    snf = next(n for n in listed if n["code"] == "SNF")
    assert "2031.1" not in [v["version"] for v in snf["versions"]]
    assert "2024.1" in [v["version"] for v in snf["versions"]]
    base = "/api/v1/norms/SNF"
    for response in (
        client.get(f"{base}/versions/2031.1", headers=headers),
        client.get(f"{base}/diff?from=2024.1&to=2031.1", headers=headers),
        client.post(
            f"{base}/versions/2031.1/evaluate",
            json={"observations": {}},
            headers=headers,
        ),
    ):
        assert response.status_code == 404, response.get_json()
    client.delete("/api/v1/auth/tokens/current", headers=headers)


@pytest.mark.parametrize("role", ["inspector", "company", "verifier"])
def test_draft_norm_pages_are_hidden_from_everyone_but_staff(client, draft, role):
    login(client, make_user(role=role))
    index = client.get("/norms/").get_data(as_text=True)
    assert "2024.1" in index and "2031.1" not in index
    assert client.get("/norms/SNF/2031.1").status_code == 404
    assert client.get("/norms/SNF/diff?from=2024.1&to=2031.1").status_code == 404


def test_staff_see_drafts(client, draft):
    headers = bearer(client, make_user(role="admin"))
    assert client.get("/api/v1/norms/SNF/versions/2031.1", headers=headers).json
    login(client, make_user(role="admin"))
    assert "2031.1" in client.get("/norms/").get_data(as_text=True)


# -- F8: the address in certificates never follows the Host header -------------


def _production_app(tmp_path, **config):
    from snf import create_app

    values = {
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "SECRET_KEY": "production-like-test-key",
        "RATELIMIT_STORAGE_URI": "memory://",
        "SNF_KEYS_PATH": str(tmp_path / "keys"),
        "SNF_STORAGE_PATH": str(tmp_path / "storage"),
        "SNF_PUBLIC_URL": None,
        "TRUSTED_HOSTS": None,
        "DEBUG": False,
        "TESTING": False,
    }
    return create_app({**values, **config})


@pytest.mark.parametrize("url", [None, "", "register.snf.example", "ftp://x.example"])
def test_outside_debug_and_testing_the_app_needs_its_public_address(tmp_path, url):
    with pytest.raises(RuntimeError, match="SNF_PUBLIC_URL"):
        _production_app(tmp_path, SNF_PUBLIC_URL=url)


@pytest.mark.parametrize(
    "config",
    [
        {"SNF_PUBLIC_URL": "https://register.snf.example"},
        {"TRUSTED_HOSTS": ["register.snf.example"]},
    ],
)
def test_a_public_address_or_trusted_hosts_let_the_app_start(tmp_path, config):
    assert _production_app(tmp_path, **config).config["SECRET_KEY"]


def test_the_qr_address_is_the_configured_one_whatever_the_host_header(app):
    from snf.certificates.rendering import verify_url
    from tests.certificates_factories import make_registered

    _company, certificate = make_registered()
    app.config["SNF_PUBLIC_URL"] = "https://register.snf.example"
    try:
        headers = {"Host": "evil.example"}
        with app.test_request_context("/", headers=headers):
            url = verify_url(certificate)
    finally:
        app.config["SNF_PUBLIC_URL"] = None
    assert url.startswith("https://register.snf.example/verify/")


def test_the_public_certificate_pdf_carries_cache_headers(client):
    from tests.certificates_factories import make_registered

    _company, certificate = make_registered()
    response = client.get(f"/api/v1/certificates/{certificate.number}.pdf")
    assert response.status_code == 200 and response.data[:4] == b"%PDF"
    assert response.headers["Cache-Control"] == "public, max-age=300"


# -- F9: bulk verification costs by size, echoes little, counts per address ----


@pytest.fixture
def limited(rate_limited):
    return rate_limited(
        RATELIMIT_VERIFY="20/minute", RATELIMIT_VERIFY_TRUSTED="600/minute"
    )


VERIFY = "/api/v1/registry/verify"


def _verify_from(app, address, **kwargs):
    return app.test_client().post(
        VERIFY, environ_base={"REMOTE_ADDR": address}, **kwargs
    )


def test_a_large_verify_request_costs_by_its_size(limited):
    big = "kvk\n" + "12345678\n" * 45_000  # 405 KB: 41 units of 10 KB
    refused = _verify_from(limited, "192.0.2.10", data=big, content_type="text/csv")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    small = {"kvk_numbers": ["12345678"] * 1000}  # ~12 KB: 2 units
    codes = [
        _verify_from(limited, "192.0.2.11", json=small).status_code for _ in range(11)
    ]
    assert codes == [200] * 10 + [429]


def test_malformed_values_are_echoed_truncated(client):
    huge = "9" * 400_000
    response = client.post(
        VERIFY, json={"kvk_numbers": [huge, {"a": ["b"] * 1000}, ["x"], 12345678]}
    )
    assert response.status_code == 200
    assert len(response.data) < 2_000
    echoed = [r["kvk"] for r in response.get_json()["results"]]
    assert echoed == ["9" * 20 + "…", "{object}", "[list]", 12345678]


def test_accounts_on_one_address_share_its_verify_limit(limited):
    from tests.factories import PASSWORD

    addresses = {"REMOTE_ADDR": "198.51.100.20"}
    codes = []
    for _account in range(3):  # three free accounts from one address
        client = limited.test_client()
        user = make_user(role="company")
        token = client.post(
            "/api/v1/auth/tokens",
            json={"email": user.email, "password": PASSWORD},
            environ_base=addresses,
        ).get_json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(8):
            codes.append(
                client.post(
                    VERIFY,
                    json={"kvk_numbers": []},
                    headers=headers,
                    environ_base=addresses,
                ).status_code
            )
    assert codes.count(200) == 20 and codes[20:] == [429] * 4
    # A verifier with a token is trusted: its own, larger allowance.
    verifier = make_user(role="verifier")
    client = limited.test_client()
    token = client.post(
        "/api/v1/auth/tokens",
        json={"email": verifier.email, "password": PASSWORD},
        environ_base=addresses,
    ).get_json()["token"]
    trusted = client.post(
        VERIFY,
        json={"kvk_numbers": []},
        headers={"Authorization": f"Bearer {token}"},
        environ_base=addresses,
    )
    assert trusted.status_code == 200


def test_with_trusted_hosts_another_host_header_is_refused_plainly(tmp_path):
    app = _production_app(tmp_path, TRUSTED_HOSTS=["register.snf.example"])
    client = app.test_client()
    assert (
        client.get("/api/v1/keys", headers={"Host": "evil.example"}).status_code == 400
    )
    page = client.get("/register/", headers={"Host": "evil.example"})
    assert page.status_code == 400 and "evil.example" not in page.get_data(as_text=True)
    ok = client.get("/api/v1/keys", headers={"Host": "register.snf.example"})
    assert ok.status_code == 200
