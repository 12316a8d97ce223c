"""Demo data for residents: every location's QR code, the contact on
Westland's and Zeeuwse Oogst's cards, and complaints in every state, one of
which led to an unannounced inspection with a finding (idempotent)."""

import copy
from datetime import datetime, timedelta

from sqlalchemy import func, select

from snf.auth import services as auth
from snf.database import AMSTERDAM
from snf.extensions import db
from snf.inspections import locations, services
from snf.inspections.demo import CONFORM
from snf.residents import complaints, triage
from snf.residents.models import Complaint, ResidentContact
from snf.residents.tokens import active_token, issue_missing_tokens

ADMIN = "admin@snf.example"
CONTACTS = {
    "Westland Flex Huisvesting BV": ("0174 820 400", "06 4812 3377"),
    "Zeeuwse Oogst Huisvesting BV": ("0113 371 200", "06 2290 1144"),
}
# postcode, number, category, language, text, days ago, steps after receipt
# (status, days ago); "plan" plans the unannounced inspection that day.
COMPLAINTS = [
    ("2671 CK", 12, "fire_safety", "pl",
     "Czujnik dymu na korytarzu nie działa od miesiąca.", 24,
     [("triaged", 23), ("plan", 23), ("inspect", 18), ("substantiated", 17)]),
    ("2681 LP", 40, "overcrowding", "ro",
     "În camera noastră dorm patru persoane.", 3, []),
    ("5041 LB", 101, "heating_hot_water", "bg",
     "Няма топла вода от три дни.", 6, [("triaged", 5)]),
    ("3253 LN", 3, "bedroom_sharing", "en",
     "Three of us share a small bedroom.", 8, [("triaged", 7), ("plan", 7)]),
    ("4493 MB", 21, "damp_mould", "nl",
     "Schimmel op de muur van de badkamer.", 40,
     [("triaged", 38), ("not_substantiated", 30)]),
    ("5041 LB", 101, "kitchen", "pl", "Lodówka jest za mała dla nas.", 70,
     [("triaged", 68), ("substantiated", 60), ("closed", 40)]),
]  # fmt: skip


def load_residents_demo(now: datetime) -> None:
    issue_missing_tokens(now=now)
    for name, (phone, emergency) in CONTACTS.items():
        _contact(name, phone, emergency, now)
    if db.session.scalar(select(func.count()).select_from(Complaint)):
        return
    admin = auth.find_user_by_email(ADMIN)
    for row in COMPLAINTS:
        _complaint(admin, row, now)


def _contact(name: str, phone: str, emergency: str, now) -> None:
    company = auth.find_organisation(name)
    if company is None or db.session.scalar(
        select(ResidentContact).where(ResidentContact.company_id == company.id)
    ):
        return
    db.session.add(
        ResidentContact(
            company_id=company.id,
            phone=phone,
            emergency_phone=emergency,
            updated_at=now,
        )
    )
    db.session.flush()


def _complaint(admin, row, now: datetime) -> None:
    postcode, number, category, language, text, days, steps = row
    location = locations.find_by_address(postcode, number)
    if location is None:
        return
    submission = complaints.Submission(category, text, language=language)
    received = now - timedelta(days=days)
    complaint, _replayed = complaints.submit_complaint(
        active_token(location.id), submission, now=received
    )
    for step, ago in steps:
        when = now - timedelta(days=ago)
        if step == "plan":
            today = when.astimezone(AMSTERDAM).date()
            triage.plan_inspection_for(admin, complaint, today=today, now=when)
        elif step == "inspect":
            _inspect_with_finding(complaint.inspection, when)
        else:
            triage.triage_complaint(admin, complaint, step, "", now=when)


def _inspect_with_finding(inspection, when: datetime) -> None:
    """The unannounced visit finds the smoke detectors dead: a major finding."""
    day = when.astimezone(AMSTERDAM).date()
    inspector = inspection.inspector
    observations = copy.deepcopy(CONFORM)
    observations["smoke_detectors_ok"] = False
    services.start_inspection(inspector, inspection, today=day, now=when)
    services.save_observations(
        inspector, inspection, observations, if_match=None, now=when
    )
    services.submit_inspection(inspector, inspection, now=when)
