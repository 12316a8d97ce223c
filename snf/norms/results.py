"""What an evaluation gives: one result per requirement and the verdict.

A result's explanation is written when it is first read: what-if and the
verdict never read the explanations of thousands of documents, a report
reads them all. ``explanation`` may be given as text or as a function of no
arguments that writes it (called at most once per result).
"""

from dataclasses import FrozenInstanceError, dataclass

_FIELDS = ("requirement", "outcome", "severity", "explanation", "section")


class Result:
    __slots__ = ("requirement", "outcome", "severity", "_explanation", "section")
    __match_args__ = _FIELDS

    def __init__(self, requirement, outcome, severity, explanation, section):
        _set_requirement(self, requirement)
        _set_outcome(self, outcome)
        _set_severity(self, severity)
        _set_explanation(self, explanation)
        _set_section(self, section)

    @property
    def explanation(self) -> str:
        text = self._explanation
        if text.__class__ is not str:
            text = text()
            _set_explanation(self, text)
        return text

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other):
        if other.__class__ is not Result:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self):
        return hash(self._values())

    def __repr__(self):
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"Result({fields})"

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    __delattr__ = __setattr__


# The slots' own setters: quicker than object.__setattr__, and past the
# __setattr__ that keeps a result read-only.
_set_requirement = Result.requirement.__set__
_set_outcome = Result.outcome.__set__
_set_severity = Result.severity.__set__
_set_explanation = Result._explanation.__set__
_set_section = Result.section.__set__


@dataclass(frozen=True, slots=True)
class Evaluation:
    verdict: str
    results: list[Result]
    notes: list[str]
