"""The app's key ring: where it lives and how views get a signer."""

import os

from flask import Flask, current_app


def init_keyring(app: Flask) -> None:
    from snf.certificates.signing import KeyRing

    directory = app.config.get("SNF_KEYS_PATH") or os.path.join(
        app.instance_path, "keys"
    )
    app.extensions["snf_keyring"] = KeyRing(directory)


def keyring():
    return current_app.extensions["snf_keyring"]


def signer():
    """``sign(fields) -> payload`` with the active key."""
    from snf.certificates.signing import sign_payload

    ring = keyring()
    return lambda fields: sign_payload(ring, fields)
