"""Access cases for applications, certificates, the lifecycle and /verify.
The registered company in ``world`` is not the user's own company."""

from datetime import date

from snf.certificates import services
from tests.access.matrix import Case, api, everyone, page
from tests.certificates_factories import make_applicant, make_registered


def build(world: dict) -> None:
    company, certificate = make_registered(date(2025, 1, 6))
    world["company"] = company
    world["certificate"] = certificate
    applicant, application, _places = make_applicant(date(2025, 2, 3))
    world["applicant"] = applicant
    world["application"] = application
    assert services.open_application(applicant.id) is not None


NUMBER = lambda w: w["certificate"].number  # noqa: E731
COMPANY = lambda w: f"/companies/{w['company'].id}"  # noqa: E731
APPLICANT_KVK = lambda w: w["applicant"].kvk  # noqa: E731
CHANGE = {"reason": "checking access", "effective": "2025-06-01"}

CASES = [
    Case("certificates.verify", "GET", lambda w: f"/verify/{NUMBER(w)}", everyone(200)),
    Case("certificates.signup", "GET", "/signup", {**everyone(302), "anonymous": 200}),
    Case("certificates.signup", "POST", "/signup", {**everyone(302), "anonymous": 200}),
    Case("certificates.applications", "GET", "/applications", page({"admin": 200})),
    Case(
        "certificates.fee_paid",
        "POST",
        lambda w: f"/applications/{w['application'].id}/fee-paid",
        page({"admin": 302}),
    ),
    Case(
        "certificates.issue",
        "POST",
        lambda w: f"/companies/{w['applicant'].id}/certificate",
        page({"admin": 302}),
    ),
    Case("certificates.companies", "GET", "/companies", page({"admin": 200})),
    # A company user goes to its own company page.
    Case(
        "certificates.my_registration",
        "GET",
        "/registration",
        {**everyone(302), "anonymous": 302},
    ),
    Case("certificates.company", "GET", COMPANY, page({"admin": 200})),
    Case(
        "certificates.certificate_batch_all",
        "POST",
        "/companies/certificates.zip",
        page({"admin": 303}),
    ),
    # Another company's certificates: staff only (its own company may).
    Case(
        "certificates.certificate_batch",
        "POST",
        lambda w: COMPANY(w) + "/certificates.zip",
        page({"admin": 303}),
    ),
    # Confirmed: the change is recorded (unconfirmed, the page only asks).
    Case(
        "certificates.change_status",
        "POST",
        lambda w: COMPANY(w) + "/status",
        page({"admin": 302}),
        data={"action": "suspend", "confirmed": "y", **CHANGE},
    ),
    Case(
        "certificates.apply",
        "POST",
        lambda w: COMPANY(w) + "/apply",
        page({"admin": 302}),
    ),
    Case(
        "certificates_api.get_certificate",
        "GET",
        lambda w: f"/api/v1/certificates/{NUMBER(w)}",
        everyone(200),
    ),
    Case(
        "certificates_api.get_certificate_pdf",
        "GET",
        lambda w: f"/api/v1/certificates/{NUMBER(w)}.pdf",
        everyone(200),
    ),
    Case("certificates_api.keys", "GET", "/api/v1/keys", everyone(200)),
    # Something is missing for the applicant: staff get the 409 with reasons.
    Case(
        "certificates_api.issue",
        "POST",
        lambda w: f"/api/v1/companies/{APPLICANT_KVK(w)}/certificates",
        api({"admin": 409}),
    ),
    Case(
        "certificates_api.change",
        "POST",
        lambda w: f"/api/v1/certificates/{NUMBER(w)}/suspend",
        api({"admin": 200}),
        json=CHANGE,
    ),
    Case(
        "certificates_api.renew",
        "POST",
        lambda w: f"/api/v1/certificates/{NUMBER(w)}/renew",
        api({"admin": 200}),
        json=CHANGE,
    ),
    # The applicant has applied already: 409 for staff, 403 for others.
    Case(
        "certificates_api.apply",
        "POST",
        lambda w: f"/api/v1/companies/{APPLICANT_KVK(w)}/applications",
        api({"admin": 422}),
        json={"inspection_body": "No such body"},
    ),
]

CASES += [
    # Staff set the mark: back to the company page.
    Case(
        "certificates.change_mark",
        "POST",
        lambda w: COMPANY(w) + "/mark",
        page({"admin": 302}),
        data={"mark": "AGRI"},
    ),
    Case(
        "certificates_api.set_mark",
        "PUT",
        lambda w: f"/api/v1/companies/{w['company'].kvk}/mark",
        api({"admin": 200}),
        json={"mark": "AGRI"},
    ),
]
