"""The contact a company prints on its information cards."""

from datetime import datetime

from snf import audit
from snf.extensions import db
from snf.residents.info import contact_of
from snf.residents.models import ResidentContact


def set_contact(actor, company, *, phone: str, emergency_phone: str, now: datetime):
    """Set how residents reach the company (audited); the next cards show it."""
    contact = contact_of(company.id)
    before = None
    if contact is None:
        contact = ResidentContact(company_id=company.id)
        db.session.add(contact)
    else:
        before = {"phone": contact.phone, "emergency_phone": contact.emergency_phone}
    contact.phone = phone.strip()
    contact.emergency_phone = emergency_phone.strip()
    contact.updated_at = now
    db.session.flush()
    after = {"phone": contact.phone, "emergency_phone": contact.emergency_phone}
    audit.record(
        actor, "resident_contact.set", "organisation", company.id,
        now=now, before=before, after=after,
    )  # fmt: skip
    return contact
