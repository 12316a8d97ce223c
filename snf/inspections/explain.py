"""Explanations of results and findings, in the reader's language.

An explanation is never stored as a sentence: a result or a finding keeps its
requirement code, and the inspection keeps the observations, its date and its
fixed, published norm version. That is the code with its parameters; the text
is rendered here, when someone reads it, from the version's own templates
(``explain: {en, nl}``) in that person's language. A published version never
changes, so the text is the one the inspector saw, in another language.
"""

import json
from collections import OrderedDict

from snf.inspections.models import Finding, Inspection
from snf.norms import services as norms

_CACHE: "OrderedDict[tuple, dict[str, str]]" = OrderedDict()
_CACHE_MAX = 512


def explanations(inspection: Inspection, lang: str) -> dict[str, str]:
    """Requirement code -> explanation of its result, in ``lang``."""
    version = inspection.norm_version
    if version is None or inspection.inspected_on is None:
        return {}
    observations = inspection.observations or {}
    compiled = norms.compiled(version)  # the key holds it: same rules, same text
    key = (
        compiled,
        inspection.inspected_on,
        lang,
        json.dumps(observations, sort_keys=True, default=str),
    )
    found = _CACHE.get(key)
    if found is None:
        evaluation = compiled.evaluate(
            observations, on=inspection.inspected_on, lang=lang
        )
        found = {r.requirement: r.explanation for r in evaluation.results}
        _CACHE[key] = found
        while len(_CACHE) > _CACHE_MAX:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return found


def results(inspection: Inspection, lang: str) -> list[dict]:
    """The stored results of a submitted inspection, each with its explanation
    in ``lang``."""
    texts = explanations(inspection, lang)
    return [
        {**result, "explanation": texts.get(result["requirement"], "")}
        for result in inspection.results or []
    ]


def finding_explanation(finding: Finding, lang: str) -> str:
    """Why the requirement of a finding failed, in ``lang``."""
    return explanations(finding.inspection, lang).get(finding.requirement_code, "")


def titles(inspection: Inspection, lang: str) -> dict[str, str]:
    """Requirement code -> title in ``lang``, for the inspection's version."""
    version = inspection.norm_version
    if version is None:
        return {}
    return {req.code: req.title(lang) for req in version.requirements}
