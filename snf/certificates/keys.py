"""The Ed25519 key ring that signs certificate payloads, and the app's handle on it.

Key ring directory (``instance/keys``, never committed), mode 0700::

    key-<created YYYYMMDDTHHMMSSZ>-<kid>.pem   PKCS#8 private key, mode 0600
    active                                     the kid that signs, one line

``kid``: 16 lowercase hex characters, the start of the SHA-256 of the raw
32-byte public key. ``GET /api/v1/keys`` lists every key, old ones included, as
a JWK Set (RFC 7517): ``kty`` ``OKP``, ``crv`` ``Ed25519``, ``x`` (base64url of
the raw public key), ``kid``, ``alg`` ``EdDSA``, ``use`` ``sig``, and besides
those ``public_key`` (the same bytes as ``x``, the field of version 1),
``created`` and ``active``.

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
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from flask import Flask, current_app

ALGORITHM = "EdDSA"  # JWA name (RFC 8037) of Ed25519 signatures
ACTIVE_FILE = "active"
KID = re.compile(r"[0-9a-f]{16}")
_KEY_FILE = re.compile(r"key-(\d{8}T\d{6}Z)-([0-9a-f]{16})\.pem")
_STAMP = "%Y%m%dT%H%M%SZ"
ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


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
        return raw_public(self.private_key.public_key())


def raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def key_id(public_raw: bytes) -> str:
    """The kid of a raw public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def b64encode(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class KeyRing:
    """Ed25519 keys in one directory: one active key signs, all keys verify."""

    def __init__(self, directory: str | os.PathLike, *, create: bool = True):
        self.directory = Path(directory)
        # Off in production: every node reads the keys it is given (a shared
        # directory or a mounted secret) and never makes one of its own.
        self.create = create
        self._loaded: dict[str, SigningKey] = {}  # file name -> key; files never change

    def active(self) -> SigningKey:
        """The signing key; the first call on an empty directory creates it."""
        kid = self._read_active()
        if kid is None and not self.create:
            raise KeyRingError(
                f"no signing key in {self.directory}: create one on one node "
                "(flask --app snf certificates rotate-key) and share the directory"
            )
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
        """The public half of every key as JWKs, for ``GET /api/v1/keys``."""
        active = self._read_active()
        return [public_jwk(key, active=key.kid == active) for key in self.keys()]

    def public_key_map(self) -> dict[str, bytes]:
        """kid -> raw public key, what ``signing.verify_payload`` takes."""
        return {key.kid: key.public_bytes for key in self.keys()}

    def _read_active(self) -> str | None:
        try:
            kid = (self.directory / ACTIVE_FILE).read_text().strip()
        except FileNotFoundError:
            return None
        if not KID.fullmatch(kid):
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
        key = SigningKey(key_id(raw_public(private.public_key())), private, created)
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
        if key_id(raw_public(private.public_key())) != kid:
            raise KeyRingError(f"{name} does not hold the key its name says")
        created = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
        self._loaded[name] = key = SigningKey(kid, private, created)
        return key


def _file_name(key: SigningKey) -> str:
    return f"key-{key.created.strftime(_STAMP)}-{key.kid}.pem"


def public_jwk(key: SigningKey, *, active: bool) -> dict:
    """One key as a JWK (RFC 7517, RFC 8037) plus the fields of version 1."""
    x = b64encode(key.public_bytes)
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": x,
        "kid": key.kid,
        "alg": ALGORITHM,
        "use": "sig",
        "public_key": x,
        "created": key.created.strftime(ISO_UTC),
        "active": active,
    }


# -- the app's key ring ------------------------------------------------------


def init_keyring(app: Flask) -> None:
    directory = app.config.get("SNF_KEYS_PATH") or os.path.join(
        app.instance_path, "keys"
    )
    app.extensions["snf_keyring"] = KeyRing(
        directory, create=app.config.get("SNF_KEYS_CREATE", True)
    )


def keyring() -> KeyRing:
    return current_app.extensions["snf_keyring"]


def signer():
    """``sign(fields) -> payload`` with the active key."""
    from snf.certificates.signing import sign_payload

    ring = keyring()
    return lambda fields: sign_payload(ring, fields)
