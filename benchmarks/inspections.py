"""Set-ups for the inspection endpoints: what they need, made through the API.

One bench company with three locations, and for the demo inspector three
inspections of today (so judged by SNF 2024.1, the largest version): one
started (its checklist page), one submitted with a known Idempotency-Key (its
replay), one started whose observations are saved over and over. They are made
once per run and shared by the endpoints; an existing company or address (a
reused ``--database-url``) is simply reused.

The demo has its own inspections for this inspector, but the API has no list
to find them by; making our own keeps the set-up independent of the demo.
"""

import json
import re
import uuid
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from benchmarks.client import HTTPStatusError, expect_2xx, fetch
from benchmarks.documents import CONFORM_4_BEDROOMS

# benchmarks.endpoints imports this module: the names it would give are here.
ADMIN_EMAIL = "admin@snf.example"
INSPECTOR_EMAIL = "inspecteur@keurmerk.example"
COMPANY = {"kvk": "86420001", "name": "Benchmark Huisvesting BV", "town": "Utrecht"}
SUBMIT_KEY = "bench-submit-" + uuid.uuid4().hex
_CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_made: dict[str, dict] = {}  # base_url -> what the set-up made


def demo_password() -> str:
    from snf.config import Config

    return Config.DEMO_PASSWORD


def _call(base_url, method, path, token=None, body=None, headers=None):
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    return fetch(base_url, method, path, payload, headers)


def _token(base_url: str, email: str) -> str:
    body = {"email": email, "password": demo_password()}
    response = _call(base_url, "POST", "/api/v1/auth/tokens", body=body)
    return expect_2xx("POST", "/api/v1/auth/tokens", response).json()["token"]


def _company(base_url: str, admin: str) -> None:
    response = _call(base_url, "POST", "/api/v1/companies", admin, COMPANY)
    if response.status != 409:  # 409: made by an earlier run on this database
        expect_2xx("POST", "/api/v1/companies", response)


def _location(base_url: str, admin: str, house_number: int) -> int:
    path = f"/api/v1/companies/{COMPANY['kvk']}/locations"
    body = {
        "street": "Benchmarkstraat", "house_number": house_number,
        "postcode": "3511 BM", "town": "Utrecht", "housing_type": "regular_dwelling",
        "use_class": "wonen", "beds": 8,
    }  # fmt: skip
    return expect_2xx("POST", path, _call(base_url, "POST", path, admin, body)).json()[
        "id"
    ]


def _started_inspection(base_url, admin, inspector, location_id) -> int:
    body = {
        "location_id": location_id,
        "kind": "periodic",
        "scheduled_for": date.today().isoformat(),
        "inspector_email": INSPECTOR_EMAIL,
    }
    path = "/api/v1/inspections"
    response = _call(base_url, "POST", path, admin, body)
    inspection_id = expect_2xx("POST", path, response).json()["id"]
    path = f"/api/v1/inspections/{inspection_id}/start"
    expect_2xx("POST", path, _call(base_url, "POST", path, inspector))
    return inspection_id


def _observe(base_url, inspector, inspection_id) -> None:
    path = f"/api/v1/inspections/{inspection_id}/observations"
    body = {"observations": CONFORM_4_BEDROOMS}
    headers = {"If-Match": "*"}
    expect_2xx("PUT", path, _call(base_url, "PUT", path, inspector, body, headers))


def _make(base_url: str) -> dict:
    admin, inspector = _token(base_url, ADMIN_EMAIL), _token(base_url, INSPECTOR_EMAIL)
    _company(base_url, admin)
    page, submitted, draft = (
        _started_inspection(base_url, admin, inspector, _location(base_url, admin, n))
        for n in (1, 2, 3)
    )
    for inspection_id in (submitted, draft):
        _observe(base_url, inspector, inspection_id)
    path = f"/api/v1/inspections/{submitted}/submit"
    key = {"Idempotency-Key": SUBMIT_KEY}
    expect_2xx("POST", path, _call(base_url, "POST", path, inspector, headers=key))
    return {
        "inspector": inspector,
        "page": page,
        "submitted": submitted,
        "draft": draft,
    }


def _scenario(base_url: str) -> dict:
    if base_url not in _made:
        _made[base_url] = _make(base_url)
    return _made[base_url]


def session_cookie(base_url: str, email: str) -> str:
    """Log in through the form (CSRF on, as served): the Cookie header to send."""
    page = expect_2xx("GET", "/login", fetch(base_url, "GET", "/login"))
    found = _CSRF_FIELD.search(page.body.decode())
    if found is None:
        raise ValueError("no csrf_token field on /login")
    jar = page.cookies()
    form = {"email": email, "password": demo_password(), "csrf_token": found[1]}
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
    }
    response = fetch(base_url, "POST", "/login", urlencode(form).encode(), headers)
    if response.status != 302:  # a wrong password answers 200 with the form
        raise HTTPStatusError("POST", "/login", response.status, response.body)
    jar.update(response.cookies())
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _with(endpoint, inspection_id: int, headers: dict):
    path = endpoint.path.format(id=inspection_id)
    return replace(endpoint, path=path, headers={**(endpoint.headers or {}), **headers})


def checklist_page():
    """GET /inspections/<id> as the assigned inspector, with a session cookie."""

    def setup(endpoint, base_url: str):
        made = _scenario(base_url)
        cookie = session_cookie(base_url, INSPECTOR_EMAIL)
        return _with(endpoint, made["page"], {"Cookie": cookie})

    return setup


def submit_replay():
    """The submitted inspection's key resent: the stored answer, replayed."""

    def setup(endpoint, base_url: str):
        made = _scenario(base_url)
        headers = {
            "Authorization": f"Bearer {made['inspector']}",
            "Idempotency-Key": SUBMIT_KEY,
        }
        return _with(endpoint, made["submitted"], headers)

    return setup


def observations_put():
    """PUT the draft's observations with If-Match: * (each save a new revision)."""

    def setup(endpoint, base_url: str):
        made = _scenario(base_url)
        auth = {"Authorization": f"Bearer {made['inspector']}", "If-Match": "*"}
        return _with(endpoint, made["draft"], auth)

    return setup
