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


def test_statuses_on_gives_each_companys_latest_change_on_that_day():
    from snf.certificates.reasons import reason

    company = _company_in("registered")
    later = DAY + timedelta(days=3)
    lifecycle.record(
        None, company.id, "suspend", effective=later, reason="first", now=utcnow()
    )
    lifecycle.record(
        None,
        company.id,
        "reinstate",
        effective=later,
        reason=reason("renewed", inspected_on=DAY),
        now=utcnow(),
        certificate_id=None,
    )
    columns = ("status", "since", "certificate_id", "reason", "reason_code",
               "reason_params")  # fmt: skip

    def row(day):
        current = lifecycle.statuses_on(day)
        query = db.select(*(current.c[c] for c in columns)).where(
            current.c.company_id == company.id
        )
        return tuple(db.session.execute(query).one())

    assert row(later - timedelta(days=1)) == ("registered", DAY, None, "setup",
                                              None, None)  # fmt: skip
    assert row(later) == (
        "registered", later, None, "", "renewed", {"inspected_on": DAY.isoformat()}
    )  # fmt: skip
    assert lifecycle.status_on(company.id, later) == "registered"
    assert [c.action for c in lifecycle.history(company.id)] == [
        "apply", "register", "suspend", "reinstate"]  # fmt: skip


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("struck_off", "reinstate", "A struck-off company is not reinstated: "
                                    "it applies again."),
        ("struck_off", "suspend", "Not possible: the company is struck off."),
        ("registered", "reinstate", "Not possible: the company is registered."),
        (NOT_REGISTERED, "register", "Not possible: the company is not registered."),
    ],
)  # fmt: skip
def test_a_refused_move_says_why_and_names_the_status(status, action, message):
    company = _company_in(status)
    with pytest.raises(Conflict) as refused:
        lifecycle.record(
            None, company.id, action, effective=DAY, reason="x", now=utcnow()
        )
    assert (refused.value.message, refused.value.fields) == (
        message,
        {"status": [status]},
    )


def test_a_backdated_change_is_refused_with_the_reason():
    company = _company_in("registered")
    lifecycle.record(
        None, company.id, "suspend", effective=DAY + timedelta(days=5), reason="a",
        now=utcnow(),
    )  # fmt: skip
    with pytest.raises(Conflict) as refused:
        lifecycle.record(
            None, company.id, "strike_off", effective=DAY + timedelta(days=2),
            reason="late", now=utcnow(),
        )  # fmt: skip
    assert refused.value.message == (
        "A later change is already recorded; a change cannot be dated before it."
    )


def test_a_missing_reason_is_named_on_its_field():
    company = make_organisation("company")
    with pytest.raises(ValidationError) as refused:
        lifecycle.record(
            None, company.id, "apply", effective=DAY, reason=None, now=utcnow()
        )
    assert refused.value.fields == {"reason": ["Give a reason."]}
    assert refused.value.message == "Give a reason."
    assert lifecycle.history(company.id) == []


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_only_a_struck_off_company_is_closed_for_changes(status):
    company = _company_in(status)
    if status != "struck_off":
        lifecycle.ensure_not_struck_off(company.id, DAY, "renew")
        return
    with pytest.raises(Conflict) as refused:
        lifecycle.ensure_not_struck_off(company.id, DAY, "renew")
    assert refused.value.message == "Not possible: the company is struck off."
    assert refused.value.fields == {"status": ["struck_off"]}
    with pytest.raises(Conflict, match="applies again"):
        lifecycle.ensure_not_struck_off(company.id, DAY, "reinstate")


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


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (NOT_REGISTERED, []),
        ("applied", []),
        ("registered", ["suspend", "renew", "expire", "strike_off"]),
        ("suspended", ["reinstate", "expire", "strike_off"]),
        ("struck_off", []),
        ("expired", []),
    ],
)
def test_staff_are_offered_the_manual_actions_allowed_from_a_status(status, offered):
    assert lifecycle.allowed_actions(status) == offered


def test_a_change_keeps_the_time_it_was_recorded_not_the_time_it_was_flushed():
    from datetime import UTC, datetime

    from snf import audit

    company = make_organisation("company")
    then = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
    change = lifecycle.record(
        None, company.id, "apply", effective=DAY, reason="x", now=then
    )
    db.session.expire(change)
    assert change.recorded_at == then
    (entry,) = audit.list_entries_for("company", company.id)[-1:]
    assert entry.at == then


def test_only_the_companys_own_later_changes_block_a_backdated_one():
    ahead = _company_in("registered")
    lifecycle.record(
        None, ahead.id, "suspend", effective=DAY + timedelta(days=9), reason="a",
        now=utcnow(),
    )  # fmt: skip
    company = _company_in("registered")
    lifecycle.record(
        None, company.id, "suspend", effective=DAY + timedelta(days=2), reason="b",
        now=utcnow(),
    )  # fmt: skip
    assert lifecycle.status_on(company.id, DAY + timedelta(days=2)) == "suspended"


def test_a_change_keeps_the_certificate_it_was_recorded_for():
    from tests.certificates_factories import make_registered

    company, certificate = make_registered(DAY)
    renewed = lifecycle.record(
        None,
        company.id,
        "renew",
        effective=DAY + timedelta(days=300),
        reason="renewed",
        now=utcnow(),
        certificate_id=certificate.id,
    )
    db.session.expire(renewed)
    assert renewed.certificate_id == certificate.id
    current = lifecycle.statuses_on(DAY + timedelta(days=300))
    query = db.select(current.c.certificate_id).where(
        current.c.company_id == company.id
    )
    assert db.session.scalar(query) == certificate.id
