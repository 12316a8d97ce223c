"""Signed certificate payloads (snf.certificates.signing) and the key ring
(snf.certificates.keys): the JWS of API 1.2 and the version 1 format."""

import base64
import json
import os
import re
import stat
import string
import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from snf.certificates.signing import (
    BAD_SIGNATURE,
    MALFORMED,
    UNKNOWN_KEY,
    UNSUPPORTED_VERSION,
    InvalidPayload,
    KeyRing,
    KeyRingError,
    describe_payload,
    expires_at,
    sign_payload,
    sign_v1,
    verify_payload,
)

B64URL = string.ascii_letters + string.digits + "-_"


def make_fields(**overrides) -> dict:
    fields = {
        "number": "SNF-2014-00042",
        "kvk": "12345678",
        "mark": "SNF",
        "valid_until": "2015-07-31",
        "issued_at": "2014-08-01T10:00:00Z",
    }
    return fields | overrides


@pytest.fixture
def ring(tmp_path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_round_trip_returns_the_signed_fields(ring):
    token = sign_payload(ring, make_fields())
    assert verify_payload(token, ring.public_key_map()) == {
        "number": "SNF-2014-00042",
        "kvk": "12345678",
        "mark": "SNF",
        "valid_until": "2015-07-31",
        "issued_at": "2014-08-01T10:00:00Z",
        "kid": ring.active().kid,
        "format": "jws",
    }


def test_payload_is_a_compact_jws_with_the_contract_header_and_claims(ring):
    token = sign_payload(ring, make_fields())
    header, claims, signature = token.split(".")
    assert json.loads(unb64(header)) == {"alg": "EdDSA", "kid": ring.active().kid}
    assert json.loads(unb64(claims)) == {
        "number": "SNF-2014-00042",
        "kvk": "12345678",
        "mark": "SNF",
        "valid_until": "2015-07-31",
        "iat": int(datetime(2014, 8, 1, 10, tzinfo=UTC).timestamp()),
        # midnight in Amsterdam (UTC+2 in summer) after the last valid day
        "exp": int(datetime(2015, 7, 31, 22, tzinfo=UTC).timestamp()),
    }
    assert len(unb64(signature)) == 64


def test_exp_is_the_end_of_the_last_valid_day_in_the_netherlands():
    winter = datetime(2016, 1, 31, 23, tzinfo=UTC)  # 2016-02-01 00:00 CET
    assert expires_at(date(2016, 1, 31)) == int(winter.timestamp())


def test_landlord_without_kvk_round_trips_as_none(ring):
    token = sign_payload(ring, make_fields(kvk=None))
    assert json.loads(unb64(token.split(".")[1]))["kvk"] is None
    assert verify_payload(token, ring.public_key_map())["kvk"] is None


def test_token_is_url_safe_and_short_enough_for_a_qr_code(ring):
    token = sign_payload(ring, make_fields())
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", token)
    assert len(token) < 320


def test_dates_and_times_are_normalised(ring):
    amsterdam = timezone(timedelta(hours=2))
    fields = make_fields(
        valid_until=date(2015, 7, 31),
        issued_at=datetime(2014, 8, 1, 12, 0, 0, 654321, tzinfo=amsterdam),
    )
    signed = verify_payload(sign_payload(ring, fields), ring.public_key_map())
    assert signed["valid_until"] == "2015-07-31"
    assert signed["issued_at"] == "2014-08-01T10:00:00Z"
    naive = make_fields(issued_at=datetime(2014, 8, 1, 10, 0))  # naive means UTC
    signed = verify_payload(sign_payload(ring, naive), ring.public_key_map())
    assert signed["issued_at"] == "2014-08-01T10:00:00Z"


@pytest.mark.parametrize("sign", [sign_payload, sign_v1])
def test_issued_at_is_utc_whatever_the_servers_time_zone(ring, monkeypatch, sign):
    naive = make_fields(issued_at=datetime(2014, 8, 1, 10, 0))  # naive means UTC
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        tokens = [sign(ring, make_fields()), sign(ring, naive)]
        keys = ring.public_key_map()
        issued = [verify_payload(token, keys)["issued_at"] for token in tokens]
    finally:
        monkeypatch.undo()
        time.tzset()
    assert issued == ["2014-08-01T10:00:00Z"] * 2


def test_an_expired_payload_still_verifies_as_genuine_here(ring):
    # Whether it is still valid is the register's answer, not the signature's.
    token = sign_payload(ring, make_fields(valid_until="2001-01-31"))
    assert verify_payload(token, ring.public_key_map())["valid_until"] == "2001-01-31"


@pytest.mark.parametrize("sign", [sign_payload, sign_v1])
def test_every_single_character_change_fails(ring, sign):
    token = sign(ring, make_fields())
    keys = ring.public_key_map()
    for position, original in enumerate(token):
        for replacement in B64URL:
            if replacement == original:
                continue
            changed = token[:position] + replacement + token[position + 1 :]
            with pytest.raises(InvalidPayload):
                verify_payload(changed, keys)


@pytest.mark.parametrize("sign", [sign_payload, sign_v1])
def test_a_non_canonical_spelling_of_the_same_signature_is_malformed(ring, sign):
    """86 characters carry 516 bits of a 512-bit signature: changing the last
    character's unused bits keeps the bytes, and is refused all the same."""
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    token = sign(ring, make_fields())
    sibling = alphabet[alphabet.index(token[-1]) ^ 1]  # another unused low bit
    signature = token.rsplit(".", 1)[1]
    assert unb64(signature[:-1] + sibling) == unb64(signature)
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token[:-1] + sibling, ring.public_key_map())
    assert caught.value.reason == MALFORMED


def _padded_token(ring, length: int) -> str:
    """A JWS of exactly ``length`` characters under the ring's kid, with a
    wrong signature: so only its length decides whether it is read."""
    kid = ring.active().kid
    for separators in ((",", ":"), (", ", ": ")):
        header = b64(
            json.dumps({"alg": "EdDSA", "kid": kid}, separators=separators).encode()
        )
        for pad in range(length):
            claims = b64(json.dumps({"pad": "x" * pad}).encode())
            token = f"{header}.{claims}.{b64(bytes(64))}"
            if len(token) == length:
                return token
    raise AssertionError(length)


def test_a_token_longer_than_1024_characters_is_not_read(ring):
    longest, too_long = _padded_token(ring, 1024), _padded_token(ring, 1025)
    keys = ring.public_key_map()
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(longest, keys)
    assert caught.value.reason == BAD_SIGNATURE
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(too_long, keys)
    assert caught.value.reason == MALFORMED


@pytest.mark.parametrize("token", [None, b"v1.abc", 42])
def test_a_token_that_is_not_text_is_malformed(token):
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, {})
    assert caught.value.reason == MALFORMED


def test_changed_claims_fail_on_the_signature(ring):
    header, _, signature = sign_payload(ring, make_fields()).split(".")
    other = sign_payload(ring, make_fields(kvk="87654321")).split(".")[1]
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(f"{header}.{other}.{signature}", ring.public_key_map())
    assert caught.value.reason == BAD_SIGNATURE


def test_unknown_kid_fails(ring):
    token = sign_payload(ring, make_fields())
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, {})
    assert caught.value.reason == UNKNOWN_KEY


def test_a_token_from_another_key_ring_fails(ring, tmp_path):
    stranger = KeyRing(tmp_path / "elsewhere")
    token = sign_payload(stranger, make_fields())
    keys = {ring.active().kid: ring.active().public_bytes}
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, keys)
    assert caught.value.reason == UNKNOWN_KEY
    # Another ring's token relabelled with our kid: the signature gives it away.
    _, claims, signature = token.split(".")
    header = b64(json.dumps({"alg": "EdDSA", "kid": ring.active().kid}).encode())
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(f"{header}.{claims}.{signature}", keys)
    assert caught.value.reason == BAD_SIGNATURE


def _jws(ring, header: dict, claims: dict) -> str:
    """A token signed by the ring's key with any header and claims."""
    signed = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = ring.active().private_key.sign(signed.encode())
    return f"{signed}.{b64(signature)}"


def _claims(**overrides) -> dict:
    claims = {
        "number": "SNF-2014-00042",
        "kvk": "12345678",
        "mark": "SNF",
        "valid_until": "2015-07-31",
        "iat": 1406887200,
        "exp": 1438380000,
    }
    return {k: v for k, v in (claims | overrides).items() if v is not ...}


@pytest.mark.parametrize(
    ("header", "claims", "reason"),
    [
        ({"alg": "HS256"}, _claims(), UNSUPPORTED_VERSION),
        ({"alg": "none"}, _claims(), UNSUPPORTED_VERSION),
        ({"alg": "EdDSA", "crit": ["x"]}, _claims(), MALFORMED),
        ({"alg": "EdDSA"}, _claims(kvk="1234"), MALFORMED),
        ({"alg": "EdDSA"}, _claims(number="SNF|1"), MALFORMED),
        ({"alg": "EdDSA"}, _claims(mark=...), MALFORMED),
        ({"alg": "EdDSA"}, _claims(valid_until="31-07-2015"), MALFORMED),
        ({"alg": "EdDSA"}, _claims(iat="1406887200"), MALFORMED),
        ({"alg": "EdDSA"}, _claims(extra=True), MALFORMED),
    ],
)
def test_signed_but_ill_formed_tokens_are_refused(ring, header, claims, reason):
    kid = ring.active().kid
    token = _jws(ring, {**header, "kid": kid}, claims)
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, ring.public_key_map())
    assert caught.value.reason == reason
    good = _jws(ring, {"alg": "EdDSA", "kid": kid}, _claims())
    assert verify_payload(good, ring.public_key_map())["number"] == "SNF-2014-00042"


@pytest.mark.parametrize("kid", ["0123456789ABCDEF", "0123456789abcde", "../keys"])
def test_a_kid_that_is_not_16_hex_digits_is_malformed(ring, kid):
    token = _jws(ring, {"alg": "EdDSA", "kid": kid}, _claims())
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, ring.public_key_map() | {kid: bytes(32)})
    assert caught.value.reason == MALFORMED


def test_a_payload_issued_in_the_future_still_verifies(ring):
    """Signature only: a signer whose clock runs ahead is not refused here."""
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    fields = make_fields(issued_at=tomorrow, valid_until="2099-01-01")
    token = sign_payload(ring, fields)
    fields = verify_payload(token, ring.public_key_map())
    assert fields["issued_at"] == tomorrow.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("", MALFORMED),
        ("v1", MALFORMED),
        ("v1.abc.def", MALFORMED),
        ("v1.0123456789abcdef.AAAA.AAAA.AAAA", MALFORMED),
        ("v1.0123456789ABCDEF.AAAA.AAAA", MALFORMED),
        ("v1.0123456789abcdef.AAAA.AAAA", MALFORMED),  # signature too short
        ("v1.0123456789abcdef.AA==." + "A" * 86, MALFORMED),  # padding
        ("v1.0123456789abcdef.A+/A." + "A" * 86, MALFORMED),  # not base64url
        ("v2.0123456789abcdef.AAAA." + "A" * 86, UNSUPPORTED_VERSION),
        ("AAAA.0123456789abcdef.AAAA." + "A" * 86, MALFORMED),  # 4 parts, no v
        ("v1.0123456789abcdef." + "A" * 600, MALFORMED),
        ("eyJhbGciOiJFZERTQSJ9.e30", MALFORMED),  # two parts
        ("e30.e30." + "A" * 86, MALFORMED),  # no alg, no kid
        ("W10.e30." + "A" * 86, MALFORMED),  # header is not an object
        ("AAAA.e30." + "A" * 86, MALFORMED),  # header is not JSON
        ("A" * 1025, MALFORMED),
    ],
)
def test_malformed_tokens_are_refused(token, reason):
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, {"0123456789abcdef": bytes(32)})
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError) and str(caught.value) == reason


@pytest.mark.parametrize(
    "overrides",
    [
        {"kvk": "1234567"},
        {"kvk": 12345678},
        {"number": "SNF|1"},
        {"number": ""},
        {"mark": "snf"},
        {"mark": None},
        {"valid_until": datetime(2015, 7, 31, tzinfo=UTC)},
        {"valid_until": "31-07-2015"},
        {"issued_at": "yesterday"},
    ],
)
def test_signing_refuses_ill_formed_fields(ring, overrides):
    with pytest.raises(ValueError, match=r"."):
        sign_payload(ring, make_fields(**overrides))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"mark": "snf"}, "mark must be 2 to 10 capital letters: 'snf'"),
        ({"kvk": "1234567"}, "KvK number must be 8 digits: '1234567'"),
        ({"number": "SNF|1"}, "certificate number not fit for a payload: 'SNF|1'"),
        (
            {"valid_until": datetime(2015, 7, 31)},
            "valid_until must be a date, not a datetime",
        ),
    ],
)
def test_signing_says_which_field_is_ill_formed(ring, overrides, message):
    """The whole message, as the caller reads it (sign_payload's contract is
    a ValueError naming the field and the value)."""
    with pytest.raises(ValueError) as caught:
        sign_payload(ring, make_fields(**overrides))
    assert str(caught.value) == message


def test_signing_names_every_missing_field_in_order(ring):
    fields = make_fields()
    del fields["mark"], fields["kvk"]
    with pytest.raises(ValueError) as caught:
        sign_payload(ring, fields)
    assert str(caught.value) == "payload fields missing: kvk, mark"


@pytest.mark.parametrize("missing", ["valid_until", "mark"])
def test_signing_refuses_missing_fields(ring, missing):
    fields = make_fields()
    del fields[missing]
    with pytest.raises(ValueError, match=missing):
        sign_payload(ring, fields)


# -- version 1: QR codes printed before API 1.2 keep verifying ----------------


def test_a_version_1_payload_keeps_verifying(ring):
    token = sign_v1(ring, make_fields(kvk=None))
    assert token.startswith(f"v1.{ring.active().kid}.")
    assert verify_payload(token, ring.public_key_map()) == {
        "number": "SNF-2014-00042",
        "kvk": None,
        "mark": None,
        "valid_until": "2015-07-31",
        "issued_at": "2014-08-01T10:00:00Z",
        "kid": ring.active().kid,
        "format": "v1",
    }


def test_a_version_1_payload_verifies_after_the_key_was_rotated(ring):
    old = sign_v1(ring, make_fields())
    ring.rotate()
    new = sign_payload(ring, make_fields())
    keys = ring.public_key_map()
    assert verify_payload(old, keys)["format"] == "v1"
    assert verify_payload(new, keys)["format"] == "jws"
    assert verify_payload(old, keys)["kid"] != verify_payload(new, keys)["kid"]


def test_a_changed_version_1_body_fails_on_the_signature(ring):
    version, kid, _, signature = sign_v1(ring, make_fields()).split(".")
    other_body = sign_v1(ring, make_fields(kvk="87654321")).split(".")[2]
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(
            f"{version}.{kid}.{other_body}.{signature}", ring.public_key_map()
        )
    assert caught.value.reason == BAD_SIGNATURE


# -- the key ring --------------------------------------------------------------


def test_rotation_keeps_old_tokens_verifiable_and_signs_with_the_new_key(ring):
    old_kid = ring.active().kid
    old_token = sign_payload(ring, make_fields())
    new_kid = ring.rotate()
    new_token = sign_payload(ring, make_fields())
    keys = ring.public_key_map()
    assert new_kid != old_kid
    assert set(keys) == {old_kid, new_kid}
    assert verify_payload(old_token, keys)["kid"] == old_kid
    assert verify_payload(new_token, keys)["kid"] == new_kid
    listed = {key["kid"]: key for key in ring.public_keys()}
    assert listed[new_kid]["active"] and not listed[old_kid]["active"]


def test_public_keys_are_jwks_with_the_fields_of_version_1(ring):
    ring.active()
    [key] = ring.public_keys()
    raw = ring.public_key_map()[key["kid"]]
    assert len(raw) == 32
    assert {k: key[k] for k in ("kty", "crv", "alg", "use")} == {
        "kty": "OKP",
        "crv": "Ed25519",
        "alg": "EdDSA",
        "use": "sig",
    }
    assert unb64(key["x"]) == raw and key["public_key"] == key["x"]
    assert key["active"] is True
    assert datetime.fromisoformat(key["created"]).tzinfo is not None


def test_two_key_rings_on_one_directory_agree_on_the_active_key(tmp_path):
    first, second = KeyRing(tmp_path / "keys"), KeyRing(tmp_path / "keys")
    assert first.active().kid == second.active().kid
    rotated = second.rotate()
    assert first.active().kid == rotated
    token = sign_payload(first, make_fields())
    assert verify_payload(token, second.public_key_map())["kid"] == rotated


def test_rings_starting_at_once_end_up_with_one_key(tmp_path):
    directory = tmp_path / "keys"
    rings = [KeyRing(directory) for _ in range(8)]
    barrier, kids = threading.Barrier(len(rings)), []

    def start(ring):
        barrier.wait()
        kids.append(ring.active().kid)

    threads = [threading.Thread(target=start, args=(r,)) for r in rings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(kids)) == 1 and len(kids) == len(rings)
    [pem] = directory.glob("*.pem")
    assert pem.name.endswith(f"-{kids[0]}.pem")
    assert not list(directory.glob(".tmp-*"))


def test_private_key_files_are_readable_by_the_owner_only(ring):
    ring.active()
    ring.rotate()
    pems = list(ring.directory.glob("*.pem"))
    assert len(pems) == 2
    for pem in pems:
        assert stat.S_IMODE(os.stat(pem).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(ring.directory).st_mode) == 0o700


def test_active_file_naming_a_missing_key_is_an_error(ring):
    kid = ring.active().kid
    next(ring.directory.glob("*.pem")).unlink()
    with pytest.raises(KeyRingError, match=kid):
        KeyRing(ring.directory).active()


def test_describe_payload(ring):
    token = sign_payload(ring, make_fields())
    ok, fields = describe_payload(token, ring.public_key_map())
    assert ok and fields["number"] == "SNF-2014-00042"
    assert describe_payload(token[:-1], ring.public_key_map()) == (False, MALFORMED)
