"""The mails about a claim, composed in the claimant's language (the one the
signup page was in) and sent through snf.mail. Never a password in a mail."""

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from snf.auth.models import CompanyClaim
from snf.mail import Message, send_mail


def _login_url() -> str:
    return url_for("auth.login", _external=True)


def mail_signup(outcome, language: str) -> None:
    """The one mail after a signup: a receipt, or a note that the address
    already has an account (the page the signer saw is the same)."""
    with force_locale(language):
        if outcome.kind == "account_exists":
            message = Message(
                outcome.email,
                _("Your sign-up at the SNF register"),
                _(
                    "Someone signed up at the SNF register with this e-mail "
                    "address, which already has an account. If that was you, log "
                    "in at %(url)s. If it was not you, you need not do anything.",
                    url=_login_url(),
                ),
            )
        else:
            message = _received(outcome.claim)
    send_mail(message)


def _received(claim: CompanyClaim) -> Message:
    return Message(
        claim.email,
        _("Your sign-up at the SNF register"),
        _(
            "We received the sign-up of %(company)s (KvK %(kvk)s). SNF checks "
            "that the KvK number belongs to you, against the extract you sent and "
            "by contacting the company. You will get a mail when this is done; "
            "until then the company is not in the register.",
            company=claim.company_name,
            kvk=claim.kvk,
        ),
    )


def mail_decision(claim: CompanyClaim) -> None:
    """Tell the claimant the outcome of staff's check."""
    with force_locale(claim.language):
        if claim.status == "confirmed":
            body = _(
                "SNF confirmed that %(company)s (KvK %(kvk)s) is yours. Log in at "
                "%(url)s with the password you chose and register your locations.",
                company=claim.company_name,
                kvk=claim.kvk,
                url=_login_url(),
            )
        else:
            body = _(
                "SNF could not confirm that %(company)s (KvK %(kvk)s) is yours. "
                "Reason: %(reason)s",
                company=claim.company_name,
                kvk=claim.kvk,
                reason=claim.reason,
            )
        message = Message(claim.email, _("Your sign-up at the SNF register"), body)
    send_mail(message)
