"""What an evaluation gives: one result per requirement and the verdict.

A result's explanation is written when it is first read: what-if and the
verdict never read the explanations of thousands of documents, a report
reads them all. ``explanation`` may be given as text or as a function of no
arguments that writes it (called at most once per result).
"""

from dataclasses import FrozenInstanceError, dataclass
from operator import itemgetter

_FIELDS = ("requirement", "outcome", "severity", "explanation", "section")
_new = tuple.__new__


class Result(tuple):
    """One requirement's result, read-only.

    A tuple underneath, (requirement, outcome, severity, [explanation],
    section), because the function written per version makes 35 of them per
    document and a tuple is made in one step; the explanation sits in a list
    so that it can be written once, when first read. Compared, hashed and
    shown by its fields, never as the tuple.
    """

    __slots__ = ()
    __match_args__ = _FIELDS

    def __new__(cls, requirement, outcome, severity, explanation, section):
        return _new(cls, (requirement, outcome, severity, [explanation], section))

    requirement = property(itemgetter(0))
    outcome = property(itemgetter(1))
    severity = property(itemgetter(2))
    section = property(itemgetter(4))

    @property
    def explanation(self) -> str:
        cell = self[3]
        text = cell[0]
        if text.__class__ is not str:
            text = cell[0] = text()
        return text

    def _values(self) -> tuple:
        return (self[0], self[1], self[2], self.explanation, self[4])

    def __getnewargs__(self):
        return self._values()

    def __eq__(self, other):
        if other.__class__ is not Result:
            return NotImplemented
        return self._values() == other._values()

    def __ne__(self, other):
        if other.__class__ is not Result:
            return NotImplemented
        return self._values() != other._values()

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
