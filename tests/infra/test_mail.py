"""Mail over SMTP to a real local server (aiosmtpd), and the notifications."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from snf.certificates.jobs import enforce_job
from snf.inspections.notifications import remind_deadlines_job
from snf.mail import Message, send_mail
from snf.notify import notify, notify_staff
from tests.certificates.test_enforcement import DAY0, _majors, day
from tests.certificates_factories import make_registered
from tests.factories import make_user
from tests.residents_factories import (
    certified_location,
    make_complaint,
    uncertified_location,
)


def _body(message) -> str:
    return message.get_content()


def test_a_message_arrives_over_smtp_with_sender_subject_and_body(
    smtp_app, smtp_server
):
    with smtp_app.app_context():
        send_mail(Message("bedrijf@example.org", "Onderwerp é", "Tekst ü"))
    (arrived,) = smtp_server.messages
    assert arrived["To"] == "bedrijf@example.org"
    assert arrived["From"] == "register@snf.test"
    assert arrived["Subject"] == "Onderwerp é"
    assert _body(arrived).strip() == "Tekst ü"


def test_suspension_and_strike_off_are_mailed_to_the_company_in_dutch(
    smtp_app, smtp_server
):
    company, _ = make_registered(DAY0)
    user = make_user(role="company", organisation=company)
    _majors(company, "periodic", day(5))
    result = enforce_job(on=day(80).isoformat(), progress=lambda *a: None)
    assert result["changes"] == 2
    subjects = {m["Subject"] for m in smtp_server.messages}
    assert subjects == {
        "Uw bedrijf is doorgehaald in het SNF-register",
        "Uw SNF-registratie is geschorst",
    }
    assert {m["To"] for m in smtp_server.messages} == {user.email}
    suspended = next(m for m in smtp_server.messages if "geschorst" in m["Subject"])
    assert "10 februari 2025" in _body(suspended)  # the reason, rendered in Dutch
    # Enforcement again for the same day changes nothing and mails nothing.
    enforce_job(on=day(80).isoformat(), progress=lambda *a: None)
    assert len(smtp_server.messages) == 2


def test_the_same_notification_twice_is_one_mail(smtp_app, smtp_server):
    params = {"subject": "Duinweg 3, Ouddorp", "url": "https://snf.test/c/1"}
    with smtp_app.test_request_context():
        first = notify("complaint_high_risk", to=["snf@example.org"], params=params)
        again = notify("complaint_high_risk", to=["snf@example.org"], params=params)
    assert first == again and len(smtp_server.messages) == 1


def test_staff_hear_of_a_high_risk_complaint(smtp_app, smtp_server):
    admin = make_user(role="admin")
    params = {"subject": "Duinweg 3, Ouddorp", "url": "https://snf.test/c/1"}
    with smtp_app.test_request_context(), force_locale("en"):
        notify_staff("complaint_high_risk", params)
    (arrived,) = [m for m in smtp_server.messages if m["To"] == admin.email]
    assert arrived["Subject"] == "Nieuwe klacht met hoog risico"
    assert "Duinweg 3, Ouddorp" in _body(arrived)


def test_companies_are_reminded_a_week_before_a_deadline(smtp_app, smtp_server):
    company, _ = make_registered(DAY0)
    user = make_user(role="company", organisation=company)
    major = _majors(company, "periodic", day(5))[0]
    week_before = (major.due - timedelta(days=7)).isoformat()
    assert remind_deadlines_job(on=week_before, progress=lambda *a: None) == {
        "on": week_before,
        "companies": 1,
    }
    (arrived,) = smtp_server.messages
    assert arrived["To"] == user.email
    assert major.requirement_code in _body(arrived)
    assert remind_deadlines_job(on=date(2020, 1, 1).isoformat(), progress=print) == {
        "on": "2020-01-01",
        "companies": 0,
    }


def test_an_unknown_notification_is_a_mistake(app):
    with app.test_request_context(), pytest.raises(LookupError):
        notify("no_such_event", to=["a@example.org"], params={})


def _complain(client, token, category):
    url = f"/api/v1/resident/{token.token}/complaints"
    response = client.post(url, json={"category": category, "text": "geheim"})
    assert response.status_code == 201
    return response


def test_staff_are_mailed_a_new_high_risk_complaint_without_its_text(
    smtp_app, smtp_server, client
):
    admin = make_user(role="admin")
    location, token = uncertified_location()
    make_complaint(token, "overcrowding")  # an earlier one at the same location
    _complain(client, token, "fire_safety")  # 30 + 15 + 10 + 10: high
    (arrived,) = [m for m in smtp_server.messages if m["To"] == admin.email]
    assert arrived["Subject"] == "Nieuwe klacht met hoog risico"
    assert location.address in _body(arrived)
    assert "/complaints/" in _body(arrived) and "geheim" not in _body(arrived)


def test_a_low_risk_complaint_mails_nobody(smtp_app, smtp_server, client):
    make_user(role="admin")
    _location, token, _certificate = certified_location()
    _complain(client, token, "other")
    assert smtp_server.messages == []
