"""Access cases for company claims and location requests. The claim is
someone else's signup; the location request asks for an address of a third
company, so no user of any role here is its primarily responsible company."""

from tests.access.matrix import Case, api, everyone, page
from tests.claims_factories import make_claim
from tests.inspections_factories import request_known_address


def build(world: dict) -> None:
    world["claim"] = make_claim()
    world["request"] = request_known_address()


CLAIM = lambda w: f"/claims/{w['claim'].id}"  # noqa: E731
REQUEST = lambda w: f"/location-requests/{w['request'].id}"  # noqa: E731

# Without the check box / the reason staff get the claim form back (422).
CLAIM_PAGE_ACTIONS = [
    Case(f"certificates.{verb}_claim", "POST", lambda w, v=verb: f"{CLAIM(w)}/{v}",
         page({"admin": 422}))
    for verb in ("confirm", "reject")
]  # fmt: skip
REQUEST_ACTIONS = [
    case
    for verb in ("approve", "reject")
    for case in (
        Case(f"inspections.{verb}_location_request", "POST",
             lambda w, v=verb: f"{REQUEST(w)}/{v}", page({"admin": 302})),
        Case(f"inspections_api.{verb}_location_request", "POST",
             lambda w, v=verb: f"/api/v1{REQUEST(w)}/{v}", api({"admin": 200}),
             json={}),
    )
]  # fmt: skip

CASES = [
    Case("certificates.signup_sent", "GET", "/signup/sent", everyone(200)),
    Case("certificates.claims_list", "GET", "/claims", page({"admin": 200})),
    Case("certificates.claim", "GET", CLAIM, page({"admin": 200})),
    Case(
        "certificates.claim_extract",
        "GET",
        lambda w: CLAIM(w) + "/extract",
        page({"admin": 200}),
    ),
    *CLAIM_PAGE_ACTIONS,
    Case("claims_api.list_claims", "GET", "/api/v1/claims", api({"admin": 200})),
    Case(
        "claims_api.confirm",
        "POST",
        lambda w: "/api/v1" + CLAIM(w) + "/confirm",
        api({"admin": 200}),
    ),
    Case(
        "claims_api.reject",
        "POST",
        lambda w: "/api/v1" + CLAIM(w) + "/reject",
        api({"admin": 200}),
        json={"reason": "checking access"},
    ),
    Case(
        "inspections.location_requests",
        "GET",
        "/location-requests",
        page({"admin": 200, "company": 200}),
    ),
    Case(
        "inspections_api.list_location_requests",
        "GET",
        "/api/v1/location-requests",
        api({"admin": 200, "company": 200}),
    ),
    Case(
        "inspections_api.my_location_requests",
        "GET",
        "/api/v1/location-requests/mine",
        api({"admin": 200, "company": 200}),
    ),
    *REQUEST_ACTIONS,
]
