"""The role x route matrix: every route, every role, the expected status.

Each domain lists its cases in tests/access/<domain>.py as ``CASES``. A case's
``path`` may be a callable ``path(world) -> str`` that builds the URL from the
objects of ``world`` (one company's location, another body's inspection, ...),
so that object-level rules are checked, not only roles.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL_ROLES = ("anonymous", "admin", "inspector", "company", "verifier", "municipality")


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    path: str | Callable[[dict], str]
    expected: dict[str, int]
    json: Any = None
    data: dict | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    def url(self, world: dict) -> str:
        return self.path(world) if callable(self.path) else self.path

    def __post_init__(self):
        missing = set(ALL_ROLES) - set(self.expected)
        if missing:
            raise ValueError(f"{self.endpoint}: no expectation for {sorted(missing)}")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ALL_ROLES, status)


def only(roles, status: int, otherwise: int) -> dict[str, int]:
    """``status`` for the given roles, ``otherwise`` for the rest."""
    result = everyone(otherwise)
    result.update(dict.fromkeys(roles, status))
    if "anonymous" not in roles and otherwise == 403:
        result["anonymous"] = 401
    return result


def page(expected: dict) -> dict:
    """An HTML route: others are refused, anonymous callers sent to log in."""
    return {**everyone(403), "anonymous": 302, **expected}


def api(expected: dict) -> dict:
    """An API route: others are refused, anonymous callers get 401."""
    return {**everyone(403), "anonymous": 401, **expected}


def build_world(case: Case) -> dict:
    """The objects a case's URL points at: a tests/access/<domain>.py may define
    build(world); it runs for the cases of that module only."""
    objects: dict = {}
    if case.extra.get("build") is not None and callable(case.path):
        case.extra["build"](objects)
    return objects
