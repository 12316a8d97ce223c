"""The plan of one generated company: name, locations, visits and history.

Company i has its own random streams (one for the company, one for its
history), so its data stays the same whatever else exists.
"""

import math
import random
import zlib
from datetime import UTC, datetime, time, timedelta

from snf.database import AMSTERDAM
from snf.demo_scale.data import (
    FAMILIES,
    HOUSING,
    NAME_PATTERNS,
    PC_LETTERS,
    PROVINCES,
    STREETS,
)
from snf.demo_scale.history import plan_history
from snf.demo_scale.observations import observations
from snf.demo_scale.run import Run

KVK_BASE, KVK_SPAN = 85_000_000, 1_000_000
SMALL = 5  # at most this many locations: a small company


def kvk(index: int) -> str:
    # Multiplying by a number coprime to the span is a bijection: unique KvKs.
    return f"{KVK_BASE + (index * 7_919 + 104_729) % KVK_SPAN:08d}"


def location_count(rng: random.Random, index: int) -> int:
    """1-5 for 5 in 7 companies, 6-100 for 1 in 7, above 100 for 1 in 7: about
    28.5 on average, as DOMAIN.md §1 (~700 companies, ~20,000 locations)."""
    kind = index % 7
    if kind == 3:
        return min(101 + int(rng.expovariate(1 / 53)), 900)
    if kind == 5:
        return round(math.exp(rng.uniform(math.log(6), math.log(100))))
    return rng.choices((1, 2, 3, 4, 5), weights=(30, 25, 20, 15, 10))[0]


def plan_company(run: Run, seed, index: int, inspectors, taken) -> None:
    rng = random.Random(f"{seed}:{index}")  # noqa: S311
    province = rng.choices(PROVINCES, weights=[p[1] for p in PROVINCES])[0]
    home = rng.choice(province[2])
    name = rng.choice(NAME_PATTERNS).format(family=rng.choice(FAMILIES), town=home[0])
    body = rng.choice(inspectors)
    company = {
        "kind": "company", "kvk": kvk(index), "town": home[0],
        "name": _unique_name(name, home[0], run.names),
        "body_id": body[0].organisation_id, "locations": [],
    }  # fmt: skip
    run.companies.append(company)
    visits = []
    for _ in range(location_count(rng, index)):
        town = _location_town(rng, home, province)
        location = _plan_location(rng, town, taken)
        location["company"] = company
        visits.append(_plan_visit(rng, run.now, location, rng.choice(body)))
        company["locations"].append(location)
    _plan_history(random.Random(f"{seed}:{index}:history"), run, company, visits)  # noqa: S311
    run.locations += company["locations"]
    run.visits += visits


def _at(day) -> datetime:
    """A date of legal effect as the UTC moment it was recorded (10:00 local)."""
    return datetime.combine(day, time(10, 0), AMSTERDAM).astimezone(UTC)


def _plan_history(rng, run: Run, company: dict, visits: list[dict]) -> None:
    days = [v["inspected_on"] for v in visits]
    today = run.now.astimezone(AMSTERDAM).date()
    small = len(visits) <= SMALL
    periods = plan_history(rng, today, min(days), max(days), small=small)
    company["periods"] = periods
    company["created_at"] = _at(periods[0].applied_on) - timedelta(
        days=rng.randint(1, 30), minutes=rng.randint(0, 420)
    )
    # Every location exists before the certificate that covers it: the first
    # one when the company signs up, the others before the last registration.
    last = periods[-1].registered_on or periods[-1].applied_on
    first = company["created_at"]
    for location, visit in zip(company["locations"], visits, strict=True):
        latest = max(first, min(_at(last), visit["created_at"]))
        location["created_at"] = first + (latest - first) * rng.random()
    company["locations"][0]["created_at"] = first


def _unique_name(name: str, town: str, taken: set[str]) -> str:
    # No random draw here: company i's stream stays the same whatever exists.
    stem = name.removesuffix(" BV")
    candidates = [name, f"{stem} {town} BV"]
    if town in stem:
        candidates[1] = f"{stem} Holding BV"
    candidates += (f"{stem} {n} BV" for n in range(2, 10_000))
    unique = next(c for c in candidates if c not in taken)
    taken.add(unique)
    return unique


def _location_town(rng, home, province):
    roll = rng.random()
    if roll < 0.5:
        return home
    if roll < 0.75:
        return rng.choice(province[2])
    other = rng.choices(PROVINCES, weights=[p[1] for p in PROVINCES])[0]
    return rng.choice(other[2])


def _plan_location(rng, town, taken: set) -> dict:
    name, first, span = town
    while True:
        letters = rng.choice(PC_LETTERS) + rng.choice(PC_LETTERS)
        if letters in ("SA", "SD", "SS"):
            continue
        postcode = f"{first + rng.randrange(span)}{letters}"
        number = min(1 + int(rng.expovariate(1 / 40)), 400)
        if (postcode, number) not in taken:
            taken.add((postcode, number))
            break
    housing, _w, (low, high), wonen = rng.choices(HOUSING, [h[1] for h in HOUSING])[0]
    return {
        "street": STREETS[zlib.crc32(postcode.encode()) % len(STREETS)],
        "house_number": number, "house_letter": "", "house_addition": "",
        "postcode": postcode, "town": name, "bag_id": None, "housing_type": housing,
        "use_class": "wonen" if rng.random() < wonen else "logies",
        "beds": rng.randint(low, high),
    }  # fmt: skip


def _plan_visit(rng, now: datetime, location: dict, inspector) -> dict:
    today = now.astimezone(AMSTERDAM).date()
    while True:  # "other" housing is seasonal: not between 1 Nov and 1 Apr
        on = today - timedelta(days=rng.randint(1, 365))
        if location["housing_type"] != "other" or 4 <= on.month <= 10:
            break
    start = time(rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
    started = datetime.combine(on, start, AMSTERDAM).astimezone(UTC)
    return {
        "inspected_on": on,
        "inspector": inspector,
        "started_at": started,
        "submitted_at": started + timedelta(minutes=rng.randint(45, 180)),
        "created_at": started - timedelta(days=rng.randint(2, 21)),
        "observations": observations(rng, location),
    }
