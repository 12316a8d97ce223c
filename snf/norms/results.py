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
        set_ = object.__setattr__
        set_(self, "requirement", requirement)
        set_(self, "outcome", outcome)
        set_(self, "severity", severity)
        set_(self, "_explanation", explanation)
        set_(self, "section", section)

    @property
    def explanation(self) -> str:
        text = self._explanation
        if text.__class__ is not str:
            text = text()
            object.__setattr__(self, "_explanation", text)
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


@dataclass(frozen=True, slots=True)
class Evaluation:
    verdict: str
    results: list[Result]
    notes: list[str]
