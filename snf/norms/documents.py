"""A norm version as a document (API.md, the shipped YAML) and back.

Split from ``services.py``; every name here is also importable from there.
"""

import json

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from snf.errors import ValidationError
from snf.extensions import db
from snf.norms import rules
from snf.norms.loader_data import parse_version_document
from snf.norms.models import NormVersion, Requirement, Section

# -- documents ---------------------------------------------------------------


def load_whole(version_id: int) -> NormVersion:
    """The version with its norm, sections and their requirements loaded in
    three statements, not one per section (the checklist page reads them all).
    Already loaded collections are left as they are."""
    query = (
        select(NormVersion)
        .where(NormVersion.id == version_id)
        .options(
            joinedload(NormVersion.norm),
            selectinload(NormVersion.sections).selectinload(Section.requirements),
        )
    )
    return db.session.scalars(query).one()


def load_with_norm(version_id: int) -> NormVersion:
    """The version and its norm in one statement (without its sections)."""
    query = (
        select(NormVersion)
        .where(NormVersion.id == version_id)
        .options(joinedload(NormVersion.norm))
    )
    return db.session.scalars(query).one()


def load_sections(version: NormVersion) -> NormVersion:
    """The sections and requirements of a loaded version in two statements
    (left as they are when already loaded)."""
    if "sections" in version.__dict__:
        return version
    query = (
        select(Section)
        .where(Section.version_id == version.id)
        .order_by(Section.position)
        .options(selectinload(Section.requirements))
    )
    set_committed_value(version, "sections", list(db.session.scalars(query)))
    return version


def version_document(version: NormVersion) -> dict:
    """The version as the document of API.md (and of the shipped YAML)."""
    return {
        "norm": {
            "code": version.norm.code,
            "name": version.norm.name,
            "sector": version.norm.sector,
        },
        "version": version.version,
        "status": version.status,
        "effective_from": version.effective_from,
        "settings": dict(version.settings or {}),
        "sections": [_section_document(s) for s in version.sections],
    }


def _section_document(section: Section) -> dict:
    return {
        "code": section.code,
        "title": {"nl": section.title_nl, "en": section.title_en},
        "requirements": [requirement_document(r) for r in section.requirements],
    }


def requirement_document(req: Requirement) -> dict:
    return {
        "code": req.code,
        "title": {"nl": req.title_nl, "en": req.title_en},
        "guidance": {"nl": req.guidance_nl, "en": req.guidance_en},
        "severity": req.severity,
        "part": req.part,
        "applies_to": list(req.applies_to),
        "effective_from": req.effective_from,
        "rule": req.rule,
    }


def json_document(version: NormVersion) -> dict:
    """The version document with dates as ISO strings (for JSON and the tablet)."""
    return raw_document(version_document(version))


def parse_document(doc) -> dict:
    """Check a version document; a bad field comes back as a 422 naming it."""
    try:
        return parse_version_document(doc)
    except rules.RuleError as exc:
        path = f"requirements.{exc.requirement_code}.{exc.field}"
        raise ValidationError(exc.message, {path: [exc.message]}) from exc
    except ValueError as exc:
        raise ValidationError(str(exc), {error_field(exc): [str(exc)]}) from exc


def error_field(exc: ValueError) -> str:
    field = getattr(exc, "field", None)
    return field or str(exc).split(":", 1)[0]


def raw_document(doc: dict) -> dict:
    return json.loads(json.dumps(doc, default=str))
