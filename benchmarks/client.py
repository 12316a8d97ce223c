"""One-off HTTP requests to the app under test: readiness, probes, set-up."""

import http.client
import json
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit


class HTTPStatusError(Exception):
    """A set-up or probe request answered with an unexpected status."""

    def __init__(self, method: str, path: str, status: int, body: bytes):
        self.status = status
        snippet = body[:200].decode("utf-8", "replace")
        super().__init__(f"{method} {path} answered {status}: {snippet}")


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()  # in order, repeated names kept

    def json(self):
        return json.loads(self.body)

    def cookies(self) -> dict[str, str]:
        """name -> value of every Set-Cookie header (attributes dropped)."""
        jar = SimpleCookie()
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


def fetch(
    base_url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Response:
    """One request on a fresh connection; raises OSError when nobody answers."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.read(), tuple(response.getheaders()))
    finally:
        connection.close()


def expect_2xx(method: str, path: str, response: Response) -> Response:
    """The response itself, or HTTPStatusError when it is not a success."""
    if not 200 <= response.status < 300:
        raise HTTPStatusError(method, path, response.status, response.body)
    return response
