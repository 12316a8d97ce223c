"""The norms API of API.md: read for every logged-in user, write for admins."""

from functools import wraps

from flask_babel import get_locale
from flask_login import current_user

from snf.api import make_api_blueprint
from snf.auth.permissions import can, requires
from snf.database import local_today, utcnow
from snf.extensions import ErrorSchema, db
from snf.norms import services
from snf.norms.schemas import (
    DiffArgsSchema,
    DiffSchema,
    EvaluateArgsSchema,
    EvaluateRequestSchema,
    EvaluationSchema,
    NewRequirementSchema,
    NormSchema,
    PublishSchema,
    RequirementChangeSchema,
    RequirementSchema,
    VersionDocumentSchema,
)

blp = make_api_blueprint("norms_api", __name__, "/norms", description="Norms")
VERSION = "/<code>/versions/<version>"
CONFLICT = "Published versions cannot be changed"


def draft_only(view):
    """409 for a published version before its body is read: a change to it is
    refused because of its state, whatever the change (API.md)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        services.ensure_draft(services.get_version(kwargs["code"], kwargs["version"]))
        return view(*args, **kwargs)

    return wrapper


@blp.route("")
@requires("norm.view")
@blp.response(200, NormSchema(many=True))
def list_norms():
    """Every norm with its versions (drafts for staff only)."""
    return services.list_norms(can(current_user, "norm.view_draft"))


@blp.route(VERSION)
@requires("norm.view")
@blp.response(200, VersionDocumentSchema)
def get_version(code, version):
    """The whole checklist of one version."""
    found = services.get_visible_version(current_user, code, version)
    return services.version_document(found)


@blp.route("/<code>/versions", methods=["POST"])
@requires("norm.edit")
@blp.arguments(VersionDocumentSchema)
@blp.response(201, VersionDocumentSchema)
@blp.alt_response(409, schema=ErrorSchema, description="This version already exists")
def create_version(body, code):
    """A new draft version from a version document."""
    body["norm"]["code"] = code
    version = services.create_version(current_user, body, now=utcnow())
    db.session.commit()
    return services.version_document(version), 201, {"Location": _url(version)}


@blp.route(VERSION, methods=["PUT"])
@requires("norm.edit")
@draft_only
@blp.arguments(VersionDocumentSchema)
@blp.response(200, VersionDocumentSchema)
@blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
def replace_version(body, code, version):
    """Replace the whole document of a draft."""
    found = services.get_version(code, version)
    services.replace_draft(current_user, found, body, now=utcnow())
    db.session.commit()
    return services.version_document(found)


@blp.route(VERSION, methods=["DELETE"])
@requires("norm.edit")
@draft_only
@blp.response(204)
@blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
def delete_version(code, version):
    """Delete a draft."""
    services.delete_draft(
        current_user, services.get_version(code, version), now=utcnow()
    )
    db.session.commit()


@blp.route(VERSION + "/publish", methods=["POST"])
@requires("norm.edit")
@blp.arguments(PublishSchema)
@blp.response(200, VersionDocumentSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Already published")
def publish(body, code, version):
    """Publish a draft: from then on it never changes."""
    found = services.get_version(code, version)
    effective = body["effective_from"] or found.effective_from or local_today()
    services.publish_version(current_user, found, effective, now=utcnow())
    db.session.commit()
    return services.version_document(found)


@blp.route(VERSION + "/requirements", methods=["POST"])
@requires("norm.edit")
@draft_only
@blp.arguments(NewRequirementSchema)
@blp.response(201, RequirementSchema)
@blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
def add_requirement(body, code, version):
    """Add a requirement to a section of a draft."""
    found = services.get_version(code, version)
    section = body.pop("section")
    req = services.add_requirement(current_user, found, section, body, now=utcnow())
    db.session.commit()
    return services.requirement_document(req)


@blp.route(VERSION + "/requirements/<req>", methods=["PATCH"])
@requires("norm.edit")
@draft_only
@blp.arguments(RequirementChangeSchema)
@blp.response(200, RequirementSchema)
@blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
def update_requirement(body, code, version, req):
    """Change fields of a requirement of a draft (e.g. a threshold in rule.params)."""
    found = services.get_version(code, version)
    changed = services.update_requirement(current_user, found, req, body, now=utcnow())
    db.session.commit()
    return services.requirement_document(changed)


@blp.route(VERSION + "/requirements/<req>", methods=["DELETE"])
@requires("norm.edit")
@draft_only
@blp.response(204)
@blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
def remove_requirement(code, version, req):
    """Remove a requirement from a draft."""
    found = services.get_version(code, version)
    services.remove_requirement(current_user, found, req, now=utcnow())
    db.session.commit()


@blp.route("/<code>/diff")
@requires("norm.view")
@blp.arguments(DiffArgsSchema, location="query")
@blp.response(200, DiffSchema)
def diff(args, code):
    """What changed between two versions, by requirement code."""
    old = services.get_visible_version(current_user, code, args["from_"])
    new = services.get_visible_version(current_user, code, args["to"])
    return services.diff_versions(old, new)


@blp.route(VERSION + "/evaluate", methods=["POST"])
@requires("norm.view")
@blp.arguments(EvaluateArgsSchema, location="query")
@blp.arguments(EvaluateRequestSchema)
@blp.response(200, EvaluationSchema)
def evaluate(args, body, code, version):
    """Evaluate observations under this version on a date, with explanations."""
    found = services.get_visible_version(current_user, code, version)
    on = body["date"] or local_today()
    lang = args["lang"] or str(get_locale())
    return services.evaluate(found, body["observations"], on, lang, part=args["part"])


def _url(version) -> str:
    return f"/api/v1/norms/{version.norm.code}/versions/{version.version}"
