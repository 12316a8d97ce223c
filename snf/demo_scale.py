"""Demo data at national scale (DOMAIN.md §1): ``flask --app snf demo --scale N``.

N companies (700 give ~20,000 locations and ~145,000 beds), each location with
one submitted periodic inspection of the last twelve months, judged by the
real rules of the norm version in force on its date.

Fast on purpose: rows go in with SQLAlchemy Core ``insert()`` in batches of
``BATCH``, and each inspection is judged with ``norms.compiled(version)
.evaluate`` and ``norms.only_part(..., "location")``, storing the verdict,
results and findings that ``submit_inspection`` would store. Left out on
purpose for the generated rows: audit entries (the inspection bodies and
inspector accounts do go through the services and are audited) and the
settling of earlier findings (every location has one inspection). Findings
stay open, as a submission leaves them.

Company i always gets the same KvK number, in 85000000-85999999 (a range the
demo and the test factories don't use), and its own random stream: companies
whose KvK number exists are skipped with everything under them, so a second
run adds nothing and ``--scale 800`` after ``--scale 700`` adds 100.

A later step (certificates, status histories, ...) is a ``Step`` appended to
``STEPS``: ``run(run) -> counts`` does the work, reading the plan and the ids
the earlier steps stored in it, and calls ``run.advance(n)``; ``units(run)``
says beforehand how many units it will advance, for the progress bar.
"""

import math
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import insert, select

from snf.auth import services as auth
from snf.auth.models import Organisation
from snf.database import AMSTERDAM
from snf.errors import Conflict
from snf.extensions import db
from snf.inspections.findings import DEFAULT_MAJOR_DAYS
from snf.inspections.models import Finding, Inspection, Location
from snf.norms import services as norms
from snf.norms.models import Requirement

BATCH = 2000
KVK_BASE, KVK_SPAN = 85_000_000, 1_000_000
NORM = "SNF"
FAILING_SHARE = 0.15
LIVING_SPACE_M2 = {"wonen": 12.0, "logies": 10.0}  # DOMAIN.md §2.1

# province, weight (where labour migrants live), towns: (name, postcode, span)
PROVINCES = (
    ("Zuid-Holland", 22, (("Naaldwijk", 2671, 4), ("Honselersdijk", 2675, 1),
        ("'s-Gravenzande", 2691, 4), ("Rotterdam", 3011, 80), ("Den Haag", 2511, 80),
        ("Dordrecht", 3311, 20), ("Bleiswijk", 2665, 2), ("Leiden", 2311, 25))),
    ("Noord-Brabant", 20, (("Tilburg", 5011, 40), ("Eindhoven", 5611, 50),
        ("Breda", 4811, 30), ("Helmond", 5701, 8), ("Oss", 5341, 8),
        ("Waalwijk", 5141, 5), ("Roosendaal", 4701, 8), ("Deurne", 5751, 3))),
    ("Limburg", 12, (("Venlo", 5911, 18), ("Venray", 5801, 4), ("Horst", 5961, 3),
        ("Roermond", 6041, 8), ("Maastricht", 6211, 20), ("Sittard", 6131, 6))),
    ("Gelderland", 12, (("Nijmegen", 6511, 35), ("Arnhem", 6811, 35),
        ("Tiel", 4001, 7), ("Ede", 6711, 8), ("Apeldoorn", 7311, 25),
        ("Doetinchem", 7001, 9))),
    ("Noord-Holland", 10, (("Amsterdam", 1011, 90), ("Haarlem", 2011, 30),
        ("Alkmaar", 1811, 15), ("Hoorn", 1621, 8), ("Zaandam", 1501, 7))),
    ("Utrecht", 5, (("Utrecht", 3511, 50), ("Amersfoort", 3811, 20),
        ("Veenendaal", 3901, 7))),
    ("Overijssel", 5, (("Zwolle", 8011, 35), ("Enschede", 7511, 35),
        ("Deventer", 7411, 15), ("Almelo", 7601, 8))),
    ("Flevoland", 4, (("Almere", 1311, 50), ("Lelystad", 8211, 15),
        ("Dronten", 8251, 3), ("Emmeloord", 8301, 3))),
    ("Zeeland", 3, (("Middelburg", 4331, 4), ("Goes", 4461, 5),
        ("Terneuzen", 4531, 6))),
    ("Drenthe", 3, (("Emmen", 7811, 15), ("Assen", 9401, 7),
        ("Hoogeveen", 7901, 8))),
    ("Groningen", 2, (("Groningen", 9711, 36), ("Veendam", 9641, 5))),
    ("Friesland", 2, (("Leeuwarden", 8911, 25), ("Sneek", 8601, 5),
        ("Drachten", 9201, 4))),
)  # fmt: skip
STREETS = (
    "Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Schoolstraat",
    "Nieuwstraat", "Julianastraat", "Wilhelminastraat", "Industrieweg", "Hoofdstraat",
    "Kastanjelaan", "Eikenlaan", "Havenweg", "Veilingweg", "Tuinbouwweg", "Lindenlaan",
    "Beatrixlaan", "Oranjestraat", "Parallelweg", "Sportlaan", "Burgemeester Visserweg",
    "Prinses Irenestraat", "Zuidweg", "Noordeinde", "Achterweg", "Polderweg",
)  # fmt: skip
FAMILIES = (
    "De Vries", "Jansen", "Van den Berg", "Bakker", "Visser", "Smit", "Meijer",
    "De Boer", "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
    "Van Leeuwen", "Brouwer", "De Wit", "Dijkstra", "Van Dijk", "Verhoeven",
    "Kuipers", "Van der Linden", "Postma", "Willems", "Van Vliet", "Schouten", "Koster",
    "Kowalski", "Nowak",
)  # fmt: skip
NAME_PATTERNS = (
    "{family} Uitzendbureau BV", "{family} Huisvesting BV", "{town} Flexwonen BV",
    "Flexpool {town} BV", "{family} Personeelsdiensten BV", "Agro {family} BV",
    "{family} Kwekerijen BV", "Euroflex {town} BV", "{family} & Zonen Logies BV",
    "Interwork {town} BV",
)  # fmt: skip
# housing type, weight, beds (low, high), share with use class "wonen"
HOUSING = (
    ("regular_dwelling", 58, (3, 8), 0.95), ("complex_units", 12, (4, 12), 0.8),
    ("residential_units", 10, (2, 8), 0.5), ("hotel_pension", 8, (12, 36), 0.0),
    ("holiday_park", 10, (2, 6), 0.1), ("other", 2, (4, 12), 0.0),
)  # fmt: skip
# inspection body, KvK, town, mail domain, inspectors
BODIES = (
    ("Flexkeur Inspecties BV", "84990011", "Amersfoort", "flexkeur.example",
        ("Marieke Hoekstra", "Daan Kramer", "Lotte Scholten")),
    ("Zuid Huisvestingscontrole BV", "84990022", "Eindhoven",
        "zuidcontrole.example", ("Bram Verbeek", "Noor van Gils", "Ruud Claassen")),
    ("Kustkeuring Nederland BV", "84990033", "Rotterdam", "kustkeuring.example",
        ("Sophie de Jong", "Joris Vermeulen")),
    ("Oost Woonkeur BV", "84990044", "Zwolle", "oostwoonkeur.example",
        ("Femke Nijland", "Henk Wolters")),
)  # fmt: skip
PC_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # F, I, O, Q, U and Y are not used


def _kvk(index: int) -> str:
    # Multiplying by a number coprime to the span is a bijection: unique KvKs.
    return f"{KVK_BASE + (index * 7_919 + 104_729) % KVK_SPAN:08d}"


@dataclass
class Run:
    """What the steps share: the plan, and the ids the earlier steps inserted."""

    now: datetime
    companies: list[dict] = field(default_factory=list)  # organisation rows
    locations: list[dict] = field(default_factory=list)  # location rows
    visits: list[dict] = field(default_factory=list)  # per location: inspection plan
    names: set[str] = field(default_factory=set)  # company names in use
    progress: Callable[[int, int], None] | None = None
    done: int = 0
    total: int = 0

    def advance(self, units: int) -> None:
        self.done += units
        if self.progress is not None:
            self.progress(self.done, self.total)


def generate(n_companies: int, *, now: datetime, seed: int = 2014, progress=None):
    """Create up to ``n_companies`` generated companies with their locations and
    inspections; flushes, the caller commits. Returns counts of what was made."""
    inspectors = _inspectors(now)
    index = range(n_companies)
    existing = _existing_kvks([_kvk(i) for i in index])
    run = Run(now=now, progress=progress, names=_company_names())
    taken = _taken_addresses()
    for i in (i for i in index if _kvk(i) not in existing):
        _plan_company(run, random.Random(f"{seed}:{i}"), i, inspectors, taken)  # noqa: S311
    run.total = sum(step.units(run) for step in STEPS)
    counts = {
        "skipped_companies": len(existing),
        "inspection_bodies": len(inspectors),
        "inspectors": sum(map(len, inspectors)),
    }
    for step in STEPS:
        counts.update(step.run(run))
    return counts


def _existing_kvks(kvks: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(kvks), BATCH):
        chunk = kvks[start : start + BATCH]
        query = select(Organisation.kvk).where(Organisation.kvk.in_(chunk))
        found.update(db.session.scalars(query))
    return found


def _company_names() -> set[str]:
    query = select(Organisation.name).where(Organisation.kind == "company")
    return set(db.session.scalars(query))


def _taken_addresses() -> set[tuple[str, int]]:
    query = select(Location.postcode, Location.house_number).where(
        Location.house_letter == "", Location.house_addition == ""
    )
    return {(p, n) for p, n in db.session.execute(query)}


def _inspectors(now: datetime) -> list[list]:
    """The generated inspection bodies and their inspectors (few: hashing is slow)."""
    password = current_app.config["DEMO_PASSWORD"]
    bodies = []
    for name, kvk, town, domain, people in BODIES:
        body = auth.find_organisation(name) or auth.create_organisation(
            None, kind="inspection_body", name=name, kvk=kvk, town=town, now=now
        )
        users = []
        for person in people:
            email = person.lower().replace(" ", ".") + "@" + domain
            user = auth.find_user_by_email(email) or auth.create_user(
                None, email=email, password=password, role="inspector",
                organisation=body, now=now, name=person,
            )  # fmt: skip
            users.append(user)
        bodies.append(users)
    return bodies


# -- the plan ----------------------------------------------------------------


def _location_count(rng: random.Random, index: int) -> int:
    """1-5 for 5 in 7 companies, 6-100 for 1 in 7, above 100 for 1 in 7: about
    28.5 on average, as DOMAIN.md §1 (~700 companies, ~20,000 locations)."""
    kind = index % 7
    if kind == 3:
        return min(101 + int(rng.expovariate(1 / 53)), 900)
    if kind == 5:
        return round(math.exp(rng.uniform(math.log(6), math.log(100))))
    return rng.choices((1, 2, 3, 4, 5), weights=(30, 25, 20, 15, 10))[0]


def _plan_company(run: Run, rng, index: int, inspectors, taken) -> None:
    province = rng.choices(PROVINCES, weights=[p[1] for p in PROVINCES])[0]
    home = rng.choice(province[2])
    created = run.now - timedelta(days=rng.randint(400, 3650))
    name = rng.choice(NAME_PATTERNS).format(family=rng.choice(FAMILIES), town=home[0])
    company = {
        "kind": "company", "kvk": _kvk(index), "town": home[0], "created_at": created,
        "name": _unique_name(name, home[0], run.names),
    }  # fmt: skip
    run.companies.append(company)
    body = rng.choice(inspectors)
    for _ in range(_location_count(rng, index)):
        town = _location_town(rng, home, province)
        location = _plan_location(rng, town, taken)
        location["company"] = company
        visit = _plan_visit(rng, run.now, location, rng.choice(body))
        registered = (visit["started_at"] - created) * (0.8 * rng.random())
        location["created_at"] = created + registered
        run.locations.append(location)
        run.visits.append(visit)


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
        "observations": _observations(rng, location),
    }


def _burners_needed(occupants: int) -> int:
    if occupants <= 8:
        return 4
    return math.ceil(occupants / 2) if occupants <= 30 else 16


def _observations(rng, location: dict) -> dict:
    beds, use_class = location["beds"], location["use_class"]
    occupants = beds
    if rng.random() < 0.3:
        occupants = max(1, beds - rng.randint(1, max(1, beds // 4)))
    combustion = rng.random() < 0.35
    alarm = location["housing_type"] in ("hotel_pension", "complex_units") or beds > 15
    doc = {
        "housing_type": location["housing_type"], "use_class": use_class,
        "occupants": occupants, "beds": beds,
        "living_area_m2": round(beds * (LIVING_SPACE_M2[use_class] +
                                        rng.uniform(1, 9)), 1),
        "min_standing_height_m": round(rng.uniform(2.2, 2.7), 2),
        "all_under_one_roof": True,
        "toilets": math.ceil(occupants / 8) + (rng.random() < 0.3),
        "showers": math.ceil(occupants / 8) + (rng.random() < 0.2),
        "burners": _burners_needed(occupants) + rng.choice((0, 0, 1, 2)),
        "fridge_litres": float(round(occupants * rng.uniform(35, 70), -1)),
        "wall_sockets": occupants + rng.randint(1, 2 * occupants),
        "laundry_available": True, "drying_outside_bedroom": True,
        "extinguisher_present": True, "extinguisher_inspection_valid": True,
        "extinguisher_reob_certified": True,
        "extinguisher_distance_m": round(rng.uniform(0.5, 4.5), 1),
        "fire_blanket_present": True, "smoke_detectors_ok": True,
        "combustion_appliance_present": combustion, "fire_alarm_present": alarm,
        "info_card_present": True, "resident_information_ok": True,
        "occupancy_matches_administration": True,
        "bedrooms": _bedrooms(rng, beds, occupants),
    }  # fmt: skip
    if combustion:
        doc["co_detectors_ok"] = True
    if alarm:
        doc["fire_alarm_ok"] = True
    if rng.random() < FAILING_SHARE:
        _break(rng, doc, 1 if rng.random() < 0.7 else 2)
    return doc


def _bedrooms(rng, beds: int, occupants: int) -> list[dict]:
    rooms, left = [], occupants
    for capacity in [2] * (beds // 2) + [1] * (beds % 2):
        persons = min(capacity, left)
        left -= persons
        rooms.append({
            "area_m2": round(capacity * rng.uniform(4.2, 7.5), 1),
            "persons": persons, "bunk_beds": 0, "mattresses_ok": True,
            "wardrobes_ok": True, "chairs_ok": True,
        })  # fmt: skip
    return rooms


# -- realistic failures of measurable requirements ----------------------------


def _cramped(rng, doc):  # B-2.1 living space per person
    need = doc["occupants"] * LIVING_SPACE_M2[doc["use_class"]]
    doc["living_area_m2"] = round(need * rng.uniform(0.7, 0.95), 1)
    return True


def _too_few(key: str):  # B-3.1 toilets, B-3.2 showers: one per 8 occupants
    def mutate(rng, doc):
        if doc["occupants"] <= 8:  # 0 toilets is not what inspectors find
            return False
        doc[key] = math.ceil(doc["occupants"] / 8) - 1
        return True

    return mutate


def _few_burners(rng, doc):  # B-5.1
    doc["burners"] = _burners_needed(doc["occupants"]) - 1
    return True


def _small_fridge(rng, doc):  # B-5.2: 30 litres per occupant
    doc["fridge_litres"] = float(int(doc["occupants"] * 30 * rng.uniform(0.5, 0.9)))
    return True


def _few_sockets(rng, doc):  # B-5.6: one per occupant
    doc["wall_sockets"] = doc["occupants"] - 1
    return True


def _far_extinguisher(rng, doc):  # B-7.3: within 5 m
    doc["extinguisher_distance_m"] = round(rng.uniform(5.5, 9.0), 1)
    return True


def _low_ceiling(rng, doc):  # B-2.6: 2.1 m
    doc["min_standing_height_m"] = round(rng.uniform(1.9, 2.05), 2)
    return True


def _small_bedroom(rng, doc):  # B-2.5: 3.5 m² per person
    room = rng.choice([r for r in doc["bedrooms"] if r["persons"]])
    room["area_m2"] = round(room["persons"] * 3.5 * rng.uniform(0.6, 0.9), 1)
    return True


def _bunk_bed(rng, doc):  # B-1.4
    rng.choice(doc["bedrooms"])["bunk_beds"] = 1
    return True


def _crowded_bedroom(rng, doc):  # B-1.3: at most 2 persons (from 2025)
    full = [r for r in doc["bedrooms"] if r["persons"] == 2]
    if len(full) < 2:
        return False
    room, other = rng.sample(full, 2)
    room["persons"], other["persons"] = 3, 1
    room["area_m2"] = max(room["area_m2"], 12.0)
    return True


FAILURES = (
    _cramped, _too_few("toilets"), _too_few("showers"), _few_burners, _small_fridge,
    _few_sockets, _far_extinguisher, _low_ceiling, _small_bedroom, _bunk_bed,
    _crowded_bedroom,
)  # fmt: skip


def _break(rng, doc: dict, wanted: int) -> None:
    # Each returns False, changing nothing, where it does not fit the location.
    for mutate in rng.sample(FAILURES, len(FAILURES)):
        if wanted and mutate(rng, doc):
            wanted -= 1


# -- the steps ---------------------------------------------------------------


def _insert(table, rows: list[dict], returning: bool = False) -> list[int]:
    ids: list[int] = []
    columns = {c.name for c in table.columns}
    for start in range(0, len(rows), BATCH):
        batch = [
            {k: v for k, v in row.items() if k in columns}
            for row in rows[start : start + BATCH]
        ]
        if returning:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += db.session.execute(stmt, batch).scalars().all()
        elif batch:
            db.session.execute(insert(table), batch)
    return ids


def insert_companies(run: Run) -> dict:
    for company, id_ in zip(
        run.companies, _insert(Organisation.__table__, run.companies, True), strict=True
    ):
        company["id"] = id_
    run.advance(len(run.companies))
    return {"companies": len(run.companies)}


def insert_locations(run: Run) -> dict:
    for start in range(0, len(run.locations), BATCH):
        batch = run.locations[start : start + BATCH]
        for location in batch:
            location["company_id"] = location["company"]["id"]
        for location, id_ in zip(
            batch, _insert(Location.__table__, batch, True), strict=True
        ):
            location["id"] = id_
        run.advance(len(batch))
    beds = sum(loc["beds"] for loc in run.locations)
    return {"locations": len(run.locations), "beds": beds}


class _Judge:
    """The version in force per date, compiled once, and its requirement ids."""

    def __init__(self):
        self._on: dict[date, object] = {}
        self._ids: dict[int, dict[str, int]] = {}
        self._yes_no: dict[int, dict[str, bool]] = {}

    def version(self, on: date):
        if on not in self._on:
            found = norms.find_version_in_force(NORM, on)
            if found is None:
                raise Conflict(f"No {NORM} version in force on {on}: load the norms.")
            self._on[on] = found
        return self._on[on]

    def yes_no_items(self, version) -> dict[str, bool]:
        """The location items without a rule, all answered yes."""
        if version.id not in self._yes_no:
            self._yes_no[version.id] = {
                r.code: True
                for r in version.requirements
                if r.rule is None and r.part == "location"
            }
        return dict(self._yes_no[version.id])

    def requirement_ids(self, version) -> dict[str, int]:
        if version.id not in self._ids:
            query = select(Requirement.code, Requirement.id).where(
                Requirement.version_id == version.id
            )
            self._ids[version.id] = dict(db.session.execute(query).all())
        return self._ids[version.id]


def insert_inspections(run: Run) -> dict:
    judge, counts = _Judge(), {"inspections": 0, "non_conform": 0, "findings": 0}
    for start in range(0, len(run.visits), BATCH):
        rows, failed = [], []
        for location, visit in zip(
            run.locations[start : start + BATCH],
            run.visits[start : start + BATCH],
            strict=True,
        ):
            row, fails = _judged(judge, location, visit)
            rows.append(row)
            failed.append(fails)
        ids = _insert(Inspection.__table__, rows, True)
        findings = [
            {**finding, "inspection_id": id_}
            for id_, fails in zip(ids, failed, strict=True)
            for finding in fails
        ]
        _insert(Finding.__table__, findings)
        counts["inspections"] += len(rows)
        counts["non_conform"] += sum(r["verdict"] != "conform" for r in rows)
        counts["findings"] += len(findings)
        run.advance(len(rows))
    return counts


def _judged(judge: _Judge, location: dict, visit: dict) -> tuple[dict, list[dict]]:
    on, inspector = visit["inspected_on"], visit["inspector"]
    version = judge.version(on)
    observations = visit["observations"]
    observations.setdefault("answers", judge.yes_no_items(version))
    evaluation = norms.only_part(
        norms.compiled(version).evaluate(observations, on=on, lang="en"),
        version,
        "location",
    )
    row = {
        "company_id": location["company_id"], "location_id": location["id"],
        "inspection_body_id": inspector.organisation_id, "inspector_id": inspector.id,
        "kind": "periodic", "announced": True, "scheduled_for": on,
        "inspected_on": on, "status": "submitted", "norm_version_id": version.id,
        "observations": observations, "revision": 1, "verdict": evaluation.verdict,
        "results": [_result_row(r) for r in evaluation.results],
        "started_at": visit["started_at"], "submitted_at": visit["submitted_at"],
        "created_at": visit["created_at"],
    }  # fmt: skip
    return row, _findings(judge, version, row, evaluation.results)


def _result_row(result) -> dict:
    # The keys of services._result_dict: what submit_inspection stores.
    return {
        "requirement": result.requirement,
        "section": result.section,
        "outcome": result.outcome,
        "severity": result.severity,
        "explanation": result.explanation,
    }


def _findings(judge, version, row: dict, results) -> list[dict]:
    # As findings.major_due: the version's settings give the days for a major.
    days = int((version.settings or {}).get("major_finding_days", DEFAULT_MAJOR_DAYS))
    ids = judge.requirement_ids(version)
    return [
        {
            "company_id": row["company_id"],
            "location_id": row["location_id"],
            "requirement_id": ids[r.requirement],
            "requirement_code": r.requirement,
            "severity": r.severity,
            "explanation": r.explanation,
            "status": "open",
            "due": row["inspected_on"] + timedelta(days=days)
            if r.severity == "major"
            else None,
            "escalated_from_minor": False,
            "created_at": row["submitted_at"],
        }  # fmt: skip
        for r in results
        if r.outcome == "fail"
    ]


@dataclass(frozen=True)
class Step:
    run: Callable[[Run], dict]  # does the work, returns counts
    units: Callable[[Run], int]  # progress units it will advance, from the plan


# Run in order. Append later steps here.
STEPS: list[Step] = [
    Step(insert_companies, lambda run: len(run.companies)),
    Step(insert_locations, lambda run: len(run.locations)),
    Step(insert_inspections, lambda run: len(run.visits)),
]
