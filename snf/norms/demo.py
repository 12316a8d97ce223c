"""Demo: the shipped versions, and a draft the norm committee is working on."""

from datetime import datetime

from snf.errors import NotFound
from snf.norms import services

DRAFT = "2026.1"
ESCAPE_ROUTES = {
    "code": "B-7.8",
    "title": {
        "nl": "Vluchtwegen zijn vrij van obstakels",
        "en": "Escape routes are free of obstacles",
    },
    "guidance": {
        "nl": "Gangen, trappen en nooduitgangen zijn vrij; "
        "deuren gaan zonder sleutel open.",
        "en": "Corridors, stairs and emergency exits are clear; "
        "doors open without a key.",
    },
    "severity": "major",
    "part": "location",
    "applies_to": [
        "regular_dwelling",
        "hotel_pension",
        "complex_units",
        "residential_units",
        "holiday_park",
        "other",
    ],
    "effective_from": None,
    "rule": None,
}


def load_norms_demo(now: datetime) -> None:
    services.load_shipped(None, now=now)
    try:
        services.get_version("SNF", DRAFT)
        return
    except NotFound:
        pass
    source = services.get_version("SNF", "2024.1")
    draft = services.create_draft_from(None, source, DRAFT, now=now)
    toilets = services.get_requirement(draft, "B-3.1")
    rule = {
        **toilets.rule,
        "params": {**toilets.rule["params"], "occupants_per_toilet": 6.0},
    }
    services.update_requirement(None, draft, "B-3.1", {"rule": rule}, now=now)
    services.add_requirement(None, draft, "B-7", ESCAPE_ROUTES, now=now)
