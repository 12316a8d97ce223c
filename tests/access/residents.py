"""Access cases for the resident pages and API (public: the token is the
key), the complaint queue (SNF staff only: a company or inspector never reads
a complaint) and the information cards (the location's company and staff; the
company role here is another company)."""

from datetime import date

from snf.auth.models import Organisation
from snf.database import utcnow
from snf.extensions import db
from snf.inspections import planning
from snf.residents import complaints
from snf.residents.tokens import active_token
from tests.access.matrix import Case, api, everyone, page
from tests.certificates_factories import make_registered
from tests.factories import make_user
from tests.inspections_factories import png_bytes


def build(world: dict) -> None:
    company, certificate = make_registered(date(2025, 1, 6))
    location = certificate.locations[0].location
    body = db.session.get(Organisation, planning.chosen_body_id(company.id))
    make_user(role="inspector", organisation=body)
    token = active_token(location.id)
    submission = complaints.Submission(
        "fire_safety", "Smoke detector", photo=png_bytes()
    )
    complaint, _replayed = complaints.submit_complaint(token, submission, now=utcnow())
    world.update(
        company=company, location=location, token=token.token, complaint=complaint
    )


TOKEN = lambda w: f"/r/{w['token']}"  # noqa: E731
API_TOKEN = lambda w: f"/api/v1/resident/{w['token']}"  # noqa: E731
RECEIPT = lambda w: w["complaint"].receipt  # noqa: E731
COMPLAINT = lambda w: f"/complaints/{w['complaint'].id}"  # noqa: E731
API_COMPLAINT = lambda w: f"/api/v1/complaints/{w['complaint'].id}"  # noqa: E731
CARD = lambda w: f"/api/v1/locations/{w['location'].id}/card.pdf"  # noqa: E731
CARDS = lambda w: f"/api/v1/companies/{w['company'].kvk}/cards.pdf"  # noqa: E731
STAFF = page({"admin": 200})

CASES = [
    Case("residents.page", "GET", TOKEN, everyone(200)),
    # No category: the form answers with the field named, whoever sends it.
    Case("residents.page", "POST", TOKEN, everyone(422), data={"text": "x"}),
    Case(
        "residents.receipt",
        "GET",
        lambda w: f"{TOKEN(w)}/receipt?code={RECEIPT(w)}",
        everyone(200),
    ),
    Case("residents_api.resident_page", "GET", API_TOKEN, everyone(200)),
    Case(
        "residents_api.submit_complaint",
        "POST",
        lambda w: f"{API_TOKEN(w)}/complaints",
        everyone(201),
        json={"category": "sanitary"},
    ),
    Case(
        "residents_api.complaint_status",
        "GET",
        lambda w: f"{API_TOKEN(w)}/complaints/{RECEIPT(w)}",
        everyone(200),
    ),
    Case("complaints.queue", "GET", "/complaints", STAFF),
    Case("complaints.complaint", "GET", COMPLAINT, STAFF),
    Case("complaints.photo", "GET", lambda w: f"{COMPLAINT(w)}/photo", STAFF),
    Case(
        "complaints.triage_complaint",
        "POST",
        lambda w: f"{COMPLAINT(w)}/triage",
        page({"admin": 302}),
        data={"status": "triaged", "note": "seen"},
    ),
    Case(
        "complaints.plan_inspection",
        "POST",
        lambda w: f"{COMPLAINT(w)}/inspection",
        page({"admin": 302}),
    ),
    Case("complaints.figures", "GET", "/register/complaints", everyone(200)),
    Case(
        "complaints.cards",
        "GET",
        "/residents/cards",
        page({"admin": 200, "company": 200}),
    ),
    # A company saves its own contact; staff without a company chosen see the form.
    Case(
        "complaints.cards",
        "POST",
        "/residents/cards",
        page({"admin": 200, "company": 302}),
        data={"phone": "010 123 4567", "emergency_phone": "06 1234 5678"},
    ),
    # Staff for the company asked; a company user always for its own.
    Case(
        "complaints.cards_batch",
        "POST",
        lambda w: f"/residents/cards/batch?kvk={w['company'].kvk}",
        page({"admin": 303, "company": 303}),
    ),
    Case(
        "complaints.revoke",
        "POST",
        lambda w: f"/residents/locations/{w['location'].id}/token",
        page({"admin": 302}),
    ),
    Case("residents_api.location_card", "GET", CARD, api({"admin": 200})),
    Case("residents_api.company_cards", "GET", CARDS, api({"admin": 200})),
    Case(
        "residents_api.complaint_queue",
        "GET",
        "/api/v1/complaints",
        api({"admin": 200}),
    ),
    Case(
        "residents_api.triage_complaint",
        "POST",
        lambda w: f"{API_COMPLAINT(w)}/triage",
        api({"admin": 200}),
        json={"status": "triaged"},
    ),
    Case(
        "residents_api.plan_inspection",
        "POST",
        lambda w: f"{API_COMPLAINT(w)}/inspection",
        api({"admin": 201}),
    ),
]
