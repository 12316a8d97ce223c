"""The page a certificate's QR code opens: one verdict in its headline, never
contradicted by the smaller print (issue 13, 15.4)."""

from datetime import timedelta

import pytest

from snf.certificates import lifecycle
from snf.certificates.keys import keyring
from snf.certificates.signing import KeyRing, sign_payload, sign_v1
from snf.database import local_today, utcnow
from tests.certificates_factories import make_registered
from tests.registry_helpers import text_of

ISSUED = local_today() - timedelta(days=30)


@pytest.fixture
def registered():
    return make_registered(ISSUED)


# Certificates issued since API 1.2 carry a JWS; older ones still carry v1.
SIGNERS = {"jws": sign_payload, "v1": sign_v1}
FORMATS = pytest.mark.parametrize("fmt", SIGNERS)


def fields_of(certificate, **overrides) -> dict:
    fields = {
        "number": certificate.number,
        "kvk": certificate.company.kvk,
        "mark": "SNF",  # signed in a JWS; v1 has no mark
        "valid_until": certificate.valid_until,
        "issued_at": certificate.issued_at,
    }
    return fields | overrides


def payload_of(certificate, fmt: str, ring=None, **overrides) -> str:
    """A payload in format ``fmt`` (by the app's keys unless ``ring``)."""
    return SIGNERS[fmt](ring or keyring(), fields_of(certificate, **overrides))


def changed_byte(payload: str) -> str:
    """The payload with one character of its signature changed (a canonical
    base64url character, so only the signature check can refuse it)."""
    head, signature = payload.rsplit(".", 1)
    i = len(signature) // 2
    other = "A" if signature[i] != "A" else "B"
    return f"{head}.{signature[:i]}{other}{signature[i + 1 :]}"


# The headlines and the reasons as a reader sees them, in both languages (the
# tests taking ``lang`` run in each, see tests/conftest.py).
SAID = {
    "valid": {"en": "VALID", "nl": "GELDIG"},
    "not_genuine": {"en": "NOT GENUINE", "nl": "NIET ECHT"},
    "suspended": {"en": "SUSPENDED", "nl": "GESCHORST"},
    "unknown": {"en": "UNKNOWN", "nl": "ONBEKEND"},
    "genuine": {
        "en": "genuine and belong to this certificate",
        "nl": "zijn echt en horen bij dit",
    },
    "changed": {
        "en": "changed after SNF signed them",
        "nl": "gewijzigd nadat SNF ze ondertekende",
    },
    "other": {
        "en": "belong to another certificate",
        "nl": "horen bij een ander certificaat",
    },
    "checked": {
        "en": "Checked against the register on",
        "nl": "Gecontroleerd tegen het register op",
    },
    "not_in_register": {
        "en": "This number is not in the register.",
        "nl": "Dit nummer staat niet in het register.",
    },
}


def verify_page(client, number, payload=None, lang="en"):
    client.set_cookie("snf_lang", lang)
    url = f"/verify/{number}" + (f"?sig={payload}" if payload else "")
    response = client.get(url)
    return response, response.get_data(as_text=True)


@FORMATS
def test_a_genuine_payload_of_a_valid_certificate_headlines_valid(
    client, registered, fmt, lang
):
    _company, certificate = registered
    payload = payload_of(certificate, fmt)
    response, page = verify_page(client, certificate.number, payload, lang)
    assert response.status_code == 200
    assert text_of(page, "verdict") == SAID["valid"][lang]
    assert SAID["genuine"][lang] in text_of(page, "verdict-reason")


def test_the_issued_payload_is_a_jws_and_headlines_valid(client, registered):
    _company, certificate = registered
    assert certificate.payload.count(".") == 2
    _response, page = verify_page(client, certificate.number, certificate.payload)
    assert text_of(page, "verdict") == "VALID"


@FORMATS
def test_a_changed_signature_byte_headlines_not_genuine(client, registered, fmt, lang):
    _company, certificate = registered
    forged = changed_byte(payload_of(certificate, fmt))
    _response, page = verify_page(client, certificate.number, forged, lang)
    assert text_of(page, "verdict") == SAID["not_genuine"][lang]
    assert SAID["changed"][lang] in text_of(page, "verdict-reason")
    rest = page.upper().replace(SAID["not_genuine"][lang], "")
    assert SAID["valid"][lang] not in rest


@FORMATS
def test_another_certificates_genuine_payload_headlines_not_genuine(
    client, registered, fmt, lang
):
    _company, certificate = registered
    _other_company, other = make_registered(ISSUED)
    payload = payload_of(other, fmt)
    _response, page = verify_page(client, certificate.number, payload, lang)
    assert text_of(page, "verdict") == SAID["not_genuine"][lang]
    assert SAID["other"][lang] in text_of(page, "verdict-reason")


@FORMATS
def test_a_payload_signed_for_another_number_headlines_not_genuine(
    client, registered, fmt
):
    _company, certificate = registered
    payload = payload_of(certificate, fmt, number="SNF-2099-99999")
    _response, page = verify_page(client, certificate.number, payload)
    assert text_of(page, "verdict") == "NOT GENUINE"
    assert "another certificate" in text_of(page, "verdict-reason")


@FORMATS
def test_a_payload_with_this_number_but_another_kvk_headlines_not_genuine(
    client, registered, fmt, lang
):
    company, certificate = registered
    other_kvk = f"{(int(company.kvk) + 1) % 10**8:08d}"
    payload = payload_of(certificate, fmt, kvk=other_kvk)
    _response, page = verify_page(client, certificate.number, payload, lang)
    assert text_of(page, "verdict") == SAID["not_genuine"][lang]


@FORMATS
def test_a_payload_under_an_unknown_key_headlines_not_genuine(
    client, registered, tmp_path, fmt
):
    _company, certificate = registered
    stranger = KeyRing(tmp_path / "someone-elses-keys")
    payload = payload_of(certificate, fmt, ring=stranger)
    _response, page = verify_page(client, certificate.number, payload)
    assert text_of(page, "verdict") == "NOT GENUINE"
    assert "not signed with a key of SNF" in text_of(page, "verdict-reason")


@FORMATS
def test_the_reasons_are_in_the_readers_language(client, registered, tmp_path, fmt):
    _company, certificate = registered
    stranger = KeyRing(tmp_path / "someone-elses-keys")
    forgeries = {
        "gewijzigd nadat SNF ze ondertekende": changed_byte(
            payload_of(certificate, fmt)
        ),
        "niet ondertekend met een sleutel van SNF": payload_of(
            certificate, fmt, ring=stranger
        ),
        "horen bij een ander certificaat": payload_of(
            certificate, fmt, number="SNF-2099-99999"
        ),
    }
    for dutch, payload in forgeries.items():
        _response, page = verify_page(client, certificate.number, payload, "nl")
        assert text_of(page, "verdict") == "NIET ECHT"
        assert dutch in text_of(page, "verdict-reason")
        for code in ("bad signature", "unknown key", "other certificate"):
            assert code not in page


def test_a_malformed_payload_headlines_not_genuine_in_dutch(client, registered):
    _company, certificate = registered
    _response, page = verify_page(client, certificate.number, "v1.garbage", "nl")
    assert text_of(page, "verdict") == "NIET ECHT"
    assert "malformed" not in page  # the signing module's code is not shown


def test_not_genuine_wins_over_any_status(client, registered, lang):
    company, certificate = registered
    lifecycle.record(
        None,
        company.id,
        "suspend",
        effective=ISSUED + timedelta(days=1),
        reason="test",
        now=utcnow(),
    )
    number, payload = certificate.number, certificate.payload
    _response, page = verify_page(client, number, payload, lang)
    assert text_of(page, "verdict") == SAID["suspended"][lang]
    _response, page = verify_page(client, number, changed_byte(payload), lang)
    assert text_of(page, "verdict") == SAID["not_genuine"][lang]


def test_the_page_says_when_it_checked_and_links_to_the_register(
    client, registered, lang
):
    company, certificate = registered
    _response, page = verify_page(client, certificate.number, certificate.payload, lang)
    checked = text_of(page, "checked-at")
    assert checked.startswith(SAID["checked"][lang])
    assert str(local_today().year) in checked
    assert f'href="/register/{company.kvk}"' in page
    _response, page = verify_page(client, certificate.number, lang=lang)
    assert text_of(page, "verdict") == SAID["valid"][lang]


def test_an_unknown_number_headlines_unknown_with_404(client, lang):
    response, page = verify_page(client, "SNF-0000-99999", lang=lang)
    assert response.status_code == 404
    assert text_of(page, "verdict") == SAID["unknown"][lang]
    assert text_of(page, "verdict-reason").startswith(SAID["not_in_register"][lang])
