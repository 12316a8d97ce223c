"""One HTTP request under load, and the set-ups that prepare it (a helper).

Measures build Endpoints; the runner loads them. Nothing here imports a measure.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from benchmarks.client import expect_2xx, fetch

# (endpoint, base_url) -> the endpoint ready to load (e.g. with a token added).
Setup = Callable[["Endpoint", str], "Endpoint"]


@dataclass(frozen=True)
class Endpoint:
    """One request, sent over and over.

    ``body``: a dict or list is sent as JSON, str or bytes as they are.
    ``setup`` runs once against the running app before the load starts.
    ``missing_ok``: a 404 means "not built yet"; skip with a note, don't fail.
    ``note``: what the row measures, when the name alone does not say it.
    ``paths``: when set, each request goes to one of them chosen at random
    (``path`` is the one the probe sends).
    ``target``: the ratio to the baseline the endpoint should reach.
    """

    name: str
    method: str
    path: str
    body: Any = None
    headers: dict[str, str] | None = None
    setup: Setup | None = None
    missing_ok: bool = False
    note: str = ""  # shown in the table's note column
    paths: tuple[str, ...] = ()
    target: float | None = None

    def payload(self) -> bytes | None:
        """The body as bytes, or None."""
        if self.body is None or isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()

    def all_headers(self) -> dict[str, str]:
        """The declared headers, with a JSON content type for dict/list bodies."""
        headers = dict(self.headers or {})
        if isinstance(self.body, dict | list):
            headers.setdefault("Content-Type", "application/json")
        return headers


def demo_password() -> str:
    """SNF_DEMO_PASSWORD or the default, exactly as the app reads it."""
    from snf.config import Config

    return Config.DEMO_PASSWORD


def bearer_token(email: str) -> Setup:
    """A setup that logs in as a demo user through the API and sends its token."""

    def setup(endpoint: Endpoint, base_url: str) -> Endpoint:
        path = "/api/v1/auth/tokens"
        body = json.dumps({"email": email, "password": demo_password()}).encode()
        headers = {"Content-Type": "application/json"}
        response = fetch(base_url, "POST", path, body, headers)
        token = expect_2xx("POST", path, response).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        return replace(endpoint, headers={**(endpoint.headers or {}), **auth})

    return setup
