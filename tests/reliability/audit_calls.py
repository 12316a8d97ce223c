"""A request that really changes something, for every state-changing route
whose access-matrix case does not (the matrix checks who may call a route,
often with an empty body that is refused with 422 or 409).

Each ``Call`` builds what it needs in ``world``, logs in as ``user`` (a role
name, or a function of ``world`` for a particular user) and sends the
request. Paths, bodies and headers may be functions of ``world``.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import yaml

from snf.auth import services as auth
from snf.auth.models import Organisation
from snf.certificates import services as certificates
from snf.database import utcnow
from snf.extensions import db
from snf.geo import regions
from snf.inspections import services as inspections
from snf.norms import services as norms
from snf.registry import watches
from snf.registry.models import VerificationReport
from tests.access import inspections as inspection_cases
from tests.certificates_factories import (
    administrative_inspection,
    make_applicant,
    make_registered,
)
from tests.claims_factories import make_claim, pdf_bytes
from tests.factories import PASSWORD, make_organisation, make_user
from tests.geo.factories import make_municipality
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    png_bytes,
    started,
    submitted,
)

DRAFT = "/norms/SNF/2030.1"
REGION = {"code": "audit-region", "name": "Audit region", "municipalities": ["GM0983"]}
DRAFT_API = "/api/v1/norms/SNF/versions/2030.1"
ON = date(2025, 1, 6)
WATCHED = "12345678"


def _municipality(world: dict) -> None:
    make_municipality()


def _region(world: dict) -> None:
    make_municipality()
    world["region"] = regions.create_region(None, REGION, now=utcnow())


def _region_form(world: dict) -> dict:
    dates = {"start": "2024-07-01", "target": "2028-06-30"}
    return {**REGION, "places": "100", **dates}


@dataclass(frozen=True)
class Call:
    user: str | Callable[[dict], Any]  # a role, "anonymous", or world -> User
    path: str | Callable[[dict], str]
    build: Callable[[dict], None] | None = None
    json: Any = None
    data: Any = None
    headers: Any = None
    content_type: str | None = None

    def resolve(self, value, world):
        return value(world) if callable(value) else value


# -- builders -------------------------------------------------------------------


def _draft(world: dict) -> None:
    source = norms.get_version("SNF", "2024.1")
    world["draft"] = norms.create_draft_from(None, source, "2030.1", now=utcnow())


def _ready_applicant(world: dict) -> None:
    """Everything done but the certificate: inspections, fee."""
    company, application, places = make_applicant(ON)
    administrative_inspection(company, ON)
    for place in places:
        submitted(make_inspection(place), CONFORM_2024, on=ON)
    certificates.mark_fee_paid(None, application, today=ON, now=utcnow())
    world["ready"] = company


def _registered(world: dict) -> None:
    world["company"], world["certificate"] = make_registered(ON)


def _newcomer(world: dict) -> None:
    """A company that has not applied yet, and a body to apply with."""
    world["company"] = make_organisation("company")
    world["body"] = make_organisation("inspection_body")


def _planned(world: dict) -> None:
    world["planned"] = make_inspection(make_location())


def _in_progress(world: dict) -> None:
    inspection = started(make_inspection(make_location()))
    inspections.save_observations(
        inspection.inspector, inspection, CONFORM_2024, if_match=None, now=utcnow()
    )
    world["planned"] = inspection


def _account(world: dict) -> None:
    world["user"] = make_user(role="inspector")


def _token(world: dict) -> None:
    user = make_user(role="inspector")
    token, _ = auth.issue_token(user, now=utcnow(), lifetime=timedelta(hours=1))
    world["bearer"] = {"Authorization": f"Bearer {token}"}


def _requirement_form(world: dict, **changes) -> dict:
    req = norms.get_requirement(world["draft"], "B-3.1")
    rule = yaml.safe_dump(req.rule, allow_unicode=True, sort_keys=False)
    data = {
        "code": req.code,
        "section": req.section.code,
        "title_nl": req.title_nl,
        "title_en": req.title_en,
        "guidance_nl": req.guidance_nl or "",
        "guidance_en": req.guidance_en or "",
        "severity": req.severity,
        "part": req.part,
        "applies_to": list(req.applies_to),
        "rule": rule if req.rule else "",
    }
    return {**data, **changes}


def _version_doc(version: str) -> dict:
    doc = norms.json_document(norms.get_version("SNF", "2024.1"))
    doc.pop("status", None)
    return {**doc, "version": version}


def _new_requirement(world: dict) -> dict:
    req = norms.get_requirement(world["draft"], "B-3.1")
    doc = norms.json_document(world["draft"])
    found = next(
        r for s in doc["sections"] for r in s["requirements"] if r["code"] == "B-3.1"
    )
    return {**found, "code": "B-99.1", "section": req.section.code}


def _inspector_of_planned(world: dict):
    return world["planned"].inspector


def _owner_of_finding(world: dict):
    finding = world["finding"]
    company = db.session.get(Organisation, finding.company_id)
    return make_user(role="company", organisation=company)


def _company_in_venlo(world: dict) -> None:
    make_municipality()
    world["company"] = make_organisation("company")
    location = make_location(world["company"])
    location.municipality_code = "GM0983"
    db.session.flush()


def _company_user(world: dict):
    return make_user(role="company", organisation=world["company"])


def _watching(world: dict) -> None:
    world["verifier"] = make_user(role="verifier")
    watches.watch_numbers(world["verifier"], [WATCHED], language="nl", now=utcnow())


def _verifier_report(world: dict) -> None:
    world["verifier"] = verifier = make_user(role="verifier")
    report = VerificationReport(
        user_id=verifier.id,
        organisation_id=verifier.organisation_id,
        title="ABU check",
        as_of=ON,
        count=1,
        summary={},
        results=[{"kvk": WATCHED, "valid": True}],
    )
    db.session.add(report)
    db.session.flush()
    world["report"] = report


def _verifier(world: dict):
    return world["verifier"]


# -- the calls ------------------------------------------------------------------

LOCATION_FORM = {
    "street": "Havenweg",
    "house_number": "12",
    "postcode": "4461 AB",
    "town": "Goes",
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "beds": "6",
}


def _resident_token() -> str:
    from snf.residents.tokens import active_token

    return active_token(make_location().id).token


SUCCESSFUL: dict[tuple[str, str], Call] = {
    ("registry.unwatch", "POST"): Call(
        _verifier, "/register/watches/remove", build=_watching, data={"kvk": WATCHED}
    ),
    ("watches_api.unwatch", "DELETE"): Call(
        _verifier, f"/api/v1/watches/{WATCHED}", build=_watching
    ),
    ("registry.watch_report", "POST"): Call(
        _verifier,
        lambda w: f"/register/verifications/{w['report'].id}/watch",
        build=_verifier_report,
    ),
    ("certificates.my_demand", "POST"): Call(
        _company_user,
        "/demand",
        build=_company_in_venlo,
        data={"lines-0-code": "GM0983", "lines-0-employed": "9", "lines-0-housed": "4"},
    ),  # fmt: skip
    ("auth_api.create_token", "POST"): Call(
        "anonymous",
        "/api/v1/auth/tokens",
        build=_account,
        json=lambda w: {"email": w["user"].email, "password": PASSWORD},
    ),
    ("auth_api.revoke_current_token", "DELETE"): Call(
        "anonymous",
        "/api/v1/auth/tokens/current",
        build=_token,
        headers=lambda w: w["bearer"],
    ),
    ("certificates.signup", "POST"): Call(
        "anonymous",
        "/signup",
        build=lambda w: w.update(body=make_organisation("inspection_body")),
        data=lambda w: {
            "company_name": "Nieuw Flex BV",
            "kvk": "77123456",
            "town": "Venlo",
            "name": "Iris",
            "email": "iris@nieuwflex.example",
            "password": "a long enough password",
            "inspection_body": str(w["body"].id),
            "extract": (io.BytesIO(pdf_bytes()), "kvk.pdf"),
        },
    ),
    ("certificates.confirm_claim", "POST"): Call(
        "admin",
        lambda w: f"/claims/{w['claim'].id}/confirm",
        build=lambda w: w.update(claim=make_claim()),
        data={"contact_checked": "y"},
    ),
    ("certificates.reject_claim", "POST"): Call(
        "admin",
        lambda w: f"/claims/{w['claim'].id}/reject",
        build=lambda w: w.update(claim=make_claim()),
        data={"reason": "The extract names another company."},
    ),
    ("certificates.issue", "POST"): Call(
        "admin", lambda w: f"/companies/{w['ready'].id}/certificate", _ready_applicant
    ),
    ("certificates.change_status", "POST"): Call(
        "admin",
        lambda w: f"/companies/{w['company'].id}/status",
        _registered,
        data={
            "action": "suspend",
            "reason": "audit coverage",
            "effective": "2025-06-01",
            "confirmed": "y",  # the confirmation page's answer
        },
    ),
    ("certificates.apply", "POST"): Call(
        "admin",
        lambda w: f"/companies/{w['company'].id}/apply",
        _newcomer,
        data=lambda w: {"inspection_body": str(w["body"].id)},
    ),
    ("certificates_api.issue", "POST"): Call(
        "admin",
        lambda w: f"/api/v1/companies/{w['ready'].kvk}/certificates",
        _ready_applicant,
    ),
    ("certificates_api.apply", "POST"): Call(
        "admin",
        lambda w: f"/api/v1/companies/{w['company'].kvk}/applications",
        _newcomer,
        json=lambda w: {"inspection_body": w["body"].name},
    ),
    ("inspections.new_location", "POST"): Call(
        "company", "/locations/new", data=LOCATION_FORM
    ),
    # The matrix posts an empty form, which saves the record unchanged.
    ("inspections.edit_location", "POST"): Call(
        "admin",
        lambda w: f"/locations/{w['location'].id}/edit",
        inspection_cases.build,
        data={"town": "Honselersdijk"},
    ),
    ("inspections.plan", "POST"): Call(
        "admin",
        "/inspections/plan",
        inspection_cases.build,
        data=lambda w: {
            "location_id": str(w["location"].id),
            "kind": "periodic",
            "announced": "y",
            "scheduled_for": "2025-07-01",
            "inspector_id": str(w["planned"].inspector_id),
        },
    ),
    ("inspections.repair", "POST"): Call(
        _owner_of_finding,
        lambda w: f"/findings/{w['finding'].id}/repair",
        inspection_cases.build,
        data={"text": "Two toilets added."},
    ),
    ("inspections_api.create_company", "POST"): Call(
        "admin",
        "/api/v1/companies",
        json={"kvk": "77234567", "name": "Zeeland Flex BV", "town": "Goes"},
    ),
    ("inspections_api.schedule", "POST"): Call(
        "admin",
        "/api/v1/inspections",
        inspection_cases.build,
        json=lambda w: {
            "location_id": w["location"].id,
            "kind": "periodic",
            "scheduled_for": "2025-07-01",
            "inspector_email": w["planned"].inspector.email,
        },
    ),
    ("inspections_api.start", "POST"): Call(
        _inspector_of_planned,
        lambda w: f"/api/v1/inspections/{w['planned'].id}/start",
        _planned,
    ),
    ("inspections.start", "POST"): Call(
        _inspector_of_planned,
        lambda w: f"/inspections/{w['planned'].id}/start",
        _planned,
    ),
    ("inspections_api.put_observations", "PUT"): Call(
        _inspector_of_planned,
        lambda w: f"/api/v1/inspections/{w['planned'].id}/observations",
        _planned,
        json={"observations": CONFORM_2024},
        headers={"If-Match": "*"},
    ),
    ("inspections_api.submit", "POST"): Call(
        _inspector_of_planned,
        lambda w: f"/api/v1/inspections/{w['planned'].id}/submit",
        _in_progress,
    ),
    ("inspections_api.upload_photo", "POST"): Call(
        _inspector_of_planned,
        lambda w: f"/api/v1/inspections/{w['planned'].id}/photos",
        _planned,
        data=lambda w: png_bytes(),
        content_type="image/png",
    ),
    # The matrix posts no version number: refused with a message.
    ("norms.create_draft", "POST"): Call(
        "admin", "/norms/SNF/drafts", data={"SNF-version": "2030.2"}
    ),
    ("norms.publish", "POST"): Call(
        "admin", DRAFT + "/publish", _draft, data={"effective_from": "2030-01-01"}
    ),
    ("norms.new_requirement", "POST"): Call(
        "admin",
        DRAFT + "/requirements/new",
        _draft,
        data=lambda w: _requirement_form(w, code="B-99.1"),
    ),
    ("norms.edit_requirement", "POST"): Call(
        "admin",
        DRAFT + "/requirements/B-3.1/edit",
        _draft,
        data=lambda w: _requirement_form(w, title_en="Enough toilets, counted"),
    ),
    ("norms.delete_requirement", "POST"): Call(
        "admin", DRAFT + "/requirements/B-3.1/delete", _draft
    ),
    ("norms_api.create_version", "POST"): Call(
        "admin", "/api/v1/norms/SNF/versions", json=lambda w: _version_doc("2031.1")
    ),
    ("norms_api.replace_version", "PUT"): Call(
        "admin", DRAFT_API, _draft, json=lambda w: _version_doc("2030.1")
    ),
    ("norms_api.delete_version", "DELETE"): Call("admin", DRAFT_API, _draft),
    ("norms_api.publish", "POST"): Call(
        "admin", DRAFT_API + "/publish", _draft, json={"effective_from": "2030-01-01"}
    ),
    ("norms_api.add_requirement", "POST"): Call(
        "admin", DRAFT_API + "/requirements", _draft, json=_new_requirement
    ),
    ("norms_api.update_requirement", "PATCH"): Call(
        "admin", DRAFT_API + "/requirements/B-3.1", _draft, json={"severity": "minor"}
    ),
    ("norms_api.remove_requirement", "DELETE"): Call(
        "admin", DRAFT_API + "/requirements/B-3.1", _draft
    ),
    # Residents: a complaint from the form, a company's contact on its cards.
    ("residents.page", "POST"): Call(
        "anonymous",
        lambda w: f"/r/{w['token']}",
        build=lambda w: w.update(token=_resident_token()),
        data={"category": "sanitary", "text": "No hot shower"},
    ),
    ("complaints.cards", "POST"): Call(
        "company",
        "/residents/cards",
        data={"phone": "010 123 4567", "emergency_phone": "06 1234 5678"},
    ),
    ("registry.verifications", "POST"): Call(
        "verifier",
        "/register/verifications",
        data={"title": "Members", "numbers": "12345678", "as_of": "2025-02-01"},
    ),
    ("geo.new_region", "POST"): Call(
        "admin", "/regions/new", _municipality, data=_region_form
    ),
    ("geo.edit_region", "POST"): Call(
        "admin",
        lambda w: f"/regions/{w['region'].code}/edit",
        _region,
        data=lambda w: {**_region_form(w), "places": "150"},
    ),
}
