"""Registration histories since 2014, planned in dates only (no database).

A company's history is a list of periods. Each period starts with an
application; most end in a certificate: 12 months, renewed yearly in the six
weeks before it expires the way ``services.renew_certificate`` does it (the
same certificate, ``valid_until`` plus 12 months, a ``renew`` change). In a
few certificate years the company is suspended and reinstated. An earlier
period always ends in a strike-off, after which the company applied again.
The latest period runs until today, or ended in a suspension still in force or
a strike-off, or is an application not yet decided.

Shares (our rule, tuned to DOMAIN.md §1 and §4): about 12 % of the companies
struck off at some point (``RESTART_SHARE`` of them applied again) and 85-90 %
registered today (``ENDINGS``). A suspension at the end follows the company's
latest inspection as certificates/enforcement.py would decide it (its major
finding open for ``MAJOR_DAYS``, then ``SUSPENSION_DAYS`` suspended before the
strike-off), and an open application precedes the company's first inspection;
only a small company, whose inspections can lie months back, ends that way.
First applications: a wave before ABU's deadline of 2014-08-01, so the
register on that day has companies registered before it, and many after.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from snf.certificates import enforcement
from snf.certificates.services import VALIDITY_MONTHS, add_months
from snf.inspections.findings import DEFAULT_MAJOR_DAYS

FIRST_DAY = date(2014, 1, 6)  # SNF 2014.1 in force since 2014-01-01
ABU_DAY = date(2014, 8, 1)  # ABU members must be registered from this day
MAJOR_DAYS = DEFAULT_MAJOR_DAYS  # open this long, a major finding suspends
SUSPENSION_DAYS = enforcement.DEFAULT_SUSPENSION_DAYS  # then it strikes off
RENEWAL_WINDOW = enforcement.RENEWAL_WINDOW.days  # renewed this close to expiry
LAG = (30, 99)  # days from application to registration
MIN_REGISTERED = 200  # days registered at least before a final suspension
RESTART_SHARE = 0.07
SUSPEND_SHARE = 0.03  # per certificate year: suspended, then reinstated
# How the latest period of a small company ends; larger ones stay registered.
ENDINGS = {"registered": 79, "applied": 5, "suspended": 4, "struck_off": 12}
# (share, first day, last day or None for "up to 150 days ago")
FIRST_APPLICATIONS = (
    (0.20, FIRST_DAY, date(2014, 6, 15)),
    (0.15, date(2014, 6, 16), date(2015, 6, 30)),
    (0.65, date(2015, 7, 1), None),
)
# Reasons, as the services and certificates/enforcement.py word them.
# Reasons are codes with parameters (snf.certificates.reasons), shown in the
# reader's language; "number" is filled in with the certificate's number.
APPLY = ("applied", {})
REGISTER = ("issued", {"number": None})
RENEW = ("renewed_yearly", {})


def suspend_reason(code, due):
    return ("major_overdue", {"code": code, "due": due.isoformat()})


def reinstate_reason(code):
    return ("major_closed", {"code": code})


def strike_off_reason(since, code, days):
    return (
        "suspension_unresolved",
        {"since": since.isoformat(), "code": code, "days": days},
    )


MAJORS = ("B-1.1", "B-2.1", "B-3.1", "B-3.2", "B-5.1", "B-5.2", "B-7.1", "B-7.2")


@dataclass
class Period:
    """One application and what followed: ``changes`` are (effective, action,
    reason) in order; a reason is ``(code, params)``."""

    applied_on: date
    changes: list[tuple[date, str, str]] = field(default_factory=list)
    fee_paid_on: date | None = None
    registered_on: date | None = None  # None: the application is still open
    valid_until: date | None = None  # after the latest renewal
    issued_on: date | None = None  # registration or latest renewal
    # Filled in on insert (registrations.py).
    application_id: int | None = None
    certificate_id: int | None = None
    number: str | None = None


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def first_application(rng: random.Random, today: date, latest: date) -> date:
    """A first application on or before ``latest``, from FIRST_APPLICATIONS."""
    shares = [share for share, _first, _last in FIRST_APPLICATIONS]
    _share, first, last = rng.choices(FIRST_APPLICATIONS, shares)[0]
    day = _day(rng, first, last or today - timedelta(days=150))
    if day > latest:  # too late for how this company's history ends
        day = _day(rng, max(FIRST_DAY, latest - timedelta(days=730)), latest)
    return day


def plan_history(
    rng: random.Random, today: date, first_visit: date, last_visit: date, small: bool
) -> list[Period]:
    """The periods of one company, oldest first; every change on or before today."""
    ending, stop = _ending(rng, today, last_visit, small)
    latest = _latest_application(rng, ending, today, first_visit, stop)
    periods = []
    if rng.random() < RESTART_SHARE and (earlier := _struck_off(rng, today, latest)):
        periods.append(earlier)
    if ending == "applied":
        return [*periods, _applied(rng, latest)]
    if periods:  # applied again 2 to 16 months after the strike-off
        struck = periods[-1].changes[-1][0]
        applied = min(
            _day(rng, struck + timedelta(60), latest), struck + _days(rng, 60, 500)
        )
    else:
        applied = first_application(rng, today, latest)
    periods.append(_registered(rng, applied, stop))
    if ending in ("suspended", "struck_off"):
        _end(rng, periods[-1], stop, strike=ending == "struck_off")
    return periods


def _ending(rng: random.Random, today: date, last_visit: date, small: bool):
    """How the latest period ends, and the day its registration stops: the
    suspension, or tomorrow for a registration that runs until today."""
    ending = rng.choices(list(ENDINGS), list(ENDINGS.values()))[0] if small else ""
    suspend_on = last_visit + _days(rng, MAJOR_DAYS + 1, MAJOR_DAYS + 15)
    if ending == "struck_off" and suspend_on + timedelta(SUSPENSION_DAYS) >= today:
        ending = "suspended"  # not yet: suspended today
    if ending in ("suspended", "struck_off") and suspend_on < today:
        return ending, suspend_on
    ending = "applied" if ending == "applied" else "registered"
    return ending, today + timedelta(days=1)


def _latest_application(rng, ending: str, today: date, first_visit: date, stop):
    """The latest day the latest period's application can have."""
    if ending == "applied":  # before the company's first inspection
        return first_visit - _days(rng, 30, 90)
    if ending == "registered":
        return today - timedelta(days=LAG[1])
    return stop - timedelta(days=LAG[1] + MIN_REGISTERED)


def _applied(rng: random.Random, applied: date) -> Period:
    paid = applied + _days(rng, 3, 20) if rng.random() < 0.5 else None
    return Period(applied, [(applied, "apply", APPLY)], fee_paid_on=paid)


def _struck_off(rng: random.Random, today: date, latest: date) -> Period | None:
    """A registration that ended in a strike-off at least 60 days before
    ``latest``; None when there is no room for one."""
    room = latest - timedelta(days=LAG[1] + MIN_REGISTERED + SUSPENSION_DAYS + 60)
    if room < FIRST_DAY:
        return None
    applied = first_application(rng, today, room)
    registered_by = applied + timedelta(days=LAG[1])
    suspend_on = _day(
        rng,
        registered_by + timedelta(days=MIN_REGISTERED),
        latest - timedelta(days=SUSPENSION_DAYS + 60),
    )
    period = _registered(rng, applied, suspend_on)
    _end(rng, period, suspend_on, strike=True)
    return period


def _registered(rng: random.Random, applied: date, stop: date) -> Period:
    """Apply, register, renew yearly; every change before ``stop``."""
    registered = applied + _days(rng, *LAG)
    period = Period(applied, [(applied, "apply", APPLY)])
    period.fee_paid_on = applied + _days(rng, 3, LAG[0] - 5)
    period.registered_on = period.issued_on = registered
    period.changes.append((registered, "register", REGISTER))
    period.valid_until = add_months(registered, VALIDITY_MONTHS) - timedelta(days=1)
    year_start = registered
    while True:
        renew_on = period.valid_until - _days(rng, 1, RENEWAL_WINDOW)
        if rng.random() < SUSPEND_SHARE:
            _interlude(rng, period, year_start, min(renew_on, stop))
        if renew_on >= stop:
            return period
        period.changes.append((renew_on, "renew", RENEW))
        period.issued_on = renew_on
        year_start = period.valid_until + timedelta(days=1)
        period.valid_until = add_months(period.valid_until, VALIDITY_MONTHS)


def _interlude(rng: random.Random, period: Period, start: date, before: date) -> None:
    """A suspension lifted within the certificate year, if it fits before ``before``."""
    suspended = start + _days(rng, 45, 200)
    reinstated = suspended + _days(rng, 7, SUSPENSION_DAYS - 1)
    if reinstated < before:
        code = rng.choice(MAJORS)
        due = suspended - timedelta(days=1)
        period.changes.append(
            (suspended, "suspend", suspend_reason(code=code, due=due))
        )
        period.changes.append((reinstated, "reinstate", reinstate_reason(code=code)))


def _end(rng: random.Random, period: Period, suspend_on: date, strike: bool) -> None:
    code, due = rng.choice(MAJORS), suspend_on - timedelta(days=1)
    period.changes.append((suspend_on, "suspend", suspend_reason(code=code, due=due)))
    if strike:
        reason = strike_off_reason(since=suspend_on, code=code, days=SUSPENSION_DAYS)
        period.changes.append(
            (suspend_on + timedelta(days=SUSPENSION_DAYS), "strike_off", reason)
        )
