"""The resident page behind the QR code: live, public, small, in five languages."""

from datetime import timedelta

from sqlalchemy import select

from snf.certificates import services as certificates
from snf.database import local_today, utcnow
from snf.extensions import db
from snf.residents.models import ResidentToken
from snf.residents.tokens import revoke_token
from tests.certificates_factories import admin_user
from tests.inspections_factories import make_location, make_organisation
from tests.residents_factories import certified_location, uncertified_location


def test_a_location_gets_a_random_token_when_it_is_registered():
    location, token = uncertified_location()
    assert token is not None
    assert str(location.id) != token.token and len(token.token) >= 22


def test_a_second_company_at_the_same_address_keeps_the_one_token():
    location, token = uncertified_location()
    address = {
        name: getattr(location, name)
        for name in ("street", "house_number", "postcode", "town")
    }
    again = make_location(make_organisation("company"), **address)
    assert again.id == location.id
    tokens = db.session.scalars(
        select(ResidentToken).where(ResidentToken.location_id == location.id)
    ).all()
    assert [t.token for t in tokens] == [token.token]


def test_the_page_says_certified_today_with_company_beds_and_rights(client):
    location, token, certificate = certified_location()
    response = client.get(f"/r/{token.token}?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Certified today" in page and "verdict-valid" in page
    assert location.company.name in page and certificate.number in page
    assert f"<dd>{location.beds}</dd>" in page
    assert "At least one toilet for every 8 residents." in page
    assert "<script" not in page and len(response.data) < 50_000


def test_suspending_the_certificate_changes_the_page_at_once(client):
    _location, token, certificate = certified_location()
    certificates.change_status(
        admin_user(), certificate, "suspend", reason="Test", effective=local_today(),
        now=utcnow(),
    )  # fmt: skip
    page = client.get(f"/r/{token.token}?lang=en").get_data(as_text=True)
    assert "Not certified today: the certificate is suspended." in page
    assert "verdict-bad" in page


def test_the_language_comes_from_the_phone_or_the_switcher(client):
    _location, token, _certificate = certified_location()
    polish = client.get(f"/r/{token.token}", headers={"Accept-Language": "pl"})
    assert "Twoje prawa" in polish.get_data(as_text=True)
    bulgarian = client.get(
        f"/r/{token.token}?lang=bg", headers={"Accept-Language": "pl"}
    )
    text = bulgarian.get_data(as_text=True)
    assert "Вашите права" in text and 'lang="bg"' in text
    romanian = client.get(f"/r/{token.token}?lang=ro").get_data(as_text=True)
    assert "Drepturile tale" in romanian


def test_staff_pages_stay_dutch_and_english(client):
    response = client.get("/register/", headers={"Accept-Language": "pl"})
    assert 'lang="pl"' not in response.get_data(as_text=True)


def test_a_revoked_token_says_the_card_is_outdated(client):
    location, old, _certificate = certified_location()
    new = revoke_token(admin_user(), location, now=utcnow())
    response = client.get(f"/r/{old.token}?lang=en")
    assert response.status_code == 410
    assert "This card is outdated" in response.get_data(as_text=True)
    assert client.get(f"/r/{new.token}").status_code == 200
    assert client.get("/r/not-a-token").status_code == 404


def test_the_api_answers_the_page_as_data(client):
    location, token, certificate = certified_location()
    body = client.get(f"/api/v1/resident/{token.token}?lang=nl").get_json()
    assert body["certified"] is True and body["beds"] == location.beds
    assert body["certificate"]["number"] == certificate.number
    assert body["languages"] == ["nl", "en", "pl", "ro", "bg"]
    texts = [right["text"] for right in body["rights"]]
    assert "Minstens één toilet per 8 bewoners." in texts


def test_the_rights_follow_the_version_in_force():
    from snf.residents.rights import rights_for

    location, _token = uncertified_location()
    earlier = {
        r.requirement for r in rights_for(location, local_today().replace(year=2015))
    }
    now = {r.requirement for r in rights_for(location, local_today())}
    assert "B-1.4" not in earlier and "B-1.4" in now  # bunk beds banned in 2024
    assert rights_for(location, local_today() - timedelta(days=365 * 40)) == []


def test_the_company_answer_gives_each_location_its_resident_url(client):
    from tests.factories import login, make_user

    location, token, _certificate = certified_location()
    login(client, make_user(role="company", organisation=location.company))
    body = client.get(f"/api/v1/companies/{location.company.kvk}").get_json()
    (item,) = body["locations"]
    assert item["resident_url"].endswith(f"/r/{token.token}")
