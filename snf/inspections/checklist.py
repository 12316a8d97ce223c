"""The checklist of one inspection: what to ask, grouped as the inspector walks.

General facts (housing type, occupants, beds, ...) are asked once at the top,
bedrooms in a repeatable block, and every other observation at the first
requirement that needs it. Only requirements that apply to the housing type on
the inspection date are shown.
"""

from dataclasses import dataclass, field
from datetime import date

from snf.norms.models import NormVersion, Requirement
from snf.norms.observations import BEDROOM_VOCABULARY, VOCABULARY, Field

GENERAL_KEYS = (
    "housing_type",
    "use_class",
    "housing_season",
    "occupants",
    "beds",
    "living_area_m2",
    "existing_holiday_park",
    "building_origin",
    "taken_into_use_on",
)

ALWAYS_ASKED = ("housing_type", "occupants", "beds")


@dataclass
class Item:
    requirement: Requirement
    inputs: list[Field] = field(default_factory=list)
    yes_no: bool = False


@dataclass
class Group:
    code: str
    title: str
    items: list[Item]


@dataclass
class Checklist:
    general: list[Field]
    bedroom_fields: list[Field]
    uses_bedrooms: bool
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)


def applies(req: Requirement, housing_type: str | None, on: date, part: str) -> bool:
    if req.part != part:
        return False
    if housing_type and housing_type not in req.applies_to:
        return False
    return req.effective_from is None or req.effective_from <= on


def _rule_inputs(rule: dict | None) -> list[str]:
    if not rule:
        return []
    names = list(rule.get("inputs") or []) + list(rule.get("optional_inputs") or [])
    if rule.get("each"):
        names.append(rule["each"])
    return names


def build_checklist(
    version: NormVersion, housing_type, on: date, lang: str, part: str = "location"
) -> Checklist:
    asked = set(GENERAL_KEYS) | {"bedrooms"}
    groups, uses_bedrooms, used = [], False, set(ALWAYS_ASKED)
    for section in version.sections:
        items = []
        for req in section.requirements:
            if not applies(req, housing_type, on, part):
                continue
            names = _rule_inputs(req.rule)
            used.update(names)
            uses_bedrooms |= "bedrooms" in names
            fresh = [n for n in names if n not in asked and n in VOCABULARY]
            asked.update(fresh)
            items.append(Item(req, [VOCABULARY[n] for n in fresh], yes_no=not req.rule))
        if items:
            title = section.title_nl if lang == "nl" else section.title_en
            groups.append(Group(section.code, title, items))
    general = [VOCABULARY[k] for k in GENERAL_KEYS if k in used and k in VOCABULARY]
    return Checklist(general, list(BEDROOM_VOCABULARY.values()), uses_bedrooms, groups)
