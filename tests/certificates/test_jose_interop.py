"""A relying party verifies QR payloads with stock JOSE libraries.

The app signs with PyJWT; here jwcrypto (pinned in the test extra, never used
by the app) verifies issued payloads against ``GET /api/v1/keys`` as a stranger
would, and the README's PyJWT snippet is run as it is printed.
"""

import base64
import json
import re
from datetime import date, timedelta
from pathlib import Path

import jwt as pyjwt
import pytest
from jwcrypto.common import JWKeyNotFound
from jwcrypto.jwk import JWKSet
from jwcrypto.jws import InvalidJWSSignature
from jwcrypto.jwt import JWT, JWTExpired, JWTMissingKey

from snf.certificates.keys import KeyRing, keyring
from snf.certificates.services import payload_fields
from snf.certificates.signing import sign_v1
from snf.database import local_today
from tests.certificates_factories import make_registered

README = Path(__file__).resolve().parents[2] / "README.md"


def key_set(client) -> JWKSet:
    response = client.get("/api/v1/keys")
    assert response.status_code == 200
    return JWKSet.from_json(response.get_data(as_text=True))


def verify(token: str, keys) -> dict:
    """What a relying party does with jwcrypto: signature, alg and exp."""
    return json.loads(JWT(jwt=token, key=keys, algs=["EdDSA"]).claims)


def segments(token: str) -> list[dict | str]:
    header, claims, signature = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=="))  # noqa: E731
    return [decode(header), decode(claims), signature]


def encode(value: dict) -> str:
    data = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def current(client):
    """A certificate issued ten days ago: valid for almost a year."""
    return make_registered(local_today() - timedelta(days=10))


def test_an_issued_payload_verifies_with_jwcrypto(client, current):
    company, certificate = current
    claims = verify(certificate.payload, key_set(client))
    assert claims == {
        "number": certificate.number,
        "kvk": company.kvk,
        "mark": "SNF",
        "valid_until": certificate.valid_until.isoformat(),
        "iat": int(certificate.issued_at.timestamp()),
        "exp": claims["exp"],
    }
    header, *_ = segments(certificate.payload)
    assert header == {"alg": "EdDSA", "kid": keyring().active().kid}
    assert payload_fields(certificate)["mark"] == "SNF"


def test_the_key_set_is_a_jwk_set_of_ed25519_keys(client, current):
    keys = client.get("/api/v1/keys").get_json()["keys"]
    assert keys
    for key in keys:
        assert key["kty"] == "OKP" and key["crv"] == "Ed25519"
        assert (key["alg"], key["use"]) == ("EdDSA", "sig")
        assert re.fullmatch(r"[0-9a-f]{16}", key["kid"])
        assert len(base64.urlsafe_b64decode(key["x"] + "=")) == 32
        assert key["public_key"] == key["x"]  # the field of API version 1
    assert [k["kid"] for k in keys if k["active"]] == [keyring().active().kid]


def test_a_tampered_payload_fails_in_jwcrypto(client, current):
    _company, certificate = current
    header, claims, signature = segments(certificate.payload)
    forged = f"{encode(header)}.{encode({**claims, 'kvk': '99999999'})}.{signature}"
    keys = key_set(client)
    with pytest.raises(JWKeyNotFound):
        verify(forged, keys)  # no key in the set verifies it
    with pytest.raises(InvalidJWSSignature):
        verify(forged, keys.get_key(header["kid"]))


def test_a_payload_signed_with_another_key_fails_in_jwcrypto(client, current, tmp_path):
    _company, certificate = current
    stranger = KeyRing(tmp_path / "stranger")
    stranger.active()
    foreign = JWKSet.from_json(json.dumps({"keys": stranger.public_keys()}))
    with pytest.raises(JWTMissingKey):  # no key with that kid
        verify(certificate.payload, foreign)
    # The stranger's key published under our kid: the signature gives it away.
    [impostor] = stranger.public_keys()
    impostor["kid"] = keyring().active().kid
    relabelled = JWKSet.from_json(json.dumps({"keys": [impostor]}))
    with pytest.raises(JWKeyNotFound):
        verify(certificate.payload, relabelled)
    with pytest.raises(InvalidJWSSignature):
        verify(certificate.payload, relabelled.get_key(impostor["kid"]))


def test_an_expired_payload_fails_in_jwcrypto_but_is_still_genuine_here(client):
    _company, certificate = make_registered(date(2025, 1, 6))
    assert certificate.valid_until < local_today()
    with pytest.raises(JWTExpired):
        verify(certificate.payload, key_set(client))
    page = client.get(f"/verify/{certificate.number}?sig={certificate.payload}")
    assert "flash-error" not in page.get_data(as_text=True)


def test_old_payloads_still_verify_after_a_key_rotation(client, current, runner):
    _company, certificate = current
    old_v1 = sign_v1(
        keyring(), payload_fields(certificate) | {"issued_at": "2025-01-06"}
    )
    before = {key["kid"] for key in client.get("/api/v1/keys").get_json()["keys"]}
    assert runner.invoke(args=["certificates", "rotate-key"]).exit_code == 0
    after = {key["kid"] for key in client.get("/api/v1/keys").get_json()["keys"]}
    assert before < after and len(after) == len(before) + 1
    keys = key_set(client)
    assert verify(certificate.payload, keys)["number"] == certificate.number
    result = runner.invoke(args=["certificates", "verify", old_v1])
    assert result.exit_code == 0, result.output
    assert '"format": "v1"' in result.output and certificate.number in result.output
    page = client.get(f"/verify/{certificate.number}?sig={old_v1}")
    assert "flash-error" not in page.get_data(as_text=True)


def _readme_snippet() -> str:
    section = README.read_text(encoding="utf-8").split(
        "## Certificates: verify one yourself"
    )[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_snippet_verifies_with_pyjwt(client, current, tmp_path, monkeypatch):
    _company, certificate = current
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keys.json").write_bytes(client.get("/api/v1/keys").data)
    namespace = {"token": certificate.payload, "print": lambda *args: None}
    exec(_readme_snippet(), namespace)  # noqa: S102 - our own README
    assert namespace["claims"]["number"] == certificate.number
    header, claims, signature = segments(certificate.payload)
    namespace["token"] = f"{encode(header)}.{encode({**claims, 'mark': 'AGRI'})}."
    namespace["token"] += signature
    with pytest.raises(pyjwt.InvalidSignatureError):
        exec(_readme_snippet(), namespace)  # noqa: S102
