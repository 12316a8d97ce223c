"""Verifier subscriptions: the KvK numbers an account watches, and the mail
it gets when the register records a status change for one of them
(suspension, strike-off, expiry, reinstatement, a new registration).

The register's status belongs to a company (its KvK number), not to one
certificate: a renewal gives a new certificate number, and a watcher that
followed the number would lose the company. A certificate number given to
watch is therefore followed by its company's KvK number.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, select, update

from snf import audit
from snf.auth.models import Organisation, User
from snf.certificates.models import Certificate, StatusChange
from snf.errors import ValidationError
from snf.extensions import db
from snf.registry.models import VerificationReport, WatchedNumber
from snf.registry.verify import check_number, describe_problem, echo

MAX_WATCHED = 50_000


def _refuse(message: str) -> None:
    raise ValidationError(message, {"numbers": [message]})


def _by_certificate(numbers: list[str]) -> dict[str, str]:
    """Certificate number -> its company's KvK number (one query)."""
    if not numbers:
        return {}
    query = (
        select(Certificate.number, Organisation.kvk)
        .join(Organisation, Organisation.id == Certificate.company_id)
        .where(Certificate.number.in_(numbers))
    )
    return dict(db.session.execute(query).all())


def kvk_numbers(raw: list) -> list[str]:
    """The KvK numbers to watch from what was typed: KvK numbers, or
    certificate numbers of the register; a field error names the first
    value that is neither."""
    values = [v.strip() if isinstance(v, str) else v for v in raw]
    certificates = [v for v in values if isinstance(v, str) and v.upper() != v.lower()]
    known = _by_certificate([v.upper() for v in certificates])
    numbers = []
    for value in values:
        if isinstance(value, str) and value.upper() in known:
            numbers.append(known[value.upper()])
            continue
        problem = check_number(value)
        if problem:
            _refuse(
                _(
                    "%(value)s is not a KvK number or a certificate number of the "
                    "register: %(problem)s",
                    value=echo(value),
                    problem=describe_problem(*problem),
                )
            )
        numbers.append(value)
    return list(dict.fromkeys(numbers))


def _latest_change_id() -> int:
    return db.session.scalar(select(func.max(StatusChange.id))) or 0


def watched_count(user) -> int:
    query = select(func.count()).where(WatchedNumber.user_id == user.id)
    return db.session.scalar(query) or 0


def watch_numbers(user, raw: list, *, language: str, now: datetime) -> int:
    """Start watching numbers (changes recorded from now on are mailed, in
    ``language``, which becomes the language of all the user's mail);
    returns how many were new. Watching a number twice changes nothing."""
    numbers = kvk_numbers(raw)
    if not numbers:
        _refuse(_("Give at least one KvK number."))
    existing = set(
        db.session.scalars(
            select(WatchedNumber.kvk).where(
                WatchedNumber.user_id == user.id, WatchedNumber.kvk.in_(numbers)
            )
        )
    )
    new = [n for n in numbers if n not in existing]
    if watched_count(user) + len(new) > MAX_WATCHED:
        _refuse(_("At most %(n)d numbers can be watched.", n=MAX_WATCHED))
    seen = _latest_change_id()
    db.session.add_all(
        WatchedNumber(
            user_id=user.id, kvk=n, language=language, seen_change_id=seen,
            created_at=now,
        )
        for n in new
    )  # fmt: skip
    db.session.execute(
        update(WatchedNumber)
        .where(WatchedNumber.user_id == user.id)
        .values(language=language)
    )
    db.session.flush()
    if new:
        after = {"kvk": new, "language": language}
        audit.record(user, "watch.add", "user", user.id, now=now, after=after)
    return len(new)


def unwatch_numbers(user, raw: list, *, now: datetime) -> int:
    """Stop watching numbers; returns how many were watched."""
    numbers = kvk_numbers(raw)
    result = db.session.execute(
        delete(WatchedNumber).where(
            WatchedNumber.user_id == user.id, WatchedNumber.kvk.in_(numbers)
        )
    )
    removed = result.rowcount or 0
    if removed:
        before = {"kvk": numbers}
        audit.record(user, "watch.remove", "user", user.id, now=now, before=before)
    return removed


def report_numbers(report: VerificationReport) -> list[str]:
    """The well-formed KvK numbers of a kept verification report."""
    return list(dict.fromkeys(r["kvk"] for r in report.results if r.get("valid")))


def watched_query(user):
    """The user's watched numbers with the company the register knows by
    each (or None), newest first."""
    return (
        select(WatchedNumber, Organisation.name, Organisation.id)
        .outerjoin(Organisation, Organisation.kvk == WatchedNumber.kvk)
        .where(WatchedNumber.user_id == user.id)
        .order_by(WatchedNumber.created_at.desc(), WatchedNumber.kvk)
    )


def pending_changes() -> list:
    """Every status change a watcher has not been told of yet, per active
    watcher, in the order recorded (one query)."""
    query = (
        select(
            WatchedNumber.id.label("watch_id"),
            WatchedNumber.language,
            User.email,
            Organisation.kvk,
            Organisation.name,
            StatusChange.id,
            StatusChange.status,
            StatusChange.effective,
            StatusChange.reason,
            StatusChange.reason_code,
            StatusChange.reason_params,
        )
        .join(User, User.id == WatchedNumber.user_id)
        .join(Organisation, Organisation.kvk == WatchedNumber.kvk)
        .join(
            StatusChange,
            and_(
                StatusChange.company_id == Organisation.id,
                StatusChange.id > WatchedNumber.seen_change_id,
            ),
        )
        .where(User.active.is_(True))
        .order_by(User.email, StatusChange.id)
    )
    return db.session.execute(query).all()


def mark_seen(seen: dict[int, int]) -> None:
    """Watch id -> the last change its watcher was told of (one statement)."""
    if seen:
        rows = [{"id": k, "seen_change_id": v} for k, v in seen.items()]
        db.session.execute(update(WatchedNumber), rows)
