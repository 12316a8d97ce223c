"""Signed certificate payloads and the key ring (snf.certificates.signing)."""

import os
import re
import stat
import string
import textwrap
import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from snf.certificates import signing
from snf.certificates.signing import (
    BAD_SIGNATURE,
    MALFORMED,
    UNKNOWN_KEY,
    UNSUPPORTED_VERSION,
    InvalidPayload,
    KeyRing,
    KeyRingError,
    describe_payload,
    sign_payload,
    verify_payload,
)

B64URL = string.ascii_letters + string.digits + "-_"


def make_fields(**overrides) -> dict:
    fields = {
        "number": "SNF-2014-00042",
        "kvk": "12345678",
        "valid_until": "2015-07-31",
        "issued_at": "2014-08-01T10:00:00Z",
    }
    return fields | overrides


@pytest.fixture
def ring(tmp_path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


def test_round_trip_returns_the_signed_fields(ring):
    token = sign_payload(ring, make_fields())
    assert verify_payload(token, ring.public_key_map()) == {
        "number": "SNF-2014-00042",
        "kvk": "12345678",
        "valid_until": "2015-07-31",
        "issued_at": "2014-08-01T10:00:00Z",
        "kid": ring.active().kid,
    }


def test_landlord_without_kvk_round_trips_as_none(ring):
    token = sign_payload(ring, make_fields(kvk=None))
    assert verify_payload(token, ring.public_key_map())["kvk"] is None


def test_token_is_versioned_url_safe_and_short_enough_for_a_qr_code(ring):
    token = sign_payload(ring, make_fields())
    assert token.startswith(f"v1.{ring.active().kid}.")
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", token)
    assert len(token) < 200


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


def test_every_single_character_change_fails(ring):
    token = sign_payload(ring, make_fields())
    keys = ring.public_key_map()
    for position, original in enumerate(token):
        for replacement in B64URL:
            if replacement == original:
                continue
            changed = token[:position] + replacement + token[position + 1 :]
            with pytest.raises(InvalidPayload):
                verify_payload(changed, keys)


def test_a_changed_body_fails_on_the_signature(ring):
    version, kid, _, signature = sign_payload(ring, make_fields()).split(".")
    other_body = sign_payload(ring, make_fields(kvk="87654321")).split(".")[2]
    forged = ".".join([version, kid, other_body, signature])
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(forged, ring.public_key_map())
    assert caught.value.reason == BAD_SIGNATURE


def test_unknown_kid_fails(ring):
    token = sign_payload(ring, make_fields())
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, {})
    assert caught.value.reason == UNKNOWN_KEY


def test_a_token_from_another_key_ring_fails(ring, tmp_path):
    stranger = KeyRing(tmp_path / "elsewhere")
    token = sign_payload(stranger, make_fields())
    ring.active()  # the ring has a key of its own
    keys = ring.public_key_map()
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, keys)
    assert caught.value.reason == UNKNOWN_KEY
    # Another ring's token relabelled with our kid: the signature gives it away.
    _, _, body, signature = token.split(".")
    relabelled = f"v1.{ring.active().kid}.{body}.{signature}"
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(relabelled, keys)
    assert caught.value.reason == BAD_SIGNATURE


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
        ("v1.0123456789abcdef." + "A" * 600, MALFORMED),
    ],
)
def test_malformed_tokens_are_refused(token, reason):
    with pytest.raises(InvalidPayload) as caught:
        verify_payload(token, {"0123456789abcdef": bytes(32)})
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "overrides",
    [
        {"kvk": "1234567"},
        {"kvk": 12345678},
        {"number": "SNF|1"},
        {"number": ""},
        {"valid_until": datetime(2015, 7, 31, tzinfo=UTC)},
        {"valid_until": "31-07-2015"},
        {"issued_at": "yesterday"},
    ],
)
def test_signing_refuses_ill_formed_fields(ring, overrides):
    with pytest.raises(ValueError, match=r"."):
        sign_payload(ring, make_fields(**overrides))


def test_signing_refuses_missing_fields(ring):
    fields = make_fields()
    del fields["valid_until"]
    with pytest.raises(ValueError, match="valid_until"):
        sign_payload(ring, fields)


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


def test_public_keys_describe_each_key(ring):
    ring.active()
    [key] = ring.public_keys()
    assert key["alg"] == "Ed25519"
    assert key["active"] is True
    assert signing._b64decode(key["public_key"]) == ring.public_key_map()[key["kid"]]
    assert len(ring.public_key_map()[key["kid"]]) == 32
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


def _offline_snippet() -> str:
    doc = signing.__doc__
    start = doc.index("import base64")
    end = doc.index("``verify_payload`` also insists")
    return textwrap.dedent("    " + doc[start:end])


def test_offline_snippet_in_the_docstring_verifies_a_token(ring):
    token = sign_payload(ring, make_fields(kvk=None))
    namespace: dict = {}
    exec(_offline_snippet(), namespace)  # noqa: S102 - our own docstring
    keys = {key["kid"]: key["public_key"] for key in ring.public_keys()}
    assert namespace["verify"](token, keys) == (
        "SNF-2014-00042",
        None,
        "2015-07-31",
        "2014-08-01T10:00:00Z",
    )
    from cryptography.exceptions import InvalidSignature

    forged = sign_payload(KeyRing(ring.directory.parent / "other"), make_fields())
    _, _, body, signature = forged.split(".")
    with pytest.raises(InvalidSignature):
        namespace["verify"](f"v1.{ring.active().kid}.{body}.{signature}", keys)
