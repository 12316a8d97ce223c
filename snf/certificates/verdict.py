"""The one verdict of the verify page: what a person holding the document
reads in large type, never contradicted by the smaller print under it.

A payload that is not genuine (changed, signed by an unknown key, damaged, or
a genuine payload of another certificate) makes the verdict "not genuine",
whatever the certificate's status; otherwise the live status decides.
"""

from flask_babel import lazy_gettext as _l

from snf.certificates import signing

NOT_GENUINE = "not_genuine"
OTHER_CERTIFICATE = "other certificate"

# The signing module's reasons (stable codes) as a person reads them.
REASONS = {
    signing.MALFORMED: _l("the code is damaged or incomplete"),
    signing.UNSUPPORTED_VERSION: _l("the code has a format SNF does not issue"),
    signing.UNKNOWN_KEY: _l("it was not signed with a key of SNF"),
    signing.BAD_SIGNATURE: _l("the data were changed after SNF signed them"),
    OTHER_CERTIFICATE: _l("the signed data belong to another certificate"),
}


def verdict(status: str, signature: dict | None) -> str:
    """``not_genuine`` when a payload was given and does not verify for this
    certificate, else the status (valid, suspended, struck_off, ...)."""
    if signature is not None and not signature["genuine"]:
        return NOT_GENUINE
    return status


def reason_text(code: str | None) -> str:
    return str(REASONS.get(code, REASONS[signing.MALFORMED])) if code else ""
