"""Enforcement over a simulated quarter: exactly the expected changes, once."""

from datetime import date, timedelta

from flask_babel import force_locale

from snf.certificates import lifecycle, services
from snf.certificates.enforcement import enforce
from snf.certificates.keys import signer
from snf.certificates.reasons import reason, text_of
from snf.database import utcnow
from snf.inspections import findings
from tests.certificates_factories import administrative_inspection, make_registered
from tests.factories import make_user
from tests.inspections_factories import CONFORM_2024, make_inspection, submitted

DAY0 = date(2025, 1, 6)
FAILING = {**CONFORM_2024, "occupants": 9, "beds": 9}


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def _majors(company, kind, on):
    location = services.latest_certificate(company.id).locations[0].location
    inspection = submitted(make_inspection(location, kind=kind), FAILING, on=on)
    return [f for f in inspection.findings if f.severity == "major"]


def test_a_simulated_quarter():
    overdue, _ = make_registered(DAY0)
    _majors(overdue, "periodic", day(5))  # due day 35, never repaired
    urgent, _ = make_registered(DAY0)
    urgent_findings = _majors(urgent, "urgent", day(10))
    expiring, old = make_registered(date(2024, 3, 1))  # valid until 2025-02-28
    renewing, renewed = make_registered(date(2024, 3, 4))  # valid until 2025-03-03
    administrative_inspection(renewing, date(2025, 2, 10))
    quiet, _ = make_registered(DAY0)
    admin = make_user(role="admin")

    seen = []
    for n in range(91):
        today = day(n)
        if n == 20:  # the urgent findings are repaired and accepted
            for finding in urgent_findings:
                findings.submit_repair_letter(admin, finding, "fixed", now=utcnow())
                findings.accept_repair(admin, finding, "ok", now=utcnow())
        changes = enforce(today, now=utcnow(), sign=signer())
        assert enforce(today, now=utcnow(), sign=signer()) == []  # idempotent
        seen += [(c.company_id, c.action, c.effective, today) for c in changes]

    assert seen == [
        (urgent.id, "suspend", day(10), day(10)),
        (renewing.id, "renew", date(2025, 2, 10), date(2025, 2, 10)),
        (overdue.id, "suspend", day(36), day(36)),
        (expiring.id, "expire", date(2025, 3, 1), date(2025, 3, 1)),
        (overdue.id, "strike_off", day(66), day(66)),
    ]
    assert renewed.valid_until == date(2026, 3, 3)
    assert lifecycle.status_on(quiet.id, day(90)) == "registered"
    assert lifecycle.status_on(urgent.id, day(90)) == "suspended"  # staff reinstate
    assert services.certificate_status(old, day(90)) == "expired"


def test_first_run_after_a_long_pause_backdates_to_the_deadlines():
    company, _ = make_registered(DAY0)
    _majors(company, "periodic", day(5))
    changes = enforce(day(80), now=utcnow(), sign=signer())
    assert [(c.action, c.effective) for c in changes] == [
        ("suspend", day(36)), ("strike_off", day(66))]  # fmt: skip
    assert lifecycle.status_on(company.id, day(50)) == "suspended"
    change = lifecycle.change_on(company.id, day(36))
    assert change.reason_code == "major_overdue"
    assert change.reason_params["due"] == "2025-02-10"
    with force_locale("en"):
        assert "not closed by 10 February 2025" in text_of(change)
    with force_locale("nl"):
        assert "niet opgelost vóór 10 februari 2025" in text_of(change)


def test_every_automatic_change_names_its_cause():
    company, _ = make_registered(DAY0)
    finding = _majors(company, "periodic", day(5))[0]
    enforce(day(40), now=utcnow(), sign=signer())
    change = lifecycle.change_on(company.id, day(40))
    assert (change.cause_type, change.cause_id) == ("finding", finding.id)
    assert change.recorded_by_id is None


def test_a_change_is_never_dated_before_the_companys_last_change():
    """An old overdue finding suspends from the company's last change (here a
    reinstatement), not from the day after its deadline; other companies'
    later changes do not count."""
    company, _ = make_registered(DAY0)
    other, _ = make_registered(DAY0)
    [major, *_] = _majors(company, "periodic", day(1))  # due day 31
    for action, on in (("suspend", day(40)), ("reinstate", day(50))):
        lifecycle.record(
            None, company.id, action, effective=on, reason="staff", now=utcnow()
        )
    lifecycle.record(
        None, other.id, "suspend", effective=day(55), reason="staff", now=utcnow()
    )
    changes = enforce(day(60), now=utcnow(), sign=signer())
    assert [(c.company_id, c.action, c.effective) for c in changes] == [
        (company.id, "suspend", day(50))
    ]
    assert changes[0].reason.code == "major_overdue"
    assert changes[0].reason.params["code"] == major.requirement_code
    assert changes[0].reason.params["due"] == day(31).isoformat()
    assert major.due == day(31)


def test_an_urgent_inspections_major_suspends_at_once_naming_the_requirement():
    company, _ = make_registered(DAY0)
    [major, *_] = _majors(company, "urgent", day(10))
    [change] = enforce(day(10), now=utcnow(), sign=signer())
    assert (change.company_id, change.action, change.effective) == (
        company.id,
        "suspend",
        day(10),
    )
    assert change.reason.code == "major_urgent"
    assert change.reason.params == {"code": major.requirement_code}


def test_the_suspension_lasts_the_days_of_the_findings_norm_version():
    """AGRI 2024.1 strikes off after 28 days of suspension, not the default 30."""
    from snf.extensions import db
    from snf.norms import services as norms

    # Two suspended companies listed before it: one without a cause (staff
    # suspended it), one whose suspension has not lasted long enough yet.
    calm, _ = make_registered(DAY0)
    late, _ = make_registered(DAY0)
    company, _ = make_registered(DAY0)
    lifecycle.record(
        None, calm.id, "suspend", effective=day(2), reason="staff", now=utcnow()
    )
    [major, *_] = _majors(company, "periodic", day(1))  # due day 31
    major.inspection.norm_version = norms.get_version("AGRI", "2024.1")
    _majors(late, "periodic", day(20))  # due day 50
    db.session.flush()
    [suspended] = enforce(day(32), now=utcnow(), sign=signer())
    assert (suspended.action, suspended.effective) == ("suspend", day(32))
    assert enforce(day(59), now=utcnow(), sign=signer()) != []  # late's suspension
    [struck] = enforce(day(60), now=utcnow(), sign=signer())
    assert (struck.company_id, struck.action, struck.effective) == (
        company.id,
        "strike_off",
        day(60),
    )
    assert struck.reason.params == {
        "since": day(32).isoformat(),
        "code": major.requirement_code,
        "days": 28,
    }
    from snf.certificates.models import StatusChange

    last = db.session.scalars(
        db.select(StatusChange)
        .where(StatusChange.company_id == company.id)
        .order_by(StatusChange.id.desc())
    ).first()
    assert (last.status, last.cause_type, last.cause_id) == (
        "struck_off",
        "finding",
        major.id,
    )


def test_a_suspended_companys_certificate_expires_the_day_after_naming_it():
    company, certificate = make_registered(date(2024, 3, 1))  # valid to 2025-02-28
    lifecycle.record(
        None, company.id, "suspend", effective=day(20), reason="staff", now=utcnow()
    )
    assert enforce(date(2025, 2, 28), now=utcnow(), sign=signer()) == []
    [change] = enforce(date(2025, 3, 1), now=utcnow(), sign=signer())
    assert (change.company_id, change.action, change.effective) == (
        company.id,
        "expire",
        date(2025, 3, 1),
    )
    assert change.reason == reason(
        "not_renewed", number=certificate.number, valid_until=date(2025, 2, 28)
    )
    stored = lifecycle.change_on(company.id, date(2025, 3, 1))
    assert (stored.status, stored.certificate_id) == ("expired", certificate.id)
    assert (stored.cause_type, stored.cause_id) == ("certificate", certificate.id)


def test_renewal_counts_an_inspection_from_the_first_day_of_the_window():
    """The window opens six weeks before the end of validity (2025-01-20 for a
    certificate valid to 2025-03-03); an inspection the day before does not
    renew."""
    company, certificate = make_registered(date(2024, 3, 4))  # valid to 2025-03-03
    administrative_inspection(company, date(2025, 1, 19))
    assert enforce(date(2025, 1, 19), now=utcnow(), sign=signer()) == []
    inspection = administrative_inspection(company, date(2025, 1, 20))
    [renewal] = enforce(date(2025, 1, 20), now=utcnow(), sign=signer())
    assert (renewal.company_id, renewal.action, renewal.effective) == (
        company.id,
        "renew",
        date(2025, 1, 20),
    )
    assert renewal.reason == reason("renewed", inspected_on=date(2025, 1, 20))
    assert certificate.valid_until == date(2026, 3, 3)
    stored = lifecycle.change_on(company.id, date(2025, 1, 20))
    assert (stored.action, stored.certificate_id, stored.reason_code) == (
        "renew",
        certificate.id,
        "renewed",
    )
    assert (stored.cause_type, stored.cause_id) == ("inspection", inspection.id)


def test_renewal_on_the_last_day_of_validity_names_the_latest_inspection():
    company, certificate = make_registered(date(2024, 3, 4))  # valid to 2025-03-03
    administrative_inspection(company, date(2025, 2, 3))
    administrative_inspection(company, date(2025, 2, 10))
    [renewal] = enforce(date(2025, 3, 3), now=utcnow(), sign=signer())
    assert (renewal.action, renewal.effective) == ("renew", date(2025, 3, 3))
    assert renewal.reason == reason("renewed", inspected_on=date(2025, 2, 10))
    assert certificate.valid_until == date(2026, 3, 3)
    assert enforce(date(2025, 3, 4), now=utcnow(), sign=signer()) == []
    assert lifecycle.status_on(company.id, date(2025, 3, 4)) == "registered"


def test_only_a_conform_administrative_inspection_renews():
    """A failed administrative inspection or a conform location inspection in
    the window does not renew; a conform administrative one does, once."""
    company, certificate = make_registered(date(2024, 3, 4))  # valid to 2025-03-03
    failed = administrative_inspection(
        company, date(2025, 2, 3), {"answers": {"A-1.1": False, "A-2.1": True}}
    )
    assert (failed.status, failed.verdict) == ("submitted", "non_conform")
    location = certificate.locations[0].location
    submitted(make_inspection(location), CONFORM_2024, on=date(2025, 2, 4))
    assert enforce(date(2025, 2, 5), now=utcnow(), sign=signer()) == []
    administrative_inspection(company, date(2025, 2, 10))
    [renewal] = enforce(date(2025, 2, 10), now=utcnow(), sign=signer())
    assert (renewal.company_id, renewal.action) == (company.id, "renew")
    assert certificate.valid_until == date(2026, 3, 3)
    # the window has moved on a year: the same inspection does not renew again
    assert enforce(date(2025, 2, 11), now=utcnow(), sign=signer()) == []
    assert certificate.valid_until == date(2026, 3, 3)


def test_first_run_after_a_pause_renews_each_company_and_expires_another():
    """Each renewal is judged by its own inspection: one company's renewal
    does not use up another's. A company listed first whose certificate ran
    out does not stop the others."""
    lapsed, _ = make_registered(date(2024, 3, 1))  # valid to 2025-02-28
    first, one = make_registered(date(2024, 3, 4))  # valid to 2025-03-03
    second, two = make_registered(date(2024, 3, 4))
    administrative_inspection(first, date(2025, 2, 10))
    administrative_inspection(second, date(2025, 2, 12))
    changes = enforce(date(2025, 3, 1), now=utcnow(), sign=signer())
    assert [(c.company_id, c.action, c.effective) for c in changes] == [
        (first.id, "renew", date(2025, 3, 1)),
        (second.id, "renew", date(2025, 3, 1)),
        (lapsed.id, "expire", date(2025, 3, 1)),
    ]
    assert (one.valid_until, two.valid_until) == (date(2026, 3, 3), date(2026, 3, 3))


def test_a_run_after_a_pause_past_the_end_still_renews_a_company_that_passed_in_time():
    """The schedule was down on the last day of validity: the company passed
    its administrative inspection in the window, so its certificate runs on
    without a gap, a year from its old end."""
    company, certificate = make_registered(date(2024, 3, 4))  # valid to 2025-03-03
    administrative_inspection(company, date(2025, 2, 10))
    changes = enforce(date(2025, 3, 5), now=utcnow(), sign=signer())
    assert [(c.company_id, c.action) for c in changes] == [(company.id, "renew")]
    assert certificate.valid_until == date(2026, 3, 3)
    assert enforce(date(2025, 3, 6), now=utcnow(), sign=signer()) == []


def test_an_administrative_inspection_after_the_end_does_not_renew():
    company, certificate = make_registered(date(2024, 3, 4))  # valid to 2025-03-03
    administrative_inspection(company, date(2025, 3, 4))
    changes = enforce(date(2025, 3, 5), now=utcnow(), sign=signer())
    assert [(c.company_id, c.action, c.effective) for c in changes] == [
        (company.id, "expire", date(2025, 3, 4))
    ]
    assert certificate.valid_until == date(2025, 3, 3)
