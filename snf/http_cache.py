"""ETags and a short Cache-Control for what the public register answers.

The register is read far more often than it changes; clients and proxies may
keep an answer for a minute and then ask again with ``If-None-Match``, which
answers 304 without a body when nothing changed. A signed-in user's answers
stay ``no-store`` (snf.setup), and an answer that sets a cookie is never
public.
"""

from functools import wraps

from flask import make_response, request, session

MAX_AGE_S = 60
CONDITIONAL_METHODS = frozenset({"GET", "HEAD"})


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
