"""The certificate PDF (snf.certificates.pdf), read back with pypdf."""

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from flask_babel import force_locale
from pypdf import PdfReader
from pypdf.generic import ContentStream

from snf.certificates import pdf
from snf.certificates.pdf import CertificateDocument, render_certificate
from snf.certificates.signing import (
    InvalidPayload,
    KeyRing,
    sign_payload,
    verify_payload,
)

BASE_URL = "https://register.example.nl/certificates/SNF-2014-00042/verify"
POSTCODE = re.compile(r"[1-9][0-9]{3} ?[A-Z]{2}\b")


@pytest.fixture
def ring(tmp_path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


def make_document(ring: KeyRing, **overrides) -> CertificateDocument:
    payload = sign_payload(
        ring,
        {
            "number": "SNF-2014-00042",
            "kvk": overrides.get("kvk", "12345678"),
            "mark": "SNF",
            "valid_until": date(2015, 7, 31),
            "issued_at": datetime(2014, 8, 1, 10, 0, tzinfo=UTC),
        },
    )
    document = CertificateDocument(
        number="SNF-2014-00042",
        company_name="Flexwonen Noord B.V.",
        kvk="12345678",
        town="Groningen",
        norm_label="SNF 2024.1",
        valid_from=date(2014, 8, 1),
        valid_until=date(2015, 7, 31),
        issued_at=datetime(2014, 8, 1, 10, 0, tzinfo=UTC),
        locations=3,
        beds=120,
        towns=[("Groningen", 2), ("Assen", 1)],
        verify_url=f"{BASE_URL}?sig={payload}",
        payload=payload,
    )
    return replace(document, **overrides)


def page_text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def drawn_qr_matrix(data: bytes) -> list[list[int]]:
    """The QR modules as drawn in the PDF: the rectangles of its form XObject."""
    reader = PdfReader(io.BytesIO(data))
    form = reader.pages[0]["/Resources"]["/XObject"]["/FormXob.qr"].get_object()
    size = int(form["/BBox"][2])
    matrix = [[0] * size for _ in range(size)]
    for operands, operator in ContentStream(form, reader).operations:
        if operator == b"re":
            x, y, width, height = (int(value) for value in operands)
            for row in range(size - y - height, size - y):
                matrix[row][x : x + width] = [1] * width
    return matrix


def test_render_gives_one_a4_page_titled_with_the_number(ring):
    reader = PdfReader(io.BytesIO(render_certificate(make_document(ring))))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "SNF-2014-00042" in reader.metadata.title


def rendered(document, lang: str) -> str:
    with force_locale(lang):
        return page_text(render_certificate(document))


def test_page_names_company_number_kvk_and_validity_in_dutch(ring):
    text = rendered(make_document(ring, beds=1200), "nl")
    for expected in [
        "Certificaat",
        "verklaart dat",
        "Stichting Normering Flexwonen",
        "SNF-2014-00042",
        "Flexwonen Noord B.V.",
        "KvK 12345678",
        "SNF 2024.1",
        "1 augustus 2014 \u2013 31 juli 2015",
        "Groningen (2), Assen (1)",
    ]:
        assert expected in text
    assert re.search(r"Locaties\s+3\b", text)
    assert re.search(r"Bedden\s+1\.200\b", text)
    for english in ("Certificate", "certifies", "August", "Beds", "Verify at"):
        assert english not in text


def test_page_in_english_has_no_dutch(ring):
    text = rendered(make_document(ring, beds=1200), "en")
    for expected in [
        "Certificate number",
        "certifies that",
        "complies with the standard",
        "1 August 2014 \u2013 31 July 2015",
    ]:
        assert expected in text
    assert re.search(r"Beds\s+1,200\b", text)
    for dutch in ("Certificaat", "verklaart", "augustus", "Bedden", "Controleer"):
        assert dutch not in text


# Texts of the page in each language (tests taking ``lang`` run in both).
SAID = {
    "verify_at": {"en": "Verify at {host}", "nl": "Controleer op {host}"},
    "no_kvk": {"en": "No KvK number", "nl": "Geen KvK-nummer"},
    "more_towns": {"en": "and {n} more towns", "nl": "en {n} andere plaatsen"},
}


def test_page_tells_where_to_verify(ring, lang):
    host = "register.example.nl"
    text = rendered(make_document(ring), lang)
    assert SAID["verify_at"][lang].format(host=host) in text
    assert f"{BASE_URL}?sig=" in text


def test_payload_is_printed_so_it_can_be_typed_in(ring):
    document = make_document(ring)
    text = re.sub(r"\s+", "", page_text(render_certificate(document)))
    assert document.payload in text


def test_qr_code_holds_the_verify_url_with_a_payload_that_verifies(ring):
    document = make_document(ring)
    expected = segno.make(f"{BASE_URL}?sig={document.payload}", error="m")
    qr = pdf.qr_code(document)
    assert (qr.version, qr.error, qr.matrix) == (
        expected.version,
        expected.error,
        expected.matrix,
    )
    drawn = drawn_qr_matrix(render_certificate(document))
    assert drawn == [list(row) for row in expected.matrix]
    [payload] = parse_qs(urlsplit(document.verify_url).query)["sig"]
    fields = verify_payload(payload, ring.public_key_map())
    assert (fields["number"], fields["kvk"]) == ("SNF-2014-00042", "12345678")
    assert fields["valid_until"] == "2015-07-31"
    tampered = payload[:40] + ("A" if payload[40] != "A" else "B") + payload[41:]
    with pytest.raises(InvalidPayload):
        verify_payload(tampered, ring.public_key_map())


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)",
)
def test_printed_qr_code_scans_as_the_verify_url(ring, tmp_path):
    document = make_document(ring)
    (tmp_path / "c.pdf").write_bytes(render_certificate(document))
    command = [shutil.which("pdftoppm"), "-r", "150", "-png", "-singlefile"]
    subprocess.run([*command, tmp_path / "c.pdf", tmp_path / "c"], check=True)  # noqa: S603
    scanned = subprocess.run(  # noqa: S603
        [shutil.which("zbarimg"), "-q", "--raw", tmp_path / "c.png"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert scanned.stdout.strip() == document.verify_url


def test_no_street_address_ever_appears(ring):
    # The API takes towns only; the input below is what a location row holds.
    street, postcode, town = "Hereweg 12", "9725 AA", "Groningen"
    document = make_document(ring, town=town, towns=[(town, 1)])
    text = page_text(render_certificate(document))
    assert street not in text and "Hereweg" not in text
    assert not POSTCODE.search(text)
    with pytest.raises(ValueError, match="address"):
        render_certificate(
            make_document(ring, towns=[(f"{street}, {postcode} {town}", 1)])
        )


def test_landlord_without_kvk_says_so(ring, lang):
    document = make_document(ring, kvk=None)
    assert SAID["no_kvk"][lang] in rendered(document, lang)
    assert "KvK 12345678" not in rendered(document, lang)


def test_many_towns_are_cut_short_with_a_count(ring, lang):
    towns = [(f"Plaats{chr(65 + i)}veen", 1) for i in range(40)]
    text = rendered(make_document(ring, towns=towns), lang)
    lines = pdf.town_lines(towns)
    assert len(lines) == pdf.MAX_TOWN_LINES
    shown = ", ".join(lines[:-1]).count("(")
    assert SAID["more_towns"][lang].format(n=40 - shown) in text


def test_letters_outside_the_standard_fonts_lose_their_accents(ring):
    name = "Mieszkania Łódź Sp. z o.o."
    text = page_text(render_certificate(make_document(ring, company_name=name)))
    assert "Mieszkania Lódz Sp. z o.o." in text
    assert pdf.latin("Café ’s-Hertogenbosch") == "Café ’s-Hertogenbosch"
    assert pdf.latin("中") == "?"


def test_a_payload_the_qr_code_does_not_carry_is_refused(ring):
    document = make_document(ring)
    with pytest.raises(ValueError, match="sig"):
        render_certificate(replace(document, verify_url=BASE_URL))


@pytest.mark.parametrize(
    ("month", "dutch", "english"),
    [
        (1, "januari", "January"),
        (2, "februari", "February"),
        (3, "maart", "March"),
        (4, "april", "April"),
        (5, "mei", "May"),
        (6, "juni", "June"),
        (7, "juli", "July"),
        (8, "augustus", "August"),
        (9, "september", "September"),
        (10, "oktober", "October"),
        (11, "november", "November"),
        (12, "december", "December"),
    ],
)
def test_dates_in_dutch_and_english(month, dutch, english):
    with force_locale("nl"):
        assert pdf.long_date(date(2014, month, 1)) == f"1 {dutch} 2014"
    with force_locale("en"):
        assert pdf.long_date(date(2014, month, 1)) == f"1 {english} 2014"


def test_issue_date_is_the_day_in_amsterdam(ring):
    late = datetime(2014, 7, 31, 22, 30, tzinfo=UTC)  # 1 August, 00:30 in Amsterdam
    text = rendered(make_document(ring, issued_at=late), "nl")
    assert re.search(r"Uitgegeven\s+1 augustus 2014", text)


@pytest.mark.parametrize(
    ("lang", "footer_word"), [("nl", "adressen"), ("en", "addresses")]
)
def test_a_jws_payload_is_printed_in_readable_lines_above_the_footer(
    ring, lang, footer_word
):
    # One language per reader: the footer is looked for in the language drawn.
    document = make_document(ring)
    assert document.payload.count(".") == 2  # a compact JWS
    with force_locale(lang):
        texts = pdf.page_texts(document)
    lines = [t for t in texts if t.font == "Courier"]
    assert "".join(t.text for t in lines) == document.payload
    assert len(lines) == 4
    assert all(t.size == 6 for t in lines)  # not shrunk to fit
    footer = min(t.y for t in texts if footer_word in t.text)
    assert min(t.y for t in lines) > footer + 8
