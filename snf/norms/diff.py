"""Differences between two versions of a norm, by requirement code."""

from typing import Any


def _flatten(value: Any, prefix: str) -> dict[str, Any]:
    """{"rule": {"params": {"min": 12.0}}} -> {"rule.params.min": 12.0}."""
    if isinstance(value, dict) and value:
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}.{key}"))
        return flat
    return {prefix: value}


def _requirements(doc: dict) -> dict[str, dict]:
    found = {}
    for section in doc["sections"]:
        for req in section["requirements"]:
            fields = {"section": section["code"]}
            for name, value in req.items():
                if name != "code":
                    fields.update(_flatten(value, name))
            found[req["code"]] = {"req": req, "section": section, "fields": fields}
    return found


def _summary(entry: dict) -> dict:
    req = entry["req"]
    return {
        "code": req["code"],
        "title": req["title"],
        "section": entry["section"]["code"],
        "severity": req["severity"],
    }


def diff_documents(old: dict, new: dict) -> dict:
    """``{"added", "removed", "changed"}`` as in API.md; each change names every
    field that differs (thresholds are ``rule.params.<name>``) with
    ``[old, new]``."""
    before, after = _requirements(old), _requirements(new)
    changed = []
    for code in after.keys() & before.keys():
        a, b = before[code]["fields"], after[code]["fields"]
        changes = {
            name: [a.get(name), b.get(name)]
            for name in sorted(a.keys() | b.keys())
            if a.get(name) != b.get(name)
        }
        if changes:
            title = after[code]["req"]["title"]
            changed.append({"code": code, "title": title, "changes": changes})
    order = list(after) + [c for c in before if c not in after]
    return {
        "added": [_summary(after[c]) for c in after if c not in before],
        "removed": [_summary(before[c]) for c in before if c not in after],
        "changed": sorted(changed, key=lambda c: order.index(c["code"])),
    }
