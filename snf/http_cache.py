"""ETags and a short Cache-Control for what the public register answers.

The register is read far more often than it changes; clients and proxies may
keep an answer for a minute and then ask again with ``If-None-Match``, which
answers 304 without a body when nothing changed. A signed-in user's answers
stay ``no-store`` (snf.setup), and an answer that sets a cookie is never
public.
"""

from functools import wraps

from flask import Response, current_app, make_response, request, session
from flask_babel import get_locale

from snf import cache

MAX_AGE_S = 60
CONDITIONAL_METHODS = frozenset({"GET", "HEAD"})
# Headers of a stored answer that belong to one caller, never replayed.
PERSONAL_HEADERS = frozenset({"set-cookie"})


def public_cache(view=None, *, max_age: int = MAX_AGE_S):
    """Decorate a view (under ``route``): its 200 answers get an ETag (a hash
    of the body), ``Cache-Control: public, max-age``, and 304 when the
    request's If-None-Match names that ETag."""
    if view is None:
        return lambda inner: public_cache(inner, max_age=max_age)

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        return conditional(response, max_age)

    return wrapper


def conditional(response, max_age: int = MAX_AGE_S):
    """The answer with ETag and Cache-Control, or 304 if the client has it."""
    if (
        request.method not in CONDITIONAL_METHODS
        or response.status_code != 200
        or response.is_streamed
    ):
        return response
    if not response.get_etag()[0]:
        response.add_etag()
    if session.modified:  # it sets a cookie: for this client only
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.cache_control.max_age = max_age
    # The language follows the cookie (pages) or Accept-Language (API).
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


def shared(view):
    """Decorate a public register view (inside its rate limits, so a cached
    answer still counts): its anonymous 200 answers are kept in the app's
    cache (snf.cache: Redis shared by the app servers when configured) for
    ``SNF_REGISTER_CACHE_SECONDS`` and served from there, keyed by address,
    query, language and Accept. A register change shows after at most that
    long; the ETag is the stored body's, so it is right for what is served.
    Callers with a token or a session cookie always get a fresh answer."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config["SNF_REGISTER_CACHE_SECONDS"]
        if seconds <= 0 or request.method not in CONDITIONAL_METHODS or personal():
            return view(*args, **kwargs)
        key = shared_key()
        found = cache.get(key)
        if found is not None:
            return stored_response(found)
        response = make_response(view(*args, **kwargs))
        if storable(response):
            response.add_etag()
            cache.set(key, to_store(response), seconds)
        return response

    return wrapper


def personal() -> bool:
    """A request that may be answered for its caller only: a token (higher
    limits, maybe other rights) or a session (a signed-in user, flashes)."""
    environ = request.environ
    if "HTTP_AUTHORIZATION" in environ:
        return True
    cookies = request.cookies
    return current_app.config["SESSION_COOKIE_NAME"] in cookies or (
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies
    )


def shared_key() -> str:
    return "|".join(
        (
            "register",
            request.host,
            request.full_path,
            str(get_locale()),
            request.headers.get("Accept", ""),
        )
    )


def storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.is_streamed
        and not session.modified
        and "Set-Cookie" not in response.headers
    )


def to_store(response) -> tuple:
    headers = [
        (name, value)
        for name, value in response.headers
        if name.lower() not in PERSONAL_HEADERS
    ]
    return (response.get_data(), headers)


def stored_response(found: tuple) -> Response:
    body, headers = found
    return Response(body, status=200, headers=headers)
