"""Flask's signed-cookie sessions, with less work on every request.

The session cookie holds only the id of a server-side session row
(snf.auth.services); this is about the cookie itself. Flask builds a new
signer on every request and reads half a dozen cookie settings before it sees
that an empty session needs no cookie: most requests to the register and the
API send none.
"""

from flask.sessions import SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    """Same cookies, same signatures, same Vary header as Flask's own."""

    def __init__(self) -> None:
        self._serializers: dict = {}

    def get_signing_serializer(self, app):
        # One per key set: a changed SECRET_KEY (or fallbacks) gets a new one.
        fallbacks = tuple(app.config["SECRET_KEY_FALLBACKS"] or ())
        key = (app.secret_key, fallbacks)
        if key not in self._serializers:
            self._serializers[key] = super().get_signing_serializer(app)
        return self._serializers[key]

    def open_session(self, app, request):
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if not session and not session.modified:  # Flask's own early return
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)
