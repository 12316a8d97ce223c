"""The registration lifecycle as an append-only history with allowed moves.

``status_on(company, day)`` answers "what was the status of company X on
date D?" from the history alone: the latest change effective on or before D
(changes on the same day in the order they were recorded).
"""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from snf import audit
from snf.certificates.models import StatusChange
from snf.certificates.reasons import Reason
from snf.errors import Conflict, ValidationError
from snf.extensions import db

NOT_REGISTERED = "not_registered"
# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "apply": (frozenset({NOT_REGISTERED, "struck_off", "expired"}), "applied"),
    "register": (frozenset({"applied"}), "registered"),
    "suspend": (frozenset({"registered"}), "suspended"),
    "reinstate": (frozenset({"suspended"}), "registered"),
    "strike_off": (frozenset({"registered", "suspended"}), "struck_off"),
    "expire": (frozenset({"registered", "suspended"}), "expired"),
    "renew": (frozenset({"registered"}), "registered"),
}


# What staff may do by hand, in the order offered; a struck-off or expired
# registration cannot be undone (the company applies again).
MANUAL_ACTIONS = ("suspend", "reinstate", "renew", "expire", "strike_off")
IRREVERSIBLE = frozenset({"strike_off", "expire"})


def allowed_actions(status: str) -> list[str]:
    """The manual actions allowed from ``status``."""
    return [a for a in MANUAL_ACTIONS if status in TRANSITIONS[a][0]]


def history(company_id: int) -> list[StatusChange]:
    query = (
        select(StatusChange)
        .where(StatusChange.company_id == company_id)
        .order_by(StatusChange.effective, StatusChange.id)
    )
    return list(db.session.scalars(query))


def change_on(company_id: int, day: date) -> StatusChange | None:
    query = (
        select(StatusChange)
        .where(StatusChange.company_id == company_id, StatusChange.effective <= day)
        .order_by(StatusChange.effective.desc(), StatusChange.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def status_on(company_id: int, day: date) -> str:
    change = change_on(company_id, day)
    return change.status if change else NOT_REGISTERED


def statuses_on(day: date):
    """A subquery (company_id, status, since, certificate_id, reason,
    reason_code, reason_params) of every
    company's latest change on ``day``: one query for a whole list."""
    ranked = (
        select(
            StatusChange.company_id,
            StatusChange.status,
            StatusChange.effective.label("since"),
            StatusChange.certificate_id,
            StatusChange.reason,
            StatusChange.reason_code,
            StatusChange.reason_params,
            func.row_number()
            .over(
                partition_by=StatusChange.company_id,
                order_by=(StatusChange.effective.desc(), StatusChange.id.desc()),
            )
            .label("rank"),
        )
        .where(StatusChange.effective <= day)
        .subquery()
    )
    return (
        select(
            ranked.c.company_id,
            ranked.c.status,
            ranked.c.since,
            ranked.c.certificate_id,
            ranked.c.reason,
            ranked.c.reason_code,
            ranked.c.reason_params,
        )
        .where(ranked.c.rank == 1)
        .subquery()
    )


def _later_changes(company_id: int, effective: date) -> bool:
    query = select(StatusChange.id).where(
        and_(StatusChange.company_id == company_id, StatusChange.effective > effective)
    )
    return db.session.scalar(query.limit(1)) is not None


def record(
    actor,
    company_id: int,
    action: str,
    *,
    effective: date,
    reason: "str | Reason",
    now: datetime,
    certificate_id=None,
    cause=None,
) -> StatusChange:
    """Append a change after checking that the move is allowed on that date.

    ``reason`` is what staff typed (kept as typed) or a ``Reason`` code with
    parameters that every reader sees in their own language."""
    coded, text = _reason_parts(reason)
    current, target = _check_move(company_id, action, effective)
    audit.serialise_writes()  # ids in commit order: the change feed never skips
    change = StatusChange(
        company_id=company_id,
        status=target,
        effective=effective,
        action=action,
        reason=text,
        reason_code=coded.code if coded else None,
        reason_params=coded.params if coded else None,
        certificate_id=certificate_id,
        cause_type=cause[0] if cause else None,
        cause_id=cause[1] if cause else None,
        recorded_at=now,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(change)
    db.session.flush()
    _audit_change(actor, change, current, coded, text, cause, now)
    return change


def _audit_change(actor, change, current, coded, text, cause, now) -> None:
    after = {
        "status": change.status,
        "effective": change.effective,
        "reason": text or {"code": coded.code, "params": coded.params},
        "cause": list(cause) if cause else None,
    }
    audit.record(
        actor,
        f"registration.{change.action}",
        "company",
        change.company_id,
        now=now,
        before={"status": current},
        after=after,
    )


def _reason_parts(reason) -> "tuple[Reason | None, str]":
    """A coded reason, or the text staff typed (required, kept as typed)."""
    coded = reason if isinstance(reason, Reason) else None
    text = "" if coded else (reason or "").strip()
    if not coded and not text:
        message = _("Give a reason.")
        raise ValidationError(message, {"reason": [message]})
    return coded, text


def _check_move(company_id: int, action: str, effective: date) -> tuple[str, str]:
    """(status before, status after) when ``action`` is allowed on that date."""
    allowed_from, target = TRANSITIONS[action]
    current = status_on(company_id, effective)
    if current not in allowed_from:
        raise Conflict(_refusal(action, current), {"status": [current]})
    if _later_changes(company_id, effective):
        raise Conflict(
            _("A later change is already recorded; a change cannot be dated before it.")
        )
    return current, target


def ensure_not_struck_off(company_id: int, day: date, action: str) -> None:
    """Conflict when the company is struck off on ``day``: nothing about its
    old registration changes any more."""
    if status_on(company_id, day) == "struck_off":
        raise Conflict(_refusal(action, "struck_off"), {"status": ["struck_off"]})


def _refusal(action: str, current: str) -> str:
    if action == "reinstate" and current == "struck_off":
        return _("A struck-off company is not reinstated: it applies again.")
    return _(
        "Not possible: the company is %(status)s.", status=current.replace("_", " ")
    )


def change_id_on(day: date, company_id):
    """The id of the latest change of ``company_id`` (a column) on ``day``, as a
    correlated scalar subquery: one backward seek in
    ix_status_changes_company_effective, whatever the size of the register."""
    return (
        select(StatusChange.id)
        .where(StatusChange.company_id == company_id, StatusChange.effective <= day)
        .order_by(StatusChange.effective.desc(), StatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
