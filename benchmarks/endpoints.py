"""The HTTP endpoints under load: add yours to ENDPOINTS with one line.

Each endpoint is loaded for ``--duration`` seconds and compared with BASELINE
(a bare JSON answer without database work) measured in the same run.
"""

from benchmarks import bare, inspections, registry, residents
from benchmarks.documents import CONFORM_4_BEDROOMS
from benchmarks.endpoint import Endpoint, bearer_token

BASELINE = "ping"
# A bare Flask app in the same gunicorn (benchmarks/bare.py): what the baseline's
# own overhead (the app's request hooks) is measured against.
FLOOR = "bare-flask"
PING_TARGET = 0.8  # of the bare endpoint
CHECKLIST_TARGET = 0.25  # of ping
ADMIN_EMAIL = "admin@snf.example"

ENDPOINTS: list[Endpoint] = [
    Endpoint(FLOOR, "GET", bare.PATH, note="a Flask app without extensions"),
    Endpoint(BASELINE, "GET", "/api/v1/ping", target=PING_TARGET),
    Endpoint("login-page", "GET", "/login"),
    Endpoint("openapi", "GET", "/api/v1/openapi.json"),
    Endpoint("auth-me", "GET", "/api/v1/auth/me", setup=bearer_token(ADMIN_EMAIL)),
    # The inspection set-ups make what they need through the API: inspections.py.
    Endpoint(
        "checklist-page",
        "GET",
        "/inspections/{id}",
        setup=inspections.checklist_page(),
        note="checklist of SNF 2024.1, logged-in inspector",
        target=CHECKLIST_TARGET,
    ),
    Endpoint(
        "submit-replay",
        "POST",
        "/api/v1/inspections/{id}/submit",
        setup=inspections.submit_replay(),
        note="submit (idempotent replay): one submitted key, resent",
    ),
    Endpoint(
        "observations-put",
        "PUT",
        "/api/v1/inspections/{id}/observations",
        body={"observations": CONFORM_4_BEDROOMS},
        setup=inspections.observations_put(),
        note="If-Match: *, every request saves a new revision",
    ),
    # The register at scale (benchmarks/registry.py); run with --scale N.
    Endpoint(
        "registry-company",
        "GET",
        "/api/v1/registry/companies/{kvk}",
        setup=registry.company_lookup,
        note="random KvK of the register per request",
        target=registry.LOOKUP_TARGET,
    ),
    Endpoint(
        "registry-search",
        "GET",
        registry.SEARCH_PATHS[0],
        paths=registry.SEARCH_PATHS,
        note="name fragment, first page",
        target=registry.SEARCH_TARGET,
    ),
    # Residents (benchmarks/residents.py): the page a card's QR code opens.
    Endpoint(
        "resident-page",
        "GET",
        "/r/{token}",
        setup=residents.resident_page,
        note="public, no JavaScript, in Polish",
        target=residents.PAGE_TARGET,
    ),
]
# The monitoring reports are timed one request at a time: benchmarks/monitoring.py.
