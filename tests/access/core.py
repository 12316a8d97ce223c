"""Access cases for the foundation's routes (see tests/test_access_matrix.py)."""

from tests.access.matrix import ALL_ROLES, Case, everyone, only

CASES = [
    Case("main.index", "GET", "/", everyone(200)),
    Case("main.favicon", "GET", "/favicon.ico", everyone(301)),
    Case("auth.login", "GET", "/login", {**everyone(302), "anonymous": 200}),
    Case(
        "auth.login",
        "POST",
        "/login",
        {**everyone(302), "anonymous": 200},
        data={"email": "nobody@example.org", "password": "wrong password"},
    ),
    # An inspector's tablet is checked for unsent work first (checked=1 is
    # what offline.js sends once it has looked).
    Case("auth.logout", "POST", "/logout", {**everyone(302), "inspector": 200}),
    Case("auth.logout", "POST", "/logout", everyone(302), data={"checked": "1"}),
    Case("auth.set_language", "GET", "/language/en", everyone(302)),
    Case("meta_api.ping", "GET", "/api/v1/ping", everyone(200)),
    Case("api-docs.openapi_json", "GET", "/api/v1/openapi.json", everyone(200)),
    Case(
        "auth_api.create_token",
        "POST",
        "/api/v1/auth/tokens",
        everyone(401),
        json={"email": "nobody@example.org", "password": "not the password"},
    ),
    # Without a bearer token there is nothing to revoke, logged in or not.
    Case(
        "auth_api.revoke_current_token",
        "DELETE",
        "/api/v1/auth/tokens/current",
        everyone(401),
    ),
    Case("auth_api.me", "GET", "/api/v1/auth/me", only(ALL_ROLES[1:], 200, 401)),
]
