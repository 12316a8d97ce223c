"""Norms as versioned checklists: loading, drafting, publishing, evaluating.

A published version is immutable: every change goes through ``ensure_draft``
(409 Conflict), and the database refuses it as well (migration triggers).
"""

import json
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from snf import audit
from snf.errors import Conflict, NotFound, ValidationError
from snf.extensions import db
from snf.norms.diff import diff_documents
from snf.norms.documents import json_document as json_document
from snf.norms.documents import load_sections as load_sections
from snf.norms.documents import load_whole as load_whole
from snf.norms.documents import load_with_norm as load_with_norm
from snf.norms.documents import parse_document as parse_document
from snf.norms.documents import raw_document
from snf.norms.documents import requirement_document as requirement_document
from snf.norms.documents import version_document as version_document
from snf.norms.evaluation import compiled as compiled
from snf.norms.evaluation import compiled_or_422 as compiled_or_422
from snf.norms.evaluation import evaluate as evaluate
from snf.norms.evaluation import only_part as only_part
from snf.norms.evaluation import part_codes as part_codes
from snf.norms.loader_data import load_shipped_versions
from snf.norms.models import Norm, NormVersion, Requirement, Section

# -- queries ---------------------------------------------------------------


def list_norms(include_drafts: bool = True) -> list[Norm]:
    """Every norm with its versions; without drafts for those who may not see
    them (``norm.versions`` then holds only the others in this session)."""
    versions = Norm.versions
    if not include_drafts:
        versions = Norm.versions.and_(NormVersion.status != "draft")
    query = select(Norm).options(selectinload(versions)).order_by(Norm.code)
    if not include_drafts:
        query = query.execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def get_norm(code: str) -> Norm:
    norm = db.session.scalar(select(Norm).where(Norm.code == code))
    if norm is None:
        raise NotFound(_("Norm %(code)s does not exist.", code=code))
    return norm


def get_visible_version(user, code: str, version: str) -> NormVersion:
    """The version, if ``user`` may read it: a draft is "not found" for
    everyone but staff, so its existence is not given away either."""
    from snf.auth.permissions import can

    found = get_version(code, version)
    if not can(user, "norm.version.view", found):
        raise _version_not_found(code, version)
    return found


def _version_not_found(code: str, version: str) -> NotFound:
    return NotFound(
        _(
            "Version %(version)s of norm %(code)s does not exist.",
            version=version,
            code=code,
        )
    )


def get_version(code: str, version: str) -> NormVersion:
    query = (
        select(NormVersion)
        .join(Norm)
        .where(Norm.code == code, NormVersion.version == version)
        .options(selectinload(NormVersion.sections).selectinload(Section.requirements))
    )
    found = db.session.scalar(query)
    if found is None:
        raise _version_not_found(code, version)
    return found


def find_version_in_force(code: str, on: date) -> NormVersion | None:
    """The published version of a norm that applies on a date."""
    query = (
        select(NormVersion)
        .join(Norm)
        .where(Norm.code == code, NormVersion.status != "draft")
        .where(NormVersion.effective_from <= on)
        .order_by(NormVersion.effective_from.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def latest_published(norm: Norm) -> NormVersion | None:
    published = [v for v in norm.versions if v.status == "published"]
    return max(published, key=lambda v: v.effective_from, default=None)


# -- creating and changing versions -----------------------------------------


def ensure_draft(version: NormVersion) -> None:
    if not version.is_draft:
        raise Conflict(
            _(
                "%(label)s is published and can no longer be changed; "
                "create a new draft version instead.",
                label=version.label,
            )
        )


def _get_or_create_norm(meta: dict) -> Norm:
    norm = db.session.scalar(select(Norm).where(Norm.code == meta["code"]))
    if norm is None:
        norm = Norm(code=meta["code"], name=meta["name"], sector=meta["sector"])
        db.session.add(norm)
        db.session.flush()
    return norm


def _build_sections(version: NormVersion, doc: dict) -> None:
    position = 0
    for index, sec in enumerate(doc["sections"]):
        section = Section(
            code=sec["code"],
            position=index,
            title_nl=sec["title"]["nl"],
            title_en=sec["title"]["en"],
        )
        version.sections.append(section)
        for req in sec["requirements"]:
            position += 1
            section.requirements.append(_new_requirement(version, req, position))


def _new_requirement(version: NormVersion, req: dict, position: int) -> Requirement:
    return Requirement(
        version=version,
        code=req["code"],
        position=position,
        **_requirement_values(req),
    )


def _requirement_values(req: dict) -> dict:
    return {
        "title_nl": req["title"]["nl"],
        "title_en": req["title"]["en"],
        "guidance_nl": req["guidance"].get("nl", ""),
        "guidance_en": req["guidance"].get("en", ""),
        "severity": req["severity"],
        "part": req["part"],
        "applies_to": list(req["applies_to"]),
        "effective_from": req.get("effective_from"),
        "rule": _json_ready(req.get("rule")),
    }


def _json_ready(value):
    """Rules are stored as JSON: dates inside them become ISO strings."""
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def create_version(actor, doc: dict, *, now: datetime, based_on=None) -> NormVersion:
    """A new draft version from a (raw) version document."""
    parsed = parse_document(doc)
    norm = _get_or_create_norm(parsed["norm"])
    if any(v.version == parsed["version"] for v in norm.versions):
        message = _("Version %(v)s already exists.", v=parsed["version"])
        raise Conflict(message, {"version": [message]})
    version = NormVersion(
        norm=norm,
        version=parsed["version"],
        status="draft",
        effective_from=parsed["effective_from"],
        settings=parsed["settings"],
        based_on_id=based_on.id if based_on else None,
    )
    db.session.add(version)
    _build_sections(version, parsed)
    db.session.flush()
    audit.record(
        actor,
        "norm_version.create",
        "norm_version",
        version.id,
        now=now,
        after={"label": version.label, "based_on": getattr(based_on, "id", None)},
    )
    return version


def create_draft_from(
    actor, source: NormVersion, new_version: str, *, now
) -> NormVersion:
    """A draft copy of ``source`` under a new version number."""
    doc = version_document(source)
    doc["version"] = new_version
    doc.pop("status")
    return create_version(actor, doc, now=now, based_on=source)


def suggest_next_version(norm: Norm, today: date) -> str:
    taken = {v.version for v in norm.versions}
    serial = 1
    while f"{today.year}.{serial}" in taken:
        serial += 1
    return f"{today.year}.{serial}"


def publish_version(actor, version: NormVersion, effective_from: date, *, now) -> None:
    """Publish a draft; from now on it never changes."""
    ensure_draft(version)
    compiled_or_422(version)
    version.status = "published"
    version.effective_from = effective_from
    version.published_at = now
    db.session.flush()
    audit.record(
        actor,
        "norm_version.publish",
        "norm_version",
        version.id,
        now=now,
        after={"label": version.label, "effective_from": effective_from},
    )


def delete_draft(actor, version: NormVersion, *, now) -> None:
    ensure_draft(version)
    audit.record(
        actor,
        "norm_version.delete",
        "norm_version",
        version.id,
        now=now,
        before=version_document(version),
    )
    db.session.delete(version)
    db.session.flush()


def update_requirement(actor, version: NormVersion, code: str, changes: dict, *, now):
    """Change fields of one requirement of a draft; the result must still be a
    valid version document (rules are compiled and checked)."""
    ensure_draft(version)
    req = get_requirement(version, code)
    before = requirement_document(req)
    merged = {**before, **changes, "code": code}
    checked = _check_requirement_in(version, merged)
    for name, value in _requirement_values(checked).items():
        setattr(req, name, value)
    db.session.flush()
    audit.record(
        actor,
        "requirement.update",
        "requirement",
        req.id,
        now=now,
        before=before,
        after=requirement_document(req),
        note=version.label,
    )
    return req


def add_requirement(actor, version: NormVersion, section_code: str, doc: dict, *, now):
    ensure_draft(version)
    section = next((s for s in version.sections if s.code == section_code), None)
    if section is None:
        message = _("This section does not exist.")
        raise ValidationError(message, {"section": [message]})
    if any(r.code == doc.get("code") for r in version.requirements):
        message = _("A requirement with this code already exists.")
        raise Conflict(message, {"code": [message]})
    checked = _check_requirement_in(version, doc, section_code)
    position = max((r.position for r in version.requirements), default=0) + 1
    req = _new_requirement(version, checked, position)
    section.requirements.append(req)
    db.session.flush()
    audit.record(
        actor,
        "requirement.add",
        "requirement",
        req.id,
        now=now,
        after=requirement_document(req),
        note=version.label,
    )
    return req


def remove_requirement(actor, version: NormVersion, code: str, *, now) -> None:
    ensure_draft(version)
    req = get_requirement(version, code)
    audit.record(
        actor,
        "requirement.remove",
        "requirement",
        req.id,
        now=now,
        before=requirement_document(req),
        note=version.label,
    )
    req.section.requirements.remove(req)
    db.session.delete(req)
    db.session.flush()


def get_requirement(version: NormVersion, code: str) -> Requirement:
    for req in version.requirements:
        if req.code == code:
            return req
    raise NotFound(_("Requirement %(code)s does not exist in this version.", code=code))


def _check_requirement_in(version, req_doc: dict, section_code=None) -> dict:
    """Validate one requirement by validating the whole document it lands in."""
    doc = version_document(version)
    doc.pop("status")
    for section in doc["sections"]:
        reqs = section["requirements"]
        section["requirements"] = [r for r in reqs if r["code"] != req_doc["code"]]
        if section_code == section["code"] or any(
            r["code"] == req_doc["code"] for r in reqs
        ):
            section["requirements"].append(req_doc)
    parsed = parse_document(doc)
    for section in parsed["sections"]:
        for req in section["requirements"]:
            if req["code"] == req_doc["code"]:
                return req
    raise AssertionError("requirement vanished while checking")  # pragma: no cover


# -- shipped versions --------------------------------------------------------


def load_shipped(actor, *, now: datetime) -> list[str]:
    """Load the versions shipped with the app; existing ones are left alone.

    Returns the labels of the versions that were created.
    """
    created = []
    for doc in load_shipped_versions():
        norm = db.session.scalar(select(Norm).where(Norm.code == doc["norm"]["code"]))
        if norm and any(v.version == doc["version"] for v in norm.versions):
            continue
        version = create_version(actor, raw_document(doc), now=now)
        publish_version(actor, version, doc["effective_from"], now=now)
        created.append(version.label)
    return created


def diff_versions(old: NormVersion, new: NormVersion) -> dict:
    return diff_documents(
        raw_document(version_document(old)), raw_document(version_document(new))
    )


def replace_draft(actor, version: NormVersion, doc: dict, *, now) -> None:
    """Replace every section and requirement of a draft by a new document."""
    ensure_draft(version)
    doc = {**raw_document(doc), "norm": version_document(version)["norm"]}
    doc["version"] = version.version
    parsed = parse_document(doc)
    before = version_document(version)
    for section in list(version.sections):
        version.sections.remove(section)
    db.session.flush()
    version.effective_from = parsed["effective_from"]
    version.settings = parsed["settings"]
    _build_sections(version, parsed)
    db.session.flush()
    db.session.expire(version, ["requirements"])
    audit.record(
        actor,
        "norm_version.replace",
        "norm_version",
        version.id,
        now=now,
        before=before,
        after=version_document(version),
    )
