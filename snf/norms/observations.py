"""The observation vocabulary: what an inspector records, and how it is checked.

Rules are computed from these observations (DOMAIN.md §2.3). The vocabulary is
shared by every norm version; a key a version does not use is simply ignored.

Keys added to the domain list, because a requirement needs them:

- ``housing_season`` (year_round | seasonal): the agricultural norm from 2024.1
  has stricter rules for year-round housing.
- ``existing_holiday_park``: holiday-park housing that already existed, for the
  bedroom-area exception of 2017.1 and 2021.1.
- ``extinguisher_reob_certified``: the extinguisher was inspected by a
  REOB-certified firm (from 2017.1).
- ``combustion_appliance_present`` and ``fire_alarm_present``: the conditions
  under which the CO-detector and fire-alarm requirements apply.

- ``building_origin`` (existing | new_build | converted) and
  ``taken_into_use_on`` (a date, ``YYYY-MM-DD``): whether the building was
  newly built or converted (a hotel, an office) into housing, and when it was
  taken into use as housing; SNF 2025.2 asks 15 m² per person of new and
  converted buildings taken into use from 2025-07-01 (DOMAIN.md §2.1).
- ``sharing_consent`` of a bedroom: the residents who share it agreed to
  that in writing (SNF 2025.2: one person per bedroom unless they did).

``bunk_beds`` of a bedroom is a count (the number of bunk beds in it), so a
rule can say "none" and an inspector can record how many were found.

Besides the vocabulary, a document may hold three maps keyed by requirement
code: ``answers`` (yes/no items: true or false), ``not_applicable`` (a reason)
and ``notes`` (free text). Missing keys are fine: the requirement is then
"not answered". Error paths use 0-based list indexes (``bedrooms.0.area_m2``);
texts for people count from 1 ("bedroom 1").
"""

import datetime
import math
import re
from dataclasses import dataclass

HOUSING_TYPE_LABELS = {
    "regular_dwelling": {"en": "regular dwelling", "nl": "reguliere woning"},
    "hotel_pension": {"en": "hotel/pension", "nl": "hotel/pension"},
    "complex_units": {
        "en": "units in a building complex",
        "nl": "units in een gebouwencomplex",
    },
    "residential_units": {
        "en": "residential units (portacabins, chalets)",
        "nl": "wooneenheden (portacabins, chalets)",
    },
    "holiday_park": {"en": "holiday park", "nl": "vakantiepark"},
    "other": {
        "en": "other (seasonal, with permit)",
        "nl": "overig (seizoen, met vergunning)",
    },
    "touring_caravan": {"en": "touring caravan", "nl": "toercaravan"},
}
HOUSING_TYPES = tuple(HOUSING_TYPE_LABELS)
# Touring caravans are allowed by the agricultural norm only (DOMAIN.md §2, §6).
GENERAL_HOUSING_TYPES = HOUSING_TYPES[:-1]
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]+(\.[0-9]+)*\Z")
MAP_KEYS = ("answers", "not_applicable", "notes")
MAX_TEXT = 2000
MAX_ITEMS = 500
_MAX_DEPTH = 8
MEASURED_SUFFIXES = ("_m2", "_m3", "_m", "_litres")


@dataclass(frozen=True, slots=True)
class Field:
    """One observation: its type, unit, allowed range or choices and labels."""

    key: str
    kind: str  # number | integer | boolean | choice | date | list
    en: str
    nl: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()


def _num(key, en, nl, unit, lo, hi):
    return Field(key, "number", en, nl, unit, lo, hi)


def _int(key, en, nl, lo, hi):
    return Field(key, "integer", en, nl, None, lo, hi)


def _bool(key, en, nl):
    return Field(key, "boolean", en, nl)


def _choice(key, en, nl, *choices):
    return Field(key, "choice", en, nl, choices=choices)


def _date(key, en, nl):
    return Field(key, "date", en, nl)


# Short: a choice is shown in a third of a tablet's width.
BUILDING_ORIGIN_LABELS = {
    "existing": {"en": "existing", "nl": "bestaand"},
    "new_build": {"en": "newly built", "nl": "nieuwbouw"},
    "converted": {"en": "converted", "nl": "getransformeerd"},
}
# The use class keeps its Dutch building-code code (DOMAIN.md §2.1); English
# readers see it in English.
USE_CLASS_CHOICE_LABELS = {
    "wonen": {"en": "living", "nl": "wonen"},
    "logies": {"en": "lodging", "nl": "logies"},
}
SEASON_LABELS = {
    "year_round": {"en": "year-round", "nl": "jaarrond"},
    "seasonal": {"en": "seasonal", "nl": "seizoensgebonden"},
}
# What a person reads for a choice value (housing types and the others).
CHOICE_LABELS = {
    **HOUSING_TYPE_LABELS,
    **BUILDING_ORIGIN_LABELS,
    **USE_CLASS_CHOICE_LABELS,
    **SEASON_LABELS,
}


LOCATION_FIELDS = (
    _choice("housing_type", "housing type", "woonvorm", *HOUSING_TYPE_LABELS),
    _choice("use_class", "use class", "gebruiksfunctie", *USE_CLASS_CHOICE_LABELS),
    _choice("housing_season", "season", "seizoen", *SEASON_LABELS),
    _bool("existing_holiday_park", "existing holiday park", "bestaand vakantiepark"),
    _choice(
        "building_origin",
        "newly built or converted",
        "nieuwbouw of transformatie",
        *BUILDING_ORIGIN_LABELS,
    ),
    _date(
        "taken_into_use_on",
        "taken into use as housing on",
        "in gebruik als huisvesting sinds",
    ),
    _int("occupants", "number of occupants", "aantal bewoners", 1, 5000),
    _int("beds", "number of beds", "aantal bedden", 0, 5000),
    _num("living_area_m2", "usable floor area", "gebruiksoppervlakte", "m²", 0, 100000),
    _num("min_standing_height_m", "standing height", "stahoogte", "m", 0, 20),
    _bool("all_under_one_roof", "all facilities under one roof", "alles onder één dak"),
    _int("toilets", "number of toilets", "aantal toiletten", 0, 1000),
    _int("showers", "number of showers", "aantal douches", 0, 1000),
    _int("burners", "number of cooking burners", "aantal kookpitten", 0, 1000),
    _num("fridge_litres", "fridge/freezer space", "koel-/vriesruimte", "l", 0, 100000),
    _int("wall_sockets", "number of wall sockets", "aantal wandcontactdozen", 0, 20000),
    _bool("laundry_available", "washing machine available", "wasmachine aanwezig"),
    _bool(
        "drying_outside_bedroom", "drying outside bedrooms", "drogen buiten slaapkamers"
    ),
    _bool("extinguisher_present", "fire extinguisher present", "brandblusser aanwezig"),
    _bool("extinguisher_inspection_valid", "extinguisher inspected", "blusser gekeurd"),
    _bool("extinguisher_reob_certified", "REOB-certified inspection", "REOB-keuring"),
    _num(
        "extinguisher_distance_m",
        "extinguisher distance",
        "blusserafstand",
        "m",
        0,
        1e3,
    ),
    _bool("fire_blanket_present", "fire blanket present", "blusdeken aanwezig"),
    _bool("smoke_detectors_ok", "working smoke detectors", "werkende rookmelders"),
    _bool(
        "combustion_appliance_present", "combustion appliance", "verbrandingstoestel"
    ),
    _bool("co_detectors_ok", "working CO detectors", "werkende CO-melders"),
    _bool("fire_alarm_present", "fire-alarm installation", "brandmeldinstallatie"),
    _bool("fire_alarm_ok", "fire alarm maintained", "brandmeldinstallatie onderhouden"),
    _bool("info_card_present", "information card", "informatiekaart"),
    _bool("resident_information_ok", "resident information", "bewonersinformatie"),
    _bool(
        "occupancy_matches_administration",
        "occupancy matches the administration",
        "bezetting klopt met administratie",
    ),
    Field("bedrooms", "list", "bedrooms", "slaapkamers"),
)
BEDROOM_FIELDS = (
    _num("area_m2", "floor area", "vloeroppervlakte", "m²", 0, 1000),
    _int("persons", "number of persons", "aantal personen", 0, 100),
    _int("bunk_beds", "number of bunk beds", "aantal stapelbedden", 0, 50),
    _bool("mattresses_ok", "mattress size", "matrasmaat"),
    _bool("wardrobes_ok", "wardrobe per resident", "kledingkast per bewoner"),
    _bool("chairs_ok", "chair per resident", "stoel per bewoner"),
    _bool(
        "sharing_consent",
        "written consent to share",
        "schriftelijke toestemming om te delen",
    ),
)
VOCABULARY = {f.key: f for f in LOCATION_FIELDS}
BEDROOM_VOCABULARY = {f.key: f for f in BEDROOM_FIELDS}
# List observations: the vocabulary of one item and how people name an item.
LIST_FIELDS = {"bedrooms": BEDROOM_VOCABULARY}
ITEM_LABELS = {"bedrooms": {"en": "bedroom", "nl": "slaapkamer"}}


def validate_observations(doc) -> tuple[dict, dict[str, list[str]]]:
    """Check an observation document against the vocabulary.

    Returns ``(clean_doc, errors)``: the accepted values (integers as int,
    numbers as float, null values left out) and ``{field_path: [message]}``.
    """
    if not isinstance(doc, dict):
        return {}, {"_schema": ["must be an object"]}
    clean: dict = {}
    errors: dict[str, list[str]] = {}
    for key, value in doc.items():
        path = str(key)
        if key in MAP_KEYS:
            clean[key] = _check_code_map(key, value, errors)
        elif key in LIST_FIELDS:
            items = _check_items(key, value, errors)
            if items is not None:
                clean[key] = items
        elif key in VOCABULARY:
            _check_into(clean, errors, path, VOCABULARY[key], value)
        else:
            errors[path] = ["unknown observation"]
    return clean, errors


def _check_into(clean: dict, errors: dict, path: str, field: Field, value) -> None:
    if value is None:
        return
    message, accepted = check_value(field, value)
    if message:
        errors[path] = [message]
    else:
        clean[field.key] = accepted


def check_value(field: Field, value):
    """Return ``(error_message or None, accepted_value)`` for one value."""
    if field.kind == "boolean":
        return (
            (None, value)
            if isinstance(value, bool)
            else ("must be true or false", None)
        )
    if field.kind == "choice":
        if isinstance(value, str) and value in field.choices:
            return None, value
        return "must be one of: " + ", ".join(field.choices), None
    if field.kind == "date":
        return (None, value) if is_iso_date(value) else (DATE_MESSAGE, None)
    # A bool is an int to Python, and "3" is not a number: both are refused.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _type_message(field), None
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number", None
    if field.kind == "integer":
        if isinstance(value, float) and not value.is_integer():
            return _type_message(field), None
        value = int(value)
    # Compare before converting: a huge int has no float.
    message = _range_message(field, value)
    if message:
        return message, None
    return None, value if field.kind == "integer" else float(value)


DATE_MESSAGE = "must be a date (YYYY-MM-DD)"
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def is_iso_date(value) -> bool:
    """A calendar date written ``YYYY-MM-DD`` (and nothing else Python reads
    as ISO), from the year 1000: rules compare such dates as text."""
    if not isinstance(value, str):
        return False
    match = _ISO_DATE.fullmatch(value)
    if not match or int(match.group(1)) < 1000:
        return False
    try:
        datetime.date(*map(int, match.groups()))
    except ValueError:
        return False
    return True


def _type_message(field: Field) -> str:
    return "must be a whole number" if field.kind == "integer" else "must be a number"


def _range_message(field: Field, value: float) -> str | None:
    if field.min is not None and value < field.min:
        return f"must be at least {field.min:g}"
    if field.max is not None and value > field.max:
        return f"must be at most {field.max:g}"
    return None


def _check_items(key: str, value, errors: dict) -> list | None:
    if value is None:
        return None
    if not isinstance(value, list):
        errors[key] = ["must be a list"]
        return None
    if len(value) > MAX_ITEMS:
        errors[key] = [f"must have at most {MAX_ITEMS} items"]
        return None
    vocabulary = LIST_FIELDS[key]
    items = []
    for index, item in enumerate(value):
        path = f"{key}.{index}"
        if not isinstance(item, dict):
            errors[path] = ["must be an object"]
            continue
        clean: dict = {}
        for name, field_value in item.items():
            if name in vocabulary:
                _check_into(
                    clean, errors, f"{path}.{name}", vocabulary[name], field_value
                )
            else:
                errors[f"{path}.{name}"] = ["unknown observation"]
        items.append(clean)
    return items


def _check_code_map(key: str, value, errors: dict) -> dict:
    if not isinstance(value, dict):
        errors[key] = ["must be an object keyed by requirement code"]
        return {}
    clean = {}
    for code, entry in value.items():
        path = f"{key}.{code}"
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            errors[path] = ["is not a requirement code"]
            continue
        message = _map_entry_message(key, entry)
        if message:
            errors[path] = [message]
        elif key == "answers":
            clean[code] = entry
        else:
            clean[code] = entry.strip()
    return clean


def _map_entry_message(key: str, entry) -> str | None:
    if key == "answers":
        return None if isinstance(entry, bool) else "must be true or false"
    if not isinstance(entry, str):
        return "must be text"
    if len(entry) > MAX_TEXT:
        return f"must be at most {MAX_TEXT} characters"
    if key == "not_applicable" and not entry.strip():
        return "must give a reason"
    return None
