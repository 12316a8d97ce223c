from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from snf.certificates import lifecycle
from snf.certificates.lifecycle import NOT_REGISTERED, TRANSITIONS
from snf.database import utcnow
from snf.errors import Conflict, ValidationError
from snf.extensions import db
from tests.factories import make_organisation

ALL_STATUSES = (
    NOT_REGISTERED,
    "applied",
    "registered",
    "suspended",
    "struck_off",
    "expired",
)
# The shortest way to bring a company into each status.
PATHS = {
    NOT_REGISTERED: [],
    "applied": ["apply"],
    "registered": ["apply", "register"],
    "suspended": ["apply", "register", "suspend"],
    "struck_off": ["apply", "register", "strike_off"],
    "expired": ["apply", "register", "expire"],
}
DAY = date(2025, 3, 3)


def _company_in(status: str):
    company = make_organisation("company")
    for action in PATHS[status]:
        lifecycle.record(
            None, company.id, action, effective=DAY, reason="setup", now=utcnow()
        )
    assert lifecycle.status_on(company.id, DAY) == status
    return company


CASES = [(action, status) for action in TRANSITIONS for status in ALL_STATUSES]


@pytest.mark.parametrize(("action", "status"), CASES)
def test_every_transition_is_allowed_or_refused(action, status):
    company = _company_in(status)
    allowed_from, target = TRANSITIONS[action]
    if status in allowed_from:
        lifecycle.record(
            None, company.id, action, effective=DAY, reason="because", now=utcnow()
        )
        assert lifecycle.status_on(company.id, DAY) == target
    else:
        with pytest.raises(Conflict):
            lifecycle.record(
                None, company.id, action, effective=DAY, reason="because", now=utcnow()
            )
        assert lifecycle.status_on(company.id, DAY) == status


def test_struck_off_company_is_not_reinstated_without_a_new_application():
    company = _company_in("struck_off")
    with pytest.raises(Conflict, match="applies again"):
        lifecycle.record(
            None, company.id, "reinstate", effective=DAY, reason="please", now=utcnow()
        )
    lifecycle.record(
        None, company.id, "apply", effective=DAY, reason="new", now=utcnow()
    )
    assert lifecycle.status_on(company.id, DAY) == "applied"


def test_status_as_of_dates_before_on_and_after_each_change():
    company = make_organisation("company")
    steps = [
        ("apply", date(2014, 6, 2)),
        ("register", date(2014, 7, 15)),
        ("suspend", date(2015, 2, 1)),
        ("reinstate", date(2015, 2, 20)),
        ("strike_off", date(2015, 9, 9)),
    ]
    for action, day in steps:
        lifecycle.record(
            None, company.id, action, effective=day, reason=action, now=utcnow()
        )
    expected = [
        NOT_REGISTERED,
        "applied",
        "registered",
        "suspended",
        "registered",
        "struck_off",
    ]
    for (_action, day), before, on in zip(steps, expected, expected[1:], strict=False):
        assert lifecycle.status_on(company.id, day - timedelta(days=1)) == before
        assert lifecycle.status_on(company.id, day) == on
        assert lifecycle.status_on(company.id, day + timedelta(days=1)) == on


def test_two_changes_on_one_day_count_in_recorded_order():
    company = _company_in("registered")
    lifecycle.record(
        None, company.id, "suspend", effective=DAY, reason="a", now=utcnow()
    )
    lifecycle.record(
        None, company.id, "reinstate", effective=DAY, reason="b", now=utcnow()
    )
    assert lifecycle.status_on(company.id, DAY) == "registered"


def test_a_change_cannot_be_dated_before_a_later_one():
    company = _company_in("registered")
    with pytest.raises(Conflict):
        lifecycle.record(
            None,
            company.id,
            "suspend",
            effective=DAY - timedelta(days=5),
            reason="late",
            now=utcnow(),
        )


def test_reason_is_required():
    company = make_organisation("company")
    with pytest.raises(ValidationError):
        lifecycle.record(
            None, company.id, "apply", effective=DAY, reason=" ", now=utcnow()
        )


def test_statuses_of_all_companies_in_one_query_agree_with_status_on():
    companies = [_company_in(s) for s in ALL_STATUSES if s != NOT_REGISTERED]
    current = lifecycle.statuses_on(DAY)
    rows = dict(
        db.session.execute(db.select(current.c.company_id, current.c.status)).all()
    )
    for company in companies:
        assert rows[company.id] == lifecycle.status_on(company.id, DAY)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE status_changes SET status = 'registered'", "DELETE FROM status_changes"],
)
def test_history_is_append_only_in_the_database(statement):
    _company_in("registered")
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text(statement))


def test_a_change_is_audited_with_status_before_and_after_and_its_cause():
    from snf import audit
    from snf.certificates.reasons import reason
    from tests.factories import make_user

    admin = make_user(role="admin")
    company = _company_in("registered")
    typed = lifecycle.record(
        admin, company.id, "suspend", effective=DAY, reason=" Fire exits ", now=utcnow()
    )
    coded = lifecycle.record(
        None,
        company.id,
        "strike_off",
        effective=DAY + timedelta(days=30),
        reason=reason("suspension_unresolved", since=DAY, code="B1", days=30),
        now=utcnow(),
        cause=("finding", 41),
    )
    assert (typed.recorded_by_id, typed.reason) == (admin.id, "Fire exits")
    assert (typed.cause_type, typed.cause_id) == (None, None)
    assert (coded.recorded_by_id, coded.reason, coded.reason_code) == (
        None,
        "",
        "suspension_unresolved",
    )
    assert (coded.cause_type, coded.cause_id) == ("finding", 41)
    entries = audit.list_entries_for("company", company.id)[-2:]
    assert [(e.action, e.actor, e.before) for e in entries] == [
        ("registration.suspend", admin.email, {"status": "registered"}),
        ("registration.strike_off", "system", {"status": "suspended"}),
    ]
    assert entries[0].after == {
        "status": "suspended",
        "effective": DAY.isoformat(),
        "reason": "Fire exits",
        "cause": None,
    }
    assert entries[1].after == {
        "status": "struck_off",
        "effective": (DAY + timedelta(days=30)).isoformat(),
        "reason": {
            "code": "suspension_unresolved",
            "params": {"since": DAY.isoformat(), "code": "B1", "days": 30},
        },
        "cause": ["finding", 41],
    }
