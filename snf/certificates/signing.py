"""Signed certificate payloads: what a certificate's QR code carries.

Since API version 1.2 the payload is a compact JWS (RFC 7515) signed with
Ed25519 (``alg`` ``EdDSA``, RFC 8037), so any stock JOSE library verifies it
against the JWK Set of ``GET /api/v1/keys`` (see ``snf.certificates.keys``)::

    header   {"alg": "EdDSA", "kid": "<16 hex>"}
    claims   {"number": "SNF-2014-00042", "kvk": "12345678" or null,
              "mark": "SNF", "valid_until": "2015-07-31",
              "iat": <issued at, seconds>, "exp": <end of valid_until>}

``exp`` is midnight (Europe/Amsterdam) after ``valid_until``, so a stock library
refuses a printed copy whose validity has passed; the register and the verify
page answer whether the certificate is valid today (suspension, striking off,
renewal). The token is URL-safe, so it goes into ``?sig=`` as it is; about 300
characters.

Signing uses PyJWT. Verifying here insists on canonical base64url in all three
parts (a lenient decoder accepts the unused low bits of a last character; that
admits the same signature, never a forged one, but a changed character should
fail), a header of ``alg`` and ``kid`` only, and well-formed claims.

Version 1 (``v1.<kid>.<body>.<signature>``, still printed on certificates issued
before 1.2) keeps verifying: ``body`` is base64url of
``<number>|<kvk>|<valid_until>|<issued_at>``, the signature is Ed25519 over the
ASCII of ``v1.<kid>.<body>``. ``sign_v1`` makes one, for tests and tools only.
"""

import base64
import binascii
import json
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from snf.certificates.keys import (
    ALGORITHM,
    ISO_UTC,
    KID,
    KeyRing,
    KeyRingError,
    b64encode,
)

__all__ = ["KeyRing", "KeyRingError", "sign_payload", "verify_payload"]

V1 = "v1"
MAX_TOKEN_LENGTH = 1024  # JWS payloads are about 300 characters, v1 about 180

MALFORMED = "malformed token"
UNSUPPORTED_VERSION = "unsupported version"
UNKNOWN_KEY = "unknown key id"
BAD_SIGNATURE = "bad signature"

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_B64URL = re.compile(r"[A-Za-z0-9_-]+")
_NUMBER = re.compile(r"[^|\x00-\x1f\x7f]{1,40}")
_KVK = re.compile(r"[0-9]{8}")
_MARK = re.compile(r"[A-Z]{2,10}")
_HEADER_KEYS = {"alg", "kid"}
_CLAIMS = ("number", "kvk", "mark", "valid_until", "iat", "exp")


class InvalidPayload(ValueError):
    """The token is not a payload signed by one of the given keys."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# -- signing -----------------------------------------------------------------


def sign_payload(ring: KeyRing, fields: Mapping) -> str:
    """The compact JWS for ``number``, ``kvk``, ``mark``, ``valid_until`` and
    ``issued_at``, signed with the ring's active key.

    ``valid_until`` is a date or ISO date; ``issued_at`` a datetime or ISO
    datetime (naive means UTC), kept to the second. Raises ValueError on a
    missing or ill-formed field.
    """
    number, kvk, until, issued = _checked(fields, extra=("mark",))
    mark = fields["mark"]
    if not (isinstance(mark, str) and _MARK.fullmatch(mark)):
        raise ValueError(f"mark must be 2 to 10 capital letters: {mark!r}")
    claims = {
        "number": number,
        "kvk": kvk or None,
        "mark": mark,
        "valid_until": until.isoformat(),
        "iat": int(issued.timestamp()),
        "exp": expires_at(until),
    }
    key = ring.active()
    return jwt.encode(
        claims,
        key.private_key,
        algorithm=ALGORITHM,
        headers={"kid": key.kid, "typ": None},  # no typ: a shorter QR code
    )


def expires_at(valid_until: date) -> int:
    """``exp``: midnight in the Netherlands after the last valid day."""
    end = datetime.combine(valid_until + timedelta(days=1), time(0), AMSTERDAM)
    return int(end.timestamp())


def sign_v1(ring: KeyRing, fields: Mapping) -> str:
    """A payload in the version 1 format (as printed before 1.2)."""
    number, kvk, until, issued = _checked(fields)
    text = "|".join([number, kvk, until.isoformat(), issued.strftime(ISO_UTC)])
    key = ring.active()
    signed = f"{V1}.{key.kid}.{b64encode(text.encode())}"
    return f"{signed}.{b64encode(key.private_key.sign(signed.encode()))}"


def _checked(fields: Mapping, extra=()) -> tuple[str, str, date, datetime]:
    missing = {"number", "kvk", "valid_until", "issued_at", *extra} - set(fields)
    if missing:
        raise ValueError(f"payload fields missing: {', '.join(sorted(missing))}")
    number, kvk = str(fields["number"]), fields["kvk"] or ""
    if not _NUMBER.fullmatch(number):
        raise ValueError(f"certificate number not fit for a payload: {number!r}")
    if kvk and not (isinstance(kvk, str) and _KVK.fullmatch(kvk)):
        raise ValueError(f"KvK number must be 8 digits: {kvk!r}")
    return number, kvk, _as_date(fields["valid_until"]), _as_utc(fields["issued_at"])


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):  # a datetime is a date too; refuse the mix-up
        raise ValueError("valid_until must be a date, not a datetime")
    return value if isinstance(value, date) else date.fromisoformat(value)


def _as_utc(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


# -- verifying ---------------------------------------------------------------


def verify_payload(token: str, public_keys: Mapping[str, bytes]) -> dict:
    """The signed fields of ``token`` if one of the keys signed it: ``number``,
    ``kvk`` (None without one), ``mark`` (None in version 1), ``valid_until``
    (ISO date), ``issued_at`` (ISO UTC), ``kid`` and ``format`` (``jws`` or
    ``v1``). Raises InvalidPayload with the reason otherwise.

    Signature only: an expired payload verifies (the verify page tells it is
    out of date); stock libraries refuse it by its ``exp``.
    """
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidPayload(MALFORMED)
    if token.startswith(f"{V1}."):
        return _verify_v1(token, public_keys)
    if token.count(".") != 2:
        later = re.match(r"v[0-9]+\.", token) and token.count(".") == 3
        raise InvalidPayload(UNSUPPORTED_VERSION if later else MALFORMED)
    return _verify_jws(token, public_keys)


def describe_payload(
    token: str, public_keys: Mapping[str, bytes]
) -> tuple[bool, dict | str]:
    """``(True, fields)`` for a good token, ``(False, reason)`` otherwise."""
    try:
        return True, verify_payload(token, public_keys)
    except InvalidPayload as exc:
        return False, exc.reason


def _verify_jws(token: str, public_keys: Mapping[str, bytes]) -> dict:
    header_part, _, signature_part = (_b64decode(part) for part in token.split("."))
    if len(signature_part) != 64:
        raise InvalidPayload(MALFORMED)
    header = _json_object(header_part)
    kid = header.get("kid")
    if set(header) != _HEADER_KEYS or not isinstance(kid, str):
        raise InvalidPayload(MALFORMED)
    if header["alg"] != ALGORITHM:
        raise InvalidPayload(UNSUPPORTED_VERSION)
    if not KID.fullmatch(kid):
        raise InvalidPayload(MALFORMED)
    raw = public_keys.get(kid)
    if raw is None:
        raise InvalidPayload(UNKNOWN_KEY)
    try:
        claims = jwt.decode(
            token,
            Ed25519PublicKey.from_public_bytes(raw),
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_iat": False, "require": ["iat"]},
        )
    except jwt.InvalidSignatureError:
        raise InvalidPayload(BAD_SIGNATURE) from None
    except jwt.PyJWTError:
        raise InvalidPayload(MALFORMED) from None
    return _claim_fields(claims) | {"kid": kid, "format": "jws"}


def _json_object(data: bytes) -> dict:
    try:
        value = json.loads(data)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
        raise InvalidPayload(MALFORMED) from None
    if not isinstance(value, dict):
        raise InvalidPayload(MALFORMED)
    return value


def _claim_fields(claims: dict) -> dict:
    """Signed claims, checked as strictly as signing checks fields."""
    number, kvk, mark = claims.get("number"), claims.get("kvk"), claims.get("mark")
    until, iat = claims.get("valid_until"), claims.get("iat")
    well_formed = (
        set(claims) == set(_CLAIMS)
        and isinstance(number, str)
        and _NUMBER.fullmatch(number)
        and (kvk is None or (isinstance(kvk, str) and _KVK.fullmatch(kvk)))
        and isinstance(mark, str)
        and _MARK.fullmatch(mark)
        and isinstance(until, str)
        and isinstance(iat, int)
        and not isinstance(iat, bool)
    )
    if not well_formed:
        raise InvalidPayload(MALFORMED)
    try:
        until = date.fromisoformat(until).isoformat()
        issued = datetime.fromtimestamp(iat, UTC).strftime(ISO_UTC)
    except (ValueError, OverflowError, OSError):
        raise InvalidPayload(MALFORMED) from None
    return {
        "number": number,
        "kvk": kvk,
        "mark": mark,
        "valid_until": until,
        "issued_at": issued,
    }


def _verify_v1(token: str, public_keys: Mapping[str, bytes]) -> dict:
    parts = token.split(".")
    if len(parts) != 4 or not KID.fullmatch(parts[1]):
        raise InvalidPayload(MALFORMED)
    _, kid, body, signature = parts
    text = _b64decode(body)  # checked before the signature: only canonical is signed
    raw_signature = _b64decode(signature)
    if len(raw_signature) != 64:
        raise InvalidPayload(MALFORMED)
    raw = public_keys.get(kid)
    if raw is None:
        raise InvalidPayload(UNKNOWN_KEY)
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(
            raw_signature, f"{V1}.{kid}.{body}".encode()
        )
    except InvalidSignature:
        raise InvalidPayload(BAD_SIGNATURE) from None
    try:
        number, kvk, valid_until, issued_at = text.decode().split("|")
    except (UnicodeDecodeError, ValueError):
        raise InvalidPayload(MALFORMED) from None
    return {
        "number": number,
        "kvk": kvk or None,
        "mark": None,
        "valid_until": valid_until,
        "issued_at": issued_at,
        "kid": kid,
        "format": V1,
    }


def _b64decode(text: str) -> bytes:
    """Strict base64url: only the canonical spelling of some bytes is accepted."""
    if not _B64URL.fullmatch(text):
        raise InvalidPayload(MALFORMED)
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidPayload(MALFORMED) from None
    if b64encode(data) != text:
        raise InvalidPayload(MALFORMED)
    return data
