"""Access cases for the public register and the verifiers' bulk check. The
report in ``world`` belongs to another verifier organisation."""

from datetime import date

from snf.extensions import db
from snf.registry.models import VerificationReport
from tests.access.matrix import Case, api, everyone
from tests.certificates_factories import make_registered
from tests.factories import make_user


def build(world: dict) -> None:
    company, _certificate = make_registered(date(2025, 1, 6))
    world["company"] = company
    owner = make_user(role="verifier")
    report = VerificationReport(
        user_id=owner.id,
        organisation_id=owner.organisation_id,
        title="Other ABU check",
        as_of=date(2025, 2, 1),
        count=0,
        summary={},
        results=[],
    )
    db.session.add(report)
    db.session.flush()
    world["report"] = report


def checkers(status: int) -> dict:
    return {**everyone(403), "anonymous": 302, "verifier": status, "admin": status}


KVK = lambda w: w["company"].kvk  # noqa: E731
REPORT = lambda w: f"/register/verifications/{w['report'].id}"  # noqa: E731

CASES = [
    Case("registry.search", "GET", "/register/", everyone(200)),
    Case("registry.company", "GET", lambda w: f"/register/{KVK(w)}", everyone(200)),
    Case("registry.statistics", "GET", "/register/statistics", everyone(200)),
    Case("registry.open_data", "GET", "/register/open-data", everyone(200)),
    Case("registry.verifications", "GET", "/register/verifications", checkers(200)),
    Case("registry.verifications", "POST", "/register/verifications", checkers(200)),
    # Another organisation's report: only staff may open it.
    Case("registry.report", "GET", REPORT, {**checkers(403), "admin": 200}),
    Case(
        "registry.report_csv",
        "GET",
        lambda w: REPORT(w) + ".csv",
        {**checkers(403), "admin": 200},
    ),
    Case("registry.watches_page", "GET", "/register/watches", checkers(200)),
    Case(
        "registry.watches_page",
        "POST",
        "/register/watches",
        checkers(303),
        data={"numbers": "12345678"},
    ),
    Case(
        "registry.unwatch",
        "POST",
        "/register/watches/remove",
        checkers(303),
        data={"kvk": "12345678"},
    ),
    # Watching the numbers of another organisation's report: staff only.
    Case(
        "registry.watch_report",
        "POST",
        lambda w: REPORT(w) + "/watch",
        {**checkers(403), "admin": 303},
    ),
    Case(
        "watches_api.list_watches",
        "GET",
        "/api/v1/watches",
        api({"verifier": 200, "admin": 200}),
    ),
    Case(
        "watches_api.watch",
        "POST",
        "/api/v1/watches",
        api({"verifier": 200, "admin": 200}),
        json={"kvk_numbers": ["12345678"]},
    ),
    Case(
        "watches_api.unwatch",
        "DELETE",
        "/api/v1/watches/12345678",
        api({"verifier": 204, "admin": 204}),
    ),
    Case("registry_api.companies", "GET", "/api/v1/registry/companies", everyone(200)),
    Case(
        "registry_api.company",
        "GET",
        lambda w: f"/api/v1/registry/companies/{KVK(w)}",
        everyone(200),
    ),
    Case(
        "registry_api.verify_numbers",
        "POST",
        "/api/v1/registry/verify",
        everyone(200),
        json={"kvk_numbers": ["12345678"]},
    ),
    Case("registry_api.changes", "GET", "/api/v1/registry/changes", everyone(200)),
    Case(
        "registry_api.export_csv", "GET", "/api/v1/registry/export.csv", everyone(200)
    ),
    Case(
        "registry_api.export_json", "GET", "/api/v1/registry/export.json", everyone(200)
    ),
]
