"""Ed25519-signed certificate payloads, and the key ring that signs them.

Payload format, version 1: ASCII, URL-safe (only ``A-Z a-z 0-9 - _ .``), so it
goes into ``?sig=`` without escaping; about 180 characters::

    v1.<kid>.<body>.<signature>

- ``kid``: 16 lowercase hex characters, the start of the SHA-256 of the raw
  32-byte Ed25519 public key. ``GET /api/v1/keys`` lists every key by kid, old
  ones included, with the public key as base64url of its raw 32 bytes.
- ``body``: base64url without padding of the UTF-8 text
  ``<number>|<kvk>|<valid_until>|<issued_at>``, for example
  ``SNF-2014-00042|12345678|2015-07-31|2014-08-01T10:00:00Z``. ``kvk`` is empty
  for a landlord without a KvK number; ``valid_until`` is ``YYYY-MM-DD``;
  ``issued_at`` is UTC to the second, ending in ``Z``.
- ``signature``: base64url without padding of the 64-byte Ed25519 signature over
  the ASCII bytes ``v1.<kid>.<body>`` (everything before the last dot), so the
  version, the key id and the body are all covered.

A valid signature proves that SNF issued these fields; whether the certificate
is still valid today (suspension, striking off, expiry) is what the verify page
and the register answer. Verifying offline with ``cryptography`` only::

    import base64
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    def unb64(text):
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    def verify(token, keys):  # keys: {kid: public_key} from GET /api/v1/keys
        version, kid, body, signature = token.split(".")
        assert version == "v1"
        key = Ed25519PublicKey.from_public_bytes(unb64(keys[kid]))
        key.verify(unb64(signature), f"{version}.{kid}.{body}".encode())  # raises
        number, kvk, valid_until, issued_at = unb64(body).decode().split("|")
        return number, kvk or None, valid_until, issued_at

``verify_payload`` also insists on canonical base64url, so that a token that
differs from the issued one in any character fails (a lenient decoder, as in the
snippet, ignores the unused low bits of the last character; that accepts the
same signature, never a forged one).

Key ring directory (``instance/keys``, never committed), mode 0700::

    key-<created YYYYMMDDTHHMMSSZ>-<kid>.pem   PKCS#8 private key, mode 0600
    active                                     the kid that signs, one line

Key files are never changed or removed by the app, so old payloads stay
verifiable. The active key is named in its own small file rather than taken as
"the newest key": a clock that jumps back, or a key copied in from a backup,
cannot change which key signs, and an operator can roll back by editing one line.
Every file is written to a temporary file (opened with ``O_EXCL``) and then
published in one step: ``os.link`` for a file that must not exist yet (the
first ``active``, so two processes starting at once agree on one key and the
loser removes its own), ``os.replace`` when rotating.
"""

import base64
import binascii
import hashlib
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

VERSION = "v1"
ALGORITHM = "Ed25519"
ACTIVE_FILE = "active"
MAX_TOKEN_LENGTH = 512  # v1 tokens are about 180 characters

MALFORMED = "malformed token"
UNSUPPORTED_VERSION = "unsupported version"
UNKNOWN_KEY = "unknown key id"
BAD_SIGNATURE = "bad signature"

_KID = re.compile(r"[0-9a-f]{16}")
_KEY_FILE = re.compile(r"key-(\d{8}T\d{6}Z)-([0-9a-f]{16})\.pem")
_B64URL = re.compile(r"[A-Za-z0-9_-]+")
_NUMBER = re.compile(r"[^|\x00-\x1f\x7f]{1,40}")
_KVK = re.compile(r"[0-9]{8}")
_STAMP = "%Y%m%dT%H%M%SZ"
_ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


class InvalidPayload(ValueError):
    """The token is not a payload signed by one of the given keys."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class KeyRingError(RuntimeError):
    """The key directory is inconsistent (e.g. ``active`` names a missing key)."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey
    created: datetime

    @property
    def public_bytes(self) -> bytes:
        """The raw 32-byte public key."""
        return _raw_public(self.private_key.public_key())


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def key_id(public_raw: bytes) -> str:
    """The kid of a raw public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def b64encode(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


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


class KeyRing:
    """Ed25519 keys in one directory: one active key signs, all keys verify."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self._loaded: dict[str, SigningKey] = {}  # file name -> key; files never change

    def active(self) -> SigningKey:
        """The signing key; the first call on an empty directory creates it."""
        kid = self._read_active()
        if kid is None:
            kid = self._create_first()
        for key in self.keys():
            if key.kid == kid:
                return key
        raise KeyRingError(f"the active key {kid} has no key file in {self.directory}")

    def rotate(self) -> str:
        """Create a new key and make it the active one; returns its kid."""
        key = self._new_key()
        self._publish(ACTIVE_FILE, key.kid.encode() + b"\n", replace=True)
        return key.kid

    def keys(self) -> list[SigningKey]:
        """Every key in the directory, oldest first."""
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return []
        loaded = (self._load(name) for name in names if _KEY_FILE.fullmatch(name))
        keys = [key for key in loaded if key is not None]
        return sorted(keys, key=lambda k: (k.created, k.kid))

    def public_keys(self) -> list[dict]:
        """The public half of every key, for ``GET /api/v1/keys``."""
        active = self._read_active()
        return [
            {
                "kid": key.kid,
                "alg": ALGORITHM,
                "public_key": b64encode(key.public_bytes),
                "created": key.created.strftime(_ISO_UTC),
                "active": key.kid == active,
            }
            for key in self.keys()
        ]

    def public_key_map(self) -> dict[str, bytes]:
        """kid -> raw public key, what ``verify_payload`` takes."""
        return {key.kid: key.public_bytes for key in self.keys()}

    def _read_active(self) -> str | None:
        try:
            kid = (self.directory / ACTIVE_FILE).read_text().strip()
        except FileNotFoundError:
            return None
        if not _KID.fullmatch(kid):
            raise KeyRingError(f"{self.directory / ACTIVE_FILE} holds no key id")
        return kid

    def _create_first(self) -> str:
        key = self._new_key()
        if self._publish(ACTIVE_FILE, key.kid.encode() + b"\n", replace=False):
            return key.kid
        # Another process got there first: its key is the one, ours was never used.
        (self.directory / _file_name(key)).unlink(missing_ok=True)
        self._loaded.pop(_file_name(key), None)
        kid = self._read_active()
        if kid is None:
            raise KeyRingError(f"{self.directory / ACTIVE_FILE} vanished")
        return kid

    def _new_key(self) -> SigningKey:
        private = Ed25519PrivateKey.generate()
        created = datetime.now(UTC).replace(microsecond=0)
        key = SigningKey(key_id(_raw_public(private.public_key())), private, created)
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        if not self._publish(_file_name(key), pem, replace=False):
            raise KeyRingError(f"key file {_file_name(key)} exists already")
        self._loaded[_file_name(key)] = key
        return key

    def _publish(self, name: str, data: bytes, *, replace: bool) -> bool:
        """Write ``name`` in one step; False if it exists and ``replace`` is off."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = self.directory / f".tmp-{secrets.token_hex(8)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, 0o600)  # exactly 0600, whatever the umask
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            if replace:
                os.replace(temporary, self.directory / name)
                return True
            try:
                os.link(temporary, self.directory / name)
            except FileExistsError:
                return False
            return True
        finally:
            temporary.unlink(missing_ok=True)

    def _load(self, name: str) -> SigningKey | None:
        if name in self._loaded:
            return self._loaded[name]
        stamp, kid = _KEY_FILE.fullmatch(name).groups()
        try:
            pem = (self.directory / name).read_bytes()
        except FileNotFoundError:  # the key of a process that lost the first race
            return None
        private = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise KeyRingError(f"{name} is not an Ed25519 key")
        if key_id(_raw_public(private.public_key())) != kid:
            raise KeyRingError(f"{name} does not hold the key its name says")
        created = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
        self._loaded[name] = key = SigningKey(kid, private, created)
        return key


def _file_name(key: SigningKey) -> str:
    return f"key-{key.created.strftime(_STAMP)}-{key.kid}.pem"


def sign_payload(ring: KeyRing, fields: Mapping) -> str:
    """The v1 token for ``number``, ``kvk``, ``valid_until`` and ``issued_at``.

    ``valid_until`` is a date or ISO date; ``issued_at`` a datetime or ISO
    datetime (naive means UTC), kept to the second. Raises ValueError on a
    missing or ill-formed field.
    """
    body = b64encode(_body_text(fields).encode())
    key = ring.active()
    signed = f"{VERSION}.{key.kid}.{body}"
    return f"{signed}.{b64encode(key.private_key.sign(signed.encode()))}"


def _body_text(fields: Mapping) -> str:
    missing = {"number", "kvk", "valid_until", "issued_at"} - set(fields)
    if missing:
        raise ValueError(f"payload fields missing: {', '.join(sorted(missing))}")
    number, kvk = str(fields["number"]), fields["kvk"] or ""
    if not _NUMBER.fullmatch(number):
        raise ValueError(f"certificate number not fit for a payload: {number!r}")
    if kvk and not (isinstance(kvk, str) and _KVK.fullmatch(kvk)):
        raise ValueError(f"KvK number must be 8 digits: {kvk!r}")
    until = _as_date(fields["valid_until"]).isoformat()
    issued = _as_utc(fields["issued_at"]).strftime(_ISO_UTC)
    return "|".join([number, kvk, until, issued])


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):  # a datetime is a date too; refuse the mix-up
        raise ValueError("valid_until must be a date, not a datetime")
    return value if isinstance(value, date) else date.fromisoformat(value)


def _as_utc(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def verify_payload(token: str, public_keys: Mapping[str, bytes]) -> dict:
    """The signed fields of ``token`` (plus its ``kid``) if one of the keys
    signed it; raises InvalidPayload with the reason otherwise."""
    version, kid, body, signature = _split(token)
    raw = public_keys.get(kid)
    if raw is None:
        raise InvalidPayload(UNKNOWN_KEY)
    signed = f"{version}.{kid}.{body}".encode()
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, signed)
    except InvalidSignature:
        raise InvalidPayload(BAD_SIGNATURE) from None
    return _parse_body(body) | {"kid": kid}


def _split(token: str) -> tuple[str, str, str, bytes]:
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidPayload(MALFORMED)
    parts = token.split(".")
    if len(parts) != 4:
        raise InvalidPayload(MALFORMED)
    version, kid, body, signature = parts
    if version != VERSION:
        raise InvalidPayload(UNSUPPORTED_VERSION)
    if not _KID.fullmatch(kid):
        raise InvalidPayload(MALFORMED)
    _b64decode(body)  # checked before the signature: only canonical text is signed
    raw_signature = _b64decode(signature)
    if len(raw_signature) != 64:
        raise InvalidPayload(MALFORMED)
    return version, kid, body, raw_signature


def _parse_body(body: str) -> dict:
    try:
        number, kvk, valid_until, issued_at = _b64decode(body).decode().split("|")
    except (UnicodeDecodeError, ValueError):
        raise InvalidPayload(MALFORMED) from None
    return {
        "number": number,
        "kvk": kvk or None,
        "valid_until": valid_until,
        "issued_at": issued_at,
    }


def describe_payload(
    token: str, public_keys: Mapping[str, bytes]
) -> tuple[bool, dict | str]:
    """``(True, fields)`` for a good token, ``(False, reason)`` otherwise."""
    try:
        return True, verify_payload(token, public_keys)
    except InvalidPayload as exc:
        return False, exc.reason
