"""The public register at national scale: lookup, search, bulk verification.

Meant for the generated data (``--scale 700``, ``--scale 7000``; ``--only
registry`` runs all of these):

- ``registry-company``: ``GET /api/v1/registry/companies/<kvk>``, each request
  for one of ``LOOKUP_SAMPLE`` KvK numbers of the register, at random.
- ``registry-search``: ``GET /register/?q=<name fragment>``, one of
  ``FRAGMENTS`` per request (the first page of 25 and the total).
- ``registry-verify``: ``POST /api/v1/registry/verify`` with 10,000 numbers
  (``KNOWN`` of them in the register, ``UNKNOWN`` valid but unknown, the rest
  malformed), today and as of ABU's 2014-08-01: ``REPEATS`` sequential requests
  after ``WARMUP`` ones, in milliseconds per request.
- ``registry-verify-today`` / ``registry-verify-2014``: the same call of
  ``snf.registry.verify.verify`` in-process on a copy of the same SQLite data.

benchmarks.endpoints and benchmarks.micro import this module: no imports back.
"""

import atexit
import json
import random
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import quote

from benchmarks import scale as scaled
from benchmarks.client import expect_2xx, fetch
from benchmarks.table import format_table, one_line

NUMBERS = 10_000
KNOWN, UNKNOWN = 0.6, 0.3
MALFORMED = ("1234567", "123456789", "12 34 5678", "8500000A", "", None, 85012345)
ABU_DAY = date(2014, 8, 1)
VERIFY_PATH = "/api/v1/registry/verify"
VERIFY_TARGET_MS = 100.0
WARMUP, REPEATS = 4, 5
LOOKUP_SAMPLE = 1_000
LOOKUP_TARGET, SEARCH_TARGET = 0.5, 0.25
FRAGMENTS = ("Flex", "Bakker", "Huisvesting", "Venlo", "Zonen", "Agro", "Kowalski")
DEFAULT_SCALE = 700  # for the in-process benchmark when no --scale is given
EXPORT_TIMEOUT_S = 300.0

HTTP_NAMES = ("registry-company", "registry-search", "registry-verify")
MICRO_NAMES = ("registry-verify-today", "registry-verify-2014")
NAMES = (*HTTP_NAMES, *MICRO_NAMES)
SEARCH_PATHS = tuple(f"/register/?q={quote(fragment)}" for fragment in FRAGMENTS)


def known_kvks(base_url: str) -> list[str]:
    """The KvK numbers in the register today (its open-data export)."""
    path = "/api/v1/registry/export.json"
    response = fetch(base_url, "GET", path, timeout=EXPORT_TIMEOUT_S)
    items = expect_2xx("GET", path, response).json()["items"]
    return [item["kvk"] for item in items if item.get("kvk")]


def company_lookup(endpoint, base_url: str):
    """Set-up: paths for LOOKUP_SAMPLE companies of the register."""
    kvks = known_kvks(base_url)
    if not kvks:
        raise ValueError("the register is empty: run with --scale N")
    sample = random.Random(2014).sample(kvks, min(LOOKUP_SAMPLE, len(kvks)))
    paths = tuple(f"/api/v1/registry/companies/{kvk}" for kvk in sample)
    return replace(endpoint, path=paths[0], paths=paths)


def verify_numbers(known: list[str], seed: int = 2014) -> list:
    """NUMBERS numbers: known ones, unknown valid ones, malformed ones."""
    rng, taken = random.Random(seed), set(known)
    numbers: list = []
    while len(numbers) < NUMBERS:
        roll = rng.random()
        if roll < KNOWN and known:
            numbers.append(rng.choice(known))
        elif roll < KNOWN + UNKNOWN:
            number = f"{rng.randrange(10_000_000, 100_000_000):08d}"
            if number not in taken:
                numbers.append(number)
        else:
            numbers.append(rng.choice(MALFORMED))
    return numbers


@dataclass(frozen=True)
class VerifyTiming:
    """Sequential requests of one bulk verification."""

    name: str
    as_of: str | None  # ISO date; None: today
    ms: tuple[float, ...] = ()
    summary: dict | None = None
    error: str = ""

    @property
    def median_ms(self) -> float:
        ordered = sorted(self.ms)
        return ordered[len(ordered) // 2]

    @property
    def numbers_per_s(self) -> float:
        return NUMBERS / self.median_ms * 1000

    @property
    def met(self) -> bool:
        return self.median_ms < VERIFY_TARGET_MS


def _post(base_url: str, body: bytes) -> tuple[float, dict]:
    """Milliseconds of one request on a fresh connection, and its summary."""
    headers = {"Content-Type": "application/json"}
    started = time.perf_counter()
    response = fetch(base_url, "POST", VERIFY_PATH, body, headers, timeout=60)
    took = (time.perf_counter() - started) * 1000
    return took, expect_2xx("POST", VERIFY_PATH, response).json()["summary"]


def _time_verify(base_url: str, numbers: list, as_of: date | None) -> VerifyTiming:
    day = as_of.isoformat() if as_of else None
    name = f"verify {NUMBERS:,} as of {day or 'today'}"
    document = {"kvk_numbers": numbers}
    if day:
        document["as_of"] = day
    body = json.dumps(document).encode()
    try:
        for _ in range(WARMUP):  # both workers: compile, caches, page cache
            _post(base_url, body)
        timed = [_post(base_url, body) for _ in range(REPEATS)]
    except (OSError, ValueError, KeyError) as exc:
        return VerifyTiming(name, day, error=f"{type(exc).__name__}: {exc}")
    return VerifyTiming(name, day, tuple(ms for ms, _ in timed), timed[-1][1])


def run_verify(base_url: str) -> list[VerifyTiming]:
    """Bulk verification today and on ABU's day, timed request by request."""
    try:
        numbers = verify_numbers(known_kvks(base_url))
    except (OSError, ValueError, KeyError) as exc:
        return [VerifyTiming("registry-verify", None, error=f"set-up failed: {exc}")]
    return [_time_verify(base_url, numbers, day) for day in (None, ABU_DAY)]


def verify_table(timings: list[VerifyTiming]) -> str:
    """ms per request (median, min, max), numbers/s and the verdict."""
    rows = []
    for t in timings:
        if t.error:
            rows.append([t.name, "-", "-", "-", "-", one_line("ERROR: " + t.error)])
            continue
        verdict = "met" if t.met else "NOT MET"
        rows.append([
            t.name, f"{t.median_ms:,.1f}", f"{min(t.ms):,.1f}", f"{max(t.ms):,.1f}",
            f"{t.numbers_per_s:,.0f}",
            f"target < {VERIFY_TARGET_MS:.0f} ms: {verdict}; {_summary(t.summary)}",
        ])  # fmt: skip
    headers = ["request", "median ms", "min ms", "max ms", "numbers/s", "note"]
    title = f"POST {VERIFY_PATH}, {REPEATS} sequential requests after {WARMUP}"
    return title + "\n" + format_table(headers, rows, right={1, 2, 3, 4})


def _summary(summary: dict | None) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted((summary or {}).items()))


# -- in-process ------------------------------------------------------------------


@cache
def micro_setup(scale: int = DEFAULT_SCALE):
    """An app on a private copy of the cached database, and the numbers."""
    from sqlalchemy import select

    from snf import create_app
    from snf.auth.models import Organisation
    from snf.extensions import db

    workdir = Path(tempfile.mkdtemp(prefix="snf-bench-verify-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    path = scaled.copy_to(scaled.scaled_database(scale), workdir)
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SNF_KEYS_PATH": str(workdir / "keys"),
        "SNF_STORAGE_PATH": str(workdir / "storage"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "SNF_PUBLIC_URL": "http://127.0.0.1",
    })  # fmt: skip
    with app.app_context():
        query = select(Organisation.kvk).where(Organisation.kind == "company")
        known = [kvk for kvk in db.session.scalars(query) if kvk]
    return app, verify_numbers(known)


def _verify(sample, day: date | None) -> dict:
    from snf.database import local_today
    from snf.registry.verify import verify

    app, numbers = sample
    with app.app_context():
        return verify(numbers, day or local_today())


def verify_today(sample) -> dict:
    """``verify`` of NUMBERS numbers, today."""
    return _verify(sample, None)


def verify_2014(sample) -> dict:
    """``verify`` of NUMBERS numbers, as of 2014-08-01."""
    return _verify(sample, ABU_DAY)


def at_scale(micro, scale: int):
    """The in-process benchmark on the database of ``scale`` companies."""
    return replace(
        micro, name=f"{micro.name} @{scale:,}", setup=lambda: micro_setup(scale)
    )
