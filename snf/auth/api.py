"""API tokens: POST /api/v1/auth/tokens, revoke, and who am I."""

from flask import current_app
from flask_login import current_user

from snf.api import bearer_token, make_api_blueprint
from snf.auth import services, throttle
from snf.auth.permissions import NotAuthenticated, require
from snf.auth.schemas import MeSchema, TokenRequestSchema, TokenSchema
from snf.database import utcnow
from snf.extensions import ErrorSchema, db, limiter

blp = make_api_blueprint("auth_api", __name__, "/auth", description="Authentication")


@blp.route("/tokens", methods=["POST"])
@limiter.limit("20 per minute")
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(
    401, schema=ErrorSchema, description="Unknown e-mail address or wrong password"
)
@blp.alt_response(
    429, schema=ErrorSchema, description="Too many failures for this account"
)
def create_token(body):
    """Exchange an e-mail address and password for a bearer token. Failures
    count per account together with the login form: after a few, the account
    waits longer after each (Retry-After), with a cap per hour."""
    user = throttle.authenticate(body["email"], body["password"])
    lifetime = current_app.config["API_TOKEN_LIFETIME"]
    token, expires_at = services.issue_token(user, now=utcnow(), lifetime=lifetime)
    db.session.commit()
    # A secret in the answer: no cache (browser, proxy) may keep it (RFC 6749 5.1).
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    return {"token": token, "expires_at": expires_at}, 201, headers


@blp.route("/tokens/current", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(401, schema=ErrorSchema, description="No valid bearer token")
def revoke_current_token():
    """Revoke the bearer token this request is made with."""
    token = bearer_token()
    if token is None or not current_user.is_authenticated:
        raise NotAuthenticated("Send the token to revoke as a bearer token.")
    services.revoke_token(current_user, token, now=utcnow())
    db.session.commit()


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
@blp.alt_response(401, schema=ErrorSchema, description="Not logged in")
def me():
    """The user this request is authenticated as."""
    require(current_user, "self.view")
    return current_user
