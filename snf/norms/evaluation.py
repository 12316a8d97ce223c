"""Judging observations under a norm version (compiled once, cached).

Split from ``services.py``; every name here is also importable from there.
"""

from datetime import date

from flask_babel import gettext as _

from snf.errors import ValidationError
from snf.norms import compiled_cache, rules
from snf.norms.documents import error_field, raw_document, version_document
from snf.norms.loader_data import parse_version_document
from snf.norms.models import NormVersion
from snf.norms.observations import validate_observations

# -- evaluation --------------------------------------------------------------


def compiled(version: NormVersion) -> rules.CompiledVersion:
    """The compiled rules of a version, compiled once per app and content.

    Keyed on the hash of the version document (``compiled_cache``), so a draft
    edited in place, or another database behind the same process, is compiled
    anew and never answered with stale rules.
    """
    doc = version_document(version)
    doc.pop("status")

    def compile_() -> rules.CompiledVersion:
        return rules.compile_version(parse_version_document(raw_document(doc)))

    return compiled_cache.cache().get(compiled_cache.content_hash(doc), compile_)


def compiled_or_422(version: NormVersion) -> rules.CompiledVersion:
    try:
        return compiled(version)
    except ValueError as exc:
        raise ValidationError(str(exc), {error_field(exc): [str(exc)]}) from exc


def evaluate(
    version: NormVersion,
    observations,
    on: date,
    lang: str = "en",
    part: str | None = None,
):
    """Evaluate observations under a version on a date.

    Malformed observations are a 422 naming each bad field; missing ones make
    the requirements that need them ``not_answered``. With ``part``
    ("administrative" or "location") only that part of the norm is judged.
    """
    clean, errors = validate_observations(observations)
    if errors:
        raise ValidationError(_("Some observations are invalid."), errors)
    found = compiled(version)
    codes = None if part is None else found.part_codes(part)
    return found.evaluate(clean, on=on, lang=lang, codes=codes)


def part_codes(version: NormVersion, part: str) -> frozenset[str]:
    return frozenset(r.code for r in version.requirements if r.part == part)


def only_part(evaluation, version: NormVersion, part: str | None, codes=None):
    """Keep the results of one part of the norm; the verdict follows them.
    Pass ``codes`` (from part_codes) when judging many documents."""
    if part is None:
        return evaluation
    codes = codes if codes is not None else part_codes(version, part)
    results = [r for r in evaluation.results if r.requirement in codes]
    failed = any(r.outcome in ("fail", "not_answered") for r in results)
    verdict = "non_conform" if failed or evaluation.notes else "conform"
    return rules.Evaluation(verdict, results, evaluation.notes)
