"""Demo: two sign-ups claiming one KvK number wait in staff's queue, and a
company asks to use an address Westland is primarily responsible for."""

import io
from datetime import datetime, timedelta

from flask import current_app
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from snf.auth import services as auth
from snf.auth.models import CompanyClaim
from snf.certificates import claims
from snf.extensions import db
from snf.inspections import locations

CLAIMANT = "aanmelding@maasvlakteflex.example"
CLAIMS = [
    # company, e-mail, contact: the second one claims the same number
    ("Maasvlakte Flex BV", CLAIMANT, "Linda Mulder"),
    ("Maasvlakte Flexwerk", "maasvlakte.flex.bv@mail.example", "R. Jansen"),
]
KVK = "41258963"


def _extract(company: str) -> bytes:
    """A made-up extract from the KvK register, as staff would receive it."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    lines = [
        "Uittreksel Handelsregister Kamer van Koophandel (demo)",
        f"KvK-nummer: {KVK}",
        f"Handelsnaam: {company}",
        "Vestiging: Europaweg 900, 3199 LC Maasvlakte Rotterdam",
        "Telefoon: 010 123 45 67",
    ]
    for n, line in enumerate(lines):
        page.drawString(72, 760 - n * 22, line)
    page.save()
    return out.getvalue()


def load_claims_demo(now: datetime) -> None:
    if db.session.scalar(select(CompanyClaim.id).where(CompanyClaim.kvk == KVK)):
        return
    body = auth.find_organisation("Keurmerk Inspecties BV")
    for n, (company, email, contact) in enumerate(CLAIMS):
        data = {
            "company_name": company, "kvk": KVK, "town": "Rotterdam",
            "name": contact, "email": email, "inspection_body": str(body.id),
            "password": current_app.config["DEMO_PASSWORD"],
        }  # fmt: skip
        claims.submit_claim(
            data, _extract(company), now=now - timedelta(days=3 - n), language="nl"
        )
    _link_request(now)


def _link_request(now: datetime) -> None:
    """Zeeuwse Oogst asks to use Westland's complex in Monster."""
    zeeland = auth.find_organisation("Zeeuwse Oogst Huisvesting BV")
    monster = locations.find_by_address("2681 LP", 40)
    if zeeland is None or monster is None:
        return
    data = {name: getattr(monster, name) for name in locations.FIELDS}
    locations.request_location(
        None, zeeland, {**data, "beds": 6}, now=now - timedelta(days=1)
    )
