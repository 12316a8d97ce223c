"""The information card: a PDF per location and per company, in five
languages, with the address, the beds and a QR code to the resident page."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from snf.database import utcnow
from snf.extensions import db
from snf.residents.tokens import revoke_token
from tests.certificates_factories import admin_user
from tests.factories import login, make_user
from tests.inspections_factories import make_location
from tests.residents_factories import certified_location

EXPECTED = {
    "nl": ("Informatie voor bewoners", "Toegestane bedden: {beds}"),
    "en": ("Information for residents", "Permitted beds: {beds}"),
    "pl": ("Informacje dla mieszkańców", "Dozwolona liczba łóżek: {beds}"),
    "ro": ("Informații pentru locatari", "Număr de paturi permise: {beds}"),
    "bg": ("Информация за обитателите", "Разрешен брой легла: {beds}"),
}


def _text(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _company_client(client, company):
    login(client, make_user(role="company", organisation=company))
    return client


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_the_card_holds_the_address_and_beds_in_each_language(client, lang):
    location, _token, certificate = certified_location()
    _company_client(client, location.company)
    response = client.get(f"/api/v1/locations/{location.id}/card.pdf?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (page,) = _text(response.data)
    title, beds = EXPECTED[lang]
    assert title in page and beds.format(beds=location.beds) in page
    assert location.address in page and certificate.number in page


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)",
)
def test_the_qr_code_scans_as_the_resident_url(client, app, tmp_path):
    location, token, _certificate = certified_location()
    login(client, make_user(role="admin"))
    pdf = client.get(f"/api/v1/locations/{location.id}/card.pdf?lang=bg").data
    (tmp_path / "card.pdf").write_bytes(pdf)
    command = [shutil.which("pdftoppm"), "-r", "150", "-png", "-singlefile"]
    subprocess.run([*command, tmp_path / "card.pdf", tmp_path / "card"], check=True)  # noqa: S603
    scanned = subprocess.run(  # noqa: S603
        [shutil.which("zbarimg"), "-q", "--raw", tmp_path / "card.png"],
        capture_output=True,
        text=True,
        check=True,
    )
    base = (app.config.get("SNF_PUBLIC_URL") or "http://localhost").rstrip("/")
    assert scanned.stdout.strip() == f"{base}/r/{token.token}"


def test_a_company_prints_all_its_cards_in_one_pdf(client):
    location, token, _certificate = certified_location()
    second = make_location(location.company, beds=12)
    _company_client(client, location.company)
    kvk = location.company.kvk
    response = client.get(f"/api/v1/companies/{kvk}/cards.pdf?lang=pl")
    pages = _text(response.data)
    assert len(pages) == 2
    assert location.address in pages[0] and second.address in pages[1]
    assert "Dozwolona liczba łóżek: 12" in pages[1]


def test_a_reprint_keeps_the_qr_until_snf_revokes_it(client):
    location, token, _certificate = certified_location()
    login(client, make_user(role="admin"))
    url = f"/api/v1/locations/{location.id}/card.pdf?lang=en"
    assert token.token in _text(client.get(url).data)[0]
    location.beds = 3
    db.session.commit()  # the test's transaction: rolled back afterwards
    reprint = _text(client.get(url).data)[0]
    assert token.token in reprint and "Permitted beds: 3" in reprint
    new = revoke_token(admin_user(), location, now=utcnow())
    assert new.token in _text(client.get(url).data)[0]


def test_others_get_no_cards(client):
    location, _token, _certificate = certified_location()
    other = make_user(role="company")
    login(client, other)
    assert client.get(f"/api/v1/locations/{location.id}/card.pdf").status_code == 403
    kvk = location.company.kvk
    assert client.get(f"/api/v1/companies/{kvk}/cards.pdf").status_code == 403
    login(client, make_user(role="inspector"))
    assert client.get(f"/api/v1/locations/{location.id}/card.pdf").status_code == 403


def test_the_company_sets_the_contact_printed_on_its_cards(client):
    location, _token, _certificate = certified_location()
    _company_client(client, location.company)
    page = client.get("/residents/cards")
    assert location.address in page.get_data(as_text=True)
    saved = client.post(
        "/residents/cards", data={"phone": "0174 111 222", "emergency_phone": "06 99"}
    )
    assert saved.status_code == 302
    card = _text(client.get(f"/api/v1/locations/{location.id}/card.pdf?lang=en").data)
    assert "Housing provider: 0174 111 222" in card[0]
    assert "24 hours a day: 06 99" in card[0]
    too_long = client.post("/residents/cards", data={"phone": "1" * 41})
    assert too_long.status_code == 422
