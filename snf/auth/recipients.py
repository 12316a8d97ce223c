"""Who gets a notification: addresses of active accounts."""

from sqlalchemy import select

from snf.auth.models import User
from snf.extensions import db


def company_addresses(organisation_id: int) -> list[str]:
    """The active accounts of a company (or any organisation)."""
    query = select(User.email).where(
        User.organisation_id == organisation_id, User.active.is_(True)
    )
    return list(db.session.scalars(query.order_by(User.email)))


def staff_addresses() -> list[str]:
    query = select(User.email).where(User.role == "admin", User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.email)))
