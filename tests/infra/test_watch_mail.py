"""Verifiers mailed about the numbers they watch, over a real SMTP server."""

from datetime import date

from snf.certificates import services
from snf.database import utcnow
from snf.registry.jobs import notify_watchers_job
from snf.registry.watches import watch_numbers
from tests.certificates_factories import admin_user, make_registered
from tests.factories import make_user

DAY = date(2025, 1, 6)


def _run() -> dict:
    return notify_watchers_job(progress=lambda *a: None)


def _change(certificate, action, on, reason="Brandmelders ontbreken"):
    services.change_status(
        admin_user(), certificate, action, reason=reason, effective=on, now=utcnow()
    )


def test_a_watcher_hears_of_suspension_and_reinstatement_once_in_its_language(
    smtp_app, smtp_server
):
    company, certificate = make_registered(DAY)
    other, _other_certificate = make_registered(DAY)
    english = make_user(role="verifier")
    dutch = make_user(role="verifier")
    with smtp_app.test_request_context():
        watch_numbers(english, [company.kvk], language="en", now=utcnow())
        watch_numbers(dutch, [certificate.number], language="nl", now=utcnow())
    assert _run() == {"mails": 0}  # the history before watching is not news
    _change(certificate, "suspend", date(2025, 3, 3))
    _change(certificate, "reinstate", date(2025, 3, 20), reason="Hersteld")
    assert _run() == {"mails": 2}
    mails = {m["To"]: m for m in smtp_server.messages}
    assert set(mails) == {english.email, dutch.email}
    en = mails[english.email]
    assert en["Subject"] == "SNF register: 2 changes for the numbers you watch"
    body = en.get_content()
    assert f"{company.kvk} {company.name}: suspended from 3 March 2025" in body
    assert "registered from 20 March 2025. Reason: Hersteld" in body
    assert "/register/watches" in body
    nl = mails[dutch.email]
    assert "geschorst" in nl.get_content() and "3 maart 2025" in nl.get_content()
    assert other.kvk not in body
    assert _run() == {"mails": 0} and len(smtp_server.messages) == 2


def test_a_number_nobody_watches_and_an_inactive_watcher_get_no_mail(
    smtp_app, smtp_server
):
    _company, certificate = make_registered(DAY)
    gone = make_user(role="verifier")
    gone.active = False
    with smtp_app.test_request_context():
        watch_numbers(gone, [certificate.number], language="en", now=utcnow())
    _change(certificate, "strike_off", date(2025, 4, 1))
    assert _run() == {"mails": 0} and smtp_server.messages == []
